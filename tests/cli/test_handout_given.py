"""`needleplan handout --patient ID` keeps the PDF it wrote in the patient's record as a
handout given (saved), under the command's practitioner; a case file records nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.audit import describe
from planner.store.database import open_store
from planner.store.handouts import HandoutRecords
from tests.domain.handout.test_content import EXAMPLE


@pytest.fixture(autouse=True)
def no_user_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty config folder, so a real clinic.json on this computer is never read."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.delenv("NEEDLEPLAN_PRACTITIONER", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _import_example(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    assert _run(capsys, "--database-url", url, "import", str(case))[0] == 0


def test_a_stored_patients_handout_is_kept_as_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, database_url: str
) -> None:
    _import_example(capsys, database_url, tmp_path)
    add = ("--database-url", database_url, "practitioner", "add", "--name", "Ana Ruiz")
    assert _run(capsys, *add, "--role", "Acupuncturist")[0] == 0
    out = tmp_path / "h.pdf"
    code, _, err = _run(
        capsys,
        "--database-url",
        database_url,
        "--practitioner",
        "Ana Ruiz",
        "handout",
        "--patient",
        "1",
        "-o",
        str(out),
    )
    assert (code, err) == (0, "")
    store = open_store(database_url)
    try:
        [given] = store.handouts.given(1)
        assert given.how == "saved"
        assert given.pdf == out.read_bytes()
        plan = store.cases.get_case(1).plan
        assert plan is not None
        assert given.plan_id == plan.id
        entry = store.audit.for_patient(1)[-1]
        assert describe(entry) == "Saved the aftercare handout."
        assert entry.who == "Ana Ruiz (Acupuncturist)"
    finally:
        store.close()

    # Each run is a handout given.
    assert (
        _run(capsys, "--database-url", database_url, "handout", "--patient", "1", "-o", str(out))[0]
        == 0
    )
    store = open_store(database_url)
    try:
        assert len(store.handouts.given(1)) == 2
    finally:
        store.close()


def test_a_case_file_records_nothing_and_opens_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    out = tmp_path / "h.pdf"
    code, _, err = _run(
        capsys, "--database-url", f"sqlite:///{db}", "handout", str(case), "-o", str(out)
    )
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"%PDF")
    assert not db.exists()


def test_an_unknown_practitioner_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    _import_example(capsys, url, tmp_path)
    out = tmp_path / "h.pdf"
    code, _, err = _run(
        capsys,
        "--database-url",
        url,
        "--practitioner",
        "Nobody",
        "handout",
        "--patient",
        "1",
        "-o",
        str(out),
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("needleplan: error: --practitioner: ")
    assert not out.exists()


def test_a_record_that_fails_keeps_the_file_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    _import_example(capsys, url, tmp_path)

    def locked(self: HandoutRecords, *args: Any, **kwargs: Any) -> int:
        raise OperationalError("INSERT INTO handout_given ...", {}, Exception("database is locked"))

    monkeypatch.setattr(HandoutRecords, "record_given", locked)
    out = tmp_path / "h.pdf"
    code, _, err = _run(capsys, "--database-url", url, "handout", "--patient", "1", "-o", str(out))
    assert code == 2
    assert err == (
        f"needleplan: error: --patient: the handout was written to {out}, but it could not be "
        "kept in the patient's history: the database cannot be used: database is locked\n"
    )
    assert out.read_bytes().startswith(b"%PDF")
