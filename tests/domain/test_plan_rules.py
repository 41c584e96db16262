"""plan_problems and acupoint_code_problem."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.domain.plan import (
    AcupointTarget,
    Override,
    Plan,
    TriggerPointTarget,
    acupoint_code_problem,
    plan_problems,
)
from planner.domain.vocab import Modality, Side, Technique

GOOD = Plan(
    modality=Modality.ACUPUNCTURE,
    electro=True,
    acupoints=(
        AcupointTarget("GB21", Side.RIGHT, retention_minutes=20),
        AcupointTarget("SI3", Side.BOTH, Technique.ELECTRO),
        AcupointTarget("GV14", Side.MIDLINE),
        AcupointTarget("EX-B2", Side.LEFT),
        AcupointTarget("GB21", Side.LEFT),
    ),
    trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
    session_minutes=30,
    start_date=date(2026, 11, 24),
    clinic_days=("mon", "wed", "fri"),
    overrides=(Override("pregnancy-point", "GB21", "Third trimester, agreed with midwife"),),
)


def messages(p: Plan, **kwargs: object) -> list[str]:
    return [str(problem) for problem in plan_problems(p, **kwargs)]  # type: ignore[arg-type]


def test_a_sound_plan_has_no_problems() -> None:
    assert messages(GOOD) == []
    assert messages(Plan()) == []
    calendar = replace(
        GOOD, preferred_days=("fri", "mon"), skip_dates=(date(2026, 12, 25),), nice_cap=True
    )
    assert messages(calendar) == []
    # Before the clinic days are set, any weekday may be preferred.
    assert messages(Plan(preferred_days=("sat",))) == []


def point(code: str, side: str = Side.BOTH, **kwargs: object) -> tuple[AcupointTarget, ...]:
    return (AcupointTarget(code, side, **kwargs),)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"session_minutes": 4}, "plan.session_minutes: 4 is below the minimum of 5"),
        ({"session_minutes": 181}, "plan.session_minutes: 181 is above the maximum of 180"),
        (
            {"clinic_days": ("mon", "monday")},
            "plan.clinic_days[1]: 'monday' is not a known weekday; did you mean 'mon'? "
            "(known: mon, tue, wed, thu, fri, sat, ...)",
        ),
        ({"clinic_days": ("mon", "mon")}, "plan.clinic_days[1]: 'mon' is listed twice"),
        (
            {"preferred_days": ("wed", "someday")},
            "plan.preferred_days[1]: 'someday' is not a known weekday (known: mon, tue, wed, thu, "
            "fri, sat, ...)",
        ),
        ({"preferred_days": ("wed", "wed")}, "plan.preferred_days[1]: 'wed' is listed twice"),
        (
            {"preferred_days": ("wed", "sat")},
            "plan.preferred_days[1]: 'sat' is not a clinic day (the clinic is open mon, wed, fri)",
        ),
        (
            {"skip_dates": (date(2026, 12, 25), date(2027, 1, 1), date(2026, 12, 25))},
            "plan.skip_dates[2]: '2026-12-25' is listed twice",
        ),
        (
            {"modality": "cupping"},
            "plan.modality: 'cupping' is not a known modality (known: acupuncture, dry-needling)",
        ),
        (
            {"acupoints": point("gb21")},
            "plan.acupoints[0].code: 'gb21' is not an acupoint code (like GB21 or EX-B2); "
            "did you mean 'GB21'?",
        ),
        (
            {"acupoints": point("Fengchi")},
            "plan.acupoints[0].code: 'Fengchi' is not an acupoint code (like GB21 or EX-B2)",
        ),
        (
            {"acupoints": point("GB45")},
            "plan.acupoints[0].code: 'GB45' is not an acupoint: GB has 44 points",
        ),
        (
            {"acupoints": point("LU12")},
            "plan.acupoints[0].code: 'LU12' is not an acupoint: LU has 11 points",
        ),
        (
            {"acupoints": point("GV14", Side.LEFT)},
            "plan.acupoints[0].side: GV14 lies on the midline; use 'midline', not 'left'",
        ),
        (
            {"acupoints": point("GB21", Side.MIDLINE)},
            "plan.acupoints[0].side: GB21 is a bilateral point; use 'left', 'right' or 'both', "
            "not 'midline'",
        ),
        (
            {"acupoints": point("GB21", "up")},
            "plan.acupoints[0].side: 'up' is not a known side (known: left, right, both, midline)",
        ),
        (
            {"acupoints": point("GB21", technique="laser")},
            "plan.acupoints[0].technique: 'laser' is not a known technique "
            "(known: manual, electro)",
        ),
        (
            {"electro": False, "acupoints": point("GB21", technique=Technique.ELECTRO)},
            "plan.acupoints[0].technique: is 'electro' but plan.electro is false",
        ),
        (
            {"acupoints": point("GB21", retention_minutes=0)},
            "plan.acupoints[0].retention_minutes: 0 is below the minimum of 1",
        ),
        (
            {"acupoints": point("GB21", retention_minutes=121), "session_minutes": 180},
            "plan.acupoints[0].retention_minutes: 121 is above the maximum of 120",
        ),
        (
            {"acupoints": point("GB21", retention_minutes=40)},
            "plan.acupoints[0].retention_minutes: 40 is longer than the 30-minute session",
        ),
        (
            {"acupoints": point("GB21", notes="x" * 1001)},
            "plan.acupoints[0].notes: is longer than 1000 characters",
        ),
        (
            {"acupoints": (AcupointTarget("GB21", Side.RIGHT), AcupointTarget("GB21", Side.RIGHT))},
            "plan.acupoints[1]: GB21 (right) is already planned as plan.acupoints[0] (right)",
        ),
        (
            {"acupoints": (AcupointTarget("GB21", Side.LEFT), AcupointTarget("GB21", Side.BOTH))},
            "plan.acupoints[1]: GB21 (both) is already planned as plan.acupoints[0] (left)",
        ),
        (
            {"trigger_points": (TriggerPointTarget("Levator Scapulae"),)},
            "plan.trigger_points[0].muscle: 'Levator Scapulae' is not a muscle id (like "
            "levator-scapulae or upper-trapezius); did you mean 'levator-scapulae'?",
        ),
        (
            {
                "trigger_points": (
                    TriggerPointTarget("upper-trapezius", Side.BOTH),
                    TriggerPointTarget("upper-trapezius", Side.RIGHT),
                )
            },
            "plan.trigger_points[1]: upper-trapezius (right) is already planned as "
            "plan.trigger_points[0] (both)",
        ),
        (
            {"trigger_points": (TriggerPointTarget("scalenes", Side.LEFT, "heat"),)},
            "plan.trigger_points[0].technique: 'heat' is not a known technique (known: manual, "
            "electro)",
        ),
        (
            {"overrides": (Override("pregnancy-point", "GB21", "  "),)},
            "plan.overrides[0].reason: is required",
        ),
        ({"overrides": (Override("", "GB21", "why"),)}, "plan.overrides[0].rule: is required"),
        (
            {"overrides": (Override("Pregnancy Point", "GB21", "why"),)},
            "plan.overrides[0].rule: 'Pregnancy Point' is not a rule id (like pregnancy-point); "
            "did you mean 'pregnancy-point'?",
        ),
        (
            {"overrides": (Override("pregnancy-point", "", "why"),)},
            "plan.overrides[0].target: is required",
        ),
        (
            {"overrides": (Override("pregnancy-point", "gb21", "why"),)},
            "plan.overrides[0].target: 'gb21' is not an override target (like GB21 or "
            "TP:levator-scapulae or electro); did you mean 'GB21'?",
        ),
        (
            {"overrides": (Override("pregnancy-point", "GB21", "x" * 2001),)},
            "plan.overrides[0].reason: is longer than 2000 characters",
        ),
    ],
)
def test_each_rule_names_its_field(changes: dict[str, object], expected: str) -> None:
    assert messages(replace(GOOD, **changes)) == [expected]  # type: ignore[arg-type]


def test_left_and_right_of_one_point_are_not_a_duplicate() -> None:
    plan = replace(
        GOOD, acupoints=(AcupointTarget("GB21", Side.LEFT), AcupointTarget("GB21", Side.RIGHT))
    )
    assert messages(plan) == []


def test_both_on_a_midline_point_is_accepted() -> None:
    assert messages(replace(GOOD, acupoints=point("GV14", Side.BOTH))) == []


def test_known_target_is_asked_about_codes_and_tp_ids() -> None:
    asked: list[str] = []

    def known(target: str) -> bool:
        asked.append(target)
        return target not in {"EX-B2", "TP:levator-scapulae"}

    assert messages(GOOD, known_target=known) == [
        "plan.acupoints[3].code: 'EX-B2' is not in the reference library",
        "plan.trigger_points[0].muscle: 'levator-scapulae' is not in the reference library",
    ]
    assert asked == ["GB21", "SI3", "GV14", "EX-B2", "GB21", "TP:levator-scapulae"]


def test_known_target_is_not_asked_about_a_malformed_code() -> None:
    asked: list[str] = []
    plan = replace(GOOD, acupoints=point("gb21"), trigger_points=())
    messages(plan, known_target=lambda t: asked.append(t) is None)
    assert asked == []


def test_the_prefix_is_the_callers() -> None:
    problems = plan_problems(replace(GOOD, session_minutes=1), prefix="")
    assert [p.field for p in problems] == ["session_minutes"]


@pytest.mark.parametrize(
    "code", ["LU1", "LU11", "BL67", "GV28", "CV24", "ST45", "EX-B2", "EX-HN15", "EX-UE8"]
)
def test_well_formed_codes(code: str) -> None:
    assert acupoint_code_problem(code) is None


@pytest.mark.parametrize(
    "code", ["", "GB0", "GB01", "GB", "XX1", "EX-B", "EX-b2", "GB21 ", "GB21\n"]
)
def test_malformed_codes(code: str) -> None:
    problem = acupoint_code_problem(code)
    assert problem is not None
    assert problem.startswith(f"{code!r} is not an acupoint code")
