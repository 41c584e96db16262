"""The planner's default courses, and the sources they rest on (REFERENCE.md sections 5, 6).

One default per modality and chronicity: the usual count and its range, the opening phase
and the reviews. planner.domain.course.recommend moves the count within the range.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.assessment import Chronicity
from planner.domain.course.override import Phase
from planner.domain.vocab import Modality

# --- Sources (REFERENCE.md sections 5 and 6) ------------------------------------------------

ATLAS = "MacPherson 2015 (ATLAS neck trial, Ann Intern Med)"
WITT = "Witt 2006 (ARC neck)"
HAAKE = "Haake 2007 (GERAC)"
IRNICH = "Irnich 2001 (BMJ 322:1574, chronic neck pain)"
VICKERS = "Vickers 2018 (IPD meta-analysis)"
NICE = "NICE NG193 (2021)"
CEREZO = "Cerezo-Tellez 2016"
CLINIC = "Clinic practice (Needleplan seed material)"
# No trial studied a course for acute or subacute neck pain: those lengths are the project's
# planner defaults, drawn from clinic practice (REFERENCE.md section 6).
PLANNER_DEFAULTS = "Needleplan reference §6 (planner defaults from clinic practice)"
CLELAND = "Cleland 2008 (NPRS MCID); IMMPACT (2 points or 30%)"
VERNON = "Vernon & Mior 1991 (NDI bands)"
# Not in REFERENCE.md: the usual NPRS cut-points, mild 1-4, moderate 5-6, severe 7-10.
SERLIN = "Serlin 1995 (NPRS cut-points)"
OVERRIDDEN = "Practitioner's override"

# NICE NG193: one course within at most 5 hours of healthcare professional time, for chronic
# primary pain in people aged 16 and over.
NICE_CAP_MINUTES = 300
NICE_MIN_AGE = 16
# Serlin 1995: pain of 7 or more is severe, 4 or less mild.
NPRS_SEVERE, NPRS_MILD = 7, 4


@dataclass(frozen=True)
class CourseDefault:
    """The default course for one modality and chronicity."""

    sessions: int
    low: int
    high: int
    front: Phase | None  # the more frequent opening phase; then weekly
    reviews: tuple[int, ...]  # review after these sessions (and always after the last)
    review_every: int  # or every this many sessions, when reviews is empty
    why: str
    sources: tuple[str, ...]


_TWICE_FOR_TWO_WEEKS = Phase(weeks=2, per_week=2)
DEFAULTS: dict[tuple[Modality, Chronicity], CourseDefault] = {
    (Modality.ACUPUNCTURE, "chronic"): CourseDefault(
        10, 8, 12, _TWICE_FOR_TWO_WEEKS, (3, 6), 0,
        "Acupuncture for chronic neck pain: usually 10 sessions, 8 to 12 (the ATLAS trial "
        "planned 12 and patients came to 10; GERAC gave 10 about twice a week; Irnich gave 5 "
        "over 3 weeks).",
        (ATLAS, WITT, HAAKE, IRNICH, VICKERS, CLINIC),
    ),
    (Modality.ACUPUNCTURE, "subacute"): CourseDefault(
        7, 6, 8, _TWICE_FOR_TWO_WEEKS, (3, 6), 0,
        "Acupuncture for subacute neck pain: 6 to 8 sessions, 7 to start with (no trial "
        "studied a course for subacute pain: the planner's default from clinic practice; "
        "long-standing pain takes longer).",
        (PLANNER_DEFAULTS, CLINIC),
    ),
    (Modality.ACUPUNCTURE, "acute"): CourseDefault(
        4, 3, 6, _TWICE_FOR_TWO_WEEKS, (3,), 0,
        "Acupuncture for acute neck pain: 3 to 6 sessions, 4 to start with (no trial studied "
        "a course for acute pain: the planner's default from clinic practice; recent pain "
        "responds faster; three treatments before judging the response).",
        (PLANNER_DEFAULTS, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "chronic"): CourseDefault(
        4, 1, 6, None, (), 2,
        "Dry needling for chronic neck pain: weekly, usually 3 to 4 sessions, 1 to 6 (trials "
        "mostly used 1 to 4; no guideline gives a course length).",
        (CEREZO, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "subacute"): CourseDefault(
        3, 1, 6, None, (), 2,
        "Dry needling for subacute neck pain: weekly, usually 3 to 4 sessions, 1 to 6 "
        "(trials mostly used 1 to 4; no guideline gives a course length).",
        (CEREZO, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "acute"): CourseDefault(
        3, 1, 6, None, (), 2,
        "Dry needling for acute neck pain: weekly, usually 3 sessions, 1 to 6 (trials mostly "
        "used 1 to 4; recent pain responds faster).",
        (CEREZO, CLINIC),
    ),
}  # fmt: skip
