"""The patient form on its own: values in and out, messages at the field, the discard question."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from planner.domain.patient import Patient
from planner.domain.vocab import Sex
from planner.ui.patients.dialog import PatientDialog
from tests.ui.helpers import jose, type_text


def make_dialog(
    qtbot: QtBot, patient: Patient | None = None, discard: bool = True
) -> tuple[PatientDialog, list[str]]:
    asked: list[str] = []

    def confirm(_parent: object) -> bool:
        asked.append("discard?")
        return discard

    dialog = PatientDialog(patient, confirm_discard=confirm)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog, asked


def test_loads_and_returns_every_field(qtbot: QtBot) -> None:
    original = jose().with_changes(id=7, version=3, notes="Left-handed")
    dialog, _ = make_dialog(qtbot, original)
    assert dialog.windowTitle() == "Edit patient"
    assert dialog.name_edit.text() == "José Núñez"
    assert not dialog.birth_unknown.isChecked()
    assert dialog.birth_date_edit.date() == QDate(1975, 6, 14)
    assert dialog.sex_combo.currentText() == "Male"
    assert dialog.patient() == original
    assert not dialog.is_dirty()


def test_new_patient_starts_with_birth_date_not_known(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    assert dialog.windowTitle() == "New patient"
    assert dialog.birth_unknown.isChecked()
    assert not dialog.birth_date_edit.isEnabled()
    assert [dialog.sex_combo.itemText(i) for i in range(4)] == [
        "Female",
        "Male",
        "Other",
        "Not stated",
    ]
    qtbot.keyClicks(dialog.name_edit, "Zhang Wei")
    patient = dialog.patient()
    assert patient.birth_date is None
    assert patient.sex is Sex.UNKNOWN  # no guess: "Not stated" until the user picks


def test_empty_name_is_refused_with_the_message_at_the_field(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    submitted: list[Patient] = []
    dialog.submitted.connect(submitted.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert submitted == []
    assert dialog.isVisible()
    assert dialog.error_text("name") == "Name is required"
    assert dialog.name_edit.property("invalid") is True
    assert "border" in dialog.name_edit.styleSheet()
    assert dialog.focusWidget() is dialog.name_edit
    # The message follows the fix as the user types, and then OK goes through.
    qtbot.keyClicks(dialog.name_edit, "Ana")
    assert dialog.error_text("name") == ""
    assert dialog.name_edit.styleSheet() == ""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in submitted] == ["Ana"]


def test_future_birth_date_is_refused_clearly(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    type_text(qtbot, dialog.name_edit, "Ana López")
    dialog.birth_unknown.setChecked(False)
    future = date.today() + timedelta(days=400)
    dialog.birth_date_edit.setDate(QDate(future.year, future.month, future.day))
    submitted: list[Patient] = []
    dialog.submitted.connect(submitted.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert submitted == []
    assert dialog.error_text("birth_date") == f"Birth date {future.isoformat()} is in the future"
    assert dialog.error_text("name") == ""
    assert dialog.focusWidget() is dialog.birth_date_edit


def test_bad_email_and_phone_show_under_their_fields(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Ana")
    qtbot.keyClicks(dialog.phone_edit, "call me")
    qtbot.keyClicks(dialog.email_edit, "ana at example")
    dialog.try_submit()
    assert dialog.error_text("phone").startswith("Phone 'call me' is not a phone number")
    assert dialog.error_text("email") == "Email 'ana at example' is not an email address"
    assert dialog.focusWidget() is dialog.phone_edit  # the first bad field


def test_cancel_on_a_clean_dialog_closes_without_asking(qtbot: QtBot) -> None:
    dialog, asked = make_dialog(qtbot, jose().with_changes(id=1, version=1))
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert asked == []
    assert not dialog.isVisible()


def test_cancel_on_a_dirty_dialog_asks_and_can_keep_editing(qtbot: QtBot) -> None:
    dialog, asked = make_dialog(qtbot, discard=False)
    qtbot.keyClicks(dialog.name_edit, "Half typed")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert asked == ["discard?"]
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "Half typed"
    dialog.close()  # the close box asks too
    assert asked == ["discard?", "discard?"]
    assert dialog.isVisible()


def test_cancel_on_a_dirty_dialog_discards_when_told(qtbot: QtBot) -> None:
    dialog, asked = make_dialog(qtbot, discard=True)
    qtbot.keyClicks(dialog.notes_edit, "Something")
    dialog.reject()
    assert asked == ["discard?"]
    assert not dialog.isVisible()
