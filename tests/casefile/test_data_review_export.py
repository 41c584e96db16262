"""Data review: `needleplan export -o FILE` writes a private file, whole or not at all."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.case import Case
from planner.domain.history import PatientHistory
from planner.domain.patient import Patient
from planner.store.database import open_store


@pytest.fixture
def two_patients(database_url: str) -> str:
    store = open_store(database_url)
    try:
        store.cases.import_cases([Case(Patient("Ana López")), Case(Patient("Bo Chen"))])
    finally:
        store.close()
    return database_url


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_exported_json_lines_are_private(
    two_patients: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.jsonl"
    assert main(["--database-url", two_patients, "export", "-o", str(out)]) == 0
    capsys.readouterr()
    names = [json.loads(line)["patient"]["name"] for line in out.read_text("utf-8").splitlines()]
    assert names == ["Ana López", "Bo Chen"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_failed_export_leaves_the_previous_file_whole(
    two_patients: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import planner.store.history as history_module

    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "all.jsonl"
    assert main(["--database-url", two_patients, "export", "-o", str(out)]) == 0
    before = out.read_bytes()

    # One patient per batch; the second batch fails (a dropped connection, a full disk).
    monkeypatch.setattr(history_module, "HISTORY_BATCH", 1)
    original = history_module.HistoryRepository._histories
    calls = 0

    def failing(s: Any, rows: Any) -> list[PatientHistory]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("connection lost")
        return original(s, rows)

    monkeypatch.setattr(history_module.HistoryRepository, "_histories", staticmethod(failing))
    # One clear line, exit 2 (no traceback), and the previous file untouched.
    assert main(["--database-url", two_patients, "export", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "connection lost; nothing was written" in err
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["all.jsonl"]  # no temporary file left
