"""case_from_dict: schema and domain problems in our wording; case_to_dict round-trips."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from planner import resources
from planner.casefile import case_from_dict, case_to_dict
from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.errors import DomainError, ValidationError
from planner.domain.patient import Patient
from planner.domain.plan import Plan
from planner.domain.vocab import Sex, Side
from tests.casefile.helpers import DELETE, EXAMPLE, TODAY, changed, patient_only

pytestmark = pytest.mark.usefixtures("validator")


def problems_of(doc: object, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        case_from_dict(doc, today=TODAY, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_the_architecture_example_validates() -> None:
    case = case_from_dict(EXAMPLE, today=TODAY)
    assert case.patient == Patient(
        "Ana López", date(1984, 3, 2), Sex.FEMALE, "+1 555 0100", "ana@example.org"
    )
    assert case.assessment is not None
    assert case.assessment.pain == PainScores(now=6, best=3, worst=8)
    assert case.assessment.conditions == ("anticoagulants",)
    assert case.plan is not None
    assert case.plan.target_ids() == ["GB21", "SI3", "TP:levator-scapulae"]
    assert case.plan.acupoints[0].side is Side.RIGHT
    assert case.plan.clinic_days == ("mon", "wed", "fri")


def test_the_shipped_sample_validates_today() -> None:
    doc = json.loads(resources.path("samples", "sample-case.json").read_text(encoding="utf-8"))
    case = case_from_dict(doc)
    assert case.assessment is not None
    assert case.plan is not None
    assert {"GB21", "SI3", "GB20", "TP:levator-scapulae", "TP:upper-trapezius"} <= set(
        case.plan.target_ids()
    )


def test_a_new_patient_needs_only_format_and_patient() -> None:
    assert case_from_dict(patient_only("José Núñez"), today=TODAY) == Case(Patient("José Núñez"))


def test_the_name_is_trimmed_as_the_gui_trims_it() -> None:
    case = case_from_dict(patient_only("  Ana   López "), today=TODAY)
    assert case.patient.name == "Ana López"


def test_whole_numbers_written_as_floats_become_ints() -> None:
    case = case_from_dict(changed(EXAMPLE, {"assessment.pain.now": 6.0}), today=TODAY)
    assert case.assessment is not None
    assert case.assessment.pain.now == 6
    assert type(case.assessment.pain.now) is int


SCHEMA_CASES: list[tuple[dict[str, Any], str]] = [
    ({"patient.name": DELETE}, "patient.name: is required"),
    ({"patient.name": ""}, "patient.name: is required"),
    ({"patient": DELETE}, "patient: is required"),
    ({"format": DELETE}, "format: is required"),
    ({"assessment.date": DELETE}, "assessment.date: is required"),
    ({"patient.name": "x" * 201}, "patient.name: is longer than 200 characters"),
    (
        {"format": "needleplan-case/3"},
        "format: 'needleplan-case/3' is not supported; expected 'needleplan-case/1' or "
        "'needleplan-case/2'",
    ),
    ({"assessment.pain.now": 11}, "assessment.pain.now: 11 is above the maximum of 10"),
    ({"assessment.pain.worst": -1}, "assessment.pain.worst: -1 is below the minimum of 0"),
    ({"assessment.ndi_total": 51}, "assessment.ndi_total: 51 is above the maximum of 50"),
    (
        {"assessment.ndi_total": 18.5},
        "assessment.ndi_total: expected a whole number or null, got a number (18.5)",
    ),
    (
        {"assessment.pain.now": "6"},
        "assessment.pain.now: expected a whole number or null, got text ('6')",
    ),
    (
        {"assessment.pregnancy_weeks": 46},
        "assessment.pregnancy_weeks: 46 is above the maximum of 45",
    ),
    (
        {"assessment.psfs": [{"activity": f"activity {i}", "score": 5} for i in range(6)]},
        "assessment.psfs: has 6 items; at most 5 are allowed",
    ),
    ({"assessment.psfs[0].score": 11}, "assessment.psfs[0].score: 11 is above the maximum of 10"),
    ({"assessment.psfs[0].activity": ""}, "assessment.psfs[0].activity: is required"),
    (
        {"assessment.pain_regions[0].intensity": 12},
        "assessment.pain_regions[0].intensity: 12 is above the maximum of 10",
    ),
    (
        {"assessment.pain_regions[0].region": "neck"},
        "assessment.pain_regions[0].region: 'neck' is not a known region; did you mean "
        "'neck-left'? (known: head, neck-left, neck-right, upper-back-left, upper-back-right, "
        "shoulder-left, ...)",
    ),
    (
        {"assessment.conditions": ["pregnant"]},
        "assessment.conditions[0]: 'pregnant' is not a known condition; did you mean "
        "'pregnancy'? (known: pregnancy, anticoagulants, bleeding-disorder, pacemaker, "
        "implanted-device, epilepsy, ...)",
    ),
    (
        {"assessment.red_flags": ["fever", "trauma", "fever"]},
        "assessment.red_flags[2]: 'fever' is listed twice",
    ),
    ({"assessment.foo": 1}, "assessment.foo: is not a known field"),
    ({"assessment.note": ""}, "assessment.note: is not a known field; did you mean 'notes'?"),
    ({"patient.id": 7}, "patient.id: is not a known field"),
    ({"version": 1}, "version: is not a known field"),
    (
        {"patient.birth_date": "02/03/1984"},
        "patient.birth_date: '02/03/1984' is not a valid date (YYYY-MM-DD)",
    ),
    (
        {"patient.birth_date": "1984-02-30"},
        "patient.birth_date: '1984-02-30' is not a valid date (YYYY-MM-DD)",
    ),
    (
        {"patient.birth_date": "19840302"},
        "patient.birth_date: '19840302' is not a valid date (YYYY-MM-DD)",
    ),
    (
        {"patient.birth_date": 1984},
        "patient.birth_date: expected text or null, got a whole number (1984)",
    ),
    (
        {"patient.sex": "F"},
        "patient.sex: 'F' is not a known sex (known: female, male, other, unknown)",
    ),
    ({"patient": "Ana"}, "patient: expected an object, got text ('Ana')"),
    ({"plan.session_minutes": 4}, "plan.session_minutes: 4 is below the minimum of 5"),
    ({"plan.session_minutes": 181}, "plan.session_minutes: 181 is above the maximum of 180"),
    ({"plan.electro": "no"}, "plan.electro: expected true or false, got text ('no')"),
    ({"plan.acupoints": {"code": "GB21"}}, "plan.acupoints: expected a list, got an object"),
    (
        {"plan.acupoints[0].code": "gb21"},
        "plan.acupoints[0].code: 'gb21' is not an acupoint code (like GB21 or EX-B2); "
        "did you mean 'GB21'?",
    ),
    (
        {"plan.acupoints[0].code": "XX1"},
        "plan.acupoints[0].code: 'XX1' is not an acupoint code (like GB21 or EX-B2)",
    ),
    (
        {"plan.acupoints[0].side": "up"},
        "plan.acupoints[0].side: 'up' is not a known side (known: left, right, both, midline)",
    ),
    (
        {"plan.acupoints[0].technique": "laser"},
        "plan.acupoints[0].technique: 'laser' is not a known technique (known: manual, electro)",
    ),
    (
        {"plan.trigger_points[0].muscle": "Levator Scapulae"},
        "plan.trigger_points[0].muscle: 'Levator Scapulae' is not a muscle id (like "
        "levator-scapulae or upper-trapezius); did you mean 'levator-scapulae'?",
    ),
    (
        {"plan.clinic_days": ["mon", "funday"]},
        "plan.clinic_days[1]: 'funday' is not a known weekday (known: mon, tue, wed, thu, fri, "
        "sat, ...)",
    ),
    (
        {"plan.preferred_days": ["wed", "someday"]},
        "plan.preferred_days[1]: 'someday' is not a known weekday (known: mon, tue, wed, thu, "
        "fri, sat, ...)",
    ),
    ({"plan.preferred_days": ["wed", "wed"]}, "plan.preferred_days[1]: 'wed' is listed twice"),
    (
        {"plan.skip_dates": ["2026-12-25", "25/12/2026"]},
        "plan.skip_dates[1]: '25/12/2026' is not a valid date (YYYY-MM-DD)",
    ),
    (
        {"plan.skip_dates": ["2026-12-25", "2026-12-25"]},
        "plan.skip_dates[1]: '2026-12-25' is listed twice",
    ),
    ({"plan.nice_cap": "yes"}, "plan.nice_cap: expected true or false, got text ('yes')"),
    (
        {"plan.overrides": [{"rule": "pregnancy-point", "target": "GB21"}]},
        "plan.overrides[0].reason: is required",
    ),
    (
        {"plan.overrides": [{"rule": "pregnancy-point", "target": "GB21", "reason": ""}]},
        "plan.overrides[0].reason: is required",
    ),
    (
        {"plan.overrides": [{"rule": "x", "target": "lung", "reason": "r"}]},
        "plan.overrides[0].target: 'lung' is not an override target (like GB21 or "
        "TP:levator-scapulae or electro)",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), SCHEMA_CASES)
def test_schema_problems_in_our_words(changes: dict[str, Any], expected: str) -> None:
    assert problems_of(changed(EXAMPLE, changes)) == [expected]


DOMAIN_CASES: list[tuple[dict[str, Any], str]] = [
    ({"patient.name": "   "}, "patient.name: is required"),
    ({"patient.birth_date": "2031-01-01"}, "patient.birth_date: 2031-01-01 is in the future"),
    (
        {"patient.email": "ana at example"},
        "patient.email: 'ana at example' is not an email address",
    ),
    (
        {"assessment.onset_date": "2026-12-01"},
        "assessment.onset_date: 2026-12-01 is after the assessment date 2026-11-20",
    ),
    (
        {"assessment.date": "2026-11-21", "plan.start_date": "2026-11-24"},
        "assessment.date: 2026-11-21 is in the future",
    ),
    (
        {"assessment.date": "1980-01-01", "assessment.onset_date": None},
        "assessment.date: 1980-01-01 is before the patient's birth date 1984-03-02",
    ),
    ({"assessment.pain.best": 9}, "assessment.pain.best: 9 is above the worst pain of 8"),
    (
        {"assessment.pregnancy_weeks": 12},
        "assessment.pregnancy_weeks: is given but 'pregnancy' is not among the conditions",
    ),
    (
        {"assessment.consent_date": "2026-11-21"},
        "assessment.consent_date: 2026-11-21 is after the assessment date 2026-11-20",
    ),
    (
        {"plan.acupoints[0].code": "GB45"},
        "plan.acupoints[0].code: 'GB45' is not an acupoint: GB has 44 points",
    ),
    (
        {"plan.acupoints[1]": {"code": "GB21", "side": "both"}},
        "plan.acupoints[1]: GB21 (both) is already planned as plan.acupoints[0] (right)",
    ),
    (
        {"plan.acupoints[0].code": "GB21\n"},
        "plan.acupoints[0].code: 'GB21\\n' is not an acupoint code (like GB21 or EX-B2); "
        "did you mean 'GB21'?",
    ),
    (
        {"plan.acupoints[0].technique": "electro"},
        "plan.acupoints[0].technique: is 'electro' but plan.electro is false",
    ),
    (
        {"plan.overrides": [{"rule": "pregnancy-point", "target": "GB21", "reason": "  "}]},
        "plan.overrides[0].reason: is required",
    ),
    (
        {"plan.preferred_days": ["wed", "sat"]},
        "plan.preferred_days[1]: 'sat' is not a clinic day (the clinic is open mon, wed, fri)",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), DOMAIN_CASES)
def test_domain_problems_after_the_schema(changes: dict[str, Any], expected: str) -> None:
    assert problems_of(changed(EXAMPLE, changes)) == [expected]


def test_every_problem_is_listed_in_document_order() -> None:
    doc = changed(
        EXAMPLE,
        {
            "plan.session_minutes": 2,
            "patient.name": DELETE,
            "patient.nickname": "Ani",
            "assessment.pain.now": 11,
            "assessment.conditions": ["pregnant", "diabetes", "diabetes"],
        },
    )
    assert problems_of(doc) == [
        "patient.nickname: is not a known field; did you mean 'name'?",
        "patient.name: is required",
        "assessment.pain.now: 11 is above the maximum of 10",
        "assessment.conditions[0]: 'pregnant' is not a known condition; did you mean "
        "'pregnancy'? (known: pregnancy, anticoagulants, bleeding-disorder, pacemaker, "
        "implanted-device, epilepsy, ...)",
        "assessment.conditions[2]: 'diabetes' is listed twice",
        "plan.session_minutes: 2 is below the minimum of 5",
    ]


def test_every_domain_problem_is_listed() -> None:
    doc = changed(
        EXAMPLE,
        {
            "patient.birth_date": "2031-01-01",
            "assessment.pain.best": 9,
            "plan.acupoints[0].code": "GV14",
        },
    )
    assert problems_of(doc) == [
        "patient.birth_date: 2031-01-01 is in the future",
        "assessment.pain.best: 9 is above the worst pain of 8",
        "plan.acupoints[0].side: GV14 lies on the midline; use 'midline', not 'right'",
    ]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ([], "expected an object, got a list"),
        ("text", "expected an object, got text ('text')"),
        (None, "expected an object, got null"),
        ({}, "format: is required"),
    ],
)
def test_not_a_document(doc: object, expected: str) -> None:
    assert problems_of(doc)[0] == expected


def test_known_target_checks_the_plan_against_the_catalog() -> None:
    catalog = {"GB21", "TP:levator-scapulae"}
    assert problems_of(EXAMPLE, known_target=catalog.__contains__) == [
        "plan.acupoints[1].code: 'SI3' is not in the reference library"
    ]


def test_messages_never_leak_jsonschema_wording() -> None:
    doc = changed(
        EXAMPLE,
        {
            "format": "x",
            "patient.name": "x" * 201,
            "patient.sex": "F",
            "patient.extra": 1,
            "assessment.date": DELETE,
            "assessment.pain.now": "6",
            "assessment.conditions": ["pregnant"],
            "plan.acupoints[0].code": "gb21",
            "plan.clinic_days": ["mon", "mon"],
        },
    )
    problems = problems_of(doc)
    assert len(problems) == 9
    text = "\n".join(problems)
    for phrase in (
        "is a required property",
        "is not one of",
        "Additional properties",
        "is not of type",
        "is too long",
        "does not match",
        "non-unique",
        "was expected",
    ):
        assert phrase not in text


def test_a_validation_error_is_a_domain_error() -> None:
    with pytest.raises(DomainError, match=re.escape("patient.name: is required")):
        case_from_dict(patient_only(""), today=TODAY)


# --- case_to_dict ---------------------------------------------------------------------------


def test_case_to_dict_leaves_out_a_missing_assessment_and_plan() -> None:
    assert case_to_dict(Case(Patient("Ana López"))) == {
        "format": "needleplan-case/1",
        "patient": {"name": "Ana López", "sex": "unknown"},
    }


def test_case_to_dict_keeps_an_empty_plan() -> None:
    doc = case_to_dict(Case(Patient("Ana"), Assessment(date=TODAY), Plan()))
    assert doc["assessment"]["date"] == "2026-11-20"
    assert doc["plan"]["session_minutes"] == 30
    assert case_from_dict(doc, today=TODAY) == Case(Patient("Ana"), Assessment(date=TODAY), Plan())


def test_the_example_round_trips_to_an_equivalent_document() -> None:
    case = case_from_dict(EXAMPLE, today=TODAY)
    doc = case_to_dict(case)
    assert doc["plan"]["acupoints"] == EXAMPLE["plan"]["acupoints"]
    assert doc["patient"] == EXAMPLE["patient"]
    assert {k: v for k, v in doc["assessment"].items() if k in EXAMPLE["assessment"]} == EXAMPLE[
        "assessment"
    ]
    assert json.loads(json.dumps(doc)) == doc  # plain JSON types only
    assert case_from_dict(doc, today=TODAY) == case


def test_the_course_planner_inputs_round_trip() -> None:
    doc = changed(
        EXAMPLE,
        {
            "plan.preferred_days": ["wed", "fri"],
            "plan.skip_dates": ["2026-12-25", "2027-01-01"],
            "plan.nice_cap": True,
        },
    )
    case = case_from_dict(doc, today=TODAY)
    assert case.plan is not None
    assert case.plan.preferred_days == ("wed", "fri")
    assert case.plan.skip_dates == (date(2026, 12, 25), date(2027, 1, 1))
    assert case.plan.nice_cap
    assert case_to_dict(case)["plan"] == doc["plan"]
    assert case_from_dict(case_to_dict(case), today=TODAY) == case


def test_a_plan_without_course_planner_inputs_is_written_as_before() -> None:
    case = case_from_dict(EXAMPLE, today=TODAY)
    assert case.plan is not None
    # No nice_cap: the plan does not say, so the clinic's default applies.
    assert (case.plan.preferred_days, case.plan.skip_dates, case.plan.nice_cap) == ((), (), None)
    written = case_to_dict(case)["plan"]
    assert not {"preferred_days", "skip_dates", "nice_cap"} & set(written)


@pytest.mark.parametrize("cap", [True, False])
def test_a_plan_that_says_no_cap_keeps_saying_it(cap: bool) -> None:
    case = case_from_dict(changed(EXAMPLE, {"plan.nice_cap": cap}), today=TODAY)
    assert case.plan is not None
    assert case.plan.nice_cap is cap
    assert case_to_dict(case)["plan"]["nice_cap"] is cap
    assert case_from_dict(case_to_dict(case), today=TODAY) == case
