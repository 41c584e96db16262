"""Every file dialog opens in the one folder the practitioner last used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from planner.ui.shared.file_dialogs import (
    choose_open_path,
    choose_save_path,
    remembered_folder,
)
from planner.ui.shared.settings import Settings


class FakeDialog:
    """Stands in for QFileDialog's static functions: records where it opened, answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened_at: list[str] = []
        self.answer = ""
        for name in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, name, self._ask)

    def _ask(self, _parent: QWidget, _caption: str, start: str, _filters: str) -> Any:
        self.opened_at.append(start)
        return self.answer, ""


@pytest.fixture
def dialog(monkeypatch: pytest.MonkeyPatch) -> FakeDialog:
    return FakeDialog(monkeypatch)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_folder_of_one_dialog_is_where_the_next_opens(
    dialog: FakeDialog, parent: QWidget, settings: Settings, tmp_path: Path
) -> None:
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    assert remembered_folder(settings) != pictures
    dialog.answer = str(pictures / "logo.png")
    assert choose_open_path(parent, "Logo", "Pictures (*.png)", settings) == pictures / "logo.png"
    dialog.answer = str(pictures / "Aftercare.pdf")
    choose_save_path(parent, "Save", "Aftercare.pdf", "PDF files (*.pdf)", ".pdf", settings)
    assert dialog.opened_at[-1] == str(pictures / "Aftercare.pdf")


def test_the_folder_is_kept_between_sessions(
    dialog: FakeDialog, parent: QWidget, settings: Settings, settings_file: Path, tmp_path: Path
) -> None:
    dialog.answer = str(tmp_path / "course.ics")
    choose_save_path(parent, "Export", "course.ics", "iCalendar (*.ics)", ".ics", settings)
    settings.sync()
    reread = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    assert remembered_folder(reread) == tmp_path


def test_a_missing_suffix_is_added_and_cancel_remembers_nothing(
    dialog: FakeDialog, parent: QWidget, settings: Settings, tmp_path: Path
) -> None:
    dialog.answer = str(tmp_path / "sheet")
    assert choose_save_path(parent, "Save", "a.pdf", "PDF", ".pdf", settings) == (
        tmp_path / "sheet.pdf"
    )
    other = tmp_path / "other"
    other.mkdir()
    dialog.answer = ""
    assert choose_open_path(parent, "Logo", "Pictures", settings) is None
    assert remembered_folder(settings) == tmp_path


def test_a_folder_that_went_away_falls_back(settings: Settings, tmp_path: Path) -> None:
    settings.file_folder = str(tmp_path / "gone")
    assert remembered_folder(settings).is_dir()
    assert remembered_folder(settings) != tmp_path / "gone"


def test_the_logo_the_handout_and_the_calendar_share_the_folder(
    dialog: FakeDialog, parent: QWidget, tmp_path: Path
) -> None:
    from planner.ui.course.export import choose_ics_path
    from planner.ui.handout.printing import ask_save_path
    from planner.ui.settings_dialog import choose_logo_file

    clinic = tmp_path / "clinic"
    clinic.mkdir()
    dialog.answer = str(clinic / "logo.png")
    assert choose_logo_file(parent) == clinic / "logo.png"
    dialog.answer = str(clinic / "Aftercare.pdf")
    assert ask_save_path(parent, "Aftercare.pdf") == clinic / "Aftercare.pdf"
    dialog.answer = str(clinic / "course")
    assert choose_ics_path(parent, "course.ics") == clinic / "course.ics"
    assert dialog.opened_at[1:] == [str(clinic / "Aftercare.pdf"), str(clinic / "course.ics")]
