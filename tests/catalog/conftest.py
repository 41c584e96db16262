"""Fixtures: the shipped catalog, and editable copies of its files for broken-file tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog import load_catalog
from planner.domain.catalog import Catalog

Edit = Callable[[str, Callable[[Any], None]], Path]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(resources.path("catalog"), target)
    return target


@pytest.fixture
def edit(catalog_copy: Path) -> Edit:
    """edit('acupoints.json', change) applies change(document) to the copy; returns its dir."""

    def apply(file: str, change: Callable[[Any], None]) -> Path:
        path = catalog_copy / file
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return catalog_copy

    return apply


def entry(document: dict[str, Any], key: str, ident: str) -> dict[str, Any]:
    """The entry of a catalog list whose code (or muscle) is ident."""
    for item in document[key]:
        if ident in (item.get("code"), item.get("muscle"), item.get("id")):
            return item  # type: ignore[no-any-return]
    raise KeyError(ident)
