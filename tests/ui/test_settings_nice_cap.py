"""The clinic's default for NICE NG193's cap: set in Settings, taken by a new course."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from planner.casefile.clinic import default_folder, read_nice_cap, save_clinic
from planner.domain.handout import ClinicDetails
from planner.domain.plan import AcupointTarget, Plan
from planner.store.database import Store
from planner.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.course.test_page import START, add_case, open_course, settle


def _dialog(qtbot: QtBot, folder: Path, prompts: FakePrompts) -> SettingsDialog:
    dialog = SettingsDialog(folder=folder, confirm_discard=prompts.confirm_discard)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_settings_saves_the_nice_cap_default(
    qtbot: QtBot, tmp_path: Path, prompts: FakePrompts
) -> None:
    folder = tmp_path / "config" / "needleplan"
    dialog = _dialog(qtbot, folder, prompts)
    assert not dialog.nice_cap_check.isChecked()  # off until the clinic turns it on
    dialog.name_edit.setText("Harbour Street Acupuncture")
    dialog.nice_cap_check.setChecked(True)
    assert dialog.is_dirty()
    assert dialog.try_save()
    document = json.loads((folder / "clinic.json").read_text(encoding="utf-8"))
    assert document["nice_cap"] is True
    assert read_nice_cap(folder)

    again = _dialog(qtbot, folder, prompts)
    assert again.nice_cap_check.isChecked()
    assert not again.is_dirty()
    again.nice_cap_check.setChecked(False)
    assert again.is_dirty()  # closing would ask first
    assert again.try_save()
    assert not read_nice_cap(folder)


def test_a_new_course_takes_the_clinic_default(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    save_clinic(ClinicDetails(name="Harbour Street"), default_folder(), nice_cap=True)
    # No start date yet: a course never saved, so the page proposes one with the default.
    new = Plan(acupoints=(AcupointTarget("GB21"),), clinic_days=("mon", "wed", "fri"))
    page = open_course(make_window(), add_case(store, plan=new))
    settle(qtbot, page)
    assert page.view.nice_cap.isChecked()
    assert page.course is not None
    assert page.course.calendar.cap_minutes == 300
    assert page.save()
    saved = store.cases.get_case(page.patient_id or 0).plan
    assert saved is not None
    assert saved.nice_cap is True


def test_a_saved_course_keeps_its_own_cap(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    save_clinic(ClinicDetails(name="Harbour Street"), default_folder(), nice_cap=True)
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),),
        start_date=START,
        clinic_days=("mon", "wed", "fri"),
        nice_cap=False,
    )
    page = open_course(make_window(), add_case(store, plan=plan))
    settle(qtbot, page)
    assert not page.view.nice_cap.isChecked()
    assert not page.is_dirty()
