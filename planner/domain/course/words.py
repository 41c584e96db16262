"""The course in words: phases, the total against NICE NG193, and lists of sessions and dates.

Shared by the recommendation's rationale, the override's note of what changed, the GUI and
the command line, so a course reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.domain.course.defaults import NICE_CAP_MINUTES
from planner.domain.course.override import Phase

# Written out, not strftime's, which follows the computer's locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def phase_text(p: Phase) -> str:
    rate = {1: "weekly", 2: "twice a week"}.get(p.per_week, f"{p.per_week} times a week")
    return f"{rate} for {p.weeks} week{'s' if p.weeks != 1 else ''}"


def nice_total(count: int, minutes: int, what: str = "This course") -> str:
    """The course's total minutes against NG193's 300: within it, or over it by how much."""
    total = count * minutes
    text = f"{what} is {count} sessions of {minutes} minutes, {total} minutes: "
    if total <= NICE_CAP_MINUTES:
        return text + f"within the {NICE_CAP_MINUTES}."
    return text + f"{total - NICE_CAP_MINUTES} minutes over the {NICE_CAP_MINUTES}."


def number_list(numbers: Sequence[object]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def session_list(numbers: Sequence[int]) -> str:
    return f"session{'s' if len(numbers) > 1 else ''} {number_list(numbers)}"


def day_text(day: date) -> str:
    """'Tue 15 Dec 2026': the weekday and the month in words, so no reader mixes up day and
    month (ISO dates are for files, not for people)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_list(days: Sequence[date]) -> str:
    return number_list([day_text(d) for d in days])


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
