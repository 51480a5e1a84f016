"""The comments use cases: configure the form, post, read, edit, delete, count and list recent.

Every new or edited comment meets the spam engine. The verdict and the site's moderation policy
decide where it goes: ham is published (or held, per policy), pending waits for a moderator, spam
is stored out of sight, discard is not stored at all. Whatever happened, a post answers the same
way to the author ("awaiting moderation"), so a spammer learns nothing.

A post is acknowledged only after ``store.insert_comment`` has committed durably.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from rejoinder.domain import (
    Comment,
    CommentStatus,
    Decision,
    ModerationPolicy,
    NewComment,
    Site,
    Thread,
    Verdict,
)
from rejoinder.errors import Conflict, Forbidden, NotFound, ThreadClosed, ValidationError
from rejoinder.i18n import msg
from rejoinder.services.akismet_fields import comment_fields
from rejoinder.services.comment_form import (
    MAX_TITLE,
    CommentForm,
    check_text,
    check_uri,
    clean_line,
    validate_form,
)
from rejoinder.services.ip import minimise_ip
from rejoinder.services.rate_limit import Limit, SharedLimiter, comment_limits
from rejoinder.services.rendering import excerpt, render_markdown
from rejoinder.services.spam_check import CheckOutcome, SpamService
from rejoinder.services.threads import (
    Avatars,
    CommentView,
    Sort,
    ThreadPage,
    ThreadReader,
    empty_page,
    view_of,
)
from rejoinder.services.tokens import FormTicket, Tokens, stamp_of
from rejoinder.settings import Settings
from rejoinder.spam import fingerprint
from rejoinder.storage.base import EditOfComment, Store

T = TypeVar("T")
AWAITING = "Your comment is awaiting moderation."
HONEYPOT_FIELD = "website_url"
SITE_CACHE_SECONDS = 2.0  # site settings changed in the dashboard reach every worker this fast
KNOWN_THREADS = 4096  # (site, uri) -> thread kept per process; forgotten all at once when full
MAX_MINE = 50
_HEX32 = re.compile(r"[0-9a-f]{32}")  # a form nonce as Tokens writes it
REPLYABLE = (CommentStatus.APPROVED, CommentStatus.PENDING)  # pending: the author answering themselves


@dataclass(frozen=True, slots=True)
class PostRequest:
    site_id: int
    uri: str
    text: str
    form_token: str
    title: str = ""
    parent_id: int | None = None
    author: str = ""
    email: str = ""
    website: str = ""
    honeypot: str = ""
    ip: str = ""
    user_agent: str = ""


@dataclass(frozen=True, slots=True)
class Posted:
    comment: CommentView
    edit_token: str
    editable_until: datetime
    status: CommentStatus  # approved or pending: spam and discard look pending to the author
    message: str | None
    form_token: str  # a fresh one for the next post from the same page


@dataclass(frozen=True, slots=True)
class FormConfig:
    site: Site
    closed: bool
    form_token: str
    privacy_url: str


@dataclass(frozen=True, slots=True)
class RecentComment:
    id: int
    author: str
    excerpt: str
    uri: str
    title: str
    created_at: datetime | None


class CommentService:
    def __init__(self, store: Store, spam: SpamService, settings: Settings) -> None:
        self.store = store
        self.spam = spam
        self.settings = settings
        self.tokens = Tokens(settings.secret_key)
        self.avatars = Avatars(settings.secret_key)
        self.reader = ThreadReader(store, self.avatars)
        self.limiter = SharedLimiter(store, settings.secret_key)
        self.per_ip, self.per_site = comment_limits(settings)
        self._sites: dict[int, tuple[float, Site]] = {}
        # A page's thread, once seen open. Its id never changes (threads are never deleted); its
        # closed flag may, so a known thread is only trusted for its id: the write reads the flag
        # in its own transaction, and every other refusal path reads the thread afresh.
        self._threads: dict[tuple[int, str], Thread] = {}

    async def site(self, site_id: int) -> Site:
        """The site, cached for a moment: every request names it, and it rarely changes."""
        now = time.monotonic()
        cached = self._sites.get(site_id)
        if cached is not None and now - cached[0] < SITE_CACHE_SECONDS:
            return cached[1]
        try:
            site = await self.store.get_site(site_id)
        except NotFound:
            raise NotFound(f"There is no site {site_id}: check data-rejoinder-site.", field="site") from None
        self._sites[site_id] = (now, site)
        return site

    # -- reading --------------------------------------------------------------------------------
    async def config(self, site_id: int, uri: str) -> FormConfig:
        site = await self.site(site_id)
        uri = check_uri(uri)
        thread = await self.store.get_thread(site.id, uri)
        return FormConfig(
            site=site,
            closed=bool(thread and thread.closed),
            form_token=self.tokens.form_token(site.id, uri),
            privacy_url=site.settings.privacy_url or f"/privacy/{site.id}",
        )

    async def thread(
        self, site_id: int, uri: str, *, sort: Sort, limit: int, offset: int, mine: Sequence[str] = ()
    ) -> ThreadPage:
        site = await self.site(site_id)
        uri = check_uri(uri)
        current = await self.reader.current(site.id, uri)
        if current is None:
            return empty_page(uri)
        own: dict[int, int] = {}
        for token in list(mine)[:MAX_MINE]:
            try:
                comment_id, stamp = self.tokens.read_edit_token(token)
            except Forbidden:
                continue  # a stale or foreign token simply shows nothing extra
            own[comment_id] = stamp
        thread, version = current
        return await self.reader.page(thread, version, sort=sort, limit=limit, offset=offset, own=own)

    async def counts(self, site_id: int, uris: Sequence[str]) -> dict[str, int]:
        site = await self.site(site_id)
        return await self.store.count_comments(site.id, [check_uri(u) for u in uris])

    async def recent(self, site_id: int, limit: int) -> list[RecentComment]:
        site = await self.site(site_id)
        return [
            RecentComment(c.id, c.author_name or "Anonymous", excerpt(c.html), t.uri, t.title, c.created_at)
            for c, t in await self.store.recent_comments(site.id, limit)
        ]

    # -- writing --------------------------------------------------------------------------------
    async def post(self, req: PostRequest) -> Posted:
        site = await self.site(req.site_id)
        uri = check_uri(req.uri)
        form = validate_form(req.author, req.email, req.website, req.text, site.settings)
        ticket = self.tokens.read_form_token(req.form_token, site.id, uri)
        guid = _guid_of(ticket)
        limits = self._limits(req.ip, site)
        self.limiter.refuse_blocked(*limits)  # an address already refused costs no more work
        fields = self._fields(site, uri, form, req, ticket)
        # independent work side by side: one wait for the database instead of three
        known = self._threads.get((site.id, uri))
        text_hash = fingerprint(form.text)  # the duplicate look-up's and the stored row's, once
        check = self.spam.check(site, fields, guid=guid, record=False, text_hash=text_hash)
        hit = self.limiter.hit(*limits)  # counted in the store: the limits hold across processes
        if known is None:
            thread, outcome, _ = await asyncio.gather(self.store.get_thread(site.id, uri), check, hit)
            self._refuse_closed(thread)
        else:
            thread = known
            outcome = await _alongside(check, hit)
        await self._check_parent(req.parent_id, thread, fresh=known is None)
        status = await self._status_for(site, form, outcome.verdict, fields)
        html = render_markdown(form.text)
        next_token = self.tokens.form_token(site.id, uri)
        record = self.spam.record_of(site, fields, outcome)
        if status is None:
            if known is not None:
                self._refuse_closed(await self.store.get_thread(site.id, uri))
            await self._claim(self.store.record_check(record))
            return self._discarded(site, form, html, next_token)
        if thread is None:
            thread = await self.store.get_or_create_thread(site.id, uri, clean_line(req.title)[:MAX_TITLE])
        self._remember(thread)
        comment = await self._claim(  # the check and the comment: one durable write, both or neither
            self.store.insert_checked_comment(
                self._new_comment(thread, req, form, html, status, outcome, fields),
                record,
                text_hash=text_hash,
            )
        )
        return self._posted(site, comment, next_token)

    async def edit(
        self, comment_id: int, text: str, token: str, *, ip: str = "", user_agent: str = ""
    ) -> Posted:
        comment, thread, site = await self._own(comment_id, token)
        await self.limiter.hit(*self._limits(ip, site))
        text = check_text(text, site.settings)
        form = CommentForm(comment.author_name, comment.author_email, comment.author_url, text)
        fields: dict[str, Any] = _engine_fields(
            form,
            ip=ip,
            user_agent=user_agent or comment.user_agent,
            permalink=site.page_url(thread.uri),
            reply=bool(comment.parent_id),
        )
        text_hash = fingerprint(text)
        outcome = await self.spam.check(site, fields, comment_id=comment.id, text_hash=text_hash)
        status = await self._status_for(site, form, outcome.verdict, fields) or CommentStatus.SPAM
        verdict = outcome.verdict
        edited = await self.store.edit_comment(
            comment.id,
            EditOfComment(
                text=text,
                html=render_markdown(text),
                status=status,
                score=verdict.score,
                decision=verdict.decision,
                reasons=verdict.reasons,
                text_hash=text_hash,
            ),
        )
        return self._posted(site, edited, "", token=token)

    async def delete(self, comment_id: int, token: str) -> None:
        comment, _, _ = await self._own(comment_id, token)
        await self.store.set_comment_status(comment.id, CommentStatus.DELETED)

    # -- helpers --------------------------------------------------------------------------------
    @staticmethod
    async def _claim(write: Awaitable[T]) -> T:
        """Recording the check claims the form's nonce (its guid): a replayed form is refused here.
        The write also refuses a thread closed since it was read (or known)."""
        try:
            return await write
        except Conflict:
            raise _replayed() from None
        except ThreadClosed:
            raise _closed() from None

    @staticmethod
    def _refuse_closed(thread: Thread | None) -> None:
        if thread is not None and thread.closed:
            raise _closed()

    def _remember(self, thread: Thread) -> None:
        if len(self._threads) >= KNOWN_THREADS:
            self._threads.clear()
        self._threads[(thread.site_id, thread.uri)] = thread

    def _limits(self, ip: str, site: Site) -> tuple[tuple[Limit, str], tuple[Limit, str]]:
        return (self.per_ip, ip), (self.per_site, str(site.id))

    async def _check_parent(self, parent_id: int | None, thread: Thread | None, *, fresh: bool) -> None:
        """A reply must answer a live comment on the same page. A closed thread is refused first,
        as it always was: a thread known from before (not ``fresh``) is read again to tell."""
        if parent_id is None:
            return
        try:
            parent: Comment | None = await self.store.get_comment(parent_id)
        except NotFound:
            parent = None
        if (
            parent is None
            or thread is None
            or parent.thread_id != thread.id
            or parent.status not in REPLYABLE
        ):
            if thread is not None and not fresh:
                self._refuse_closed(await self.store.get_thread(thread.site_id, thread.uri))
            raise ValidationError(
                f"parent_id {parent_id} is not a comment on this page: reply to a comment that is shown.",
                field="parent_id",
            )

    def _fields(
        self, site: Site, uri: str, form: CommentForm, req: PostRequest, ticket: FormTicket
    ) -> dict[str, Any]:
        fields: dict[str, Any] = _engine_fields(
            form,
            ip=req.ip,
            user_agent=req.user_agent,
            permalink=site.page_url(uri),
            reply=bool(req.parent_id),
        )
        fields["honeypot"] = req.honeypot
        if site.settings.min_seconds_on_page > 0:  # 0: the site has switched the timing signal off
            fields["seconds_on_page"] = round(ticket.seconds_on_page(), 3)
        return fields

    async def _status_for(
        self, site: Site, form: CommentForm, verdict: Verdict, fields: dict[str, Any]
    ) -> CommentStatus | None:
        """Where a comment goes: ``None`` means discard (not stored)."""
        decision = verdict.decision
        if fields.get("honeypot") and decision is not Decision.DISCARD:
            decision = Decision.SPAM  # a filled hidden field is a bot, whatever the text says
        if decision is Decision.DISCARD:
            return None
        if decision is Decision.SPAM:
            return CommentStatus.SPAM
        too_fast = fields.get("seconds_on_page", 1e9) < site.settings.min_seconds_on_page
        if decision is Decision.PENDING or too_fast:
            return CommentStatus.PENDING
        policy = site.settings.moderation
        if policy is ModerationPolicy.HOLD_ALL:
            return CommentStatus.PENDING
        if policy is ModerationPolicy.HOLD_FIRST_TIME and not await self.store.has_approved_comment(
            site.id, form.author, form.email, form.website
        ):
            return CommentStatus.PENDING
        return CommentStatus.APPROVED

    def _new_comment(
        self,
        thread: Thread,
        req: PostRequest,
        form: CommentForm,
        html: str,
        status: CommentStatus,
        outcome: CheckOutcome,
        fields: dict[str, Any],
    ) -> NewComment:
        return NewComment(
            thread_id=thread.id,
            parent_id=req.parent_id,
            author_name=form.author,
            author_email=form.email,
            author_url=form.website,
            text=form.text,
            html=html,
            status=status,
            score=outcome.verdict.score,
            decision=outcome.verdict.decision,
            reasons=outcome.verdict.reasons,
            ip=minimise_ip(req.ip),
            user_agent=clean_line(req.user_agent)[:500],
        )

    def _posted(self, site: Site, comment: Comment, next_token: str, *, token: str = "") -> Posted:
        view = view_of(comment, self.avatars)
        created = comment.created_at or datetime.now(UTC)
        return Posted(
            comment=view,
            edit_token=token or self.tokens.edit_token(comment.id, comment.created_at),
            editable_until=created + timedelta(seconds=site.settings.edit_window_seconds),
            status=view.status,
            message=None if view.status is CommentStatus.APPROVED else AWAITING,
            form_token=next_token,
        )

    def _discarded(self, site: Site, form: CommentForm, html: str, next_token: str) -> Posted:
        """Looks exactly like a held comment; the id is random and no row exists behind it."""
        now = datetime.now(UTC)
        fake = Comment(
            id=secrets.randbelow(2**31 - 1) + 1,
            thread_id=0,
            parent_id=None,
            author_name=form.author,
            author_email=form.email,
            author_url=form.website,
            text=form.text,
            html=html,
            status=CommentStatus.PENDING,
            score=1.0,
            decision=Decision.DISCARD,
            created_at=now,
        )
        return self._posted(site, fake, next_token)

    async def _own(self, comment_id: int, token: str) -> tuple[Comment, Thread, Site]:
        """The comment an edit token proves ownership of, within the edit window."""
        comment = await authored_comment(self.store, self.tokens, comment_id, token)
        thread = await self.store.get_thread_by_id(comment.thread_id)
        site = await self.site(thread.site_id)
        window = site.settings.edit_window_seconds
        created = comment.created_at or datetime.now(UTC)
        if datetime.now(UTC) > created + timedelta(seconds=window):
            raise Forbidden(
                msg(
                    "The comment can no longer be changed: edits are allowed for {minutes} minutes "
                    "after posting.",
                    minutes=window // 60,
                ),
                field="edit_token",
            )
        return comment, thread, site


async def authored_comment(store: Store, tokens: Tokens, comment_id: int, token: str) -> Comment:
    """The comment an edit token names, if the token is this comment's and it is not deleted.

    Proof of authorship only: the edit window is the caller's rule (an edit keeps to it, a reply
    subscription does not)."""
    token_id, stamp = tokens.read_edit_token(token)
    if token_id != comment_id:
        raise Forbidden(msg("The edit token is not valid for this comment."), field="edit_token")
    try:
        comment = await store.get_comment(comment_id)
    except NotFound:
        raise NotFound(f"There is no comment {comment_id}.") from None
    if stamp != stamp_of(comment.created_at):
        raise Forbidden(msg("The edit token is not valid for this comment."), field="edit_token")
    if comment.status is CommentStatus.DELETED:
        raise NotFound(f"Comment {comment_id} has been deleted.")
    return comment


def _engine_fields(
    form: CommentForm, *, ip: str, user_agent: str, permalink: str, reply: bool
) -> dict[str, Any]:
    """A posted or edited comment in the Akismet names the engine reads: the same mapping as a
    moderator's mark and an import (``akismet_fields.comment_fields``)."""
    return comment_fields(
        content=form.text,
        author=form.author,
        email=form.email,
        url=form.website,
        ip=ip,
        user_agent=user_agent,
        permalink=permalink,
        reply=reply,
    )


def _closed() -> ThreadClosed:
    return ThreadClosed(msg("This thread is closed: it takes no new comments."), field="uri")


def _replayed() -> Forbidden:
    return Forbidden(
        "This form was already used to post a comment: reload the page to post again.", field="form_token"
    )


async def _alongside(first: Awaitable[T], second: Awaitable[object]) -> T:
    """``first``'s result once both are done, ``second`` running beside it as a task (one task,
    where ``asyncio.gather`` makes two and a gathering future). Raises ``first``'s error, else
    ``second``'s; an error of ``second`` that ``first``'s hides is still retrieved."""
    task = asyncio.ensure_future(second)
    try:
        result = await first
    except BaseException:
        task.add_done_callback(_retrieve)
        raise
    await task
    return result


def _retrieve(task: asyncio.Future[object]) -> None:
    if not task.cancelled():
        task.exception()


def _guid_of(ticket: FormTicket) -> str:
    """The spam check's guid is the form's nonce, so a second post with one form is visible.
    A nonce as ``Tokens`` writes it (32 lowercase hex digits) is hyphenated as ``str(UUID)`` would
    hyphenate it, without building one; any other spelling goes through ``UUID``."""
    nonce = ticket.nonce
    if _HEX32.fullmatch(nonce):
        return f"{nonce[:8]}-{nonce[8:12]}-{nonce[12:16]}-{nonce[16:20]}-{nonce[20:]}"
    try:
        return str(uuid.UUID(hex=nonce))
    except ValueError:
        return str(uuid.uuid4())
