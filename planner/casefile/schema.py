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
from typing import Any

from planner import resources
from planner.casefile.messages import problems_from_errors
from planner.domain.errors import FieldProblem

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def case_schema() -> dict[str, Any]:
    """resources/schema/case.schema.json, parsed (do not mutate: it is shared)."""
    loaded: dict[str, Any] = json.loads(
        resources.path("schema", "case.schema.json").read_text(encoding="utf-8")
    )
    return loaded


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


def schema_problems(doc: object) -> list[FieldProblem]:
    """What the schema finds wrong with doc, in our wording; [] for a valid document."""
    fast = _fast_validator()
    if fast is not None and fast(doc):
        return []
    return problems_from_errors(_full_validator().iter_errors(doc), doc)


@cache
def _fast_validator() -> Callable[[object], bool] | None:
    try:
        import fastjsonschema
    except ImportError:  # optional: without it every document goes through jsonschema
        return None
    validate = fastjsonschema.compile(case_schema(), formats={"date": is_date})

    def check(doc: object) -> bool:
        try:
            validate(doc)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


@cache
def _full_validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_date)
    return Draft202012Validator(case_schema(), format_checker=checker)
