"""Reader-facing server messages in the reader's language.

The widget speaks six languages; the server's own sentences (a field to fix, a closed thread, a
rate limit) used to reach every reader in English. A message is written in English where it is
raised, wrapped in ``msg`` (the English template is its key, as a gettext msgid is), and the web
layer renders it in the language the request asks for (``negotiate``) with ``localise``. A message
without a translation, or a language without one, stays English: nothing is ever lost.

The moderation dashboard's own words are in ``dashboard`` (``phrase``, lookup, plural rules) and
``dashboard_catalog``: another audience, and gettext's ``%(name)s`` placeholders, which the
dashboard's Jinja2 templates format with. A ``phrase`` is a ``Message`` too, carrying its own
catalogue, so ``localise`` says it from the dashboard's.
"""

from rejoinder.i18n.catalog import LANGUAGES, TRANSLATIONS
from rejoinder.i18n.message import Message, localise, msg, translatable
from rejoinder.i18n.negotiate import negotiate

__all__ = ["LANGUAGES", "TRANSLATIONS", "Message", "localise", "msg", "negotiate", "translatable"]
