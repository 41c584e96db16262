"""The Handout page warns while the clinic's name or phone is missing, and opens Settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.casefile.clinic import save_clinic
from planner.domain.handout import ClinicDetails
from planner.store.database import Store
from planner.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import MakeWorkspace
from tests.ui.handout.test_page import add_example, open_handout, text_of


@pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")
def test_missing_details_are_said_and_fixed_from_the_page(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_example(store)
    controller = make_workspace()
    page = open_handout(controller, pid)
    view = page.view
    assert view.clinic_notice.isVisible()
    assert "Your clinic" in view.clinic_notice_text.text()
    assert "no phone number" in view.clinic_notice_text.text()

    qtbot.mouseClick(view.clinic_settings_button, Qt.MouseButton.LeftButton)
    dialog = controller.window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.name_edit.setText("Harbour Street Acupuncture")
    dialog.phone_edit.setText("+44 23 9200 0000")
    assert dialog.try_save()
    QApplication.processEvents()
    assert not view.clinic_notice.isVisible()
    assert "+44 23 9200 0000" in text_of(page.pdf)


def test_only_what_is_missing_is_named(make_workspace: MakeWorkspace, store: Store) -> None:
    save_clinic(ClinicDetails(name="Harbour Street Acupuncture"))
    pid = add_example(store)
    page = open_handout(make_workspace(), pid)
    assert page.view.clinic_notice.isVisible()
    text = page.view.clinic_notice_text.text()
    assert "phone number" in text
    assert "Your clinic" not in text


def test_no_notice_once_name_and_phone_are_set(make_workspace: MakeWorkspace, store: Store) -> None:
    save_clinic(ClinicDetails(name="Harbour Street Acupuncture", phone="+44 23 9200 0000"))
    pid = add_example(store)
    page = open_handout(make_workspace(), pid)
    assert page.view.showing_preview()
    assert not page.view.clinic_notice.isVisible()
