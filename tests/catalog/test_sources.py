"""Every entry is sourced, and every source id it names exists."""

from __future__ import annotations

import json

import pytest

from planner.catalog.rules import shipped_rules
from planner.domain.catalog import Catalog
from planner.domain.errors import NotFoundError


def _rule_source_ids() -> set[str]:
    doc = json.loads(shipped_rules().read_text(encoding="utf-8"))
    return {source_id for rule in doc["rules"] for source_id in rule["sources"]}


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
    # sources.json is the one list for the library and the screening rules.
    assert {s.id for s in catalog.sources} == _all_source_ids(catalog) | _rule_source_ids()


def test_the_sources_the_rules_cite_have_full_citations(catalog: Catalog) -> None:
    for source_id, words in {
        "nice-cks-neck-pain": "Clinical Knowledge Summaries",
        "sierpina-2005": "Acupuncture: a clinical review",
        "who-1999": "Guidelines on Basic Training and Safety in Acupuncture",
        "munoz-2022": "Dry needling and antithrombotic drugs",
        "apta-2013": "Description of Dry Needling in Clinical Practice",
        "kirchgatterer-2000": "Cardiac tamponade following acupuncture",
    }.items():
        assert words in catalog.source(source_id).citation, source_id


def test_project_sources_say_a_primary_source_is_missing(catalog: Catalog) -> None:
    reference = catalog.source("needleplan-reference")
    assert reference.kind == "project"
    assert "still to be added" in reference.citation


def test_reference_sources_are_present(catalog: Catalog) -> None:
    ids = {s.id for s in catalog.sources}
    assert {
        "who-2008", "cam-1999", "deadman-2007", "travell-simons-1999", "chen-2018",
        "wen-2016", "aacp-2012", "kwon-2017",
    } <= ids  # fmt: skip


def test_unknown_source_raises(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError):
        catalog.source("nope-1999")
