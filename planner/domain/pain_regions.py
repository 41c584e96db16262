"""The pain drawing's chart regions: their sides, their neighbours, their words, and where
the library's points lie among them.

The chart's regions are sided ("neck-right") except the head and the lower back. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from planner.domain.assessment import PainRegion
from planner.domain.bodychart import BodyChart
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, Channel
from planner.domain.chart import ChartPosition
from planner.domain.protocol import is_midline_code
from planner.domain.vocab import Side

# A region in a short reason ("refers pain to the right shoulder blade").
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


def neighbours(region: str) -> set[str]:
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


def side_of(sides: Iterable[str | None]) -> Side:
    """One side when every region named lies on it; both otherwise (or when none)."""
    found = set(sides)
    if found == {"left"}:
        return Side.LEFT
    if found == {"right"}:
        return Side.RIGHT
    return Side.BOTH


def pain_side(pain_regions: Iterable[PainRegion]) -> Side:
    """The side a target added by hand takes: the painted side when every painted region
    lies on it; both when both sides, or the head or lower back (no side), are painted."""
    return side_of(split_region(r.region)[1] for r in pain_regions if r.intensity > 0)


# --- where the library's points lie on the chart ------------------------------------------


def point_regions(
    point: Acupoint, positions: Iterable[ChartPosition], chart: BodyChart
) -> dict[str, str]:
    """Chart regions the point lies in, on each side it exists: region -> 'left'/'right'/''."""
    found: dict[str, str] = {}
    midline = is_midline_code(point.code)
    for pos in positions:
        candidates = [(pos, "")] if midline else [(pos, "left"), (pos.mirrored(), "right")]
        for p, side in candidates:
            region = chart.region_at(p.view, p.x, p.y)
            if region is not None:
                found[region] = side or (split_region(region)[1] or "")
    return found


def channels_through(
    lies_in: Mapping[str, Mapping[str, str]], catalog: Catalog, painted: Mapping[str, int]
) -> dict[Channel, set[str]]:
    """The painted regions each channel runs through (one of its points lies there)."""
    through: dict[Channel, set[str]] = {}
    for code, regions in lies_in.items():
        point = catalog.target(code)
        if isinstance(point, Acupoint) and point.channel is not None:
            hit = {r for r in regions if r in painted}
            if hit:
                through.setdefault(point.channel, set()).update(hit)
    return through
