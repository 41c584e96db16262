"""Small geometry for the exercise figure: 3D rotations and the 2D outlines it is drawn with.

Outlines are built as the body chart's path data (planner.domain.bodychart_paths: absolute
lines and cubic Béziers), which both renderers already draw. Angles are in degrees.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from planner.domain.bodychart_paths import Cubic, Line, Point, Segment, SubPath

Vec3 = tuple[float, float, float]
Mat3 = tuple[Vec3, Vec3, Vec3]  # rows

IDENTITY: Mat3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def rot_x(degrees: float) -> Mat3:
    """About the lateral axis: + tips the +Y axis toward +Z (forward)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(degrees: float) -> Mat3:
    """About the vertical axis: + turns +Z (forward) toward +X (the patient's left)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(degrees: float) -> Mat3:
    """About the forward axis: + tips +X (left) toward +Y (up)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def mul(a: Mat3, b: Mat3) -> Mat3:
    rows = []
    for r in a:
        rows.append(
            (
                r[0] * b[0][0] + r[1] * b[1][0] + r[2] * b[2][0],
                r[0] * b[0][1] + r[1] * b[1][1] + r[2] * b[2][1],
                r[0] * b[0][2] + r[1] * b[1][2] + r[2] * b[2][2],
            )
        )
    return (rows[0], rows[1], rows[2])


def chain(*matrices: Mat3) -> Mat3:
    out = IDENTITY
    for m in matrices:
        out = mul(out, m)
    return out


def apply(m: Mat3, v: Vec3) -> Vec3:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(p: Vec3, v: Vec3) -> Vec3:
    return (p[0] + v[0], p[1] + v[1], p[2] + v[2])


def place(origin: Vec3, frame: Mat3, local: Vec3) -> Vec3:
    """The point at `local` in a frame at `origin`."""
    return add(origin, apply(frame, local))


def column(m: Mat3, i: int) -> Vec3:
    return (m[0][i], m[1][i], m[2][i])


# --- 2D outlines ---------------------------------------------------------------------------


def _unit(dx: float, dy: float) -> Point:
    n = math.hypot(dx, dy)
    return (1.0, 0.0) if n == 0 else (dx / n, dy / n)


def arc(center: Point, r: float, a0: float, sweep: float, most: float = math.pi) -> list[Cubic]:
    """A circular arc from angle a0 (radians) through `sweep`, as cubics of at most `most`
    radians each: a half circle in one cubic strays 2% of its radius, a fraction of a
    line's width at the sizes drawn, and halves the numbers a PDF carries."""
    n = max(1, math.ceil(abs(sweep) / most - 1e-9))
    step = sweep / n
    k = 4 / 3 * math.tan(step / 4) * r
    cx, cy = center
    out: list[Cubic] = []
    for i in range(n):
        t0, t1 = a0 + i * step, a0 + (i + 1) * step
        p0 = (cx + r * math.cos(t0), cy + r * math.sin(t0))
        p3 = (cx + r * math.cos(t1), cy + r * math.sin(t1))
        p1 = (p0[0] - k * math.sin(t0), p0[1] + k * math.cos(t0))
        p2 = (p3[0] + k * math.sin(t1), p3[1] - k * math.cos(t1))
        out.append(Cubic(p0, p1, p2, p3))
    return out


def circle(center: Point, r: float) -> SubPath:
    segs = arc(center, r, 0.0, 2 * math.pi, math.pi / 2)
    return SubPath(segs[0].start, tuple(segs), closed=True)


def capsule(c1: Point, r1: float, c2: Point, r2: float) -> SubPath:
    """The convex hull of two circles (a tapered limb, or a head and its jaw), closed,
    counter-clockwise in a y-up frame."""
    dx, dy = c2[0] - c1[0], c2[1] - c1[1]
    d = math.hypot(dx, dy)
    if d <= abs(r1 - r2) + 1e-9:  # one circle holds the other
        return circle(c1, r1) if r1 >= r2 else circle(c2, r2)
    base = math.atan2(dy, dx)
    phi = math.acos(max(-1.0, min(1.0, (r1 - r2) / d)))  # normal's angle from the axis
    # Tangent normals at base ± phi; the far cap of c2 spans -phi..phi, c1's the rest.
    a2 = arc(c2, r2, base - phi, 2 * phi)
    a1 = arc(c1, r1, base + phi, 2 * math.pi - 2 * phi)
    segs: list[Segment] = [*a2, Line(a2[-1].end, a1[0].start), *a1, Line(a1[-1].end, a2[0].start)]
    return SubPath(a2[0].start, tuple(segs), closed=True)


def smooth_closed(points: Sequence[Point], tension: float = 1.0) -> SubPath:
    """A closed Catmull-Rom curve through `points`, as cubics."""
    n = len(points)
    segs: list[Segment] = []
    for i in range(n):
        p0, p1, p2, p3 = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        k = tension / 6
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        segs.append(Cubic(p1, c1, c2, p2))
    return SubPath(points[0], tuple(segs), closed=True)


def polyline(points: Sequence[Point], closed: bool = False) -> SubPath:
    segs = tuple(Line(a, b) for a, b in itertools.pairwise(points))
    if closed:
        segs += (Line(points[-1], points[0]),)
    return SubPath(points[0], segs, closed=closed)


def normal(a: Point, b: Point) -> Point:
    """The unit normal to the left of travel from a to b (y up)."""
    ux, uy = _unit(b[0] - a[0], b[1] - a[1])
    return (-uy, ux)


def signed_area(points: Sequence[Point]) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]], strict=True):
        s += x1 * y2 - x2 * y1
    return s / 2
