"""Loads resources/bodychart/body.svg, the figure, into the domain BodyChart.

It is validated on load; a bad file raises BodyChartError naming the element and what is
wrong with it, so a broken edit to the shipped data fails loudly and early. The positions on
it (positions.json) are resolved by planner.catalog.bodychart_positions.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from planner import resources
from planner.domain.bodychart import BodyChart, ChartView
from planner.domain.bodychart_paths import PathData, PathSyntaxError, Point, parse_path
from planner.domain.chart import View
from planner.domain.errors import DomainError
from planner.domain.vocab import REGIONS

SVG_NS = "{http://www.w3.org/2000/svg}"

_BILATERAL_REQUIRED = (
    "acromion",
    "mastoid",
    "scapular-spine-medial",
    "scapula-superior-angle",
    "scapula-inferior-angle",
    "wrist-crease-dorsal-mid",
    "popliteal-crease",
    "lateral-malleolus",
    "medial-malleolus",
)
REQUIRED_LANDMARKS: Mapping[View, tuple[str, ...]] = {
    View.BACK: (
        "occiput",
        "C7",
        *(f"T{n}" for n in range(1, 13)),
        *(f"{name}-{side}" for name in _BILATERAL_REQUIRED for side in ("left", "right")),
    ),
    View.FRONT: (
        "sternal-notch",
        "umbilicus",
        *(
            f"{name}-{side}"
            for name in (
                "nipple",
                "cubital-crease-mid",
                "wrist-crease-mid",
                "lateral-malleolus",
                "medial-malleolus",
            )
            for side in ("left", "right")
        ),
    ),
}


class BodyChartError(DomainError):
    """The shipped body chart or positions file is malformed."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _describe(el: ET.Element) -> str:
    ident = el.get("id")
    return f'<{_local(el.tag)} id="{ident}">' if ident else f"<{_local(el.tag)}>"


def _number(source: str, el: ET.Element, attr: str) -> float:
    raw = el.get(attr)
    if raw is None:
        raise BodyChartError(f"{source}: {_describe(el)}: attribute {attr} is missing")
    try:
        value = float(raw)
    except ValueError:
        raise BodyChartError(
            f"{source}: {_describe(el)}: attribute {attr}: {raw!r} is not a number"
        ) from None
    if not math.isfinite(value):
        raise BodyChartError(f"{source}: {_describe(el)}: attribute {attr}: {raw!r} is not finite")
    return value


def _path(source: str, el: ET.Element) -> PathData:
    d = el.get("d")
    if d is None:
        raise BodyChartError(f"{source}: {_describe(el)}: attribute d is missing")
    try:
        return parse_path(d)
    except PathSyntaxError as exc:
        raise BodyChartError(f"{source}: {_describe(el)}: attribute d: {exc}") from None


def _parse_view(source: str, group: ET.Element, view: View) -> ChartView:
    width = _number(source, group, "data-width")
    height = _number(source, group, "data-height")
    if width <= 0 or height <= 0:
        raise BodyChartError(f"{source}: {_describe(group)}: the frame size must be positive")
    outline: list[PathData] = []
    details: list[PathData] = []
    regions: dict[str, PathData] = {}
    landmarks: dict[str, Point] = {}
    for el in group.iter():
        ident = el.get("id")
        if el is group or not ident:
            continue
        kind, _, rest = ident.partition("-")
        if kind in {"view"} or ident.startswith(("regions-", "landmarks-", "details-")):
            continue
        if kind in {"outline", "region", "landmark", "detail"}:
            if not (rest == view.value or rest.startswith(f"{view.value}-")):
                raise BodyChartError(
                    f"{source}: {_describe(el)}: id does not belong to the {view} view"
                )
            name = rest[len(view.value) + 1 :]
        if kind == "outline":
            outline.append(_path(source, el))
        elif kind == "detail":
            details.append(_path(source, el))
        elif kind == "region":
            if name not in REGIONS:
                raise BodyChartError(f"{source}: {_describe(el)}: unknown region {name!r}")
            if _local(el.tag) != "path":
                raise BodyChartError(f"{source}: {_describe(el)}: a region must be a <path>")
            regions[name] = _path(source, el)
        elif kind == "landmark":
            if not name:
                raise BodyChartError(f"{source}: {_describe(el)}: landmark without a name")
            landmarks[name] = (_number(source, el, "cx"), _number(source, el, "cy"))
    if not outline:
        raise BodyChartError(f"{source}: {_describe(group)}: no outline-{view} path")
    for name in REQUIRED_LANDMARKS[view]:
        if name not in landmarks:
            raise BodyChartError(
                f"{source}: {_describe(group)}: required landmark-{view}-{name} is missing"
            )
    for name, (x, y) in landmarks.items():
        # bilateral landmarks must mirror, because positions are mirrored by x -> 1 - x
        if name.endswith("-left"):
            twin = name[: -len("left")] + "right"
            other = landmarks.get(twin)
            if other is None or abs(other[0] - (width - x)) > 0.6 or abs(other[1] - y) > 0.6:
                raise BodyChartError(
                    f'{source}: <circle id="landmark-{view}-{twin}">: missing or not the '
                    f"mirror image of landmark-{view}-{name}"
                )
    # smaller regions first, so a region drawn over a larger one wins the hit test
    ordered = dict(sorted(regions.items(), key=lambda item: item[1].area()))
    return ChartView(view, width, height, tuple(outline), ordered, landmarks, tuple(details))


def parse_body_chart(text: str, source: str = "body.svg") -> BodyChart:
    """Parse and validate the SVG text of a body chart."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise BodyChartError(f"{source}: not well-formed XML: {exc}") from None
    if _local(root.tag) != "svg":
        raise BodyChartError(f"{source}: the root element is <{_local(root.tag)}>, not <svg>")
    seen: set[str] = set()
    groups: dict[View, ET.Element] = {}
    for el in root.iter():
        ident = el.get("id")
        if ident is None:
            continue
        if ident in seen:
            raise BodyChartError(f"{source}: {_describe(el)}: duplicate id")
        seen.add(ident)
        for view in View:
            if ident == f"view-{view.value}":
                groups[view] = el
    views: dict[View, ChartView] = {}
    for view in View:
        if view not in groups:
            raise BodyChartError(f'{source}: <g id="view-{view}"> is missing')
        views[view] = _parse_view(source, groups[view], view)
    for region in REGIONS:
        if not any(region in v.regions for v in views.values()):
            raise BodyChartError(f"{source}: region {region!r} is not drawn on any view")
    return BodyChart(front=views[View.FRONT], back=views[View.BACK])


def load_body_chart(path: Path | None = None) -> BodyChart:
    """The shipped body chart (parsed once and cached), or the one at `path`."""
    if path is None:
        return _shipped_chart()
    return parse_body_chart(path.read_text(encoding="utf-8"), path.name)


@cache
def _shipped_chart() -> BodyChart:
    return load_body_chart(resources.path("bodychart", "body.svg"))
