"""Storing an ``Export``: threads created, comments scored and written, the old decisions learned.

Every imported comment keeps the status the old system gave it (the site's moderators already
decided), but it is also scored by Rejoinder's filter, so its score and reasons are there for
the dashboard, and the report says how many approved comments the filter would have held: spam
that got through before.

With ``learn``, the newest approved and spam comments become moderator marks for the site's
learned layer, so the filter starts out knowing the site's own history. The number is capped
because every server process replays the marks when it starts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from rejoinder.domain import CommentStatus, Decision, ImportedComment, NewComment, Site, Verdict
from rejoinder.services.akismet_fields import comment_fields
from rejoinder.services.importing.content import imported_html, plain_text
from rejoinder.services.importing.records import Export, SourceComment, SourceThread
from rejoinder.services.ip import minimise_ip
from rejoinder.services.site_settings import thresholds_of
from rejoinder.spam import Engine
from rejoinder.spam.normalise import fingerprint
from rejoinder.storage import Store
from rejoinder.storage.base import LearningMark
from rejoinder.storage.importing import identity

LEARNABLE = {CommentStatus.APPROVED: False, CommentStatus.SPAM: True}  # status -> is_spam
UNSCORED = Verdict(score=0.0, decision=Decision.HAM, reasons=())  # for a comment already stored
HELD = (Decision.SPAM, Decision.DISCARD)


@dataclass
class ImportReport:
    source: str
    threads: int = 0
    imported: int = 0
    already_there: int = 0  # from an earlier run of the same import
    scored: int = 0  # by the spam engine: every comment not already there
    by_status: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    orphans: int = 0  # replies to a comment the export lacks: kept, as top-level comments
    flagged: int = 0  # approved by the old system, spam by Rejoinder's filter
    learned: int = 0

    def lines(self) -> list[str]:
        """The report as a person reads it at the end of ``rejoinder import``."""
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.by_status.items())) or "none"
        out = [
            f"{self.imported} comment(s) imported into {self.threads} thread(s) ({statuses})",
            f"{self.already_there} already there from an earlier import",
            f"{self.scored} comment(s) scored by the spam filter",
        ]
        out += [f"skipped {n} {why}" for why, n in sorted(self.skipped.items())]
        if self.orphans:
            out.append(
                f"{self.orphans} repl(ies) to a comment missing from the export kept as top-level comments"
            )
        out.append(
            f"{self.flagged} comment(s) approved in {self.source} look like spam to Rejoinder's filter"
        )
        if self.learned:
            out.append(f"the site's filter learned from {self.learned} approved or spam comment(s)")
        return out


@dataclass(frozen=True, slots=True)
class _Mark:
    created_at: datetime
    comment_id: int
    fields: dict[str, Any]
    is_spam: bool


class Importer:
    def __init__(self, store: Store, engine: Engine) -> None:
        self.store = store
        self.engine = engine

    async def run(
        self,
        site: Site,
        export: Export,
        *,
        learn: int = 0,
        progress: Callable[[int], None] = lambda n: None,
    ) -> ImportReport:
        """Import every thread of ``export`` into ``site``; ``progress`` gets each thread's comment count."""
        report = ImportReport(export.source, skipped=Counter(export.skipped))
        marks: list[_Mark] = []
        for uri, group in _by_uri(export.threads).items():
            marks += await self._thread(site, uri, group, report)
            progress(sum(len(t.comments) for t in group))
        newest = sorted(marks, key=lambda m: m.created_at)[-learn:] if learn > 0 else []
        chosen = [LearningMark(m.fields, m.is_spam, m.comment_id) for m in newest]
        report.learned = await self.store.add_learning_events(site.id, chosen, "import", actor="import")
        return report

    async def _thread(
        self, site: Site, uri: str, group: list[SourceThread], report: ImportReport
    ) -> list[_Mark]:
        thread = await self.store.get_or_create_thread(
            site.id, uri, next((t.title for t in group if t.title), "")
        )
        if any(t.closed for t in group) and not thread.closed:
            await self.store.set_thread_closed(thread.id, True)
        comments, orphans = parents_first([c for t in group for c in t.comments])
        fields = [_fields(c, site.page_url(uri), bool(c.parent_key)) for c in comments]
        htmls = [imported_html(c.content) for c in comments]
        texts = [plain_text(html) for html in htmls]
        verdicts = await self._verdicts(site, thread.id, comments, texts, fields)
        report.scored += sum(v is not UNSCORED for v in verdicts)
        items = [
            _imported(c, html, text, v, f["user_ip"])
            for c, html, text, v, f in zip(comments, htmls, texts, verdicts, fields, strict=True)
        ]
        outcome = await self.store.import_comments(thread.id, items)
        report.threads += 1
        report.orphans += len(orphans & outcome.inserted)
        marks = []
        for comment, verdict, payload in zip(comments, verdicts, fields, strict=True):
            if comment.key not in outcome.inserted:
                report.already_there += 1
                continue
            report.imported += 1
            report.by_status[comment.status.value] += 1
            report.flagged += comment.status is CommentStatus.APPROVED and verdict.decision in HELD
            if comment.status in LEARNABLE:
                marks.append(
                    _Mark(comment.created_at, outcome.ids[comment.key], payload, LEARNABLE[comment.status])
                )
        return marks

    async def _verdicts(
        self,
        site: Site,
        thread_id: int,
        comments: Sequence[SourceComment],
        texts: Sequence[str],
        fields: Sequence[dict[str, Any]],
    ) -> list[Verdict]:
        """The engine's verdict on each comment not already in the thread (one batch); the rest,
        which ``import_comments`` will skip, get ``UNSCORED``: a large import that failed halfway is
        run again, and should not pay the engine again for what it already stored."""
        present = await self.store.imported_identities(thread_id)
        todo = [
            i
            for i, (c, text) in enumerate(zip(comments, texts, strict=True))
            if identity(c.author_name, c.created_at, text) not in present
        ]
        scored = self.engine.check_many([fields[i] for i in todo], thresholds=thresholds_of(site.settings))
        verdicts = [UNSCORED] * len(comments)
        for i, verdict in zip(todo, scored, strict=True):
            verdicts[i] = verdict
        return verdicts


def _by_uri(threads: Iterable[SourceThread]) -> dict[str, list[SourceThread]]:
    """Threads grouped by page: Disqus often holds two threads for one page (http and https)."""
    grouped: dict[str, list[SourceThread]] = defaultdict(list)
    for thread in threads:
        grouped[thread.uri].append(thread)
    return grouped


def parents_first(comments: Sequence[SourceComment]) -> tuple[list[SourceComment], set[str]]:
    """The comments in time order, each reply right after its parent's subtree starts.

    A reply whose parent the export lacks (or that sits in a reply cycle, which a broken export can
    hold) loses its parent and becomes a top-level comment. Returns the comments and the keys of
    the replies that lost their parent.
    """
    ordered = sorted(comments, key=lambda c: (c.created_at, c.key))
    keys = {c.key for c in ordered}
    replies: dict[str, list[SourceComment]] = defaultdict(list)
    roots: list[SourceComment] = []
    for comment in ordered:
        if comment.parent_key in keys and comment.parent_key != comment.key:
            replies[str(comment.parent_key)].append(comment)
        else:
            roots.append(comment)
    out: list[SourceComment] = []
    placed: set[str] = set()
    for start in [*roots, *ordered]:  # comments in a cycle are reached from no root: each starts a tree
        _walk(start, replies, out, placed)
    replied = {c.key for c in ordered if c.parent_key is not None}
    return out, {c.key for c in out if c.parent_key is None and c.key in replied}


def _walk(
    start: SourceComment, replies: dict[str, list[SourceComment]], out: list[SourceComment], placed: set[str]
) -> None:
    """Depth first from ``start``, so a reply always follows its parent; iterative, as threads can be deep."""
    stack = [start]
    while stack:
        comment = stack.pop()
        if comment.key in placed:
            continue
        placed.add(comment.key)
        parent_placed = comment.parent_key is not None and comment.parent_key in placed
        out.append(comment if parent_placed else replace(comment, parent_key=None))
        stack.extend(reversed(replies.get(comment.key, [])))


def _fields(comment: SourceComment, permalink: str, reply: bool) -> dict[str, Any]:
    """The comment in the Akismet field names the spam engine reads (and a learning mark keeps)."""
    fields: dict[str, Any] = comment_fields(
        content=comment.content,
        author=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        ip=minimise_ip(comment.ip),  # "" for none; stored as is by _imported
        user_agent=comment.user_agent,
        permalink=permalink,
        reply=reply,
    )
    return {**fields, "comment_date_gmt": comment.created_at.isoformat()}


def _imported(comment: SourceComment, html: str, text: str, verdict: Verdict, ip: str) -> ImportedComment:
    """``html``: the comment's cleaned HTML, ``text`` its plain text; ``ip``: already minimised
    (by ``_fields``)."""
    new = NewComment(
        thread_id=0,
        parent_id=None,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_url=comment.author_url,
        text=text,
        html=html,
        status=comment.status,
        score=verdict.score,
        decision=verdict.decision,
        reasons=verdict.reasons,
        ip=ip,
        user_agent=comment.user_agent,
    )
    return ImportedComment(
        new, comment.created_at, comment.key, comment.parent_key, fingerprint(text) if text else ""
    )
