"""The session-9 site layer (fixed steps on word pairs), frozen here for the benchmark's comparison row.

``rejoinder.spam.site.SiteModel`` replaced it in session 10 with a layer fitted on all the site's marks.
This copy keeps its learning exactly as it was (``rate * (y - p_base) * x`` added per mark on the
comment's word pairs, plus the same MinHash and website-host memories), so one run of
``python -m bench.quality --site-rows`` scores the old layer and the new one side by side. Bench code
only: the engine never imports it, and the compiled engine accepts no other class than ``SiteModel``,
so ``scores`` adds the layer to the base model's log-odds itself, as ``Engine.check_many`` did for a
comment without site context.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from rejoinder.spam import sketch
from rejoinder.spam.features import FeatureBatch, extract
from rejoinder.spam.fields import read_fields
from rejoinder.spam.model import CHUNK, SpamModel, sigmoid
from rejoinder.spam.normalise import fingerprint
from rejoinder.spam.signals import Prior

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Mark:
    key: str
    is_spam: bool
    cols: npt.NDArray[np.int32]
    vals: npt.NDArray[np.float32]
    step: float
    signature: npt.NDArray[np.uint64] | None
    website: str


def _key(comment: Mapping[str, Any]) -> str:
    fields = read_fields(comment)
    identity = "\x1f".join((fingerprint(fields.content), fields.author, fields.email, fields.url))
    return hashlib.blake2b(identity.encode("utf-8", "replace"), digest_size=16).hexdigest()


class SteppedSiteModel:
    """The session-9 per-site layer; pass it to ``Engine.check_many(site_model=...)``."""

    def __init__(self, model: SpamModel, *, learning_rate: float = 1.5) -> None:
        self._model = model
        self._rate = learning_rate
        self._marks: list[_Mark] = []
        self._delta: F64 | None = None
        self._rebuild_memory()

    @property
    def n_learned(self) -> int:
        return len(self._marks)

    def learn(self, comment: Mapping[str, Any], is_spam: bool) -> None:
        """Take a moderator's mark into account (a few hundred microseconds)."""
        self.learn_many([comment], [is_spam])

    def learn_many(self, comments: Sequence[Mapping[str, Any]], labels: Sequence[bool]) -> None:
        """``learn`` each comment in turn, with the features of up to ``CHUNK`` extracted at once.

        A server process replays a site's whole log of marks on its first check, and extracting
        them together costs a fraction of one extraction per mark. Since a mark depends only on the
        base model, never on the marks before it, the state is the one ``learn`` one by one gives.
        """
        for start in range(0, len(comments), CHUNK):
            chunk = comments[start : start + CHUNK]
            batch = extract(chunk, self._model.config)
            p_base = sigmoid(self._model.logits(batch))
            rows, cols, vals = batch.bigram_rows, batch.bigram_cols, batch.bigram_vals
            order = np.argsort(rows, kind="stable")  # each comment's pairs, in their own order
            cuts = np.searchsorted(rows[order], np.arange(batch.n + 1))
            for i, comment in enumerate(chunk):
                mine = order[cuts[i] : cuts[i + 1]]
                is_spam = bool(labels[start + i])
                self._add(
                    _Mark(
                        key=_key(comment),
                        is_spam=is_spam,
                        cols=cols[mine].astype(np.int32),
                        vals=vals[mine].astype(np.float32),
                        step=self._rate * ((1.0 if is_spam else 0.0) - float(p_base[i])),
                        signature=sketch.signature(batch.shingles[i]),
                        website=batch.websites[i],
                    )
                )

    def _add(self, mark: _Mark) -> None:
        self._marks.append(mark)
        if self._delta is None:
            self._delta = np.zeros(self._model.config.n_columns, dtype=np.float64)
        self._apply(self._delta, mark)
        self._stale = True  # the sketch matrix is rebuilt on the next check, not on every click

    def unlearn(self, comment: Mapping[str, Any], is_spam: bool) -> bool:
        """Undo the latest ``learn(comment, is_spam)`` exactly; False if there was none."""
        key = _key(comment)
        for i in range(len(self._marks) - 1, -1, -1):
            if self._marks[i].key == key and self._marks[i].is_spam == bool(is_spam):
                del self._marks[i]
                self._replay()
                return True
        return False

    @staticmethod
    def _apply(delta: F64, mark: _Mark) -> None:
        np.add.at(delta, mark.cols, mark.step * mark.vals.astype(np.float64))

    def _replay(self) -> None:
        if not self._marks:
            self._delta = None
        else:
            self._delta = np.zeros(self._model.config.n_columns, dtype=np.float64)
            for mark in self._marks:
                self._apply(self._delta, mark)
        self._rebuild_memory()

    def _rebuild_memory(self) -> None:
        self._stale = False
        sketched = [m for m in self._marks if m.signature is not None]
        self._memory = np.array([m.signature for m in sketched], dtype=np.uint64).reshape(-1, sketch.SIZE)
        self._memory_spam = np.array([m.is_spam for m in sketched], dtype=bool)
        self._spam_hosts = Counter(m.website for m in self._marks if m.is_spam and m.website)
        self._ham_hosts = Counter(m.website for m in self._marks if not m.is_spam and m.website)

    # -- scoring ---------------------------------------------------------------------------
    def scores(self, comments: Sequence[Mapping[str, Any]]) -> npt.NDArray[np.float64]:
        """P(spam) of base + this layer: base log-odds, plus the layer's, plus its priors' weights."""
        out = []
        for start in range(0, len(comments), CHUNK):
            batch = extract(comments[start : start + CHUNK], self._model.config)
            z = self._model.logits(batch) + (self.logits(batch) if self._marks else 0.0)
            z = z + np.array([sum(p.weight for p in self.priors(batch, i)) for i in range(batch.n)])
            out.append(sigmoid(z))
        return np.concatenate(out) if out else np.zeros(0)

    def logits(self, batch: FeatureBatch) -> F64:
        """The site's learned log-odds adjustment for each comment of ``batch``."""
        if self._delta is None:
            return np.zeros(batch.n)
        return np.bincount(batch.rows, self._delta[batch.cols] * batch.vals, minlength=batch.n).astype(
            np.float64
        )

    def priors(self, batch: FeatureBatch, i: int) -> list[Prior]:
        """Near-duplicates of marked comments and websites marked before, for comment ``i``."""
        out = []
        if self._stale:
            self._rebuild_memory()
        if len(self._memory):
            sig = sketch.signature(batch.shingles[i])
            if sig is not None:
                sims = sketch.similarities(sig, self._memory)
                out += self._similar(sims, spam=True) + self._similar(sims, spam=False)
        host = batch.websites[i]
        if host and self._spam_hosts.get(host):
            out.append(Prior(f"website {host} was marked spam {self._spam_hosts[host]} times here", 2.5))
        elif host and self._ham_hosts.get(host):
            out.append(Prior(f"website {host} was approved {self._ham_hosts[host]} times here", -1.0))
        return out

    def _similar(self, sims: F64, *, spam: bool) -> list[Prior]:
        mask = self._memory_spam if spam else ~self._memory_spam
        if not mask.any():
            return []
        best = float(sims[mask].max())
        if spam and best >= 0.4:
            return [Prior(f"{best:.0%} similar to a comment a moderator marked spam", 8.0 * best - 1.5)]
        if not spam and best >= 0.7:
            return [Prior(f"{best:.0%} similar to a comment a moderator approved", -4.0 * best)]
        return []
