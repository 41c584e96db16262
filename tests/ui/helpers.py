"""Small helpers shared by the GUI tests."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.vocab import Sex
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.patients.dialog import PatientDialog


def add_patients(store: Store, *patients: Patient) -> list[int]:
    return store.cases.import_cases([Case(p) for p in patients])


def jose() -> Patient:
    return Patient(
        name="José Núñez",
        birth_date=date(1975, 6, 14),
        sex=Sex.MALE,
        phone="+34 600 123 456",
        email="jose@example.org",
    )


def visible_names(controller: MainController) -> list[str]:
    model = controller.model
    return [model.patient_at(row).name for row in range(model.rowCount())]  # type: ignore[union-attr]


def open_dialog(controller: MainController) -> PatientDialog:
    dialog = controller.dialog
    assert dialog is not None, "no patient dialog is open"
    assert dialog.isVisible()
    return dialog


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a keyboard would, accents included.

    QTest.keyClicks aborts the process on non-ASCII characters (qasciikey.cpp assertion),
    so those go in as key events that carry only their text, as an input method sends them.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def loaded_at_start_up(tmp_path: Path, prefixes: Sequence[str]) -> list[str]:
    """Modules whose name starts with one of `prefixes`, loaded once the app has started.

    A fresh interpreter runs the real start-up (exit_after_startup) on an empty database
    in tmp_path: the test process itself has long imported everything.
    """
    url = f"sqlite:///{tmp_path / 'start-up.sqlite'}"
    code = (
        "import sys\n"
        "from planner.ui.app import run\n"
        f"run({url!r}, exit_after_startup=True)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({tuple(prefixes)!r})))\n"
    )
    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return loaded
