"""``SiteModel``: what one site's moderators taught the engine, layered over the frozen base model.

The layer is a logistic regression *fitted* on all the site's marks, with the base model's
log-odds as a fixed offset: ``logit = base_logit + w . x``, where ``x`` is every feature column the
base model reads (character and word n-grams, word pairs, learned signals), scaled as the base
model scales them. Fitting, rather than stepping once per mark, is what lets hundreds of marks
in new wording teach as much as they hold: a fixed step per mark could only nudge word pairs, and
on the YouTube time-ordered split it left the site far below a model trained on the same marks
(bench/RESULTS.md, "Findings (session 10, helper Q)").

The L2 penalty on ``w`` is ``penalty_marks / n`` for ``n`` marks, never below ``_MIN_L2`` (reached at
3,000 marks with the default 3): with a few marks it keeps the base model's scores from swinging on
a handful of comments (which share common n-grams with much else), and it fades as a site's marks
become evidence in their own right. It is linear in ``1 / n`` rather than the square it was until
session 11 because a young site's marks deserve more weight than ``(30 / n) ** 2`` gave them (36 at
5 marks) and a grown site's a little less: on validation windows no benchmark tests on (YouTube
videos' training windows and a news site, ``bench.quality.site_prior``) ``3 / n`` had lower log loss
at 10 and 30 marks on both sources, was no worse at any age, and held fewer ham comments for a
moderator (bench/RESULTS.md, "Findings (session 10, helper V)" and "(session 11, helper P)").
The near-duplicate (MinHash) and website-host memories catch a campaign from the first mark, and
explain themselves.

The fit starts from zero on every change of the marks and reads them in a canonical order (sorted
by content), so the state is a function of the set of marks: learning is order-independent and
``unlearn`` is exact, giving bit-for-bit the state the site would have had without the mark. It
runs on the first check after a change, so a replay of a whole log fits once.

A fit takes from 2 ms (50 marks) to about a second (3,000), too long to run where a server answers
requests. So it can also run elsewhere: ``fit_job`` takes a snapshot of what the fit needs,
``FitJob.run`` computes the weights (in a worker thread; it touches nothing shared), and ``adopt``
installs them unless the marks changed meanwhile. Until then, checks use the previous weights
instead of fitting where they run (``services.spam_check`` does this).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy import ndarray  # noqa: F401  compiled, a dataclass looks its fields' types up by name (mypy#20365)

from rejoinder.spam import sketch
from rejoinder.spam.features import FeatureBatch, extract
from rejoinder.spam.fields import read_fields
from rejoinder.spam.model import CHUNK, SpamModel, sigmoid
from rejoinder.spam.normalise import fingerprint
from rejoinder.spam.signals import Prior

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

_MIN_L2: Final = 1e-3  # reached at 3,000 marks with the default ``penalty_marks``
_NEWTON_STEPS: Final = 30
_CG_STEPS: Final = 50
_FORCING: Final = 0.5  # each Newton step is solved to this share of the gradient's norm
_TOLERANCE: Final = 1e-3  # stop when the gradient's norm is this share of the first one


@dataclass(frozen=True, slots=True)
class _Mark:
    key: str
    is_spam: bool
    order: bytes  # canonical sort key: the fit reads marks in this order, whatever the clicks' order
    cols: npt.NDArray[np.int32]  # the comment's distinct feature columns
    vals: npt.NDArray[np.float32]  # their values as the base model scales them, repeats summed
    base: float  # the base model's log-odds for the comment (the base is frozen, so it is fixed)
    signature: npt.NDArray[np.uint64] | None
    website: str


def _key(comment: Mapping[str, Any]) -> str:
    fields = read_fields(comment)
    identity = "\x1f".join((fingerprint(fields.content), fields.author, fields.email, fields.url))
    return hashlib.blake2b(identity.encode("utf-8", "replace"), digest_size=16).hexdigest()


class FitJob:
    """What one fit of a site's layer needs, taken at one moment; ``run`` is safe in any thread."""

    def __init__(self, version: int, marks: list[_Mark], l2: float, n_columns: int) -> None:
        self.version = version
        self._marks = marks
        self._l2 = l2
        self._n_columns = n_columns

    def run(self) -> F64 | None:
        """The layer's weights for the marks of the snapshot (None when there are none)."""
        return _fit_weights(self._marks, self._l2, self._n_columns)


class SiteModel:
    """Per-site learning. Create with ``Engine.new_site_model()``.

    ``penalty_marks``: the number of marks at which the penalty on the site's weights is 1 (it is
    ``penalty_marks / n`` for ``n`` marks); fewer marks weigh less than the base model's judgement,
    many weigh more. The default, 3, was chosen on validation windows only (bench/RESULTS.md).
    """

    def __init__(self, model: SpamModel, *, penalty_marks: float = 3.0) -> None:
        self._model = model
        self.penalty_marks = penalty_marks
        self._marks: list[_Mark] = []
        self._weights: F64 | None = None
        self._version = 0  # counts changes of the marks, so a late fit is not installed over newer ones
        self._fitted_version = 0  # the marks' version the weights were fitted on (none: no weights)
        self._job: FitJob | None = None  # a fit running elsewhere; checks keep the previous weights
        self._rebuild_memory()

    @property
    def n_learned(self) -> int:
        return len(self._marks)

    def l2(self) -> float:
        """The penalty on the site's weights for the current number of marks."""
        n = max(len(self._marks), 1)
        return max(_MIN_L2, self.penalty_marks / n)

    def learn(self, comment: Mapping[str, Any], is_spam: bool) -> None:
        """Take a moderator's mark into account; the layer is refitted on the next check."""
        self.learn_many([comment], [is_spam])

    def learn_many(self, comments: Sequence[Mapping[str, Any]], labels: Sequence[bool]) -> None:
        """``learn`` each comment, with the features of up to ``CHUNK`` extracted at once.

        A server process replays a site's whole log of marks on its first check, and extracting
        them together costs a fraction of one extraction per mark; the fit waits for that check.
        """
        model = self._model
        for start in range(0, len(comments), CHUNK):
            chunk = comments[start : start + CHUNK]
            batch = extract(chunk, model.config)
            base = model.logits(batch)
            vals = model.scaled(batch.rows, batch.cols, batch.vals, batch.n)
            keys = batch.rows * model.config.n_columns + batch.cols
            unique, inverse = np.unique(keys, return_inverse=True)  # sorted by comment, then column
            summed = np.bincount(inverse, vals, minlength=len(unique))
            rows, cols = unique // model.config.n_columns, unique % model.config.n_columns
            cuts = np.searchsorted(rows, np.arange(batch.n + 1))
            for i, comment in enumerate(chunk):
                is_spam = bool(labels[start + i])
                mine_cols = cols[cuts[i] : cuts[i + 1]].astype(np.int32)
                mine_vals = summed[cuts[i] : cuts[i + 1]].astype(np.float32)
                key = _key(comment)
                order = b"".join(
                    (key.encode(), b"1" if is_spam else b"0", mine_cols.tobytes(), mine_vals.tobytes())
                )
                self._marks.append(
                    _Mark(
                        key=key,
                        is_spam=is_spam,
                        order=order,
                        cols=mine_cols,
                        vals=mine_vals,
                        base=float(base[i]),
                        signature=sketch.signature(batch.shingles[i]),
                        website=batch.websites[i],
                    )
                )
        if len(comments):
            self._changed()

    def unlearn(self, comment: Mapping[str, Any], is_spam: bool) -> bool:
        """Undo the latest ``learn(comment, is_spam)`` exactly; False if there was none."""
        key = _key(comment)
        for i in range(len(self._marks) - 1, -1, -1):
            if self._marks[i].key == key and self._marks[i].is_spam == bool(is_spam):
                del self._marks[i]
                self._changed()
                return True
        return False

    def _changed(self) -> None:
        self._version += 1  # the fit and the sketch matrix wait for the next check
        self._stale = True

    # -- fitting ---------------------------------------------------------------------------
    @property
    def needs_fit(self) -> bool:
        """The marks changed since the weights were fitted, and no fit of them is under way."""
        return self._fitted_version != self._version and self._job is None

    def fit_job(self) -> FitJob:
        """A snapshot of the marks to fit elsewhere; until ``adopt`` or ``abandon``, checks keep
        the previous weights."""
        job = FitJob(self._version, sorted(self._marks, key=_order), self.l2(), self._model.config.n_columns)
        self._job = job
        return job

    def adopt(self, job: FitJob, weights: F64 | None) -> None:
        """Install the weights ``job.run()`` gave, unless the marks changed after its snapshot
        (then ``needs_fit`` asks for another)."""
        if self._job is job:
            self._job = None
        if job.version == self._version:
            self._weights = weights
            self._fitted_version = job.version

    def abandon(self, job: FitJob) -> None:
        """The job failed or was cancelled: the next check (or job) fits again."""
        if self._job is job:
            self._job = None

    def _fit(self) -> None:
        """Fit here and now (a library caller's check, the benchmarks): the same job, run in place."""
        job = self.fit_job()
        self.adopt(job, job.run())

    def _rebuild_memory(self) -> None:
        self._stale = False
        sketched = [m for m in self._marks if m.signature is not None]
        self._memory = np.array([m.signature for m in sketched], dtype=np.uint64).reshape(-1, sketch.SIZE)
        self._memory_spam = np.array([m.is_spam for m in sketched], dtype=bool)
        self._spam_hosts = Counter(m.website for m in self._marks if m.is_spam and m.website)
        self._ham_hosts = Counter(m.website for m in self._marks if not m.is_spam and m.website)

    # -- scoring ---------------------------------------------------------------------------
    def logits(self, batch: FeatureBatch) -> F64:
        """The site's learned log-odds adjustment for each comment of ``batch``."""
        if self.needs_fit:
            self._fit()
        weights = self._weights
        if weights is None:
            return np.zeros(batch.n)
        vals = self._model.scaled(batch.rows, batch.cols, batch.vals, batch.n)
        return np.bincount(batch.rows, weights[batch.cols] * vals, minlength=batch.n).astype(np.float64)

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


def _order(mark: _Mark) -> bytes:
    return mark.order


def _fit_weights(marks: list[_Mark], l2: float, n_columns: int) -> F64 | None:
    """Minimise the marks' log loss plus ``l2 / 2 * |w|^2`` by Newton's method (conjugate
    gradients for each step, so only products with the sparse mark matrix are needed). ``marks``
    come in canonical order, so the result is a function of the set of marks."""
    if not marks:
        return None
    lengths = np.array([len(m.cols) for m in marks], dtype=np.int64)
    rows = np.repeat(np.arange(len(marks), dtype=np.int64), lengths)
    all_cols = np.concatenate([m.cols for m in marks]).astype(np.int64)
    vals = np.concatenate([m.vals for m in marks]).astype(np.float64)
    used, cols = np.unique(all_cols, return_inverse=True)
    data = _Marks(rows, cols.astype(np.int64), vals, len(marks), len(used))
    offset = np.array([m.base for m in marks], dtype=np.float64)
    y = np.array([1.0 if m.is_spam else 0.0 for m in marks], dtype=np.float64)
    w = _newton(data, offset, y, l2)
    weights = np.zeros(n_columns, dtype=np.float64)
    weights[used] = w
    return weights


class _Marks:
    """The marks as a sparse matrix (COO over the columns they use), for the fit's products."""

    def __init__(self, rows: I64, cols: I64, vals: F64, n_rows: int, n_cols: int) -> None:
        self.rows, self.cols, self.vals = rows, cols, vals
        self.n_rows, self.n_cols = n_rows, n_cols

    def dot(self, w: F64) -> F64:
        return np.asarray(np.bincount(self.rows, w[self.cols] * self.vals, minlength=self.n_rows))

    def dot_t(self, r: F64) -> F64:
        return np.asarray(np.bincount(self.cols, r[self.rows] * self.vals, minlength=self.n_cols))


def _loss(z: F64, y: F64, w: F64, l2: float) -> float:
    return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * float(w @ w))


def _newton(data: _Marks, offset: F64, y: F64, l2: float) -> F64:
    """The weights minimising the L2-penalised log loss of ``sigmoid(offset + data . w)``.

    Deterministic for given inputs: fixed step counts and tolerances, no randomness."""
    w = np.zeros(data.n_cols, dtype=np.float64)
    z = offset.copy()
    loss = _loss(z, y, w, l2)
    first = -1.0
    for _ in range(_NEWTON_STEPS):
        p = sigmoid(z)
        grad = data.dot_t(p - y) + l2 * w
        norm = float(np.sqrt(grad @ grad))
        if first < 0.0:
            first = norm
        if norm <= _TOLERANCE * max(first, 1.0):
            break
        curvature = p * (1.0 - p)
        step = _conjugate_gradient(data, curvature, l2, grad, norm)
        dz = data.dot(step)
        slope = float(grad @ step)
        scale = 1.0
        while True:  # backtracking (Armijo): a full Newton step is almost always taken
            new_w, new_z = w + scale * step, z + scale * dz
            new_loss = _loss(new_z, y, new_w, l2)
            if new_loss <= loss + 1e-4 * scale * slope or scale < 1e-6:
                break
            scale *= 0.5
        w, z, loss = new_w, new_z, new_loss
    return w


def _conjugate_gradient(data: _Marks, curvature: F64, l2: float, grad: F64, norm: float) -> F64:
    """An approximate solution of ``H step = -grad``, ``H = X' diag(curvature) X + l2 I``."""
    step = np.zeros_like(grad)
    residual = -grad
    direction = residual.copy()
    rr = float(residual @ residual)
    for _ in range(_CG_STEPS):
        h_direction = data.dot_t(curvature * data.dot(direction)) + l2 * direction
        alpha = rr / float(direction @ h_direction)
        step += alpha * direction
        residual -= alpha * h_direction
        rr_new = float(residual @ residual)
        if np.sqrt(rr_new) <= _FORCING * norm:
            break
        direction = residual + (rr_new / rr) * direction
        rr = rr_new
    return step
