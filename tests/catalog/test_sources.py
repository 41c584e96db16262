"""Every entry is sourced, and every source id it names exists."""

from __future__ import annotations

import pytest

from planner.domain.catalog import Catalog
from planner.domain.errors import NotFoundError


def _all_source_ids(catalog: Catalog) -> set[str]:
    used: set[str] = set()
    for target in catalog:
        used.update(target.sources)
        for note in target.flag_notes:
            used.update(note.sources)
    for point in catalog.acupoints:
        if point.detail:
            used.update(point.detail.sources)
    return used


def test_every_entry_has_sources(catalog: Catalog) -> None:
    assert all(target.sources for target in catalog)


def test_every_source_id_resolves(catalog: Catalog) -> None:
    for source_id in _all_source_ids(catalog):
        assert catalog.source(source_id).citation


def test_every_listed_source_is_used(catalog: Catalog) -> None:
    assert {s.id for s in catalog.sources} == _all_source_ids(catalog)


def test_reference_sources_are_present(catalog: Catalog) -> None:
    ids = {s.id for s in catalog.sources}
    assert {
        "who-2008", "cam-1999", "deadman-2007", "travell-simons-1999", "chen-2018",
        "wen-2016", "aacp-2012", "kwon-2017",
    } <= ids  # fmt: skip


def test_unknown_source_raises(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError):
        catalog.source("nope-1999")
