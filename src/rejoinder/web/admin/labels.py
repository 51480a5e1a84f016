"""The English words the dashboard shows for its stored values (a status, a decision, a role, a
required field, a report's reason, a ban's kind), marked for the catalogue.

The values themselves are identifiers that the database, the forms and the URLs keep in English;
only these labels are translated, by the templates' ``_()``, so a form still posts ``pending``
whatever language the moderator reads it in.
"""

from __future__ import annotations

from rejoinder.domain import BanKind
from rejoinder.i18n.dashboard import dashboard_text

STATUS_LABELS = {
    "pending": dashboard_text("Pending"),
    "approved": dashboard_text("Approved"),
    "spam": dashboard_text("Spam"),
    "deleted": dashboard_text("Deleted"),
}
QUEUE_TITLES = {
    "pending": dashboard_text("Pending comments"),
    "approved": dashboard_text("Approved comments"),
    "spam": dashboard_text("Spam comments"),
    "deleted": dashboard_text("Deleted comments"),
}
# A queue with nothing in it: (no filter, with filters).
EMPTY_MESSAGES = {
    "pending": (
        dashboard_text("No pending comments."),
        dashboard_text("No pending comments match these filters."),
    ),
    "approved": (
        dashboard_text("No approved comments."),
        dashboard_text("No approved comments match these filters."),
    ),
    "spam": (
        dashboard_text("No spam comments."),
        dashboard_text("No spam comments match these filters."),
    ),
    "deleted": (
        dashboard_text("No deleted comments."),
        dashboard_text("No deleted comments match these filters."),
    ),
}
# What the engine decided, in the words the filter uses (a "ham" comment is a good one).
DECISION_LABELS = {
    "ham": dashboard_text("ham"),
    "pending": dashboard_text("pending"),
    "spam": dashboard_text("spam"),
    "discard": dashboard_text("discard"),
}
ROLE_LABELS = {"owner": dashboard_text("owner"), "moderator": dashboard_text("moderator")}
FIELD_LABELS = {
    "name": dashboard_text("name"),
    "email": dashboard_text("email"),
    "website": dashboard_text("website"),
}
REPORT_LABELS = {
    "spam": dashboard_text("spam"),
    "abuse": dashboard_text("abusive"),
    "off_topic": dashboard_text("off topic"),
    "other": dashboard_text("other"),
}
SHORT_BAN_KINDS = {
    BanKind.EMAIL: dashboard_text("e-mail"),
    BanKind.DOMAIN: dashboard_text("domain"),
    BanKind.IP_NETWORK: dashboard_text("IP network"),
    BanKind.NAME_PATTERN: dashboard_text("name pattern"),
}
# The queue toolbar's buttons, which act on the ticked comments.
BULK_LABELS = {
    "approve": dashboard_text("Approve selected"),
    "spam": dashboard_text("Spam selected"),
    "delete": dashboard_text("Delete selected"),
    "restore": dashboard_text("Restore selected"),
}

GLOBALS = {
    "status_labels": STATUS_LABELS,
    "queue_titles": QUEUE_TITLES,
    "empty_messages": EMPTY_MESSAGES,
    "decision_labels": DECISION_LABELS,
    "role_labels": ROLE_LABELS,
    "field_labels": FIELD_LABELS,
    "report_labels": REPORT_LABELS,
    "short_kinds": SHORT_BAN_KINDS,
    "bulk_labels": BULK_LABELS,
}

# Fixed sentences of the services below the dashboard that a moderator meets on its pages, as the
# services write them (they know no language). The pages' ``say`` filter finds them in the
# catalogue by their exact text; ``tests/i18n`` checks each is still written so in
# ``rejoinder.services``, so a reworded one fails a test instead of quietly turning English.
SERVICE_SENTENCES = (
    dashboard_text("wrong name or password"),
    dashboard_text("the form's CSRF token is missing or wrong; reload the page and try again"),
    dashboard_text("only an owner may do this"),
)
