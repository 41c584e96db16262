"""The body chart as data: outline, regions and landmarks per view, and position derivation.

Geometry is kept in each view's frame units (x to the viewer's right, y downward, e.g.
400 x 1000); the public look-ups take and return normalised coordinates (0..1 over the frame,
see ChartPosition). Cun offsets are computed in frame units because the frame is not square.
The outline and regions are path data, parsed by planner.domain.bodychart_paths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.domain.bodychart_paths import PathData, Point
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import NotFoundError


@dataclass(frozen=True, eq=False)
class ChartView:
    """One view of the figure in its own frame (width x height units)."""

    view: View
    width: float
    height: float
    outline: tuple[PathData, ...]
    regions: Mapping[str, PathData]  # region id -> path, in hit-test order
    landmarks: Mapping[str, Point]
    details: tuple[PathData, ...] = field(default=())

    def position(self, p: Point) -> ChartPosition:
        return ChartPosition(self.view, round(p[0] / self.width, 4), round(p[1] / self.height, 4))

    def point(self, pos: ChartPosition) -> Point:
        return (pos.x * self.width, pos.y * self.height)

    def landmark_point(self, name: str) -> Point:
        try:
            return self.landmarks[name]
        except KeyError:
            raise NotFoundError(f"no landmark {name!r} on the {self.view} view") from None

    def inside(self, p: Point, margin: float = 0.0) -> bool:
        """Inside the outline, or within `margin` units of it."""
        if any(path.contains(p) for path in self.outline):
            return True
        return margin > 0 and min(path.distance(p) for path in self.outline) <= margin

    def region_at(self, p: Point) -> str | None:
        for name, path in self.regions.items():
            if path.contains(p):
                return name
        return None


@dataclass(frozen=True, eq=False)
class BodyChart:
    """The canonical figure: a front and a back view."""

    front: ChartView
    back: ChartView

    def view(self, view: View) -> ChartView:
        return self.front if view is View.FRONT else self.back

    @property
    def views(self) -> tuple[ChartView, ChartView]:
        return (self.front, self.back)

    def region_at(self, view: View, x: float, y: float) -> str | None:
        """The region under normalised (x, y) on `view`, or None (legs, abdomen, off body)."""
        v = self.view(view)
        return v.region_at((x * v.width, y * v.height))

    def regions(self, view: View) -> tuple[str, ...]:
        return tuple(self.view(view).regions)

    def landmark(self, view: View, name: str) -> ChartPosition:
        v = self.view(view)
        return v.position(v.landmark_point(name))

    def contains(self, pos: ChartPosition, margin: float = 0.0) -> bool:
        """Whether a position lies on the figure (margin in frame units, for edge points)."""
        v = self.view(pos.view)
        return v.inside(v.point(pos), margin)


# --- position derivation --------------------------------------------------------------------


def patient_left_sign(view: View) -> int:
    """+1 if the patient's left is toward the viewer's right (front view), else -1."""
    return 1 if view is View.FRONT else -1


def side_at(view: View, x: float) -> str:
    """Which side of the patient a normalised x falls on: 'left', 'right' or 'midline'."""
    if abs(x - 0.5) < 1e-3:
        return "midline"
    viewer_right = x > 0.5
    return "left" if viewer_right == (view is View.FRONT) else "right"


def midpoint(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def along(a: Point, b: Point, fraction: float) -> Point:
    """The point `fraction` of the way from a to b."""
    return (a[0] + (b[0] - a[0]) * fraction, a[1] + (b[1] - a[1]) * fraction)


def toward(a: Point, b: Point, distance: float) -> Point:
    """The point `distance` units from a in the direction of b."""
    length = math.dist(a, b)
    if length == 0:
        raise ValueError("toward: the two points coincide")
    return along(a, b, distance / length)


def units_per_cun(a: Point, b: Point, cun: float) -> float:
    """A proportional (B-cun) scale: the span a-b is `cun` cun long."""
    if cun <= 0:
        raise ValueError("a cun span must be positive")
    return math.dist(a, b) / cun


def offset(
    view: View,
    p: Point,
    *,
    lateral: float = 0.0,
    down: float = 0.0,
    scale: float,
    vscale: float | None = None,
) -> Point:
    """Move `lateral` cun toward the patient's left (negative: toward the right, which for a
    left-side point means toward the midline) and `down` cun toward the feet."""
    vs = scale if vscale is None else vscale
    return (p[0] + patient_left_sign(view) * lateral * scale, p[1] + down * vs)


def lateral(view: View, p: Point, cun: float, scale: float) -> Point:
    """`cun` cun lateral of p on the patient's left side (e.g. BL13 from T3: 1.5 cun)."""
    return offset(view, p, lateral=cun, scale=scale)


def mirrored(positions: tuple[ChartPosition, ...]) -> tuple[ChartPosition, ...]:
    """The right-side positions of left-side entries (midline entries map to themselves)."""
    return tuple(p.mirrored() for p in positions)
