"""`needleplan practitioner`, `needleplan history`, `needleplan erase`, and
`needleplan export --archive` (issue 14): one clear line and exit 2 on a refusal."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.assessment import Assessment
from planner.domain.patient import Patient
from planner.store.database import open_store

NAME = "Quentin Marlowe-Spry"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pid(database_url: str) -> int:
    from datetime import date

    store = open_store(database_url)
    try:
        patient = store.patients.add(Patient(NAME, phone="555 0142"))
        assert patient.id is not None
        store.patients.update(replace(patient, notes="likes tea"))
        store.cases.save_assessment(patient.id, Assessment(date=date(2026, 11, 20)))
        store.handouts.record_given(patient.id, b"%PDF-1.4 handout", how="printed")
        return patient.id
    finally:
        store.close()


def test_practitioners_are_added_and_listed(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ["--database-url", database_url]
    code, out, _ = _run(capsys, *url, "practitioner", "add", "--name", "Ana Ruiz", "--role", "PT")
    assert (code, out) == (0, "Added practitioner 1: Ana Ruiz (PT)\n")
    code, out, _ = _run(capsys, *url, "practitioner", "list", "--json")
    assert json.loads(out)["practitioners"][0]["name"] == "Ana Ruiz"
    code, _, err = _run(capsys, *url, "practitioner", "add", "--name", " ")
    assert code == 2
    assert err == "needleplan: error: name: is required\n"


def test_history_prints_each_change_with_its_author(
    database_url: str, capsys: pytest.CaptureFixture[str], pid: int
) -> None:
    url = ["--database-url", database_url]
    _run(capsys, *url, "practitioner", "add", "--name", "Ana Ruiz")
    code, _, _ = _run(
        capsys,
        *url,
        "--practitioner",
        "Ana Ruiz",
        "import",
        str(Path(__file__).parents[2] / "resources" / "samples" / "sample-case.json"),
    )
    assert code == 0
    code, out, _ = _run(capsys, *url, "history", "--patient", str(pid))
    lines = out.splitlines()
    assert code == 0
    assert [line.split("\t")[2] for line in lines] == [
        "Added the patient.",
        "Changed the patient's details: notes.",
        "Recorded an assessment of 2026-11-20.",
        "Printed the aftercare handout.",
    ]
    code, out, _ = _run(capsys, *url, "history", "--patient", str(pid + 1), "--json")
    (entry,) = json.loads(out)["entries"]
    assert (entry["action"], entry["who"]) == ("import", "Ana Ruiz")


def test_unknown_practitioner_and_patient_are_one_line(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ["--database-url", database_url]
    code, _, err = _run(
        capsys, *url, "--practitioner", "Nobody", "practitioner", "add", "--name", "X"
    )
    assert code == 2
    assert err.startswith("needleplan: error: --practitioner: no practitioner has that name")
    code, _, err = _run(capsys, *url, "history", "--patient", "99")
    assert (code, err) == (2, "needleplan: error: --patient: 99 has no history in this database\n")


def test_export_archive_holds_history_fhir_audit_and_handouts(
    database_url: str, capsys: pytest.CaptureFixture[str], pid: int, tmp_path: Path
) -> None:
    out = tmp_path / "archive.zip"
    code, _, err = _run(
        capsys,
        "--database-url",
        database_url,
        "export",
        "--patient",
        str(pid),
        "--archive",
        str(out),
    )
    assert (code, err) == (0, "")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert {"README.txt", "history.json", "fhir.json", "audit.json"} <= set(names)
        [pdf] = [n for n in names if n.startswith("handouts/")]
        assert zf.read(pdf) == b"%PDF-1.4 handout"
        assert json.loads(zf.read("history.json"))["patient"]["name"] == NAME
        assert json.loads(zf.read("fhir.json"))["resourceType"] == "Bundle"
        assert len(json.loads(zf.read("audit.json"))["entries"]) == 4
    code, _, err = _run(capsys, "--database-url", database_url, "export", "--archive", str(out))
    assert (code, err) == (
        2,
        "needleplan: error: --archive: needs exactly one --patient ID (0 given)\n",
    )


def test_erase_asks_then_removes_everything_but_one_entry(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    pid: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = ["--database-url", database_url]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _run(capsys, *url, "erase", "--patient", str(pid))
    assert (code, err) == (
        2,
        "needleplan: error: erase: asks before erasing; add --yes to erase without asking\n",
    )
    monkeypatch.setattr("sys.stdin", _Terminal("no\n"))
    code, out, _ = _run(capsys, *url, "erase", "--patient", str(pid))
    assert (code, out.splitlines()[-1]) == (0, "Nothing erased.")
    archive = tmp_path / "before.zip"
    monkeypatch.setattr("sys.stdin", _Terminal(f"{pid}\n"))
    code, out, _ = _run(capsys, *url, "erase", "--patient", str(pid), "--archive", str(archive))
    assert code == 0
    assert f"Erased patient {pid}" in out
    assert zipfile.ZipFile(archive).read("history.json")
    code, out, _ = _run(capsys, *url, "history", "--patient", str(pid), "--json")
    (entry,) = json.loads(out)["entries"]
    assert entry["action"] == "erase"
    assert NAME not in out
    code, _, err = _run(capsys, *url, "erase", "--patient", str(pid), "--yes")
    assert (code, err) == (2, f"needleplan: error: patient {pid} does not exist\n")


def test_a_deleted_patient_is_archived_before_their_erasure(
    database_url: str, capsys: pytest.CaptureFixture[str], pid: int, tmp_path: Path
) -> None:
    store = open_store(database_url)
    try:
        store.patients.delete(pid)
    finally:
        store.close()
    archive = tmp_path / "deleted.zip"
    url = ["--database-url", database_url]
    code, _, err = _run(
        capsys, *url, "erase", "--patient", str(pid), "--archive", str(archive), "--yes"
    )
    assert (code, err) == (0, "")
    assert json.loads(zipfile.ZipFile(archive).read("history.json"))["patient"]["name"] == NAME
    code, _, err = _run(capsys, *url, "export", "--patient", "999", "--archive", str(archive))
    assert (code, err) == (2, "needleplan: error: patient 999 does not exist\n")


def test_an_archive_with_fhir_is_refused_not_ignored(
    database_url: str, capsys: pytest.CaptureFixture[str], pid: int, tmp_path: Path
) -> None:
    out = tmp_path / "a.zip"
    code, printed, err = _run(
        capsys,
        "--database-url",
        database_url,
        "export",
        "--patient",
        str(pid),
        "--archive",
        str(out),
        "--fhir",
    )
    assert (code, printed) == (2, "")
    assert (
        err == "needleplan: error: --archive: writes one zip; leave out --fhir, --format and -o\n"
    )
    assert not out.exists()
