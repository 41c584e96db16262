"""Reads, validates and cross-checks the screening rules (resources/rules/screening.json).

A bad rule file fails as a whole, with a message that names the file, the rule and the
field: `screening.json: pacemaker-electro: when.conditions[0]: 'pacemakr' is not a known
condition; did you mean 'pacemaker'? ...`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from planner import resources
from planner.catalog.loader import load_catalog
from planner.catalog.problems import field_path
from planner.domain import wording
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.catalog_entries import BodyRegion, Flag
from planner.domain.findings import Severity
from planner.domain.screening_rules import (
    MESSAGE_FIELDS,
    Rule,
    Scope,
    TargetFilter,
    message_fields,
    needs_assessment,
)
from planner.domain.vocab import CONDITIONS, RED_FLAGS, REGIONS, Side

RULES_FILE = "screening.json"
SCHEMA_FILE = "rules.schema.json"

Doc = Mapping[str, Any]


def shipped_rules() -> Path:
    return resources.path("rules", RULES_FILE)


@cache
def load_rules(path: Path | None = None, catalog: Catalog | None = None) -> tuple[Rule, ...]:
    """The rules in `path` (default: the shipped file), checked against the vocabularies
    and `catalog` (default: the shipped one). Raises CatalogError naming file, rule, field."""
    path = path or shipped_rules()
    catalog = catalog or load_catalog()
    name = path.name
    document = _read(path)
    problems = _schema_problems(name, document)
    if problems:  # the cross-checks rely on the schema's shapes
        raise CatalogError.from_problems(problems)
    rules, problems = _cross_check(name, document, catalog)
    if problems:
        raise CatalogError.from_problems(problems)
    return rules


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CatalogError(f"{path.name}: cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise CatalogError(f"{path.name}: not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise CatalogError(f"{path.name}: line {e.lineno}: not valid JSON ({e.msg})") from None


# --- Schema --------------------------------------------------------------------------------


@cache
def _validator() -> Any:
    # Imported here: jsonschema costs startup time that the GUI need not pay.
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.path("schema", SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _rule_label(document: Any, index: int) -> str:
    rules = document.get("rules") if isinstance(document, dict) else None
    if isinstance(rules, list) and index < len(rules):
        rule = rules[index]
        if isinstance(rule, dict) and isinstance(rule.get("id"), str) and rule["id"]:
            return str(rule["id"])
    return f"rules[{index}]"


def _where(document: Any, path: list[str | int]) -> tuple[str | None, list[str | int]]:
    """(rule label, rest of the path) for a path into the rules list; (None, path) else."""
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        return _rule_label(document, path[1]), path[2:]
    return None, path


def _describe(error: Any) -> tuple[list[str | int], str]:
    path: list[str | int] = list(error.absolute_path)
    kind = error.validator
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return path, f"{error.instance!r} is not one of {allowed}"
    if kind == "required" and isinstance(error.instance, dict):
        missing = [n for n in error.validator_value if n not in error.instance]
        if missing:
            return [*path, missing[0]], "required field is missing"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed_keys = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed_keys)
        if extra:
            return [*path, extra[0]], "is not a known field"
    if kind == "pattern":
        return path, f"{error.instance!r} is not in the expected form ({error.validator_value})"
    if kind == "const":
        return path, f"{error.instance!r} should be {error.validator_value!r}"
    return path, str(error.message)


def _schema_problems(name: str, document: Any) -> list[str]:
    errors = sorted(
        _validator().iter_errors(document),
        key=lambda e: [(isinstance(p, str), p) for p in e.absolute_path],
    )
    problems = []
    for error in errors:
        path, text = _describe(error)
        rule, rest = _where(document, path)
        problems.append(_message(name, rule, field_path(rest), text))
    return problems


def _message(name: str, rule: str | None, field: str, text: str) -> str:
    return ": ".join(part for part in (name, rule, field, text) if part)


# --- Cross-checks and building -------------------------------------------------------------


def _cross_check(name: str, document: Doc, catalog: Catalog) -> tuple[tuple[Rule, ...], list[str]]:
    problems: list[str] = []
    labels = {s.id: s.label for s in catalog.sources}
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in document["rules"]:
        rule_id = item["id"]

        def add(field: str, text: str, rule_id: str = rule_id) -> None:
            problems.append(_message(name, rule_id, field, text))

        if rule_id in seen:
            add("id", wording.listed_twice(rule_id))
        seen.add(rule_id)
        rule = _build(item, labels)
        _check_when(item, add)
        _check_shape(item, rule, add)
        _check_targets(item, catalog, add)
        _check_picked_by(item, document["rules"], add)
        _check_message(rule, add)
        for i, source_id in enumerate(item["sources"]):
            if source_id not in labels:
                add(
                    f"sources[{i}]",
                    f"{source_id!r} is not a source id in the catalog's sources.json",
                )
        rules.append(rule)
    problems += _coverage_problems(name, rules)
    return tuple(rules), problems


def _build(item: Doc, labels: Mapping[str, str]) -> Rule:
    """The rule, citing its sources by the catalog's labels (an unknown id as itself)."""
    when: Doc = item.get("when", {})
    t: Doc = item.get("targets", {})
    return Rule(
        id=item["id"],
        severity=Severity(item["severity"]),
        scope=Scope(item["about"]),
        message=item["message"],
        source="; ".join(labels.get(i, i) for i in item["sources"]),
        conditions=tuple(when.get("conditions", ())),
        red_flags=tuple(when.get("red_flags", ())),
        age_under=when.get("age_under"),
        age_at_least=when.get("age_at_least"),
        onset_age_outside=(
            (when["onset_age_outside"][0], when["onset_age_outside"][1])
            if "onset_age_outside" in when
            else None
        ),
        painted=tuple(when.get("painted", ())),
        trimesters=tuple(when.get("trimesters", ())),
        targets=TargetFilter(
            codes=tuple(t.get("codes", ())),
            exclude=tuple(t.get("exclude", ())),
            flag=Flag(t["flag"]) if "flag" in t else None,
            not_flag=Flag(t["not_flag"]) if "not_flag" in t else None,
            regions=tuple(BodyRegion(r) for r in t.get("regions", ())),
            side=Side(t["side"]) if "side" in t else None,
            picked_by=tuple(t.get("picked_by", ())),
            electro=bool(t.get("electro", False)),
        ),
        grouped=bool(item.get("grouped", False)),
        both_sides=bool(item.get("both_sides", False)),
        spans_regions=tuple(BodyRegion(r) for r in item.get("spans_regions", ())),
    )


_Add = Callable[[str, str], None]  # (field, text): records one problem of the current rule


def _check_when(item: Doc, add: _Add) -> None:
    when: Doc = item.get("when", {})
    for i, region in enumerate(when.get("painted", ())):
        if region not in REGIONS:
            add(f"when.painted[{i}]", wording.not_known(region, "region", REGIONS))
    low_high = when.get("onset_age_outside")
    if low_high is not None and low_high[0] > low_high[1]:
        add("when.onset_age_outside", "the first age is above the second")
    for key, known, noun in (
        ("conditions", CONDITIONS, "condition"),
        ("red_flags", RED_FLAGS, "red flag"),
    ):
        for i, value in enumerate(when.get(key, ())):
            if value not in known:
                add(f"when.{key}[{i}]", wording.not_known(value, noun, known))


def _check_shape(item: Doc, rule: Rule, add: _Add) -> None:
    if rule.scope is Scope.TARGETS:
        if "targets" not in item:
            add("targets", "is required when 'about' is 'targets'")
    else:
        for key in ("targets", "grouped", "both_sides", "spans_regions"):
            if key in item:
                add(key, f"is only for rules about 'targets', not {str(rule.scope)!r}")
    if rule.scope is Scope.CASE and not needs_assessment(rule):
        # Such a rule would fire for every patient.
        add("when", "is required when 'about' is 'case'")


def _check_targets(item: Doc, catalog: Catalog, add: _Add) -> None:
    t: Doc = item.get("targets", {})
    for key in ("codes", "exclude"):
        for i, code in enumerate(t.get(key, ())):
            if catalog.target(code) is None:
                add(f"targets.{key}[{i}]", f"{code!r} is not in the reference library")
    for i, region in enumerate(item.get("spans_regions", ()) if "regions" in t else ()):
        if region not in t["regions"]:
            add(f"spans_regions[{i}]", f"{region!r} is not in targets.regions: it never matches")
    if t and not ({"codes", "flag", "regions", "picked_by"} & set(t)):
        add("targets", "needs 'codes', 'flag', 'regions' or 'picked_by' (else 'about': 'case')")


def _check_picked_by(item: Doc, all_items: list[Doc], add: _Add) -> None:
    by_id = {other["id"]: other for other in all_items}
    for i, rule_id in enumerate(item.get("targets", {}).get("picked_by", ())):
        other = by_id.get(rule_id)
        field = f"targets.picked_by[{i}]"
        if other is None:
            add(field, f"{rule_id!r} is not a rule in this file")
        elif other["about"] != "targets":
            add(field, f"{rule_id!r} is not about 'targets'")
        elif "picked_by" in other.get("targets", {}):
            add(field, f"{rule_id!r} uses picked_by itself; pick by its own criteria instead")


def _check_message(rule: Rule, add: _Add) -> None:
    allowed = MESSAGE_FIELDS[(rule.scope, rule.grouped and rule.scope is Scope.TARGETS)]
    try:
        fields = message_fields(rule.message)
    except ValueError as e:
        add("message", f"is not a valid template ({e})")
        return
    for field in fields:
        if field not in allowed:
            can_use = ", ".join("{" + f + "}" for f in sorted(allowed)) or "no fields"
            add("message", f"{{{field}}} is not a field this rule can use (it can use {can_use})")


def _coverage_problems(name: str, rules: list[Rule]) -> list[str]:
    """Every red flag refers, and every condition is screened: a gap is a missed warning."""
    problems = []
    for flag in RED_FLAGS:
        if not any(flag in r.red_flags and r.severity is Severity.REFER for r in rules):
            problems.append(f"{name}: red flag {flag!r} has no 'refer' rule")
    for condition in CONDITIONS:
        if not any(condition in r.conditions for r in rules):
            problems.append(f"{name}: condition {condition!r} is not named by any rule")
    return problems
