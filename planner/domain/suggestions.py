"""Targets suggested by the pain drawing, grouped, ranked, each with a short reason.

Three groups, as a practitioner thinks of them:
- trigger-point sources: regions whose referral zones (Travell & Simons patterns, stored for
  the LEFT side and mirrored for the right) explain the painted area, weighted by intensity;
- local points: acupoints whose chart position lies in a painted region (or, for the points
  the library holds in depth, next to one or in its part of the body);
- distal points: in-depth points on the arm, hand, leg or foot whose channel runs through a
  painted region (a channel "passes" where one of its points lies in the painted area).

Ranking puts what screening would block for this patient last in its group, and `grouped`
hands out a few of each at a time. Pure: the chart, positions and rules come in as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from planner.domain.assessment import Assessment, PainRegion
from planner.domain.bodychart import BodyChart
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, BodyRegion, Channel, TriggerRegion
from planner.domain.chart import ChartPosition
from planner.domain.findings import Finding, Severity, apply_clearances, apply_overrides
from planner.domain.pain_regions import (
    channels_through,
    join_words,
    mirror_region,
    neighbours,
    phrase,
    point_regions,
    side_of,
    split_region,
)
from planner.domain.plan import Plan
from planner.domain.protocol import PlannedTarget, is_midline_code, plan_targets, with_targets
from planner.domain.screening import screen
from planner.domain.screening_rules import Rule, Scope
from planner.domain.vocab import Side

# The coarse body region of a painted chart region, for the in-depth local points.
_BODY_REGION: Mapping[str, BodyRegion] = {
    "head": BodyRegion.HEAD,
    "neck": BodyRegion.NECK,
    "shoulder": BodyRegion.SHOULDER,
    "upper-back": BodyRegion.UPPER_BACK,
    "scapula": BodyRegion.UPPER_BACK,
    "arm": BodyRegion.ARM,
    "chest": BodyRegion.CHEST,
    "lower-back": BodyRegion.LOWER_BACK,
}
NECK_SHOULDER = frozenset({BodyRegion.NECK, BodyRegion.SHOULDER, BodyRegion.UPPER_BACK})
LIMBS = frozenset({BodyRegion.ARM, BodyRegion.HAND, BodyRegion.LEG, BodyRegion.FOOT})

# Weights: a point lying in the painted region counts its intensity in full, one next to
# it half; an in-depth point (the library has its depth and cautions) is preferred.
NEXT_TO = 0.5
COMMON_POINT = 0.4
IN_DEPTH_BONUS = 1.5
EXPLAINS_BONUS = 0.25  # per extra painted region one referral pattern explains
DISTAL = 0.3
PER_GROUP = 4  # shown at a time in each group
Risks = Mapping[str, tuple[Finding, ...]]  # target -> its findings, the one to show first

# REFERENCE.md section 4: chest pain needs a cardiac cause ruled out first; some muscles'
# patterns (pectoralis minor) mimic angina.
CHEST_CAUTION = (
    "The chest is painted: rule out a cardiac cause before treating this as muscle pain."
)


class SuggestionKind(StrEnum):
    TRIGGER_POINT = "trigger-point"
    ACUPOINT = "acupoint"


class SuggestionGroup(StrEnum):
    """In the order they are shown."""

    SOURCES = "sources"
    LOCAL = "local"
    DISTAL = "distal"

    @property
    def heading(self) -> str:
        return _GROUP_TITLES[self]


_GROUP_TITLES = {
    SuggestionGroup.SOURCES: "Trigger-point sources",
    SuggestionGroup.LOCAL: "Local points",
    SuggestionGroup.DISTAL: "Distal points",
}


@dataclass(frozen=True)
class Suggestion:
    target: str  # "GB21" or "TP:levator-scapulae"
    side: Side
    score: float
    reason: str  # one short line
    explains: tuple[str, ...]  # the painted regions behind it
    kind: SuggestionKind
    group: SuggestionGroup = SuggestionGroup.LOCAL
    caution: str = ""  # what to rule out first, shown with the reason


def _sided(regions: Iterable[str]) -> Side:
    """The side of the sided regions among these (the head and lower back pick none)."""
    return side_of(side for r in regions if (side := split_region(r)[1]) is not None)


# --- trigger-point regions -----------------------------------------------------------------


def _trigger_suggestion(tr: TriggerRegion, painted: Mapping[str, int]) -> Suggestion | None:
    explained: dict[str, int] = {}
    sides: set[str] = set()
    for side in ("left", "right"):
        zones = (
            tr.referral_regions
            if side == "left"
            else tuple(map(mirror_region, tr.referral_regions))
        )
        hits = [z for z in zones if z in painted]
        # A side explains the drawing only through its own sided zones; an unsided zone
        # (the head) alone does not pick a side.
        if any(split_region(z)[1] == side for z in hits):
            sides.add(side)
        for z in hits:
            explained[z] = painted[z]
    if not explained:
        return None
    regions = sorted(explained, key=lambda r: (-explained[r], r))
    score = sum(explained.values()) * (1 + EXPLAINS_BONUS * (len(regions) - 1))
    chest = any(split_region(r)[0] == "chest" for r in regions)
    return Suggestion(
        tr.target_id,
        side_of(sides),
        round(score, 3),
        f"Refers pain to {join_words([phrase(r) for r in regions])}.",
        tuple(regions),
        SuggestionKind.TRIGGER_POINT,
        SuggestionGroup.SOURCES,
        CHEST_CAUTION if chest else "",
    )


# --- acupoints -----------------------------------------------------------------------------


def _sentence(parts: Sequence[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _local_suggestion(
    point: Acupoint, painted: Mapping[str, int], lies_in: Mapping[str, str]
) -> Suggestion | None:
    best: dict[str, tuple[float, str]] = {}  # painted region -> (score, how)
    nearby = point.in_depth and point.region not in LIMBS
    for region, intensity in painted.items():
        if region in lies_in:
            best[region] = (float(intensity), "in")
            continue
        # Only in-depth points count from next door (the head alone holds 30-odd points),
        # and never a limb's: the chart's arm runs to the fingers, and SI3 on the hand is
        # not local to the shoulder blade (it is a distal point, below).
        if nearby and neighbours(region) & set(lies_in):
            best[region] = (intensity * NEXT_TO, "next to")
            continue
        body = _BODY_REGION.get(split_region(region)[0])
        if point.in_depth and body is not None and point.region is body and body in NECK_SHOULDER:
            best[region] = (intensity * COMMON_POINT, "common")
    if not best:
        return None
    score = sum(s for s, _ in best.values()) * (IN_DEPTH_BONUS if point.in_depth else 1.0)
    regions = sorted(best, key=lambda r: (-best[r][0], r))
    side = Side.MIDLINE if is_midline_code(point.code) else _sided(regions)
    # One region in words, the strongest; the others counted (the list is for the detail).
    top = regions[0]
    how = {"in": "lies in", "next to": "next to", "common": "a common local point for"}
    reason = f"{how[best[top][1]]} {phrase(top)}"
    if len(regions) > 1:
        others = len(regions) - 1
        reason += f", near {others} other painted region{'s' if others > 1 else ''}"
    return Suggestion(
        point.code,
        side,
        round(score, 3),
        _sentence([reason]),
        tuple(regions),
        SuggestionKind.ACUPOINT,
    )


def _distal_suggestion(
    point: Acupoint, through: Mapping[Channel, set[str]], painted: Mapping[str, int]
) -> Suggestion | None:
    channel = point.channel
    if not point.in_depth or point.region not in LIMBS or channel is None or channel not in through:
        return None
    # The sided regions first: "runs through the right shoulder", not "the head".
    regions = sorted(through[channel], key=lambda r: (split_region(r)[1] is None, -painted[r], r))
    score = DISTAL * sum(painted[r] for r in regions) * IN_DEPTH_BONUS
    return Suggestion(
        point.code,
        _sided(regions),
        round(score, 3),
        f"On the {channel.english} channel, which runs through {phrase(regions[0])}.",
        tuple(regions),
        SuggestionKind.ACUPOINT,
        SuggestionGroup.DISTAL,
    )


# --- together ------------------------------------------------------------------------------


def suggest(
    pain_regions: Iterable[PainRegion],
    catalog: Catalog,
    chart: BodyChart | None = None,
    positions: Mapping[str, tuple[ChartPosition, ...]] | None = None,
    *,
    limit: int = 12,
) -> list[Suggestion]:
    """Trigger-point sources, local points and distal points for the painted regions, each
    group best first and at most `limit` long.

    positions overrides the catalog's own chart positions (by target id; Jiaji levels as
    'EX-B2-T4' count for EX-B2). Without a chart only referral patterns and the in-depth
    points' body regions are used (so no distal points: they follow the chart).
    """
    painted = {r.region: r.intensity for r in pain_regions if r.intensity > 0}
    if not painted:
        return []
    by_point: dict[str, list[ChartPosition]] = {}
    for key, at in (positions or {}).items():
        by_point.setdefault("EX-B2" if key.startswith("EX-B2-") else key, []).extend(at)
    triggers = [s for tr in catalog.trigger_regions if (s := _trigger_suggestion(tr, painted))]
    lies_in: dict[str, dict[str, str]] = {}
    local: list[Suggestion] = []
    for point in catalog.acupoints:
        where = by_point.get(point.code, list(point.positions))
        lies_in[point.code] = point_regions(point, where, chart) if chart is not None else {}
        found = _local_suggestion(point, painted, lies_in[point.code])
        if found is not None:
            local.append(found)
    through = channels_through(lies_in, catalog, painted)
    near = {s.target for s in local}
    distal = [
        s
        for point in catalog.acupoints
        if point.code not in near and (s := _distal_suggestion(point, through, painted))
    ]

    def best(items: list[Suggestion]) -> list[Suggestion]:
        return sorted(items, key=lambda s: (-s.score, s.target))[:limit]

    return best(triggers) + best(local) + best(distal)


# --- for this patient ----------------------------------------------------------------------


def suggestion_risks(
    suggestions: Iterable[Suggestion],
    assessment: Assessment | None,
    plan: Plan,
    catalog: Catalog,
    rules: Sequence[Rule],
    *,
    birth_date: date | None = None,
) -> dict[str, tuple[Finding, ...]]:
    """The findings about each suggestion were it added to the plan on its side, as the
    page would then show them (the plan's overrides and the assessment's clearances
    applied): the risk is seen before the click. Most severe first and, of equal severity,
    what is about this target (ST9 over the carotid) before what is about every target
    (anticoagulants). Suggestions with no finding are left out."""
    case_wide = {r.id for r in rules if r.scope is Scope.CASE}

    def order(f: Finding) -> tuple[int, bool, bool]:
        return (-f.severity.rank, f.resolved, f.rule in case_wide)

    risks: dict[str, tuple[Finding, ...]] = {}
    current = plan_targets(plan)
    clearances = assessment.clearances if assessment is not None else ()
    for s in suggestions:
        planned = any(t.target == s.target for t in current)
        trial = plan if planned else with_targets(plan, (*current, PlannedTarget(s.target, s.side)))
        raw = screen(assessment, trial, catalog, rules, birth_date=birth_date)
        findings = apply_clearances(apply_overrides(raw, plan.overrides), clearances)
        about = [f for f in findings if s.target in f.targets]
        if about:
            risks[s.target] = tuple(sorted(about, key=order))  # stable: the rules' order
    return risks


def _held_back(finding: Finding | None) -> bool:
    return finding is not None and not finding.resolved and finding.severity >= Severity.BLOCK


def _risk_rank(finding: Finding | None) -> int:
    return -1 if finding is None or finding.resolved else finding.severity.rank


def _worst(risks: Risks, target: str) -> Finding | None:
    found = risks.get(target, ())
    return found[0] if found else None


def rank(suggestions: Iterable[Suggestion], risks: Risks) -> list[Suggestion]:
    """By group; in a group what screening would block comes last (listed, with its risk),
    the rest by score, and on a tie the one with less risk for this patient first."""
    order = list(SuggestionGroup)

    def key(s: Suggestion) -> tuple[int, bool, float, int, str]:
        risk = _worst(risks, s.target)
        return (order.index(s.group), _held_back(risk), -s.score, _risk_rank(risk), s.target)

    return sorted(suggestions, key=key)


@dataclass(frozen=True)
class Group:
    group: SuggestionGroup
    shown: tuple[Suggestion, ...]
    more: int = 0  # how many more there are
    all: tuple[Suggestion, ...] = field(default=(), repr=False)


def grouped(
    suggestions: Iterable[Suggestion],
    risks: Risks,
    *,
    per_group: int | None = PER_GROUP,
) -> list[Group]:
    """The ranked suggestions in their groups, at most `per_group` of each (None: all)."""
    ranked = rank(suggestions, risks)
    groups = []
    for group in SuggestionGroup:
        items = tuple(s for s in ranked if s.group is group)
        if items:
            shown = items if per_group is None else items[:per_group]
            groups.append(Group(group, shown, len(items) - len(shown), items))
    return groups
