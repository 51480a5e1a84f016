"""``SpamModel``: logistic regression over hashed features, trained with AdaGrad in numpy.

scikit-learn conventions (``__init__`` stores hyper-parameters, learned state ends in ``_``,
``fit`` / ``partial_fit`` / ``predict_proba``), but only numpy at run time. ``fit`` and
``partial_fit`` run the same mini-batch AdaGrad step, so online updates continue exactly where
training stopped (the squared-gradient sums are saved with the weights). Prior signals enter
as a fixed offset on the log-odds, so the weights learn only what the priors do not explain.

With ``nb_scaling`` the model is "NB-LR" (Wang & Manning 2012, "NBSVM", with a logistic loss):
each hashed n-gram's value is multiplied by its naive Bayes log-count ratio before the logistic
regression sees it. The ratio says how much more often the n-gram comes with spam than with ham, so
n-grams both classes use alike start near zero and a few telling ones dominate, which short texts
need: the discriminative weights then only correct what the generative counts got wrong. The
per-class counts are plain sums, saved with the weights, so ``partial_fit`` adds to them exactly.

With ``balanced`` each class weighs as much as the other, whatever their share of the training rows
(scikit-learn's ``class_weight="balanced"``: the class weight multiplies each row's sample weight, in
the loss and in the naive Bayes counts): spam is the rarer class on most sites, and a loss dominated
by ham teaches the model to doubt spam's rarer wordings. The weights are fixed by ``fit`` and kept by
``partial_fit``, so a moderator's batch of one class does not re-balance the model. Off by default:
on the dev corpora it bought 0.001 of mean log loss for a point more ham flagged at 0.5 (bench/RESULTS.md).

With ``sublinear`` (and ``unit_rows``) an n-gram that a comment repeats k times counts 1 + ln k times,
not k, before the comment is scaled to unit length: TF-IDF's ``sublinear_tf``. A repeated word or a
long run of the same character pairs then stops crowding out the rest of a comment, and a shouted
"VOTE VOTE VOTE" weighs a little more than "vote", not three times as much. Chosen on the dev corpora
(session 5, bench/RESULTS.md); it changes only how a comment's values are scaled: about 3 µs more CPU
per comment than ``unit_rows`` alone (``scaled`` 16.3 -> 19.7 µs, best of 20 interleaved, load 10).

With ``short_shrink`` = K (> 0), a comment with fewer than K hashed entries keeps sqrt(d / K) of its
hashed block (d: its entries; each character of text gives about four): unit length made "645" as
confident as a long comment, and it is not, since a few n-grams are little evidence. Naive Bayes,
whose log-odds grow with a text's tokens, ranked SMS's short ham lower than we did. K = 250 (about
60 characters) was chosen on the dev corpora (session 7: mean log loss 0.1244 -> 0.1209, ham flagged
at 0.5 2.45 -> 1.91%); models saved before the setting load with it off (0).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam import artifact
from rejoinder.spam.features import Config, FeatureBatch, extract

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
CHUNK: Final = 256  # comments per feature batch: bounds memory (about 10 MB of arrays) on big inputs


# Models saved before these settings existed were built with them so; they must score as trained.
_BEFORE_LINK_WORDS: Final[dict[str, Any]] = {
    "link_words": False,
    "author_scale": 1.0,
    "unit_rows": False,
    "nb_scaling": False,
    "balanced": False,
    "sublinear": False,
    "short_shrink": 0.0,
}


def sigmoid(z: F64) -> F64:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


class SpamModel:
    """P(spam) for comment mappings. ``y``: 1 spam, 0 ham."""

    manifest_: dict[str, Any]  # set by load(): how the model was built

    def __init__(
        self,
        *,
        bits: int = 18,
        char_min: int = 2,
        char_max: int = 5,
        link_words: bool = True,
        author_scale: float = 0.0,
        epochs: int = 16,
        learning_rate: float = 0.3,
        l2: float = 1e-5,
        batch_size: int = 16,
        use_priors: bool = True,
        unit_rows: bool = True,
        nb_scaling: bool = True,
        nb_alpha: float = 0.1,
        balanced: bool = False,
        sublinear: bool = True,
        short_shrink: float = 250.0,
        seed: int = 0,
    ) -> None:
        self.bits = bits
        self.char_min = char_min
        self.char_max = char_max
        self.link_words = link_words
        self.author_scale = author_scale
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.l2 = l2
        self.batch_size = batch_size
        self.use_priors = use_priors
        self.unit_rows = unit_rows
        self.nb_scaling = nb_scaling
        self.nb_alpha = nb_alpha
        self.balanced = balanced
        self.sublinear = sublinear
        self.short_shrink = short_shrink
        self.seed = seed

    # -- parameters ------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        keys = (
            "bits",
            "char_min",
            "char_max",
            "link_words",
            "author_scale",
            "epochs",
            "learning_rate",
            "l2",
            "batch_size",
            "use_priors",
            "unit_rows",
            "nb_scaling",
            "nb_alpha",
            "balanced",
            "sublinear",
            "short_shrink",
            "seed",
        )
        return {k: getattr(self, k) for k in keys}

    @property
    def config(self) -> Config:
        return Config(
            bits=self.bits,
            char_min=self.char_min,
            char_max=self.char_max,
            link_words=self.link_words,
            author_scale=self.author_scale,
        )

    def _init_state(self) -> None:
        n = self.config.n_columns
        self.coef_: F32 = np.zeros(n, dtype=np.float32)
        self.intercept_: float = 0.0
        self.sum_sq_: F32 = np.zeros(n + 1, dtype=np.float32)  # AdaGrad; last entry: intercept
        self.n_seen_: int = 0
        # nb_scaling: summed (scaled) hashed values per class, row 0 ham, row 1 spam
        self.nb_counts_: F64 = np.zeros((2, self.config.n_hashed) if self.nb_scaling else (2, 0))
        self._weights: F64 | None = None
        self.class_weights_: tuple[float, float] = (1.0, 1.0)  # ham, spam: set by fit when balanced

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this SpamModel is not fitted yet: call fit() or SpamModel.load()")

    # -- training --------------------------------------------------------------------------
    def fit(
        self,
        comments: Sequence[Mapping[str, Any]],
        y: Sequence[int],
        sample_weight: Sequence[float] | None = None,
    ) -> SpamModel:
        self._init_state()
        batch, labels, weights = self._prepare(comments, y, sample_weight, fresh=True)
        rng = np.random.default_rng(self.seed)
        for _ in range(self.epochs):
            self._epoch(batch, labels, weights, rng)
        self._weights = None
        return self

    def partial_fit(
        self,
        comments: Sequence[Mapping[str, Any]],
        y: Sequence[int],
        sample_weight: Sequence[float] | None = None,
    ) -> SpamModel:
        """One more pass over ``comments``, continuing from the current state."""
        if not hasattr(self, "coef_"):
            self._init_state()
        batch, labels, weights = self._prepare(comments, y, sample_weight)
        self._epoch(batch, labels, weights, np.random.default_rng(self.seed + self.n_seen_))
        self._weights = None
        return self

    def _prepare(
        self,
        comments: Sequence[Mapping[str, Any]],
        y: Sequence[int],
        sample_weight: Sequence[float] | None,
        *,
        fresh: bool = False,
    ) -> tuple[_Csr, F64, F64]:
        """The rows as compressed features, their labels, and each row's weight in the loss."""
        labels = np.asarray(y, dtype=np.float64).reshape(-1)
        if len(labels) != len(comments):
            raise ValueError(f"got {len(comments)} comments but {len(labels)} labels")
        if not np.isin(labels, (0.0, 1.0)).all():
            raise ValueError("labels must be 1 (spam) or 0 (ham)")
        weights = (
            np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        )
        if fresh and self.balanced:
            self.class_weights_ = _balanced(labels)
        weights = weights * np.where(labels == 1.0, self.class_weights_[1], self.class_weights_[0])
        data = _Csr.from_comments(comments, self.config, self.use_priors, self.scaled)
        if self.nb_scaling:
            self._count(data, labels, weights)
            hashed = data.cols < self.config.n_hashed
            data.vals[hashed] *= self.ratios()[data.cols[hashed]].astype(np.float32)
        return data, labels, weights

    # -- naive Bayes ratios (nb_scaling) ---------------------------------------------------------
    def _count(self, data: _Csr, labels: F64, weights: F64) -> None:
        """Add each class's weighted feature values to ``nb_counts_``: exact, in any order."""
        n_hashed = self.config.n_hashed
        rows = np.repeat(np.arange(data.n), np.diff(data.indptr))
        hashed = data.cols < n_hashed
        cols, amounts = data.cols[hashed], (data.vals[hashed] * weights[rows[hashed]])
        spam = labels[rows[hashed]] == 1.0
        self.nb_counts_[1] += np.bincount(cols[spam], amounts[spam], minlength=n_hashed)
        self.nb_counts_[0] += np.bincount(cols[~spam], amounts[~spam], minlength=n_hashed)

    def ratios(self) -> F64:
        """Each hashed column's naive Bayes log-count ratio, log P(column | spam) - log P(column | ham),
        with ``nb_alpha`` added to every count (additive smoothing)."""
        alpha = self.nb_alpha
        smoothed = np.log(self.nb_counts_ + alpha)
        smoothed -= np.log(self.nb_counts_.sum(axis=1, keepdims=True) + alpha * self.nb_counts_.shape[1])
        return np.asarray(smoothed[1] - smoothed[0], dtype=np.float64)

    def weights(self) -> F64 | F32:
        """The weight each column's (scaled) value is multiplied by when scoring: ``coef_``, or with
        ``nb_scaling`` the hashed part times its ratio (computed once per fitted state)."""
        self._check_fitted()
        if not self.nb_scaling:
            return self.coef_
        if self._weights is None:
            n_hashed = self.config.n_hashed
            weights = self.coef_.astype(np.float64)
            weights[:n_hashed] *= self.ratios()
            self._weights = weights
        return self._weights

    def _epoch(self, data: _Csr, y: F64, weights: F64, rng: np.random.Generator) -> None:
        order = rng.permutation(data.n)
        for start in range(0, data.n, self.batch_size):
            self._step(data, order[start : start + self.batch_size], y, weights)
        self.n_seen_ += data.n

    def _step(self, data: _Csr, docs: npt.NDArray[np.int64], y: F64, weights: F64) -> None:
        rows, cols, vals = data.gather(docs)
        z = (
            self.intercept_
            + data.offset[docs]
            + np.bincount(rows, self.coef_[cols] * vals, minlength=len(docs))
        )
        error = (sigmoid(z) - y[docs]) * weights[docs]
        unique, inverse = np.unique(cols, return_inverse=True)
        grad = np.bincount(inverse, error[rows] * vals, minlength=len(unique)) + self.l2 * self.coef_[unique]
        self.sum_sq_[unique] += (grad * grad).astype(np.float32)
        self.coef_[unique] -= (self.learning_rate * grad / (np.sqrt(self.sum_sq_[unique]) + 1e-8)).astype(
            np.float32
        )
        g0 = float(error.sum())
        self.sum_sq_[-1] += g0 * g0
        self.intercept_ -= self.learning_rate * g0 / (float(np.sqrt(self.sum_sq_[-1])) + 1e-8)

    # -- scoring ---------------------------------------------------------------------------
    def contributions(self, batch: FeatureBatch) -> F64:
        """Each feature entry's weight times value: the parts the learned log-odds add up from."""
        weights = self.weights()
        vals = self.scaled(batch.rows, batch.cols, batch.vals, batch.n)
        return np.asarray(weights.take(batch.cols) * vals, dtype=np.float64)  # take: a faster gather

    def scaled(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], vals: F64, n: int) -> F64:
        """Feature values as the weights see them: with ``unit_rows``, each comment's hashed n-grams
        (all fields and groups together, repeats summed) are scaled to unit L2 length, as TF-IDF
        vectorisers do, so a comment's text counts the same whatever its length or field count. With
        ``sublinear``, an n-gram repeated k times first counts 1 + ln k instead of k. With
        ``short_shrink``, a short comment's hashed block is then shrunk (``_shrink_short``)."""
        if not self.unit_rows and self.short_shrink <= 0:
            return vals
        hashed = cols < self.config.n_hashed  # the hashed block's entries, for both steps
        scaled = self._unit_length(rows, cols, vals, n, hashed) if self.unit_rows else vals
        return self._shrink_short(rows, scaled, n, hashed) if self.short_shrink > 0 else scaled

    def _unit_length(
        self,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        vals: F64,
        n: int,
        hashed: npt.NDArray[np.bool_],
    ) -> F64:
        keys = rows[hashed] * self.config.n_hashed + cols[hashed]
        if not self.sublinear:
            unique, inverse = np.unique(keys, return_inverse=True)
            summed = np.bincount(inverse, vals[hashed], minlength=len(unique))
            norm = np.sqrt(np.bincount(unique // self.config.n_hashed, summed * summed, minlength=n))
            scale = np.where(hashed, 1.0 / np.maximum(norm, 1e-12)[rows], 1.0)
            return np.asarray(vals * scale, dtype=np.float64)
        unique, inverse, repeats = np.unique(keys, return_inverse=True, return_counts=True)
        damp = (1.0 + np.log(repeats)) / repeats  # per distinct n-gram of a comment: k -> 1 + ln k
        summed = np.bincount(inverse, vals[hashed], minlength=len(unique)) * damp
        norm = np.sqrt(np.bincount(unique // self.config.n_hashed, summed * summed, minlength=n))
        scale = np.ones(len(vals))
        scale[hashed] = damp[inverse] / np.maximum(norm, 1e-12)[rows[hashed]]
        return np.asarray(vals * scale, dtype=np.float64)

    def _shrink_short(
        self, rows: npt.NDArray[np.int64], vals: F64, n: int, hashed: npt.NDArray[np.bool_]
    ) -> F64:
        """Scale the hashed block of a comment with d < K hashed entries by sqrt(d / K), K = ``short_shrink``.

        Unit length gives "645" the same vector length, so the same confidence, as a 300-character
        comment; naive Bayes' log-odds grow with the number of tokens, so its short texts stay near
        the prior. Few n-grams are little evidence: if a comment's vector is an average of d noisy
        observations, its signal-to-noise ratio grows as sqrt(d), and so here does its weight until
        K entries (each character of text gives about four), past which nothing changes. Priors
        (``offset``) are not touched."""
        entries = np.bincount(rows[hashed], minlength=n)
        factor = np.sqrt(np.minimum(1.0, entries / self.short_shrink))
        return np.asarray(np.where(hashed, vals * factor[rows], vals), dtype=np.float64)

    def logits(
        self, batch: FeatureBatch, contributions: F64 | None = None, learned: F64 | None = None
    ) -> F64:
        """Log-odds of spam for an extracted batch, priors included. ``learned``: the sum of each
        comment's ``contributions``, when the caller needs it too (the engine's explainer)."""
        if learned is None:
            if contributions is None:
                contributions = self.contributions(batch)
            learned = np.asarray(np.bincount(batch.rows, contributions, minlength=batch.n), dtype=np.float64)
        offset = batch.offset if self.use_priors else 0.0
        return np.asarray(self.intercept_ + learned + offset, dtype=np.float64)

    def decision_function(self, comments: Sequence[Mapping[str, Any]]) -> F64:
        parts = [
            self.logits(extract(comments[i : i + CHUNK], self.config)) for i in range(0, len(comments), CHUNK)
        ]
        return np.concatenate(parts) if parts else np.empty(0)

    def predict_proba(self, comments: Sequence[Mapping[str, Any]]) -> F64:
        p = sigmoid(self.decision_function(comments))
        return np.column_stack([1.0 - p, p])

    def predict(self, comments: Sequence[Mapping[str, Any]]) -> npt.NDArray[np.int64]:
        return (self.predict_proba(comments)[:, 1] >= 0.5).astype(np.int64)

    # -- files -----------------------------------------------------------------------------
    def save(self, directory: str | Path, extra: Mapping[str, Any] | None = None) -> Path:
        self._check_fitted()
        arrays: dict[str, npt.NDArray[Any]] = {
            "coef": self.coef_,
            "intercept": np.array([self.intercept_], dtype=np.float64),
            "sum_sq": self.sum_sq_,
        }
        if self.nb_scaling:
            arrays["nb_counts"] = self.nb_counts_
        manifest: dict[str, Any] = {"params": self.get_params(), "n_seen": self.n_seen_, **(extra or {})}
        if self.balanced:
            manifest["class_weights"] = list(self.class_weights_)
        return artifact.save(directory, arrays, manifest)

    @classmethod
    def load(cls, directory: str | Path) -> SpamModel:
        arrays, manifest = artifact.load(directory)
        params = manifest.get("params")
        if not isinstance(params, dict):
            raise artifact.ModelFileError(f"{directory}: manifest has no params")
        model = cls(**{**_BEFORE_LINK_WORDS, **params})
        n = model.config.n_columns
        if arrays["coef"].shape != (n,) or arrays["sum_sq"].shape != (n + 1,):
            raise artifact.ModelFileError(f"{directory}: array shapes do not match bits={model.bits}")
        model.coef_ = arrays["coef"].astype(np.float32)
        model.intercept_ = float(arrays["intercept"][0])
        model.sum_sq_ = arrays["sum_sq"].astype(np.float32)
        model.n_seen_ = int(manifest.get("n_seen", 0))
        model._weights = None
        ham, spam = manifest.get("class_weights", (1.0, 1.0))
        model.class_weights_ = (float(ham), float(spam))
        model.nb_counts_ = np.zeros((2, 0))
        if model.nb_scaling:
            counts = arrays.get("nb_counts")
            if counts is None or counts.shape != (2, model.config.n_hashed):
                raise artifact.ModelFileError(
                    f"{directory}: nb_scaling is set but nb_counts is missing or misshapen"
                )
            model.nb_counts_ = counts.astype(np.float64)
        model.manifest_ = manifest
        return model


class _Csr:
    """Training data as compressed rows, so a mini-batch is a vectorised gather."""

    def __init__(
        self, indptr: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], vals: F64, offset: F64
    ) -> None:
        self.indptr, self.cols, self.vals, self.offset = indptr, cols, vals, offset
        self.n = len(indptr) - 1

    @classmethod
    def from_comments(
        cls,
        comments: Sequence[Mapping[str, Any]],
        config: Config,
        use_priors: bool,
        scale: Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64], F64, int], F64],
    ) -> _Csr:
        counts, cols, vals, offsets = [], [], [], []
        for i in range(0, len(comments), CHUNK):
            batch = extract(comments[i : i + CHUNK], config)
            order = np.argsort(batch.rows, kind="stable")
            counts.append(np.bincount(batch.rows, minlength=batch.n))
            cols.append(batch.cols[order].astype(np.int32))
            vals.append(scale(batch.rows, batch.cols, batch.vals, batch.n)[order].astype(np.float32))
            offsets.append(batch.offset if use_priors else np.zeros(batch.n))
        indptr = np.zeros(len(comments) + 1, dtype=np.int64)
        if comments:
            np.cumsum(np.concatenate(counts), out=indptr[1:])
        return cls(indptr, _cat(cols, np.int32), _cat(vals, np.float32), _cat(offsets, np.float64))

    def gather(self, docs: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], F64]:
        begin, end = self.indptr[docs], self.indptr[docs + 1]
        lengths = end - begin
        rows = np.repeat(np.arange(len(docs)), lengths)
        positions = (
            np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths) + begin[rows]
        )
        return rows, self.cols[positions].astype(np.int64), self.vals[positions].astype(np.float64)


def _balanced(labels: F64) -> tuple[float, float]:
    """Loss weights (ham, spam) that give both classes the same total: n / (2 * n_class)."""
    n, n_spam = len(labels), float(labels.sum())
    n_ham = n - n_spam
    return (n / (2 * n_ham) if n_ham else 1.0, n / (2 * n_spam) if n_spam else 1.0)


def _cat(parts: list[Any], dtype: type) -> Any:
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
