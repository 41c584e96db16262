"""The case document's JSON Schema and the validators built from it (once per process).

jsonschema takes about 60 µs per small document here, too slow for 100,000-record imports,
so a compiled fastjsonschema validator checks the happy path when it is installed; jsonschema
only runs on a document that fails (or when fastjsonschema is missing), to name every problem.
Both are imported on first use, so importing planner.casefile stays cheap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, Literal

from planner import resources
from planner.casefile.messages import field_path, problems_from_errors, timestamp_problem
from planner.domain.bounds import text_problem
from planner.domain.errors import FieldProblem

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# A case nests five deep (plan.course_override.phases[0].weeks); far deeper is not a case,
# and past about 1,000 levels the parser and the validators would exhaust Python's stack.
MAX_DEPTH = 16
# No field takes a number longer than this; past 4,300 digits int() would raise ValueError.
NUMBER_DIGITS_MAX = 64


class HugeNumber:
    """An integer in a document too long to be any field's value (parse_int's stand-in)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number with {self.digits} digits>"


def parse_int(text: str) -> int | HugeNumber:
    """json.loads's parse_int: the integer, or a HugeNumber that input_problems names."""
    if len(text) <= NUMBER_DIGITS_MAX:
        return int(text)
    return HugeNumber(len(text.lstrip("-")))


def input_problems(doc: object) -> list[FieldProblem]:
    """What must be refused before the schema looks: nesting deeper than MAX_DEPTH, numbers
    too long to convert, and text SQLite and PostgreSQL would not store alike (a NUL, a lone
    surrogate), in values and in field names. Walks without recursion."""
    problems: list[FieldProblem] = []
    if not isinstance(doc, dict | list):
        problem = _scalar_problem(doc)
        return [FieldProblem("", problem)] if problem else []
    bad = _BAD_TEXT.search
    stack: list[tuple[dict[str, Any] | list[Any], tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        if len(path) >= MAX_DEPTH:
            message = f"is nested more than {MAX_DEPTH} levels deep"
            problems.append(FieldProblem(field_path(path[:2]), message))
            continue
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if key.__class__ is str and bad(key):
                problem = f"a field name {text_problem(key)}"
                problems.append(FieldProblem(field_path(path), problem))
            elif value.__class__ is str:
                if bad(value):
                    problems.append(FieldProblem(field_path((*path, key)), _text(value)))
            elif isinstance(value, dict | list):
                stack.append((value, (*path, key)))
            elif (problem := _scalar_problem(value)) is not None:
                problems.append(FieldProblem(field_path((*path, key)), problem))
    return problems


_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def _text(value: str) -> str:
    problem = text_problem(value)
    assert problem is not None  # _BAD_TEXT matched
    return problem


def _scalar_problem(value: object) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, HugeNumber):
        return f"is a number with {value.digits} digits, far above any maximum"
    return None


SCHEMA_FILES = {1: "case.schema.json", 2: "case-2.schema.json"}
# What a document is validated against: needleplan-case/1, or one kind of needleplan-case/2
# record (a definition of case-2.schema.json, whose top level allows either).
Kind = Literal["case", "case_record", "protocol_record"]


@cache
def case_schema(version: int = 1) -> dict[str, Any]:
    """resources/schema/case.schema.json (version 2: case-2.schema.json), parsed (do not
    mutate: it is shared)."""
    loaded: dict[str, Any] = json.loads(
        resources.path("schema", SCHEMA_FILES[version]).read_text(encoding="utf-8")
    )
    return loaded


def _kind_schema(kind: Kind) -> dict[str, Any]:
    if kind == "case":
        return case_schema()
    whole = case_schema(2)
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": f"#/$defs/{kind}"}


def is_date(value: object) -> bool:
    """A calendar date written YYYY-MM-DD (fromisoformat alone also takes 20261120).

    Anything but a string passes: "format" only speaks about strings; "type" covers the rest.
    """
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_timestamp(value: object) -> bool:
    """A date and time with a UTC offset, 1900 to 2100 once in UTC (messages.timestamp_problem
    says what is wrong). Anything but a string passes, as for is_date."""
    return not isinstance(value, str) or timestamp_problem(value) is None


def schema_problems(doc: object, kind: Kind = "case") -> list[FieldProblem]:
    """What the schema finds wrong with doc, in our wording; [] for a valid document."""
    fast = _fast_validator()
    if fast is not None and fast(doc, kind):
        return []
    return problems_from_errors(_full_validator(kind).iter_errors(doc), doc)


@cache
def _fast_validator() -> Callable[[object, Kind], bool] | None:
    try:
        import fastjsonschema
    except ImportError:  # optional: without it every document goes through jsonschema
        return None
    formats = {"date": is_date, "date-time": is_timestamp}
    compiled: dict[Kind, Callable[[object], object]] = {}

    def check(doc: object, kind: Kind = "case") -> bool:
        validate = compiled.get(kind)
        if validate is None:
            validate = compiled[kind] = fastjsonschema.compile(_kind_schema(kind), formats=formats)
        try:
            validate(doc)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


@cache
def _full_validator(kind: Kind = "case") -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_date)
    checker.checks("date-time")(is_timestamp)
    return Draft202012Validator(_kind_schema(kind), format_checker=checker)
