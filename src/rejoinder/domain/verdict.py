"""What the spam engine says about one comment: a score, a decision and the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    """The four outcomes, from harmless to blatant.

    ``ham`` is published, ``pending`` waits for a moderator, ``spam`` is kept out of sight and
    ``discard`` is not stored at all. The score thresholds that map to them are site policy
    (see ``rejoinder.spam.Thresholds``), never part of the model.
    """

    HAM = "ham"
    PENDING = "pending"
    SPAM = "spam"
    DISCARD = "discard"


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal in plain words, with its signed contribution (positive pushes towards spam)."""

    text: str
    weight: float

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "weight": round(self.weight, 3)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's answer: ``score`` is the probability of spam, 0 to 1."""

    score: float
    decision: Decision
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "decision": self.decision.value,
            "reasons": [r.to_json() for r in self.reasons],
        }
