"""The summary's words: dates, pain, the course position, red flags, events and targets."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.assessment import Assessment
from planner.domain.catalog import Catalog
from planner.domain.course.position import CoursePosition
from planner.domain.findings import Finding, Severity
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit
from planner.domain.vocab import Side
from planner.ui.patients.plan_text import plan_heading, target_lines
from planner.ui.patients.sections import Line
from planner.ui.patients.summary_text import (
    ago_text,
    course_lines,
    day_text,
    health_lines,
    last_visit_lines,
    pain_text,
    red_flag_name,
)
from tests.ui.conftest import screening_without_positions

TODAY = date(2026, 12, 3)  # a Thursday


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_human_dates() -> None:
    assert day_text(date(2026, 12, 15), TODAY) == "Tue 15 Dec"
    assert day_text(date(2027, 1, 5), TODAY) == "Tue 5 Jan 2027"
    assert [ago_text(date(2026, 12, d), TODAY) for d in (3, 2, 1)] == [
        "today",
        "yesterday",
        "2 days ago",
    ]
    assert ago_text(date(2026, 11, 5), TODAY) == "4 weeks ago"
    assert ago_text(date(2026, 6, 1), TODAY) == "6 months ago"


def test_pain_before_and_after() -> None:
    assert pain_text(6, 3) == "Pain 6/10 before needling, 3/10 after (3 less)"
    assert pain_text(4, 5) == "Pain 4/10 before needling, 5/10 after (1 more)"
    assert pain_text(4, 4) == "Pain 4/10 before needling, 4/10 after (no change)"
    assert pain_text(6, None) == "Pain 6/10 before needling; after not recorded"
    assert pain_text(None, 2) == "Pain 2/10 after needling; before not recorded"
    assert pain_text(None, None) == "Pain before and after not recorded"


def position(**changes: object) -> CoursePosition:
    base: dict[str, object] = {
        "total": 8,
        "held": 2,
        "held_today": False,
        "last_held": date(2026, 12, 1),
        "next_session": 3,
        "next_date": date(2026, 12, 15),
        "next_is_review": False,
    }
    return CoursePosition(**(base | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ["Session 3 of 8, next Tue 15 Dec", "2 held; reviews at sessions 4 and 8"]),
        (
            {"held": 0, "last_held": None, "next_session": 1},
            ["Session 1 of 8, next Tue 15 Dec", "No session held yet; reviews at sessions 4 and 8"],
        ),
        (
            {"next_date": TODAY},
            ["Session 3 of 8, today", "2 held; reviews at sessions 4 and 8"],
        ),
        (
            {
                "held": 3,
                "held_today": True,
                "last_held": TODAY,
                "next_session": 4,
                "next_is_review": True,
            },
            [
                "Session 3 of 8 today; next Tue 15 Dec",
                "Reviews at sessions 4 and 8",
                "Session 4 is a review: reassess pain and function.",
            ],
        ),
        (
            {"next_date": date(2026, 11, 27)},
            [
                "Session 3 of 8, next Fri 27 Nov",
                "Session 3 was planned for Fri 27 Nov: the dates are behind. "
                "Move them on the Course step if needed.",
                "2 held; reviews at sessions 4 and 8",
            ],
        ),
        (
            {"held": 8, "next_session": None, "next_date": None},
            ["All 8 sessions held, the last Tue 1 Dec", "Review the outcome and decide what next."],
        ),
        (
            {"held": 9, "next_session": None, "next_date": None},
            [
                "9 visits since the course started: 8 were planned",
                "Review the outcome and decide what next.",
            ],
        ),
    ],
)
def test_the_course_in_words(changes: dict[str, object], expected: list[str]) -> None:
    p = position(**changes)
    assert texts(course_lines(p, (4, 8), TODAY)) == expected


def test_a_missed_session_is_a_warning() -> None:
    lines = course_lines(position(next_date=date(2026, 11, 27)), (4, 8), TODAY)
    assert [line.tone for line in lines] == ["plain", "warn", "quiet"]


def test_red_flag_names() -> None:
    ticked = Finding("red-flag-night-pain", Severity.REFER, (), "Red flag: pain at night. X", "s")
    derived = Finding(
        "age-onset-derived",
        Severity.REFER,
        (),
        "Red flag, from the birth date: this pain began at age 61, and new neck pain needs it. "
        "Refer.",
        "s",
    )
    drawing = Finding(
        "pain-drawing-chest", Severity.REFER, (), "The pain drawing includes the chest. X", "s"
    )
    assert red_flag_name(ticked) == "Night pain"
    assert red_flag_name(derived) == "This pain began at age 61"
    assert red_flag_name(drawing) == "The pain drawing includes the chest"


def test_health_record_lines() -> None:
    a = Assessment(TODAY, conditions=("pregnancy", "pacemaker"), pregnancy_weeks=20)
    assert texts(health_lines(a)) == ["Pregnancy, 20 weeks at the assessment", "Pacemaker"]
    assert texts(health_lines(Assessment(TODAY))) == ["No conditions or medications recorded."]
    assert health_lines(None)[0].tone == "quiet"


def test_the_last_visit_and_its_adverse_events() -> None:
    older = Visit(date(2026, 11, 20), nprs_before=7, nprs_after=5, id=1)
    bruise = AdverseEvent(AdverseEventKind.BRUISE, "Small bruise at GB21")
    lung = AdverseEvent(AdverseEventKind.SUSPECTED_PNEUMOTHORAX, follow_up="Sent to A&E")
    last = Visit(date(2026, 12, 1), nprs_before=5, nprs_after=2, adverse_events=(bruise, lung))
    lines = last_visit_lines([last, older], TODAY)
    assert texts(lines) == [
        "Tue 1 Dec (2 days ago)",
        "Pain 5/10 before needling, 2/10 after (3 less)",
        "Adverse event: Bruise (Small bruise at GB21)",
        "Adverse event: Suspected pneumothorax",
    ]
    assert [line.tone for line in lines[2:]] == ["plain", "warn"]
    assert lines[3].tip == "Sent to A&E"
    assert texts(last_visit_lines([], TODAY)) == ["No visits yet."]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return screening_without_positions().catalog


def test_targets_with_a_standing_block_an_override_and_a_patient_wide_caution(
    catalog: Catalog,
) -> None:
    plan = Plan(
        acupoints=(AcupointTarget("LI4", Side.BOTH), AcupointTarget("GB21", Side.LEFT)),
        trigger_points=(TriggerPointTarget("upper-trapezius", Side.RIGHT),),
    )
    everything = ("LI4", "GB21", "TP:upper-trapezius")
    findings = [
        Finding("anticoagulants", Severity.CAUTION, everything, "Anticoagulants: care.", "s"),
        Finding("pregnancy-point", Severity.BLOCK, ("LI4",), "Pregnancy: avoid LI4.", "s"),
        Finding("lung-risk", Severity.CAUTION, ("GB21",), "Pneumothorax risk at GB21.", "s"),
        Finding(
            "lymphoedema-right-arm",
            Severity.BLOCK,
            ("TP:upper-trapezius",),
            "Lymphoedema of the right arm: no.",
            "s",
            overridden_by="Discussed; the patient agrees",
        ),
    ]
    lines = target_lines(plan, findings, catalog)
    assert texts(lines) == [
        "LI4 Hégǔ · both sides: do not use (advised against in pregnancy)",
        "GB21 Jiānjǐng · left: caution, pneumothorax risk",
        "Upper trapezius trigger points · right: block overridden (lymphoedema, right arm)",
    ]
    assert [line.tone for line in lines] == ["warn", "plain", "plain"]
    assert lines[0].tip == "Pregnancy: avoid LI4."
    assert texts(target_lines(None, [], catalog)) == [
        "No targets planned yet: choose them on the Points step."
    ]


def test_plan_heading() -> None:
    assert plan_heading(Plan(session_minutes=45, electro=True)) == (
        "Acupuncture, with electroacupuncture, 45-minute sessions"
    )
    assert plan_heading(None) == ""


def test_a_block_is_shown_even_when_it_covers_the_whole_plan(catalog: Catalog) -> None:
    """Found in review: a one-target plan, a condition block on every target, or the electro
    block were filtered out as 'the patient's' and shown nowhere."""
    one = Plan(acupoints=(AcupointTarget("LI4", Side.RIGHT),))
    pregnancy = Finding("pregnancy-point", Severity.BLOCK, ("LI4",), "Pregnancy: avoid LI4.", "s")
    assert texts(target_lines(one, [pregnancy], catalog)) == [
        "LI4 Hégǔ · right: do not use (advised against in pregnancy)"
    ]
    two = Plan(acupoints=(AcupointTarget("LI4", Side.RIGHT), AcupointTarget("SI3", Side.BOTH)))
    bleeding = Finding(
        "bleeding-disorder", Severity.BLOCK, ("LI4", "SI3"), "Bleeding disorder: no.", "s"
    )
    lines = target_lines(two, [bleeding], catalog)
    assert [line.tone for line in lines] == ["warn", "warn"]
    assert all("do not use" in line.text for line in lines)
    electro = Plan(acupoints=(AcupointTarget("SI3", Side.BOTH),), electro=True)
    pacemaker = Finding(
        "pacemaker-electro", Severity.BLOCK, ("electro",), "Pacemaker: no electro.", "s"
    )
    lines = target_lines(electro, [pacemaker], catalog)
    assert lines[-1].tone == "warn"
    assert lines[-1].text.startswith("The plan as a whole: do not use")
