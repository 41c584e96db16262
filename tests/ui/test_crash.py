from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from planner.ui import crash


def _raise_and_hook() -> None:
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        crash.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_hook_logs_the_traceback_without_a_dialog(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    _raise_and_hook()
    log = crash.log_file()
    assert log.is_relative_to(tmp_path / "xdg-state")  # platformdirs' user_log_dir
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in text
    assert "Traceback" in text
    assert shown == []  # SHOW_DIALOGS is off in tests
    assert "boom in a slot" in capsys.readouterr().err


def test_hook_shows_a_dialog_when_switched_on(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(crash, "SHOW_DIALOGS", True)
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    _raise_and_hook()
    assert len(boxes) == 1
    box = boxes[0]
    assert box.text() == "Something went wrong; your data is safe."
    assert "boom in a slot" in box.detailedText()
    assert str(crash.log_file()) in box.informativeText()
    capsys.readouterr()


def test_install_sets_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install()
    assert sys.excepthook is crash.excepthook


def _mode(path: Path) -> int:
    import stat

    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_is_private_and_an_old_open_one_is_closed(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = crash.log_file()
    log.parent.mkdir(parents=True)
    for folder in (log.parent, log.parent.parent):
        folder.chmod(0o755)
    log.write_text("an earlier crash\n")
    log.chmod(0o644)  # as earlier versions left it
    _raise_and_hook()
    capsys.readouterr()
    assert _mode(log) == 0o600
    assert _mode(log.parent) == 0o700
    assert log.parent.parent.name == "needleplan"
    assert _mode(log.parent.parent) == 0o700


def test_a_new_log_folder_is_made_private(qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    _raise_and_hook()
    capsys.readouterr()
    log = crash.log_file()
    assert _mode(log) == 0o600
    assert _mode(log.parent) == 0o700
    assert _mode(log.parent.parent) == 0o700


def test_the_log_holds_no_patient_data_and_names_the_record_by_id(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine("sqlite://")  # without hide_parameters: the hook scrubs anyway
    crash.set_record(patient=12)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
            row = {"id": 1, "name": "Ana López", "email": "ana@example.org"}
            phone = "0151 496 0000"
            insert = sa.text("INSERT INTO p (id, name) VALUES (:id, :name)")
            conn.execute(insert, row)
            try:
                conn.execute(insert, {**row, "id": 2})
            except sa.exc.IntegrityError:
                try:
                    int(f"{row['name']} {phone}")  # the source line shows no value
                except ValueError:
                    crash.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        crash.set_record(patient=None)
    err = capsys.readouterr().err
    text = crash.log_file().read_text(encoding="utf-8")
    for shown in (text, err):
        assert "Ana" not in shown
        assert "0151" not in shown
        assert "IntegrityError" in shown
        assert "INSERT INTO p (id, name) VALUES (?, ?)" in shown  # the SQL, not the values
        assert "Record: patient=12" in shown


def test_scrub_drops_postgresqls_detail_and_quoted_values() -> None:
    message = (
        "(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint\n"
        "DETAIL:  Key (email)=(ana@example.org) already exists.\n[SQL: INSERT INTO patients "
        "(name) VALUES (%(name)s::VARCHAR)]\n[parameters: {'name': 'Ana López'}]\n"
        "(Background on this error at: https://sqlalche.me/e/20/gkpj)"
    )
    scrubbed = crash.scrub(message)
    assert "ana@example.org" not in scrubbed
    assert "Ana López" not in scrubbed
    assert "DETAIL: (hidden)" in scrubbed
    assert "[SQL: INSERT INTO patients (name) VALUES (%(name)s::VARCHAR)]" in scrubbed
    assert crash.scrub("no such file: 'José.pdf'") == "no such file: '<8 characters>'"
