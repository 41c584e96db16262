"""The body chart's path data, parsed, with the geometry the chart needs on it.

Path data is the restricted SVG grammar M, L, H, V, C, S, Q, Z (absolute and relative); it is
parsed into absolute lines and cubics only (quadratics are raised to cubics), which is what
both Qt's QPainterPath and ReportLab's Path draw directly. Points are in a view's frame
units (x to the viewer's right, y downward).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from planner.domain.errors import DomainError

Point = tuple[float, float]


class PathSyntaxError(DomainError):
    """Path data outside the restricted grammar; `position` is the offset in the string."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at character {position}")
        self.position = position


@dataclass(frozen=True)
class Line:
    start: Point
    end: Point


@dataclass(frozen=True)
class Cubic:
    start: Point
    c1: Point
    c2: Point
    end: Point


Segment = Line | Cubic


@dataclass(frozen=True)
class SubPath:
    start: Point
    segments: tuple[Segment, ...]
    closed: bool


@dataclass(frozen=True)
class PathData:
    """A parsed path: absolute subpaths of lines and cubic Béziers."""

    subpaths: tuple[SubPath, ...]

    def flatten(self, tolerance: float = 0.2) -> tuple[tuple[Point, ...], ...]:
        """One polygon per subpath; curves deviate from their chords by at most `tolerance`."""
        return tuple(_flatten_subpath(sp, tolerance) for sp in self.subpaths)

    @cached_property
    def polygons(self) -> tuple[tuple[Point, ...], ...]:
        return self.flatten()

    def contains(self, p: Point) -> bool:
        """Even-odd fill rule over all subpaths (so a subpath can cut a hole)."""
        inside = False
        for poly in self.polygons:
            if _in_polygon(poly, p):
                inside = not inside
        return inside

    def distance(self, p: Point) -> float:
        """Distance from p to the nearest edge of the flattened path."""
        best = math.inf
        for poly in self.polygons:
            for a, b in zip(poly, poly[1:] + poly[:1], strict=True):
                best = min(best, _segment_distance(p, a, b))
        return best

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [x for poly in self.polygons for x, _ in poly]
        ys = [y for poly in self.polygons for _, y in poly]
        return min(xs), min(ys), max(xs), max(ys)

    def area(self) -> float:
        """Absolute area of the flattened outline (subpaths summed, holes not subtracted)."""
        total = 0.0
        for poly in self.polygons:
            s = 0.0
            for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
                s += x1 * y2 - x2 * y1
            total += abs(s) / 2
        return total


_SEP = re.compile(r"[\s,]*")
_TOKEN = re.compile(r"(?P<cmd>[A-Za-z])|(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "Z": 0}


def _tokens(d: str) -> Iterator[tuple[str, str | float, int]]:
    pos = 0
    while True:
        sep = _SEP.match(d, pos)
        pos = sep.end() if sep else pos
        if pos >= len(d):
            return
        m = _TOKEN.match(d, pos)
        if m is None:
            raise PathSyntaxError(f"unexpected {d[pos]!r}", pos)
        if m.group("cmd") is not None:
            yield "cmd", m.group("cmd"), pos
        else:
            yield "num", float(m.group("num")), pos
        pos = m.end()


def parse_path(d: str) -> PathData:
    """Parse path data in the restricted grammar into absolute lines and cubics."""
    toks = list(_tokens(d))
    subpaths: list[SubPath] = []
    segs: list[Segment] = []
    start: Point | None = None
    cur: Point = (0.0, 0.0)
    prev_c2: Point | None = None  # for S: the last cubic's second control point
    i = 0

    def finish(closed: bool) -> None:
        nonlocal segs
        if start is not None and (segs or closed):
            subpaths.append(SubPath(start, tuple(segs), closed))
        segs = []

    if toks and toks[0][0] != "cmd":
        raise PathSyntaxError("path data must start with a command", toks[0][2])
    if toks and str(toks[0][1]).upper() != "M":
        raise PathSyntaxError("path data must start with M or m", toks[0][2])
    cmd = ""
    while i < len(toks):
        kind, value, where = toks[i]
        if kind == "cmd":
            cmd = str(value)
            i += 1
            if cmd.upper() not in _ARITY:
                raise PathSyntaxError(f"unsupported command {cmd!r}", where)
            if cmd.upper() == "Z":
                if start is None:
                    raise PathSyntaxError("Z before any M", where)
                if cur != start:
                    segs.append(Line(cur, start))
                finish(closed=True)
                cur = start
                prev_c2 = None
                continue
        elif cmd == "" or cmd.upper() == "Z":
            raise PathSyntaxError("number without a command", where)
        n = _ARITY[cmd.upper()]
        nums: list[float] = []
        for j in range(n):
            if i + j >= len(toks) or toks[i + j][0] != "num":
                at = toks[i + j][2] if i + j < len(toks) else len(d)
                raise PathSyntaxError(f"{cmd} needs {n} numbers", at)
            nums.append(float(toks[i + j][1]))
        i += n
        rel = cmd.islower()
        ox, oy = cur if rel else (0.0, 0.0)
        up = cmd.upper()
        if up == "M":
            finish(closed=False)
            cur = (ox + nums[0], oy + nums[1])
            start = cur
            prev_c2 = None
            cmd = "l" if rel else "L"  # further pairs are implicit line-tos
            continue
        if start is None:  # after Z the next segment starts at the closed subpath's start
            start = cur
        if up == "L":
            end = (ox + nums[0], oy + nums[1])
            segs.append(Line(cur, end))
            prev_c2 = None
        elif up == "H":
            end = (ox + nums[0], cur[1])
            segs.append(Line(cur, end))
            prev_c2 = None
        elif up == "V":
            end = (cur[0], (cur[1] if rel else 0.0) + nums[0])
            segs.append(Line(cur, end))
            prev_c2 = None
        elif up == "C":
            c1 = (ox + nums[0], oy + nums[1])
            c2 = (ox + nums[2], oy + nums[3])
            end = (ox + nums[4], oy + nums[5])
            segs.append(Cubic(cur, c1, c2, end))
            prev_c2 = c2
        elif up == "S":
            c1 = cur if prev_c2 is None else (2 * cur[0] - prev_c2[0], 2 * cur[1] - prev_c2[1])
            c2 = (ox + nums[0], oy + nums[1])
            end = (ox + nums[2], oy + nums[3])
            segs.append(Cubic(cur, c1, c2, end))
            prev_c2 = c2
        else:  # Q: raise the quadratic to a cubic (exact)
            q = (ox + nums[0], oy + nums[1])
            end = (ox + nums[2], oy + nums[3])
            c1 = (cur[0] + 2 / 3 * (q[0] - cur[0]), cur[1] + 2 / 3 * (q[1] - cur[1]))
            c2 = (end[0] + 2 / 3 * (q[0] - end[0]), end[1] + 2 / 3 * (q[1] - end[1]))
            segs.append(Cubic(cur, c1, c2, end))
            prev_c2 = None
        cur = end
    finish(closed=False)
    if not subpaths:
        raise PathSyntaxError("empty path data", 0)
    return PathData(tuple(subpaths))


def cubic_point(c: Cubic, t: float) -> Point:
    u = 1 - t
    a, b, cc, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (
        a * c.start[0] + b * c.c1[0] + cc * c.c2[0] + d * c.end[0],
        a * c.start[1] + b * c.c1[1] + cc * c.c2[1] + d * c.end[1],
    )


def _flatten_subpath(sp: SubPath, tolerance: float) -> tuple[Point, ...]:
    pts: list[Point] = [sp.start]
    for seg in sp.segments:
        if isinstance(seg, Line):
            pts.append(seg.end)
            continue
        # Chord error of n uniform steps is at most max|B''| / (8 n^2).
        p0, p1, p2, p3 = seg.start, seg.c1, seg.c2, seg.end
        dd = 6 * max(
            math.hypot(p0[0] - 2 * p1[0] + p2[0], p0[1] - 2 * p1[1] + p2[1]),
            math.hypot(p1[0] - 2 * p2[0] + p3[0], p1[1] - 2 * p2[1] + p3[1]),
        )
        n = max(1, math.ceil(math.sqrt(dd / (8 * tolerance))))
        pts.extend(cubic_point(seg, k / n) for k in range(1, n + 1))
    if len(pts) > 1 and pts[-1] == pts[0]:
        pts.pop()
    return tuple(pts)


def _in_polygon(poly: tuple[Point, ...], p: Point) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    t = min(1.0, max(0.0, t))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))
