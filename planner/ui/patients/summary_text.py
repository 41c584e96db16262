"""What the Patient step's summary says: alerts, the last visit and the course, in words.

Presentation only: the screening, the clearances and the course position are the domain's;
this turns them into short lines a practitioner reads at a glance. The planned targets are
in plan_text. Loaded with the summary's first full read, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.domain.assessment import Assessment
from planner.domain.clearance import clearances_by_rule
from planner.domain.course.position import CoursePosition
from planner.domain.course.words import day_text as course_day_text
from planner.domain.findings import Finding, Severity
from planner.domain.visit import FOLLOW_UP_REQUIRED, Visit
from planner.ui.patients.sections import Line, Tone
from planner.ui.shared.labels import CONDITION_LABELS, RED_FLAG_LABELS

EVENT_DETAIL_MAX = 80  # a longer description is in the line's tip only


# --- dates ----------------------------------------------------------------------------------


def day_text(day: date, today: date) -> str:
    """'Tue 15 Dec'; the year too when it is not this year's (the course's words, which
    do not follow the system locale as strftime would)."""
    text = course_day_text(day)
    return text.rsplit(" ", 1)[0] if day.year == today.year else text


def ago_text(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return "in the future"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


# --- alerts ---------------------------------------------------------------------------------


def health_lines(assessment: Assessment | None) -> list[Line]:
    """Conditions and medications from the current assessment."""
    if assessment is None:
        return [Line("No assessment yet: record one on the Assessment step.", "quiet")]
    lines = []
    for c in assessment.conditions:
        label = CONDITION_LABELS.get(c, c.replace("-", " ").capitalize())
        if c == "pregnancy" and assessment.pregnancy_weeks is not None:
            label += f", {assessment.pregnancy_weeks} weeks at the assessment"
        lines.append(Line(label))
    if assessment.medications.strip():
        lines.append(Line(f"Medications: {assessment.medications.strip()}"))
    return lines or [Line("No conditions or medications recorded.", "quiet")]


def red_flag_lines(
    assessment: Assessment | None, red_flags: Sequence[Finding], today: date
) -> list[Line]:
    """Every red flag the screening raises, uncleared first, with who cleared the others."""
    if assessment is None:
        return []
    cleared_by = clearances_by_rule(assessment.clearances)
    lines = []
    for f in sorted(red_flags, key=lambda f: f.cleared_by is not None):
        name = red_flag_name(f)
        c = cleared_by.get(f.rule)
        if f.cleared_by is None or c is None:
            lines.append(Line(f"{name}: not cleared. Refer on; no needling.", "warn", f.message))
        else:
            who = f"{c.cleared_by.strip()} ({c.role.strip()})"
            tip = f"{c.note.strip()}\n\n{f.message}"
            lines.append(Line(f"{name}: cleared by {who}, {day_text(c.date, today)}", "ok", tip))
    return lines or [Line("No red flags.", "quiet")]


def red_flag_name(f: Finding) -> str:
    """'Recent trauma' for a ticked flag; the message's first clause for a derived one."""
    ticked = f.rule.removeprefix("red-flag-")
    if f.rule.startswith("red-flag-") and ticked in RED_FLAG_LABELS:
        return RED_FLAG_LABELS[ticked]
    head = f.message.split(". ")[0].rstrip(".")
    if head.lower().startswith("red flag"):
        head = head.partition(": ")[2] or head
    head = head.split(", and ")[0]
    return head[:1].upper() + head[1:]


def is_red_flag(f: Finding) -> bool:
    return f.severity is Severity.REFER


# --- the last visit -------------------------------------------------------------------------


def last_visit_lines(visits: Sequence[Visit], today: date) -> list[Line]:
    live = [v for v in visits if v.deleted_at is None]
    if not live:
        return [Line("No visits yet.", "quiet")]
    v = max(live, key=lambda v: (v.date, v.id or 0))
    lines = [Line(f"{day_text(v.date, today)} ({ago_text(v.date, today)})")]
    lines.append(Line(pain_text(v.nprs_before, v.nprs_after)))
    if v.targets:
        names = dict.fromkeys(short_target(t.target) for t in v.targets)
        lines.append(Line("Needled: " + ", ".join(names), "quiet"))
    for event in v.adverse_events:
        what = event.kind.replace("-", " ").capitalize()
        detail = event.description.strip()
        if detail and len(detail) <= EVENT_DETAIL_MAX:
            what += f" ({detail})"
        tip = "\n\n".join(x for x in (event.description.strip(), event.follow_up.strip()) if x)
        # An emergency stays loud on the next visit; a bruise is a note.
        tone: Tone = "warn" if event.kind in FOLLOW_UP_REQUIRED else "plain"
        lines.append(Line(f"Adverse event: {what}", tone, tip))
    return lines


def pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "Pain before and after not recorded"
    if after is None:
        return f"Pain {before}/10 before needling; after not recorded"
    if before is None:
        return f"Pain {after}/10 after needling; before not recorded"
    change = after - before
    how = "no change" if change == 0 else f"{abs(change)} {'less' if change < 0 else 'more'}"
    return f"Pain {before}/10 before needling, {after}/10 after ({how})"


def short_target(target: str) -> str:
    """'GB21', or 'levator scapulae' for 'TP:levator-scapulae' (never the internal id)."""
    if target.startswith("TP:"):
        return target.removeprefix("TP:").replace("-", " ")
    return target


# --- the course -----------------------------------------------------------------------------


def course_lines(p: CoursePosition, reviews_after: Sequence[int], today: date) -> list[Line]:
    """'Session 3 of 8, next Tue 15 Dec', then the reviews."""
    if p.next_session is None:
        last = f", the last {day_text(p.last_held, today)}" if p.last_held else ""
        head = f"All {p.total} sessions held{last}"
        if p.held > p.total:
            head = f"{p.held} visits since the course started: {p.total} were planned"
        return [Line(head), Line("Review the outcome and decide what next.", "quiet")]
    assert p.next_date is not None  # a next session always has its date
    when = day_text(p.next_date, today)
    lines = []
    if p.held_today:
        after = "" if p.next_date == today else f"; next {when}"
        lines.append(Line(f"Session {p.held} of {p.total} today{after}"))
    elif p.next_date == today:
        lines.append(Line(f"Session {p.next_session} of {p.total}, today"))
    else:
        lines.append(Line(f"Session {p.next_session} of {p.total}, next {when}"))
    if p.missed(today):
        lines.append(
            Line(
                f"Session {p.next_session} was planned for {when}: the dates are behind. "
                "Move them on the Course step if needed.",
                "warn",
            )
        )
    held = "" if p.held_today else f"{p.held} held" if p.held else "No session held yet"
    reviews = ""
    if reviews_after:
        reviews = f"reviews at session{'s' if len(reviews_after) > 1 else ''} "
        reviews += and_list([str(n) for n in reviews_after])
    detail = "; ".join(x for x in (held, reviews) if x)
    if detail:
        lines.append(Line(detail[:1].upper() + detail[1:], "quiet"))
    if p.next_is_review:
        lines.append(Line(f"Session {p.next_session} is a review: reassess pain and function."))
    return lines


def and_list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
