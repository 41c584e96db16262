"""plan.course_override in the case document: schema, wording, round trips."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from typing import Any

import pytest

from planner.casefile import case_from_dict, case_schema, case_to_dict
from planner.domain.course import override as co
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.errors import ValidationError
from tests.casefile.helpers import EXAMPLE, TODAY

pytestmark = pytest.mark.usefixtures("validator")

DEFS = case_schema()["$defs"]
OVERRIDE_SCHEMA = DEFS["course_override"]
FULL = {
    "sessions": 6,
    "phases": [{"weeks": 1, "per_week": 2}, {"weeks": 4, "per_week": 1}],
    "reviews_after": [3, 6],
    "moves": [{"session": 2, "date": "2026-12-03"}],
    "reason": "Travels in January",
    "recorded_on": "2026-11-20",
}


def _with(override: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    doc["plan"]["course_override"] = override
    return doc


def _problems(doc: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        case_from_dict(doc, today=TODAY)
    return [str(p) for p in caught.value.problems]


def test_the_plan_lists_course_override_last() -> None:
    assert list(DEFS["plan"]["properties"])[-1] == "course_override"


@pytest.mark.parametrize(
    ("schema", "cls"),
    [
        (OVERRIDE_SCHEMA, CourseOverride),
        (OVERRIDE_SCHEMA["properties"]["phases"]["items"], Phase),
        (OVERRIDE_SCHEMA["properties"]["moves"]["items"], SessionMove),
    ],
)
def test_document_fields_are_the_dataclass_fields(schema: dict[str, Any], cls: type) -> None:
    assert list(schema["properties"]) == [f.name for f in dataclasses.fields(cls)]


def test_schema_bounds_are_the_domains() -> None:
    p = OVERRIDE_SCHEMA["properties"]
    phase = p["phases"]["items"]["properties"]
    assert (p["sessions"]["minimum"], p["sessions"]["maximum"]) == (
        co.SESSIONS_MIN,
        co.SESSIONS_MAX,
    )
    assert p["phases"]["maxItems"] == co.PHASES_MAX
    assert (phase["weeks"]["minimum"], phase["weeks"]["maximum"]) == (co.WEEKS_MIN, co.WEEKS_MAX)
    assert (phase["per_week"]["minimum"], phase["per_week"]["maximum"]) == (
        co.PER_WEEK_MIN,
        co.PER_WEEK_MAX,
    )
    assert p["reason"]["maxLength"] == co.REASON_MAX


def test_a_full_override_reads_and_round_trips() -> None:
    case = case_from_dict(_with(FULL), today=TODAY)
    assert case.plan is not None
    assert case.plan.course_override == CourseOverride(
        sessions=6,
        phases=(Phase(1, 2), Phase(4, 1)),
        reviews_after=(3, 6),
        moves=(SessionMove(2, date(2026, 12, 3)),),
        reason="Travels in January",
        recorded_on=date(2026, 11, 20),
    )
    doc = case_to_dict(case)
    assert doc["plan"]["course_override"] == FULL
    assert case_from_dict(doc, today=TODAY) == case


@pytest.mark.parametrize(
    "override",
    [
        {},
        {"sessions": 12},
        {"phases": [{"weeks": 3, "per_week": 1}]},
        {"reviews_after": [2]},
        {"moves": [{"session": 1, "date": "2026-11-30"}]},
    ],
)
def test_partial_overrides_write_only_what_they_change(override: dict[str, Any]) -> None:
    case = case_from_dict(_with(override), today=TODAY)
    assert case_to_dict(case)["plan"]["course_override"] == override


def test_nulls_read_as_left_out() -> None:
    case = case_from_dict(
        _with({"sessions": None, "phases": None, "reviews_after": None}), today=TODAY
    )
    assert case.plan is not None
    assert case.plan.course_override == CourseOverride()


def test_no_override_is_left_out() -> None:
    case = case_from_dict(EXAMPLE, today=TODAY)
    assert case.plan is not None
    assert case.plan.course_override is None
    assert "course_override" not in case_to_dict(case)["plan"]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"sessions": 0}, "plan.course_override.sessions: 0 is below the minimum of 1"),
        ({"sessions": 53}, "plan.course_override.sessions: 53 is above the maximum of 52"),
        (
            {"phases": [{"weeks": 2, "per_week": 8}]},
            "plan.course_override.phases[0].per_week: 8 is above the maximum of 7",
        ),
        (
            {"moves": [{"session": 2, "date": "2026-02-30"}]},
            "plan.course_override.moves[0].date",
        ),
        ({"colour": "red"}, "plan.course_override"),
        # The domain's rules, after the schema's.
        (
            {"sessions": 4, "reviews_after": [3, 5]},
            "plan.course_override.reviews_after[1]: a review after session 5 comes after the "
            "last session (4)",
        ),
        (
            {"reviews_after": [6, 3]},
            "plan.course_override.reviews_after[1]: 3 does not come after the review at 6",
        ),
        (
            {"sessions": 5, "phases": [{"weeks": 2, "per_week": 2}]},
            "plan.course_override.phases: add up to 4 sessions but sessions is 5",
        ),
        (
            {"sessions": 3, "moves": [{"session": 4, "date": "2026-12-01"}]},
            "plan.course_override.moves[0].session: there is no session 4 in 3 sessions",
        ),
        (
            {
                "moves": [
                    {"session": 2, "date": "2026-12-01"},
                    {"session": 2, "date": "2026-12-02"},
                ]
            },
            "plan.course_override.moves[1].session: session 2 is moved twice",
        ),
    ],
)
def test_bad_overrides_name_the_field(override: dict[str, Any], expected: str) -> None:
    problems = _problems(_with(override))
    assert any(p.startswith(expected) for p in problems), problems
