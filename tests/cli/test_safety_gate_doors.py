"""The command line's doors ask the safety gate: `needleplan import`, `handout` (a file or a
stored patient) and `course` refuse what it stops (exit 2, the findings named, nothing
written) and go through once the clearance or the override is recorded."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.assessment import Assessment
from planner.domain.clearance import Clearance
from planner.store.database import open_store

DAY = "2026-11-20"
CASE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {"name": "Ana López", "birth_date": "1984-03-02", "sex": "female"},
    "assessment": {
        "date": DAY,
        "complaint": "Right-sided neck pain after desk work",
        "onset_date": "2026-08-01",
        "pain": {"now": 6, "best": 3, "worst": 8},
        "ndi_total": 18,
        "pain_regions": [{"region": "neck-right", "intensity": 6}],
    },
    "plan": {
        "modality": "acupuncture",
        "acupoints": [{"code": "GB21", "side": "right"}],
        "trigger_points": [{"muscle": "levator-scapulae", "side": "right"}],
        "session_minutes": 30,
        "start_date": "2026-11-24",
        "clinic_days": ["mon", "wed", "fri"],
    },
}


@pytest.fixture(autouse=True)
def no_user_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))


def _case(
    *,
    name: str = "Ana López",
    conditions: tuple[str, ...] = (),
    red_flags: tuple[str, ...] = (),
    points: tuple[str, ...] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    doc = copy.deepcopy(CASE)
    doc["patient"]["name"] = name
    doc["assessment"]["conditions"] = list(conditions)
    doc["assessment"]["red_flags"] = list(red_flags)
    if "pregnancy" in conditions:
        doc["assessment"]["pregnancy_weeks"] = 30
    if points is not None:
        doc["plan"]["acupoints"] = [{"code": c, "side": "both"} for c in points]
        doc["plan"]["trigger_points"] = []
    doc["plan"].update(extra)
    return doc


def _targets(doc: dict[str, Any]) -> list[str]:
    plan = doc["plan"]
    return [p["code"] for p in plan["acupoints"]] + [
        f"TP:{t['muscle']}" for t in plan.get("trigger_points", [])
    ]


def _override_all(doc: dict[str, Any], rule: str) -> dict[str, Any]:
    done = copy.deepcopy(doc)
    done["plan"]["overrides"] = [
        {"rule": rule, "target": t, "reason": "Discussed; specialist agreed in writing."}
        for t in _targets(doc)
    ]
    return done


def _cleared(doc: dict[str, Any], rule: str) -> dict[str, Any]:
    done = copy.deepcopy(doc)
    done["assessment"]["clearances"] = [
        {
            "rule": rule,
            "cleared_by": "Dr Lee",
            "role": "GP",
            "date": DAY,
            "note": "Examined; safe to treat.",
        }
    ]
    return done


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _names(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sorted(p.name for p in store.patients.search(""))
    finally:
        store.close()


# --- needleplan import ------------------------------------------------------------------------


def test_import_refuses_a_file_whose_second_line_is_stopped(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _case(name="Good One")
    phobic = _case(name="Phobic", conditions=("needle-phobia",))
    feverish = _case(name="Feverish", red_flags=("fever",))
    lines = [good, phobic, feverish]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in lines) + "\n", encoding="utf-8")

    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    line2 = next(x for x in err.splitlines() if "line 2:" in x)
    assert "line 2: plan: " in line2
    assert "needle-phobia" in line2
    line3 = next(x for x in err.splitlines() if "line 3:" in x)
    assert "line 3: plan: " in line3
    assert "red-flag-fever" in line3
    assert "line 1:" not in err
    assert _names(database_url) == []

    # The override for each target and the clearance let the same file in.
    lines = [good, _override_all(phobic, "needle-phobia"), _cleared(feverish, "red-flag-fever")]
    source.write_text("\n".join(json.dumps(d) for d in lines) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, err) == (0, "")
    assert out == "Imported 3 patients.\n"
    assert _names(database_url) == ["Feverish", "Good One", "Phobic"]


def test_import_of_a_case_without_a_plan_is_not_stopped(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The red flag is recorded; with no plan there is nothing yet for the gate to stop.
    doc = _case(red_flags=("fever",))
    del doc["plan"]
    source = _write(tmp_path / "one.json", doc)
    code, _, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, err) == (0, "")
    assert _names(database_url) == ["Ana López"]


# --- needleplan handout CASE.json -------------------------------------------------------------


def _handout(capsys: pytest.CaptureFixture[str], case: Path) -> tuple[int, str]:
    out = case.with_suffix(".pdf")
    out.unlink(missing_ok=True)
    code, _, err = _run(capsys, "handout", str(case), "-o", str(out), "--date", "2026-11-24")
    assert out.exists() == (code == 0)
    return code, err


STOPPED_HANDOUTS = [
    pytest.param(
        _case(conditions=("pregnancy",), points=("LI4", "SP6", "BL67")),
        "pregnancy-point",
        "pregnancy-point at LI4, pregnancy-point at SP6, pregnancy-point at BL67",
        id="pregnancy",
    ),
    pytest.param(
        _case(conditions=("bleeding-disorder",)),
        "bleeding-disorder",
        "bleeding-disorder at GB21, TP:levator-scapulae",
        id="haemophilia",
    ),
    pytest.param(
        _case(conditions=("needle-phobia",)),
        "needle-phobia",
        "needle-phobia at GB21, TP:levator-scapulae",
        id="needle-phobia",
    ),
]


@pytest.mark.parametrize(("doc", "rule", "named"), STOPPED_HANDOUTS)
def test_handout_refuses_an_unresolved_block_until_overridden(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: dict[str, Any], rule: str, named: str
) -> None:
    case = _write(tmp_path / "case.json", doc)
    code, err = _handout(capsys, case)
    assert code == 2
    assert err.startswith("needleplan: error: no handout: unresolved block")
    assert named in err
    assert "Traceback" not in err

    # Overriding all but one target is not enough.
    partly = _override_all(doc, rule)
    partly["plan"]["overrides"] = partly["plan"]["overrides"][1:]
    code, err = _handout(capsys, _write(case, partly))
    assert code == 2
    assert rule in err

    # A clearance is for red flags; it does not lift a block.
    code, err = _handout(capsys, _write(case, _cleared(doc, rule)))
    assert code == 2
    assert rule in err

    assert _handout(capsys, _write(case, _override_all(doc, rule))) == (0, "")


# --- needleplan handout --patient ID ----------------------------------------------------------


def test_handout_for_a_stored_patient_reads_the_current_assessment(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "case.json", _case())
    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source), "--json")
    assert (code, err) == (0, "")
    [pid] = json.loads(out)["ids"]
    argv = ("--database-url", database_url, "handout", "--patient", str(pid))
    pdf = tmp_path / "h.pdf"

    def handout() -> tuple[int, str]:
        pdf.unlink(missing_ok=True)
        code, _, err = _run(capsys, *argv, "-o", str(pdf), "--date", "2026-11-24")
        assert pdf.exists() == (code == 0)
        return code, err

    assert handout() == (0, "")

    # A later assessment records a red flag: the stored plan no longer gets a sheet.
    store = open_store(database_url)
    try:
        later = Assessment(date=date(2026, 11, 23), red_flags=("dizziness-drop-attacks",))
        store.cases.save_assessment(pid, later)
    finally:
        store.close()
    code, err = handout()
    assert code == 2
    assert "no handout: red flag red-flag-dizziness-drop-attacks stands" in err

    store = open_store(database_url)
    try:
        clearance = Clearance(
            "red-flag-dizziness-drop-attacks",
            "Dr Okoye",
            "neurologist",
            date(2026, 11, 23),
            "Vertebrobasilar insufficiency excluded.",
        )
        store.cases.save_assessment(
            pid, Assessment(date=date(2026, 11, 23), clearances=(clearance,))
        )
    finally:
        store.close()
    assert handout() == (0, "")


# --- needleplan course ------------------------------------------------------------------------


def test_course_refuses_a_red_flag_whatever_the_course_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moved = {
        "sessions": 4,
        "moves": [{"session": 2, "date": "2026-12-01"}],
        "reason": "Seen by GP; patient away that week.",
        "recorded_on": DAY,
    }
    doc = _case(red_flags=("myelopathy-signs",), course_override=moved)
    case = _write(tmp_path / "case.json", doc)
    code, out, err = _run(capsys, "course", str(case), "--json")
    assert code == 2
    assert out == ""
    assert err.startswith("needleplan: error: no course: red flag red-flag-myelopathy-signs")

    # Nor a per-target override naming the red flag.
    overridden = _override_all(doc, "red-flag-myelopathy-signs")
    code, _, err = _run(capsys, "course", str(_write(case, overridden)), "--json")
    assert code == 2
    assert "red-flag-myelopathy-signs" in err

    code, out, err = _run(
        capsys, "course", str(_write(case, _cleared(doc, "red-flag-myelopathy-signs"))), "--json"
    )
    assert (code, err) == (0, "")
    course = json.loads(out)
    assert course["sessions"] == 4
    assert "2026-12-01" in course["dates"]
    assert "red-flag-myelopathy-signs" in course["rationale"]


def test_course_refuses_an_unresolved_block(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = _case(conditions=("needle-phobia",))
    case = _write(tmp_path / "case.json", doc)
    code, _, err = _run(capsys, "course", str(case))
    assert code == 2
    assert "needle-phobia" in err
    code, out, err = _run(capsys, "course", str(_write(case, _override_all(doc, "needle-phobia"))))
    assert (code, err) == (0, "")
    assert out.startswith("Course: ")
