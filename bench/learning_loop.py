"""The learning loop, measured: a new spam campaign that the shipped model lets through, stopped
after a moderator marks a handful of it, without making the site's own ham a false positive.

    .venv/bin/python -m bench.learning_loop            # prints a Markdown report
    .venv/bin/python -m bench.learning_loop --seed 7   # another draw of the campaigns

For each of three campaigns (new kinds: affiliate "review" praise with a link, a fake
"funds recovery" testimonial without a link, a "free solar survey" lead-generation pitch), 400
variants are generated from templates; the first 50 that the shipped model calls ham form the
campaign, in arrival order. The moderator marks the first k as spam; the other 50 - k are
scored again. "Held" means the decision is pending, spam or discard (score >= the pending
threshold, 0.5 by default). The site's history is real ham: the hand-written news comments
(training/data/handwritten) and, when present, the DataCamp blog comments (../shared/data).
A new false positive is a history ham that was published before the marks and is held after.

Two paths are measured:
  direct       ``SiteModel.learn`` on the engine (the unit the service replays);
  end to end   a real SQLite store, ``ModerationService.act(..., "spam", ids)`` exactly as the
               dashboard's Spam button calls it, then checks through ``SpamService.check`` in a
               *fresh* SpamService (another process's view, built from the learning events in the
               database), then ``undo`` of the marks.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import platform
import random
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rejoinder.domain import CommentStatus, Decision, NewComment
from rejoinder.services.moderation import Action, ModerationService
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine, SiteModel, Thresholds
from rejoinder.storage import open_store

ROOT = Path(__file__).resolve().parents[1]
HISTORY_FILES = [
    ROOT / "training" / "data" / "handwritten" / "news_comments.jsonl",
    ROOT.parent / "shared" / "data" / "datacamp_blog_comments.jsonl",
]
CAMPAIGN_SIZE = 50
CANDIDATES = 1000
MARKS = (0, 1, 2, 3, 5, 10)
PENALTY_MARKS = (1.0, 3.0, 10.0)  # the site layer's penalty: penalty_marks / n for n marks
GOAL_MARKS = 5
THRESHOLDS = Thresholds()

Comment = dict[str, Any]

FIRST = [
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Lucas",
    "Mia",
    "Ethan",
    "Sofia",
    "James",
    "Chloe",
    "Daniel",
]
LAST = ["Turner", "Hughes", "Patel", "Novak", "Garcia", "Walsh", "Fischer", "Kowalski", "Reid", "Moreau"]
TOPICS = [
    "the housing figures",
    "the council budget",
    "rail fares",
    "the heatwave",
    "school funding",
    "energy prices",
]


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    mail = rng.choice(["gmail.com", "outlook.com", "yahoo.com", "proton.me"])
    return f"{first} {last}", f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{mail}"


def _affiliate(rng: random.Random) -> Comment:
    name, email = _person(rng)
    text = rng.choice(
        [
            "Useful overview of {topic}. I had been comparing {thing} for weeks and the side-by-side at "
            "{site} finally made it click for me.",
            "Good piece on {topic}. For anyone also weighing up {thing}, {site} has an honest comparison "
            "that saved me a lot of time.",
            "Thanks for this. Slightly off topic, but when I was choosing {thing} the guide on {site} was "
            "the clearest I found.",
        ]
    ).format(
        topic=rng.choice(TOPICS),
        thing=rng.choice(["home insurance deals", "broadband plans", "mortgage brokers", "boiler cover"]),
        site="https://compare-smart-deals.net/" + rng.choice(["guide", "best", "2026", "reviews"]),
    )
    return {
        "comment_content": text,
        "comment_author": name,
        "comment_author_email": email,
        "comment_author_url": "https://compare-smart-deals.net",
    }


def _recovery(rng: random.Random) -> Comment:
    name, email = _person(rng)
    agent = rng.choice(["Mr Daniel Hart", "Agent Laura Pierce", "Mr Kevin Ross"])
    text = rng.choice(
        [
            "I lost {amount} to a fake trading platform last {month}. {agent} from Asset Trace Partners got "
            "every penny back within {n} weeks. You can reach them at recovery@assettracepartners.org",
            "After reading about {topic} I have to share: {agent} at Asset Trace Partners recovered the "
            "{amount} I lost to an online broker. Contact recovery@assettracepartners.org, they are genuine.",
        ]
    ).format(
        amount=rng.choice(["£12,000", "$8,400", "€15,500", "£4,900"]),
        month=rng.choice(["March", "summer", "winter", "year"]),
        agent=agent,
        n=rng.randint(2, 6),
        topic=rng.choice(TOPICS),
    )
    return {"comment_content": text, "comment_author": name, "comment_author_email": email}


def _solar(rng: random.Random) -> Comment:
    name, email = _person(rng)
    text = rng.choice(
        [
            "Interesting article about {topic}. Homeowners in {city} can now book a free solar survey "
            "through the BrightRoof scheme, we cut our bills by {pct}% last winter.",
            "With {topic} in the news, worth knowing that the BrightRoof scheme is still offering free solar "
            "surveys in {city}. Our bills went down {pct}% since the panels went up.",
        ]
    ).format(
        topic=rng.choice(TOPICS),
        city=rng.choice(["Leeds", "Bristol", "Cardiff", "Norwich", "York", "Derby"]),
        pct=rng.randint(30, 70),
    )
    return {
        "comment_content": text,
        "comment_author": name,
        "comment_author_email": email,
        "comment_author_url": rng.choice(["", "https://brightroof-solar.co.uk"]),
    }


CAMPAIGNS: dict[str, Callable[[random.Random], Comment]] = {
    "affiliate review with a link": _affiliate,
    "funds-recovery testimonial, no link": _recovery,
    "free solar survey pitch": _solar,
}


def _with_metadata(comment: Comment, rng: random.Random) -> Comment:
    net = rng.choice(["198.51.100", "203.0.113", "192.0.2", "100.64.12"])
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
    return {**comment, "user_ip": f"{net}.{rng.randint(1, 254)}", "user_agent": ua, "seconds_on_page": 45.0}


def build_campaign(
    engine: Engine, make: Callable[[random.Random], Comment], seed: int
) -> tuple[list[Comment], int]:
    """The first 50 generated variants the shipped model publishes, and how many were tried."""
    rng = random.Random(seed)
    candidates = [_with_metadata(make(rng), rng) for _ in range(CANDIDATES)]
    verdicts = engine.check_many(candidates, thresholds=THRESHOLDS)
    let_through = [c for c, v in zip(candidates, verdicts, strict=True) if v.decision is Decision.HAM]
    return let_through[:CAMPAIGN_SIZE], len(candidates)


def load_history() -> list[Comment]:
    history: list[Comment] = []
    for path in HISTORY_FILES:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("label") != "ham":
                continue
            history.append(
                {
                    "comment_content": row.get("content", ""),
                    "comment_author": row.get("author", ""),
                    "comment_author_email": row.get("author_email", ""),
                    "comment_author_url": row.get("author_url", ""),
                    "user_ip": row.get("author_ip", ""),
                    "seconds_on_page": 60.0,
                }
            )
    return history


def held(decisions: Sequence[Decision]) -> int:
    return sum(d is not Decision.HAM for d in decisions)


@dataclass
class DirectResult:
    held_after: dict[int, int]  # marks -> held among the rest (50 - marks)
    new_false_positives: dict[int, int]
    history_held_before: int
    learn_ms: float


def run_direct(engine: Engine, campaign: list[Comment], history: list[Comment]) -> DirectResult:
    base_history = [v.decision for v in engine.check_many(history, thresholds=THRESHOLDS)]
    held_after: dict[int, int] = {}
    new_fps: dict[int, int] = {}
    learn_times: list[float] = []
    for k in MARKS:
        site = engine.new_site_model()
        for comment in campaign[:k]:
            started = time.perf_counter()
            site.learn(comment, True)
            learn_times.append(time.perf_counter() - started)
        rest = campaign[k:]
        held_after[k] = held(
            [v.decision for v in engine.check_many(rest, site_model=site, thresholds=THRESHOLDS)]
        )
        after = [v.decision for v in engine.check_many(history, site_model=site, thresholds=THRESHOLDS)]
        new_fps[k] = sum(
            b is Decision.HAM and a is not Decision.HAM for b, a in zip(base_history, after, strict=True)
        )
    learn_ms = 1000 * sorted(learn_times)[len(learn_times) // 2] if learn_times else 0.0
    return DirectResult(held_after, new_fps, held(base_history), learn_ms)


def ablation(
    engine: Engine, campaign: list[Comment], history: list[Comment], penalty_marks: float
) -> tuple[int, int]:
    """(held of the rest, new false positives) after 5 marks with a given ``SiteModel.penalty_marks``."""
    site = SiteModel(engine.model, penalty_marks=penalty_marks)
    for comment in campaign[:GOAL_MARKS]:
        site.learn(comment, True)
    rest = engine.check_many(campaign[GOAL_MARKS:], site_model=site, thresholds=THRESHOLDS)
    before = engine.check_many(history, thresholds=THRESHOLDS)
    after = engine.check_many(history, site_model=site, thresholds=THRESHOLDS)
    fps = sum(
        b.decision is Decision.HAM and a.decision is not Decision.HAM
        for b, a in zip(before, after, strict=True)
    )
    return held([v.decision for v in rest]), fps


@dataclass
class EndToEndResult:
    held_before: int
    held_after: int
    held_after_undo: int
    new_false_positives: int
    mark_ms: float
    reasons: list[str]


async def run_end_to_end(engine: Engine, campaign: list[Comment], history: list[Comment]) -> EndToEndResult:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/bench.db", secret_key="bench-only")  # noqa: S106 - a throwaway database
        store = await open_store(settings.database_url)
        try:
            await store.migrate()
            site = await store.create_site("Bench Gazette", "https://gazette.example")
            thread = await store.get_or_create_thread(site.id, "/news/story", "A story")
            spam = SpamService(store, engine, settings)
            moderation = ModerationService(store, spam, settings)

            async def decisions(
                service: SpamService, comments: Sequence[Mapping[str, Any]]
            ) -> list[Decision]:
                return [(await service.check(site, c, record=False)).verdict.decision for c in comments]

            rest = campaign[GOAL_MARKS:]
            history_before = await decisions(spam, history)
            held_before = held(await decisions(spam, rest))
            ids = []
            for comment in campaign[:GOAL_MARKS]:  # published, as the shipped model let them through
                ids.append((await store.insert_comment(_published(thread.id, comment))).id)
            started = time.perf_counter()
            result = await moderation.act("bench-moderator", Action.SPAM, ids)
            mark_ms = 1000 * (time.perf_counter() - started) / len(ids)
            assert len(result.learned) == GOAL_MARKS

            other_process = SpamService(store, engine, settings)  # sees the marks through the database
            after = [(await other_process.check(site, c, record=False)).verdict for c in rest]
            history_after = await decisions(other_process, history)
            new_fps = sum(
                b is Decision.HAM and a is not Decision.HAM
                for b, a in zip(history_before, history_after, strict=True)
            )
            await moderation.undo("bench-moderator")
            held_after_undo = held(await decisions(other_process, rest))
            reasons = [r.text for v in after[:1] for r in v.reasons[:3]]
            return EndToEndResult(
                held_before, held([v.decision for v in after]), held_after_undo, new_fps, mark_ms, reasons
            )
        finally:
            await store.close()


def _published(thread_id: int, comment: Mapping[str, Any]) -> NewComment:
    text = str(comment["comment_content"])
    return NewComment(
        thread_id=thread_id,
        parent_id=None,
        author_name=str(comment.get("comment_author", "")),
        author_email=str(comment.get("comment_author_email", "")),
        author_url=str(comment.get("comment_author_url", "")),
        text=text,
        html=f"<p>{text}</p>",
        status=CommentStatus.APPROVED,
        score=0.1,
        decision=Decision.HAM,
        ip=str(comment.get("user_ip", "")),
        user_agent=str(comment.get("user_agent", "")),
    )


def report(seed: int) -> bool:
    """Print the Markdown section; True when the goal is met on every campaign."""
    engine = Engine.load()
    history = load_history()
    default_penalty = inspect.signature(SiteModel).parameters["penalty_marks"].default
    say = print
    say("## Learning loop\n")
    say(f"Command: `.venv/bin/python -m bench.learning_loop --seed {seed}`  ")
    say(f"Machine: {platform.machine()}, CPython {platform.python_version()}, shared 2-core VM  ")
    say(f"Site history: {len(history)} real ham comments; each campaign: the first {CAMPAIGN_SIZE} of ")
    say(f"{CANDIDATES} generated variants that the shipped model publishes, in arrival order.\n")
    say("Held of the rest (50 - k) after the moderator marks the first k; new FPs among the history ham:\n")
    say("| campaign | published / tried | " + " | ".join(f"k={k}" for k in MARKS) + " | new FPs, k=5 |")
    say("|---|---|" + "---|" * len(MARKS) + "---|")
    ok = True
    campaigns: dict[str, list[Comment]] = {}
    end_to_end: list[tuple[str, EndToEndResult]] = []
    direct = None
    for i, (name, make) in enumerate(CAMPAIGNS.items()):
        campaign, tried = build_campaign(engine, make, seed + i)
        if len(campaign) < CAMPAIGN_SIZE:
            say(f"| {name} | {len(campaign)} / {tried} | (the shipped model holds most of this kind) |")
            continue
        campaigns[name] = campaign
        direct = run_direct(engine, campaign, history)
        cells = " | ".join(f"{direct.held_after[k] / (CAMPAIGN_SIZE - k):.0%}" for k in MARKS)
        say(f"| {name} | {len(campaign)} / {tried} | {cells} | {direct.new_false_positives[GOAL_MARKS]} |")
        ok &= direct.held_after[GOAL_MARKS] >= 0.9 * (CAMPAIGN_SIZE - GOAL_MARKS)
        ok &= direct.new_false_positives[GOAL_MARKS] == 0
        end_to_end.append((name, asyncio.run(run_end_to_end(engine, campaign, history))))
    if direct is not None:
        say(f"\nHistory ham held by the shipped model before any mark: {direct.history_held_before}.  ")
        say(f"Median `SiteModel.learn`: {direct.learn_ms:.2f} ms.\n")
    say("End to end (SQLite; the dashboard's Spam action on the first 5; checks through a fresh")
    say("SpamService, i.e. another process's view rebuilt from the database; then undo):\n")
    say("| campaign | held of 45 before | after 5 marks | new FPs | after undo | per mark | top reasons |")
    say("|---|---|---|---|---|---|---|")
    rest = CAMPAIGN_SIZE - GOAL_MARKS
    for name, r in end_to_end:
        say(
            f"| {name} | {r.held_before / rest:.0%} | {r.held_after / rest:.0%} | {r.new_false_positives} | "
            f"{r.held_after_undo / rest:.0%} | {r.mark_ms:.1f} ms | {'; '.join(r.reasons)} |"
        )
        ok &= r.held_after >= 0.9 * rest and r.new_false_positives == 0
    say(f"\nAblation (direct, k = 5): `SiteModel` penalty_marks (shipped default {default_penalty:g});")
    say(f"cells are held of 45 / new false positives among the {len(history)} history ham:\n")
    say("| campaign | " + " | ".join(f"penalty_marks {p:g}" for p in PENALTY_MARKS) + " |")
    say("|---|" + "---|" * len(PENALTY_MARKS))
    for name, campaign in campaigns.items():
        cells = " | ".join("{} / {}".format(*ablation(engine, campaign, history, p)) for p in PENALTY_MARKS)
        say(f"| {name} | {cells} |")
    say(f"\nGoal (>= 90% of the rest held after 5 marks, 0 new FPs): {'met' if ok else 'NOT met'}.")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    return 0 if report(args.seed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
