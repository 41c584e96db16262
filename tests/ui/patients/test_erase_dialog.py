"""Edit › Erase patient completely…: the explanation, the name typed before the red button
works, the archive first, and after erasing: nothing of the patient in the list, the store or
the drafts folder; a refusal changes nothing; Undo cannot bring an erased patient back."""

from __future__ import annotations

import os
import stat
import zipfile
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment
from planner.domain.errors import DomainError, NotFoundError
from planner.domain.patient import Patient
from planner.domain.visit import Visit
from planner.store.database import Store
from planner.store.erasure import Erased
from planner.ui.assessment import ASSESSMENT_PAGE
from planner.ui.assessment.controller import AssessmentController
from planner.ui.main_controller import MainController
from planner.ui.patients.commands import ERASED
from planner.ui.patients.erase_dialog import EraseDialog, same_name
from planner.ui.shared.drafts import ASSESSMENT, DraftStore
from tests.ui.conftest import FakePrompts, MakeWindow, MakeWorkspace
from tests.ui.helpers import add_patients, jose, type_text, visible_names

CTRL = Qt.KeyboardModifier.ControlModifier


def open_erase(c: MainController, pid: int) -> EraseDialog:
    row = c.model.row_of(pid)
    assert row is not None
    c.select_row(row)
    dialog = c.commands.erase_patient()
    assert isinstance(dialog, EraseDialog)
    assert dialog.isVisible()
    return dialog


@pytest.fixture
def three(store: Store) -> list[int]:
    """Ana, José (with an assessment, a visit and a handout given) and Zhang."""
    ids = add_patients(store, Patient("Ana López"), jose(), Patient("Zhang Wei"))
    pid = ids[1]
    store.cases.save_assessment(pid, Assessment(date=date(2026, 11, 20), complaint="Neck"))
    store.visits.add(pid, Visit(date=date(2026, 11, 24), nprs_before=6, subjective="Tired"))
    store.handouts.record_given(pid, b"%PDF-1.4 handout of Jose", how="printed")
    return ids


def test_the_erase_button_waits_for_the_name(
    qtbot: QtBot, make_window: MakeWindow, three: list[int], store: Store
) -> None:
    c = make_window()
    dialog = open_erase(c, three[1])
    text = dialog.text.text()
    for words in (
        "Everything about José Núñez is removed from this database",
        "assessments, plans, visits, the handouts kept as given, their history",
        "One line stays in the audit trail saying that a patient was erased, with no name",
        "Backups made before now stay as they are",
    ):
        assert words in text
    qtbot.waitUntil(dialog.name_edit.hasFocus, timeout=2000)
    erase = dialog.erase_button
    assert not erase.isEnabled()
    type_text(qtbot, dialog.name_edit, "José")
    assert not erase.isEnabled()
    type_text(qtbot, dialog.name_edit, " Nuñez")  # a letter wrong: still off
    assert not erase.isEnabled()
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "  josé NÚÑEZ ")  # case and spaces around do not matter
    assert erase.isEnabled()
    # Enter in the name field erases no one; a click on a disabled button does nothing.
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert store.patients.get(three[1]).name == "José Núñez"
    dialog.name_edit.clear()
    qtbot.mouseClick(erase, Qt.MouseButton.LeftButton)
    assert store.patients.get(three[1]).name == "José Núñez"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert visible_names(c) == ["Ana López", "José Núñez", "Zhang Wei"]


def test_same_name_ignores_case_spaces_and_composition_only() -> None:
    assert same_name(" ana lópez ", "Ana López")
    assert same_name("Ana Lo\u0301pez", "Ana López")  # the accent typed as a combining mark
    assert not same_name("Ana Lopez", "Ana López")
    assert not same_name("Ana  López", "Ana López")
    assert not same_name("", "")


def test_erasing_removes_the_patient_everywhere(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    three: list[int],
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana, pid, zhang = three
    drafts = DraftStore(drafts_dir)
    drafts.save(pid, "visit", {"subjective": "left from yesterday"})
    drafts.path(pid, "plan").write_text("{damaged", encoding="utf-8")
    assert drafts.load(pid, "plan") is None  # kept aside as .bad
    drafts.save(zhang, ASSESSMENT, {"complaint": "Zhang's typing"})
    c = make_workspace()
    row = c.model.row_of(pid)
    assert row is not None
    c.select_row(row)
    # Typing not saved yet on the Assessment page: it must not outlive the patient.
    page = cast(AssessmentController, c.workspace.open(ASSESSMENT_PAGE))
    page.new_assessment()
    type_text(qtbot, page.form.visit.complaint_edit, "Stiff neck, unsaved")

    parked: list[int] = []
    window_drafts = c.workspace.context.drafts
    save = window_drafts.save
    monkeypatch.setattr(
        window_drafts, "save", lambda p, kind, data: parked.append(p) or save(p, kind, data)
    )
    erased: list[Erased] = []
    erase_patient = c.database.store.erase_patient
    monkeypatch.setattr(
        c.database.store, "erase_patient", lambda p: erased.append(erase_patient(p)) or erased[0]
    )
    dialog = open_erase(c, pid)
    type_text(qtbot, dialog.name_edit, "José Núñez")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    assert parked == [pid]  # the page kept the typing safe as the patient closed...
    assert not drafts.exists(pid, ASSESSMENT)  # ...and it went with the patient
    assert not dialog.isVisible()
    assert prompts.asked == []
    # The window's own list connection does not keep SQLite from rebuilding the file.
    assert erased[0].pages_overwritten
    assert visible_names(c) == ["Ana López", "Zhang Wei"]
    assert c.selected_id() == zhang  # the neighbour takes its place, as after a delete
    assert c.workspace.patient_id == zhang
    with pytest.raises(NotFoundError):
        store.patients.get(pid)
    assert store.patients.search("Núñez") == []
    assert store.visits.for_patient(pid, include_deleted=True) == []
    assert store.handouts.given(pid) == []
    [left] = store.audit.for_patient(pid)  # one line, without the name
    assert left.action == "erase"
    assert "José" not in str(left.to_json())
    # counts: 1 assessment, 1 visit, 1 handout, and their audit entries (import,
    # assessment, visit, handout): with the patient's own record, 8 records.
    assert c.window.statusBar().currentMessage() == "Patient erased (8 records removed)."
    assert sorted(p.name for p in drafts_dir.iterdir()) == [f"patient-{zhang}-assessment.json"]
    assert QApplication.overrideCursor() is None

    c.window.close()  # the pages park their typing once more: nothing for the erased patient
    assert sorted(p.name for p in drafts_dir.iterdir()) == [f"patient-{zhang}-assessment.json"]
    assert ana in [p.id for p in store.patients.search("")]


def test_erasing_the_last_patient_shows_the_welcome(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    [pid] = add_patients(store, Patient("Ana López"))
    c = make_window()
    dialog = open_erase(c, pid)
    type_text(qtbot, dialog.name_edit, "ana lópez")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert visible_names(c) == []
    assert c.selected_id() is None
    assert c.window.statusBar().currentMessage() == "Patient erased (2 records removed)."


def test_a_refused_erase_is_one_message_and_changes_nothing(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    three: list[int],
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid = three[1]
    DraftStore(drafts_dir).save(pid, "visit", {"subjective": "typed"})
    c = make_workspace()
    dialog = open_erase(c, pid)

    def refuse(patient_id: int) -> None:
        raise DomainError("the database cannot be used: database is locked")

    monkeypatch.setattr(c.database.store, "erase_patient", refuse)
    type_text(qtbot, dialog.name_edit, "José Núñez")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    assert prompts.asked == [
        (
            "problem",
            "Could not erase the patient: the database cannot be used: database is locked."
            "\n\nNothing was erased.",
        )
    ]
    assert dialog.isVisible()  # to try again, or cancel
    assert store.patients.get(pid).name == "José Núñez"
    assert visible_names(c) == ["Ana López", "José Núñez", "Zhang Wei"]
    assert c.selected_id() == pid
    assert c.workspace.patient_id == pid  # the workspace is back on the patient
    assert DraftStore(drafts_dir).exists(pid, "visit")
    assert QApplication.overrideCursor() is None


def test_the_archive_can_be_exported_first(
    qtbot: QtBot,
    make_window: MakeWindow,
    three: list[int],
    store: Store,
    tmp_path: Path,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid = three[1]
    c = make_window()
    dialog = open_erase(c, pid)
    target = tmp_path / "archive.zip"
    asked: list[str] = []

    def choose(parent: QWidget, suggested: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(c.commands, "choose_archive_path", choose)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Archive {date.today().isoformat()} José Núñez.zip"]
    assert prompts.asked == []
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        assert {"history.json", "fhir.json", "audit.json"} <= set(names)
        [pdf] = [n for n in names if n.startswith("handouts/")]
        assert zf.read(pdf) == b"%PDF-1.4 handout of Jose"
    assert dialog.archive_label.isVisible()
    assert str(target) in dialog.archive_label.text()
    QApplication.processEvents()  # the dialog grew for the line: no text is cut off
    for label in (dialog.text, dialog.archive_label):
        assert label.height() >= label.heightForWidth(label.width())
    assert store.patients.get(pid).name == "José Núñez"  # exporting erases nothing

    # A folder that is not there: one message, nothing written, the dialog stays.
    target = tmp_path / "gone" / "archive.zip"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    [(kind, text)] = prompts.asked
    assert kind == "problem"
    assert text.startswith("Could not export the archive: ")
    assert text.endswith("Nothing was written.")
    assert not target.exists()
    assert dialog.isVisible()


def test_undo_of_a_delete_cannot_bring_back_an_erased_patient(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    ids = add_patients(store, Patient("Ana López"), jose(), Patient("Zhang Wei"))
    c = make_window()
    c.select_row(0)
    c.actions.delete_selected()
    assert visible_names(c) == ["José Núñez", "Zhang Wei"]
    assert c.undo_stack.count() == 1
    store.erase_patient(ids[0])  # `needleplan erase`, or another practitioner's window

    qtbot.keyClick(c.window, Qt.Key.Key_Z, CTRL)
    assert prompts.asked == [("delete", "Ana López"), ("problem", f"Could not undo: {ERASED}")]
    assert c.undo_stack.count() == 0  # dropped: not offered again, nor as a redo
    assert not c.window.undo_action.isEnabled()
    assert not c.window.redo_action.isEnabled()
    assert visible_names(c) == ["José Núñez", "Zhang Wei"]
    with pytest.raises(NotFoundError):
        store.patients.get(ids[0])


def test_undo_of_a_create_after_erasing_in_this_window(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    add_patients(store, Patient("Ana López"))
    c = make_window()
    c.new_patient()
    dialog = c.dialog
    assert dialog is not None
    type_text(qtbot, dialog.name_edit, "Zhang Wei")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [zhang] = list(store.patients.search("Zhang"))
    assert c.undo_stack.count() == 1
    erase = open_erase(c, zhang.id or 0)
    type_text(qtbot, erase.name_edit, "Zhang Wei")
    qtbot.mouseClick(erase.erase_button, Qt.MouseButton.LeftButton)
    assert visible_names(c) == ["Ana López"]

    c.actions.undo()
    assert prompts.asked == [("problem", f"Could not undo: {ERASED}")]
    assert c.undo_stack.count() == 0
    assert visible_names(c) == ["Ana López"]


def test_undo_of_an_edit_of_an_erased_patient_says_erased(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    [pid] = add_patients(store, Patient("Ana López", phone="555 0100"))
    c = make_window()
    c.select_row(0)
    c.edit_selected()
    dialog = c.dialog
    assert dialog is not None
    dialog.phone_edit.clear()
    type_text(qtbot, dialog.phone_edit, "555 0199")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert c.undo_stack.count() == 1
    store.erase_patient(pid)

    c.actions.undo()
    assert prompts.asked == [("problem", f"Could not undo: {ERASED}")]  # not "deleted by..."
    assert c.undo_stack.count() == 0


def test_what_still_holds_the_patient_is_said_after_erasing(tmp_path: Path) -> None:
    from planner.ui.menu_commands import erase_leftovers

    db = tmp_path / "needleplan.sqlite"
    db.write_bytes(b"")
    url = f"sqlite:///{db}"
    done = Erased(7, {"visits": 1}, pages_overwritten=True, rebuilt=True)
    assert erase_leftovers(done, url) == ""
    (tmp_path / "needleplan.before-0007.bak").write_bytes(b"old copy")
    said = erase_leftovers(done, url)
    assert "needleplan.before-0007.bak" in said
    assert "Delete them to complete the erasure" in said
    not_rebuilt = Erased(7, {}, pages_overwritten=False, rebuilt=False)
    assert "could not be rebuilt" in erase_leftovers(not_rebuilt, url)
