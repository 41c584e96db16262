"""JSON Schema validation of the catalog files, with messages that name entry and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from planner import resources
from planner.catalog.problems import Problems, entry_label, field_path

SCHEMAS: dict[str, str] = {
    "sources.json": "catalog-sources.schema.json",
    "acupoints.json": "catalog-acupoints.schema.json",
    "acupoints-detail.json": "catalog-acupoints-detail.schema.json",
    "extra-points.json": "catalog-extra-points.schema.json",
    "trigger-regions.json": "catalog-trigger-regions.schema.json",
}
_COMMON = "catalog-common.schema.json"

Validate = Callable[[Any], Iterable[Any]]


@cache
def _validators() -> dict[str, Validate]:
    # Imported here, not at module level: jsonschema costs startup time the GUI need not pay.
    import json

    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    def load(name: str) -> Any:
        return json.loads(resources.path("schema", name).read_text(encoding="utf-8"))

    names = [_COMMON, *SCHEMAS.values()]
    schemas = {name: load(name) for name in names}
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return {
        file: Draft202012Validator(schemas[schema_name], registry=registry).iter_errors
        for file, schema_name in SCHEMAS.items()
    }


def _show(value: Any) -> str:
    return "null" if value is None else str(value)


def _describe(error: Any) -> tuple[list[str | int], str]:
    """The field path and our wording for one jsonschema error."""
    path: list[str | int] = list(error.absolute_path)
    kind = error.validator
    if kind in ("anyOf", "oneOf") and error.context:
        enums = [e for e in error.context if e.validator == "enum"]
        if enums:
            return path, _describe(enums[0])[1]
    if kind == "enum":
        allowed = ", ".join(_show(v) for v in error.validator_value if v is not None)
        return path, f"{error.instance!r} is not one of {allowed}"
    if kind == "required" and isinstance(error.instance, dict):
        missing = [n for n in error.validator_value if n not in error.instance]
        if missing:
            return [*path, missing[0]], "required field is missing"
    if kind == "const":
        return path, f"{error.instance!r} should be {error.validator_value!r}"
    return path, str(error.message)


def _order(error: Any) -> list[tuple[bool, Any]]:
    return [(isinstance(p, str), p) for p in error.absolute_path]


def check_schema(file: str, document: Any, problems: Problems) -> None:
    """Adds one problem per schema error, in document order."""
    for error in sorted(_validators()[file](document), key=_order):
        path, text = _describe(error)
        entry, rest = entry_label(document, path)
        problems.add(file, entry, field_path(rest), text)
