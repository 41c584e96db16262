"""The props an exercise figure uses (a chair, a wall, a doorway) and the floor line.

Each is placed from the end pose, so it fits whatever the pose is: the chair's seat under
the thighs and its back at the trunk's back, a wall against the back or under the hands, a
door frame where the forearms rest. Coordinates are the view's (body heights, y up).
"""

from __future__ import annotations

from planner.domain.bodychart_paths import Point, SubPath
from planner.domain.figure import SIDES, Body, FigureView, project
from planner.domain.figure_geometry import capsule, polyline
from planner.domain.figure_scene import Prop, PropKind

Bounds = tuple[float, float, float, float]
BAR = 0.014  # half the thickness of a chair's seat and back
LEG = 0.009  # half the thickness of a chair's leg
THICK = 0.05  # a wall's or a door frame's thickness, seen edge on


def prop_shapes(
    prop: Prop | None, b: Body, view: FigureView, bounds: Bounds, *, floor: bool
) -> tuple[list[SubPath], list[SubPath]]:
    """(filled shapes, lines): the prop behind the figure and, if the feet show, the floor
    under them. A wall seen face on is a plain panel: its only shape, first."""
    shapes: list[SubPath] = []
    if prop is not None:
        if prop.kind is PropKind.CHAIR:
            shapes = _chair(b, view)
        elif prop.kind is PropKind.WALL:
            shapes = _wall(b, view, bounds, behind=prop.behind)
        else:
            shapes = _doorway(b, view, bounds)
    lines: list[SubPath] = []
    if floor:
        x0, x1 = bounds[0], bounds[2]
        for s in shapes:
            xs = [s.start[0], *(seg.end[0] for seg in s.segments)]
            x0, x1 = min(x0, *xs), max(x1, *xs)
        lines.append(polyline([(x0 - 0.03, 0.0), (x1 + 0.03, 0.0)]))
    return shapes, lines


def _rect(x0: float, y0: float, x1: float, y1: float) -> SubPath:
    return polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], closed=True)


def _bar(a: Point, b: Point, r: float) -> SubPath:
    return capsule(a, r, b, r)


def _chair(b: Body, view: FigureView) -> list[SubPath]:
    hip = b.points["hip-right"]
    seat = hip[1] - 0.058 - BAR  # the middle of the seat, under the thighs
    back_top = b.points["waist"][1] + 0.07
    if view is FigureView.SIDE:
        rear = min(s.center[2] - s.half_depth for s in b.sections[:2]) - BAR - 0.004
        front = hip[2] + 0.17
        return [
            _bar((rear, seat), (rear, back_top), BAR),
            _bar((front - 0.01, seat), (front - 0.01, LEG), LEG),
            _bar((rear + 0.01, seat), (rear + 0.01, LEG), LEG),
            _bar((rear, seat), (front, seat), BAR),
        ]
    x = 0.15
    cx = project(view, b.points["pelvis"])[0]
    return [
        _bar((cx - x + 0.01, seat), (cx - x + 0.01, back_top), BAR),
        _bar((cx + x - 0.01, seat), (cx + x - 0.01, back_top), BAR),
        _bar((cx - x + 0.01, seat), (cx - x + 0.01, LEG), LEG),
        _bar((cx + x - 0.01, seat), (cx + x - 0.01, LEG), LEG),
        _bar((cx - x, seat), (cx + x, seat), BAR),
    ]


def _wall(b: Body, view: FigureView, bounds: Bounds, *, behind: bool) -> list[SubPath]:
    top = bounds[3] + 0.03
    if view is not FigureView.SIDE:  # face on: a panel behind the whole figure
        return [_rect(bounds[0] - 0.03, 0.0, bounds[2] + 0.03, top)]
    if behind:
        back = min(s.center[2] - s.half_depth for s in b.sections[4:7])
        return [_rect(back - THICK, 0.0, back, top)]
    face = _reach(b) + 0.004
    return [_rect(face, 0.0, face + THICK, top)]


def _reach(b: Body) -> float:
    """How far forward the raised forearms reach (those resting on a wall or a frame), or
    any forearm if none is raised."""
    raised = [side for side in SIDES if b.points[f"wrist-{side}"][1] > b.points[f"elbow-{side}"][1]]
    sides = raised or list(SIDES)
    return max(
        max(c.a[2] + c.ra, c.b[2] + c.rb)
        for c in b.capsules
        if c.group in {f"arm-{side}" for side in sides} and c.rb < 0.022  # forearms, hands
    )


def _doorway(b: Body, view: FigureView, bounds: Bounds) -> list[SubPath]:
    top = bounds[3] + 0.03
    if view is FigureView.SIDE:  # the frame edge on, where the forearms rest
        face = _reach(b) + 0.004
        return [_rect(face, 0.0, face + THICK, top)]
    inner = max(abs(project(view, b.points[f"wrist-{s}"])[0]) for s in ("left", "right")) + 0.03
    lintel = top - 0.04
    return [
        _rect(-inner - THICK, 0.0, -inner, top),
        _rect(inner, 0.0, inner + THICK, top),
        _rect(-inner - THICK, lintel, inner + THICK, top),
    ]
