"""``EngineBatcher.check(gather=False)``: checks whose company has arrived run at the next turn.

A comment post's check comes from a facts read that already gathered its batch, so it must not
wait out the busy batcher's ``GATHER`` again. ``GATHER`` is stretched to a minute here: a check
that waited for it would time the test out, and the loop's clock shows that none did.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from rejoinder.services import engine_batch
from rejoinder.services.akismet_fields import engine_fields
from rejoinder.services.engine_batch import EngineBatcher
from rejoinder.spam import Engine, SiteContext, Thresholds

HAM = {"comment_content": "Thanks for the write-up, the second chart made the point clear."}


@pytest.fixture
def batcher(monkeypatch: pytest.MonkeyPatch) -> EngineBatcher:
    monkeypatch.setattr(engine_batch, "GATHER", 60.0)
    return EngineBatcher(Engine.load())


MODELS: dict[int, object] = {}


async def _check(batcher: EngineBatcher, *, gather: bool) -> str:
    verdict = await batcher.check(
        engine_fields(HAM),
        context=SiteContext(),
        site_model=_model(batcher),
        thresholds=Thresholds(),
        gather=gather,
    )
    return verdict.decision.value


def _model(batcher: EngineBatcher) -> Any:
    """One learned layer per batcher: checks of one site are one group of a run."""
    return MODELS.setdefault(id(batcher), batcher.engine.new_site_model())


async def _busy(batcher: EngineBatcher) -> None:
    await _check(batcher, gather=True)  # idle: runs at once, and makes the batcher busy
    assert batcher.engine_runs == 1


async def test_a_check_with_company_does_not_wait_on_a_busy_batcher(batcher: EngineBatcher) -> None:
    await _busy(batcher)
    loop = asyncio.get_running_loop()
    started = loop.time()
    decisions = await asyncio.wait_for(
        asyncio.gather(*(_check(batcher, gather=False) for _ in range(5))), timeout=30
    )
    assert decisions == ["ham"] * 5
    assert batcher.engine_runs == 2  # the five arrived in one turn: one run
    assert loop.time() - started < 30


async def test_a_check_with_company_takes_the_gathering_checks_along(batcher: EngineBatcher) -> None:
    """Akismet checks waiting out ``GATHER`` are scored with the post's check, at once."""
    await _busy(batcher)
    waiting = asyncio.ensure_future(_check(batcher, gather=True))
    await asyncio.sleep(0.01)
    assert not waiting.done()  # gathering: it would wait a minute
    decisions = await asyncio.wait_for(asyncio.gather(waiting, _check(batcher, gather=False)), timeout=30)
    assert decisions == ["ham", "ham"]
    assert batcher.engine_runs == 2


async def test_a_busy_batcher_still_gathers_checks_without_company(batcher: EngineBatcher) -> None:
    await _busy(batcher)
    waiting = asyncio.ensure_future(_check(batcher, gather=True))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    waiting.cancel()
