"""Builds every service once per process. The web layer keeps the result on ``app.state``."""

from __future__ import annotations

import os
from dataclasses import dataclass

from rejoinder.services.akismet import AkismetService
from rejoinder.services.auth import AuthService
from rejoinder.services.comments import CommentService
from rejoinder.services.moderation import ModerationService
from rejoinder.services.notifications import MailLinks, ReplySubscriptions
from rejoinder.services.notifications.moderating import LinkModeration
from rejoinder.services.reactions import Reactions
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import Store, open_store


@dataclass
class Services:
    settings: Settings
    store: Store
    engine: Engine
    spam: SpamService
    comments: CommentService
    akismet: AkismetService
    moderation: ModerationService
    auth: AuthService
    subscriptions: ReplySubscriptions
    link_moderation: LinkModeration
    reactions: Reactions

    async def close(self) -> None:
        await self.akismet.close()  # writes its last batched usage counts
        await self.store.close()


async def build_services(settings: Settings, store: Store | None = None) -> Services:
    """Open the store named by ``settings.database_url`` and load the spam model, once per process.

    Migrations run here unless ``rejoinder serve`` already ran them before starting its workers
    (it sets ``REJOINDER_MIGRATED``), so that several workers never race to create tables.
    """
    if store is None:
        store = await open_store(settings.database_url, statement_timeout=settings.database_timeout)
        if os.environ.get("REJOINDER_MIGRATED") != "1":
            await store.migrate()
    engine = Engine.load(settings.model_path or None)
    spam = SpamService(store, engine, settings)
    moderation = ModerationService(store, spam, settings)
    return Services(
        settings=settings,
        store=store,
        engine=engine,
        spam=spam,
        comments=CommentService(store, spam, settings),
        akismet=AkismetService(store, spam, settings),
        moderation=moderation,
        auth=AuthService(store, settings),
        subscriptions=ReplySubscriptions(store, settings),
        link_moderation=LinkModeration(store, moderation, MailLinks(settings)),
        reactions=Reactions(store, settings),
    )
