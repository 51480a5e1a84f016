"""The shared spam-check service on a real store (both backends) and the real engine."""

from __future__ import annotations

from rejoinder.domain import BanKind, Decision, SiteSettings
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import Store

CAMPAIGN = (
    "Great post! I found amazing discounts on replica watches at our online store, "
    "visit cheap-replica-watches.example for the best deals today."
)
FIELDS = {
    "comment_content": CAMPAIGN,
    "comment_author": "Watch Deals",
    "comment_author_email": "deals@example.com",
    "comment_author_url": "https://cheap-replica-watches.example",
    "user_ip": "198.51.100.23",
    "user_agent": "Mozilla/5.0",
}
ENGINE = Engine.load()


def _service(store: Store) -> SpamService:
    return SpamService(store, ENGINE, Settings(database_url="sqlite://", secret_key="k"))


async def test_a_check_is_recorded_with_a_minimised_ip(store: Store) -> None:
    site = await store.create_site("S", "https://s.example")
    outcome = await _service(store).check(site, FIELDS, api_key=None, is_test=True)
    record = await store.get_check(outcome.guid)
    assert record is not None
    assert record.is_test
    assert record.payload["user_ip"] == "198.51.100.0"
    assert record.decision is outcome.verdict.decision
    unrecorded = await _service(store).check(site, FIELDS, record=False)
    assert await store.get_check(unrecorded.guid) is None


async def test_a_ban_forces_spam_and_is_named_first(store: Store) -> None:
    site = await store.create_site("S", "https://s.example")
    await store.add_ban(None, BanKind.IP_NETWORK, "198.51.100.0/24", "mod")
    verdict = (await _service(store).check(site, {**FIELDS, "comment_content": "Nice article."})).verdict
    assert verdict.decision in (Decision.SPAM, Decision.DISCARD)
    assert verdict.reasons[0].text == "banned IP network 198.51.100.0/24"


async def test_site_thresholds_are_applied(store: Store) -> None:
    strict = await store.create_site(
        "S",
        "https://s.example",
        SiteSettings(pending_threshold=0.0, spam_threshold=0.999999, discard_threshold=1.0),
    )
    verdict = (
        await _service(store).check(strict, {"comment_content": "Thank you for this article."})
    ).verdict
    assert verdict.decision is Decision.PENDING


async def test_learning_reaches_every_process_and_undo_reverses_it(store: Store) -> None:
    site = await store.create_site("S", "https://s.example")
    worker_a, worker_b = _service(store), _service(store)
    before = (await worker_b.check(site, FIELDS, record=False)).verdict.score
    event = await worker_a.learn(site, FIELDS, True, source="dashboard", actor="mod")
    assert (await worker_a.site_model(site.id)).n_learned == 1  # at once, in the process that learned
    after = (await worker_b.check(site, FIELDS, record=False)).verdict.score
    assert (await worker_b.site_model(site.id)).n_learned == 1  # and in the other one before its next check
    assert after > before
    await worker_a.undo(event.id)
    assert (await worker_a.site_model(site.id)).n_learned == 0
    assert (await worker_b.site_model(site.id)).n_learned == 0
    undone = (await worker_b.check(site, FIELDS, record=False)).verdict.score
    assert abs(undone - before) < 1e-6


async def test_a_restarted_process_replays_what_was_learned(store: Store) -> None:
    site = await store.create_site("S", "https://s.example")
    other = await store.create_site("T", "https://t.example")
    first = _service(store)
    for i in range(3):
        await first.learn(site, {**FIELDS, "comment_content": f"{CAMPAIGN} #{i}"}, True, source="akismet")
    undone = await first.learn(
        site, {"comment_content": "A fine point about taxes."}, False, source="dashboard"
    )
    await first.undo(undone.id)
    restarted = _service(store)
    assert (await restarted.site_model(site.id)).n_learned == 3
    assert (await restarted.site_model(other.id)).n_learned == 0  # learning is per site


async def test_the_site_layer_is_fitted_off_the_event_loop_before_the_next_check(store: Store) -> None:
    """A refit takes up to a second for thousands of marks; the service runs it in a worker thread
    (``_fit_in_thread``) and installs the weights before the check that needed them."""
    site = await store.create_site("S", "https://s.example")
    service = _service(store)
    inline = ENGINE.new_site_model()
    marks = [{**FIELDS, "comment_content": f"{CAMPAIGN} Order #{i} ships today."} for i in range(40)]
    for fields in marks:
        await service.learn(site, fields, True, source="dashboard")
    inline.learn_many(marks, [True] * len(marks))
    model = await service.site_model(site.id)
    assert model.n_learned == 40
    assert not model.needs_fit  # fitted by the service, so no check fits in the event loop's thread
    probe = {**FIELDS, "comment_content": "Visit our store today, order #77 ships today."}
    assert ENGINE.check(probe, site_model=model).score == ENGINE.check(probe, site_model=inline).score
