"""The one storage interface. Services depend on ``Store``; only ``storage.open_store`` picks a backend.

Every method is async. Every write that returns has been committed durably (SQLite in WAL mode
with ``synchronous=FULL``; PostgreSQL's default commit), so an acknowledged comment survives a
crash. Methods raise ``rejoinder.errors.NotFound`` for a missing row that the caller named by
id, and return ``None`` for look-ups by natural key (``get_thread``, ``get_api_key``).
"""

from __future__ import annotations

import abc
import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from rejoinder.domain import (
    ApiKey,
    AuditEntry,
    Ban,
    BanKind,
    Comment,
    CommentStatus,
    Decision,
    ImportedComment,
    MailKind,
    MailState,
    Moderator,
    NewComment,
    OutgoingMail,
    QueuedMail,
    Reaction,
    ReactionTally,
    Reason,
    Reports,
    Role,
    Site,
    SiteSettings,
    Thread,
)
from rejoinder.errors import ThreadClosed

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CommentFilter:
    """What the dashboard (and the privacy tools) ask for. Empty fields do not filter."""

    site_id: int | None = None
    thread_id: int | None = None
    statuses: tuple[CommentStatus, ...] = ()
    decision: Decision | None = None
    author: str = ""  # substring of the author name, case-insensitive
    email: str = ""  # exact, case-insensitive
    ip_network: str = ""  # CIDR or a prefix such as "203.0.113."
    text: str = ""  # full-text search over text, author name, e-mail and website
    since: datetime | None = None
    until: datetime | None = None
    reported: bool = False  # only comments that readers have reported
    limit: int = 50
    offset: int = 0
    newest_first: bool = True


@dataclass(frozen=True, slots=True)
class CommentPage:
    items: tuple[tuple[Comment, Thread], ...]
    total: int


@dataclass(frozen=True, slots=True)
class SpamCheckRecord:
    guid: str
    site_id: int
    api_key: str | None
    comment_id: int | None
    payload: Mapping[str, Any]
    score: float
    decision: Decision
    is_test: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LearningEvent:
    id: int
    site_id: int
    guid: str | None
    comment_id: int | None
    payload: Mapping[str, Any]
    is_spam: bool
    source: str
    actor: str = ""
    created_at: datetime | None = None
    undone_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MailRecord:
    """An e-mail queued or sent to a commenter: what it was about, not its text (never stored)."""

    kind: MailKind
    comment_id: int
    state: MailState
    created_at: datetime | None
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    """A commenter's wish for reply e-mails: which comment, when asked and confirmed, and the
    language their e-mails are written in ("" if not known)."""

    comment_id: int
    created_at: datetime | None
    confirmed_at: datetime | None
    language: str


@dataclass(frozen=True, slots=True)
class CommenterRecords:
    """What the store keeps about one e-mail address besides its comments: the recorded spam checks
    and learning events its comments' fields sit in, its reply subscriptions and the mail sent to
    it. An access request is answered with all of it."""

    checks: tuple[SpamCheckRecord, ...]
    events: tuple[LearningEvent, ...]
    subscriptions: tuple[SubscriptionRecord, ...]
    mail: tuple[MailRecord, ...]


@dataclass(frozen=True, slots=True)
class AdminSession:
    token_hash: str
    moderator: Moderator
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class DailyCount:
    day: str  # "2026-11-28"
    decision: Decision
    count: int


@dataclass(frozen=True, slots=True)
class EditOfComment:
    """The fields an edit replaces: the text, its rendering and the fresh verdict."""

    text: str
    html: str
    status: CommentStatus
    score: float
    decision: Decision
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    text_hash: str = ""


@dataclass(frozen=True, slots=True)
class FactsQuery:
    """What the spam check asks the site's history about one comment (see ``Store.spam_facts``).

    ``text_hash`` empty: no duplicate count; ``host`` empty: no website-host count; ``trust``
    false: no trusted-author look-up. Each then reads as 0, -1 and False in the answer.
    """

    site_id: int
    text_hash: str
    since: datetime
    host: str = ""
    trust: bool = False
    name: str = ""
    email: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class SpamFacts:
    """The answer to a ``FactsQuery``: everything a spam check needs from the store, at once."""

    bans: tuple[Ban, ...]
    duplicates: int
    host_count: int  # -1: no host was asked about
    trusted: bool
    learning_version: tuple[int, int]  # as ``learning_state_version``


@dataclass(frozen=True, slots=True)
class LearningMark:
    """One mark of a batch for ``add_learning_events``: what an import brings from the old system."""

    payload: Mapping[str, Any]
    is_spam: bool
    comment_id: int | None = None


@dataclass(frozen=True, slots=True)
class ImportedIds:
    """What ``import_comments`` did: every item's comment id by its key, and which keys are new."""

    ids: dict[str, int]
    inserted: frozenset[str]


@dataclass(frozen=True, slots=True)
class WindowHits:
    """A rate-limit counter after a hit (or as read): hits in the fixed window that starts at
    ``window_start`` (unix seconds) and in the window just before it. Two fixed windows are
    enough for a sliding-window estimate (``services.rate_limit``)."""

    window_start: int
    hits: int
    previous_hits: int


class Store(abc.ABC):
    """Everything Rejoinder keeps. One instance per process, shared by all requests."""

    # -- life cycle ---------------------------------------------------------------------------
    @abc.abstractmethod
    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (runs on server start)."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    def release_idle_connections(self) -> int:
        """The database refused a connection: give back the idle ones this process keeps aside for
        its hot statements, so the others can be served (returns how many went back)."""

    # -- sites and keys -----------------------------------------------------------------------
    @abc.abstractmethod
    async def create_site(self, name: str, url: str, settings: SiteSettings | None = None) -> Site: ...

    @abc.abstractmethod
    async def get_site(self, site_id: int) -> Site: ...

    @abc.abstractmethod
    async def find_site_by_url(self, url: str) -> Site | None:
        """The site whose ``url`` is a prefix of ``url`` (scheme and host compared case-insensitively)."""

    @abc.abstractmethod
    async def list_sites(self) -> list[Site]: ...

    @abc.abstractmethod
    async def update_site_settings(self, site_id: int, settings: SiteSettings) -> Site: ...

    @abc.abstractmethod
    async def create_api_key(self, key: str, site_id: int, allowed_urls: Sequence[str] = ()) -> ApiKey: ...

    @abc.abstractmethod
    async def get_api_key(self, key: str) -> ApiKey | None: ...

    @abc.abstractmethod
    async def list_api_keys(self, site_id: int | None = None) -> list[ApiKey]: ...

    @abc.abstractmethod
    async def revoke_api_key(self, key: str) -> ApiKey: ...

    @abc.abstractmethod
    async def count_key_usage(self, key: str, month: str, add: int = 1) -> int:
        """Add ``add`` calls to the key's count for ``month`` ("YYYY-MM") and return the new total."""

    # -- threads ------------------------------------------------------------------------------
    @abc.abstractmethod
    async def get_or_create_thread(self, site_id: int, uri: str, title: str = "") -> Thread: ...

    @abc.abstractmethod
    async def get_thread(self, site_id: int, uri: str) -> Thread | None: ...

    @abc.abstractmethod
    async def get_thread_by_id(self, thread_id: int) -> Thread: ...

    @abc.abstractmethod
    async def set_thread_closed(self, thread_id: int, closed: bool) -> Thread: ...

    @abc.abstractmethod
    async def thread_version(self, thread_id: int) -> int:
        """A counter bumped by every change to the thread's comments (for read caches)."""

    # -- comments -----------------------------------------------------------------------------
    @abc.abstractmethod
    async def insert_comment(self, new: NewComment, text_hash: str = "") -> Comment:
        """Insert and commit durably before returning: the caller acknowledges only after this."""

    @abc.abstractmethod
    async def imported_identities(self, thread_id: int) -> set[tuple[str, str, str]]:
        """(author, time to the second, text) of the thread's comments: what ``import_comments``
        counts as already there, so an import run again scores only what is new."""

    @abc.abstractmethod
    async def import_comments(self, thread_id: int, items: Sequence[ImportedComment]) -> ImportedIds:
        """Insert another system's comments (parents first) with their own times, in one transaction;
        one already in the thread (same author, time and text) is reused, not inserted again."""

    @abc.abstractmethod
    async def get_comment(self, comment_id: int) -> Comment: ...

    @abc.abstractmethod
    async def list_thread_comments(
        self,
        thread_id: int,
        statuses: Sequence[CommentStatus] = (CommentStatus.APPROVED,),
        extra_ids: Sequence[int] = (),
    ) -> list[Comment]:
        """All comments of a thread with one of ``statuses``, plus the ids in ``extra_ids``
        whatever their status (an author's own pending comments), oldest first."""

    @abc.abstractmethod
    async def edit_comment(self, comment_id: int, edit: EditOfComment) -> Comment: ...

    @abc.abstractmethod
    async def set_comment_status(self, comment_id: int, status: CommentStatus) -> Comment: ...

    @abc.abstractmethod
    async def count_comments(self, site_id: int, uris: Sequence[str]) -> dict[str, int]:
        """Approved comments per page URI; a URI with no thread counts 0."""

    @abc.abstractmethod
    async def recent_comments(self, site_id: int, limit: int) -> list[tuple[Comment, Thread]]:
        """The newest approved comments of the site, newest first."""

    @abc.abstractmethod
    async def search_comments(self, flt: CommentFilter) -> CommentPage: ...

    @abc.abstractmethod
    async def count_by_status(self, site_id: int | None = None) -> dict[CommentStatus, int]: ...

    @abc.abstractmethod
    async def has_approved_comment(self, site_id: int, name: str, email: str, url: str) -> bool:
        """Whether this exact (name, e-mail, website) triple has an approved comment on the site."""

    @abc.abstractmethod
    async def count_same_text(self, site_id: int, text_hash: str, since: datetime) -> int:
        """How many comments on the site since ``since`` have this normalised-text hash."""

    @abc.abstractmethod
    async def count_author_url_host(self, site_id: int, host: str) -> int:
        """How many approved comments on the site have a website on this host."""

    @abc.abstractmethod
    async def daily_counts(self, site_id: int | None, since: datetime) -> list[DailyCount]: ...

    # -- privacy ------------------------------------------------------------------------------
    @abc.abstractmethod
    async def export_commenter(self, email: str) -> list[tuple[Comment, Thread]]: ...

    @abc.abstractmethod
    async def export_records(self, email: str) -> CommenterRecords:
        """Every other record that holds ``email`` (see ``CommenterRecords``), oldest first."""

    @abc.abstractmethod
    async def erase_commenter(self, email: str) -> int:
        """Blank the name, e-mail, website, IP and user agent of every comment by ``email``,
        keep the text only where replies hang under it (marked deleted otherwise); return the count."""

    @abc.abstractmethod
    async def purge(
        self, statuses: Sequence[CommentStatus], before: datetime, site_id: int | None = None
    ) -> int:
        """Delete comments with these statuses created before ``before``; return the count."""

    @abc.abstractmethod
    async def minimise_ips(self, before: datetime) -> int:
        """Blank the stored IP of comments older than ``before``."""

    @abc.abstractmethod
    async def purge_checks(self, before: datetime) -> int:
        """Delete recorded spam checks made before ``before`` (they hold the commenter's text, name,
        e-mail, IP and user agent, even for discarded comments); return the count."""

    @abc.abstractmethod
    async def minimise_learning_payloads(self, before: datetime) -> int:
        """Blank the IP and user agent inside learning events recorded before ``before``, keeping
        the rest (the text the site's model learned from); return how many events changed."""

    # -- spam checks and learning ---------------------------------------------------------------
    @abc.abstractmethod
    async def record_check(self, record: SpamCheckRecord) -> None: ...

    @abc.abstractmethod
    async def get_check(self, guid: str) -> SpamCheckRecord | None: ...

    async def insert_checked_comment(
        self, new: NewComment, check: SpamCheckRecord, text_hash: str = ""
    ) -> Comment:
        """Record ``check`` and insert ``new`` as one durable write: both or neither.

        Raises ``Conflict`` when the check's guid is already recorded (a replayed form),
        ``ThreadClosed`` when the thread is closed (``SqlStore`` reads the flag in the write's own
        transaction), and the errors of ``insert_comment`` otherwise. This default writes them one
        after the other; ``SqlStore`` writes them in one transaction, shared with concurrent posts.
        """
        if (await self.get_thread_by_id(new.thread_id)).closed:
            raise ThreadClosed(f"thread {new.thread_id} is closed", field="thread_id")
        await self.record_check(check)
        return await self.insert_comment(new, text_hash=text_hash)

    async def spam_facts(self, query: FactsQuery) -> SpamFacts:
        """Bans, duplicate count, website-host count, trusted author and learning-state version.

        A post needs all five before its check; this default asks for them side by side,
        ``SqlStore`` in one statement (plus the bans and host look-ups only when there are any).
        """
        q = query
        bans, duplicates, host_count, trusted, version = await asyncio.gather(
            self.list_bans(q.site_id),
            self.count_same_text(q.site_id, q.text_hash, q.since) if q.text_hash else _const(0),
            self.count_author_url_host(q.site_id, q.host) if q.host else _const(-1),
            self.has_approved_comment(q.site_id, q.name, q.email, q.url) if q.trust else _const(False),
            self.learning_state_version(q.site_id),
        )
        return SpamFacts(tuple(bans), duplicates, host_count, trusted, version)

    @abc.abstractmethod
    async def add_learning_event(
        self,
        site_id: int,
        payload: Mapping[str, Any],
        is_spam: bool,
        source: str,
        guid: str | None = None,
        comment_id: int | None = None,
        actor: str = "",
    ) -> LearningEvent: ...

    @abc.abstractmethod
    async def add_learning_events(
        self, site_id: int, marks: Sequence[LearningMark], source: str, actor: str = ""
    ) -> int:
        """Many marks in one transaction (an import's), in order; returns how many were added."""

    @abc.abstractmethod
    async def undo_learning_event(self, event_id: int) -> LearningEvent: ...

    @abc.abstractmethod
    async def learning_events(self, site_id: int, after_id: int = 0) -> list[LearningEvent]:
        """Events with id > ``after_id``, oldest first, undone ones included (their ``undone_at`` set)."""

    @abc.abstractmethod
    async def learning_state_version(self, site_id: int) -> tuple[int, int]:
        """(highest event id, number of undone events) of the site: a cheap "has anything changed?"."""

    # -- rate limits ------------------------------------------------------------------------------
    @abc.abstractmethod
    async def count_hit(self, key: str, window_start: int, window_seconds: int, add: int = 1) -> WindowHits:
        """Add ``add`` hits to ``key`` in the window starting at ``window_start`` and return the
        counts after it, atomically: concurrent callers (in any process) each see a distinct count.

        A hit in a later window moves the row on (the current count becomes the previous one if
        the windows are adjacent, else 0); a hit stamped earlier than the stored window (a
        process whose clock lags) counts in the stored window. The one write that does not wait
        for the disk: a crash of the process keeps it, a power cut may forget the last hits (which
        can only let a few more requests through), and no post waits for an fsync to be counted.
        """

    async def count_hits(self, hits: Sequence[tuple[str, int, int]]) -> list[WindowHits]:
        """One hit on each ``(key, window_start, window_seconds)``, as ``count_hit`` counts it; a
        backend may count them together (a post hits its address's limit and its site's)."""
        return [await self.count_hit(key, start, seconds) for key, start, seconds in hits]

    @abc.abstractmethod
    async def peek_hits(self, key: str, window_start: int, window_seconds: int) -> WindowHits:
        """The counts as ``count_hit`` would see them at ``window_start``, without adding or writing."""

    @abc.abstractmethod
    async def clear_hits(self, key: str) -> None:
        """Forget ``key``'s counts (a successful login clears its failures)."""

    @abc.abstractmethod
    async def purge_rate_limits(self, now: int) -> int:
        """Delete counters whose current and previous windows both ended before ``now``; return how many."""

    # -- webhooks -----------------------------------------------------------------------------
    @abc.abstractmethod
    async def claim_webhook(self, site_id: int, now: int, lease_seconds: int) -> tuple[int, datetime] | None:
        """Take the site's delivery lease: (last comment delivered, when the hook was set), or
        ``None`` if another process holds it or a back-off runs. ``now`` is unix seconds."""

    @abc.abstractmethod
    async def webhook_cursor(self, site_id: int) -> tuple[int, datetime] | None:
        """(last comment delivered, when the hook was set), or ``None`` before the first claim."""

    @abc.abstractmethod
    async def comments_to_send(
        self, site_id: int, after_id: int, since: datetime, settled_before: datetime, limit: int
    ) -> list[tuple[Comment, Thread]]:
        """Approved or held comments after ``after_id`` created in [since, settled_before), by id."""

    @abc.abstractmethod
    async def webhook_delivered(self, site_id: int, comment_id: int) -> None: ...

    @abc.abstractmethod
    async def release_webhook(self, site_id: int, *, retry_at: int = 0, error: str = "") -> None: ...

    @abc.abstractmethod
    async def webhook_failures(self, site_id: int) -> tuple[int, str]:
        """(failed deliveries in a row, the last error)."""

    # -- e-mail notifications -------------------------------------------------------------------
    @abc.abstractmethod
    async def mail_cursor(self, site_id: int) -> tuple[int, datetime]:
        """(last comment planned, since when mail is on), started at the newest comment."""

    @abc.abstractmethod
    async def plan_mail(self, site_id: int, mails: Sequence[OutgoingMail], through_id: int) -> None:
        """Queue ``mails`` (each once) and move the cursor to ``through_id``, in one transaction."""

    @abc.abstractmethod
    async def queue_mail(self, mails: Sequence[OutgoingMail]) -> None:
        """Queue ``mails``; one already queued is left as it is."""

    @abc.abstractmethod
    async def reply_recipients(self, parent_ids: Sequence[int]) -> dict[int, str]:
        """Of these comments, those subscribed to replies: comment id -> the author's address."""

    @abc.abstractmethod
    async def subscribe_replies(self, comment_id: int, *, confirmed: bool, language: str = "") -> bool:
        """Record the wish for reply e-mails in the reader's ``language`` ("" if not known; a
        second ask keeps the first); ``True`` if it is confirmed (now or before)."""

    @abc.abstractmethod
    async def confirm_replies(self, comment_id: int) -> bool:
        """Confirm a subscription; ``False`` if there is none."""

    @abc.abstractmethod
    async def address_confirmed(self, site_id: int, email: str) -> bool:
        """Has ``email`` confirmed a reply subscription on this site before?"""

    @abc.abstractmethod
    async def subscription_state(self, comment_id: int) -> bool | None:
        """``None``: not subscribed; ``False``: awaiting confirmation; ``True``: confirmed."""

    @abc.abstractmethod
    async def subscription_language(self, comment_id: int) -> str:
        """The language of the comment's subscription; "" if not known (older than migration
        0008) or if there is none. Its e-mails and link pages speak it."""

    @abc.abstractmethod
    async def unsubscribe_replies(self, comment_id: int) -> bool:
        """End the subscription (and skip its queued mail); ``False`` if there was none."""

    @abc.abstractmethod
    async def claim_mail(self, now: int, lease_seconds: int, limit: int) -> list[QueuedMail]:
        """Lease due messages (``now`` in unix seconds), oldest first."""

    @abc.abstractmethod
    async def finish_mail(
        self, mail_id: int, state: MailState, *, error: str = "", retry_at: int = 0
    ) -> None:
        """Record how a try ended (``QUEUED`` + ``retry_at``: try again then)."""

    @abc.abstractmethod
    async def count_mail_to(self, recipient: str, kinds: Sequence[MailKind], since: datetime) -> int:
        """Messages of these kinds sent to ``recipient`` since ``since``."""

    @abc.abstractmethod
    async def mail_problems(self, site_id: int, since: datetime) -> tuple[int, str]:
        """(messages given up on since ``since``, the last error)."""

    @abc.abstractmethod
    async def forget_mail_to(self, recipient: str) -> int:
        """Delete every e-mail record to ``recipient``; return the count."""

    @abc.abstractmethod
    async def purge_mail(self, before: datetime) -> int:
        """Delete finished messages queued before ``before``; return the count."""

    # -- readers' likes and reports ----------------------------------------------------------------
    @abc.abstractmethod
    async def add_reaction(self, reaction: Reaction) -> ReactionTally:
        """Record a reader's like or report of a comment, once per reader; the counts after it."""

    @abc.abstractmethod
    async def remove_reaction(self, reaction: Reaction) -> ReactionTally:
        """Withdraw it (nothing changes if there was none); the counts after it."""

    @abc.abstractmethod
    async def reports_of(self, comment_ids: Sequence[int]) -> dict[int, Reports]:
        """The reports of those of these comments that have any."""

    @abc.abstractmethod
    async def dismiss_reports(self, comment_ids: Sequence[int]) -> int:
        """A moderator answered these comments' reports: they stop counting, and their readers
        cannot report the comment again. Returns the count dismissed."""

    @abc.abstractmethod
    async def hold_reported(self, comment_id: int, at_least: int) -> bool:
        """Set a published comment with at least ``at_least`` standing reports to pending, in one
        step; ``True`` if this call did (a moderator's concurrent decision always wins)."""

    @abc.abstractmethod
    async def purge_reactions(self, before: datetime) -> int:
        """Delete likes and reports recorded before ``before`` (counts stay); return the count."""

    # -- moderators, sessions, bans, audit --------------------------------------------------------
    @abc.abstractmethod
    async def add_moderator(self, name: str, role: Role, password_hash: str) -> Moderator: ...

    @abc.abstractmethod
    async def get_moderator_by_name(self, name: str) -> Moderator | None: ...

    @abc.abstractmethod
    async def list_moderators(self) -> list[Moderator]: ...

    @abc.abstractmethod
    async def set_moderator_password(
        self, moderator_id: int, password_hash: str, *, end_sessions: bool = True
    ) -> None:
        """Store a new hash; with ``end_sessions`` (a new password) in the same transaction end
        every session the moderator has open, in every process: a password is changed because
        it leaked, and whoever logged in with it must not keep the dashboard. A re-hash of the
        same password (stronger parameters) passes False."""

    @abc.abstractmethod
    async def remove_moderator(self, moderator_id: int, *, actor: str) -> Moderator:
        """Delete the moderator, every session they have open (in every process) and record it in
        the audit log as done by ``actor``, in one transaction; return who was removed. The audit
        log and learning events name moderators as text, so their past actions keep their name.
        ``NotFound`` if there is no such moderator; ``Conflict`` if they are the last owner (nobody
        could manage moderators or sites any more), checked under a lock so that owners removed
        at the same moment never leave none."""

    @abc.abstractmethod
    async def create_session(
        self, token_hash: str, moderator_id: int, csrf_token: str, expires_at: datetime
    ) -> None: ...

    @abc.abstractmethod
    async def get_session(self, token_hash: str) -> AdminSession | None:
        """The live session (not expired) with its moderator, or None."""

    @abc.abstractmethod
    async def delete_session(self, token_hash: str) -> None: ...

    @abc.abstractmethod
    async def add_ban(self, site_id: int | None, kind: BanKind, value: str, created_by: str) -> Ban: ...

    @abc.abstractmethod
    async def list_bans(self, site_id: int | None = None) -> list[Ban]:
        """Bans of the site plus the global ones (site_id None); all bans when ``site_id`` is None."""

    @abc.abstractmethod
    async def remove_ban(self, ban_id: int) -> None: ...

    @abc.abstractmethod
    async def add_audit(self, actor: str, action: str, target: str, detail: str = "") -> AuditEntry: ...

    @abc.abstractmethod
    async def list_audit(self, limit: int = 100, offset: int = 0) -> list[AuditEntry]: ...


async def _const(value: _T) -> _T:
    return value
