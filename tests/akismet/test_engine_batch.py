"""Concurrent checks scored in one engine run give exactly the verdicts of single runs."""

from __future__ import annotations

import asyncio

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
