"""How a rule words a bad value, shared by the domain rules and the case-file validator.

One place for the phrases, so a problem found by the JSON Schema and the same problem found by
a domain rule (say, in the GUI) read exactly alike.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from datetime import date

REQUIRED = "is required"
_SHOWN_KNOWN = 6  # how many valid values an "is not a known ..." message lists
SHOWN_CHARS = 60  # the most characters of a refused value a message repeats
_CLOSE_MATCH_MAX = 100  # longer values are not compared with the known ones (difflib is slow)


def shorten(text: object, limit: int = SHOWN_CHARS) -> str:
    """`text` as a message may repeat it: at most `limit` characters, else its start, an
    ellipsis and its length (`abcabc… (10485760 characters)`)."""
    if isinstance(text, int) and _huge(text):
        return _digits(text)
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """A refused value as a message shows it: its repr (quoted, control characters escaped),
    shortened to about `limit` characters so a 10 MB value is never echoed whole."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    if isinstance(value, int) and _huge(value):
        return _digits(value)
    text = repr(value)
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text)} characters)"
    return text


def _huge(number: int) -> bool:
    """Too long to print (Python refuses str() of an int over 4,300 digits)."""
    return number.bit_length() > 14_000  # about 4,200 digits


def _digits(number: int) -> str:
    digits = int(abs(number).bit_length() * math.log10(2)) + 1
    return f"a whole number of about {digits} digits"


def above_maximum(value: object, maximum: int) -> str:
    return f"{shorten(value)} is above the maximum of {maximum}"


def below_minimum(value: object, minimum: int) -> str:
    return f"{shorten(value)} is below the minimum of {minimum}"


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
    return f"{quoted(value)} is listed twice"


def in_future(day: date) -> str:
    return f"{day.isoformat()} is in the future"


def after(day: date, other: date, what: str) -> str:
    return f"{day.isoformat()} is after {what} {other.isoformat()}"


def not_known(value: object, noun: str, known: Sequence[str]) -> str:
    """`'pregnant' is not a known condition; did you mean 'pregnancy'? (known: ...)`."""
    message = f"{quoted(value)} is not a known {noun}"
    if isinstance(value, str) and len(value) <= _CLOSE_MATCH_MAX:
        close = difflib.get_close_matches(value, known, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
    shown = ", ".join(known[:_SHOWN_KNOWN])
    more = ", ..." if len(known) > _SHOWN_KNOWN else ""
    return f"{message} (known: {shown}{more})"


def not_a(value: object, noun: str, pattern: re.Pattern[str], examples: Sequence[str]) -> str:
    """`'gb21' is not an acupoint code (like GB21 or EX-B2); did you mean 'GB21'?`."""
    article = "an" if noun[:1] in "aeiou" else "a"
    message = f"{quoted(value)} is not {article} {noun}"
    if examples:
        message += f" (like {' or '.join(examples)})"
    if isinstance(value, str) and len(value) <= _CLOSE_MATCH_MAX:
        # The usual slips: wrong case, spaces instead of hyphens.
        for guess in (value.strip().upper(), "-".join(value.lower().split())):
            if guess != value and pattern.fullmatch(guess):
                return f"{message}; did you mean {guess!r}?"
    return message
