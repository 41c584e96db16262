"""A Scene as drawing primitives in a unit box: what the PDF and the app both draw.

The box is 0..1 both ways, y downward. Each primitive is a path (planner.domain.
bodychart_paths) with its paint; a renderer fills and strokes them in order and does
nothing else, so the handout and the screen draw the same picture. Line widths are in box
units: every exercise's lines are equally heavy whatever the figure's scale.

The figure is drawn as clean line art: each part of the body (the trunk with the neck, head
and legs; each arm) is filled in ink grown by the line width, then filled white at its own
size, so its limbs merge into one outline and only the parts in front of it cross it (a
fill, where a wide stroke would cost Qt several times as much to paint). The start pose is
drawn first, faded; the end pose over it; the arrows last.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from planner.domain.bodychart_paths import Cubic, Line, PathData, Point, SubPath
from planner.domain.figure import Body, FigureView, body, depth, project
from planner.domain.figure_geometry import (
    capsule,
    column,
    normal,
    signed_area,
    smooth_closed,
)
from planner.domain.figure_props import prop_shapes
from planner.domain.figure_scene import Arrow, ArrowKind, PropKind, Scene


class Role(StrEnum):
    PROP = "prop"
    GHOST = "ghost"  # the start pose
    FIGURE = "figure"  # the end pose
    ARROW = "arrow"


@dataclass(frozen=True)
class Paint:
    fill: str | None = None  # "#rrggbb"
    stroke: str | None = None
    width: float = 0.0  # in box units; lines have round caps and joins


@dataclass(frozen=True)
class Primitive:
    role: Role
    path: PathData
    paint: Paint


LINE = 0.011  # the figure's outline, in box units (0.4 mm in a 35 mm box)
ARROW_LINE = 0.017
ARROW_HEAD = 0.06  # length; its half width is ARROW_HEAD_WIDTH
ARROW_HEAD_WIDTH = 0.034
PROP_LINE = 0.007
MARGIN = 0.045
PAINTS = {
    "figure-edge": Paint(fill="#2b3138"),
    "figure-fill": Paint(fill="#ffffff"),
    "ghost-edge": Paint(fill="#b3bac0"),
    "ghost-fill": Paint(fill="#eef1f3"),
    "figure-detail": Paint(stroke="#2b3138", width=0.6 * LINE),
    "ghost-detail": Paint(stroke="#b3bac0", width=0.6 * LINE),
    "arrow-line": Paint(stroke="#1d6b66", width=ARROW_LINE),
    "arrow-head": Paint(fill="#1d6b66"),
    "prop": Paint(fill="#e4e8eb", stroke="#9aa4ab", width=PROP_LINE),
    "panel": Paint(fill="#f1f3f5"),
    "floor": Paint(stroke="#9aa4ab", width=PROP_LINE),
}


@dataclass(frozen=True)
class Fit:
    """Body coordinates (body heights, y up) to box coordinates (0..1, y down)."""

    scale: float
    cx: float  # the body x drawn at the box's middle
    top: float  # the body y drawn at box y = 0

    def apply(self, p: Point) -> Point:
        return (0.5 + (p[0] - self.cx) * self.scale, (self.top - p[1]) * self.scale)


@dataclass(frozen=True)
class Picture:
    """What to draw, in order; clip: whether to clip to the box (a cropped figure)."""

    primitives: tuple[Primitive, ...]
    clip: bool
    fit: Fit
    arrows: tuple[tuple[Point, Point], ...]  # each arrow's tail and tip, in box units


@lru_cache(maxsize=256)
def draw_scene(scene: Scene) -> Picture:
    """The scene's primitives (worked out once per scene: both renderers ask often)."""
    view = scene.view
    start, end = body(scene.start), body(scene.end)
    ghost, figure = figure_parts(start, view), figure_parts(end, view)
    arrows = [arrow_curve(a, start, end, view) for a in scene.arrows]
    shapes = [shape.outline() for part in (*ghost, *figure) for shape in part.shapes]
    bounds = _bounds([*shapes, *(SubPath(c[0], (Cubic(*c),), False) for c in arrows)])
    props, floor = prop_shapes(scene.prop, end, view, bounds, floor=scene.crop is None)
    bounds = _bounds([*shapes, *props, *floor], bounds)
    fit = _fit(bounds, scene.crop)
    line = LINE / fit.scale  # the outline's width in body heights

    def out(role: Role, paint: str, subpaths: Sequence[SubPath]) -> Primitive:
        return Primitive(role, PathData(tuple(_moved(sp, fit) for sp in subpaths)), PAINTS[paint])

    panel = (
        scene.prop is not None and scene.prop.kind is PropKind.WALL and view is not FigureView.SIDE
    )
    prims: list[Primitive] = [out(Role.PROP, "panel" if panel else "prop", [p]) for p in props]
    prims += [out(Role.PROP, "floor", [f]) for f in floor]
    for role, parts in ((Role.GHOST, ghost), (Role.FIGURE, figure)):
        for part in parts:
            prims.append(out(role, f"{role}-edge", [s.outline(line) for s in part.shapes]))
            prims.append(out(role, f"{role}-fill", [s.outline() for s in part.shapes]))
            if part.details:
                prims.append(out(role, f"{role}-detail", part.details))
    tips: list[tuple[Point, Point]] = []
    for c in arrows:
        a, c1, c2, z = (fit.apply(p) for p in c)
        shaft, head = _arrow_shapes((a, c1, c2, z))
        prims.append(Primitive(Role.ARROW, PathData((shaft,)), PAINTS["arrow-line"]))
        prims.append(Primitive(Role.ARROW, PathData((head,)), PAINTS["arrow-head"]))
        tips.append((shaft.start, head.segments[0].end))
    return Picture(tuple(prims), scene.crop is not None, fit, tuple(tips))


@dataclass(frozen=True)
class Limb:
    """A limb's (or the head's) outline: the hull of two discs, in view coordinates."""

    a: Point
    ra: float
    b: Point
    rb: float

    def outline(self, grow: float = 0.0) -> SubPath:
        """The outline, `grow` wider all round (its edge, drawn under it)."""
        return capsule(self.a, self.ra + grow, self.b, self.rb + grow)


@dataclass(frozen=True)
class Trunk:
    """The trunk's outline: a smooth ring through points, each with the way it grows."""

    points: tuple[Point, ...]
    outward: tuple[Point, ...]

    def outline(self, grow: float = 0.0) -> SubPath:
        return smooth_closed(
            [
                (x + dx * grow, y + dy * grow)
                for (x, y), (dx, dy) in zip(self.points, self.outward, strict=True)
            ]
        )


@dataclass(frozen=True)
class Part:
    """One part of the figure, outlined as one: its shapes and the lines inside it."""

    shapes: tuple[Limb | Trunk, ...]
    details: tuple[SubPath, ...] = ()


def figure_parts(b: Body, view: FigureView) -> list[Part]:
    """The body's parts (view coordinates), farthest part first.

    The trunk, neck, head and legs are one part (the far leg seen from the side is its own,
    behind). Each arm is split where it passes behind the trunk: a segment whose far end
    lies well behind the body's middle goes under the trunk, the rest over it."""
    parts: dict[str, list[Limb | Trunk]] = {"core": [trunk(b, view)]}
    depths: dict[str, list[float]] = {"core": [0.0]}
    far_leg = "leg-left" if view is FigureView.SIDE else ""
    for c in (*b.capsules, b.head):
        far = min(depth(view, c.a), depth(view, c.b))
        if c.group == far_leg:
            group, key = c.group, -1.0 + far
        elif c.group.startswith("arm"):
            key = far + 0.06  # an arm beside the trunk is drawn over its edge
            group = f"{c.group}-{'over' if key > 0 else 'under'}"
        else:
            group, key = "core", 0.0
        parts.setdefault(group, []).append(Limb(project(view, c.a), c.ra, project(view, c.b), c.rb))
        depths.setdefault(group, []).append(key)
    order = sorted(parts, key=lambda g: sum(depths[g]) / len(depths[g]))
    details: tuple[SubPath, ...] = ()
    if view is FigureView.BACK:
        details = tuple(smooth_closed([project(view, p) for p in d]) for d in b.details)
    return [Part(tuple(parts[g]), details if g == "core" else ()) for g in order]


def trunk(b: Body, view: FigureView) -> Trunk:
    """Through the edges of each cross-section as the view sees it."""
    left: list[Point] = []
    right: list[Point] = []
    ends: list[Point] = []  # the middle of the bottom and of the top, slightly rounded
    last = len(b.sections) - 1
    for i, s in enumerate(b.sections):
        cx, cy = project(view, s.center)
        across, up, ahead = (project(view, column(s.frame, k)) for k in range(3))
        nx, ny = normal((0.0, 0.0), up) if math.hypot(*up) > 1e-6 else (-1.0, 0.0)
        e = math.hypot(
            s.half_width * (across[0] * nx + across[1] * ny),
            s.half_depth * (ahead[0] * nx + ahead[1] * ny),
        )
        left.append((cx + nx * e, cy + ny * e))
        right.append((cx - nx * e, cy - ny * e))
        if i in (0, last):
            bulge = 0.25 * e * (-1 if i == 0 else 1)  # along the spine: (ny, -nx) is up it
            ends.append((cx + ny * bulge, cy - nx * bulge))
    ring = [ends[0], *right, ends[1], *reversed(left)]
    if signed_area(ring) < 0:
        ring.reverse()
    # Counter-clockwise, so outward is the tangent turned clockwise; the tangent is the one
    # the smooth curve has there (Catmull-Rom: from the point before to the point after).
    n = len(ring)
    outward = tuple(
        _unit(ring[(i + 1) % n][1] - ring[i - 1][1], ring[i - 1][0] - ring[(i + 1) % n][0])
        for i in range(n)
    )
    return Trunk(tuple(ring), outward)


def _unit(x: float, y: float) -> Point:
    n = math.hypot(x, y)
    return (x / n, y / n)


def arrow_curve(
    arrow: Arrow, start: Body, end: Body, view: FigureView
) -> tuple[Point, Point, Point, Point]:
    """The arrow's cubic in view coordinates: tail, two controls, tip."""
    ox, oy = arrow.offset
    tx, ty = project(view, end.points[arrow.point])
    if arrow.kind is ArrowKind.PRESS:
        a = (tx + ox - arrow.push[0], ty + oy - arrow.push[1])
    else:
        sx, sy = project(view, start.points[arrow.point])
        a = (sx + ox, sy + oy)
    z = (tx + ox, ty + oy)
    length = math.dist(a, z)
    nx, ny = normal(a, z)
    h = arrow.bend * length / 0.75  # a cubic's middle moves 3/4 of its controls' offset
    c1 = (a[0] + (z[0] - a[0]) / 3 + nx * h, a[1] + (z[1] - a[1]) / 3 + ny * h)
    c2 = (a[0] + (z[0] - a[0]) * 2 / 3 + nx * h, a[1] + (z[1] - a[1]) * 2 / 3 + ny * h)
    return (a, c1, c2, z)


def _arrow_shapes(c: tuple[Point, Point, Point, Point]) -> tuple[SubPath, SubPath]:
    """The shaft (ending inside the head) and the head, in box units."""
    curve = Cubic(*c)
    length = sum(math.dist(p, q) for p, q in itertools.pairwise(_samples(curve)))
    head = min(ARROW_HEAD, 0.45 * length)
    width = ARROW_HEAD_WIDTH * head / ARROW_HEAD
    t = 1.0
    while t > 0 and math.dist(_point(curve, t), c[3]) < head:
        t -= 1 / 64
    base = _point(curve, t)
    ux, uy = c[3][0] - base[0], c[3][1] - base[1]
    n = math.hypot(ux, uy) or 1.0
    ux, uy = ux / n, uy / n
    left = (base[0] - uy * width, base[1] + ux * width)
    right = (base[0] + uy * width, base[1] - ux * width)
    tip = c[3]
    shaft = _split(curve, min(1.0, t + (1 - t) * 0.4))
    head_path = SubPath(left, (Line(left, tip), Line(tip, right), Line(right, left)), True)
    return SubPath(c[0], (shaft,), False), head_path


def _samples(c: Cubic) -> list[Point]:
    return [_point(c, i / 16) for i in range(17)]


def _point(c: Cubic, t: float) -> Point:
    u = 1 - t
    a, b, cc, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (
        a * c.start[0] + b * c.c1[0] + cc * c.c2[0] + d * c.end[0],
        a * c.start[1] + b * c.c1[1] + cc * c.c2[1] + d * c.end[1],
    )


def _split(c: Cubic, t: float) -> Cubic:
    """The part of c from 0 to t (de Casteljau)."""

    def lerp(p: Point, q: Point) -> Point:
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)

    p01, p12, p23 = lerp(c.start, c.c1), lerp(c.c1, c.c2), lerp(c.c2, c.end)
    p012, p123 = lerp(p01, p12), lerp(p12, p23)
    return Cubic(c.start, p01, p012, lerp(p012, p123))


Bounds = tuple[float, float, float, float]


def _bounds(subpaths: Iterable[SubPath], start: Bounds | None = None) -> Bounds:
    """Over the control points: a Bézier lies inside their hull."""
    x0, y0, x1, y1 = start or (math.inf, math.inf, -math.inf, -math.inf)
    for sp in subpaths:
        for p in _control_points(sp):
            x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
    return (x0, y0, x1, y1)


def _control_points(sp: SubPath) -> Iterable[Point]:
    yield sp.start
    for seg in sp.segments:
        if isinstance(seg, Cubic):
            yield seg.c1
            yield seg.c2
        yield seg.end


def _fit(bounds: Bounds, crop: float | None) -> Fit:
    x0, y0, x1, y1 = bounds
    width = x1 - x0
    if crop is None:
        scale = (1 - 2 * MARGIN) / max(width, y1 - y0)
        return Fit(scale, (x0 + x1) / 2, (y0 + y1) / 2 + 0.5 / scale)
    # A cut figure stands on the box's bottom edge, cut there.
    scale = min((1 - 2 * MARGIN) / width, (1 - MARGIN) / (y1 - crop))
    return Fit(scale, (x0 + x1) / 2, crop + 1 / scale)


def _moved(sp: SubPath, fit: Fit) -> SubPath:
    f = fit.apply
    segs = tuple(
        Cubic(f(s.start), f(s.c1), f(s.c2), f(s.end))
        if isinstance(s, Cubic)
        else Line(f(s.start), f(s.end))
        for s in sp.segments
    )
    return SubPath(f(sp.start), segs, sp.closed)
