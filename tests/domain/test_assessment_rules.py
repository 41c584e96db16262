"""assessment_problems, chronicity, ndi_band and psfs_mean."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.domain.assessment import (
    Assessment,
    PainRegion,
    PainScores,
    PsfsItem,
    assessment_problems,
    chronicity,
    ndi_band,
    psfs_mean,
)

TODAY = date(2026, 11, 20)

GOOD = Assessment(
    date=date(2026, 11, 20),
    complaint="Right-sided neck pain",
    onset_date=date(2026, 8, 1),
    pain=PainScores(now=6, best=3, worst=8),
    ndi_total=18,
    psfs=(PsfsItem("Turning head while driving", 4), PsfsItem("Reading", 6)),
    pain_regions=(PainRegion("neck-right", 6), PainRegion("head", 2)),
    conditions=("pregnancy", "anticoagulants"),
    pregnancy_weeks=20,
    red_flags=("night-pain",),
    consent_date=date(2026, 11, 20),
)


def messages(a: Assessment) -> list[str]:
    return [str(p) for p in assessment_problems(a, today=TODAY)]


def test_a_sound_assessment_has_no_problems() -> None:
    assert messages(GOOD) == []


def test_a_bare_assessment_has_no_problems() -> None:
    assert messages(Assessment(date=TODAY)) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": date(2026, 11, 21)}, "assessment.date: 2026-11-21 is in the future"),
        (
            {"onset_date": date(2026, 12, 1)},
            "assessment.onset_date: 2026-12-01 is after the assessment date 2026-11-20",
        ),
        (
            {"consent_date": date(2026, 11, 21)},
            "assessment.consent_date: 2026-11-21 is after the assessment date 2026-11-20",
        ),
        ({"pain": PainScores(now=11)}, "assessment.pain.now: 11 is above the maximum of 10"),
        ({"pain": PainScores(best=-1)}, "assessment.pain.best: -1 is below the minimum of 0"),
        ({"pain": PainScores(worst=12)}, "assessment.pain.worst: 12 is above the maximum of 10"),
        (
            {"pain": PainScores(best=7, worst=5)},
            "assessment.pain.best: 7 is above the worst pain of 5",
        ),
        ({"ndi_total": 51}, "assessment.ndi_total: 51 is above the maximum of 50"),
        ({"ndi_total": -2}, "assessment.ndi_total: -2 is below the minimum of 0"),
        (
            {"psfs": tuple(PsfsItem(f"activity {i}", 5) for i in range(6))},
            "assessment.psfs: has 6 items; at most 5 are allowed",
        ),
        ({"psfs": (PsfsItem("  ", 5),)}, "assessment.psfs[0].activity: is required"),
        (
            {"psfs": (PsfsItem("Driving", 5), PsfsItem(" driving ", 3))},
            "assessment.psfs[1].activity: ' driving ' is listed twice",
        ),
        (
            {"psfs": (PsfsItem("x" * 201, 5),)},
            "assessment.psfs[0].activity: is longer than 200 characters",
        ),
        (
            {"psfs": (PsfsItem("Driving", 11),)},
            "assessment.psfs[0].score: 11 is above the maximum of 10",
        ),
        (
            {"pain_regions": (PainRegion("knee", 3),)},
            "assessment.pain_regions[0].region: 'knee' is not a known region (known: head, "
            "neck-left, neck-right, upper-back-left, upper-back-right, shoulder-left, ...)",
        ),
        (
            {"pain_regions": (PainRegion("neck-left", 3), PainRegion("neck-left", 4))},
            "assessment.pain_regions[1].region: 'neck-left' is listed twice",
        ),
        (
            {"pain_regions": (PainRegion("neck-left", 11),)},
            "assessment.pain_regions[0].intensity: 11 is above the maximum of 10",
        ),
        (
            {"conditions": ("pregnancy", "pregnant")},
            "assessment.conditions[1]: 'pregnant' is not a known condition; did you mean "
            "'pregnancy'? (known: pregnancy, anticoagulants, bleeding-disorder, pacemaker, "
            "implanted-device, epilepsy, ...)",
        ),
        (
            {"conditions": ("pregnancy", "diabetes", "diabetes")},
            "assessment.conditions[2]: 'diabetes' is listed twice",
        ),
        (
            {"red_flags": ("fevre",)},
            "assessment.red_flags[0]: 'fevre' is not a known red flag; did you mean 'fever'? "
            "(known: trauma, fever, unexplained-weight-loss, cancer-history, night-pain, "
            "progressive-neurological-deficit, ...)",
        ),
        ({"red_flags": ("fever", "fever")}, "assessment.red_flags[1]: 'fever' is listed twice"),
        ({"pregnancy_weeks": 46}, "assessment.pregnancy_weeks: 46 is above the maximum of 45"),
        (
            {"conditions": ("anticoagulants",)},
            "assessment.pregnancy_weeks: is given but 'pregnancy' is not among the conditions",
        ),
        ({"complaint": "x" * 501}, "assessment.complaint: is longer than 500 characters"),
        ({"medications": "x" * 2001}, "assessment.medications: is longer than 2000 characters"),
        ({"notes": "x" * 10_001}, "assessment.notes: is longer than 10000 characters"),
    ],
)
def test_each_rule_names_its_field(changes: dict[str, object], expected: str) -> None:
    assert messages(replace(GOOD, **changes)) == [expected]  # type: ignore[arg-type]


def test_every_problem_is_reported_not_just_the_first() -> None:
    bad = replace(
        GOOD,
        date=date(2026, 12, 24),
        pain=PainScores(now=11, best=9, worst=4),
        ndi_total=60,
    )
    assert messages(bad) == [
        "assessment.date: 2026-12-24 is in the future",
        "assessment.pain.now: 11 is above the maximum of 10",
        "assessment.pain.best: 9 is above the worst pain of 4",
        "assessment.ndi_total: 60 is above the maximum of 50",
    ]


def test_the_prefix_is_the_callers() -> None:
    problems = assessment_problems(replace(GOOD, ndi_total=51), today=TODAY, prefix="")
    assert [p.field for p in problems] == ["ndi_total"]


def test_boundaries_are_allowed() -> None:
    edge = replace(
        GOOD,
        pain=PainScores(now=0, best=10, worst=10),
        ndi_total=50,
        pregnancy_weeks=45,
        psfs=tuple(PsfsItem(f"activity {i}", s) for i, s in enumerate((0, 10, 5, 5, 5))),
        onset_date=GOOD.date,
    )
    assert messages(edge) == []


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "acute"),
        (41, "acute"),
        (42, "subacute"),
        (83, "subacute"),
        (84, "chronic"),
        (900, "chronic"),
    ],
)
def test_chronicity_by_weeks_since_onset(days: int, expected: str) -> None:
    onset = date(2026, 1, 1)
    assert chronicity(onset, date.fromordinal(onset.toordinal() + days)) == expected


def test_chronicity_refuses_an_onset_after_the_day() -> None:
    with pytest.raises(ValueError, match="after"):
        chronicity(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_ndi_bands_follow_vernon_and_mior(total: int, band: str) -> None:
    assert ndi_band(total) == band


@pytest.mark.parametrize("total", [-1, 51])
def test_ndi_band_refuses_totals_outside_0_to_50(total: int) -> None:
    with pytest.raises(ValueError, match="outside 0-50"):
        ndi_band(total)


def test_psfs_mean_is_the_mean_of_the_scores() -> None:
    assert psfs_mean([PsfsItem("a", 4), PsfsItem("b", 3), PsfsItem("c", 8)]) == 5.0
    assert psfs_mean([PsfsItem("a", 3), PsfsItem("b", 4)]) == 3.5


def test_psfs_mean_of_nothing_is_none() -> None:
    assert psfs_mean([]) is None
