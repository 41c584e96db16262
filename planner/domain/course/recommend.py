"""How many sessions, how often, when to review, and on which dates (REFERENCE.md section 6).

Pure: the planner defaults (planner.domain.course.defaults), moved within their range by
severity and by the response so far, capped by NICE NG193 when asked, then laid out on the
calendar by planner.domain.course.schedule.
The practitioner can override every number (planner.domain.course.override, applied by
planner.domain.course.overridden).
"""

from __future__ import annotations

from datetime import date

from planner.domain import wording
from planner.domain.assessment import (
    NDI_MAX,
    NDI_MIN,
    NPRS_MAX,
    NPRS_MIN,
    Chronicity,
    ndi_band,
)
from planner.domain.course.defaults import (
    CLELAND,
    DEFAULTS,
    HAAKE,
    NICE,
    NICE_CAP_MINUTES,
    NICE_MIN_AGE,
    NPRS_MILD,
    NPRS_SEVERE,
    SERLIN,
    VERNON,
    CourseDefault,
)
from planner.domain.course.outcomes import Change, nprs_change
from planner.domain.course.override import Phase
from planner.domain.course.phases import compress
from planner.domain.course.recommendation import CourseCalendar, CourseRecommendation, CourseRequest
from planner.domain.course.schedule import allowed_days, schedule, spacing_words
from planner.domain.course.words import (
    date_list,
    day_text,
    nice_total,
    phase_text,
    sentence,
    session_list,
)
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.plan import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN
from planner.domain.vocab import WEEKDAYS

_CHRONICITY_WORDS: dict[Chronicity, str] = {
    "acute": "Pain for under 6 weeks since onset (acute).",
    "subacute": "Pain for 6 to 12 weeks since onset (subacute).",
    "chronic": "Pain for 12 weeks or more since onset (chronic).",
}


def recommend_course(request: CourseRequest, *, today: date | None = None) -> CourseRecommendation:
    """The planner's course for request; ValidationError names every bad field.

    Pass today for a new plan: a start date before it is refused.
    """
    r = request
    problems = _request_problems(r, today)
    if problems:
        raise ValidationError(problems)
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
    why.append(spacing_words(phases, days.weekdays))
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
        why.append(f"No session on {date_list(skipped)}.")
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


def _request_problems(r: CourseRequest, today: date | None) -> list[FieldProblem]:
    found: list[tuple[str, str | None]] = []
    if today is not None and r.start_date < today:
        found.append(
            (
                "start_date",
                f"{day_text(r.start_date)} is in the past (today is {day_text(today)})",
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
        return 0, sentence(" and ".join(scores) + " (moderate): the usual count")
    return steps, sentence("; ".join(words)) + " The count stays within the range."


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


def _reviews(count: int, default: CourseDefault) -> tuple[int, ...]:
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


def _review_words(reviews: tuple[int, ...], default: CourseDefault) -> str:
    text = f"Review after {session_list(reviews)}"
    if default.review_every:
        return text + f": every {default.review_every} sessions and at the end."
    return text + ": three treatments before judging the response, and at the end."
