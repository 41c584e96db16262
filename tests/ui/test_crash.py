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
