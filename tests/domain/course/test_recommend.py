"""The course planner against REFERENCE.md section 6's defaults, and the calendar's rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.assessment import Assessment, Chronicity, PainScores
from planner.domain.case import Case
from planner.domain.course.defaults import NICE_CAP_MINUTES
from planner.domain.course.for_case import (
    course_for_case,
    course_with_response,
    responses_at_reviews,
)
from planner.domain.course.overridden import apply_override
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.course.phases import compress, fit_phases
from planner.domain.course.recommend import recommend_course
from planner.domain.course.recommendation import CourseRecommendation, CourseRequest
from planner.domain.course.schedule import allowed_days, schedule, session_limits, week_of
from planner.domain.errors import ValidationError
from planner.domain.findings import Finding, Severity
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan
from planner.domain.visit import Visit
from planner.domain.vocab import WEEKDAYS, Modality

ACU, DN = Modality.ACUPUNCTURE, Modality.DRY_NEEDLING
TUESDAY = date(2026, 11, 24)  # the ARCHITECTURE.md example's start date
MWF = ("mon", "wed", "fri")


def _request(
    chron: Chronicity = "chronic", modality: Modality = ACU, **changes: object
) -> CourseRequest:
    base = CourseRequest(chronicity=chron, start_date=TUESDAY, clinic_days=MWF, modality=modality)
    return replace(base, **changes)  # type: ignore[arg-type]


def _shape(c: CourseRecommendation) -> tuple[int, int, int, list[tuple[int, int]], list[int]]:
    return (
        c.sessions,
        c.min_sessions,
        c.max_sessions,
        [(p.weeks, p.per_week) for p in c.phases],
        list(c.reviews_after),
    )


# --- the documented defaults ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("chron", "modality", "expected"),
    [
        # chronic acupuncture: 10 (8-12), twice a week for 2 weeks then weekly; 3, 6, end.
        ("chronic", ACU, (10, 8, 12, [(2, 2), (6, 1)], [3, 6, 10])),
        # subacute 6-8; acute 3-6 with a review after 3.
        ("subacute", ACU, (7, 6, 8, [(2, 2), (3, 1)], [3, 6, 7])),
        ("acute", ACU, (4, 3, 6, [(2, 2)], [3, 4])),
        # dry needling: weekly, 3-4 sessions (1-6), a review after every 2.
        ("chronic", DN, (4, 1, 6, [(4, 1)], [2, 4])),
        ("subacute", DN, (3, 1, 6, [(3, 1)], [2, 3])),
        ("acute", DN, (3, 1, 6, [(3, 1)], [2, 3])),
    ],
)
def test_defaults(
    chron: Chronicity,
    modality: Modality,
    expected: tuple[int, int, int, list[tuple[int, int]], list[int]],
) -> None:
    course = recommend_course(_request(chron, modality))
    assert _shape(course) == expected
    assert len(course.dates) == course.sessions
    assert sum(p.sessions for p in course.phases) == course.sessions


def test_the_architecture_example() -> None:
    course = recommend_course(_request(nprs_now=6, nprs_worst=8, ndi_total=18))
    assert course.as_json() == {
        "sessions": 10,
        "min_sessions": 8,
        "max_sessions": 12,
        "phases": [{"weeks": 2, "per_week": 2}, {"weeks": 6, "per_week": 1}],
        "reviews_after": [3, 6, 10],
        "dates": [
            "2026-11-25",
            "2026-11-27",
            "2026-11-30",
            "2026-12-02",
            "2026-12-07",
            "2026-12-14",
            "2026-12-21",
            "2026-12-28",
            "2027-01-04",
            "2027-01-11",
        ],
        "rationale": course.rationale,
        "sources": [
            "MacPherson 2015 (ATLAS neck trial, Ann Intern Med)",
            "Witt 2006 (ARC neck)",
            "Haake 2007 (GERAC)",
            "Irnich 2001 (BMJ 322:1574, chronic neck pain)",
            "Vickers 2018 (IPD meta-analysis)",
            "Clinic practice (Needleplan seed material)",
            "Serlin 1995 (NPRS cut-points)",
            "Vernon & Mior 1991 (NDI bands)",
            "NICE NG193 (2021)",
        ],
    }
    # Chronic pain: NG193's limit is always stated, with the course's total against it.
    assert (
        "NICE NG193 (chronic primary pain, ages 16 and over): one course within 300 minutes "
        "of healthcare professional time. This course is 10 sessions of 30 minutes, 300 "
        "minutes: within the 300. The cap is off." in course.rationale
    )
    assert course.rationale.startswith("Pain for 12 weeks or more since onset (chronic).")
    assert "Pain 6 of 10 now and NDI 18 of 50 (moderate): the usual count." in course.rationale
    assert "chronic neck pain" in course.rationale
    assert "Review after sessions 3, 6 and 10" in course.rationale


@pytest.mark.parametrize(
    ("chron", "modality", "sources"),
    [
        ("chronic", ACU, {"ATLAS", "Witt 2006", "Haake 2007", "Vickers 2018", "Clinic"}),
        ("chronic", ACU, {"Irnich 2001 (BMJ 322:1574, chronic neck pain)"}),
        ("subacute", ACU, {"Needleplan reference §6", "Clinic"}),
        ("acute", ACU, {"Needleplan reference §6", "Clinic"}),
        ("chronic", DN, {"Cerezo-Tellez 2016", "Clinic"}),
    ],
)
def test_every_default_names_its_sources(
    chron: Chronicity, modality: Modality, sources: set[str]
) -> None:
    cited = " ".join(recommend_course(_request(chron, modality)).sources)
    assert all(s in cited for s in sources)


@pytest.mark.parametrize("chron", ["acute", "subacute"])
def test_acute_and_subacute_lengths_cite_no_chronic_pain_trial(chron: Chronicity) -> None:
    # Irnich 2001 studied chronic neck pain (5 sessions over 3 weeks), not acute or subacute.
    course = recommend_course(_request(chron))
    assert not any("Irnich" in s for s in course.sources)
    assert "Irnich" not in course.rationale
    assert "no trial studied a course" in course.rationale


# --- severity, response, cap ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("chron", "modality", "pain", "ndi", "sessions"),
    [
        ("chronic", ACU, 6, 18, 10),  # moderate pain, moderate NDI: the default
        ("chronic", ACU, 8, 18, 11),  # severe pain: one more
        ("chronic", ACU, 8, 30, 12),  # and severe disability: the top of the range
        ("chronic", ACU, 9, 45, 12),  # never above it
        ("chronic", ACU, 3, 10, 8),  # mild pain and disability: the bottom
        ("chronic", ACU, 2, 2, 8),  # never below it
        ("subacute", ACU, 8, 40, 8),
        ("subacute", ACU, 2, 3, 6),
        ("acute", ACU, 8, 30, 6),
        ("acute", ACU, 2, 3, 3),
        ("chronic", DN, 8, 30, 6),
        ("acute", DN, 2, 3, 1),
        ("chronic", ACU, None, None, 10),  # no scores: the default
    ],
)
def test_severity_moves_the_count_within_the_range(
    chron: Chronicity, modality: Modality, pain: int | None, ndi: int | None, sessions: int
) -> None:
    course = recommend_course(_request(chron, modality, nprs_now=pain, ndi_total=ndi))
    assert course.sessions == sessions
    assert course.min_sessions <= sessions <= course.max_sessions
    assert course.reviews_after[-1] == sessions


def test_worst_pain_stands_in_when_pain_now_is_missing() -> None:
    assert recommend_course(_request(nprs_worst=9)).sessions == 11
    assert "9 of 10 at worst" in recommend_course(_request(nprs_worst=9)).rationale


@pytest.mark.parametrize(
    ("reviews", "sessions", "words"),
    [
        ((6,), 10, "a meaningful improvement: one fewer"),  # 8 -> 6: 2 points
        ((4,), 10, "a meaningful improvement"),
        ((7,), 12, "less than the 2 points"),  # 8 -> 7: below the MCID of 1.3
        ((8,), 12, "consider adjusting the treatment or referring"),
        ((7, 8), 12, "less than the 2 points"),  # the latest review counts
        ((9,), 12, "less than the 2 points"),  # 8 -> 9: not meaningfully worse
        ((10,), 11, "it is worse"),  # no added sessions; reassess
    ],
)
def test_response_at_reviews_moves_the_count(
    reviews: tuple[int, ...], sessions: int, words: str
) -> None:
    # pain 8 (severe, +1) and NDI 18 (moderate): 11 before the response.
    course = recommend_course(_request(nprs_now=8, ndi_total=18, review_nprs=reviews))
    assert course.sessions == sessions
    assert words in course.rationale
    assert "Cleland 2008" in " ".join(course.sources)


def test_poor_response_cites_gerac_for_the_extra_sessions() -> None:
    course = recommend_course(_request(nprs_now=6, review_nprs=(6,)))
    assert course.sessions == 12
    assert "Haake 2007 (GERAC)" in course.sources


@pytest.mark.parametrize(
    ("minutes", "sessions", "low", "high"),
    [
        (30, 10, 8, 10),  # 10 x 30 = 300: the course fits, the range is cut at 10
        (45, 6, 6, 6),  # 300 // 45 = 6, below the usual 8
        (60, 5, 5, 5),
        (20, 10, 8, 12),  # 12 x 20 = 240: no cut
    ],
)
def test_nice_cap_limits_total_minutes(minutes: int, sessions: int, low: int, high: int) -> None:
    course = recommend_course(_request(session_minutes=minutes, nice_cap=True))
    assert (course.sessions, course.min_sessions, course.max_sessions) == (sessions, low, high)
    assert course.sessions * minutes <= NICE_CAP_MINUTES
    assert "NICE NG193 (2021)" in course.sources
    assert f"{sessions * minutes} minutes: within the 300." in course.rationale
    assert ("The cap is on" in course.rationale) == (minutes != 20)


def test_without_the_cap_minutes_are_not_limited() -> None:
    assert recommend_course(_request(session_minutes=60, nprs_now=9)).sessions == 11


def test_chronic_pain_over_the_nice_limit_says_by_how_much() -> None:
    # Severe pain and disability: 12 sessions of 30 minutes, 360 minutes, and the cap is off.
    course = recommend_course(_request(nprs_now=8, ndi_total=30))
    assert course.sessions == 12
    assert "This course is 12 sessions of 30 minutes, 360 minutes: 60 minutes over the 300." in (
        course.rationale
    )
    assert "The cap is off." in course.rationale
    assert "NICE NG193 (2021)" in course.sources


@pytest.mark.parametrize("modality", [ACU, DN])
def test_chronic_pain_always_states_the_nice_limit(modality: Modality) -> None:
    course = recommend_course(_request(modality=modality))
    assert "NICE NG193 (chronic primary pain, ages 16 and over)" in course.rationale
    assert "NICE NG193 (2021)" in course.sources


def test_acute_pain_states_the_nice_limit_only_when_the_cap_is_asked_for() -> None:
    assert "NICE" not in recommend_course(_request("acute")).rationale
    capped = recommend_course(_request("acute", session_minutes=90, nice_cap=True))
    assert capped.sessions == 3  # 300 // 90
    assert "This course is 3 sessions of 90 minutes, 270 minutes: within the 300." in (
        capped.rationale
    )


def test_a_plan_that_does_not_say_has_no_cap() -> None:
    course = recommend_course(_request(session_minutes=60, nice_cap=None))
    assert course.calendar.cap_minutes is None
    assert "The cap is off." in course.rationale


@pytest.mark.parametrize(
    ("birth", "age", "covered"),
    [
        (date(2012, 11, 25), 13, False),
        (date(2010, 11, 25), 15, False),  # 16 the day after the start
        (date(2010, 11, 24), 16, True),  # 16 on the start date
        (date(1984, 3, 2), 42, True),
    ],
)
def test_nice_ng193_covers_ages_16_and_over(birth: date, age: int, covered: bool) -> None:
    course = recommend_course(
        _request(session_minutes=60, nice_cap=True, nprs_now=6, birth_date=birth)
    )
    under_16 = f"NICE NG193 covers people aged 16 and over; the patient is {age} at the start"
    assert (under_16 in course.rationale) is not covered
    assert ("ages 16 and over): one course within 300" in course.rationale) is covered
    assert (course.calendar.cap_minutes == NICE_CAP_MINUTES) is covered
    assert course.sessions == (5 if covered else 10)  # 300 // 60, or the uncapped default
    assert "No birth date" not in course.rationale


def test_no_birth_date_says_ng193_covers_only_16_and_over() -> None:
    course = recommend_course(_request())
    assert "No birth date is recorded: NG193 covers only ages 16 and over." in course.rationale


def test_an_override_past_the_nice_limit_says_by_how_much() -> None:
    course = apply_override(recommend_course(_request()), CourseOverride(sessions=12))
    assert (
        "NICE NG193: the changed course is 12 sessions of 30 minutes, 360 minutes: 60 minutes "
        "over the 300." in course.rationale
    )
    within = apply_override(recommend_course(_request()), CourseOverride(sessions=9))
    assert "the changed course is 9 sessions of 30 minutes, 270 minutes: within" in (
        within.rationale
    )
    acute = apply_override(recommend_course(_request("acute")), CourseOverride(sessions=6))
    assert "NICE" not in acute.rationale


# --- the calendar ---------------------------------------------------------------------------


def test_holidays_are_skipped_and_named() -> None:
    christmas = {date(2026, 12, 21), date(2026, 12, 28)}
    course = recommend_course(_request(skip_dates=frozenset(christmas)))
    assert not christmas & set(course.dates)
    assert course.dates[5:8] == (date(2026, 12, 14), date(2026, 12, 23), date(2026, 12, 30))
    assert "No session on Mon 21 Dec 2026 and Mon 28 Dec 2026" in course.rationale


def test_preferred_days_that_are_open() -> None:
    course = recommend_course(_request(preferred_days=("wed", "sat")))
    assert {d.strftime("%a") for d in course.dates} == {"Wed"}
    # Only one day a week: the twice-weekly start cannot be kept.
    assert [(p.weeks, p.per_week) for p in course.phases] == [(10, 1)]
    assert "only one day a week" in course.rationale


def test_preferred_days_that_are_all_closed_fall_back_to_open_days_and_say_so() -> None:
    course = recommend_course(_request(preferred_days=("sat", "sun")))
    assert {d.strftime("%a") for d in course.dates} <= {"Mon", "Wed", "Fri"}
    assert "None of the patient's preferred days (sat, sun) is a clinic day" in course.rationale


def test_a_day_is_left_between_sessions_when_the_week_allows() -> None:
    course = recommend_course(_request(clinic_days=("mon", "tue", "thu")))
    assert course.dates[:4] == (
        date(2026, 11, 24),  # Tue
        date(2026, 11, 26),  # Thu, not Mon-Tue back to back
        date(2026, 11, 30),  # Mon
        date(2026, 12, 3),  # Thu, not Tue
    )


def test_back_to_back_days_when_no_other_day_is_open() -> None:
    dates = schedule(TUESDAY, 4, (Phase(2, 2),), ("mon", "tue"))
    assert dates == [date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 7)]


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"start_date": date(2026, 11, 1)},
            "start_date: Sun 1 Nov 2026 is in the past (today is Sat 21 Nov 2026)",
        ),
        ({"clinic_days": ()}, "clinic_days: no open day: choose at least one weekday"),
        ({"clinic_days": ("mon", "wensday")}, "clinic_days[1]: 'wensday' is not a known weekday"),
        (
            {"preferred_days": ("fri", "funday")},
            "preferred_days[1]: 'funday' is not a known weekday",
        ),
        ({"session_minutes": 0}, "session_minutes: 0 is below the minimum of 5"),
        ({"nprs_now": 11}, "nprs_now: 11 is above the maximum of 10"),
        ({"ndi_total": 51}, "ndi_total: 51 is above the maximum of 50"),
        ({"review_nprs": (5, -1)}, "review_nprs[1]: -1 is below the minimum of 0"),
    ],
)
def test_bad_requests_name_the_field(changes: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        recommend_course(replace(_request(), **changes), today=date(2026, 11, 21))  # type: ignore[arg-type]
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value


def test_an_existing_plan_may_have_started_in_the_past() -> None:
    course = recommend_course(_request(start_date=date(2026, 1, 5)))
    assert course.dates[0] == date(2026, 1, 5)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        recommend_course(_request(clinic_days=(), session_minutes=500, nprs_now=12))
    assert [p.field for p in caught.value.problems] == [
        "clinic_days",
        "session_minutes",
        "nprs_now",
    ]


def test_skipping_every_open_day_is_a_clear_error() -> None:
    everything = frozenset(TUESDAY + timedelta(days=n) for n in range(4 * 366))
    with pytest.raises(ValidationError, match="skip_dates: no free day for session 1"):
        recommend_course(_request(skip_dates=everything))


# --- overrides ------------------------------------------------------------------------------

BASE = recommend_course(_request(nprs_now=6, ndi_total=18))


def test_override_sessions_stretches_the_last_phase_and_moves_the_end_review() -> None:
    course = apply_override(BASE, CourseOverride(sessions=12, reason="slow responder"))
    assert _shape(course) == (12, 8, 12, [(2, 2), (8, 1)], [3, 6, 12])
    assert len(course.dates) == 12
    assert course.dates[:10] == BASE.dates
    assert "12 sessions instead of 10" in course.rationale
    assert course.rationale.endswith("Reason: slow responder.")
    assert course.sources[-1] == "Practitioner's override"
    assert course.override == CourseOverride(sessions=12, reason="slow responder")


def test_override_below_the_range_widens_it() -> None:
    course = apply_override(BASE, CourseOverride(sessions=2))
    assert _shape(course) == (2, 2, 12, [(1, 2)], [2])


def test_override_phases_reviews_and_a_moved_session() -> None:
    override = CourseOverride(
        phases=(Phase(3, 3), Phase(2, 1)),
        reviews_after=(4, 11),
        moves=(SessionMove(4, date(2026, 12, 1)),),
        recorded_on=date(2026, 11, 21),
    )
    course = apply_override(BASE, override)
    assert course.sessions == 11
    assert course.reviews_after == (4, 11)
    assert course.dates[3] == date(2026, 12, 1)  # a Tuesday: the practitioner's choice
    # The rest follow on from it, a day apart where the week allows (Fri, not Wed).
    assert course.dates[4] == date(2026, 12, 4)
    assert "Changed by the practitioner on Sat 21 Nov 2026" in course.rationale
    assert "session 4 on Tue 1 Dec 2026" in course.rationale


def test_no_override_changes_nothing_but_says_so() -> None:
    course = apply_override(BASE, CourseOverride())
    assert _shape(course) == _shape(BASE)
    assert course.dates == BASE.dates
    assert "no change" in course.rationale


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (CourseOverride(sessions=0), "course_override.sessions: 0 is below the minimum of 1"),
        (
            CourseOverride(reviews_after=(3, 12)),
            "course_override.reviews_after[1]: a review after session 12 comes after the last "
            "session (10)",
        ),
        (
            CourseOverride(sessions=6, reviews_after=(3, 7)),
            "course_override.reviews_after[1]: a review after session 7 comes after the last "
            "session (6)",
        ),
        (
            CourseOverride(reviews_after=(3, 6)),
            "course_override.reviews_after: needs a review after the last session (10)",
        ),
        (
            CourseOverride(reviews_after=(6, 3, 10)),
            "course_override.reviews_after[1]: 3 does not come after the review at 6",
        ),
        (
            CourseOverride(phases=(Phase(2, 4), Phase(2, 1))),
            "course_override.phases[0].per_week: 4 sessions a week, but sessions can fall on "
            "only 3 days (mon, wed, fri)",
        ),
        (
            CourseOverride(sessions=9, phases=(Phase(2, 2), Phase(6, 1))),
            "course_override.phases: add up to 10 sessions but sessions is 9",
        ),
        (
            CourseOverride(moves=(SessionMove(11, date(2027, 2, 1)),)),
            "course_override.moves[0].session: there is no session 11 in 10",
        ),
        (
            CourseOverride(moves=(SessionMove(3, date(2026, 11, 25)),)),
            "course_override.moves[0].date: Wed 25 Nov 2026 is not after session 2 on "
            "Fri 27 Nov 2026",
        ),
        (
            CourseOverride(moves=(SessionMove(1, date(2026, 11, 20)),)),
            "course_override.moves[0].date: Fri 20 Nov 2026 is before the start date "
            "Tue 24 Nov 2026",
        ),
    ],
)
def test_bad_overrides_name_the_field(override: CourseOverride, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        apply_override(BASE, override)
    assert expected in [str(p) for p in caught.value.problems], caught.value


def test_override_above_the_nice_cap_is_refused() -> None:
    capped = recommend_course(_request(nice_cap=True))
    with pytest.raises(ValidationError, match=r"course_override\.sessions: 12 sessions of 30"):
        apply_override(capped, CourseOverride(sessions=12))


def test_a_moved_session_may_not_land_on_a_skipped_date() -> None:
    course = recommend_course(_request(skip_dates=frozenset({date(2026, 12, 9)})))
    with pytest.raises(ValidationError, match=r"moves\[0\].date: Wed 9 Dec 2026 is a skipped date"):
        apply_override(course, CourseOverride(moves=(SessionMove(5, date(2026, 12, 9)),)))


def test_fit_phases_and_compress() -> None:
    assert fit_phases((Phase(2, 2), Phase(6, 1)), 3) == (Phase(1, 2), Phase(1, 1))
    assert fit_phases((Phase(2, 2), Phase(6, 1)), 12) == (Phase(2, 2), Phase(8, 1))
    assert fit_phases((Phase(2, 3),), 8) == (Phase(2, 3), Phase(1, 2))
    assert compress([2, 2, 2, 1, 1]) == (Phase(1, 2), Phase(3, 1))


# --- a case's course ------------------------------------------------------------------------

CASE = Case(
    Patient("Ana López"),
    Assessment(
        date=date(2026, 11, 20),
        onset_date=date(2026, 8, 1),
        pain=PainScores(6, 3, 8),
        ndi_total=18,
    ),
    Plan(start_date=TUESDAY, clinic_days=MWF),
)
REFER = Finding("red-flag-fever", Severity.REFER, ("SI3",), "Refer.", "NICE")


def test_course_for_a_case() -> None:
    course = course_for_case(CASE, [])
    assert course is not None
    assert _shape(course) == _shape(BASE)


def test_a_standing_red_flag_gets_no_course() -> None:
    assert course_for_case(CASE, [REFER]) is None
    overridden = replace(REFER, overridden_by="GP saw the patient")
    assert course_for_case(CASE, [overridden]) is not None


def test_a_cleared_red_flag_allows_the_course_and_says_so() -> None:
    cleared = replace(REFER, cleared_by="cleared by Dr Lee (GP) on 2026-11-20: no myelopathy")
    course = course_for_case(CASE, [cleared])
    assert course is not None
    assert course.rationale.startswith("Red flag cleared before planning")


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (replace(CASE, assessment=None), "assessment: is required to plan a course"),
        (replace(CASE, plan=None), "plan: is required to plan a course"),
        (
            replace(CASE, plan=Plan(clinic_days=MWF)),
            "plan.start_date: is required to plan a course",
        ),
        (
            replace(CASE, plan=Plan(start_date=TUESDAY)),
            "plan.clinic_days: no open day: choose at least one weekday the clinic is open",
        ),
        (
            replace(CASE, assessment=Assessment(date=date(2026, 11, 20))),
            "assessment.onset_date: is required to plan a course (it tells acute, subacute and "
            "chronic pain apart)",
        ),
        (
            replace(
                CASE,
                plan=Plan(
                    start_date=TUESDAY,
                    clinic_days=("mon",),
                    overrides=(),
                    course_override=CourseOverride(sessions=0),
                ),
            ),
            "plan.course_override.sessions: 0 is below the minimum of 1",
        ),
    ],
)
def test_a_case_without_what_a_course_needs(case: Case, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        course_for_case(case, [])
    assert expected in [str(p) for p in caught.value.problems]


def test_a_new_plan_may_not_start_in_the_past() -> None:
    with pytest.raises(ValidationError, match=r"plan\.start_date: Tue 24 Nov 2026 is in the past"):
        course_for_case(CASE, [], today=date(2026, 12, 1))
    course = course_for_case(CASE, [], today=date(2026, 12, 1), start_date=date(2026, 12, 2))
    assert course is not None
    assert course.dates[0] == date(2026, 12, 2)


def test_the_plan_keeps_the_course_planner_inputs_and_arguments_win() -> None:
    assert CASE.plan is not None
    christmas = date(2026, 12, 25)
    plan = replace(CASE.plan, preferred_days=("fri",), skip_dates=(christmas,), nice_cap=True)
    case = replace(CASE, plan=plan)
    course = course_for_case(case, [])
    assert course is not None
    assert {d.strftime("%a") for d in course.dates} == {"Fri"}
    assert christmas not in course.dates
    assert course.calendar.cap_minutes == NICE_CAP_MINUTES
    assert course.calendar.skip_dates == {christmas}

    argued = course_for_case(case, [], preferred_days=("mon",), skip_dates=(), nice_cap=False)
    assert argued is not None
    assert {d.strftime("%a") for d in argued.dates} == {"Mon"}
    assert argued.calendar.skip_dates == frozenset()
    assert argued.calendar.cap_minutes is None


def test_a_case_course_reads_the_patients_age_for_nice_ng193() -> None:
    assert CASE.plan is not None
    young = Patient("Sam Young", birth_date=date(2012, 5, 1))  # 14 on 2026-11-24
    plan = replace(CASE.plan, session_minutes=60, nice_cap=True)
    course = course_for_case(replace(CASE, patient=young, plan=plan), [])
    assert course is not None
    assert "the patient is 14 at the start" in course.rationale
    assert course.calendar.cap_minutes is None
    adult = replace(young, birth_date=date(1984, 3, 2))
    capped = course_for_case(replace(CASE, patient=adult, plan=plan), [])
    assert capped is not None
    assert capped.sessions == 5


def test_screening_overrides_are_not_course_overrides() -> None:
    assert CASE.plan is not None
    plan = replace(CASE.plan, overrides=(Override("red-flag-fever", "SI3", "seen"),))
    assert course_for_case(replace(CASE, plan=plan), [REFER]) is None


# --- properties -----------------------------------------------------------------------------

weekday_sets = st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True).map(tuple)
phases = st.lists(
    st.builds(Phase, st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=4
).map(tuple)


def _check_calendar(
    dates: list[date] | tuple[date, ...],
    count: int,
    limits: list[int],
    weekdays: tuple[str, ...],
    skip: frozenset[date],
    start: date,
) -> None:
    assert len(dates) == count
    assert all(a < b for a, b in pairwise(dates))
    assert all(WEEKDAYS[d.weekday()] in weekdays for d in dates)
    assert not skip & set(dates)
    assert dates[0] >= start
    # No session shares its week with more earlier sessions than its phase allows.
    for i, day in enumerate(dates):
        in_week = sum(1 for d in dates[: i + 1] if week_of(d) == week_of(day))
        assert in_week <= limits[i]


@settings(deadline=None, max_examples=300)
@given(
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    count=st.integers(1, 30),
    plan_phases=phases,
    open_days=weekday_sets,
    skip=st.frozensets(st.dates(date(2026, 1, 1), date(2031, 12, 31)), max_size=40),
)
def test_schedule_keeps_every_rule(
    start: date,
    count: int,
    plan_phases: tuple[Phase, ...],
    open_days: tuple[str, ...],
    skip: frozenset[date],
) -> None:
    limits = session_limits(plan_phases, count)
    dates = schedule(start, count, plan_phases, open_days, skip)
    _check_calendar(dates, count, limits, open_days, skip, start)


@settings(deadline=None, max_examples=300)
@given(
    chron=st.sampled_from(["acute", "subacute", "chronic"]),
    modality=st.sampled_from(Modality),
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    open_days=weekday_sets,
    preferred=st.lists(st.sampled_from(WEEKDAYS), unique=True).map(tuple),
    skip=st.frozensets(st.dates(date(2026, 1, 1), date(2031, 12, 31)), max_size=20),
    pain=st.none() | st.integers(0, 10),
    ndi=st.none() | st.integers(0, 50),
    reviews=st.lists(st.integers(0, 10), max_size=3).map(tuple),
    minutes=st.integers(5, 180),
    cap=st.booleans(),
)
def test_a_recommendation_keeps_every_rule(
    chron: Chronicity,
    modality: Modality,
    start: date,
    open_days: tuple[str, ...],
    preferred: tuple[str, ...],
    skip: frozenset[date],
    pain: int | None,
    ndi: int | None,
    reviews: tuple[int, ...],
    minutes: int,
    cap: bool,
) -> None:
    request = CourseRequest(
        chron, start, open_days, modality, minutes, pain, None, ndi, reviews, cap, preferred, skip
    )
    course = recommend_course(request)
    weekdays = allowed_days(open_days, preferred).weekdays
    limits = session_limits(course.phases, course.sessions)
    _check_calendar(course.dates, course.sessions, limits, weekdays, skip, start)
    assert sum(p.sessions for p in course.phases) == course.sessions
    assert course.min_sessions <= course.sessions <= course.max_sessions
    assert max(p.per_week for p in course.phases) <= len(weekdays)
    assert list(course.reviews_after) == sorted(set(course.reviews_after))
    assert course.reviews_after[-1] == course.sessions
    if cap:
        assert course.sessions * minutes <= NICE_CAP_MINUTES
    if chron == "chronic":
        assert f"{course.sessions} sessions of {minutes} minutes" in course.rationale
    assert course.rationale
    assert course.sources


@settings(deadline=None, max_examples=200)
@given(
    sessions=st.none() | st.integers(1, 30),
    moved=st.lists(st.integers(1, 40), unique=True, max_size=3),
    data=st.data(),
)
def test_an_override_keeps_the_calendar_rules(
    sessions: int | None, moved: list[int], data: st.DataObject
) -> None:
    count = sessions or BASE.sessions
    moves = []
    for n in sorted(m for m in moved if m <= count):
        moves.append(SessionMove(n, data.draw(st.dates(TUESDAY, date(2028, 1, 1)))))
    override = CourseOverride(sessions=sessions, moves=tuple(moves))
    try:
        course = apply_override(BASE, override)
    except ValidationError as error:
        problems = error.problems
    else:
        problems = ()
    # A move that lands before an earlier session is refused, and only that.
    assert all(p.field.startswith("course_override.moves[") for p in problems)
    if problems:
        return
    assert len(course.dates) == course.sessions == count
    assert all(a < b for a, b in pairwise(course.dates))
    for m in moves:
        assert course.dates[m.session - 1] == m.date
    pinned = {m.date for m in moves}
    free = [d for d in course.dates if d not in pinned]
    assert all(WEEKDAYS[d.weekday()] in MWF for d in free)


def _visit(day: int, nprs: int | None, *, deleted: bool = False) -> Visit:
    import datetime as dt

    return Visit(
        date(2026, 12, day),
        nprs_before=nprs,
        deleted_at=dt.datetime(2026, 12, 30, tzinfo=dt.UTC) if deleted else None,
    )


@pytest.mark.parametrize(
    ("visits", "reviews", "expected"),
    [
        ([], (3, 6, 10), ()),
        ([_visit(1, 6), _visit(3, 5)], (3, 6, 10), ()),  # the first review is not held yet
        ([_visit(1, 6), _visit(3, 5), _visit(5, 4)], (3, 6, 10), (4,)),
        ([_visit(5, 4), _visit(1, 6), _visit(3, 5)], (3, 6, 10), (4,)),  # in date order
        ([_visit(1, 6), _visit(2, 9, deleted=True), _visit(3, 5), _visit(5, 4)], (3,), (4,)),
        ([_visit(d, 5) for d in range(1, 8)], (3, 6), (5, 5)),
        ([_visit(1, 6), _visit(3, 5), _visit(5, None)], (3,), ()),  # not recorded: unknown
    ],
)
def test_responses_at_reviews(
    visits: list[Visit], reviews: tuple[int, ...], expected: tuple[int, ...]
) -> None:
    assert responses_at_reviews(visits, reviews) == expected


def test_course_with_response_uses_the_pain_at_the_first_review() -> None:
    plain = course_for_case(CASE, [])
    assert plain is not None
    held = [_visit(1, 6), _visit(3, 6), _visit(5, 6)]  # no change from 6 by session 3
    poor = course_with_response(CASE, [], held)
    assert poor is not None
    assert poor.sessions == plain.sessions + 2
    assert "consider adjusting the treatment or referring" in poor.rationale
    good = course_with_response(CASE, [], [_visit(1, 6), _visit(3, 5), _visit(5, 2)])
    assert good is not None
    assert good.sessions == plain.sessions - 1
    assert course_with_response(CASE, [], []) == plain
    assert course_with_response(CASE, [REFER], held) is None


@pytest.mark.parametrize(
    "override",
    [
        CourseOverride(sessions=4, reason="GP agreed", recorded_on=date(2026, 11, 20)),
        CourseOverride(sessions=4, reason="GP agreed", recorded_on=date(2026, 11, 25)),
        CourseOverride(moves=(SessionMove(1, date(2026, 11, 26)),), reason="moved"),
        CourseOverride(sessions=4, recorded_on=date(2026, 11, 20)),
    ],
)
def test_no_course_override_ever_lifts_a_red_flag(override: CourseOverride) -> None:
    from planner.domain.handout import handout_allowed

    assert CASE.plan is not None
    plan = replace(CASE.plan, course_override=override)
    assert course_for_case(replace(CASE, plan=plan), [REFER]) is None
    treated = replace(plan, acupoints=(AcupointTarget("GB21"),))
    assert not handout_allowed(treated, [REFER])
