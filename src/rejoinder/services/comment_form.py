"""What a reader typed into the comment form, checked against the site's rules.

Every problem is a ``ValidationError`` that names the field and says what to fix, in words a
reader can act on; the first problem found is reported (the form shows one message at a time).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rejoinder.domain import RequiredField, SiteSettings
from rejoinder.errors import ValidationError
from rejoinder.i18n import msg

MAX_NAME = 200
MAX_EMAIL = 320
MAX_URL = 2000
MAX_URI = 2000
MAX_TITLE = 500
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"'.]+(\.[^@\s<>\"'.]+)+$")
_URL = re.compile(r"^https?://[^\s<>\"'/?#]+\.[^\s<>\"'/?#]+([/?#][^\s<>\"]*)?$", re.IGNORECASE)
_CONTROL = {"Cc", "Cf", "Cs", "Co"}


@dataclass(frozen=True, slots=True)
class CommentForm:
    """A validated, normalised submission (whitespace trimmed, website with its scheme)."""

    author: str
    email: str
    website: str
    text: str


def clean_line(value: str) -> str:
    """One-line fields lose control and format characters (bidi overrides, zero-width joiners...).

    Printable ASCII (nearly every name, address, website and user agent) holds none of them, so
    it skips the character-by-character look-up that cost a post four calls' worth of CPU."""
    if value.isascii() and value.isprintable():
        return value.strip()
    return "".join(ch for ch in value if unicodedata.category(ch) not in _CONTROL).strip()


def check_uri(uri: str) -> str:
    uri = uri.strip()
    if (
        not uri.startswith("/")
        or len(uri) > MAX_URI
        or " " in uri
        or not uri.isprintable()  # every other space (tabs, line breaks, NBSP...) is unprintable
    ):
        raise ValidationError(
            "uri must be the page's path, starting with / (e.g. /news/article), at most 2000 characters",
            field="uri",
        )
    return uri


def check_text(text: str, settings: SiteSettings) -> str:
    # NULs and lone surrogates cannot be stored (PostgreSQL refuses NUL; UTF-8 has no surrogates)
    if "\x00" in text or not text.isascii():  # a character at a time only when one may go
        text = "".join(ch for ch in text if ch != "\x00" and not "\ud800" <= ch <= "\udfff")
    text = text.strip()
    if not text:
        raise ValidationError(msg("Write something before posting: the comment is empty."), field="text")
    if len(text) > settings.max_comment_length:
        raise ValidationError(
            msg(
                "The comment is {length} characters long; the limit is {limit}.",
                length=len(text),
                limit=settings.max_comment_length,
            ),
            field="text",
        )
    return text


def is_address(value: str) -> bool:
    """One e-mail address, by the form's rule (also used for a site's moderator address)."""
    return len(value) <= MAX_EMAIL and bool(_EMAIL.match(value))


def web_address(value: str) -> str:
    """A website by the form's rule, as it is stored (``https://`` added where the scheme is
    missing), or "" when it is not a web address (also used for websites in an imported export)."""
    url = value if "://" in value else "https://" + value
    return url if len(url) <= MAX_URL and _URL.match(url) else ""


def validate_form(author: str, email: str, website: str, text: str, settings: SiteSettings) -> CommentForm:
    author, email, website = clean_line(author), clean_line(email), clean_line(website)
    required = set(settings.required_fields)
    if RequiredField.NAME in required and not author:
        raise ValidationError(msg("Please give your name: this site requires it."), field="author")
    if len(author) > MAX_NAME:
        raise ValidationError(
            msg("The name is too long: at most {limit} characters.", limit=MAX_NAME), field="author"
        )
    if RequiredField.EMAIL in required and not email:
        raise ValidationError(
            msg("Please give your e-mail address: this site requires it (it is never shown)."), field="email"
        )
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise ValidationError(
            msg("The e-mail is not an address: it should look like name@example.org."), field="email"
        )
    if RequiredField.WEBSITE in required and not website:
        raise ValidationError(msg("Please give your website: this site requires it."), field="website")
    if website:
        website = web_address(website)
        if not website:
            raise ValidationError(
                msg("The website is not a web address: it should look like https://example.org."),
                field="website",
            )
    return CommentForm(author=author, email=email, website=website, text=check_text(text, settings))
