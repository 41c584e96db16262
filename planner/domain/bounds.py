"""Bounds every door shares: the case schema states them (resources/schema/case.schema.json),
the domain rules check them, and the course planner relies on them.

Dates run from 1900-01-01 to 2100-12-31: a course computed from any date in that range stays
far inside what Python's date can hold (year 9999), so no command meets an OverflowError.
Text holds no NUL character (PostgreSQL refuses it) and no lone surrogate (not encodable as
UTF-8), so SQLite and PostgreSQL take exactly the same values.
"""

from __future__ import annotations

import re
from datetime import date

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)

_SURROGATE = re.compile("[\ud800-\udfff]")


def date_problem(day: date) -> str | None:
    """Why day is outside the dates a case may hold, or None."""
    if DATE_MIN <= day <= DATE_MAX:
        return None
    return f"{day.isoformat()} is not between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}"


def text_problem(text: str) -> str | None:
    """Why text cannot be stored alike on SQLite and PostgreSQL, or None."""
    if "\x00" in text:
        return "contains a NUL character"
    found = _SURROGATE.search(text)
    if found is not None:
        return f"is invalid text (a lone surrogate, \\u{ord(found.group()):04x})"
    return None
