"""Reads the adverse-event advice the Visits page shows (resources/visits/adverse-events.json).

Clinical text lives in resources with its sources, not in the UI. The file is checked against
its JSON Schema, then against the domain's adverse-event kinds and the catalog's source ids,
and every kind that needs a follow-up (planner.domain.visit.FOLLOW_UP_REQUIRED) must have
advice, so the Visits page's emergency banner is never empty. A bad file fails as a whole with
a message naming the file, the entry and the field:
`adverse-events.json: suspected-pneumothorax: sources[0]: unknown source 'bacc' (not in
sources.json)`. jsonschema is imported on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner import resources
from planner.catalog.handouts import read_json, schema_problems
from planner.catalog.problems import field_path
from planner.domain import wording
from planner.domain.catalog import CatalogError
from planner.domain.visit import (
    ADVERSE_EVENTS,
    FOLLOW_UP_REQUIRED,
    AdverseEventAdvice,
    AdverseEventKind,
)

ADVERSE_EVENTS_FILE = "adverse-events.json"
ADVERSE_EVENTS_SCHEMA = "adverse-events.schema.json"
SOURCES_FILE = "sources.json"


def shipped_adverse_events() -> Path:
    return resources.path("visits", ADVERSE_EVENTS_FILE)


@cache
def load_adverse_event_advice(
    path: Path | None = None, sources: Path | None = None
) -> Mapping[AdverseEventKind, AdverseEventAdvice]:
    """The advice in `path` (default: the shipped file) by adverse-event kind.

    sources is the catalog's sources.json the entries cite (default: the shipped one).
    Raises CatalogError naming the file, the entry and the field of every problem."""
    path = path or shipped_adverse_events()
    name = path.name
    document = read_json(path, CatalogError)
    found = schema_problems(ADVERSE_EVENTS_SCHEMA, document, "events", entry_key="kind")
    problems = [f"{name}: {where}: {message}" for where, message in found]
    if not problems:
        known = _source_ids(sources or resources.path("catalog", SOURCES_FILE))
        problems = [f"{name}: {p}" for p in _vocabulary_problems(document, known)]
    if problems:
        raise CatalogError.from_problems(problems)
    return MappingProxyType({advice.kind: advice for advice in map(_advice, document["events"])})


def _advice(raw: Mapping[str, Any]) -> AdverseEventAdvice:
    return AdverseEventAdvice(
        kind=AdverseEventKind(raw["kind"]),
        title=raw["title"],
        advice=raw["advice"],
        sources=tuple(raw["sources"]),
    )


def _source_ids(path: Path) -> frozenset[str]:
    document = read_json(path, CatalogError)
    entries = document.get("sources", []) if isinstance(document, dict) else []
    return frozenset(e["id"] for e in entries if isinstance(e, dict) and "id" in e)


def _vocabulary_problems(document: Mapping[str, Any], sources: frozenset[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(document["events"]):
        kind = raw["kind"]
        if kind not in ADVERSE_EVENTS:
            where = f"events[{i}]: kind"
            problems.append(f"{where}: {wording.not_known(kind, 'adverse event', ADVERSE_EVENTS)}")
            continue
        if kind in seen:
            problems.append(f"events[{i}]: kind: {wording.listed_twice(kind)}")
        seen.add(kind)
        for j, source in enumerate(raw["sources"]):
            if source not in sources:
                where = field_path(["sources", j])
                problems.append(f"{kind}: {where}: unknown source {source!r} (not in sources.json)")
    for kind in sorted(FOLLOW_UP_REQUIRED):
        if kind not in seen:
            problems.append(f"{kind}: advice is required (a follow-up is required for it)")
    return problems
