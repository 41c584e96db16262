"""`needleplan export --fhir --patient ID [-o FILE]`: a stored patient's whole history as a
FHIR R4 Bundle, on SQLite and PostgreSQL (issue 14). Refusals are one line, exit 2, and
nothing is written."""

from __future__ import annotations

import json
import stat
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from planner.cli import main
from planner.domain.assessment import Assessment, PainScores
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.domain.vocab import Modality, Side
from planner.store.database import open_store


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clinic.json the export reads for the NICE cap default (missing until written)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "needleplan" / "clinic.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _seed(url: str, minutes: int = 30, onset: date = date(2026, 8, 1)) -> int:
    """Ana: 3 assessments (the first corrected), 2 plans, 5 visits (one deleted)."""
    store = open_store(url)
    try:
        pid = store.patients.add(Patient("Ana López", date(1984, 3, 2), phone="+1 555 0100")).id
        assert pid is not None
        first = store.cases.save_assessment(
            pid,
            Assessment(date(2026, 9, 1), "Neck pain", onset, PainScores(6, 3, 8), ndi_total=18),
        )
        assert first.id is not None
        corrected = store.cases.correct_assessment(
            first.id,
            Assessment(date(2026, 9, 1), "Right neck pain", onset, PainScores(6, 3, 8), 18),
        )
        neck = Plan(
            acupoints=(AcupointTarget("GB21", Side.RIGHT),),
            trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
            session_minutes=minutes,
            start_date=date(2026, 9, 2),
            clinic_days=("mon", "wed", "fri"),
        )
        plan = store.cases.save_plan(pid, neck, corrected.id)
        later = store.cases.save_assessment(
            pid, Assessment(date(2026, 10, 1), "Neck pain", date(2026, 8, 1), PainScores(5))
        )
        dry = Plan(
            modality=Modality.DRY_NEEDLING,
            trigger_points=(TriggerPointTarget("upper-trapezius"),),
            start_date=date(2026, 10, 5),
            clinic_days=("mon", "wed", "fri"),
        )
        second = store.cases.save_plan(pid, dry, later.id)
        gb21 = VisitTarget("GB21", Side.RIGHT)
        bruise = AdverseEvent(AdverseEventKind.BRUISE, "small", "ice")
        for day, targets, plan_id, events in (
            (date(2026, 9, 2), (gb21,), plan.id, (bruise,)),
            (date(2026, 9, 4), (gb21,), plan.id, ()),
            (date(2026, 9, 7), (gb21,), plan.id, ()),
            (date(2026, 10, 5), (VisitTarget("TP:upper-trapezius"),), second.id, ()),
            (date(2026, 10, 7), (), second.id, ()),
        ):
            visit = store.visits.add(
                pid, Visit(day, targets, 5, 3, adverse_events=events, plan_id=plan_id)
            )
            if day == date(2026, 9, 7):
                store.visits.delete(visit.id or 0)
        return pid
    finally:
        store.close()


def _validated(bundle: dict[str, Any]) -> dict[str, Any]:
    Bundle.model_validate(bundle)
    for e in bundle["entry"]:
        get_fhir_model_class(e["resource"]["resourceType"]).model_validate(e["resource"])
    return bundle


def _kinds(bundle: dict[str, Any]) -> Counter[str]:
    return Counter(e["resource"]["resourceType"] for e in bundle["entry"])


def test_a_stored_patient_exports_as_a_valid_private_bundle_the_same_every_time(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = str(_seed(database_url))
    out = tmp_path / "ana.fhir.json"
    argv = ("--database-url", database_url, "export", "--fhir", "--patient", pid, "-o", str(out))
    assert _run(capsys, *argv) == (0, "", "")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    written = out.read_bytes()
    bundle = _validated(json.loads(written))
    # 3 assessments: the original, its correction, a later one; 4 + 4 + 1 scores, and the
    # pain before and after at each of the 5 visits.
    assert _kinds(bundle) == {
        "Patient": 1,
        "Condition": 3,
        "CarePlan": 2,
        "Encounter": 5,
        "Procedure": 5,
        "Observation": 9 + 10,
    }
    statuses = [
        e["resource"]["status"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Encounter"
    ]
    assert statuses == ["finished", "finished", "entered-in-error", "finished", "finished"]
    assert _run(capsys, *argv)[0] == 0
    assert out.read_bytes() == written


def test_without_o_the_bundle_goes_to_stdout(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = str(_seed(database_url))
    code, printed, err = _run(
        capsys, "--database-url", database_url, "export", "--fhir", "--patient", pid
    )
    assert (code, err) == (0, "")
    bundle = _validated(json.loads(printed))
    codes = {
        c["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        for c in e["resource"]["code"].get("coding", [])
    }
    assert codes == {"72514-3", "82237-9"}


def test_the_clinic_nice_cap_shortens_a_plan_that_does_not_say(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    pid = str(_seed(url, minutes=60, onset=date(2026, 4, 1)))  # chronic: 10 sessions

    def sessions() -> int:
        code, printed, _ = _run(capsys, "--database-url", url, "export", "--fhir", "--patient", pid)
        assert code == 0
        careplans = [
            e["resource"]
            for e in json.loads(printed)["entry"]
            if e["resource"]["resourceType"] == "CarePlan"
        ]
        return len(careplans[0]["activity"])

    uncapped = sessions()
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"name": "Harbour Street", "nice_cap": True}), encoding="utf-8")
    assert uncapped == 10
    assert sessions() == 5  # 5 sessions of 60 minutes: NICE NG193's 300


@pytest.mark.parametrize(
    ("patients", "given"), [((), "0 given"), (("1", "2"), "2 given")], ids=["none", "two"]
)
def test_fhir_needs_exactly_one_patient(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    patients: tuple[str, ...],
    given: str,
) -> None:
    out = tmp_path / "out.json"
    argv = ["export", "--fhir", "-o", str(out)]
    for pid in patients:
        argv += ["--patient", pid]
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    code, printed, err = _run(capsys, "--database-url", url, *argv)
    assert (code, printed) == (2, "")
    assert err == f"needleplan: error: --fhir: needs exactly one --patient ID ({given})\n"
    assert not out.exists()


def test_fhir_with_format_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    code, _, err = _run(
        capsys, "--database-url", url, "export", "--fhir", "--patient", "1", "--format", "2"
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "--fhir" in err
    assert "--format" in err


def test_an_unknown_or_deleted_patient_is_one_clear_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _seed(database_url)
    store = open_store(database_url)
    try:
        store.patients.delete(pid)
    finally:
        store.close()
    out = tmp_path / "out.json"
    for missing in (pid, pid + 1):
        code, printed, err = _run(
            capsys,
            "--database-url",
            database_url,
            "export",
            "--fhir",
            "--patient",
            str(missing),
            "-o",
            str(out),
        )
        assert (code, printed) == (2, "")
        assert err == f"needleplan: error: --patient: {missing} is not a patient in this database\n"
    assert not out.exists()


def test_an_output_in_a_missing_folder_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    pid = str(_seed(url))
    out = tmp_path / "nowhere" / "out.json"
    code, _, err = _run(
        capsys, "--database-url", url, "export", "--fhir", "--patient", pid, "-o", str(out)
    )
    assert code == 2
    assert err.startswith("needleplan: error: -o: ")
    assert err.count("\n") == 1
    assert not out.parent.exists()


def test_export_without_fhir_still_writes_needleplan_case_2_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    pid = str(_seed(url))
    code, printed, _ = _run(capsys, "--database-url", url, "export", "--patient", pid)
    assert code == 0
    assert json.loads(printed)["format"] == "needleplan-case/2"
