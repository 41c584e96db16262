"""Reads the exercise figures (resources/exercises/figures.json) into domain Scenes.

The file is checked against its JSON Schema, then against the figure's vocabularies: angle
names and ranges, point names, props, and that each arrow's point really moves. A bad file
fails as a whole with a message naming the file, the figure and the field:
`figures.json: chin-tuck: end.angles.neck_flexion: 95 is outside -60..60`. jsonschema is
imported on first load, so importing this module stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner import resources
from planner.catalog.problems import field_path
from planner.domain import wording
from planner.domain.catalog import CatalogError
from planner.domain.figure import ANGLES, POINTS, FigureView, Pose, body, project
from planner.domain.figure_scene import Arrow, ArrowKind, Prop, PropKind, Scene

FIGURES_FILE = "figures.json"
FIGURES_SCHEMA = "figures.schema.json"
MIN_MOVE = 0.02  # body heights: a point that moves less shows no arrow worth drawing


def shipped_figures() -> Path:
    return resources.path("exercises", FIGURES_FILE)


@cache
def load_figures(path: Path | None = None) -> Mapping[str, Scene]:
    """Each exercise id's scene in `path` (default: the shipped file), in file order.

    Raises CatalogError naming the file, the figure and the field of every problem."""
    from planner.catalog.handouts import read_json, schema_problems

    path = path or shipped_figures()
    name = path.name
    document = read_json(path, CatalogError)
    problems = [
        f"{name}: {w}: {m}" for w, m in schema_problems(FIGURES_SCHEMA, document, "figures")
    ]
    if not problems:
        problems = [f"{name}: {p}" for p in _vocabulary_problems(document["figures"])]
    if not problems:
        problems = [f"{name}: {p}" for p in _movement_problems(document["figures"])]
    if problems:
        raise CatalogError.from_problems(problems)
    return MappingProxyType({raw["id"]: _scene(raw) for raw in document["figures"]})


def _pose(view: str, raw: Mapping[str, Any]) -> Pose:
    return Pose.of(view, raw["angles"], raw.get("forward", 0.0))


def _scene(raw: Mapping[str, Any]) -> Scene:
    prop = raw.get("prop")
    return Scene(
        start=_pose(raw["view"], raw["start"]),
        end=_pose(raw["view"], raw["end"]),
        arrows=tuple(
            Arrow(
                point=a["point"],
                kind=ArrowKind(a.get("kind", "move")),
                bend=a.get("bend", 0.0),
                offset=tuple(a.get("offset", (0.0, 0.0))),
                push=tuple(a.get("push", (0.0, 0.0))),
            )
            for a in raw["arrows"]
        ),
        prop=Prop(PropKind(prop["kind"]), prop.get("behind", True)) if prop else None,
        crop=raw.get("crop"),
        about=raw.get("about", ""),
    )


def _vocabulary_problems(figures: list[Mapping[str, Any]]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    angle_names = tuple(ANGLES)
    for i, raw in enumerate(figures):
        label = raw["id"]
        if label in seen:
            problems.append(f"figures[{i}]: id: {wording.listed_twice(label)}")
        seen.add(label)
        for pose in ("start", "end"):
            for angle, value in raw[pose]["angles"].items():
                where = f"{pose}.angles.{angle}"
                if angle not in ANGLES:
                    problems.append(
                        f"{label}: {where}: {wording.not_known(angle, 'angle', angle_names)}"
                    )
                    continue
                low, high = ANGLES[angle]
                if not low <= value <= high:
                    problems.append(f"{label}: {where}: {value:g} is outside {low:g}..{high:g}")
        prop = raw.get("prop")
        if prop and prop["kind"] not in tuple(PropKind):
            kinds = tuple(PropKind)
            problems.append(f"{label}: prop.kind: {wording.not_known(prop['kind'], 'prop', kinds)}")
        for j, arrow in enumerate(raw["arrows"]):
            where = field_path(["arrows", j])
            if arrow["point"] not in POINTS:
                known = wording.not_known(arrow["point"], "point", POINTS)
                problems.append(f"{label}: {where}.point: {known}")
            press = arrow.get("kind") == ArrowKind.PRESS
            if press and math.hypot(*arrow.get("push", (0, 0))) < MIN_MOVE:
                problems.append(
                    f"{label}: {where}.push: a press needs a push of {MIN_MOVE:g} or more"
                )
            if not press and "push" in arrow:
                problems.append(f"{label}: {where}.push: only a press arrow has a push")
    return problems


def _movement_problems(figures: list[Mapping[str, Any]]) -> list[str]:
    """The end differs from the start, and each move arrow's point moves enough to show."""
    problems: list[str] = []
    for raw in figures:
        label = raw["id"]
        start, end = _pose(raw["view"], raw["start"]), _pose(raw["view"], raw["end"])
        if start == end:
            problems.append(f"{label}: end: the same as the start: nothing moves")
            continue
        first, last = body(start), body(end)
        view = FigureView(raw["view"])
        for j, arrow in enumerate(raw["arrows"]):
            if arrow.get("kind", "move") != ArrowKind.MOVE:
                continue
            point = arrow["point"]
            moved = math.dist(project(view, first.points[point]), project(view, last.points[point]))
            if moved < MIN_MOVE:
                problems.append(
                    f"{label}: {field_path(['arrows', j])}.point: the {point} moves "
                    f"{moved:.3f} in this view; an arrow needs {MIN_MOVE:g} or more"
                )
    return problems
