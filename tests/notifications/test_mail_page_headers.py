"""The pages behind the e-mails' links carry a capability in their URL (and in their form's action):
they must not be framed by another site (one click there approves or unsubscribes), cached, or
sent on as a referrer. Checked on a real server (found missing in session 8)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.live_server import LiveServer


@pytest.mark.parametrize("path", ["/mail/confirm", "/mail/unsubscribe", "/mail/moderate"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_mail_link_page_refuses_frames_caches_and_referrers(
    live_server: LiveServer, path: str, method: str
) -> None:
    answer = httpx.request(method, f"{live_server.url}{path}", params={"t": "not-a-real-token"}, timeout=30)
    assert answer.status_code == 400
    assert "This link does not work" in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
