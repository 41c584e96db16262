"""Targets suggested by the pain drawing, each with the reason in plain words.

Trigger-point regions are ranked by how much of the painted area their referral zones
explain (Travell & Simons patterns, stored for the LEFT side and mirrored for the right),
weighted by the painted intensities. Acupoints are suggested when their chart position lies
in a painted region (or next to one), and the in-depth neck and shoulder points when their
part of the body hurts. Pure: the chart and positions come in as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from planner.domain.assessment import PainRegion
from planner.domain.bodychart import BodyChart
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, BodyRegion, TriggerRegion
from planner.domain.chart import ChartPosition
from planner.domain.protocol import is_midline_code
from planner.domain.vocab import Side

# How a painted region is said in a sentence ("refers pain to the right side of the neck").
REGION_PHRASES: Mapping[str, str] = {
    "head": "the head",
    "neck-left": "the left side of the neck",
    "neck-right": "the right side of the neck",
    "upper-back-left": "the left upper back",
    "upper-back-right": "the right upper back",
    "shoulder-left": "the left shoulder",
    "shoulder-right": "the right shoulder",
    "scapula-left": "the left shoulder blade",
    "scapula-right": "the right shoulder blade",
    "arm-left": "the left arm",
    "arm-right": "the right arm",
    "chest-left": "the left chest",
    "chest-right": "the right chest",
    "lower-back": "the lower back",
}

# Regions that touch on the chart (per side; the unsided head and lower back touch both).
_NEIGHBOURS: Mapping[str, tuple[str, ...]] = {
    "head": ("neck-left", "neck-right"),
    "neck": ("head", "shoulder", "upper-back", "scapula", "chest"),
    "shoulder": ("neck", "scapula", "arm", "upper-back", "chest"),
    "upper-back": ("neck", "scapula", "shoulder", "lower-back"),
    "scapula": ("upper-back", "shoulder", "neck", "arm"),
    "arm": ("shoulder", "scapula"),
    "chest": ("neck", "shoulder"),
    "lower-back": ("upper-back-left", "upper-back-right"),
}

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

# Weights: a point lying in the painted region counts its intensity in full, one next to
# it half; an in-depth point (the library has its depth and cautions) is preferred.
NEXT_TO = 0.5
COMMON_POINT = 0.4
IN_DEPTH_BONUS = 1.5
EXPLAINS_BONUS = 0.25  # per extra painted region one referral pattern explains


CHEST_CAUTION = (
    " The chest is painted: rule out a cardiac cause before treating this as muscle pain."
)


class SuggestionKind(StrEnum):
    TRIGGER_POINT = "trigger-point"
    ACUPOINT = "acupoint"


@dataclass(frozen=True)
class Suggestion:
    target: str  # "GB21" or "TP:levator-scapulae"
    side: Side
    score: float
    reason: str
    explains: tuple[str, ...]  # the painted regions behind it
    kind: SuggestionKind


def split_region(region: str) -> tuple[str, str | None]:
    """'neck-right' -> ('neck', 'right'); 'head' -> ('head', None)."""
    for side in ("left", "right"):
        if region.endswith("-" + side):
            return region[: -len(side) - 1], side
    return region, None


def mirror_region(region: str) -> str:
    """A LEFT-side region id on the right side (unsided ids stay as they are)."""
    base, side = split_region(region)
    return f"{base}-right" if side == "left" else region


def phrase(region: str) -> str:
    return REGION_PHRASES.get(region, "the " + region.replace("-", " "))


def join_words(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _neighbours(region: str) -> set[str]:
    base, side = split_region(region)
    found: set[str] = set()
    for other in _NEIGHBOURS.get(base, ()):
        if other in ("head", "lower-back") or other.endswith(("-left", "-right")):
            found.add(other)
        elif side is not None:
            found.add(f"{other}-{side}")
        else:
            found.update({f"{other}-left", f"{other}-right"})
    return found


def _side_of(sides: set[str]) -> Side:
    if sides == {"left"}:
        return Side.LEFT
    if sides == {"right"}:
        return Side.RIGHT
    return Side.BOTH


# --- trigger-point regions -----------------------------------------------------------------


def _trigger_suggestion(tr: TriggerRegion, painted: Mapping[str, int]) -> Suggestion | None:
    explained: dict[str, int] = {}
    sides: set[str] = set()
    for side in ("left", "right"):
        zones = (
            tr.referral_regions
            if side == "left"
            else tuple(mirror_region(r) for r in tr.referral_regions)
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
    side = _side_of(sides)
    reason = f"Refers pain to {join_words([phrase(r) for r in regions])}."
    if any(split_region(r)[0] == "chest" for r in regions):
        # REFERENCE.md section 4: chest pain needs a cardiac cause ruled out first; some
        # muscles' patterns (pectoralis minor) mimic angina.
        reason += CHEST_CAUTION
    return Suggestion(
        tr.target_id, side, round(score, 3), reason, tuple(regions), SuggestionKind.TRIGGER_POINT
    )


# --- acupoints -----------------------------------------------------------------------------


def _point_regions(
    point: Acupoint, positions: Iterable[ChartPosition], chart: BodyChart
) -> dict[str, str]:
    """Chart regions the point lies in, on each side it exists: region -> 'left'/'right'/''."""
    found: dict[str, str] = {}
    midline = is_midline_code(point.code)
    for pos in positions:
        candidates = [(pos, "left")] if not midline else [(pos, "")]
        if not midline:
            candidates.append((pos.mirrored(), "right"))
        for p, side in candidates:
            region = chart.region_at(p.view, p.x, p.y)
            if region is not None:
                region_side = split_region(region)[1]
                found[region] = side or (region_side or "")
    return found


def _acupoint_suggestion(
    point: Acupoint,
    painted: Mapping[str, int],
    lies_in: Mapping[str, str],
) -> Suggestion | None:
    best: dict[str, tuple[float, str]] = {}  # painted region -> (score, how)
    for region, intensity in painted.items():
        if region in lies_in:
            best[region] = (float(intensity), "in")
            continue
        # Only in-depth points count from next door: the head alone holds 30-odd points.
        if point.in_depth and _neighbours(region) & set(lies_in):
            best[region] = (intensity * NEXT_TO, "next to")
            continue
        body = _BODY_REGION.get(split_region(region)[0])
        if point.in_depth and body is not None and point.region is body and body in NECK_SHOULDER:
            best[region] = (intensity * COMMON_POINT, "common")
    if not best:
        return None
    score = sum(s for s, _ in best.values())
    if point.in_depth:
        score *= IN_DEPTH_BONUS
    regions = sorted(best, key=lambda r: (-best[r][0], r))
    sides = {s for r in regions if (s := split_region(r)[1]) is not None}
    side = Side.MIDLINE if is_midline_code(point.code) else _side_of(sides)
    parts = []
    inside = [phrase(r) for r in regions if best[r][1] == "in"]
    near = [phrase(r) for r in regions if best[r][1] == "next to"]
    common = [phrase(r) for r in regions if best[r][1] == "common"]
    if inside:
        parts.append(f"lies in {join_words(inside)}")
    if near:
        parts.append(f"{'next to' if inside else 'lies next to'} {join_words(near)}")
    if common:
        parts.append(f"a commonly used local point for {join_words(common)}")
    reason = "; ".join(parts) if common and len(parts) > 1 else ", ".join(parts)
    return Suggestion(
        point.code,
        side,
        round(score, 3),
        reason[0].upper() + reason[1:] + ".",
        tuple(regions),
        SuggestionKind.ACUPOINT,
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
    """Trigger-point regions and acupoints for the painted regions, best first.

    positions overrides the catalog's own chart positions (by target id; Jiaji levels as
    'EX-B2-T4' count for EX-B2). Without a chart only referral patterns and the in-depth
    points' body regions are used. At most `limit` of each kind.
    """
    painted = {r.region: r.intensity for r in pain_regions if r.intensity > 0}
    if not painted:
        return []
    by_point: dict[str, list[ChartPosition]] = {}
    if positions is not None:
        for key, found in positions.items():
            code = "EX-B2" if key.startswith("EX-B2-") else key
            by_point.setdefault(code, []).extend(found)
    triggers = [s for tr in catalog.trigger_regions if (s := _trigger_suggestion(tr, painted))]
    points: list[Suggestion] = []
    for point in catalog.acupoints:
        where = by_point.get(point.code, list(point.positions))
        lies_in = _point_regions(point, where, chart) if chart is not None else {}
        if not lies_in and not point.in_depth:
            continue
        suggestion = _acupoint_suggestion(point, painted, lies_in)
        if suggestion is not None:
            points.append(suggestion)

    def ranked(items: list[Suggestion]) -> list[Suggestion]:
        return sorted(items, key=lambda s: (-s.score, s.target))[:limit]

    return ranked(triggers) + ranked(points)
