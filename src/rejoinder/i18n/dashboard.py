"""The moderation dashboard's words in the moderator's language.

The dashboard's templates mark their text for Jinja2's i18n extension (``_()`` and
``{% trans %}``), which formats with gettext's ``%(name)s`` placeholders; the handful of labels
and sentences made in Python are marked with ``dashboard_text`` (gettext's ``N_``) or made with
``phrase`` (a ``str`` that keeps its template, as ``msg`` does for readers). All are looked up
here, keyed by the English text as a gettext msgid is, in ``dashboard_catalog``: one catalogue
per audience, one lookup, no ``.po`` files to compile. An English text without a translation stays
English, so a missing entry degrades to English instead of failing a page; ``tests/i18n`` makes
sure none is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rejoinder.i18n.dashboard_catalog import DASHBOARD, DASHBOARD_PLURALS


def dashboard_text(template: str) -> str:
    """Mark an English label made in Python for the catalogue; it is translated when shown.
    Returns the template unchanged (gettext's ``N_``)."""
    return template


class Phrase(str):
    """A dashboard sentence with ``%(name)s`` parameters, made in Python (an error page's
    detail): the English text itself, plus the template to translate and the values to put in."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object]) -> Phrase:
        made = super().__new__(cls, template % params)
        made.template = template
        made.params = dict(params)
        return made


def phrase(template: str, **params: object) -> Phrase:
    """An English dashboard sentence, translatable when shown; ``%(name)s`` takes ``params``."""
    return Phrase(template, params)


def translate(text: str, language: str) -> str:
    """``text``'s template in ``language`` (a ``Phrase`` with its values put back), else ``text``."""
    if isinstance(text, Phrase):
        translated = DASHBOARD.get(text.template, {}).get(language)
        return translated % text.params if translated else str(text)
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
