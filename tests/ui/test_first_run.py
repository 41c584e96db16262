"""The first start asks for the clinic's details once: Save or Skip, then never again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from planner.casefile.clinic import clinic_file, read_clinic, save_clinic
from planner.domain.handout import ClinicDetails
from planner.ui.settings_dialog import SettingsDialog
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


def test_skipped_once_it_is_not_asked_again(
    qtbot: QtBot, make_window: MakeWindow, settings: Settings
) -> None:
    controller = make_window()
    dialog = controller.commands.offer_clinic_setup()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Your clinic's details"
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert button.text().replace("&", "") == "Skip for now"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not clinic_file().exists()
    # Remembered across a restart (a new window on the same settings file).
    assert settings.clinic_setup_offered
    again = make_window()
    assert again.commands.offer_clinic_setup() is None
    assert again.window.findChild(SettingsDialog) is None


def test_saved_details_reach_clinic_json(qtbot: QtBot, make_window: MakeWindow) -> None:
    controller = make_window()
    dialog = controller.commands.offer_clinic_setup()
    assert isinstance(dialog, SettingsDialog)
    qtbot.keyClicks(dialog.name_edit, "Harbour Street Acupuncture")
    qtbot.keyClicks(dialog.phone_edit, "+44 23 9200 0000")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    clinic = read_clinic()
    assert (clinic.name, clinic.phone) == ("Harbour Street Acupuncture", "+44 23 9200 0000")
    assert controller.commands.offer_clinic_setup() is None


def test_skipping_typed_details_asks_first(
    qtbot: QtBot, make_window: MakeWindow, prompts: FakePrompts
) -> None:
    controller = make_window()
    dialog = controller.commands.offer_clinic_setup()
    assert isinstance(dialog, SettingsDialog)
    dialog.phone_edit.setText("+1 555 0100")
    prompts.discard_answer = False
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert prompts.kinds() == ["discard"]
    assert not controller.settings.clinic_setup_offered


def test_not_asked_when_the_clinic_is_already_set_up(make_window: MakeWindow) -> None:
    save_clinic(ClinicDetails(name="Harbour Street Acupuncture"))
    controller = make_window()
    assert controller.commands.offer_clinic_setup() is None
    assert controller.settings.clinic_setup_offered


def test_the_setting_reads_ini_text(settings_file: Path) -> None:
    settings_file.write_text("[clinic]\nsetup_offered=true\n", encoding="utf-8")
    assert Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)).clinic_setup_offered
    settings_file.write_text("[clinic]\nsetup_offered=maybe\n", encoding="utf-8")
    reread = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    assert reread.clinic_setup_offered is False
