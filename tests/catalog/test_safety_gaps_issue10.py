"""Issue 10, data and rules: points and muscles over the pleura, a great vessel, the spinal cord
or the heart carry their flag (with a sourced note), the lymphoedema rules reach the shoulder
girdle and the armpit, electroacupuncture is screened for a current path across the chest and
for epilepsy (Cummings 2011), and TE11 goes by its WHO 2008 name.

The flags, the TE11 name and the positive rule cases failed before the change; the negative
cases pin where each rule stops."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.catalog import load_catalog
from planner.catalog.rules import load_rules, shipped_rules
from planner.domain.assessment import Assessment
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.catalog_entries import Acupoint, Flag
from planner.domain.findings import Finding, Severity
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.screening import screen
from planner.domain.screening_rules import Rule
from planner.domain.vocab import Side, Technique

CATALOG: Catalog = load_catalog()
RULES: tuple[Rule, ...] = load_rules()
DAY = date(2026, 11, 20)

LUNG, VESSEL, CNS = Flag.LUNG_RISK, Flag.VESSEL_RISK, Flag.CNS_RISK

# Targets as (id, side) or (id, side, technique).
Planned = tuple[tuple[str, ...], ...]


def plan(targets: Planned, *, electro: bool = False) -> Plan:
    points: list[AcupointTarget] = []
    tps: list[TriggerPointTarget] = []
    for target_id, side, *rest in targets:
        technique = Technique(rest[0]) if rest else Technique.MANUAL
        if target_id.startswith("TP:"):
            tps.append(TriggerPointTarget(target_id.removeprefix("TP:"), Side(side), technique))
        else:
            points.append(AcupointTarget(target_id, Side(side), technique))
    # plan_problems wants plan.electro set when a target is electro.
    techniques = [t.technique for t in points] + [t.technique for t in tps]
    electro = electro or Technique.ELECTRO in techniques
    return Plan(electro=electro, acupoints=tuple(points), trigger_points=tuple(tps))


def assessment(*conditions: str) -> Assessment:
    return Assessment(date=DAY, conditions=conditions)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# --- Flags ------------------------------------------------------------------------------------

# (target, flag, words its note must contain, a source id the note must cite)
FLAGS: list[tuple[str, Flag, str, str]] = [
    ("CV22", LUNG, "lung", "nzasa-code"),
    ("CV22", VESSEL, "brachiocephalic", "nzasa-code"),
    ("CV22", VESSEL, "trachea", "cam-1999"),
    ("HT1", VESSEL, "axillary artery", "cam-1999"),
    *((f"GV{n}", CNS, "spinal canal and cord", "deadman-2007") for n in range(6, 12)),
    ("ST30", VESSEL, "femoral", "who-2008"),
    ("SP11", VESSEL, "femoral artery", "cam-1999"),
    ("SP12", VESSEL, "femoral artery", "cam-1999"),
    ("LR12", VESSEL, "femoral", "who-2008"),
    ("TP:infraspinatus", LUNG, "pleura", "travell-simons-1999"),
    ("TP:splenius-cervicis", LUNG, "apex of the lung", "travell-simons-1999"),
    ("TP:teres-major", LUNG, "chest wall", "travell-simons-1999"),
    ("TP:semispinalis-capitis", CNS, "spinal canal", "travell-simons-1999"),
    ("TP:splenius-capitis", VESSEL, "vertebral artery", "travell-simons-1999"),
]


@pytest.mark.parametrize(("target", "flag", "words", "source"), FLAGS)
def test_the_target_carries_its_flag_with_a_sourced_note(
    target: str, flag: Flag, words: str, source: str
) -> None:
    assert flag in CATALOG.target_flags(target)
    note = CATALOG.flag_note(target, flag)
    assert note is not None
    assert words in note.note
    assert source in note.sources
    for source_id in note.sources:
        CATALOG.source(source_id)  # every cited source exists


def test_gv6_to_gv14_all_carry_the_spinal_cord_flag() -> None:
    unflagged = [f"GV{n}" for n in range(6, 15) if CNS not in CATALOG.target_flags(f"GV{n}")]
    assert unflagged == []


def test_cv17_names_the_sternal_foramen_and_its_sources() -> None:
    cv17 = CATALOG.acupoint("CV17")
    assert cv17 is not None
    assert cv17.detail is not None
    assert "sternal foramen" in cv17.detail.notes
    assert "tamponade" in cv17.detail.notes
    assert {"halvorsen-1995", "kirchgatterer-2000"} <= set(cv17.detail.sources)


@pytest.mark.parametrize(
    ("source_id", "words"),
    [
        ("cummings-2011", "Safety aspects of electroacupuncture"),
        ("halvorsen-1995", "sternal foramen"),
        ("nzasa-code", "Code of Safe Practice"),
    ],
)
def test_the_new_sources_are_in_the_list(source_id: str, words: str) -> None:
    assert words in CATALOG.source(source_id).citation


def test_cummings_is_the_2011_acupuncture_in_medicine_paper() -> None:
    source = CATALOG.source("cummings-2011")
    assert source.year == 2011
    assert "Acupuncture in Medicine. 2011;29:83" in source.citation


# --- Names ------------------------------------------------------------------------------------


def test_te11_goes_by_its_who_2008_name() -> None:
    te11 = CATALOG.acupoint("TE11")
    assert isinstance(te11, Acupoint)
    assert (te11.pinyin, te11.pinyin_ascii, te11.hanzi) == (
        "Qīnglěngyuān",
        "Qinglengyuan",
        "清冷渊",
    )
    assert {"Qinglingyuan", "清泠渊"} <= set(te11.aliases)
    assert "Qinglengyuan" not in te11.aliases


@pytest.mark.parametrize("query", ["Qinglengyuan", "Qinglingyuan", "清冷渊", "清泠渊", "qing leng"])
def test_te11_is_found_by_either_name(query: str) -> None:
    found = CATALOG.search(query)
    assert found, query
    assert found[0].target_id == "TE11", query


# --- Rules ------------------------------------------------------------------------------------

# (rule, conditions, planned, electro for the whole plan, expected findings' targets)
Case = tuple[str, tuple[str, ...], Planned, bool, list[tuple[str, ...]]]


def _each(rule: str, conditions: tuple[str, ...], targets: list[str], side: str) -> list[Case]:
    """One case per target, planned alone on `side`: the rule names it."""
    return [(rule, conditions, ((t, side),), False, [(t,)]) for t in targets]


SHOULDER_GIRDLE = [
    *("LI15", "LI16", "TE14", "TE15", "SI9", "SI10", "SI11", "SI12", "GB21", "HT1", "PC2"),
    *("TP:supraspinatus", "TP:infraspinatus", "TP:teres-major", "TP:upper-trapezius"),
]
AXILLA = ["GB22", "SP21", "PC1", "LU1", "LU2", "TP:pectoralis-minor"]
CASES: list[Case] = [
    # Flags read by the generic rules
    ("lung-risk", (), (("CV22", "midline"),), False, [("CV22",)]),
    ("vessel-risk", (), (("CV22", "midline"),), False, [("CV22",)]),
    ("vessel-risk", (), (("HT1", "left"), ("SP12", "right")), False, [("HT1",), ("SP12",)]),
    ("vessel-risk", (), (("TP:splenius-capitis", "both"),), False, [("TP:splenius-capitis",)]),
    *_each("cns-risk", (), [f"GV{n}" for n in range(6, 12)], "midline"),
    ("cns-risk", (), (("TP:semispinalis-capitis", "left"),), False, [("TP:semispinalis-capitis",)]),
    *_each(
        "lung-risk", (), ["TP:infraspinatus", "TP:splenius-cervicis", "TP:teres-major"], "right"
    ),
    ("sternum-point", (), (("CV17", "midline"),), False, [("CV17",)]),
    # Lymphoedema: the shoulder girdle on that side is blocked with the arm ...
    *_each("lymphoedema-left-arm", ("lymphoedema-left-arm",), SHOULDER_GIRDLE, "left"),
    ("lymphoedema-right-arm", ("lymphoedema-right-arm",), (("LI15", "both"),), False, [("LI15",)]),
    ("lymphoedema-right-arm", ("lymphoedema-right-arm",), (("LI15", "left"),), False, []),
    ("lymphoedema-left-arm", ("lymphoedema-left-arm",), (("TE14", "right"),), False, []),
    ("lymphoedema-left-arm", ("lymphoedema-left-arm",), (("BL13", "left"),), False, []),
    # ... and so is the edge of the armpit (chest-region targets, by code)
    *_each("lymphoedema-left-axilla", ("lymphoedema-left-arm",), AXILLA, "left"),
    ("lymphoedema-left-axilla", ("lymphoedema-left-arm",), (("GB22", "right"),), False, []),
    ("lymphoedema-left-axilla", ("lymphoedema-left-arm",), (("ST15", "left"),), False, []),
    (
        "lymphoedema-right-axilla",
        ("lymphoedema-right-arm",),
        (("GB22", "both"),),
        False,
        [("GB22",)],
    ),
    ("lymphoedema-right-axilla", ("lymphoedema-left-arm",), (("GB22", "right"),), False, []),
    # Electro and epilepsy
    ("epilepsy-electro", ("epilepsy",), (("LI4", "left"),), True, [("electro",)]),
    ("epilepsy-electro", ("epilepsy",), (("LI4", "left", "electro"),), False, [("electro",)]),
    ("epilepsy-electro", ("epilepsy",), (("LI4", "left"),), False, []),
    ("epilepsy-electro", (), (("LI4", "left"),), True, []),
    # Electro across the chest: left and right of chest, upper back, shoulders, arms, hands
    (
        "electro-across-chest",
        (),
        (("LI4", "left", "electro"), ("LI11", "right", "electro")),
        False,
        [("LI4", "LI11")],
    ),
    ("electro-across-chest", (), (("LI4", "both", "electro"),), False, [("LI4",)]),
    (
        "electro-across-chest",
        (),
        (("BL13", "left", "electro"), ("TP:infraspinatus", "right", "electro")),
        False,
        [("BL13", "TP:infraspinatus")],
    ),
    # Electro on the plan but no target marked: any may carry the leads.
    ("electro-across-chest", (), (("LI4", "left"), ("GB21", "right")), True, [("LI4", "GB21")]),
    # Only the electro targets count: the right side is needled by hand.
    (
        "electro-across-chest",
        (),
        (("LI4", "left", "electro"), ("LI11", "left", "electro"), ("LI11", "right")),
        False,
        [],
    ),
    ("electro-across-chest", (), (("LI4", "left"), ("LI11", "right")), False, []),
    ("electro-across-chest", (), (("GB20", "both", "electro"),), False, []),  # the neck
    ("electro-across-chest", (), (("ST36", "both", "electro"),), False, []),  # the legs
    # Electro through the chest: front and back
    (
        "electro-through-chest",
        (),
        (("LU1", "left", "electro"), ("BL13", "left", "electro")),
        False,
        [("LU1", "BL13")],
    ),
    (
        "electro-through-chest",
        (),
        (("CV17", "midline"), ("GV9", "midline"), ("LI4", "left")),
        True,
        [("CV17", "GV9")],
    ),
    (
        "electro-through-chest",
        (),
        (("BL13", "left", "electro"), ("BL15", "left", "electro")),
        False,
        [],
    ),
    (
        "electro-through-chest",
        (),
        (("LU1", "left", "electro"), ("BL13", "left")),
        False,
        [],
    ),
]


@pytest.mark.parametrize(
    ("rule", "conditions", "planned", "electro", "expected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_the_rule_fires_on_exactly_these_targets(
    rule: str,
    conditions: tuple[str, ...],
    planned: Planned,
    electro: bool,
    expected: list[tuple[str, ...]],
) -> None:
    findings = of(
        screen(assessment(*conditions), plan(planned, electro=electro), CATALOG, RULES), rule
    )
    assert [f.targets for f in findings] == expected
    for f in findings:
        assert "{" not in f.message
        assert f.source


@pytest.mark.parametrize(
    ("rule", "severity", "source", "words"),
    [
        ("lymphoedema-left-arm", Severity.BLOCK, "Needleplan reference", "shoulder"),
        ("lymphoedema-left-axilla", Severity.BLOCK, "Needleplan reference", "armpit"),
        ("lymphoedema-right-axilla", Severity.BLOCK, "Needleplan reference", "armpit"),
        ("epilepsy-electro", Severity.CAUTION, "Cummings 2011", "seizure"),
        ("electro-across-chest", Severity.CAUTION, "Cummings 2011", "across the chest"),
        ("electro-through-chest", Severity.CAUTION, "Cummings 2011", "through the chest"),
        ("sternum-point", Severity.CAUTION, "Halvorsen 1995", "sternal foramen"),
    ],
)
def test_the_rule_has_its_severity_source_and_words(
    rule: str, severity: Severity, source: str, words: str
) -> None:
    (found,) = [r for r in RULES if r.id == rule]
    assert found.severity is severity
    assert source in found.source
    assert words in found.message


def test_the_cv22_findings_cite_nzasa() -> None:
    findings = screen(None, plan((("CV22", "midline"),)), CATALOG, RULES)
    for rule in ("lung-risk", "vessel-risk"):
        (f,) = of(findings, rule)
        assert "NZASA Code of Safe Practice" in f.source


# --- The rule file: the two new criteria are checked --------------------------------------------

Change = Callable[[dict[str, Any]], None]


def _rule(doc: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in doc["rules"] if r["id"] == rule_id)


def _load_broken(tmp_path: Path, change: Change) -> str:
    doc = json.loads(shipped_rules().read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "screening.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_rules(path, CATALOG)
    return str(raised.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _rule(d, "electro-through-chest").__setitem__(
                "spans_regions", ["chest", "neck"]
            ),
            "screening.json: electro-through-chest: spans_regions[1]: 'neck' is not in"
            " targets.regions",
        ),
        (
            lambda d: _rule(d, "epilepsy-electro").__setitem__(
                "spans_regions", ["chest", "upper-back"]
            ),
            "screening.json: epilepsy-electro: spans_regions: is only for rules about 'targets'",
        ),
        (
            lambda d: _rule(d, "electro-across-chest")["targets"].__setitem__("electro", False),
            "screening.json: electro-across-chest: targets.electro: False should be True",
        ),
    ],
)
def test_a_broken_electro_rule_is_refused(tmp_path: Path, change: Change, expected: str) -> None:
    assert expected in _load_broken(tmp_path, change)
