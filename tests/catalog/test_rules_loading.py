"""Loading the screening rules: the shipped file, and broken copies that must fail clearly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog.rules import load_rules, shipped_rules
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.catalog_entries import BodyRegion, Flag
from planner.domain.findings import Severity
from planner.domain.screening_rules import Rule, Scope
from planner.domain.vocab import CONDITIONS, RED_FLAGS

Change = Callable[[dict[str, Any]], None]


def _shipped() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(shipped_rules().read_text(encoding="utf-8"))
    return doc


def _rule(doc: dict[str, Any], rule_id: str) -> dict[str, Any]:
    for rule in doc["rules"]:
        if rule["id"] == rule_id:
            return rule  # type: ignore[no-any-return]
    raise KeyError(rule_id)


@pytest.fixture
def broken(tmp_path: Path, catalog: Catalog) -> Callable[[Change], str]:
    """broken(change) loads an edited copy of the shipped rules; returns the error text."""

    def load(change: Change) -> str:
        doc = _shipped()
        change(doc)
        path = tmp_path / "screening.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(CatalogError) as raised:
            load_rules(path, catalog)
        return str(raised.value)

    return load


def test_the_shipped_rules_load_and_are_cached(catalog: Catalog) -> None:
    rules = load_rules()
    assert rules is load_rules()
    assert all(isinstance(r, Rule) for r in rules)
    assert len({r.id for r in rules}) == len(rules)
    assert load_rules(shipped_rules(), catalog) == rules


def test_every_red_flag_refers_and_every_condition_is_screened() -> None:
    rules = load_rules()
    for flag in RED_FLAGS:
        assert any(flag in r.red_flags and r.severity is Severity.REFER for r in rules), flag
    for condition in CONDITIONS:
        assert any(condition in r.conditions for r in rules), condition


def test_the_schema_lists_the_domain_vocabularies() -> None:
    schema = json.loads(resources.path("schema", "rules.schema.json").read_text("utf-8"))
    rule = schema["$defs"]["rule"]["properties"]
    targets = rule["targets"]["properties"]
    assert rule["severity"]["enum"] == [s.value for s in Severity]
    assert rule["about"]["enum"] == [s.value for s in Scope]
    assert targets["flag"]["enum"] == [f.value for f in Flag]
    assert targets["not_flag"]["enum"] == [f.value for f in Flag]
    assert targets["regions"]["items"]["enum"] == [r.value for r in BodyRegion]


def test_every_rule_has_a_source_and_a_plain_message() -> None:
    for rule in load_rules():
        assert rule.source.strip(), rule.id
        assert len(rule.message) <= 600, rule.id


def test_rules_cite_catalog_sources_by_id_and_show_their_labels(catalog: Catalog) -> None:
    # One list of sources: the rules file has none of its own, only ids into sources.json.
    doc = _shipped()
    assert "sources" not in doc
    labels = {s.id: s.label for s in catalog.sources}
    rules = {r.id: r for r in load_rules()}
    for item in doc["rules"]:
        assert set(item["sources"]) <= set(labels), item["id"]
        shown = "; ".join(labels[i] for i in item["sources"])
        assert rules[item["id"]].source == shown
    assert rules["red-flag-fever"].source == "NICE CKS neck pain"
    assert rules["pacemaker-electro"].source == "Sierpina 2005"
    assert rules["bleeding-disorder"].source == "WHO 1999"
    assert rules["anticoagulants"].source == "Muñoz 2022; APTA 2013"


def _set(rule_id: str, key: str, value: Any) -> Change:
    return lambda doc: _rule(doc, rule_id).__setitem__(key, value)


def _drop_rule(rule_id: str) -> Change:
    return lambda doc: doc.__setitem__("rules", [r for r in doc["rules"] if r["id"] != rule_id])


def _drop_key(rule_id: str, key: str) -> Change:
    return lambda doc: _rule(doc, rule_id).pop(key)


def _duplicate(rule_id: str) -> Change:
    return lambda doc: doc["rules"].append(dict(_rule(doc, rule_id)))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set("pacemaker-electro", "severity", "blok"),
            "screening.json: pacemaker-electro: severity: 'blok' is not one of refer, block, "
            "caution, info",
        ),
        (
            _drop_key("epilepsy", "message"),
            "screening.json: epilepsy: message: required field is missing",
        ),
        (
            _set("epilepsy", "colour", "red"),
            "screening.json: epilepsy: colour: is not a known field",
        ),
        (
            _set("lung-risk", "targets", {"flag": "lungs"}),
            "screening.json: lung-risk: targets.flag: 'lungs' is not one of lung-risk",
        ),
        (
            _set("epilepsy", "id", "Epilepsy"),
            "screening.json: Epilepsy: id: 'Epilepsy' is not in the expected form",
        ),
        (
            _set("pacemaker-electro", "when", {"conditions": ["pacemakr", "implanted-device"]}),
            "screening.json: pacemaker-electro: when.conditions[0]: 'pacemakr' is not a known "
            "condition; did you mean 'pacemaker'?",
        ),
        (
            _set("red-flag-fever", "when", {"red_flags": ["fevers"]}),
            "screening.json: red-flag-fever: when.red_flags[0]: 'fevers' is not a known red flag",
        ),
        (
            _set("pregnancy-point", "targets", {"codes": ["LI4", "EX-ZZ9"]}),
            "screening.json: pregnancy-point: targets.codes[1]: 'EX-ZZ9' is not in the reference "
            "library",
        ),
        (
            _set(
                "pregnancy-caution-point",
                "targets",
                {"flag": "pregnancy-caution", "exclude": ["TP:biceps"]},
            ),
            "screening.json: pregnancy-caution-point: targets.exclude[0]: 'TP:biceps' is not in "
            "the reference library",
        ),
        (
            _set("lung-risk", "message", "Careful at {point}."),
            "screening.json: lung-risk: message: {point} is not a field this rule can use",
        ),
        (
            _set("epilepsy", "message", "Careful at {target}."),
            "screening.json: epilepsy: message: {target} is not a field this rule can use (it "
            "can use {age}, {onset_age}, {painted}, {trimester}, {weeks}, {weeks_text})",
        ),
        (
            _set("epilepsy", "message", "Careful {"),
            "screening.json: epilepsy: message: is not a valid template",
        ),
        (
            _set("epilepsy", "sources", ["needleplan-reference", "somebody-2020"]),
            "screening.json: epilepsy: sources[1]: 'somebody-2020' is not a source id in the "
            "catalog's sources.json",
        ),
        (
            _set("epilepsy", "sources", ["Needleplan reference §4"]),
            "screening.json: epilepsy: sources[0]: 'Needleplan reference §4' is not in the "
            "expected form",
        ),
        (
            _set("epilepsy", "source", "WHO 1999"),
            "screening.json: epilepsy: source: is not a known field",
        ),
        (
            lambda doc: doc.__setitem__("sources", [{"label": "X", "reference": "Y"}]),
            "screening.json: sources: is not a known field",
        ),
        (_duplicate("epilepsy"), "screening.json: epilepsy: id: 'epilepsy' is listed twice"),
        (
            _set("epilepsy", "targets", {"regions": ["hand"]}),
            "screening.json: epilepsy: targets: is only for rules about 'targets', not 'case'",
        ),
        (
            _drop_key("lung-risk", "targets"),
            "screening.json: lung-risk: targets: is required when 'about' is 'targets'",
        ),
        (
            _set("lung-risk", "targets", {"side": "left"}),
            "screening.json: lung-risk: targets: needs 'codes', 'flag', 'regions' or 'picked_by'",
        ),
        (
            _drop_key("epilepsy", "when"),
            "screening.json: epilepsy: when: is required when 'about' is 'case'",
        ),
        (
            _set("bilateral-chest-wall", "targets", {"picked_by": ["lung-risks"]}),
            "screening.json: bilateral-chest-wall: targets.picked_by[0]: 'lung-risks' is not a "
            "rule in this file",
        ),
        (
            _set("bilateral-chest-wall", "targets", {"picked_by": ["epilepsy"]}),
            "screening.json: bilateral-chest-wall: targets.picked_by[0]: 'epilepsy' is not about "
            "'targets'",
        ),
        (
            _set("chest-wall-point", "targets", {"picked_by": ["bilateral-chest-wall"]}),
            "picked_by[0]: 'bilateral-chest-wall' uses picked_by itself",
        ),
        (
            _drop_rule("red-flag-fever"),
            "screening.json: red flag 'fever' has no 'refer' rule",
        ),
        (
            _set("red-flag-fever", "severity", "caution"),
            "screening.json: red flag 'fever' has no 'refer' rule",
        ),
        (
            _drop_rule("metal-allergy"),
            "screening.json: condition 'metal-allergy' is not named by any rule",
        ),
        (
            lambda doc: doc.__setitem__("format", "needleplan-rules/2"),
            "screening.json: format: 'needleplan-rules/2' should be 'needleplan-rules/1'",
        ),
    ],
)
def test_a_broken_rule_file_names_file_rule_and_field(
    broken: Callable[[Change], str], change: Change, expected: str
) -> None:
    assert expected in broken(change)


def test_every_problem_is_kept(broken: Callable[[Change], str], catalog: Catalog) -> None:
    def two(doc: dict[str, Any]) -> None:
        _rule(doc, "epilepsy")["sources"] = ["nobody"]
        _rule(doc, "diabetes")["sources"] = ["nobody"]

    assert "(and 1 more problem)" in broken(two)


def test_invalid_json_names_the_line(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "screening.json"
    path.write_text('{\n  "format": "needleplan-rules/1",\n  "rules": [,]\n}\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^screening\.json: line 3: not valid JSON"):
        load_rules(path, catalog)


def test_a_missing_file(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match=r"^rules\.json: cannot read"):
        load_rules(tmp_path / "rules.json", catalog)
