"""Loads resources/bodychart/: the figure (body.svg) and the chart positions (positions.json).

Both are validated on load; a bad file raises BodyChartError naming the element or the JSON
path and what is wrong with it, so a broken edit to the shipped data fails loudly and early.
Positions are either placed (normalised x, y) or derived from landmarks the way the WHO
standard locates the point (see resources/bodychart/README.md for the spec grammar).
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planner import resources
from planner.domain.bodychart import (
    BodyChart,
    ChartView,
    PathData,
    PathSyntaxError,
    Point,
    along,
    midpoint,
    offset,
    parse_path,
    toward,
    units_per_cun,
)
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import DomainError
from planner.domain.vocab import REGIONS

SVG_NS = "{http://www.w3.org/2000/svg}"
POSITIONS_FORMAT = "needleplan-chart-positions/1"

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

# Points on the edge of the figure (LI15, SI9, HT1, GB22 ...) may sit this far outside the
# drawn outline, in frame units (0.75 % of the 400-unit width).
EDGE_MARGIN = 3.0


class BodyChartError(DomainError):
    """The shipped body chart or positions file is malformed."""


# --- body.svg -------------------------------------------------------------------------------


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


# --- positions.json -------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionsFile:
    positions: dict[str, tuple[ChartPosition, ...]]
    not_shown: dict[str, str]  # code -> why it has no place on either view
    derived: frozenset[str]  # keys whose every position is derived from landmarks


class _Resolver:
    """Resolves position specs against the chart, following references between points."""

    def __init__(self, chart: BodyChart, data: Mapping[str, object], source: str) -> None:
        self.chart = chart
        self.source = source
        self.specs = _object(data.get("positions"), f"{source}: positions")
        self.scales = self._scales(data.get("scales", {}))
        self.done: dict[str, tuple[tuple[View, Point], ...]] = {}
        self.active: list[str] = []

    def fail(self, where: str, message: str) -> BodyChartError:
        return BodyChartError(f"{self.source}: {where}: {message}")

    def _scales(self, raw: object) -> dict[tuple[View, str], float]:
        out: dict[tuple[View, str], float] = {}
        for name, spec in _object(raw, f"{self.source}: scales").items():
            where = f"scales.{name}"
            obj = _object(spec, f"{self.source}: {where}")
            view = self._view(obj, where)
            between = obj.get("between")
            if not (isinstance(between, list) and len(between) == 2):
                raise self.fail(where, "'between' must name two landmarks")
            ends = [self._landmark(view, str(n), f"{where}.between") for n in between]
            cun = _positive(obj.get("cun"), f"{self.source}: {where}.cun")
            out[(view, name)] = units_per_cun(ends[0], ends[1], cun)
        return out

    def _view(self, obj: Mapping[str, object], where: str) -> View:
        raw = obj.get("view")
        try:
            return View(str(raw))
        except ValueError:
            raise self.fail(f"{where}.view", f"{raw!r} is not 'front' or 'back'") from None

    def _landmark(self, view: View, name: str, where: str) -> Point:
        point = self.chart.view(view).landmarks.get(name)
        if point is None:
            raise self.fail(where, f"no landmark {name!r} on the {view} view")
        return point

    def _scale(self, view: View, raw: object, where: str) -> float:
        value = self.scales.get((view, str(raw)))
        if value is None:
            raise self.fail(where, f"no scale {raw!r} for the {view} view")
        return value

    def resolve(self, key: str) -> tuple[tuple[View, Point], ...]:
        if key in self.done:
            return self.done[key]
        if key in self.active:
            cycle = " -> ".join([*self.active[self.active.index(key) :], key])
            raise self.fail(f"positions.{key}", f"circular reference {cycle}")
        self.active.append(key)
        raw = self.specs[key]
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            raise self.fail(f"positions.{key}", "no position given")
        out = []
        for i, item in enumerate(items):
            where = f"positions.{key}" + (f"[{i}]" if isinstance(raw, list) else "")
            obj = _object(item, f"{self.source}: {where}")
            view = self._view(obj, where)
            out.append((view, self.spec(view, obj, where)))
        self.active.pop()
        self.done[key] = tuple(out)
        return self.done[key]

    def ref(self, view: View, raw: object, where: str) -> Point:
        """A landmark name, a position key, or an inline spec (inheriting the view)."""
        if isinstance(raw, dict):
            return self.spec(view, raw, where)
        if not isinstance(raw, str):
            raise self.fail(where, f"expected a landmark, a point or a spec, got {raw!r}")
        lm = self.chart.view(view).landmarks.get(raw)
        if lm is not None:
            return lm
        if raw in self.specs:
            for v, p in self.resolve(raw):
                if v is view:
                    return p
            raise self.fail(where, f"{raw} has no position on the {view} view")
        raise self.fail(where, f"unknown landmark or point {raw!r} on the {view} view")

    def spec(self, view: View, obj: Mapping[str, object], where: str) -> Point:
        v = self.chart.view(view)
        kind = obj.get("derive")
        if kind is None:
            x = _unit(obj.get("x"), f"{self.source}: {where}.x")
            y = _unit(obj.get("y"), f"{self.source}: {where}.y")
            return (x * v.width, y * v.height)
        if kind == "at":
            return self.ref(view, obj.get("landmark"), f"{where}.landmark")
        if kind == "midpoint":
            of = obj.get("of")
            if not (isinstance(of, list) and len(of) == 2):
                raise self.fail(f"{where}.of", "midpoint needs two references")
            return midpoint(*(self.ref(view, r, f"{where}.of") for r in of))
        if kind == "xy":
            px = self.ref(view, obj.get("x"), f"{where}.x")
            py = self.ref(view, obj.get("y"), f"{where}.y")
            return (px[0], py[1])
        if kind == "along":
            a = self.ref(view, obj.get("from"), f"{where}.from")
            b = self.ref(view, obj.get("to"), f"{where}.to")
            if "fraction" in obj:
                return along(a, b, _number_in(obj.get("fraction"), f"{self.source}: {where}"))
            cun = _number_in(obj.get("cun"), f"{self.source}: {where}.cun")
            if "span" in obj:
                return along(a, b, cun / _positive(obj.get("span"), f"{self.source}: {where}"))
            try:
                return toward(a, b, cun * self._scale(view, obj.get("scale"), f"{where}.scale"))
            except ValueError:
                raise self.fail(where, "'from' and 'to' are the same point") from None
        if kind in {"offset", "lateral"}:
            p = self.ref(view, obj.get("from"), f"{where}.from")
            scale = self._scale(view, obj.get("scale"), f"{where}.scale")
            vscale = (
                self._scale(view, obj["vscale"], f"{where}.vscale") if "vscale" in obj else None
            )
            lat_key = "cun" if kind == "lateral" else "lateral"
            lat = _number_in(obj.get(lat_key, 0.0), f"{self.source}: {where}.{lat_key}")
            down = _number_in(obj.get("down", 0.0), f"{self.source}: {where}.down")
            return offset(view, p, lateral=lat, down=down, scale=scale, vscale=vscale)
        raise self.fail(f"{where}.derive", f"unknown derivation {kind!r}")


def _object(raw: object, where: str) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise BodyChartError(f"{where}: expected an object")
    return raw


def _number_in(raw: object, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise BodyChartError(f"{where}: expected a number, got {raw!r}")
    return float(raw)


def _positive(raw: object, where: str) -> float:
    value = _number_in(raw, where)
    if value <= 0:
        raise BodyChartError(f"{where}: must be positive")
    return value


def _unit(raw: object, where: str) -> float:
    value = _number_in(raw, where)
    if not 0 <= value <= 1:
        raise BodyChartError(f"{where}: {value} is outside 0..1")
    return value


def _is_derived(raw: object) -> bool:
    items = raw if isinstance(raw, list) else [raw]
    return all(isinstance(i, dict) and "derive" in i for i in items)


def parse_positions(
    data: object, chart: BodyChart, source: str = "positions.json"
) -> PositionsFile:
    """Resolve and validate a decoded positions document against `chart`."""
    doc = _object(data, source)
    if doc.get("format") != POSITIONS_FORMAT:
        raise BodyChartError(f"{source}: format must be {POSITIONS_FORMAT!r}")
    resolver = _Resolver(chart, doc, source)
    positions: dict[str, tuple[ChartPosition, ...]] = {}
    for key in resolver.specs:
        resolved = []
        for view, p in resolver.resolve(key):
            cv = chart.view(view)
            if not cv.inside(p, EDGE_MARGIN):
                raise BodyChartError(
                    f"{source}: positions.{key}: ({p[0]:.1f}, {p[1]:.1f}) lies off the figure "
                    f"on the {view} view"
                )
            resolved.append(cv.position(p))
        positions[key] = tuple(resolved)
    not_shown = {
        str(k): str(v) for k, v in _object(doc.get("not_shown", {}), f"{source}: not_shown").items()
    }
    both = sorted(set(not_shown) & set(positions))
    if both:
        raise BodyChartError(f"{source}: not_shown.{both[0]}: also has a position")
    derived = frozenset(k for k, raw in resolver.specs.items() if _is_derived(raw))
    return PositionsFile(positions, not_shown, derived)


def load_positions_file(path: Path | None = None, chart: BodyChart | None = None) -> PositionsFile:
    """The positions document, resolved (shipped one cached when no arguments are given)."""
    if path is None and chart is None:
        return _shipped_positions()
    path = path or resources.path("bodychart", "positions.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BodyChartError(f"{path.name}: not valid JSON: {exc}") from None
    return parse_positions(data, chart or load_body_chart(), path.name)


@cache
def _shipped_positions() -> PositionsFile:
    return load_positions_file(resources.path("bodychart", "positions.json"), load_body_chart())


def load_positions(
    path: Path | None = None, chart: BodyChart | None = None
) -> dict[str, tuple[ChartPosition, ...]]:
    """Chart positions by code (acupoints, EX-..., TP:<muscle>); bilateral ones on the left."""
    return dict(load_positions_file(path, chart).positions)
