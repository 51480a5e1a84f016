"""The words Rejoinder speaks: frozen dataclasses and enums, no I/O.

Every other layer (spam, storage, services, web) imports from here; this package imports
nothing of Rejoinder's.
"""

from rejoinder.domain.comment import Comment, CommentStatus, ImportedComment, NewComment
from rejoinder.domain.moderation import AuditEntry, Ban, BanKind, Moderator, Role
from rejoinder.domain.notification import MailKind, MailState, OutgoingMail, QueuedMail
from rejoinder.domain.reaction import Reaction, ReactionKind, ReactionTally, ReportReason, Reports
from rejoinder.domain.site import ApiKey, ModerationPolicy, ModeratorMail, RequiredField, Site, SiteSettings
from rejoinder.domain.thread import Thread
from rejoinder.domain.verdict import Decision, Reason, Verdict

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Ban",
    "BanKind",
    "Comment",
    "CommentStatus",
    "Decision",
    "ImportedComment",
    "MailKind",
    "MailState",
    "ModerationPolicy",
    "Moderator",
    "ModeratorMail",
    "NewComment",
    "OutgoingMail",
    "QueuedMail",
    "Reaction",
    "ReactionKind",
    "ReactionTally",
    "Reason",
    "ReportReason",
    "Reports",
    "RequiredField",
    "Role",
    "Site",
    "SiteSettings",
    "Thread",
    "Verdict",
]
