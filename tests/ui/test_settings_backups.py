"""Settings' Backups group: on/off, the folder (existing and writable), how many to keep,
the newest backup's time; saved with the dialog's Save, and a wheel that does not change it."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from planner.store.backup.rotation import automatic_name
from planner.ui.app import application
from planner.ui.backup_fields import AUTOMATIC_TEXT, KEEP_MAX
from planner.ui.settings_dialog import SettingsDialog
from planner.ui.shared.input_guard import install
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def make_dialog(
    qtbot: QtBot,
    tmp_path: Path,
    settings: Settings,
    prompts: FakePrompts,
    chosen: Path | None = None,
) -> SettingsDialog:
    dialog = SettingsDialog(
        folder=tmp_path / "config",
        confirm_discard=prompts.confirm_discard,
        settings=settings,
        choose_folder=lambda parent, start: chosen,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_group_round_trips_through_save(
    qtbot: QtBot, tmp_path: Path, settings: Settings, prompts: FakePrompts, backups: Path
) -> None:
    dialog = make_dialog(qtbot, tmp_path, settings, prompts, chosen=backups)
    group = dialog.backup_fields
    assert group.automatic_check.text() == AUTOMATIC_TEXT
    assert group.automatic_check.isChecked()  # the defaults: on, default folder, keep 10
    assert group.folder_edit.text() == ""
    assert group.keep_spin.value() == 10
    assert (group.keep_spin.minimum(), group.keep_spin.maximum()) == (1, KEEP_MAX)
    qtbot.mouseClick(group.browse_button, Qt.MouseButton.LeftButton)
    assert group.folder_edit.text() == str(backups)
    group.keep_spin.selectAll()
    qtbot.keyClicks(group.keep_spin, "30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert settings.auto_backup_folder == str(backups)
    assert settings.auto_backup_keep == 30
    assert settings.auto_backup_enabled

    again = make_dialog(qtbot, tmp_path, settings, prompts)
    assert again.backup_fields.folder_edit.text() == str(backups)
    assert again.backup_fields.keep_spin.value() == 30
    qtbot.mouseClick(again.backup_fields.automatic_check, Qt.MouseButton.LeftButton)
    assert not again.backup_fields.keep_spin.isEnabled()  # off: its details rest
    assert not again.backup_fields.folder_edit.isEnabled()
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert settings.auto_backup_enabled is False


def test_cancel_keeps_the_settings_and_asks_first(
    qtbot: QtBot, tmp_path: Path, settings: Settings, prompts: FakePrompts
) -> None:
    dialog = make_dialog(qtbot, tmp_path, settings, prompts)
    dialog.backup_fields.keep_spin.setValue(3)
    assert dialog.is_dirty()
    dialog.reject()
    assert prompts.kinds() == ["discard"]
    assert settings.auto_backup_keep == 10


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("missing", "Backup folder does not exist: choose an existing folder"),
        ("a-file", "Backup folder is a file, not a folder"),
        ("locked", "Backup folder cannot be written to: choose another folder"),
        ("relative/backups", "Backup folder must be a full path, such as /home/you/Backups"),
    ],
)
def test_a_folder_that_cannot_take_backups_is_refused_at_the_field(
    qtbot: QtBot,
    tmp_path: Path,
    settings: Settings,
    prompts: FakePrompts,
    typed: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes anywhere: what its owner would be told, simulated
        real = os.access

        def access(path: object, mode: int, **kw: object) -> bool:
            if Path(str(path)) == locked and mode & os.W_OK:
                return False
            return real(path, mode, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
    dialog = make_dialog(qtbot, tmp_path, settings, prompts)
    folder = typed if typed.startswith("relative") else str(tmp_path / typed)
    qtbot.keyClicks(dialog.backup_fields.folder_edit, folder)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_text("backup_folder") == message
    assert settings.auto_backup_folder == ""
    # Backups off: a folder no longer there does not stop the other settings being saved.
    dialog.backup_fields.automatic_check.setChecked(False)
    assert dialog.error_text("backup_folder") == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_newest_automatic_backup_is_shown(
    qtbot: QtBot, tmp_path: Path, settings: Settings, prompts: FakePrompts, backups: Path
) -> None:
    settings.auto_backup_folder = str(backups)
    dialog = make_dialog(qtbot, tmp_path, settings, prompts)
    assert dialog.backup_fields.last_label.text() == "No automatic backup in this folder yet"
    dialog.close()
    for when in (datetime(2025, 3, 13, 9, 5), datetime(2025, 3, 14, 17, 42)):
        (backups / automatic_name(when, ".sqlite")).write_bytes(b"")
    (backups / "needleplan-by-hand.sqlite").write_bytes(b"")  # not an automatic one
    shown = make_dialog(qtbot, tmp_path, settings, prompts)
    assert shown.backup_fields.last_label.text() == "Last automatic backup: 14 March 2025 at 17:42"


def wheel(widget: QWidget, notches: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_the_unfocused_spin_box_does_not_change_it(
    qtbot: QtBot, tmp_path: Path, settings: Settings, prompts: FakePrompts
) -> None:
    install(application())  # as the app does once its window is up
    dialog = make_dialog(qtbot, tmp_path, settings, prompts)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    spin = dialog.backup_fields.keep_spin
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never focuses it
    dialog.name_edit.setFocus()
    wheel(spin, 3)
    assert spin.value() == 10
    assert not dialog.is_dirty()
    spin.setFocus()  # focused, the wheel is the user's intent
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, 3)
    assert spin.value() == 13


def test_the_menu_opens_the_group(make_window: MakeWindow) -> None:
    controller = make_window()
    dialog = controller.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.backup_fields.isVisibleTo(dialog)
    assert dialog.backup_fields.title() == "Backups"


def test_the_first_start_welcome_leaves_backups_out(
    make_window: MakeWindow, settings: Settings
) -> None:
    controller = make_window()
    dialog = controller.commands.offer_clinic_setup()
    assert isinstance(dialog, SettingsDialog)
    assert not dialog.backup_fields.isVisibleTo(dialog)
