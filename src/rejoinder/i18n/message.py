"""``Message``: an English sentence that remembers its template, so it can be said again in
another language."""

from __future__ import annotations

from collections.abc import Mapping

from rejoinder.i18n.catalog import TRANSLATIONS


class Message(str):
    """The English text itself (so logs, tests and every ``str`` use see no difference), plus the
    template and parameters it was made from."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object]) -> Message:
        made = super().__new__(cls, template.format(**params))
        made.template = template
        made.params = dict(params)
        return made


def msg(template: str, **params: object) -> Message:
    """An English message for a reader, translatable; ``{name}`` placeholders take ``params``."""
    return Message(template, params)


def translatable(template: str) -> str:
    """Mark a template that is formatted later (a rate limit's, say) as one the catalogue must
    translate; gettext calls this ``N_``. It returns the template unchanged."""
    return template


def localise(text: str, language: str) -> str:
    """``text`` in ``language`` if it is a ``Message`` with a translation there, else as it is."""
    if not isinstance(text, Message):
        return text
    translated = TRANSLATIONS.get(text.template, {}).get(language)
    return translated.format(**text.params) if translated else str(text)
