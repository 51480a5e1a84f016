"""One check of a site's policy for every writer, and a forgiving read for every spam check.

``rejoinder sites set`` used to store thresholds out of order, after which every post to the site
was a 500; now the CLI refuses them like the dashboard does, and a row that is already bad (written
by an older version, or by hand) is read with its thresholds clamped and ordered.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from rejoinder.domain import SiteSettings
from rejoinder.services.site_settings import thresholds_of
from tests.api.conftest import Api
from tests.support.live_server import run_cli


@pytest.mark.parametrize(
    ("assignments", "field"),
    [
        (("spam_threshold=0.3",), "spam_threshold"),
        (("pending_threshold=0.95",), "spam_threshold"),
        (("discard_threshold=1.5",), "discard_threshold"),
        (("pending_threshold=0",), "pending_threshold"),
        (("spam_threshold=nan",), "spam_threshold"),
        (("edit_window_seconds=-1",), "edit_window_seconds"),
        (("max_comment_length=0",), "max_comment_length"),
        (("allowed_origins=https://a.example/path",), "allowed_origins"),
        (("privacy_url=javascript:alert(1)",), "privacy_url"),
    ],
)
def test_sites_set_refuses_a_contradictory_policy_and_stores_nothing(
    tmp_path: Path, assignments: tuple[str, ...], field: str
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    site = json.loads(
        run_cli("sites", "create", "--name", "N", "--url", "https://n.example", db_url=db).stdout
    )
    result = run_cli("sites", "set", str(site["id"]), *assignments, db_url=db, check=False)
    assert result.returncode == 1, result.stdout
    assert field in result.stderr
    assert "Traceback" not in result.stderr
    stored = json.loads(run_cli("sites", "list", db_url=db).stdout.splitlines()[0])
    assert stored["settings"] == site["settings"]


def test_sites_set_accepts_thresholds_moved_together(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    site = json.loads(
        run_cli("sites", "create", "--name", "N", "--url", "https://n.example", db_url=db).stdout
    )
    out = run_cli(
        "sites", "set", str(site["id"]), "pending_threshold=0.2", "spam_threshold=0.3", db_url=db
    ).stdout
    assert json.loads(out)["settings"]["spam_threshold"] == 0.3


def test_sites_create_refuses_an_origin_with_a_path(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    result = run_cli(
        "sites", "create", "--name", "N", "--url", "https://n.example", "--origin", "https://a.example/x",
        db_url=db, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "allowed_origins" in result.stderr


def test_stored_thresholds_are_read_clamped_and_in_order() -> None:
    bad = replace(SiteSettings(), pending_threshold=0.95, spam_threshold=0.3, discard_threshold=2.0)
    t = thresholds_of(bad)
    assert (t.pending, t.spam, t.discard) == (0.3, 0.95, 1.0)
    t = thresholds_of(replace(SiteSettings(), spam_threshold=math.nan, pending_threshold=-1.0))
    assert (t.pending, t.spam, t.discard) == (0.0, 0.9, 0.995)
    good = SiteSettings()
    t = thresholds_of(good)
    assert (t.pending, t.spam, t.discard) == (0.5, 0.9, 0.995)
    assert thresholds_of(replace(good)) is t  # the same row's answer is kept, not rebuilt per check
    odd = replace(good, pending_threshold=1, spam_threshold="high", discard_threshold=[0.2])  # type: ignore[arg-type]
    t = thresholds_of(odd)  # a row no float-typed form would write: read past the memo
    assert (t.pending, t.spam, t.discard) == (0.9, 0.995, 1.0)


async def test_a_site_with_inconsistent_stored_thresholds_still_takes_comments(api: Api) -> None:
    site = await api.site()
    bad = replace(site.settings, pending_threshold=0.95, spam_threshold=0.3, discard_threshold=2.0)
    await api.store.update_site_settings(site.id, bad)  # the store does not judge policy; writers do
    r = await api.post(site)
    assert r.status_code in (201, 202), r.text
    assert (await api.client.get("/api/threads", params={"site": site.id, "uri": "/a"})).status_code == 200
