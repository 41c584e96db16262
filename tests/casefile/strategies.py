"""Hypothesis strategies for valid cases, and for JSON values to break them with."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from planner.domain.assessment import Assessment, PainRegion, PainScores, PsfsItem
from planner.domain.case import Case
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.patient import Patient
from planner.domain.plan import CHANNEL_POINTS, AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.vocab import (
    CONDITIONS,
    RED_FLAGS,
    REGIONS,
    WEEKDAYS,
    Modality,
    Sex,
    Side,
    Technique,
)

TODAY = date(2026, 11, 20)
EARLIEST = date(1900, 1, 1)


def _normalised(text: str) -> str:
    return " ".join(text.split())


# What a case may hold: any text but a NUL or a lone surrogate (planner.domain.bounds).
storable = st.characters(codec="utf-8", exclude_characters="\x00")
short_text = st.text(storable, max_size=30)
names = st.text(storable, min_size=1, max_size=40).map(_normalised).filter(bool)
phones = st.just("") | st.from_regex(r"[+0-9()./-][+0-9 ()./-]{1,30}[0-9)]", fullmatch=True)
emails = st.just("") | st.from_regex(r"[a-z0-9.]{1,10}@[a-z0-9]{1,10}\.[a-z]{2,5}", fullmatch=True)
kebab = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
channel_codes = st.sampled_from(sorted(CHANNEL_POINTS)).flatmap(
    lambda ch: st.integers(1, CHANNEL_POINTS[ch]).map(lambda n: f"{ch}{n}")
)
extra_codes = st.from_regex(r"EX-[A-Z]{1,3}[1-9][0-9]?", fullmatch=True)
codes = channel_codes | extra_codes


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _sides_for(code: str) -> st.SearchStrategy[Side]:
    if code[:2] in ("GV", "CV"):
        return st.sampled_from([Side.MIDLINE, Side.BOTH])
    if code.startswith("EX-"):
        return st.sampled_from(Side)
    return st.sampled_from([Side.LEFT, Side.RIGHT, Side.BOTH])


@st.composite
def patients(draw: st.DrawFn) -> Patient:
    return Patient(
        name=draw(names),
        birth_date=draw(_optional(st.dates(EARLIEST, TODAY))),
        sex=draw(st.sampled_from(Sex)),
        phone=draw(phones),
        email=draw(emails),
        notes=draw(short_text),
    )


@st.composite
def assessments(draw: st.DrawFn, born: date | None) -> Assessment:
    earliest = born or EARLIEST
    day = draw(st.dates(earliest, TODAY))
    best, worst = draw(_optional(st.integers(0, 10))), draw(_optional(st.integers(0, 10)))
    if best is not None and worst is not None and best > worst:
        best, worst = worst, best
    activities = draw(
        st.lists(
            st.text(storable, min_size=1, max_size=30).filter(str.strip),
            max_size=5,
            unique_by=lambda a: _normalised(a).casefold(),
        )
    )
    conditions = tuple(draw(st.lists(st.sampled_from(CONDITIONS), unique=True)))
    weeks = draw(_optional(st.integers(0, 45))) if "pregnancy" in conditions else None
    return Assessment(
        date=day,
        complaint=draw(short_text),
        onset_date=draw(_optional(st.dates(earliest, day))),
        pain=PainScores(draw(_optional(st.integers(0, 10))), best, worst),
        ndi_total=draw(_optional(st.integers(0, 50))),
        psfs=tuple(PsfsItem(a, draw(st.integers(0, 10))) for a in activities),
        pain_regions=tuple(
            PainRegion(r, draw(st.integers(0, 10)))
            for r in draw(st.lists(st.sampled_from(REGIONS), unique=True))
        ),
        conditions=conditions,
        pregnancy_weeks=weeks,
        red_flags=tuple(draw(st.lists(st.sampled_from(RED_FLAGS), unique=True))),
        medications=draw(short_text),
        consent_date=draw(_optional(st.dates(EARLIEST, day))),
        notes=draw(short_text),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    electro = draw(st.booleans())
    minutes = draw(st.integers(5, 180))
    techniques = st.sampled_from(Technique) if electro else st.just(Technique.MANUAL)
    points = tuple(
        AcupointTarget(
            code,
            draw(_sides_for(code)),
            draw(techniques),
            draw(_optional(st.integers(1, min(120, minutes)))),
            draw(short_text),
        )
        for code in draw(st.lists(codes, unique=True, max_size=6))
    )
    trigger_points = tuple(
        TriggerPointTarget(m, draw(st.sampled_from(Side)), draw(techniques), draw(short_text))
        for m in draw(st.lists(kebab, unique=True, max_size=3))
    )
    targets = codes | kebab.map(lambda m: f"TP:{m}") | st.just("electro")
    overrides = tuple(
        Override(
            draw(kebab),
            draw(targets),
            draw(st.text(storable, min_size=1, max_size=30).filter(str.strip)),
            draw(_optional(st.dates(EARLIEST, TODAY))),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    clinic_days = tuple(draw(st.lists(st.sampled_from(WEEKDAYS), unique=True)))
    # Preferred days must be clinic days (any weekday while no clinic day is set).
    preferred = st.sampled_from(clinic_days or WEEKDAYS)
    return Plan(
        course_override=draw(_optional(course_overrides())),
        modality=draw(st.sampled_from(Modality)),
        electro=electro,
        acupoints=points,
        trigger_points=trigger_points,
        session_minutes=minutes,
        start_date=draw(_optional(st.dates(EARLIEST, date(2030, 1, 1)))),
        clinic_days=clinic_days,
        preferred_days=tuple(draw(st.lists(preferred, unique=True, max_size=3))),
        skip_dates=tuple(draw(st.lists(st.dates(EARLIEST, date(2030, 1, 1)), unique=True))),
        nice_cap=draw(st.booleans()),
        overrides=overrides,
    )


@st.composite
def course_overrides(draw: st.DrawFn) -> CourseOverride:
    """Valid overrides: phases add up to sessions, reviews and moves fall within them."""
    phase = st.builds(Phase, st.integers(1, 4), st.integers(1, 3))
    phases = draw(_optional(st.lists(phase, min_size=1, max_size=6)))
    in_phases = sum(p.sessions for p in phases) if phases else None
    sessions = in_phases if in_phases and in_phases <= 52 else None
    if sessions is None:
        phases = None
        sessions = draw(_optional(st.integers(1, 52)))
    elif draw(st.booleans()):
        sessions = None  # the phases alone fix the count
    total = sessions or in_phases or 52
    reviews = draw(_optional(st.lists(st.integers(1, total), unique=True).map(sorted)))
    moved = draw(st.lists(st.integers(1, total), unique=True, max_size=3))
    return CourseOverride(
        sessions=sessions,
        phases=None if phases is None else tuple(phases),
        reviews_after=None if reviews is None else tuple(reviews),
        moves=tuple(SessionMove(n, draw(st.dates(TODAY, date(2030, 1, 1)))) for n in moved),
        reason=draw(short_text),
        recorded_on=draw(_optional(st.dates(EARLIEST, TODAY))),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    patient = draw(patients())
    assessment = draw(_optional(assessments(patient.birth_date)))
    return Case(patient, assessment, draw(_optional(plans())))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-100, 100)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-11-20", "GB21", "both", "pregnancy", "needleplan-case/1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
