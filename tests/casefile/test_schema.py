"""resources/schema/case.schema.json agrees with the domain and stays strict."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from planner.casefile import case_schema
from planner.domain import plan, vocab
from planner.domain.assessment import Assessment, PainRegion, PainScores, PsfsItem
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget

DEFS = case_schema()["$defs"]
PLAN = DEFS["plan"]["properties"]


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = case_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_only_format_and_patient_are_required() -> None:
    assert case_schema()["required"] == ["format", "patient"]
    assert case_schema()["properties"]["format"] == {"const": "needleplan-case/1"}


@pytest.mark.parametrize(
    ("schema", "vocabulary"),
    [
        (DEFS["patient"]["properties"]["sex"], [s.value for s in vocab.Sex]),
        (DEFS["side"], [s.value for s in vocab.Side]),
        (DEFS["technique"], [t.value for t in vocab.Technique]),
        (PLAN["modality"], [m.value for m in vocab.Modality]),
        (DEFS["weekday"], list(vocab.WEEKDAYS)),
        (DEFS["condition"], list(vocab.CONDITIONS)),
        (DEFS["red_flag"], list(vocab.RED_FLAGS)),
        (DEFS["region"], list(vocab.REGIONS)),
    ],
)
def test_enums_are_the_vocabularies(schema: dict[str, Any], vocabulary: list[str]) -> None:
    assert schema["enum"] == vocabulary


def test_patterns_are_the_domains() -> None:
    override = PLAN["overrides"]["items"]["properties"]
    assert DEFS["acupoint_code"]["pattern"] == plan.ACUPOINT_CODE.pattern
    assert DEFS["muscle_id"]["pattern"] == plan.MUSCLE_ID.pattern
    assert override["rule"]["pattern"] == plan.RULE_ID.pattern
    assert override["target"]["pattern"] == plan.OVERRIDE_TARGET.pattern


def _objects(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


def test_every_object_refuses_unknown_fields() -> None:
    objects = list(_objects(case_schema()))
    assert len(objects) >= 10
    for where, node in objects:
        assert node.get("additionalProperties") is False, where


def _fields(cls: type) -> list[str]:
    # id, version and the correction links belong to the database, not to the document.
    database = ("id", "version", "corrects_id", "corrected")
    return [f.name for f in dataclasses.fields(cls) if f.name not in database]


@pytest.mark.parametrize(
    ("schema", "cls"),
    [
        (DEFS["patient"], Patient),
        (DEFS["assessment"], Assessment),
        (DEFS["assessment"]["properties"]["pain"], PainScores),
        (DEFS["assessment"]["properties"]["psfs"]["items"], PsfsItem),
        (DEFS["assessment"]["properties"]["pain_regions"]["items"], PainRegion),
        (DEFS["plan"], Plan),
        (PLAN["acupoints"]["items"], AcupointTarget),
        (PLAN["trigger_points"]["items"], TriggerPointTarget),
        (PLAN["overrides"]["items"], Override),
    ],
)
def test_document_fields_are_the_dataclass_fields(schema: dict[str, Any], cls: type) -> None:
    assert list(schema["properties"]) == _fields(cls)


def test_ranges_from_the_brief() -> None:
    a = DEFS["assessment"]["properties"]
    assert (DEFS["score"]["minimum"], DEFS["score"]["maximum"]) == (0, 10)
    assert (a["ndi_total"]["type"], a["ndi_total"]["maximum"]) == (["integer", "null"], 50)
    assert a["psfs"]["maxItems"] == 5
    assert (a["pregnancy_weeks"]["minimum"], a["pregnancy_weeks"]["maximum"]) == (0, 45)
    assert (PLAN["session_minutes"]["minimum"], PLAN["session_minutes"]["maximum"]) == (5, 180)
    assert DEFS["patient"]["properties"]["name"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
    }
