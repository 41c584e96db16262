"""A visit's own rules: dates, NPRS 0-10, targets, and adverse events with their follow-up."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.errors import ValidationError
from planner.domain.visit import (
    ADVERSE_EVENTS,
    AdverseEvent,
    AdverseEventKind,
    Visit,
    VisitTarget,
    validate_visit,
    visit_problems,
)
from planner.domain.vocab import Side

TODAY = date(2026, 11, 21)
GOOD = Visit(
    date=TODAY,
    targets=(VisitTarget("GB21", Side.RIGHT), VisitTarget("TP:upper-trapezius", Side.LEFT)),
    nprs_before=6,
    nprs_after=3,
)


def test_the_vocabulary_is_the_briefs() -> None:
    assert ADVERSE_EVENTS == (
        "bruise", "bleeding", "prolonged-soreness", "fainting", "nausea", "stuck-needle",
        "burn", "suspected-pneumothorax", "other",
    )  # fmt: skip


def test_a_good_visit_has_no_problems() -> None:
    assert visit_problems(GOOD, today=TODAY) == []


@pytest.mark.parametrize(
    ("visit", "expected"),
    [
        (Visit(date=date(2026, 11, 22)), "date: 2026-11-22 is in the future"),
        (Visit(date=TODAY, nprs_before=11), "nprs_before: 11 is above the maximum of 10"),
        (Visit(date=TODAY, nprs_after=-1), "nprs_after: -1 is below the minimum of 0"),
        (
            Visit(date=TODAY, targets=(VisitTarget("gb21"),)),
            "targets[0].target: 'gb21' is not an acupoint code or TP:<muscle>",
        ),
        (
            Visit(date=TODAY, targets=(VisitTarget("SI3"), VisitTarget("SI3"))),
            "targets[1]: 'SI3 (both)' is listed twice",
        ),
        (
            Visit(
                date=TODAY,
                adverse_events=(
                    AdverseEvent(AdverseEventKind.SUSPECTED_PNEUMOTHORAX, "short of breath"),
                ),
            ),
            "adverse_events[0].follow_up: is required for a suspected pneumothorax",
        ),
        (
            Visit(date=TODAY, adverse_events=(AdverseEvent(AdverseEventKind.OTHER),)),
            "adverse_events[0].description: is required for 'other'",
        ),
        (
            Visit(date=TODAY, adverse_events=(AdverseEvent("faint"),)),  # type: ignore[arg-type]
            "adverse_events[0].kind: 'faint' is not a known adverse event; did you mean "
            "'fainting'?",
        ),
        (Visit(date=TODAY, subjective="x" * 10_001), "subjective: is longer than 10000 characters"),
    ],
)
def test_rules_name_the_field(visit: Visit, expected: str) -> None:
    assert any(str(p).startswith(expected) for p in visit_problems(visit, today=TODAY))


def test_a_pneumothorax_with_its_follow_up_is_fine() -> None:
    event = AdverseEvent(
        AdverseEventKind.SUSPECTED_PNEUMOTHORAX,
        "Short of breath an hour later",
        "Sent to the emergency department; called the next day",
    )
    assert visit_problems(Visit(date=TODAY, adverse_events=(event,)), today=TODAY) == []


def test_validate_trims_notes_and_raises_every_problem() -> None:
    clean = validate_visit(Visit(date=TODAY, subjective="  better  "), today=TODAY)
    assert clean.subjective == "better"
    blank = AdverseEvent(AdverseEventKind.SUSPECTED_PNEUMOTHORAX, follow_up="   ")
    with pytest.raises(ValidationError) as caught:
        validate_visit(Visit(date=TODAY, nprs_before=12, adverse_events=(blank,)), today=TODAY)
    assert [p.field for p in caught.value.problems] == [
        "nprs_before",
        "adverse_events[0].follow_up",
    ]
