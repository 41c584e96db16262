"""How many sessions, how often, when to review, and on which dates (REFERENCE.md section 6).

Pure: the planner defaults below, moved within their range by severity and by the response so
far, capped by NICE NG193 when asked, then laid out on the calendar by
planner.domain.course.schedule.
The practitioner can override every number (planner.domain.course.override).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.domain import wording
from planner.domain.assessment import (
    NDI_MAX,
    NDI_MIN,
    NPRS_MAX,
    NPRS_MIN,
    Chronicity,
    chronicity,
    ndi_band,
)
from planner.domain.case import Case
from planner.domain.course.outcomes import Change, nprs_change
from planner.domain.course.override import (
    CourseOverride,
    Phase,
    after_last,
    override_problems,
)
from planner.domain.course.schedule import OutOfOrder, allowed_days, schedule, session_limits
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.gate import passes_gate
from planner.domain.plan import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN
from planner.domain.screening import Finding
from planner.domain.visit import Visit
from planner.domain.vocab import WEEKDAYS, Modality

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
class _Default:
    sessions: int
    low: int
    high: int
    front: Phase | None  # the more frequent opening phase; then weekly
    reviews: tuple[int, ...]  # review after these sessions (and always after the last)
    review_every: int  # or every this many sessions, when reviews is empty
    why: str
    sources: tuple[str, ...]


_TWICE_FOR_TWO_WEEKS = Phase(weeks=2, per_week=2)
DEFAULTS: dict[tuple[Modality, Chronicity], _Default] = {
    (Modality.ACUPUNCTURE, "chronic"): _Default(
        10, 8, 12, _TWICE_FOR_TWO_WEEKS, (3, 6), 0,
        "Acupuncture for chronic neck pain: usually 10 sessions, 8 to 12 (the ATLAS trial "
        "planned 12 and patients came to 10; GERAC gave 10 about twice a week; Irnich gave 5 "
        "over 3 weeks).",
        (ATLAS, WITT, HAAKE, IRNICH, VICKERS, CLINIC),
    ),
    (Modality.ACUPUNCTURE, "subacute"): _Default(
        7, 6, 8, _TWICE_FOR_TWO_WEEKS, (3, 6), 0,
        "Acupuncture for subacute neck pain: 6 to 8 sessions, 7 to start with (no trial "
        "studied a course for subacute pain: the planner's default from clinic practice; "
        "long-standing pain takes longer).",
        (PLANNER_DEFAULTS, CLINIC),
    ),
    (Modality.ACUPUNCTURE, "acute"): _Default(
        4, 3, 6, _TWICE_FOR_TWO_WEEKS, (3,), 0,
        "Acupuncture for acute neck pain: 3 to 6 sessions, 4 to start with (no trial studied "
        "a course for acute pain: the planner's default from clinic practice; recent pain "
        "responds faster; three treatments before judging the response).",
        (PLANNER_DEFAULTS, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "chronic"): _Default(
        4, 1, 6, None, (), 2,
        "Dry needling for chronic neck pain: weekly, usually 3 to 4 sessions, 1 to 6 (trials "
        "mostly used 1 to 4; no guideline gives a course length).",
        (CEREZO, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "subacute"): _Default(
        3, 1, 6, None, (), 2,
        "Dry needling for subacute neck pain: weekly, usually 3 to 4 sessions, 1 to 6 "
        "(trials mostly used 1 to 4; no guideline gives a course length).",
        (CEREZO, CLINIC),
    ),
    (Modality.DRY_NEEDLING, "acute"): _Default(
        3, 1, 6, None, (), 2,
        "Dry needling for acute neck pain: weekly, usually 3 sessions, 1 to 6 (trials mostly "
        "used 1 to 4; recent pain responds faster).",
        (CEREZO, CLINIC),
    ),
}  # fmt: skip


_CHRONICITY_WORDS: dict[Chronicity, str] = {
    "acute": "Pain for under 6 weeks since onset (acute).",
    "subacute": "Pain for 6 to 12 weeks since onset (subacute).",
    "chronic": "Pain for 12 weeks or more since onset (chronic).",
}


@dataclass(frozen=True)
class CourseRequest:
    """What the course depends on. Field names follow the case document's plan and pain."""

    chronicity: Chronicity
    start_date: date
    clinic_days: tuple[str, ...]  # the clinic's open weekdays (vocab.WEEKDAYS)
    modality: Modality = Modality.ACUPUNCTURE
    session_minutes: int = 30
    nprs_now: int | None = None
    nprs_worst: int | None = None
    ndi_total: int | None = None
    review_nprs: tuple[int, ...] = ()  # pain (NPRS) at each review so far, oldest first
    # Keep the course within NICE NG193's 300 minutes (ages 16 and over). None: the plan does
    # not say, so no cap; callers that know the clinic's default pass it instead.
    nice_cap: bool | None = False
    preferred_days: tuple[str, ...] = ()  # the patient's; empty: any open day
    skip_dates: frozenset[date] = frozenset()  # holidays, closures
    birth_date: date | None = None  # the patient's: NG193 covers ages 16 and over


@dataclass(frozen=True)
class CourseCalendar:
    """What the dates were drawn from, so an override can redraw them."""

    start_date: date
    weekdays: tuple[str, ...]
    skip_dates: frozenset[date]
    session_minutes: int
    cap_minutes: int | None
    nice_total: bool = False  # the rationale states the total against NG193's 300 minutes


@dataclass(frozen=True)
class CourseRecommendation:
    sessions: int
    min_sessions: int
    max_sessions: int
    phases: tuple[Phase, ...]
    reviews_after: tuple[int, ...]  # session numbers, the last one included
    dates: tuple[date, ...]
    rationale: str
    sources: tuple[str, ...]
    calendar: CourseCalendar = field(compare=False, repr=False)
    override: CourseOverride | None = None

    def as_json(self) -> dict[str, Any]:
        """The `course` of `needleplan review` (ARCHITECTURE.md)."""
        return {
            "sessions": self.sessions,
            "min_sessions": self.min_sessions,
            "max_sessions": self.max_sessions,
            "phases": [{"weeks": p.weeks, "per_week": p.per_week} for p in self.phases],
            "reviews_after": list(self.reviews_after),
            "dates": [d.isoformat() for d in self.dates],
            "rationale": self.rationale,
            "sources": list(self.sources),
        }


# --- The recommendation ---------------------------------------------------------------------


def recommend_course(request: CourseRequest, *, today: date | None = None) -> CourseRecommendation:
    """The planner's course for request; ValidationError names every bad field.

    Pass today for a new plan: a start date before it is refused.
    """
    r = request
    _raise_if(_request_problems(r, today))
    default = DEFAULTS[(r.modality, r.chronicity)]
    days = allowed_days(r.clinic_days, r.preferred_days)
    why = [_CHRONICITY_WORDS[r.chronicity], default.why]
    sources = list(default.sources)

    count = default.sessions
    severity, severity_why = _severity_steps(r)
    if severity_why:
        why.append(severity_why)
        sources += [SERLIN] if r.nprs_now is not None or r.nprs_worst is not None else []
        sources += [VERNON] if r.ndi_total is not None else []
    response, response_why = _response_steps(r)
    if response_why:
        why.append(response_why)
        sources += [CLELAND] + ([HAAKE] if response > 0 else [])
    count = _clamp(count + severity + response, default.low, default.high)

    low, high, cap = default.low, default.high, None
    # NG193 is always stated for chronic pain, and whenever the cap is asked for.
    age = _age_on(r.birth_date, r.start_date)
    nice_asked = r.chronicity == "chronic" or bool(r.nice_cap)
    covered = age is None or age >= NICE_MIN_AGE
    most = NICE_CAP_MINUTES // r.session_minutes
    cut = bool(r.nice_cap) and covered and (count > most or high > most)
    if r.nice_cap and covered:
        cap = NICE_CAP_MINUTES
        count, low, high = min(count, most), min(low, most), min(high, most)
    if nice_asked:
        sources.append(NICE)
        if covered:
            why.append(
                _nice_words(count, r.session_minutes, cap is not None, most if cut else None, age)
            )
        else:
            why.append(
                f"NICE NG193 covers people aged {NICE_MIN_AGE} and over; the patient is {age} "
                f"at the start, so its {NICE_CAP_MINUTES}-minute limit does not apply"
                + (" and the cap is not applied." if r.nice_cap else ".")
            )

    phases = _phases(count, default.front, len(days.weekdays))
    why.append(_phase_words(phases, default.front, len(days.weekdays)))
    reviews = _reviews(count, default)
    why.append(_review_words(reviews, default))
    if days.note:
        why.append(days.note)
    calendar = CourseCalendar(
        r.start_date,
        days.weekdays,
        r.skip_dates,
        r.session_minutes,
        cap,
        nice_total=nice_asked and covered,
    )
    dates = schedule(r.start_date, count, phases, days.weekdays, r.skip_dates)
    skipped = sorted(d for d in r.skip_dates if r.start_date <= d <= dates[-1])
    if skipped:
        why.append(f"No session on {_date_list(skipped)}.")
    return CourseRecommendation(
        sessions=count,
        min_sessions=low,
        max_sessions=high,
        phases=phases,
        reviews_after=reviews,
        dates=tuple(dates),
        rationale=" ".join(why),
        sources=tuple(dict.fromkeys(sources)),
        calendar=calendar,
    )


def _age_on(birth_date: date | None, day: date) -> int | None:
    """Completed years on day; None when the birth date is not known."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _nice_words(count: int, minutes: int, cap_on: bool, most: int | None, age: int | None) -> str:
    """NG193's limit, and whether the course's professional time is within it; most is the
    number of sessions the cap allows when it cut the count or the range."""
    words = (
        f"NICE NG193 (chronic primary pain, ages {NICE_MIN_AGE} and over): one course within "
        f"{NICE_CAP_MINUTES} minutes of healthcare professional time."
    )
    if most is not None:
        words += f" The cap is on: at {minutes} minutes a session that is {most} sessions at most."
    words += " " + nice_total(count, minutes)
    if not cap_on:
        words += " The cap is off."
    if age is None:
        words += f" No birth date is recorded: NG193 covers only ages {NICE_MIN_AGE} and over."
    return words


def nice_total(count: int, minutes: int, what: str = "This course") -> str:
    """The course's total minutes against NG193's 300: within it, or over it by how much."""
    total = count * minutes
    text = f"{what} is {count} sessions of {minutes} minutes, {total} minutes: "
    if total <= NICE_CAP_MINUTES:
        return text + f"within the {NICE_CAP_MINUTES}."
    return text + f"{total - NICE_CAP_MINUTES} minutes over the {NICE_CAP_MINUTES}."


def _request_problems(r: CourseRequest, today: date | None) -> list[FieldProblem]:
    found: list[tuple[str, str | None]] = []
    if today is not None and r.start_date < today:
        found.append(
            (
                "start_date",
                f"{r.start_date.isoformat()} is in the past (today is {today.isoformat()})",
            )
        )
    if not r.clinic_days:
        found.append(("clinic_days", "no open day: choose at least one weekday the clinic is open"))
    for name in ("clinic_days", "preferred_days"):
        for i, day in enumerate(getattr(r, name)):
            if day not in WEEKDAYS:
                found.append((f"{name}[{i}]", wording.not_known(day, "weekday", WEEKDAYS)))
    found.append(
        (
            "session_minutes",
            wording.out_of_range(r.session_minutes, SESSION_MINUTES_MIN, SESSION_MINUTES_MAX),
        )
    )
    for name in ("nprs_now", "nprs_worst"):
        value = getattr(r, name)
        if value is not None:
            found.append((name, wording.out_of_range(value, NPRS_MIN, NPRS_MAX)))
    if r.ndi_total is not None:
        found.append(("ndi_total", wording.out_of_range(r.ndi_total, NDI_MIN, NDI_MAX)))
    for i, score in enumerate(r.review_nprs):
        found.append((f"review_nprs[{i}]", wording.out_of_range(score, NPRS_MIN, NPRS_MAX)))
    return [FieldProblem(f, m) for f, m in found if m]


def _raise_if(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(problems)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _severity_steps(r: CourseRequest) -> tuple[int, str]:
    """One more session for severe pain and one for a severe NDI; one fewer for mild ones."""
    steps, words = 0, []
    pain = r.nprs_now if r.nprs_now is not None else r.nprs_worst
    which = "now" if r.nprs_now is not None else "at worst"
    if pain is not None:
        if pain >= NPRS_SEVERE:
            steps, words = 1, [f"severe pain ({pain} of 10 {which}): one more session"]
        elif pain <= NPRS_MILD:
            steps, words = -1, [f"mild pain ({pain} of 10 {which}): one fewer session"]
    if r.ndi_total is not None:
        band = ndi_band(r.ndi_total)
        if band in ("severe", "complete"):
            steps += 1
            words.append(f"{band} disability (NDI {r.ndi_total} of 50): one more session")
        elif band in ("none", "mild"):
            steps -= 1
            label = "no" if band == "none" else "mild"
            words.append(f"{label} disability (NDI {r.ndi_total} of 50): one fewer session")
    if not words:
        scores = [f"pain {pain} of 10 {which}"] if pain is not None else []
        scores += [f"NDI {r.ndi_total} of 50"] if r.ndi_total is not None else []
        if not scores:
            return 0, ""
        return 0, _sentence(" and ".join(scores) + " (moderate): the usual count")
    return steps, _sentence("; ".join(words)) + " The count stays within the range."


def _response_steps(r: CourseRequest) -> tuple[int, str]:
    """Better by the MCID: one fewer session; less than that: two more (GERAC added sessions
    for partial responders) and a prompt to adjust the treatment or refer."""
    if not r.review_nprs or r.nprs_now is None:
        return 0, ""
    before, after = r.nprs_now, r.review_nprs[-1]
    change = nprs_change(before, after)
    so_far = f"Pain went from {before} to {after} of 10 by the last review"
    if change is Change.BETTER:
        return -1, f"{so_far}, a meaningful improvement: one fewer session."
    if change is Change.WORSE:
        return 0, (
            f"{so_far}: it is worse. Reassess before going on, and refer if there is no clear "
            "cause."
        )
    return 2, (
        f"{so_far}, less than the 2 points (or 30%) that matter: two more sessions, and "
        "consider adjusting the treatment or referring."
    )


def _phases(count: int, front: Phase | None, open_days: int) -> tuple[Phase, ...]:
    """The front phase's rate (no more than the days available) for its sessions, then weekly."""
    if front is None or min(front.per_week, open_days) <= 1:
        return (Phase(count, 1),)
    per_week = min(front.per_week, open_days)
    in_front = min(front.weeks * per_week, count)
    return compress([per_week] * in_front + [1] * (count - in_front))


def fit_phases(phases: Sequence[Phase], count: int) -> tuple[Phase, ...]:
    """phases cut or stretched (at the last phase's rate) to exactly count sessions."""
    return compress(session_limits(phases, count))


def compress(limits: Sequence[int]) -> tuple[Phase, ...]:
    """Per-session weekly limits as phases: [2, 2, 2, 1] -> (1 week x 2), (2 weeks x 1)."""
    phases: list[Phase] = []
    i = 0
    while i < len(limits):
        j = i
        while j < len(limits) and limits[j] == limits[i]:
            j += 1
        weeks, rest = divmod(j - i, limits[i])
        for phase in (Phase(weeks, limits[i]), Phase(1, rest)):
            if not phase.sessions:
                continue
            if phases and phases[-1].per_week == phase.per_week:
                phases[-1] = Phase(phases[-1].weeks + phase.weeks, phase.per_week)
            else:
                phases.append(phase)
        i = j
    return tuple(phases)


def _reviews(count: int, default: _Default) -> tuple[int, ...]:
    every = range(default.review_every, count, default.review_every) if default.review_every else ()
    return tuple(sorted({*[n for n in (*default.reviews, *every) if n < count], count}))


def _phase_words(phases: tuple[Phase, ...], front: Phase | None, open_days: int) -> str:
    described = ", then ".join(phase_text(p) for p in phases)
    text = f"Schedule: {described}."
    if front is not None and open_days < front.per_week:
        text += " Sessions can fall on only one day a week, so they are weekly."
    elif front is not None and phases[0].per_week > 1:
        text += " More often at first because the effect builds up over the first sessions."
    return text


def phase_text(p: Phase) -> str:
    rate = {1: "weekly", 2: "twice a week"}.get(p.per_week, f"{p.per_week} times a week")
    return f"{rate} for {p.weeks} week{'s' if p.weeks != 1 else ''}"


def _review_words(reviews: tuple[int, ...], default: _Default) -> str:
    text = f"Review after {_sessions(reviews)}"
    if default.review_every:
        return text + f": every {default.review_every} sessions and at the end."
    return text + ": three treatments before judging the response, and at the end."


def _number_list(numbers: Sequence[object]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _sessions(numbers: Sequence[int]) -> str:
    return f"session{'s' if len(numbers) > 1 else ''} {_number_list(numbers)}"


def _date_list(days: Sequence[date]) -> str:
    return _number_list([d.isoformat() for d in days])


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


# --- Overrides ------------------------------------------------------------------------------


def apply_override(
    recommendation: CourseRecommendation, override: CourseOverride
) -> CourseRecommendation:
    """The recommendation with the practitioner's numbers and dates in place of the planner's.

    Dates are redrawn by the same rules; a moved session keeps the date the practitioner
    chose (even on a day the clinic is not usually open) and the sessions after it follow.
    """
    rec, o, cal = recommendation, override, recommendation.calendar
    _raise_if(override_problems(o))
    count = o.planned_sessions() or rec.sessions
    phases = o.phases or (fit_phases(rec.phases, count) if count != rec.sessions else rec.phases)
    reviews = o.reviews_after
    if reviews is None:
        # The interim reviews that still fall inside the course, and one at its new end.
        reviews = (*(n for n in rec.reviews_after[:-1] if n < count), count)
    _raise_if(_fit_problems(o, count, phases, reviews, cal))
    pinned = {m.session: m.date for m in o.moves}
    try:
        dates = schedule(cal.start_date, count, phases, cal.weekdays, cal.skip_dates, pinned)
    except OutOfOrder as error:
        index = next(i for i, m in enumerate(o.moves) if m.session == error.session)
        raise ValidationError.single(
            f"course_override.moves[{index}].date",
            f"{pinned[error.session].isoformat()} is not after session {error.session - 1} "
            f"on {error.previous.isoformat()}",
        ) from None
    nice = ""
    if cal.nice_total and count != rec.sessions:
        nice = "NICE NG193: " + nice_total(count, cal.session_minutes, "the changed course")
    changes = _override_words(rec, o, count, phases, reviews, nice)
    return replace(
        rec,
        sessions=count,
        min_sessions=min(rec.min_sessions, count),
        max_sessions=max(rec.max_sessions, count),
        phases=tuple(phases),
        reviews_after=tuple(reviews),
        dates=tuple(dates),
        rationale=f"{rec.rationale} {changes}",
        sources=(*rec.sources, OVERRIDDEN),
        override=o,
    )


def _fit_problems(
    o: CourseOverride,
    count: int,
    phases: Sequence[Phase],
    reviews: Sequence[int],
    cal: CourseCalendar,
) -> list[FieldProblem]:
    """The override's numbers against this course's calendar."""
    found: list[tuple[str, str]] = []
    days = ", ".join(cal.weekdays)
    for i, phase in enumerate(o.phases or ()):
        if phase.per_week > len(cal.weekdays):
            found.append(
                (
                    f"phases[{i}].per_week",
                    f"{phase.per_week} sessions a week, but sessions can fall on only "
                    f"{len(cal.weekdays)} day{'s' if len(cal.weekdays) != 1 else ''} ({days})",
                )
            )
    for i, after in enumerate(o.reviews_after or ()):
        if after > count:
            found.append((f"reviews_after[{i}]", after_last(after, count)))
    if not reviews or reviews[-1] != count:
        found.append(("reviews_after", f"needs a review after the last session ({count})"))
    if cal.cap_minutes is not None and count * cal.session_minutes > cal.cap_minutes:
        found.append(
            (
                "sessions",
                f"{count} sessions of {cal.session_minutes} minutes is "
                f"{count * cal.session_minutes} minutes, above the NICE NG193 limit of "
                f"{cal.cap_minutes}; turn the cap off to plan more",
            )
        )
    for i, move in enumerate(o.moves):
        if move.session > count:
            found.append((f"moves[{i}].session", f"there is no session {move.session} in {count}"))
        if move.date < cal.start_date:
            found.append(
                (
                    f"moves[{i}].date",
                    f"{move.date.isoformat()} is before the start date "
                    f"{cal.start_date.isoformat()}",
                )
            )
        elif move.date in cal.skip_dates:
            found.append((f"moves[{i}].date", f"{move.date.isoformat()} is a skipped date"))
    return [FieldProblem("course_override." + f, m) for f, m in found]


def _override_words(
    rec: CourseRecommendation,
    o: CourseOverride,
    count: int,
    phases: Sequence[Phase],
    reviews: Sequence[int],
    nice: str = "",
) -> str:
    changed: list[str] = []
    if count != rec.sessions:
        changed.append(f"{count} sessions instead of {rec.sessions}")
    if tuple(phases) != rec.phases:
        changed.append("schedule " + ", then ".join(phase_text(p) for p in phases))
    if tuple(reviews) != rec.reviews_after:
        changed.append(f"reviews after {_sessions(reviews)}")
    changed += [f"session {m.session} on {m.date.isoformat()}" for m in o.moves]
    when = f" on {o.recorded_on.isoformat()}" if o.recorded_on else ""
    text = f"Changed by the practitioner{when}: " + ("; ".join(changed) or "no change") + "."
    if nice:
        text += " " + nice
    if o.reason.strip():
        reason = o.reason.strip()
        text += f" Reason: {reason}" + ("" if reason[-1] in ".!?" else ".")
    return text


# --- A case's course ------------------------------------------------------------------------

# Request fields as the case document names them.
_CASE_FIELDS = {
    "start_date": "plan.start_date",
    "clinic_days": "plan.clinic_days",
    "preferred_days": "plan.preferred_days",
    "skip_dates": "plan.skip_dates",
    "session_minutes": "plan.session_minutes",
    "nprs_now": "assessment.pain.now",
    "nprs_worst": "assessment.pain.worst",
    "ndi_total": "assessment.ndi_total",
}


def course_for_case(
    case: Case,
    findings: Iterable[Finding],
    *,
    today: date | None = None,
    start_date: date | None = None,
    preferred_days: Sequence[str] | None = None,
    skip_dates: Collection[date] | None = None,
    review_nprs: Sequence[int] = (),
    nice_cap: bool | None = None,
) -> CourseRecommendation | None:
    """The case's course with the plan's override applied; None while the safety gate
    stops the plan (an uncleared red flag or an unresolved block). ValidationError (naming
    the case's fields) when the case lacks what a course needs: an onset date, a plan with
    a start date and clinic days.

    start_date replaces the plan's; today, when given, refuses a start in the past.
    preferred_days, skip_dates and nice_cap replace the plan's when given (None: the plan's).
    """
    plan, a = case.plan, case.assessment
    findings = list(findings)
    if not passes_gate(findings):
        return None
    missing: list[FieldProblem] = []
    if a is None:
        missing.append(FieldProblem("assessment", "is required to plan a course"))
    elif a.onset_date is None:
        missing.append(
            FieldProblem(
                "assessment.onset_date",
                "is required to plan a course (it tells acute, subacute and chronic pain apart)",
            )
        )
    start = start_date or (plan.start_date if plan else None)
    if plan is None:
        missing.append(FieldProblem("plan", "is required to plan a course"))
    elif start is None:
        missing.append(FieldProblem("plan.start_date", "is required to plan a course"))
    _raise_if(missing)
    # Each is not None, or missing said so.
    assert a is not None
    assert a.onset_date is not None
    assert plan is not None
    assert start is not None
    request = CourseRequest(
        chronicity=chronicity(a.onset_date, a.date),
        start_date=start,
        clinic_days=plan.clinic_days,
        modality=plan.modality,
        session_minutes=plan.session_minutes,
        nprs_now=a.pain.now,
        nprs_worst=a.pain.worst,
        ndi_total=a.ndi_total,
        review_nprs=tuple(review_nprs),
        nice_cap=plan.nice_cap if nice_cap is None else nice_cap,
        preferred_days=tuple(plan.preferred_days if preferred_days is None else preferred_days),
        skip_dates=frozenset(plan.skip_dates if skip_dates is None else skip_dates),
        birth_date=case.patient.birth_date,
    )
    try:
        course = recommend_course(request, today=today)
        if plan.course_override is not None:
            course = apply_override(course, plan.course_override)
    except ValidationError as error:
        raise ValidationError(
            FieldProblem(_case_field(p.field), p.message) for p in error.problems
        ) from None
    cleared = list(dict.fromkeys(f.rule for f in findings if f.cleared_by is not None))
    if cleared:
        course = replace(
            course,
            rationale=f"Red flag cleared before planning ({', '.join(cleared)}). "
            f"{course.rationale}",
        )
    return course


def _case_field(name: str) -> str:
    if name.startswith("course_override"):
        return "plan." + name
    head = re.match(r"[a-z_]*", name)
    assert head is not None  # matches the empty string at least
    return _CASE_FIELDS.get(head.group(), head.group()) + name[head.end() :]


def responses_at_reviews(visits: Iterable[Visit], reviews_after: Sequence[int]) -> tuple[int, ...]:
    """Pain (NPRS before needling) at each review session already held, oldest first.

    Session n is the n-th visit on record (deleted ones excluded); a review whose visit has
    no NPRS ends the list, so the response the course reads is always the latest known.
    """
    held = sorted((v for v in visits if v.deleted_at is None), key=lambda v: (v.date, v.id or 0))
    scores: list[int] = []
    for session in sorted(reviews_after):
        if session > len(held) or held[session - 1].nprs_before is None:
            break
        score = held[session - 1].nprs_before
        assert score is not None
        scores.append(score)
    return tuple(scores)


def course_with_response(
    case: Case,
    findings: Iterable[Finding],
    visits: Iterable[Visit],
    **options: Any,
) -> CourseRecommendation | None:
    """course_for_case, then again with the pain recorded at the reviews already held: a
    poor or good response moves the count within its range (see recommend_course)."""
    findings = list(findings)
    course = course_for_case(case, findings, **options)
    if course is None:
        return None
    responses = responses_at_reviews(visits, course.reviews_after)
    if not responses:
        return course
    return course_for_case(case, findings, review_nprs=responses, **options)
