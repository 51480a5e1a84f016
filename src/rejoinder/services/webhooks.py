"""Webhooks: each new published or held comment of a site, POSTed as JSON to the URL its owner set.

The payload works as it is with Slack, Mattermost and Discord incoming webhooks (they show
``text`` or ``content``) and carries the comment as structured JSON for anything else. Spam and
discarded comments never notify anyone: a moderator's phone should not ring for what the filter
already caught. The commenter's e-mail and IP are never sent: a webhook goes to a third party.

Delivery is at least once, in comment order, from whichever server process holds the site's
lease (``Store.claim_webhook``); a receiver can drop repeats by ``X-Rejoinder-Delivery``. Each
request is signed (``X-Rejoinder-Signature: sha256=HMAC(secret, body)``) with a per-site secret
derived from the server's secret key (``webhook_secret``). A failed delivery backs off from 10
seconds to 15 minutes and is tried again; the dashboard shows the failures.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from rejoinder import __version__
from rejoinder.domain import Comment, CommentStatus, Site, Thread
from rejoinder.services.rendering import excerpt
from rejoinder.settings import Settings
from rejoinder.storage import Store

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
LEASE_SECONDS = 60
TIMEOUT_SECONDS = 10.0
BATCH = 20
SETTLE = timedelta(seconds=2)  # ids are handed out before commits: let late commits land first
MAX_AGE = timedelta(days=1)  # a hook switched back on is not sent last month's comments
BACKOFF_SECONDS = (10, 30, 60, 300, 900)
EXCERPT = 300


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx (or could not be reached)."""


def webhook_secret(secret_key: str, site_id: int) -> str:
    """The site's signing secret: derived, so nothing more needs storing or rotating separately."""
    return hmac.new(secret_key.encode(), f"rejoinder-webhook:{site_id}".encode(), hashlib.sha256).hexdigest()[
        :40
    ]


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(site: Site, thread: Thread, comment: Comment, dashboard_url: str = "") -> dict[str, Any]:
    """What is sent for one comment: a chat line plus the comment as data, never e-mail or IP."""
    page = site.page_url(thread.uri)
    permalink = site.comment_url(thread.uri, comment.id)
    held = comment.status is CommentStatus.PENDING
    author = comment.author_name or "Anonymous"
    title = thread.title or thread.uri
    summary = excerpt(comment.html, EXCERPT)
    line = (
        f"{'Held for moderation' if held else 'New comment'} by {author} on “{title}”: {summary}\n{permalink}"
    )
    return {
        "event": "comment.held" if held else "comment.published",
        "text": line,  # Slack, Mattermost
        "content": line[:2000],  # Discord
        "site": {"id": site.id, "name": site.name, "url": site.url},
        "thread": {"uri": thread.uri, "title": thread.title, "url": page},
        "comment": {
            "id": comment.id,
            "parent_id": comment.parent_id,
            "status": comment.status.value,
            "author": author,
            "website": comment.author_url,
            "text": comment.text,
            "html": comment.html,
            "created_at": comment.created_at.isoformat() if comment.created_at else None,
            "permalink": permalink,
            "score": round(comment.score, 4),
            "decision": comment.decision.value,
            "reasons": [{"text": r.text, "weight": round(r.weight, 3)} for r in comment.reasons],
        },
        "moderation_url": dashboard_url,
    }


class WebhookSender:
    """Sends what each site's hook has not been sent yet. One per server process."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        backoff_seconds: tuple[int, ...] = BACKOFF_SECONDS,
        settle: timedelta = SETTLE,
    ) -> None:
        self.store = store
        self.settings = settings
        self.backoff = backoff_seconds
        self.settle = settle
        self.client = httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False)

    async def run_forever(self) -> None:
        """Poll until cancelled. A round that fails (the database restarting, say) is logged and the
        next one tries again: an exception escaping here would end the task, and with it every
        hook of every site until the server is restarted."""
        while True:
            try:
                await self.deliver_all()
            except Exception:
                log.exception("webhook round failed; next try in %.0f s", POLL_SECONDS)
            await asyncio.sleep(POLL_SECONDS)

    async def deliver_all(self) -> int:
        """One round over every site with a hook; returns how many comments were sent."""
        sent = 0
        for site in await self.store.list_sites():
            if site.settings.webhook_url:
                try:
                    sent += await self.deliver_site(site)
                except Exception:  # one site's trouble (or the database's) must not stop the loop
                    log.exception("webhook round for site %s failed", site.id)
        return sent

    async def deliver_site(self, site: Site) -> int:
        """Send what is due for ``site``; the lease is only taken (a write) when something is."""
        if not await self._anything_due(site):
            return 0
        now = int(time.time())
        claimed = await self.store.claim_webhook(site.id, now, LEASE_SECONDS)
        if claimed is None:
            return 0
        sent = 0
        try:
            for comment, thread in await self._due(site.id, *claimed, BATCH):
                await self._post(site, thread, comment)
                await self.store.webhook_delivered(site.id, comment.id)
                sent += 1
        except DeliveryFailed as exc:
            failures, _ = await self.store.webhook_failures(site.id)
            wait = self.backoff[min(failures, len(self.backoff) - 1)]
            log.warning("webhook of site %s: %s; next try in %s s", site.id, exc, wait)
            await self.store.release_webhook(site.id, retry_at=now + wait, error=str(exc))
            return sent
        await self.store.release_webhook(site.id)
        return sent

    async def _anything_due(self, site: Site) -> bool:
        """A read, so that an idle site costs the database no write every round."""
        cursor = await self.store.webhook_cursor(site.id)
        if cursor is None:
            await self.store.claim_webhook(site.id, int(time.time()), 0)  # starts the cursor: now on
            return False
        return bool(await self._due(site.id, *cursor, 1))

    async def _due(
        self, site_id: int, last_id: int, since: datetime, limit: int
    ) -> list[tuple[Comment, Thread]]:
        wall = datetime.now(UTC)
        return await self.store.comments_to_send(
            site_id, last_id, max(since, wall - MAX_AGE), wall - self.settle, limit
        )

    async def _post(self, site: Site, thread: Thread, comment: Comment) -> None:
        data = payload(site, thread, comment, self.settings.dashboard_url)
        body = json.dumps(data, ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"Rejoinder/{__version__} (webhook)",
            "X-Rejoinder-Event": data["event"],
            "X-Rejoinder-Delivery": f"{site.id}-{comment.id}",
            "X-Rejoinder-Signature": signature(webhook_secret(self.settings.secret_key, site.id), body),
        }
        host = urlsplit(site.settings.webhook_url).hostname or "?"  # the URL itself may be a secret
        try:
            answer = await self.client.post(site.settings.webhook_url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{host} could not be reached ({type(exc).__name__})") from exc
        if not answer.is_success:
            raise DeliveryFailed(f"{host} answered HTTP {answer.status_code}")

    async def close(self) -> None:
        await self.client.aclose()
