"""Reads, validates and builds the catalog, once per directory."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from planner import resources
from planner.catalog.build import build_catalog, position_keys
from planner.catalog.checks import cross_check
from planner.catalog.positions import read_positions
from planner.catalog.problems import Problems
from planner.catalog.schema import SCHEMAS, check_schema
from planner.domain.catalog import Catalog, CatalogError

FILES: tuple[str, ...] = tuple(SCHEMAS)


def _read(directory: Path, file: str) -> Any:
    path = directory / file
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{file}: missing from {directory}") from None
    except json.JSONDecodeError as e:
        raise CatalogError(f"{file}: line {e.lineno}: not valid JSON ({e.msg})") from None


def shipped_positions() -> Path:
    """Where the body chart keeps its positions (the file may not exist yet)."""
    return resources.root() / "bodychart" / "positions.json"


@cache
def load_catalog(directory: Path | None = None, *, positions: Path | None = None) -> Catalog:
    """The catalog from `directory` (default: the shipped resources/catalog), joined with
    chart positions: the shipped positions.json by default, or `positions` when a directory
    is given. Raises CatalogError naming file, entry and field of the first problem."""
    if directory is None:
        directory = resources.path("catalog")
        positions = shipped_positions()
    docs = {file: _read(directory, file) for file in FILES}
    problems = Problems()
    for file, document in docs.items():
        check_schema(file, document, problems)
    problems.raise_if_any()  # the cross-checks rely on the schema's shapes
    cross_check(docs, problems)
    problems.raise_if_any()
    found = {}
    if positions is not None and positions.exists():
        found = read_positions(positions, position_keys(docs), problems)
        problems.raise_if_any()
    return build_catalog(docs, found)
