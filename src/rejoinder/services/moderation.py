"""What a moderator does to comments, threads, bans and site policy, and how it is undone.

Every action writes one audit entry (who, what, when). For the actions that can be undone, the
entry's ``detail`` is JSON naming each comment's previous status and the learning events the
action created, so "undo" works from any server process and after a restart: it is read back
from the database, not from this process's memory.

The learning loop lives here: approving a comment the engine held teaches "not spam", marking a
published (or held) one as spam teaches "spam". Both go through ``SpamService.learn`` exactly
like the Akismet ``submit-ham`` / ``submit-spam`` calls, and undo calls ``SpamService.undo``.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from rejoinder.domain import (
    AuditEntry,
    Ban,
    BanKind,
    Comment,
    CommentStatus,
    Decision,
    NewComment,
    Reason,
    Site,
    SiteSettings,
    Thread,
)
from rejoinder.errors import Conflict, NotFound, ValidationError
from rejoinder.services.akismet_fields import comment_fields
from rejoinder.services.notifications.delivery import queue_published_replies
from rejoinder.services.placing import place, place_id
from rejoinder.services.rendering import render_markdown
from rejoinder.services.site_settings import validate_site_settings
from rejoinder.settings import Settings
from rejoinder.storage.base import Store

MAX_IDS_PER_ACTION = 500
UNDO_LOOKBACK = 500  # audit entries searched for the actor's last action


class Action:
    """The comment actions a moderator can take, as the words stored in the audit log."""

    APPROVE = "approve"
    SPAM = "spam"
    DELETE = "delete"
    RESTORE = "restore"
    REPLY = "reply"
    UNDO = "undo"

    COMMENT_ACTIONS = (APPROVE, SPAM, DELETE, RESTORE)
    UNDOABLE = (APPROVE, SPAM, DELETE, RESTORE, REPLY)


PAST_TENSE = {
    Action.APPROVE: "approved",
    Action.SPAM: "marked as spam",
    Action.DELETE: "deleted",
    Action.RESTORE: "restored",
    Action.REPLY: "replied to",
}


class LearningSpam(Protocol):
    """The two calls of ``services.spam_check.SpamService`` that moderation needs."""

    async def learn(
        self,
        site: Site,
        fields: Any,
        is_spam: bool,
        *,
        source: str,
        actor: str = "",
        guid: str | None = None,
        comment_id: int | None = None,
    ) -> Any: ...

    async def undo(self, event_id: int) -> Any: ...


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What happened: the comments changed, the ones left as they were, the audit entry to undo."""

    action: str
    changed: tuple[int, ...]
    unchanged: tuple[int, ...] = ()
    learned: tuple[int, ...] = ()  # learning event ids
    audit_id: int | None = None
    reply_id: int | None = None

    @property
    def summary(self) -> str:
        n = len(self.changed)
        if self.action == Action.REPLY:
            return "replied as the site"
        return f"{PAST_TENSE.get(self.action, self.action)} {n} comment{'s' if n != 1 else ''}"


@dataclass(frozen=True, slots=True)
class LastAction:
    """The actor's newest action that has not been undone, as the dashboard shows it."""

    audit_id: int
    action: str
    comment_ids: tuple[int, ...]
    summary: str
    previous: dict[int, str] = field(default_factory=dict)
    events: tuple[int, ...] = ()
    reply_id: int | None = None


def target_status(action: str, comment: Comment) -> CommentStatus:
    """The status an action leaves a comment in. Restore puts it back where the engine had put it."""
    if action == Action.APPROVE:
        return CommentStatus.APPROVED
    if action == Action.SPAM:
        return CommentStatus.SPAM
    if action == Action.DELETE:
        return CommentStatus.DELETED
    if action == Action.RESTORE:
        return CommentStatus.APPROVED if comment.decision is Decision.HAM else CommentStatus.PENDING
    raise ValidationError(
        f"action: {action!r} is not one of {', '.join(Action.COMMENT_ACTIONS)}", field="action"
    )


def teaches(action: str, before: CommentStatus) -> bool | None:
    """What a status change teaches the site's model: True spam, False ham, None nothing.

    Approving a comment the engine held (pending or spam folder) is a false positive corrected;
    marking a published or held one as spam is missed spam found. Deleting teaches nothing: a
    moderator deletes off-topic or rude comments that are not spam.
    """
    if action == Action.APPROVE and before in (CommentStatus.PENDING, CommentStatus.SPAM):
        return False
    if action == Action.SPAM and before in (CommentStatus.APPROVED, CommentStatus.PENDING):
        return True
    return None


def learning_fields(comment: Comment, thread: Thread, site: Site) -> dict[str, str]:
    """The comment in the Akismet field names the spam engine reads."""
    return comment_fields(
        content=comment.text,
        author=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        ip=comment.ip,
        user_agent=comment.user_agent,
        permalink=site.page_url(thread.uri),
        reply=comment.parent_id is not None,
    )


def validate_ban(kind: BanKind, value: str) -> str:
    """Normalise a ban's value, or say what is wrong with it."""
    value = value.strip()
    if not value or len(value) > 500:
        raise ValidationError("value: give 1-500 characters", field="value")
    if kind is BanKind.EMAIL:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValidationError(
                "value: an e-mail ban needs an address like someone@example.org", field="value"
            )
        return value.casefold()
    if kind is BanKind.DOMAIN:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value.casefold()).split("/")[0].split(":")[0]
        if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}", host):
            raise ValidationError("value: a domain ban needs a host name like spam.example", field="value")
        return host
    if kind is BanKind.IP_NETWORK:
        try:
            return str(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ValidationError(
                "value: an IP ban needs an address or network like 203.0.113.0/24", field="value"
            ) from exc
    fnmatch.translate(value)  # any string is a valid glob; keep it as typed (matched case-insensitively)
    return value


class ModerationService:
    """Comment actions, undo, bans, threads and site settings; the audit log records each one."""

    def __init__(self, store: Store, spam: LearningSpam, settings: Settings) -> None:
        self.store = store
        self.spam = spam
        self.settings = settings

    # -- comment actions ----------------------------------------------------------------------------
    async def act(self, actor: str, action: str, comment_ids: Sequence[int]) -> ActionResult:
        """Apply ``action`` to each comment; teach the site's model where the move corrects it."""
        ids = tuple(dict.fromkeys(comment_ids))
        if not ids:
            raise ValidationError("ids: select at least one comment", field="ids")
        if len(ids) > MAX_IDS_PER_ACTION:
            raise ValidationError(f"ids: at most {MAX_IDS_PER_ACTION} comments at once", field="ids")
        if action not in Action.COMMENT_ACTIONS:
            raise ValidationError(f"action: {action!r} is not one of {', '.join(Action.COMMENT_ACTIONS)}")
        # every id is looked up before anything changes: a missing one refuses the whole action
        comments = [await self.store.get_comment(comment_id) for comment_id in ids]
        changed: list[int] = []
        published: list[Comment] = []
        unchanged: list[int] = []
        previous: dict[str, str] = {}
        events: list[int] = []
        if action == Action.APPROVE:  # a moderator's judgement answers the readers' reports, also
            # on a published comment kept as it is; first, so that a report landing before the
            # approval finds the comment still held and cannot bring it straight back
            await self.store.dismiss_reports(ids)
            # read again: reports may have held a comment since the read above, and with its reports
            # answered nothing can hold it any more, so what is read now is what the approval must move
            comments = [await self.store.get_comment(comment_id) for comment_id in ids]
        for comment in comments:
            comment_id = comment.id
            new_status = target_status(action, comment)
            if comment.status is new_status:
                unchanged.append(comment_id)
                continue
            lesson = teaches(action, comment.status)
            await self.store.set_comment_status(comment_id, new_status)
            previous[str(comment_id)] = comment.status.value
            changed.append(comment_id)
            if new_status is CommentStatus.APPROVED:
                published.append(replace(comment, status=new_status))
            if lesson is not None:
                events.append(await self._learn(actor, comment, lesson))
        detail = {"previous": previous, "events": events}
        entry = await self.store.add_audit(actor, action, _targets(changed), json.dumps(detail))
        if self.settings.mail_enabled:  # a held reply, approved now, is what its parent's author awaits
            await queue_published_replies(self.store, self.settings, published)
        return ActionResult(action, tuple(changed), tuple(unchanged), tuple(events), entry.id)

    async def reply_as_site(self, actor: str, parent_id: int, text: str) -> ActionResult:
        """Publish a reply signed by the site under ``parent_id``, at once and unchecked.

        The site's own voice skips the spam check and the moderation policy; it is rendered and
        sanitised exactly like a reader's comment, so a moderator cannot inject markup either.
        """
        text = text.strip()
        if not text:
            raise ValidationError("text: write the reply first", field="text")
        placed = await place_id(self.store, parent_id)
        parent, thread, site = placed.comment, placed.thread, placed.site
        if len(text) > site.settings.max_comment_length:
            raise ValidationError(
                f"text: at most {site.settings.max_comment_length} characters", field="text"
            )
        reply = await self.store.insert_comment(
            NewComment(
                thread_id=thread.id,
                parent_id=parent.id,
                author_name=site.name,
                author_email="",
                author_url=site.url,
                text=text,
                html=render_markdown(text),
                status=CommentStatus.APPROVED,
                score=0.0,
                decision=Decision.HAM,
                reasons=(Reason(f"written by moderator {actor} as the site", 0.0),),
            )
        )
        detail = {"previous": {}, "events": [], "reply_id": reply.id, "parent_id": parent_id}
        entry = await self.store.add_audit(actor, Action.REPLY, f"comment:{parent_id}", json.dumps(detail))
        return ActionResult(Action.REPLY, (parent_id,), (), (), entry.id, reply.id)

    async def last_action(self, actor: str) -> LastAction | None:
        """The actor's newest undoable action that has not been undone yet."""
        undone: set[str] = set()
        for entry in await self.store.list_audit(limit=UNDO_LOOKBACK):
            if entry.actor != actor:
                continue
            if entry.action == Action.UNDO:
                undone.add(entry.target)
            elif entry.action in Action.UNDOABLE and f"audit:{entry.id}" not in undone:
                return _as_last_action(entry)
        return None

    async def undo(self, actor: str) -> LastAction:
        """Revert the actor's last action: statuses back, learning events unlearned, reply removed.

        A comment someone else has moved since is left alone, so undo never overrides a colleague.
        """
        last = await self.last_action(actor)
        if last is None:
            raise Conflict("there is nothing to undo")
        expected = {
            Action.APPROVE: {CommentStatus.APPROVED},
            Action.SPAM: {CommentStatus.SPAM},
            Action.DELETE: {CommentStatus.DELETED},
            Action.RESTORE: {CommentStatus.APPROVED, CommentStatus.PENDING},
        }.get(last.action, set())
        for comment_id, before in last.previous.items():
            comment = await self.store.get_comment(comment_id)
            if comment.status in expected:
                await self.store.set_comment_status(comment_id, CommentStatus(before))
        for event_id in last.events:
            await self.spam.undo(event_id)
        if last.reply_id is not None:
            await self.store.set_comment_status(last.reply_id, CommentStatus.DELETED)
        await self.store.add_audit(actor, Action.UNDO, f"audit:{last.audit_id}", last.summary)
        return last

    async def _learn(self, actor: str, comment: Comment, is_spam: bool) -> int:
        placed = await place(self.store, comment)
        event = await self.spam.learn(
            placed.site,
            learning_fields(comment, placed.thread, placed.site),
            is_spam,
            source="dashboard",
            actor=actor,
            comment_id=comment.id,
        )
        return int(event.id)

    # -- bans -------------------------------------------------------------------------------------
    async def add_ban(self, actor: str, site_id: int | None, kind: BanKind, value: str) -> Ban:
        if site_id is not None:
            await self.store.get_site(site_id)
        clean = validate_ban(kind, value)
        for ban in await self.store.list_bans(site_id):
            if ban.kind is kind and ban.value == clean and ban.site_id == site_id:
                raise Conflict(f"{kind.value} {clean!r} is already banned", field="value")
        ban = await self.store.add_ban(site_id, kind, clean, actor)
        scope = f"site {site_id}" if site_id is not None else "every site"
        await self.store.add_audit(actor, "ban", f"ban:{ban.id}", f"{kind.value} {clean} on {scope}")
        return ban

    async def remove_ban(self, actor: str, ban_id: int) -> None:
        bans = {b.id: b for b in await self.store.list_bans()}
        if ban_id not in bans:
            raise NotFound(f"no ban with id {ban_id}")
        await self.store.remove_ban(ban_id)
        ban = bans[ban_id]
        await self.store.add_audit(actor, "unban", f"ban:{ban_id}", f"{ban.kind.value} {ban.value}")

    async def list_bans(self) -> list[Ban]:
        return await self.store.list_bans()

    # -- threads and sites ------------------------------------------------------------------------
    async def set_thread_closed(self, actor: str, thread_id: int, closed: bool) -> Thread:
        thread = await self.store.set_thread_closed(thread_id, closed)
        action = "close_thread" if closed else "reopen_thread"
        await self.store.add_audit(actor, action, f"thread:{thread_id}", thread.uri)
        return thread

    async def update_site_settings(self, actor: str, site_id: int, settings: SiteSettings) -> Site:
        """Owner only (the web layer checks the role); the whole new policy goes to the audit log."""
        validate_site_settings(settings)
        site = await self.store.update_site_settings(site_id, settings)
        await self.store.add_audit(actor, "site_settings", f"site:{site_id}", repr(settings))
        return site

    async def audit(self, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        return await self.store.list_audit(limit=limit, offset=offset)


def _targets(ids: Sequence[int]) -> str:
    text = ",".join(f"comment:{i}" for i in ids)
    return text if len(text) <= 500 else text[:480].rsplit(",", 1)[0] + f",... ({len(ids)})"


def _as_last_action(entry: AuditEntry) -> LastAction:
    try:
        detail = json.loads(entry.detail or "{}")
    except ValueError:
        detail = {}
    previous = {int(k): str(v) for k, v in detail.get("previous", {}).items()}
    events = tuple(int(e) for e in detail.get("events", []))
    reply_id = detail.get("reply_id")
    ids = tuple(previous) or ((int(detail["parent_id"]),) if "parent_id" in detail else ())
    n = len(ids)
    if entry.action == Action.REPLY:
        summary = f"replied as the site to comment {ids[0] if ids else '?'}"
    else:
        summary = f"{PAST_TENSE.get(entry.action, entry.action)} {n} comment{'s' if n != 1 else ''}"
    return LastAction(entry.id, entry.action, ids, summary, previous, events, reply_id)
