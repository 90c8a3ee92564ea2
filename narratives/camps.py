"""Scored pairs → competing narratives: split each event's sources into camps.

Sources are nodes of a signed graph (the outlet's own narration counts only where it takes a side
in its own voice, `takes_a_side`): contradictions pull two sources apart (negative weight,
the combined score), agreements pull them together (positive weight), and a speaker relayed by
an outlet in the same sentence ("X, citing Y, said"; "…, the agency reported") is tied to it
with a weaker positive edge. Each connected group of clashing sources (one dispute) is split into
two camps that maximise the weight of agreement inside camps plus contradiction across them; exact
for up to 16 sources, local search above that. An event with two unrelated disputes has four camps.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from narratives.pairs import source_key
from narratives.types import Camp, Claim, Event, Narrative, ScoredPair

RELAY_WEIGHT = 0.5
FACT_AGREEMENT_WEIGHT = 0.25
EXACT_LIMIT = 16


def _objective(assignment: dict[str, int], edges: dict[tuple[str, str], float]) -> float:
    return sum(w if assignment[a] == assignment[b] else -w for (a, b), w in edges.items())


def _split(nodes: list[str], edges: dict[tuple[str, str], float]) -> dict[str, int]:
    """Two-camp assignment with the best objective; ties broken by enumeration order (deterministic)."""
    if len(nodes) <= EXACT_LIMIT:
        best, best_value = None, float("-inf")
        for bits in itertools.product((0, 1), repeat=len(nodes) - 1):
            assignment = dict(zip(nodes, (0, *bits)))
            value = _objective(assignment, edges)
            if value > best_value + 1e-9:
                best, best_value = assignment, value
        return best
    # Greedy local search from everyone in camp 0: move single nodes while it helps.
    assignment = {n: 0 for n in nodes}
    improved = True
    while improved:
        improved = False
        for node in nodes:
            before = _objective(assignment, edges)
            assignment[node] ^= 1
            if _objective(assignment, edges) > before + 1e-9:
                improved = True
            else:
                assignment[node] ^= 1
    return assignment


def build_narratives(events: Sequence[Event], claims: Sequence[Claim], pairs: Sequence[ScoredPair]) -> list[Narrative]:
    by_id = {c.id: c for c in claims}
    pairs_by_event: dict[str, list[ScoredPair]] = defaultdict(list)
    for pair in pairs:
        pairs_by_event[pair.event_id].append(pair)
    narratives = []
    for event in events:
        event_claims = [by_id[i] for i in event.claim_ids]
        display: dict[str, Counter] = defaultdict(Counter)
        for claim in event_claims:
            display[source_key(claim)][claim.source] += 1
            if claim.via:
                display[" ".join(claim.via.lower().split())][claim.via] += 1
        edges: dict[tuple[str, str], float] = defaultdict(float)
        evidence: dict[str, float] = defaultdict(float)  # claim id → weight of the edges it carries
        for pair in pairs_by_event.get(event.id, []):
            a, b = by_id[pair.a], by_id[pair.b]
            if not (takes_a_side(a, pair) and takes_a_side(b, pair)):
                continue  # an outlet reporting, not an outlet taking a side
            ka, kb = sorted((source_key(a), source_key(b)))
            if pair.relation == "contradiction":
                edges[ka, kb] -= pair.contradiction_score
                evidence[a.id] += pair.contradiction_score
                evidence[b.id] += pair.contradiction_score
            elif pair.relation == "agreement":
                # Naming the same actor is taking a side; agreeing on an undisputed fact
                # (houses were damaged) is not, so NLI-only agreement counts for little.
                sided = "same-actor" in pair.signals
                # (an NLI agreement always has both directions scored: judge.reverse_needed)
                both = min(pair.a_to_b.entailment, pair.b_to_a.entailment) if pair.a_to_b and pair.b_to_a else 0.0
                weight = 0.6 if sided else FACT_AGREEMENT_WEIGHT * both
                edges[ka, kb] += weight
                evidence[a.id] += weight * 0.5
                evidence[b.id] += weight * 0.5
        for claim in event_claims:
            if claim.via:
                relay = " ".join(claim.via.lower().split())
                if relay != source_key(claim):
                    edges[tuple(sorted((relay, source_key(claim))))] += RELAY_WEIGHT
        edges = {k: round(w, 6) for k, w in edges.items() if abs(w) > 1e-9}
        connected = sorted({n for edge in edges for n in edge})
        all_sources = sorted(display)
        if not connected or not any(w < 0 for w in edges.values()):
            narratives.append(Narrative(event.id, (), tuple(_name(display, s) for s in all_sources)))
            continue
        # Only sources linked to a contradiction take sides; a pair tied only by agreement or a
        # relay, with no clash anywhere in its component, stays unaligned.
        contested = _contested_nodes(connected, edges)
        edges = {k: w for k, w in edges.items() if k[0] in contested}
        connected = sorted(contested)
        camps = []
        # Each connected group of clashing sources is its own dispute, split on its own: the curfew's
        # deniers and claimers share nothing with a march's organisers and the police, and one two-way
        # split of all four would put unrelated sources in one camp. The most contested dispute first.
        for component in sorted(_components(connected, edges), key=lambda c: (
                sum(w for (a, _), w in edges.items() if a in c and w < 0), min(c))):
            nodes = sorted(component)
            assignment = _split(nodes, {k: w for k, w in edges.items() if k[0] in component})
            sides = []
            for side in (0, 1):
                members = [n for n in nodes if assignment[n] == side]
                if not members:
                    continue
                member_claims = [c for c in event_claims if source_key(c) in members and evidence.get(c.id, 0) > 0]
                member_claims.sort(key=lambda c: (-evidence[c.id], c.id))
                names = sorted({_name(display, m) for m in members})
                top = member_claims[0].content if member_claims else ""
                label = f"{', '.join(names[:3])}{' and others' if len(names) > 3 else ''}: “{_shorten(top)}”"
                sides.append(Camp(label=label, sources=tuple(names), claim_ids=tuple(c.id for c in member_claims[:5])))
            camps.extend(sorted(sides, key=lambda camp: (-len(camp.sources), camp.sources)))
        unaligned = tuple(_name(display, s) for s in all_sources if s not in connected)
        narratives.append(Narrative(event.id, tuple(camps), unaligned))
    return narratives


# Narration that only relays: "the attack was reportedly claimed by …", "unverified footage shows …".
_HEDGED_NARRATION = re.compile(r"\b(?:reportedly|allegedly|purportedly|apparently|unconfirmed|unverified|"
                               r"(?:is|are|was|were)\s+said\s+to|(?:is|are|was|were)\s+(?:claimed|reported|alleged)|"
                               r"could\s+not\s+(?:be\s+)?(?:independently\s+)?verif|according\s+to)\b", re.IGNORECASE)


def takes_a_side(claim: Claim, pair: ScoredPair) -> bool:
    """Whether a claim puts its source into a camp through this pair.

    Quoted and reported speech always does. The outlet's own narration does only when it asserts a
    contested point in its own voice: a clash on who did it, whether it happened or how many, or an
    agreement on who did it, and never when the narration itself hedges ("reportedly", "allegedly").
    """
    if claim.speaker:
        return True
    if _HEDGED_NARRATION.search(claim.text):
        return False
    if pair.relation == "contradiction":
        return pair.kind in ("actor", "event-denial", "quantity", "time")
    return "same-actor" in pair.signals


def _components(nodes: list[str], edges: dict[tuple[str, str], float]) -> list[set[str]]:
    """The connected components of the source graph, in the order of their first node."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    components: list[set[str]] = []
    seen: set[str] = set()
    for start in nodes:
        if start in seen:
            continue
        component, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node not in component:
                component.add(node)
                stack.extend(neighbours[node] - component)
        seen |= component
        components.append(component)
    return components


def _contested_nodes(nodes: list[str], edges: dict[tuple[str, str], float]) -> set[str]:
    """Nodes of connected components that contain at least one negative (contradiction) edge."""
    contested: set[str] = set()
    for component in _components(nodes, edges):
        if any(w < 0 for (a, _), w in edges.items() if a in component):
            contested |= component
    return contested


def _name(display: dict[str, Counter], key: str) -> str:
    return sorted(display[key].items(), key=lambda item: (-item[1], item[0]))[0][0] if display.get(key) else key


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
