"""ModerationService on both real backends with the real spam service: the learning loop, undo,
bans and policy validation, and that all of it lives in the database, not in one process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

import pytest

from rejoinder.domain import BanKind, CommentStatus, Decision, NewComment, Site, SiteSettings, Thread
from rejoinder.errors import Conflict, NotFound, ValidationError
from rejoinder.services.moderation import (
    Action,
    ModerationService,
    teaches,
    validate_ban,
    validate_site_settings,
)
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import Store


@dataclass
class World:
    store: Store
    engine: Engine
    spam: SpamService
    moderation: ModerationService
    site: Site
    thread: Thread

    async def comment(self, text: str, status: CommentStatus = CommentStatus.PENDING) -> int:
        decision = {CommentStatus.APPROVED: Decision.HAM, CommentStatus.SPAM: Decision.SPAM}.get(
            status, Decision.PENDING
        )
        new = NewComment(
            self.thread.id, None, "Ann", "ann@example.org", "", text, f"<p>{text}</p>", status, 0.5, decision
        )
        return (await self.store.insert_comment(new)).id

    def fresh_process(self) -> tuple[SpamService, ModerationService]:
        """What another server worker would build on the same database."""
        spam = SpamService(self.store, self.engine, Settings(secret_key="t"))
        return spam, ModerationService(self.store, spam, Settings(secret_key="t"))


@pytest.fixture
async def world(store: Store, model_path: str) -> AsyncIterator[World]:
    engine = Engine.load(model_path or None)
    spam = SpamService(store, engine, Settings(secret_key="t"))
    site = await store.create_site("Planet", "https://planet.example")
    thread = await store.get_or_create_thread(site.id, "/a", "A")
    return World(store, engine, spam, ModerationService(store, spam, Settings(secret_key="t")), site, thread)


async def status(world: World, comment_id: int) -> CommentStatus:
    return (await world.store.get_comment(comment_id)).status


async def test_approving_held_teaches_ham_marking_published_teaches_spam(world: World) -> None:
    held = await world.comment("held one")
    published = await world.comment("published one", CommentStatus.APPROVED)
    ok = await world.moderation.act("mo", Action.APPROVE, [held])
    bad = await world.moderation.act("mo", Action.SPAM, [published])
    assert ok.changed == (held,)
    assert len(ok.learned) == 1
    assert bad.changed == (published,)
    assert len(bad.learned) == 1
    events = {e.comment_id: e for e in await world.store.learning_events(world.site.id)}
    assert events[held].is_spam is False
    assert events[published].is_spam is True
    assert {e.source for e in events.values()} == {"dashboard"}
    site_model = await world.spam.site_model(world.site.id)
    assert site_model.n_learned == 2


async def test_an_action_that_changes_nothing_teaches_nothing(world: World) -> None:
    published = await world.comment("fine", CommentStatus.APPROVED)
    result = await world.moderation.act("mo", Action.APPROVE, [published])
    assert result.changed == ()
    assert result.unchanged == (published,)
    assert result.learned == ()


async def test_undo_walks_back_the_actors_own_actions_in_order(world: World) -> None:
    a, b = await world.comment("a"), await world.comment("b")
    await world.moderation.act("mo", Action.APPROVE, [a])
    await world.moderation.act("mo", Action.DELETE, [b])
    await world.moderation.act("olga", Action.SPAM, [a])  # a colleague's action is not mo's to undo
    last = await world.moderation.undo("mo")
    assert last.action == Action.DELETE
    assert await status(world, b) is CommentStatus.PENDING
    last = await world.moderation.undo("mo")
    assert last.action == Action.APPROVE
    assert await status(world, a) is CommentStatus.SPAM  # olga moved it since: undo leaves it alone
    events = await world.store.learning_events(world.site.id)
    assert [(e.actor, e.is_spam, e.undone_at is not None) for e in events] == [
        ("mo", False, True),
        ("olga", True, False),
    ]
    with pytest.raises(Conflict):
        await world.moderation.undo("mo")


async def test_undo_and_learning_survive_into_another_process(world: World) -> None:
    """Learned state and the undo record live in the database, so any worker sees them."""
    spam_comment = await world.comment("buy followers now", CommentStatus.APPROVED)
    await world.moderation.act("mo", Action.SPAM, [spam_comment])
    other_spam, other_moderation = world.fresh_process()
    assert (await other_spam.site_model(world.site.id)).n_learned == 1
    last = await other_moderation.last_action("mo")
    assert last is not None
    assert last.comment_ids == (spam_comment,)
    await other_moderation.undo("mo")
    assert await status(world, spam_comment) is CommentStatus.APPROVED
    assert (await world.spam.site_model(world.site.id)).n_learned == 0  # the first process unlearns too


async def test_restore_returns_a_comment_to_where_the_engine_put_it(world: World) -> None:
    published, held = await world.comment("ok", CommentStatus.APPROVED), await world.comment("hm")
    await world.moderation.act("mo", Action.DELETE, [published, held])
    await world.moderation.act("mo", Action.RESTORE, [published, held])
    assert await status(world, published) is CommentStatus.APPROVED
    assert await status(world, held) is CommentStatus.PENDING


async def test_actions_refuse_bad_requests(world: World) -> None:
    with pytest.raises(ValidationError):
        await world.moderation.act("mo", Action.APPROVE, [])
    with pytest.raises(ValidationError):
        await world.moderation.act("mo", "publish", [1])
    with pytest.raises(ValidationError):
        await world.moderation.act("mo", Action.APPROVE, list(range(1, 600)))
    held = await world.comment("held")
    with pytest.raises(NotFound):
        await world.moderation.act("mo", Action.APPROVE, [held, 987654])
    assert await status(world, held) is CommentStatus.PENDING  # nothing half-done
    with pytest.raises(ValidationError):
        await world.moderation.reply_as_site("mo", await world.comment("x"), "   ")


async def test_bans_are_validated_normalised_unique_and_audited(world: World) -> None:
    ban = await world.moderation.add_ban("mo", world.site.id, BanKind.DOMAIN, "HTTPS://Spam.Example/path")
    assert ban.value == "spam.example"
    with pytest.raises(Conflict):
        await world.moderation.add_ban("mo", world.site.id, BanKind.DOMAIN, "spam.example")
    with pytest.raises(NotFound):
        await world.moderation.add_ban("mo", 424242, BanKind.EMAIL, "a@b.example")
    net = await world.moderation.add_ban("mo", None, BanKind.IP_NETWORK, "203.0.113.77/24")
    assert net.value == "203.0.113.0/24"
    fields = {"comment_content": "hello there", "user_ip": "203.0.113.5"}
    verdict = (await world.spam.check(world.site, fields, record=False)).verdict
    assert verdict.decision in (Decision.SPAM, Decision.DISCARD)
    assert "203.0.113.0/24" in verdict.reasons[0].text
    await world.moderation.remove_ban("mo", net.id)
    with pytest.raises(NotFound):
        await world.moderation.remove_ban("mo", net.id)
    actions = [e.action for e in await world.store.list_audit()]
    assert actions.count("ban") == 2
    assert "unban" in actions


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (BanKind.EMAIL, "not-an-address"),
        (BanKind.DOMAIN, "no spaces allowed.example x"),
        (BanKind.IP_NETWORK, "203.0.113.0/33"),
        (BanKind.NAME_PATTERN, ""),
        (BanKind.EMAIL, "a@b.example" + "x" * 600),
    ],
)
def test_bad_ban_values_name_the_field(kind: BanKind, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_ban(kind, value)
    assert error.value.field == "value"


def test_what_each_move_teaches() -> None:
    assert teaches(Action.APPROVE, CommentStatus.PENDING) is False
    assert teaches(Action.APPROVE, CommentStatus.SPAM) is False
    assert teaches(Action.SPAM, CommentStatus.APPROVED) is True
    assert teaches(Action.SPAM, CommentStatus.PENDING) is True
    for action in (Action.DELETE, Action.RESTORE):
        for before in CommentStatus:
            assert teaches(action, before) is None
    assert teaches(Action.APPROVE, CommentStatus.DELETED) is None


def test_site_settings_must_hang_together() -> None:
    good = SiteSettings()
    assert validate_site_settings(good) is good
    for change, field in (
        ({"pending_threshold": 0.0}, "pending_threshold"),
        ({"discard_threshold": 1.5}, "discard_threshold"),
        ({"pending_threshold": 0.95}, "spam_threshold"),
        ({"edit_window_seconds": -1}, "edit_window_seconds"),
        ({"max_comment_length": 0}, "max_comment_length"),
        ({"retention_days": 100_000}, "retention_days"),
        ({"allowed_origins": ("https://ok.example/path",)}, "allowed_origins"),
        ({"privacy_url": "javascript:alert(1)"}, "privacy_url"),
    ):
        with pytest.raises(ValidationError) as error:
            validate_site_settings(replace(good, **change))  # type: ignore[arg-type]
        assert error.value.field == field
