"""The signals of a whole batch, one signal at a time: ``signals.learned`` and ``signals.priors``
computed column-wise.

Per comment, the signals are some 25 small tests spread over eight function calls and a few
lists, and most of them fire for no comment: the calls and lists cost more than the tests. Here
each signal is one comprehension over the batch that yields the comments it fires for (often
none), cheap necessary conditions first, so a comment pays only for its tests; the per-comment
functions run only where a cheap test says they may fire.

The priors of each comment come out in exactly the order ``signals.priors`` gives them
(``_PRIOR_PASSES``): the score adds their weights in that order, so the order is part of the
score to the last bit. The equivalence tests pin both functions to their per-comment forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam import signals
from rejoinder.spam.fields import CommentFields
from rejoinder.spam.normalise import Prepared
from rejoinder.spam.signals import Prior
from rejoinder.spam.urls import SHORTENERS, Links

F64 = npt.NDArray[np.float64]
MIN_BATCH = 16  # comments; a smaller batch (a single check) takes the per-comment functions
_DIGITS: Final = b"0123456789"


def learned(prepared: Sequence[Prepared], links: Sequence[Links], folded: Sequence[str]) -> F64:
    """``[signals.learned(...) for each comment]`` as an ``(n, N_LEARNED)`` matrix of 0.0 / 1.0."""
    texts = [p.text for p in prepared]
    linked = [
        i
        for i, found in enumerate(links)
        if found.hosts or found.bbcode or found.html_anchors or found.disguised
    ]
    columns = (
        [i for i in linked if not SHORTENERS.isdisjoint(links[i].hosts)],
        [i for i in linked if links[i].bbcode],
        [i for i in linked if links[i].html_anchors],
        [i for i in linked if links[i].disguised],
        [i for i, text in enumerate(texts) if "@" in text and signals._EMAIL_IN_TEXT.search(text)],
        [i for i, text in enumerate(texts) if _digit_count(text) >= 9 and signals._phone(None, folded[i])],
        [i for i, text in enumerate(texts) if _repeated_punctuation(text)],
    )
    matrix = np.zeros(len(texts) * signals.N_LEARNED)
    matrix[[i * signals.N_LEARNED + k for k, rows in enumerate(columns) for i in rows]] = 1.0
    return matrix.reshape(len(texts), signals.N_LEARNED)


def _digit_count(text: str) -> int:
    raw = text.encode("utf-8", "replace")
    return len(raw) - len(raw.translate(None, _DIGITS))


def _repeated_punctuation(text: str) -> bool:
    return "!!!" in text or "???" in text or "?!?" in text or "!?!" in text or "....." in text


@dataclass(slots=True)
class Batch:
    """What the prior passes read, per comment: its fields, prepared text, links, the folded
    text around the links, its spam phrases and whether it may hold a lexicon word (the last
    two from ``signals.lexicon_in``)."""

    fields: Sequence[CommentFields]
    prepared: Sequence[Prepared]
    links: Sequence[Links]
    folded: Sequence[str]
    phrases: Sequence[list[str]]
    lexicon: Sequence[bool]


def priors(batch: Batch) -> list[list[Prior]]:
    """``[signals.priors(...) for each comment]``, the same lists in the same order."""
    out: list[list[Prior]] = [[] for _ in batch.fields]
    for found in _PRIOR_PASSES:
        for i, prior in found(batch):
            out[i].append(prior)
    return out


def _form(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.form``: honeypot, timing, user agent and comment type, only our form sets most."""
    fields = batch.fields
    may = [
        i
        for i, f in enumerate(fields)
        if f.honeypot
        or f.seconds_on_page is not None
        or f.comment_type
        or (f.user_agent and signals._automated(f.user_agent))
    ]
    return [(i, prior) for i in may for prior in signals.form(fields[i])]


def _hidden(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.text``, first part: invisible characters that hide something."""
    fields = batch.fields
    found = [
        (i, signals._hidden(fields[i].content, p.invisible))
        for i, p in enumerate(batch.prepared)
        if p.invisible
    ]
    return [(i, signals.invisible_prior(hidden)) for i, hidden in found if hidden]


def _confusable(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.text``: look-alike letters from another script."""
    return [
        (i, signals.confusable_prior(p.confusable)) for i, p in enumerate(batch.prepared) if p.confusable >= 2
    ]


def _length(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.text``: an empty or a very long comment."""
    odd = [
        i for i, f in enumerate(batch.fields) if not f.content or f.raw_length > 10_000 or f.content.isspace()
    ]
    return [(i, prior) for i in odd for prior in signals.text_length(batch.fields[i])]


def _capitals(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.text``: written in capitals."""
    return [(i, signals.CAPITALS) for i, f in enumerate(batch.fields) if signals.shouting(f.content)]


def _vocabulary(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals.vocabulary``: lexicon words and phrases, links, spaced-out letters, shop links.
    Each of them needs a phrase, a possible lexicon word, a link, or seven spaces in a third
    of the text; the rest of the batch is never looked at again."""
    links, folded, phrases, lexicon = batch.links, batch.folded, batch.phrases, batch.lexicon
    may = [
        i
        for i, text in enumerate(folded)
        if phrases[i] or lexicon[i] or links[i].hosts or links[i].disguised or _spaced_enough(text)
    ]
    return [
        (i, prior)
        for i in may
        for prior in signals.vocabulary(None, folded[i], links[i], phrases[i], lexicon[i])
    ]


def _spaced_enough(folded: str) -> bool:
    """``signals.vocabulary``'s pre-check for letters spaced out to hide words."""
    spaces = folded.count(" ")
    return spaces >= 7 and spaces * 3 > len(folded)


_MONEY: Final = Prior("money amounts", 0.3)


def _money(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals._money``: the prior is the same object for every comment (nothing mutates one)."""
    fields, prepared, folded, lexicon = batch.fields, batch.prepared, batch.folded, batch.lexicon
    return [
        (i, _MONEY)
        for i, (f, p) in enumerate(zip(fields, prepared, strict=True))
        if "$" in p.text
        or (not f.content.isascii() and _currency(f.content))
        or (lexicon[i] and not signals._MONEY_WORDS.isdisjoint(folded[i].split()))
        or (
            ("k " in p.text or p.text.endswith("k")) and signals._digit_before_k(p.text) and _k_amount(p.text)
        )
    ]


def _currency(raw: str) -> bool:
    """A currency sign that ``prepare`` turns into a space, in the comment as sent."""
    return "£" in raw or "€" in raw or "₦" in raw or "₹" in raw


def _k_amount(text: str) -> bool:
    return signals._K_AMOUNT.search(text) is not None


def _person(batch: Batch) -> list[tuple[int, Prior]]:
    """``signals._person``: website, author and e-mail, cached per field."""
    person = signals._person
    return [(i, prior) for i, f in enumerate(batch.fields) for prior in person(f.url, f.author, f.email)]


_PRIOR_PASSES: Final[tuple[Callable[[Batch], list[tuple[int, Prior]]], ...]] = (
    _form,
    _hidden,
    _confusable,
    _length,
    _capitals,
    _vocabulary,
    _money,
    _person,
)
