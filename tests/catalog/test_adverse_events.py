"""The adverse-event advice the Visits page shows: shipped with sources, checked on load."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog.adverse_events import load_adverse_event_advice, shipped_adverse_events
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.visit import FOLLOW_UP_REQUIRED, AdverseEventKind

Edit = Callable[[Callable[[dict[str, Any]], None]], Path]


@pytest.fixture
def edit(tmp_path: Path) -> Edit:
    """A copy of the shipped file, changed by `change`; returns its path."""

    def make(change: Callable[[dict[str, Any]], None]) -> Path:
        target = tmp_path / shipped_adverse_events().name
        shutil.copyfile(shipped_adverse_events(), target)
        doc = json.loads(target.read_text(encoding="utf-8"))
        change(doc)
        target.write_text(json.dumps(doc), encoding="utf-8")
        return target

    return make


def _problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(CatalogError) as caught:
        load_adverse_event_advice(path)
    return caught.value.problems


def test_every_event_that_needs_a_follow_up_has_advice() -> None:
    advice = load_adverse_event_advice()
    assert set(advice) >= FOLLOW_UP_REQUIRED
    pneumothorax = advice[AdverseEventKind.SUSPECTED_PNEUMOTHORAX]
    assert pneumothorax.kind is AdverseEventKind.SUSPECTED_PNEUMOTHORAX
    assert "remove all needles" in pneumothorax.advice
    assert "emergency" in pneumothorax.advice
    assert pneumothorax.title


def test_every_entry_cites_sources_the_catalog_lists(catalog: Catalog) -> None:
    for advice in load_adverse_event_advice().values():
        assert advice.sources
        for source_id in advice.sources:
            assert catalog.source(source_id).citation


def test_loaded_once_and_read_only() -> None:
    advice = load_adverse_event_advice()
    assert load_adverse_event_advice() is advice
    with pytest.raises(TypeError):
        advice[AdverseEventKind.BRUISE] = advice[AdverseEventKind.SUSPECTED_PNEUMOTHORAX]  # type: ignore[index]


def test_an_unknown_source_names_file_entry_and_field(edit: Edit) -> None:
    path = edit(lambda doc: doc["events"][0]["sources"].append("bacc-2099"))
    assert _problems(path) == (
        "adverse-events.json: suspected-pneumothorax: sources[1]: "
        "unknown source 'bacc-2099' (not in sources.json)",
    )


def test_an_unknown_kind_is_named(edit: Edit) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["events"].append({**doc["events"][0], "kind": "pneumothorax"})

    [problem] = _problems(edit(change))
    assert problem.startswith("adverse-events.json: events[1]: kind: 'pneumothorax' is not")


def test_a_missing_field_names_the_entry(edit: Edit) -> None:
    path = edit(lambda doc: doc["events"][0].pop("sources"))
    assert _problems(path) == ("adverse-events.json: suspected-pneumothorax: sources: is required",)


def test_empty_sources_are_refused(edit: Edit) -> None:
    path = edit(lambda doc: doc["events"][0].update(sources=[]))
    [problem] = _problems(path)
    assert problem.startswith("adverse-events.json: suspected-pneumothorax: sources: ")


def test_a_kind_listed_twice_is_refused(edit: Edit) -> None:
    path = edit(lambda doc: doc["events"].append(dict(doc["events"][0])))
    [problem] = _problems(path)
    assert problem.startswith("adverse-events.json: events[1]: kind: ")


def test_the_pneumothorax_advice_may_not_go_missing(edit: Edit) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["events"][0]["kind"] = "fainting"

    assert _problems(edit(change)) == (
        "adverse-events.json: suspected-pneumothorax: advice is required "
        "(a follow-up is required for it)",
    )


def test_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "adverse-events.json"
    path.write_text('{"format": \n', encoding="utf-8")
    [problem] = _problems(path)
    assert problem.startswith("adverse-events.json: line 2: not valid JSON")


def test_the_schema_is_shipped() -> None:
    assert resources.path("schema", "adverse-events.schema.json").is_file()
