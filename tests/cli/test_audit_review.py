"""Review of `needleplan erase` and `history` (issue 14): what still holds the patient is
named, a failure after the erasure committed says that the patient is erased (never a
traceback, never "nothing changed"), drafts go, and the erased patient's history holds no
personal data."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.patient import Patient
from planner.domain.practitioner import Practitioner
from planner.store import erasure
from planner.store.database import open_store
from planner.store.engine import run_alembic
from planner.ui.shared import drafts as drafts_module
from planner.ui.shared.drafts import DraftStore

NAME = "Quentin Marlowe-Spry"
NOTES = "lives at 12 Quayside Lane"


@pytest.fixture(autouse=True)
def drafts_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "drafts"
    monkeypatch.setattr(drafts_module, "default_drafts_dir", lambda: folder)
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _patient(url: str) -> int:
    store = open_store(url)
    try:
        pid = store.patients.add(Patient(NAME, phone="555 0142", notes=NOTES)).id
        assert pid is not None
        return pid
    finally:
        store.close()


def test_erase_names_the_copies_beside_the_database_that_still_hold_the_patient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite'}"
    pid = _patient(url)
    store = open_store(url)
    run_alembic(store.engine, "downgrade", "0006")  # as an older version left it
    store.close()
    code, out, err = _run(capsys, "--database-url", url, "erase", "--patient", str(pid), "--yes")
    assert (code, err) == (0, "")
    assert NAME.encode() in (tmp_path / "clinic.before-0007.bak").read_bytes()
    assert (
        f"Copies made before still hold the patient, beside the database in {tmp_path}: "
        "clinic.before-0007.bak. Delete them to complete the erasure."
    ) in out.splitlines()
    assert NAME not in out


def test_erase_removes_the_patients_drafts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite'}"
    pid = _patient(url)
    drafts = DraftStore(database_url=url)
    mine = drafts.save(pid, "assessment", {"complaint": NOTES})
    other = drafts.save(pid + 1, "assessment", {"complaint": "someone else"})
    code, _, err = _run(capsys, "--database-url", url, "erase", "--patient", str(pid), "--yes")
    assert (code, err) == (0, "")
    assert not mine.exists()
    assert other.exists()


def test_drafts_that_cannot_go_are_said_after_the_erasure_not_as_nothing_erased(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite'}"
    pid = _patient(url)

    def refused(self: DraftStore, patient_id: int) -> int:
        raise PermissionError(13, "Permission denied", str(self.directory))

    monkeypatch.setattr(DraftStore, "erase_patient", refused)
    code, out, err = _run(capsys, "--database-url", url, "erase", "--patient", str(pid), "--yes")
    assert code == 2
    assert out.startswith(f"Erased patient {pid}")
    assert err.startswith(f"needleplan: error: erase: patient {pid} is erased, but their unsaved")
    assert f"patient-{pid}-*" in err
    assert len(err.splitlines()) == 1
    store = open_store(url)
    try:
        assert [e.action for e in store.audit.for_patient(pid)] == ["erase"]
    finally:
        store.close()


def test_a_rebuild_another_writer_refused_is_said_and_the_erasure_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store import engine as engine_module

    path = tmp_path / "clinic.sqlite"
    url = f"sqlite:///{path}"
    pid = _patient(url)
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 50)
    rebuild = erasure._rebuild_sqlite

    def another_writer_meanwhile(engine: Any) -> tuple[bool, bool]:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            return rebuild(engine)
        finally:
            other.execute("ROLLBACK")
            other.close()

    monkeypatch.setattr(erasure, "_rebuild_sqlite", another_writer_meanwhile)
    code, out, err = _run(capsys, "--database-url", url, "erase", "--patient", str(pid), "--yes")
    assert (code, err) == (0, "")  # before: sqlite3.OperationalError's traceback, exit 1
    assert "so its file could not be rebuilt" in out


def test_the_history_of_an_erased_patient_names_who_erased_and_nothing_of_them(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _patient(database_url)
    store = open_store(database_url)
    try:
        store.practitioners.add(Practitioner("Ana Ruiz", "PT"))
    finally:
        store.close()
    monkeypatch.setenv("NEEDLEPLAN_PRACTITIONER", "ana ruiz")
    url = ["--database-url", database_url]
    code, _, err = _run(capsys, *url, "erase", "--patient", str(pid), "--yes")
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, *url, "history", "--patient", str(pid))
    assert (code, err) == (0, "")
    [line] = out.splitlines()
    assert line.split("\t")[1:] == [
        "Ana Ruiz (PT)",
        "Erased a patient's records completely, on request.",
    ]
    code, out, _ = _run(capsys, *url, "history", "--patient", str(pid), "--json")
    for secret in (NAME, "555 0142", NOTES):
        assert secret not in out
