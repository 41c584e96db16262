"""Joins the body-chart positions (resources/bodychart/positions.json) to the targets.

That file belongs to the body chart; the catalog only reads it, and loads without it.
Format: {"GB21": [{"view": "back", "x": 0.41, "y": 0.21}], "TP:levator-scapulae": [...]}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planner.catalog.problems import Problems
from planner.domain.chart import ChartPosition, View

FILE = "positions.json"
_METADATA = frozenset({"format", "about", "$schema", "$comment"})
_VIEWS = ", ".join(v.value for v in View)


def _fraction(value: Any) -> bool:
    """A number from 0 to 1 (JSON true/false are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0.0 <= value <= 1.0


def _position(key: str, i: int, item: Any, problems: Problems) -> ChartPosition | None:
    if not isinstance(item, Mapping):
        problems.add(FILE, key, f"[{i}]", "should be an object with view, x and y")
        return None
    ok = True
    if item.get("view") not in {v.value for v in View}:
        problems.add(FILE, key, f"[{i}].view", f"{item.get('view')!r} is not one of {_VIEWS}")
        ok = False
    for axis in ("x", "y"):
        value = item.get(axis)
        if not _fraction(value):
            problems.add(FILE, key, f"[{i}].{axis}", f"{value!r} should be a number from 0 to 1")
            ok = False
    if not ok:
        return None
    return ChartPosition(View(item["view"]), float(item["x"]), float(item["y"]))


def read_positions(
    path: Path, attach_to: Mapping[str, str], problems: Problems
) -> dict[str, tuple[ChartPosition, ...]]:
    """Positions by target id. attach_to maps each accepted key to the target it belongs to
    ('GB21' -> 'GB21', 'EX-B2-T4' -> 'EX-B2'); other keys are problems."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        problems.add(FILE, None, f"line {e.lineno}", f"not valid JSON ({e.msg})")
        return {}
    if not isinstance(document, Mapping):
        problems.add(FILE, None, "", "should be an object keyed by target id")
        return {}
    found: dict[str, list[ChartPosition]] = {}
    for key, value in document.items():
        if key in _METADATA:
            continue
        target = attach_to.get(key)
        if target is None:
            problems.add(FILE, key, "", "not a catalog target (acupoint code or TP:<muscle>)")
            continue
        if not isinstance(value, list):
            problems.add(FILE, key, "", "should be a list of positions")
            continue
        for i, item in enumerate(value):
            position = _position(key, i, item, problems)
            if position is not None:
                found.setdefault(target, []).append(position)
    return {target: tuple(positions) for target, positions in found.items()}
