"""Joins the body chart's positions (resources/bodychart/positions.json) to the targets.

That file belongs to the body chart, which resolves its landmark-derived positions
(planner.catalog.bodychart_positions); the catalog attaches the results to its targets, and loads
without the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from planner.catalog.problems import Problems
from planner.domain.chart import ChartPosition
from planner.domain.errors import DomainError

FILE = "positions.json"


def read_positions(
    path: Path, attach_to: Mapping[str, str], problems: Problems
) -> dict[str, tuple[ChartPosition, ...]]:
    """Positions by target id. attach_to maps each accepted key to the target it belongs to
    ('GB21' -> 'GB21', 'EX-B2-T4' -> 'EX-B2'); other keys are problems."""
    from planner.catalog.bodychart import load_body_chart
    from planner.catalog.bodychart_positions import parse_positions

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        resolved = parse_positions(document, load_body_chart(), FILE).positions
    except json.JSONDecodeError as e:
        problems.add(FILE, None, f"line {e.lineno}", f"not valid JSON ({e.msg})")
        return {}
    except DomainError as e:  # the body chart's own message names the entry and field
        problems.add(FILE, None, "", str(e).removeprefix(f"{FILE}: "))
        return {}
    found: dict[str, list[ChartPosition]] = {}
    for key, positions in resolved.items():
        target = attach_to.get(key)
        if target is None:
            problems.add(FILE, key, "", "not a catalog target (acupoint code or TP:<muscle>)")
            continue
        found.setdefault(target, []).extend(positions)
    return {target: tuple(positions) for target, positions in found.items()}
