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

`score_and_judge` sends a pair to NLI only where the model can change the verdict. A pair with a
contradiction signal is always scored: NLI is the support its combined score needs. A pair without
one can only agree (entailment both ways) or be flagged by NLI alone, and only claims that nearly
restate each other do either: on 300 FNC-1 bodies (16,775 candidate pairs) every NLI agreement had
similarity ≥ 0.7, on the seeds there were none, and NLI alone flagged nothing on either. So such a
pair is scored only from `nli_min_similarity` (0.6) up; below it stays neutral, unscored. That cut
86% of the NLI calls at 300 FNC-1 bodies, the costliest stage (BENCHMARKS.md); 0 scores every pair,
for a model strong enough to flag on its own. B→A is scored only where it can change the verdict
too: once A→B is known, a pair with no contradiction signal whose A→B contradiction is below
2·nli_only − 1 cannot reach the NLI-only mean, and one whose A→B entailment is below the agreement
threshold cannot agree both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from narratives.pairs import Candidate
from narratives.signals import DENIAL_CUES, Signal, compare, restates
from narratives.types import FLAG_KINDS, Claim, NLIScores, ScoredPair, content_id

SIGNAL_WEIGHTS = {
    "actor-denial": 0.65,
    "actor-mismatch": 0.6,
    "denial": 0.62,
    "number-mismatch": 0.55,
    "date-mismatch": 0.4,
    "time-mismatch": 0.6,
    # Loaded labels for the same doers frame the event whatever NLI makes of the facts, so framing flags on its
    # own (issue 12): a reviewer sees the kind "framing" and the two labels, not a claim that one side lies.
    "framing": 0.7,
}


@dataclass(frozen=True)
class Thresholds:
    contradiction: float = 0.7  # combined score at or above which a pair is flagged
    agreement: float = 0.6  # entailment probability, in both directions, that counts as agreement
    nli_only: float = 0.9  # mean contradiction probability of both directions that flags without a signal
    nli_min_similarity: float = 0.6  # similarity below which a pair with no contradiction signal is not scored
    signal_weights: dict[str, float] = field(default_factory=lambda: dict(SIGNAL_WEIGHTS))

    @classmethod
    def from_settings(cls, settings) -> Thresholds:
        return cls(settings.contradiction_threshold, settings.agreement_threshold, settings.nli_only_threshold,
                   settings.nli_min_similarity)


def _scores(row: np.ndarray) -> NLIScores:
    return NLIScores(*(round(float(v), 4) for v in row))


# (pairs of (premise, hypothesis) texts, "A→B" or "B→A") → one row of probabilities per pair, LABELS order
Predict = Callable[[Sequence[tuple[str, str]], str], np.ndarray]


def pair_signals(candidates: Sequence[Candidate], claims: Sequence[Claim]) -> list[list[Signal]]:
    """Claim-level signals of each candidate pair; they need no model."""
    signals = []
    for candidate in candidates:
        a, b = claims[candidate.a], claims[candidate.b]
        signals.append(compare(a.proposition, b.proposition, a.speaker, b.speaker, candidate.similarity,
                               a.cue in DENIAL_CUES, b.cue in DENIAL_CUES))
    return signals


def forward_needed(signals: Sequence[Signal], similarity: float, thresholds: Thresholds) -> bool:
    """Whether NLI can change a pair's relation at all (see the module docstring)."""
    return any(s.contradicts for s in signals) or similarity >= thresholds.nli_min_similarity - 1e-9


def reverse_needed(signals: Sequence[Signal], forward: Sequence[float], thresholds: Thresholds) -> bool:
    """Whether B→A can change a pair's relation once its A→B probabilities are known.

    A contradiction signal's combined score uses the larger direction, so B→A always counts
    there. Without one, a contradiction needs mean(A→B, B→A) ≥ nli_only, out of reach when A→B is
    below 2·nli_only − 1, and an agreement needs min(A→B, B→A) entailment ≥ agreement.
    """
    if any(s.contradicts for s in signals):
        return True
    # A hair below the exact limits, so rounding in the judge's mean can never matter.
    return (float(forward[2]) >= 2 * thresholds.nli_only - 1 - 1e-6
            or float(forward[0]) >= thresholds.agreement - 1e-6)


def score_and_judge(candidates: Sequence[Candidate], claims: Sequence[Claim], predict: Predict,
                    thresholds: Thresholds = Thresholds(),
                    signals: Sequence[Sequence[Signal]] | None = None) -> list[ScoredPair]:
    """Score A→B where `forward_needed`, B→A where `reverse_needed`, and judge; same order as `candidates`.

    `signals`: `pair_signals(candidates, claims)`, when computed elsewhere (on an engine's workers).
    """
    texts = [(claims[c.a].proposition, claims[c.b].proposition) for c in candidates]
    signals = pair_signals(candidates, claims) if signals is None else signals
    forward: list[np.ndarray | None] = [None] * len(texts)
    asked = [i for i, c in enumerate(candidates) if forward_needed(signals[i], c.similarity, thresholds)]
    if asked:
        for i, row in zip(asked, predict([texts[i] for i in asked], "A→B")):
            forward[i] = row
    needed = [i for i in asked if reverse_needed(signals[i], forward[i], thresholds)]
    backward: list[np.ndarray | None] = [None] * len(texts)
    if needed:
        for i, row in zip(needed, predict([texts[i][::-1] for i in needed], "B→A")):
            backward[i] = row
    return judge_pairs(candidates, claims, forward, backward, thresholds, signals=signals)


def judge_pairs(candidates: Sequence[Candidate], claims: Sequence[Claim], a_to_b: Sequence[np.ndarray | None],
                b_to_a: Sequence[np.ndarray | None], thresholds: Thresholds = Thresholds(),
                signals: Sequence[Sequence[Signal]] | None = None) -> list[ScoredPair]:
    """Combine both NLI directions with the signals; one ScoredPair per candidate, same order.

    A `None` row is a direction left unscored because it could not change the relation
    (`forward_needed`, `reverse_needed`): a pair without B→A is judged on A→B alone, and one
    without either on its signals alone (it has no contradiction signal, so it is neutral or,
    naming the same actor, an agreement).
    """
    signals = pair_signals(candidates, claims) if signals is None else signals
    judged = []
    for candidate, scored, backward, fired in zip(candidates, a_to_b, b_to_a, signals):
        a, b = claims[candidate.a], claims[candidate.b]
        if scored is None and forward_needed(fired, candidate.similarity, thresholds):
            raise ValueError(f"pair {a.id}/{b.id} needs its A→B scores to be judged")
        # Unscored reads as "no evidence either way": nothing below can then reach a threshold.
        forward = np.array([0.0, 1.0, 0.0]) if scored is None else scored
        if backward is None and scored is not None and reverse_needed(fired, forward, thresholds):
            raise ValueError(f"pair {a.id}/{b.id} needs its B→A scores to be judged")
        nli_contradiction = float(forward[2] if backward is None else max(forward[2], backward[2]))
        # Agreement needs entailment both ways (the claims say the same thing); one-way entailment
        # is mostly a specific claim implying a vague one, which says nothing about sides.
        nli_entailment = float(forward[0] if backward is None else min(forward[0], backward[0]))
        remaining = 1.0 - nli_contradiction
        reasons = []
        if nli_contradiction >= 0.5:
            other = "not scored" if backward is None else f"{backward[2]:.2f}"
            reasons.append(f"NLI: contradiction {nli_contradiction:.2f} (A→B {forward[2]:.2f}, B→A {other})")
        for signal in fired:
            if signal.contradicts:
                remaining *= 1.0 - thresholds.signal_weights.get(signal.name, 0.0)
            reasons.append(signal.reason)
        score = round(1.0 - remaining, 4)
        contradiction_signals = [s.name for s in fired if s.contradicts]
        # Unscored B→A counts as 0 here; reverse_needed made sure that cannot change the outcome.
        nli_mean = (float(forward[2]) + (0.0 if backward is None else float(backward[2]))) / 2
        same_actor = any(s.name == "same-actor" for s in fired)
        if (contradiction_signals and score >= thresholds.contradiction
                or nli_mean >= thresholds.nli_only) and restates(a.proposition, b.proposition):
            relation = "agreement" if nli_entailment >= thresholds.agreement else "neutral"
            reasons.append("the two claims say the same words: no contradiction")
        elif contradiction_signals and score >= thresholds.contradiction:
            relation = "contradiction"
        elif nli_mean >= thresholds.nli_only and not same_actor:
            relation = "contradiction"
            score = max(score, round(nli_mean, 4))
        elif not contradiction_signals and (nli_entailment >= thresholds.agreement or same_actor):
            relation = "agreement"
        else:
            relation = "neutral"
        if relation == "contradiction" and contradiction_signals == ["framing"]:
            reasons.append("framing only: the claims may agree on what happened; they name those involved with "
                           "words that take sides")
        elif relation == "contradiction" and nli_contradiction < 0.5:
            # the reviewer should know the model itself does not see the clash
            other = "not scored" if backward is None else f"{backward[2]:.2f}"
            reasons.append(f"weak NLI support: contradiction {nli_contradiction:.2f} (A→B {forward[2]:.2f}, "
                           f"B→A {other}); flagged on the claim-level evidence")
        dispute = next(((s.topic, s.position_a, s.position_b) for _kind, names in FLAG_KINDS for s in fired
                        if s.contradicts and s.name in names and s.topic), ())
        judged.append(ScoredPair(
            id="P" + content_id(a.id, b.id, length=12),
            event_id=candidate.event_id,
            a=a.id,
            b=b.id,
            similarity=candidate.similarity,
            a_to_b=None if scored is None else _scores(forward),
            b_to_a=None if backward is None else _scores(backward),
            signals=tuple(s.name for s in fired),
            reasons=tuple(reasons),
            contradiction_score=score,
            relation=relation,
            dispute=dispute if relation == "contradiction" else (),
        ))
    return judged
