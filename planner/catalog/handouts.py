"""Reads the handout inputs: the shipped content blocks and the clinic's details file.

Both are checked against their JSON Schema, then against the domain's vocabularies; a bad
file fails as a whole with a message naming the file, the block and the field:
`blocks.json: exercise-chin-tuck: when.areas[0]: 'nek' is not a known area; did you mean
'neck'? ...`. jsonschema is imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from planner import resources
from planner.catalog.problems import field_path
from planner.domain import wording
from planner.domain.catalog import CatalogError
from planner.domain.catalog_entries import Flag
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.handout import (
    PLACES,
    Area,
    Block,
    ClinicDetails,
    Condition,
    Paper,
    Risk,
    SectionKind,
)
from planner.domain.vocab import CONDITIONS, Modality

BLOCKS_FILE = "blocks.json"
BLOCKS_SCHEMA = "handout-blocks.schema.json"
CLINIC_SCHEMA = "clinic.schema.json"
CLINIC_FILE = "clinic.json"


def shipped_blocks() -> Path:
    return resources.path("handouts", BLOCKS_FILE)


@cache
def load_blocks(path: Path | None = None) -> tuple[Block, ...]:
    """The content blocks in `path` (default: the shipped file), in file order.

    Raises CatalogError naming the file, the block and the field of every problem."""
    path = path or shipped_blocks()
    name = path.name
    document = read_json(path, CatalogError)
    problems = [f"{name}: {w}: {m}" for w, m in schema_problems(BLOCKS_SCHEMA, document, "blocks")]
    if not problems:
        problems = [f"{name}: {p}" for p in _vocabulary_problems(document)]
    if problems:
        raise CatalogError.from_problems(problems)
    return tuple(_block(raw) for raw in document["blocks"])


def _block(raw: Mapping[str, Any]) -> Block:
    when = raw.get("when", {})
    electro = when.get("electro")
    return Block(
        id=raw["id"],
        section=SectionKind(raw["section"]),
        sources=tuple(raw["sources"]),
        title=raw.get("title", ""),
        text=tuple(raw.get("text", ())),
        items=tuple(raw.get("items", ())),
        steps=tuple(raw.get("steps", ())),
        safety=raw.get("safety", ""),
        when=Condition(
            modalities=tuple(Modality(m) for m in when.get("modalities", ())),
            areas=tuple(Area(a) for a in when.get("areas", ())),
            flags=tuple(Flag(f) for f in when.get("flags", ())),
            targets=tuple(when.get("targets", ())),
            conditions=tuple(when.get("conditions", ())),
            electro=electro if isinstance(electro, bool) else None,
            risks=tuple(Risk(r) for r in when.get("risks", ())),
            unless_conditions=tuple(when.get("unless_conditions", ())),
        ),
    )


_VOCABULARIES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "areas": ("area", tuple(a.value for a in Area)),
    "flags": ("flag", tuple(f.value for f in Flag)),
    "conditions": ("condition", CONDITIONS),
    "unless_conditions": ("condition", CONDITIONS),
    "risks": ("risk", tuple(r.value for r in Risk)),
}
_WORD_FIELDS = ("title", "text", "items", "steps", "safety")


def _vocabulary_problems(document: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(document["blocks"]):
        label = raw["id"]
        if label in seen:
            problems.append(f"blocks[{i}]: id: {wording.listed_twice(label)}")
        seen.add(label)
        if raw["section"] == SectionKind.EXERCISES and raw.get("steps") and not raw.get("title"):
            problems.append(f"{label}: title: an exercise needs a title")
        for key, (noun, known) in _VOCABULARIES.items():
            for j, value in enumerate(raw.get("when", {}).get(key, ())):
                if value not in known:
                    where = field_path(["when", key, j])
                    problems.append(f"{label}: {where}: {wording.not_known(value, noun, known)}")
        problems += [f"{label}: {p}" for p in _placeholder_problems(raw)]
    return problems


def _placeholder_problems(raw: Mapping[str, Any]) -> list[str]:
    """PLACES ('where the needles went') is the one placeholder, and it needs when.risks:
    the risks say which targets' places fill it."""
    problems: list[str] = []
    for key in _WORD_FIELDS:
        value = raw.get(key, ())
        for j, line in enumerate([value] if isinstance(value, str) else value):
            where = key if isinstance(value, str) else field_path([key, j])
            rest = line.replace(PLACES, "")
            if "{" in rest or "}" in rest:
                problems.append(f"{where}: the only placeholder is {PLACES}")
            elif PLACES in line and not raw.get("when", {}).get("risks"):
                problems.append(f"{where}: {PLACES} needs when.risks (whose places to name)")
    return problems


# --- clinic.json ----------------------------------------------------------------------------


def default_clinic_path() -> Path:
    """clinic.json in the user's configuration folder (it may not exist)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("needleplan")) / CLINIC_FILE


def load_clinic(path: Path | None = None) -> ClinicDetails:
    """The clinic's details from `path`, or from the default file if it exists, else neutral
    placeholders. A bad file raises ValidationError naming the field."""
    if path is None:
        path = default_clinic_path()
        if not path.is_file():
            return ClinicDetails()
    document = read_json(path, _clinic_error(path))
    problems = schema_problems(CLINIC_SCHEMA, document, None)
    if problems:
        raise ValidationError(FieldProblem(f"{path.name}: {w}", m) for w, m in problems)
    logo = document.get("logo")
    logo_path = (path.parent / logo).resolve() if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise ValidationError.single(f"{path.name}: logo", f"{logo!r}: no such file")
    defaults = ClinicDetails()
    return ClinicDetails(
        name=document.get("name", defaults.name),
        logo=logo_path,
        address=document.get("address", ""),
        phone=document.get("phone", ""),
        practitioner=document.get("practitioner", ""),
        paper=Paper(document.get("paper", defaults.paper)),
        large_print=bool(document.get("large_print", False)),
        emergency_number=document.get("emergency_number", ""),
    )


def _clinic_error(path: Path) -> Callable[[str], Exception]:
    return lambda message: ValidationError.single(path.name, message.split(": ", 1)[-1])


# --- shared (also by planner.catalog.adverse_events) -----------------------------------------


def read_json(path: Path, error: Callable[[str], Exception]) -> Any:
    """The JSON document in `path`; `error(message)` is raised when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path.name}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise error(f"{path.name}: is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None


@cache
def _validator(schema_file: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.path("schema", schema_file).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def schema_problems(
    schema_file: str, document: Any, list_key: str | None, entry_key: str = "id"
) -> list[tuple[str, str]]:
    """(where, message) per schema error of `document` against resources/schema/schema_file.

    where is 'entry: field': the entry is named by its `entry_key` (a block's id) when the
    error lies inside the list `list_key`, else by its index (`blocks[3]`)."""
    out: list[tuple[str, str]] = []
    errors = sorted(
        _validator(schema_file).iter_errors(document), key=lambda e: list(map(str, e.absolute_path))
    )
    for error in errors:
        path: list[str | int] = list(error.absolute_path)
        message = _message(error)
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [n for n in error.validator_value if n not in error.instance]
            path, message = [*path, missing[0]], "is required"
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            extra = next((k for k in error.instance if k not in known), "")
            path, message = [*path, extra], "is not a known field"
        entry = ""
        if list_key and len(path) >= 2 and path[0] == list_key and isinstance(path[1], int):
            blocks = document.get(list_key, []) if isinstance(document, dict) else []
            item = blocks[path[1]] if path[1] < len(blocks) else None
            ident = item.get(entry_key) if isinstance(item, dict) else None
            entry = ident if isinstance(ident, str) and ident else f"{list_key}[{path[1]}]"
            path = path[2:]
        where = ": ".join(x for x in (entry, field_path(path)) if x) or "(document)"
        out.append((where, message))
    return out


def _message(error: Any) -> str:
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "const":
        return f"{error.instance!r} should be {error.validator_value!r}"
    if error.validator == "anyOf" and error.schema.get("anyOf", [{}])[0].get("required"):
        return "needs text, items or steps"
    if error.validator == "type":
        return f"{error.instance!r} is not of type {error.validator_value!r}"
    return str(error.message)
