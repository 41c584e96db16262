"""needleplan-case/2 (issue 14, a complete export): the schema, conversion both ways, the links
between records, and needleplan-case/1 still read as before."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from planner.casefile import case_from_dict, case_schema, record_from_dict, record_to_dict, schema
from planner.casefile.history import history_to_dict
from planner.catalog.loader import load_catalog
from planner.domain.assessment import Assessment
from planner.domain.errors import ValidationError
from planner.domain.history import (
    AssessmentRecord,
    PatientHistory,
    PlanRecord,
    ProtocolRecord,
    VisitRecord,
)
from planner.domain.patient import Patient
from planner.domain.plan import Plan
from planner.domain.visit import ADVERSE_EVENTS, Visit
from tests.casefile.helpers import EXAMPLE
from tests.casefile.history_strategies import histories, protocol_lists
from tests.casefile.strategies import TODAY, json_values
from tests.casefile.test_properties import _paths

V1, V2 = case_schema(), case_schema(2)
OWN = {"assessment": {"recorded_at", "corrects"}, "plan": {"recorded_at", "assessment"}}
SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def _known(target: str) -> bool:
    return load_catalog().target(target) is not None


def _read(doc: object) -> Any:
    return record_from_dict(doc, today=TODAY, known_target=_known)


def _problems(doc: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _read(doc)
    return [str(p) for p in caught.value.problems]


# --- the schema -------------------------------------------------------------------------------


def test_the_schema_is_valid_draft_2020_12_and_describes_both_records() -> None:
    Draft202012Validator.check_schema(V2)
    assert V2["oneOf"] == [
        {"$ref": "#/$defs/case_record"},
        {"$ref": "#/$defs/protocol_record"},
    ]
    validator = Draft202012Validator(V2)
    history = history_to_dict(PatientHistory(Patient("Ana")))
    assert validator.is_valid(history)
    assert validator.is_valid(
        {"format": "needleplan-case/2", "protocol": {"name": "N", "targets": [{"target": "GB21"}]}}
    )
    assert not validator.is_valid(EXAMPLE)  # a needleplan-case/1 document is not a /2 record


def test_what_both_versions_share_is_written_once_alike() -> None:
    """A change to needleplan-case/1's shapes must be made to /2's too (or this fails)."""
    for name, definition in V1["$defs"].items():
        mine = copy.deepcopy(V2["$defs"][name])
        for field in OWN.get(name, ()):
            del mine["properties"][field]
        assert mine == definition, name


def _objects(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append((where, node))
        for key, value in node.items():
            found += _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _objects(value, f"{where}/{i}")
    return found


def test_every_object_refuses_unknown_fields_and_events_are_the_domains() -> None:
    objects = _objects(V2)
    assert len(objects) >= 20
    for where, node in objects:
        assert node.get("additionalProperties") is False, where
    events = V2["$defs"]["visit"]["properties"]["adverse_events"]["items"]["properties"]
    assert events["kind"]["enum"] == list(ADVERSE_EVENTS)


# --- conversion -------------------------------------------------------------------------------


@SETTINGS
@given(histories())
def test_a_history_round_trips(history: PatientHistory) -> None:
    doc = record_to_dict(history)
    assert _read(doc) == history
    with mock.patch.object(schema, "_fast_validator", return_value=None):
        assert _read(doc) == history


@SETTINGS
@given(protocol_lists())
def test_protocols_round_trip(protocols: list[ProtocolRecord]) -> None:
    for record in protocols:
        assert _read(record_to_dict(record)) == record


def _outcome(doc: object) -> object:
    try:
        return _read(doc)
    except ValidationError as error:
        return tuple(str(p) for p in error.problems)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(histories(max_visits=2), st.data())
def test_any_broken_history_gets_a_validation_error_and_both_validators_agree(
    history: PatientHistory, data: st.DataObject
) -> None:
    doc = record_to_dict(history)
    path = data.draw(st.sampled_from(_paths(doc)))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values | st.integers(-3, 9))
    fast = _outcome(doc)
    with mock.patch.object(schema, "_fast_validator", return_value=None):
        assert _outcome(doc) == fast


def _history(**lists: Any) -> dict[str, Any]:
    return {"format": "needleplan-case/2", "patient": {"name": "Ana López"}, **lists}


A = {"date": "2026-11-02"}


def test_links_must_name_records_the_history_holds() -> None:
    doc = _history(
        assessments=[{**A, "corrects": 1}, A, {**A, "corrects": 2}, {**A, "corrects": 2}],
        plans=[{"assessment": 5}],
        visits=[{"date": "2026-11-03", "plan": 2}, {"date": "2026-11-03", "plan": 1}],
    )
    assert _problems(doc) == [
        "assessments[0].corrects: 1 is not an earlier assessment (this is the first)",
        "assessments[3].corrects: assessment 2 is already corrected by assessment 3",
        "plans[0].assessment: 5 is not one of this history's assessments (1 to 4)",
        "visits[0].plan: 2 is not one of this history's plans (1 to 1)",
    ]
    assert _problems(_history(visits=[{"date": "2026-11-03", "plan": 1}])) == [
        "visits[0].plan: 1 is not one of this history's plans (there is none)"
    ]


def test_each_record_keeps_its_own_rules_named_by_field() -> None:
    doc = _history(
        assessments=[{"date": "2026-12-30", "pain": {"best": 7, "worst": 2}}],
        plans=[{"acupoints": [{"code": "EX-ZZ9"}]}],
        visits=[
            {
                "date": "2026-11-03",
                "soap": {"subjective": "x" * 10_001},
                "adverse_events": [{"kind": "suspected-pneumothorax"}],
            }
        ],
    )
    assert _problems(doc) == ["visits[0].soap.subjective: is longer than 10000 characters"]
    del doc["visits"][0]["soap"]
    assert _problems(doc) == [
        "assessments[0].date: 2026-12-30 is in the future",
        "assessments[0].pain.best: 7 is above the worst pain of 2",
        "plans[0].acupoints[0].code: 'EX-ZZ9' is not in the reference library",
        "visits[0].adverse_events[0].follow_up: is required for a suspected pneumothorax: "
        "record what was done",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2026-11-20 09:30:00+00:00",
            "'2026-11-20 09:30:00+00:00' is not a valid date and time (YYYY-MM-DDTHH:MM:SS "
            "with a UTC offset, like 2026-11-20T09:30:00+00:00)",
        ),
        (
            "2026-11-20T09:30:00",
            "'2026-11-20T09:30:00' is not a valid date and time (YYYY-MM-DDTHH:MM:SS with a "
            "UTC offset, like 2026-11-20T09:30:00+00:00)",
        ),
        (
            "2026-02-30T09:30:00Z",
            "'2026-02-30T09:30:00Z' is not a valid date and time (YYYY-MM-DDTHH:MM:SS with a "
            "UTC offset, like 2026-11-20T09:30:00+00:00)",
        ),
        (
            "1900-01-01T01:00:00+05:00",
            "'1900-01-01T01:00:00+05:00' is not between 1900-01-01 and 2100-12-31 (in UTC)",
        ),
        (
            "9999-01-01T00:00:00Z",
            "'9999-01-01T00:00:00Z' is not between 1900-01-01 and 2100-12-31 (in UTC)",
        ),
    ],
)
@pytest.mark.usefixtures("validator")
def test_a_bad_time_gets_one_line(value: str, message: str) -> None:
    assert _problems(_history(plans=[{"recorded_at": value}])) == [
        f"plans[0].recorded_at: {message}"
    ]


def test_times_are_kept_as_instants_in_utc_and_may_be_left_out() -> None:
    doc = _history(
        assessments=[{**A, "recorded_at": "2026-11-02T10:00:00+01:00"}],
        plans=[{}],
        visits=[{"date": "2026-11-03", "deleted_at": "2026-11-04T08:00:00.5Z"}],
    )
    history = _read(doc)
    assert history.assessments[0].recorded_at == datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert history.assessments[0].recorded_at.tzinfo is UTC
    assert history.plans == (PlanRecord(Plan()),)
    visit = history.visits[0]
    assert (visit.recorded_at, visit.updated_at) == (None, None)
    assert visit.visit.deleted_at == datetime(2026, 11, 4, 8, 0, 0, 500_000, tzinfo=UTC)
    written = record_to_dict(history)
    assert written["assessments"][0]["recorded_at"] == "2026-11-02T09:00:00.000000+00:00"
    assert "recorded_at" not in written["plans"][0]


def test_a_history_read_as_one_case_is_the_current_assessment_and_latest_plan() -> None:
    """review, course and handout read a single-patient export as its current case."""
    late, early = Assessment(date(2026, 11, 10), complaint="late"), Assessment(date(2026, 9, 1))
    fixed = Assessment(date(2026, 11, 10), complaint="late, corrected")
    at = datetime(2026, 11, 10, tzinfo=UTC)
    history = PatientHistory(
        Patient("Ana López"),
        (
            AssessmentRecord(late, None, at),
            AssessmentRecord(early, None, at + timedelta(1)),  # back-dated, recorded later
            AssessmentRecord(fixed, 1, at + timedelta(2)),
        ),
        (PlanRecord(Plan(session_minutes=20)), PlanRecord(Plan(session_minutes=45), 3)),
        (VisitRecord(Visit(date(2026, 11, 12)), 2),),
    )
    case = case_from_dict(record_to_dict(history), today=TODAY)
    assert case.assessment == fixed
    assert case.plan == Plan(session_minutes=45)
    protocol = {
        "format": "needleplan-case/2",
        "protocol": {"name": "N", "targets": [{"target": "GB21"}]},
    }
    with pytest.raises(
        ValidationError, match="protocol: is a clinic protocol, not a patient's case"
    ):
        case_from_dict(protocol, today=TODAY)


def test_a_version_1_document_reads_as_before() -> None:
    assert _read(EXAMPLE) == case_from_dict(EXAMPLE, today=TODAY, known_target=_known)
    assert record_to_dict(_read(EXAMPLE))["format"] == "needleplan-case/1"


def test_a_time_in_another_zone_is_written_in_utc() -> None:
    east = timezone(timedelta(hours=9))
    record = PlanRecord(Plan(), None, datetime(2026, 11, 2, 9, tzinfo=east))
    doc = record_to_dict(PatientHistory(Patient("Ana"), plans=(record,)))
    assert doc["plans"][0]["recorded_at"] == "2026-11-02T00:00:00.000000+00:00"
