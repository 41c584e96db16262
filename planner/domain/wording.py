"""How a rule words a bad value, shared by the domain rules and the case-file validator.

One place for the phrases, so a problem found by the JSON Schema and the same problem found by
a domain rule (say, in the GUI) read exactly alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date

REQUIRED = "is required"
_SHOWN_KNOWN = 6  # how many valid values an "is not a known ..." message lists


def above_maximum(value: object, maximum: int) -> str:
    return f"{value} is above the maximum of {maximum}"


def below_minimum(value: object, minimum: int) -> str:
    return f"{value} is below the minimum of {minimum}"


def out_of_range(value: int, low: int, high: int) -> str | None:
    """The range message for value, or None when low <= value <= high."""
    if value < low:
        return below_minimum(value, low)
    if value > high:
        return above_maximum(value, high)
    return None


def too_long(limit: int) -> str:
    return f"is longer than {limit} characters"


def too_short(limit: int) -> str:
    return REQUIRED if limit <= 1 else f"is shorter than {limit} characters"


def too_many(count: int, limit: int) -> str:
    return f"has {count} items; at most {limit} are allowed"


def listed_twice(value: object) -> str:
    return f"{value!r} is listed twice"


def in_future(day: date) -> str:
    return f"{day.isoformat()} is in the future"


def after(day: date, other: date, what: str) -> str:
    return f"{day.isoformat()} is after {what} {other.isoformat()}"


def not_known(value: object, noun: str, known: Sequence[str]) -> str:
    """`'pregnant' is not a known condition; did you mean 'pregnancy'? (known: ...)`."""
    message = f"{value!r} is not a known {noun}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value, known, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
    shown = ", ".join(known[:_SHOWN_KNOWN])
    more = ", ..." if len(known) > _SHOWN_KNOWN else ""
    return f"{message} (known: {shown}{more})"


def not_a(value: object, noun: str, pattern: re.Pattern[str], examples: Sequence[str]) -> str:
    """`'gb21' is not an acupoint code (like GB21 or EX-B2); did you mean 'GB21'?`."""
    article = "an" if noun[:1] in "aeiou" else "a"
    message = f"{value!r} is not {article} {noun}"
    if examples:
        message += f" (like {' or '.join(examples)})"
    if isinstance(value, str):
        # The usual slips: wrong case, spaces instead of hyphens.
        for guess in (value.strip().upper(), "-".join(value.lower().split())):
            if guess != value and pattern.fullmatch(guess):
                return f"{message}; did you mean {guess!r}?"
    return message
