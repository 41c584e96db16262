"""Properties over many generated cases: round trips, and no crash on any JSON."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.casefile import case_from_dict, case_to_dict, read_cases, schema, write_cases
from planner.domain.case import Case
from planner.domain.errors import ValidationError
from tests.casefile.strategies import TODAY, cases, json_values

SETTINGS = settings(deadline=None, max_examples=150)


@SETTINGS
@given(cases())
def test_a_valid_case_round_trips(case: Case) -> None:
    assert case_from_dict(case_to_dict(case), today=TODAY) == case


@SETTINGS
@given(cases())
def test_a_valid_case_round_trips_through_jsonschema_alone(case: Case) -> None:
    with mock.patch.object(schema, "_fast_validator", return_value=None):
        assert case_from_dict(case_to_dict(case), today=TODAY) == case


@settings(deadline=None, max_examples=40)
@given(st.lists(cases(), max_size=4))
def test_cases_round_trip_through_a_json_lines_file(many: list[Case]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "cases.jsonl")
        write_cases(many, path)
        assert read_cases(path, today=TODAY) == many


def _outcome(doc: object) -> Case | tuple[str, ...]:
    try:
        return case_from_dict(doc, today=TODAY)
    except ValidationError as error:
        return tuple(str(p) for p in error.problems)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in children:
        found += _paths(value, (*prefix, key))
    return found


@settings(deadline=None, max_examples=300)
@given(cases(), st.data())
def test_any_broken_document_gets_a_validation_error_and_both_validators_agree(
    case: Case, data: st.DataObject
) -> None:
    doc = case_to_dict(case)
    path = data.draw(st.sampled_from(_paths(doc)))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values)
    fast = _outcome(doc)
    with mock.patch.object(schema, "_fast_validator", return_value=None):
        assert _outcome(doc) == fast


@settings(deadline=None, max_examples=200)
@given(json_values)
def test_any_json_value_gets_a_case_or_a_validation_error(doc: object) -> None:
    assert isinstance(_outcome(doc), (Case, tuple))
