"""Candidate pairs + NLI scores + claim-level signals → ScoredPair with a relation and its reasons.

The combined contradiction score treats the NLI probability and each fired signal as independent
pieces of evidence: score = 1 − (1 − p_nli) · Π(1 − weight_signal), with p_nli the larger of the
two directions. A pair with a contradiction signal is flagged when that score reaches the
threshold (a signal alone is not enough; it needs some NLI support or a second signal).

NLI alone flags a pair only when BOTH directions average at least `nli_only` (0.9 by default):
on cross-outlet news claims the bundled model is close to chance. On the ClaimDiff-W *training*
split (claims from different outlets; 10.6% "weakens" pairs) its max-direction contradiction
≥ 0.7 had precision 0.17 and ≥ 0.5 had 0.13. A strong hub model can clear 0.9 on real
contradictions; the small one almost never does. Claims that name the same actor agree on the
contested point, so NLI does not overrule that agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from narratives.pairs import Candidate
from narratives.signals import DENIAL_CUES, compare
from narratives.types import Claim, NLIScores, ScoredPair, content_id

SIGNAL_WEIGHTS = {
    "actor-denial": 0.65,
    "actor-mismatch": 0.6,
    "denial": 0.35,
    "number-mismatch": 0.55,
    "date-mismatch": 0.4,
}


@dataclass(frozen=True)
class Thresholds:
    contradiction: float = 0.7  # combined score at or above which a pair is flagged
    agreement: float = 0.6  # entailment probability, in both directions, that counts as agreement
    nli_only: float = 0.9  # mean contradiction probability of both directions that flags without a signal
    signal_weights: dict[str, float] = field(default_factory=lambda: dict(SIGNAL_WEIGHTS))

    @classmethod
    def from_settings(cls, settings) -> Thresholds:
        return cls(settings.contradiction_threshold, settings.agreement_threshold, settings.nli_only_threshold)


def _scores(row: np.ndarray) -> NLIScores:
    return NLIScores(*(round(float(v), 4) for v in row))


def judge_pairs(candidates: Sequence[Candidate], claims: Sequence[Claim], a_to_b: np.ndarray, b_to_a: np.ndarray,
                thresholds: Thresholds = Thresholds()) -> list[ScoredPair]:
    """Combine both NLI directions with the signals; one ScoredPair per candidate, same order."""
    judged = []
    for candidate, forward, backward in zip(candidates, a_to_b, b_to_a):
        a, b = claims[candidate.a], claims[candidate.b]
        signals = compare(a.content or a.text, b.content or b.text, a.speaker, b.speaker, candidate.similarity,
                          a.cue in DENIAL_CUES, b.cue in DENIAL_CUES)
        nli_contradiction = float(max(forward[2], backward[2]))
        # Agreement needs entailment both ways (the claims say the same thing); one-way entailment
        # is mostly a specific claim implying a vague one, which says nothing about sides.
        nli_entailment = float(min(forward[0], backward[0]))
        remaining = 1.0 - nli_contradiction
        reasons = []
        if nli_contradiction >= 0.5:
            reasons.append(f"NLI: contradiction {nli_contradiction:.2f} (A→B {forward[2]:.2f}, B→A {backward[2]:.2f})")
        for signal in signals:
            if signal.contradicts:
                remaining *= 1.0 - thresholds.signal_weights.get(signal.name, 0.0)
            reasons.append(signal.reason)
        score = round(1.0 - remaining, 4)
        contradiction_signals = [s.name for s in signals if s.contradicts]
        nli_mean = float(forward[2] + backward[2]) / 2
        same_actor = any(s.name == "same-actor" for s in signals)
        if contradiction_signals and score >= thresholds.contradiction:
            relation = "contradiction"
        elif nli_mean >= thresholds.nli_only and not same_actor:
            relation = "contradiction"
            score = max(score, round(nli_mean, 4))
        elif not contradiction_signals and (nli_entailment >= thresholds.agreement or same_actor):
            relation = "agreement"
        else:
            relation = "neutral"
        judged.append(ScoredPair(
            id="P" + content_id(a.id, b.id, length=12),
            event_id=candidate.event_id,
            a=a.id,
            b=b.id,
            similarity=candidate.similarity,
            a_to_b=_scores(forward),
            b_to_a=_scores(backward),
            signals=tuple(s.name for s in signals),
            reasons=tuple(reasons),
            contradiction_score=score,
            relation=relation,
        ))
    return judged
