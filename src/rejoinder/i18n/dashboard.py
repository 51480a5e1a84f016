"""The moderation dashboard's words in the moderator's language.

The dashboard's templates mark their text for Jinja2's i18n extension (``_()`` and
``{% trans %}``), which formats with gettext's ``%(name)s`` placeholders; the handful of labels
and sentences made in Python are marked with ``dashboard_text`` (gettext's ``N_``) or made with
``phrase`` (a ``Message``, as ``msg`` makes for readers, carrying this catalogue and gettext's
placeholders). All are looked up here, keyed by the English text as a gettext msgid is, in
``dashboard_catalog``: one catalogue per audience, one lookup, no ``.po`` files to compile. An
English text without a translation stays English, so a missing entry degrades to English instead
of failing a page; ``tests/i18n`` makes sure none is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rejoinder.i18n.dashboard_catalog import DASHBOARD, DASHBOARD_PLURALS
from rejoinder.i18n.message import Catalogue, Message


def dashboard_text(template: str) -> str:
    """Mark an English label made in Python for the catalogue; it is translated when shown.
    Returns the template unchanged (gettext's ``N_``)."""
    return template


def _fill_percent(template: str, params: Mapping[str, object]) -> str:
    return template % params


MODERATORS = Catalogue(DASHBOARD, _fill_percent)


def phrase(template: str, **params: object) -> Message:
    """An English dashboard sentence made in Python (an error page's detail), translatable when
    shown; ``%(name)s`` takes ``params``."""
    return Message(template, params, MODERATORS)


def translate(text: str, language: str) -> str:
    """``text`` in ``language``: a ``Message`` from its own catalogue (a reader's sentence that
    reaches a dashboard page from the readers'), plain text (a ``dashboard_text`` label, a
    service's fixed sentence) looked up in the dashboard's, else ``text`` as it is."""
    if isinstance(text, Message):
        return text.said_in(language)
    return DASHBOARD.get(text, {}).get(language, text)


def translate_plural(singular: str, plural: str, count: int, language: str) -> str:
    """The form of ``singular``/``plural`` that ``count`` takes in ``language`` (still a template)."""
    forms = DASHBOARD_PLURALS.get(singular, {}).get(language)
    if not forms:
        return singular if count == 1 else plural
    return forms[min(PLURAL_RULES[language](count), len(forms) - 1)]


def _one_other(n: int) -> int:
    return 0 if n == 1 else 1


def _zero_or_one_other(n: int) -> int:
    """French and Hindi say "0 comment" in the singular."""
    return 0 if n in (0, 1) else 1


def _russian(n: int) -> int:
    """CLDR's one / few / many for whole numbers: 1, 21 / 2-4, 22-24 / 0, 5-20, 11-14, 25..."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# The index of the plural form a count takes, per language (CLDR's rules for whole numbers); the
# catalogue lists each language's forms in this order, so Russian has three.
PLURAL_RULES: dict[str, Callable[[int], int]] = {
    "en": _one_other,
    "de": _one_other,
    "es": _one_other,
    "fr": _zero_or_one_other,
    "hi": _zero_or_one_other,
    "ru": _russian,
}
PLURAL_FORMS = {"en": 2, "de": 2, "es": 2, "fr": 2, "hi": 2, "ru": 3}
