"""The e-mails themselves: plain text, short, each saying why it was sent and how to stop it.

Plain text only: nothing a commenter wrote is ever interpreted as HTML by a mail client. Header
values (a page title, an author's name) are flattened to one line, so no one can smuggle a
header in through them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from rejoinder.domain import Comment, CommentStatus, Reports, Site, Thread
from rejoinder.i18n import LANGUAGES, Message, localise, msg
from rejoinder.services.rendering import excerpt

EXCERPT = 600
_LINE_BREAKS = re.compile(r"[\s\x00-\x1f\x7f]+")


def one_line(value: str, limit: int = 150) -> str:
    """A value fit for a header or a single line of text."""
    flat = _LINE_BREAKS.sub(" ", value).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def reply_message(
    site: Site,
    thread: Thread,
    reply: Comment,
    parent: Comment,
    *,
    sender: str,
    to: str,
    unsubscribe_url: str,
    language: str = "en",
) -> EmailMessage:
    """Tell a commenter that someone answered them, with a link to read it and one to stop, in the
    ``language`` they subscribed in (the readers' catalogue; English where it has no text)."""

    def say(sentence: Message) -> str:
        return localise(sentence, language)

    author = one_line(reply.author_name) or say(msg("Someone"))
    title = one_line(thread.title or thread.uri)
    mail = _message(
        sender, to, say(msg("{author} replied to your comment on “{title}”", author=author, title=title))
    )
    mail["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058: one click, no page
    replied = msg(
        "{author} replied to your comment on “{title}” ({site}):",
        author=author,
        title=title,
        site=one_line(site.name),
    )
    read = msg("Read it and answer: {url}", url=site.comment_url(thread.uri, reply.id))
    was = msg("Your comment was: “{text}”", text=excerpt(parent.html, 120))
    why = msg("You get this e-mail because you asked to be told of replies to that comment.")
    stop = msg("Stop these e-mails: {url}", url=unsubscribe_url)
    mail.set_content(
        f"{say(replied)}\n\n{_quoted(excerpt(reply.html, EXCERPT))}\n\n{say(read)}\n\n{say(was)}\n\n"
        f"-- \n{say(why)}\n{say(stop)}\n"
    )
    _language(mail, language)  # after the content: ``set_content`` clears the Content-* headers
    return mail


def confirm_message(
    site: Site,
    thread: Thread,
    comment: Comment,
    *,
    sender: str,
    to: str,
    confirm_url: str,
    language: str = "en",
) -> EmailMessage:
    """Ask the address to confirm before any reply is sent to it (double opt-in), in the
    ``language`` the reader subscribed in."""

    def say(sentence: Message) -> str:
        return localise(sentence, language)

    title = one_line(thread.title or thread.uri)
    mail = _message(
        sender, to, say(msg("Confirm: e-mail me replies to my comment on “{title}”", title=title))
    )
    asked = msg(
        "Someone, probably you, commented on “{title}” ({site}) with this address and asked to be "
        "e-mailed the replies:",
        title=title,
        site=one_line(site.name),
    )
    confirm = msg("To get them, confirm here: {url}", url=confirm_url)
    ignore = msg("If it was not you, ignore this e-mail: nothing more will be sent about it.")
    mail.set_content(
        f"{say(asked)}\n\n{_quoted(excerpt(comment.html, 300))}\n\n{say(confirm)}\n\n{say(ignore)}\n"
    )
    _language(mail, language)  # after the content: ``set_content`` clears the Content-* headers
    return mail


def _language(message: EmailMessage, language: str) -> None:
    """Say which language the text is in (RFC 3282), for screen readers and mail filters."""
    message["Content-Language"] = language if language in LANGUAGES else "en"


def moderator_message(
    site: Site,
    thread: Thread,
    comment: Comment,
    *,
    sender: str,
    to: str,
    dashboard_url: str,
    actions: Mapping[str, str] | None = None,
    reports: Reports | None = None,
) -> EmailMessage:
    """Tell the site's moderator about a new comment (or one readers reported), and whether it
    waits for them.

    ``actions`` are one-click links by their label ("Approve": url), each asking before it acts."""
    held = comment.status is CommentStatus.PENDING
    author = one_line(comment.author_name or "Anonymous")
    title = one_line(thread.title or thread.uri)
    what = "Held for moderation" if held else "New comment"
    if reports and reports.total:
        what = f"Reported by {reports.total} reader{'' if reports.total == 1 else 's'}" + (
            ", held" if held else ""
        )
    msg = _message(sender, to, f"[{one_line(site.name, 60)}] {what}: {author} on “{title}”")
    reasons = "\n".join(f"  - {one_line(r.text)} ({r.weight:+.2f})" for r in comment.reasons[:5])
    lines = [
        f"{what} by {author} on “{title}”:",
        "",
        _quoted(excerpt(comment.html, EXCERPT)),
        "",
        f"Website: {one_line(comment.author_url) or '(none)'}",
        f"Spam score: {comment.score:.2f} ({comment.decision.value})",
    ]
    if reasons:
        lines += ["Why:", reasons]
    if reports and reports.total:
        counts = ", ".join(f"{reason.label} {n}" for reason, n in reports.by_reason.items())
        lines.append(f"Readers' reports: {counts}")
    lines += ["", f"Page: {site.comment_url(thread.uri, comment.id)}"]
    lines += [f"{label}: {url}" for label, url in (actions or {}).items()]
    if dashboard_url:
        lines.append(f"Dashboard: {dashboard_url}")
    lines += ["", "-- ", "You get this because your address is the moderator address of this site."]
    msg.set_content("\n".join(lines) + "\n")
    return msg


def test_message(*, sender: str, to: str) -> EmailMessage:
    msg = _message(sender, to, "Rejoinder can send e-mail")
    msg.set_content("This test message shows that the mail settings of your Rejoinder server work.\n")
    return msg


def _message(sender: str, to: str, subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = str(Address(addr_spec=to))
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=_domain_of(sender))
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
    return msg


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines()) or ">"


def _domain_of(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    return address.rsplit("@", 1)[-1] if "@" in address else "rejoinder.invalid"
