"""``Message``: an English sentence that remembers its template and its catalogue, so it can be
said again in another language.

Readers and moderators are two audiences with a catalogue each: readers' sentences (``msg``) are
looked up in ``TRANSLATIONS`` and take ``str.format``'s ``{name}``; the dashboard's (``phrase``,
in ``rejoinder.i18n.dashboard``) in ``DASHBOARD`` with gettext's ``%(name)s``, which its Jinja2
templates format with. A message carries its ``Catalogue``, so one lookup (``localise``) says
either kind right, and a sentence is never looked up in the other audience's catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rejoinder.i18n.catalog import TRANSLATIONS


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One audience's translations, keyed by the English template as a gettext msgid is, and
    how that audience's templates take their values."""

    translations: Mapping[str, Mapping[str, str]]
    fill: Callable[[str, Mapping[str, object]], str]


def _fill_braces(template: str, params: Mapping[str, object]) -> str:
    return template.format(**params)


READERS = Catalogue(TRANSLATIONS, _fill_braces)


class Message(str):
    """The English text itself (so logs, tests and every ``str`` use see no difference), plus the
    template and parameters it was made from and the catalogue that translates it."""

    template: str
    params: Mapping[str, object]
    catalogue: Catalogue

    def __new__(cls, template: str, params: Mapping[str, object], catalogue: Catalogue) -> Message:
        made = super().__new__(cls, catalogue.fill(template, params))
        made.template = template
        made.params = dict(params)
        made.catalogue = catalogue
        return made

    def said_in(self, language: str) -> str:
        """This sentence in ``language`` if its catalogue has it there, else in English."""
        translated = self.catalogue.translations.get(self.template, {}).get(language)
        return self.catalogue.fill(translated, self.params) if translated else str(self)


def msg(template: str, **params: object) -> Message:
    """An English message for a reader, translatable; ``{name}`` placeholders take ``params``."""
    return Message(template, params, READERS)


def translatable(template: str) -> str:
    """Mark a template that is formatted later (a rate limit's, say) as one the catalogue must
    translate; gettext calls this ``N_``. It returns the template unchanged."""
    return template


def localise(text: str, language: str) -> str:
    """``text`` in ``language`` if it is a ``Message`` (a reader's or the dashboard's) with a
    translation there, else as it is: a plain ``str`` is nobody's catalogue entry."""
    return text.said_in(language) if isinstance(text, Message) else text
