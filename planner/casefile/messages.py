"""Our wording for JSON Schema errors: one FieldProblem per bad value, never jsonschema's text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

from planner.domain import bounds, wording
from planner.domain.errors import FieldProblem

_KINDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SchemaError(Protocol):
    """The parts of a jsonschema ValidationError that we read (jsonschema ships no types)."""

    validator: str
    validator_value: Any
    instance: Any
    schema: Any

    @property
    def absolute_path(self) -> Sequence[str | int]: ...


def field_path(parts: Iterable[str | int]) -> str:
    """('assessment', 'psfs', 0, 'score') -> 'assessment.psfs[0].score'.

    A name that is not a plain word (a document may hold any key) is shown quoted, escaped
    and shortened: 'patient['\\r']', never a raw line break or escape code in a message."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif len(part) > wording.SHOWN_CHARS or not _PLAIN_NAME.fullmatch(part):
            path += f"[{wording.quoted(part)}]"
        else:
            path += f".{part}" if path else part
    return path


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def problems_from_errors(errors: Iterable[SchemaError], doc: object) -> list[FieldProblem]:
    """Every problem once, in the order its field appears in doc.

    A value of the wrong type gets only the type message: 'expected a whole number, got
    a number (2.5)' says enough without '2.5 is below the minimum of 5' after it.
    """
    found: dict[FieldProblem, tuple[int, ...]] = {}
    mistyped: set[str] = set()
    for error in sorted(errors, key=lambda e: e.validator != "type"):
        path = field_path(error.absolute_path)
        if path in mistyped:
            continue
        if error.validator == "type":
            mistyped.add(path)
        for parts, problem in _translate(error):
            found.setdefault(problem, _document_order(doc, parts))
    return sorted(found, key=found.__getitem__)


def _translate(error: SchemaError) -> list[tuple[list[str | int], FieldProblem]]:
    parts = list(error.absolute_path)
    path = field_path(parts)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    if keyword == "required":
        missing = [name for name in expected if name not in value]
        return [
            ([*parts, name], FieldProblem(field_path([*parts, name]), wording.REQUIRED))
            for name in missing
        ]
    if keyword == "additionalProperties":
        known = list(schema.get("properties", {}))
        return [
            ([*parts, name], FieldProblem(field_path([*parts, name]), _unknown_field(name, known)))
            for name in value
            if name not in known
        ]
    if keyword == "uniqueItems":
        return [
            ([*parts, i], FieldProblem(f"{path}[{i}]", wording.listed_twice(item)))
            for i, item in enumerate(value)
            if item in value[:i]
        ]
    return [(parts, FieldProblem(path, _message(keyword, expected, value, schema)))]


def _document_order(doc: object, parts: Sequence[str | int]) -> tuple[int, ...]:
    """Sort key placing a field where it sits in doc (a missing field after its siblings)."""
    key: list[int] = []
    node = doc
    for part in parts:
        if isinstance(part, int):
            key.append(part)
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict):
            names = list(node)
            key.append(names.index(part) if part in node else len(names))
            node = node.get(part)
        else:
            key.append(0)
            node = None
    return tuple(key)


def _message(keyword: str, expected: Any, value: Any, schema: dict[str, Any]) -> str:
    title = str(schema.get("title", "value"))
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        return f"expected {' or '.join(_KINDS.get(k, k) for k in kinds)}, got {_describe(value)}"
    if keyword == "maximum":
        return wording.above_maximum(value, expected)
    if keyword == "minimum":
        return wording.below_minimum(value, expected)
    if keyword == "enum":
        return wording.not_known(value, title, [str(v) for v in expected])
    if keyword in ("format", "pattern") and schema.get("format") == "date":
        return _date_message(value)  # one message for either, so a bad date gets one line
    if keyword in ("format", "pattern") and schema.get("format") == "date-time":
        return timestamp_problem(value) or f"{wording.quoted(value)} is not valid here"
    if keyword == "const":
        return f"{wording.quoted(value)} is not supported; expected {expected!r}"
    if keyword == "format":
        return f"{wording.quoted(value)} is not a valid {expected} (YYYY-MM-DD)"
    if keyword == "pattern":
        examples = [str(e) for e in schema.get("examples", [])]
        return wording.not_a(value, title, re.compile(expected), examples)
    if keyword == "minLength":
        return wording.too_short(expected)
    if keyword == "maxLength":
        return wording.too_long(expected)
    if keyword == "maxItems":
        return wording.too_many(len(value), expected)
    if keyword == "minItems":
        if not value:
            return (
                "is empty; at least one is needed"
                if expected == 1
                else f"is empty; at least {expected} are needed"
            )
        return f"has {len(value)} items; at least {expected} are needed"
    # The schema uses no other keyword; say something plain rather than leak jsonschema's text.
    return f"is not valid here ({keyword})"


def _date_message(value: Any) -> str:
    """Out of bounds for a real calendar date; otherwise not a date at all."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            problem = bounds.date_problem(date.fromisoformat(value))
        except ValueError:
            problem = None
        if problem is not None:
            return problem
    return f"{wording.quoted(value)} is not a valid date (YYYY-MM-DD)"


_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)


def timestamp_problem(value: object) -> str | None:
    """Why value is not a stored time as needleplan-case/2 writes it (a date and time with a
    UTC offset, 1900 to 2100 in UTC), or None."""
    parsed = None
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        return (
            f"{wording.quoted(value)} is not a valid date and time "
            "(YYYY-MM-DDTHH:MM:SS with a UTC offset, like 2026-11-20T09:30:00+00:00)"
        )
    in_utc = parsed.astimezone(UTC).date()
    if bounds.date_problem(in_utc) is not None:
        return (
            f"{wording.quoted(value)} is not between {bounds.DATE_MIN.isoformat()} and "
            f"{bounds.DATE_MAX.isoformat()} (in UTC)"
        )
    return None


def _unknown_field(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"is not a known field; did you mean {close[0]!r}?" if close else "is not a known field"


def _describe(value: Any) -> str:
    """'text ('6')', 'a list', 'null': what the document holds, briefly."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ({shown!r})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
