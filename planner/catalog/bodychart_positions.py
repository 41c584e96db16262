"""Resolves resources/bodychart/positions.json: where each point sits on the body chart.

Positions are either placed (normalised x, y) or derived from landmarks the way the WHO
standard locates the point (see resources/bodychart/README.md for the spec grammar). The
document is validated on load against the figure (planner.catalog.bodychart); a bad entry
raises BodyChartError naming its JSON path and what is wrong with it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planner import resources
from planner.catalog.bodychart import BodyChartError, load_body_chart
from planner.domain.bodychart import BodyChart, along, midpoint, offset, toward, units_per_cun
from planner.domain.bodychart_paths import Point
from planner.domain.chart import ChartPosition, View

POSITIONS_FORMAT = "needleplan-chart-positions/1"

# Points on the edge of the figure (LI15, SI9, HT1, GB22 ...) may sit this far outside the
# drawn outline, in frame units (0.75 % of the 400-unit width).
EDGE_MARGIN = 3.0


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
