"""Concurrent checks scored in one engine run give exactly the verdicts of single runs."""

from __future__ import annotations

import asyncio

import pytest

from rejoinder.services import engine_batch
from rejoinder.services.akismet_fields import engine_fields
from rejoinder.services.engine_batch import EngineBatcher
from rejoinder.spam import Engine, SiteContext, Thresholds
from tests.akismet.conftest import HAM, SPAM


async def test_a_batch_gives_the_verdicts_of_single_checks() -> None:
    engine = Engine.load()
    model = engine.new_site_model()
    comments = [
        engine_fields({**base, "comment_content": f"{base['comment_content']} #{i}"})
        for i in range(12)
        for base in (HAM, SPAM)
    ]
    batcher = EngineBatcher(engine)
    plain, banned = SiteContext(), SiteContext(ban="banned e-mail x@example.org")
    strict = Thresholds(pending=0.3, spam=0.6, discard=0.99)
    jobs = [
        batcher.check(
            c,
            context=banned if i % 5 == 0 else plain,
            site_model=model,
            thresholds=strict if i % 3 else Thresholds(),
        )
        for i, c in enumerate(comments)
    ]
    batched = await asyncio.gather(*jobs)
    assert batcher.engine_runs == 4  # one per (context, thresholds) group, all in one turn of the loop
    for i, (comment, verdict) in enumerate(zip(comments, batched, strict=True)):
        single = engine.check(
            comment,
            context=banned if i % 5 == 0 else plain,
            site_model=model,
            thresholds=strict if i % 3 else Thresholds(),
        )
        assert verdict.decision == single.decision
        assert abs(verdict.score - single.score) < 1e-9
        assert [r.text for r in verdict.reasons] == [r.text for r in single.reasons]


async def test_an_idle_check_runs_at_once_in_a_batch_of_one() -> None:
    batcher = EngineBatcher(Engine.load())
    engine = batcher.engine
    first = await batcher.check(
        engine_fields(HAM), context=SiteContext(), site_model=engine.new_site_model(), thresholds=Thresholds()
    )
    assert batcher.engine_runs == 1
    assert first.decision.value == "ham"


async def test_a_busy_batcher_gathers_the_checks_that_arrive_within_its_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a batch, checks arriving within ``BUSY_WINDOW`` wait up to ``GATHER`` for company:
    three checks a millisecond apart, 10 ms after the last run, are scored in one run. (GATHER
    is stretched so that a crowded machine's scheduling cannot split them.)"""
    monkeypatch.setattr(engine_batch, "GATHER", 0.2)
    batcher = EngineBatcher(Engine.load())
    engine = batcher.engine
    model = engine.new_site_model()

    async def check(delay: float) -> None:
        await asyncio.sleep(delay)
        await batcher.check(
            engine_fields(HAM), context=SiteContext(), site_model=model, thresholds=Thresholds()
        )

    await check(0)
    assert batcher.engine_runs == 1
    await asyncio.sleep(0.01)
    await asyncio.gather(check(0), check(0.0005), check(0.001))
    assert batcher.engine_runs == 2
