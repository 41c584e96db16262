"""How the Course page words what it says: sentences, number lists, short dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.domain.course.words import day_text


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def numbers(values: Sequence[int]) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def short_date(day: date) -> str:
    """'Tue 15 Dec 2026', as the planner's own messages write a date."""
    return day_text(day)
