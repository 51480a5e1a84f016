"""The words Rejoinder speaks: frozen dataclasses and enums, no I/O.

Every other layer (spam, storage, services, web) imports from here; this package imports
nothing of Rejoinder's.
"""

from rejoinder.domain.comment import Comment, CommentStatus, ImportedComment, NewComment
from rejoinder.domain.moderation import AuditEntry, Ban, BanKind, Moderator, Role
from rejoinder.domain.site import ApiKey, ModerationPolicy, RequiredField, Site, SiteSettings
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
    "ModerationPolicy",
    "Moderator",
    "NewComment",
    "Reason",
    "RequiredField",
    "Role",
    "Site",
    "SiteSettings",
    "Thread",
    "Verdict",
]
