"""Review of issue 14's GUI (practitioners, history, erasure, handouts given): the ways typed
work, a record or its author could be lost or misrecorded, driven through real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from planner.domain.case import Case
from planner.domain.errors import DomainError
from planner.domain.handout import Paper
from planner.domain.patient import Patient
from planner.domain.practitioner import Practitioner
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.handout import HANDOUT_PAGE
from planner.ui.main_controller import MainController
from planner.ui.patients.erase_dialog import EraseDialog
from planner.ui.practitioner_choice import ChoosePractitionerDialog
from planner.ui.practitioner_session import NOBODY
from planner.ui.shared.drafts import ASSESSMENT, DraftStore
from planner.ui.shared.editing import AUTOSAVE_MS
from planner.ui.shared.settings import Settings
from planner.ui.visits import VISITS_PAGE
from planner.ui.workspace import PATIENT_PAGE
from tests.ui.conftest import FakePrompts, MakeWindow, MakeWorkspace
from tests.ui.handout.test_page import add_example, open_handout, reader, text_of
from tests.ui.helpers import type_text
from tests.ui.points.helpers import add_case as add_points_case
from tests.ui.points.helpers import open_points
from tests.ui.visits.test_page import add_case as add_visits_case

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

SAM = Practitioner("Sam Okafor", "Physiotherapist", "PH123456")
LEE = Practitioner("Lee Chen", "Acupuncturist")


@pytest.fixture(autouse=True)
def clinic_already_set_up(settings: Settings) -> None:
    settings.clinic_setup_offered = True


def select(c: MainController, pid: int) -> None:
    row = c.model.row_of(pid)
    assert row is not None
    c.select_row(row)
    assert c.workspace.patient_id == pid


def erase_through_dialog(qtbot: QtBot, c: MainController, pid: int, name: str) -> EraseDialog:
    select(c, pid)
    dialog = c.commands.erase_patient()
    assert isinstance(dialog, EraseDialog)
    type_text(qtbot, dialog.name_edit, name)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    return dialog


# --- Who is working? -------------------------------------------------------------------------


def test_enter_on_the_list_never_chooses_a_profile_nobody_picked(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    store.practitioners.add(SAM)
    store.practitioners.add(LEE)
    controller = make_window()
    dialog = controller.ask_at_start()
    assert isinstance(dialog, ChoosePractitionerDialog)
    seen: list[Practitioner | None] = []
    dialog.chosen.connect(seen.append)
    dialog.list.setFocus(Qt.FocusReason.TabFocusReason)  # focus makes row 0 current, unselected
    qtbot.waitUntil(dialog.list.hasFocus)
    assert dialog.selected() is None
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert seen == []
    assert dialog.isVisible()
    assert controller.database.store.author.practitioner is None


# --- Handouts given --------------------------------------------------------------------------


def test_a_handout_saved_is_kept_for_the_patient_it_was_made_for(
    make_workspace: MakeWorkspace, store: Store, tmp_path: Path
) -> None:
    first = add_example(store)
    second = add_example(store)
    c = make_workspace()
    target = tmp_path / "handout.pdf"

    def ask(parent: QWidget, name: str) -> Path:
        c.workspace.set_patient(second)  # the selection moves while the file is chosen
        return target

    page = open_handout(c, first, ask_save_path=ask)
    made = page.pdf
    assert page.save_pdf() == target
    assert store.handouts.given(second) == []
    [given] = store.handouts.given(first)
    assert given.pdf == made == target.read_bytes()


def test_the_pdf_kept_as_printed_is_the_one_printed(
    make_workspace: MakeWorkspace, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from planner.ui.handout import output

    pid = add_example(store)
    c = make_workspace()
    printed: list[tuple[float, float]] = []
    print_document = output.print_document

    def spy(document: Any, printer: QPrinter) -> int:
        size = document.pagePointSize(0)
        printed.append((round(size.width()), round(size.height())))
        return print_document(document, printer)

    monkeypatch.setattr(output, "print_document", spy)

    def ask(parent: QWidget, paper: Any, title: str) -> QPrinter:
        # The sheet is drawn again while the printer dialog is up (here: Letter paper).
        page.view.paper.setCurrentIndex(page.view.paper.findData(Paper.LETTER.value))
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return printer

    page = open_handout(c, pid, ask_printer=ask)
    assert page.print_handout()
    [given] = store.handouts.given(pid)
    box = reader(given.pdf).pages[0].mediabox
    assert printed == [(round(float(box.width)), round(float(box.height)))]


def test_a_sheet_waiting_to_be_redrawn_is_redrawn_before_it_leaves(
    make_workspace: MakeWorkspace, store: Store, tmp_path: Path
) -> None:
    pid = add_example(store)
    c = make_workspace()
    target = tmp_path / "handout.pdf"
    page = open_handout(c, pid, ask_save_path=lambda parent, name: target)
    assert "Ana López" in text_of(page.pdf)
    c.workspace.open(PATIENT_PAGE)
    QApplication.processEvents()
    patient = store.patients.get(pid)
    store.patients.update(patient.with_changes(name="Ana Ruiz"))  # saved while hidden
    c.workspace.open(HANDOUT_PAGE)  # shown: the sheet is gathered again after this frame...
    assert page.save_pdf() == target  # ...but Save pressed before that frame
    assert "Ana Ruiz" in text_of(target.read_bytes())
    [given] = store.handouts.given(pid)
    assert given.pdf == target.read_bytes()


# --- Erasure ---------------------------------------------------------------------------------


def test_a_cut_off_temporary_draft_holding_the_patients_typing_goes_with_them(
    tmp_path: Path,
) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    written = drafts.save(3, "visit", {"subjective": "Pain in the neck since the fall"})
    whole = written.read_text(encoding="utf-8")
    cut = whole[: whole.index("since the fall")]  # a save killed half-way through the typing
    assert '"patient_id": 3' in cut
    mine = drafts.directory / ".draft-abc.tmp"
    mine.write_text(cut, encoding="utf-8")
    theirs = drafts.directory / ".draft-def.tmp"
    theirs.write_text(cut.replace('"patient_id": 3', '"patient_id": 31'), encoding="utf-8")
    written.unlink()

    assert drafts.erase_patient(3) == 1
    assert not mine.exists()
    assert theirs.exists()


def two_patients_with_visits_page(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> tuple[MainController, Any, int, int]:
    """Ana (to erase) with typing on the Visits page; Bo with a draft of his own on disk."""
    ana = add_visits_case(store)
    [bo] = store.cases.import_cases([Case(Patient(name="Bo Zhang"))])
    DraftStore(drafts_dir).save(bo, ASSESSMENT, {"complaint": "Bo's typing"})
    c = make_workspace()
    select(c, ana)
    page = c.workspace.open(VISITS_PAGE)
    QApplication.processEvents()
    page.new_visit()
    type_text(qtbot, page.form.notes["subjective"], "Unsaved words about Ana")
    return c, page, ana, bo


def test_erasing_the_patient_open_with_typed_visit_notes_keeps_nothing_of_them(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
) -> None:
    c, page, ana, bo = two_patients_with_visits_page(qtbot, make_workspace, store, drafts_dir)
    erase_through_dialog(qtbot, c, ana, "Ana López")
    assert prompts.asked == []
    assert c.workspace.patient_id == bo
    assert "Unsaved words about Ana" not in page.form.notes["subjective"].toPlainText()
    qtbot.wait(AUTOSAVE_MS * 3)  # any timer left running has fired by now
    c.window.close()
    assert sorted(p.name for p in drafts_dir.iterdir()) == [f"patient-{bo}-assessment.json"]
    assert DraftStore(drafts_dir).load(bo, ASSESSMENT).data == {"complaint": "Bo's typing"}
    with store.engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM visits")).scalar_one()
    assert left == 0


def test_a_failed_erase_brings_back_the_typed_visit_notes(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c, page, ana, bo = two_patients_with_visits_page(qtbot, make_workspace, store, drafts_dir)

    def refuse(patient_id: int) -> None:
        raise DomainError("the database cannot be used: database is locked")

    monkeypatch.setattr(c.database.store, "erase_patient", refuse)
    dialog = erase_through_dialog(qtbot, c, ana, "Ana López")
    [(kind, _said)] = prompts.asked
    assert kind == "problem"
    dialog.reject()
    assert c.workspace.patient_id == ana
    assert "Restore the unsaved visit notes" in c.workspace.view.notice_text()
    restore = c.workspace.view.notice_button("Restore")
    assert restore is not None
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert page.form.notes["subjective"].toPlainText() == "Unsaved words about Ana"
    assert DraftStore(drafts_dir).exists(bo, ASSESSMENT)


def test_erasing_the_patient_open_with_unsaved_points_keeps_nothing_of_them(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
) -> None:
    ana = add_points_case(store)
    [bo] = store.cases.import_cases([Case(Patient(name="Bo Zhang"))])
    c = make_workspace()
    select(c, ana)
    page = open_points(c, ana)
    page.add_target("GB21", Side.RIGHT)
    erase_through_dialog(qtbot, c, ana, "Ana López")
    assert prompts.asked == []
    assert c.workspace.patient_id == bo
    assert page.targets.targets == ()
    qtbot.wait(AUTOSAVE_MS * 3)
    c.window.close()
    assert not drafts_dir.exists() or list(drafts_dir.iterdir()) == []
    with store.engine.connect() as connection:
        plans = connection.execute(text("SELECT count(*) FROM plans")).scalar_one()
    assert plans == 0


# --- Restore and who is working --------------------------------------------------------------


def backup_of_another_clinic(tmp_path: Path) -> Path:
    """A backup whose practitioner 1 is Lee Chen, with one patient."""
    from planner.store.backup import backup
    from planner.store.database import open_store

    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    other = open_store(url)
    try:
        other.practitioners.add(LEE)
        other.cases.import_cases([Case(Patient(name="Ana López"))])
    finally:
        other.close()
    target = tmp_path / "other-backup.sqlite"
    backup(url, target)
    return target


def test_after_restoring_a_backup_without_the_practitioner_nothing_is_saved_as_them(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    source = backup_of_another_clinic(tmp_path)
    sam = store.practitioners.add(SAM)
    assert sam.id == 1  # the backup's 1 is Lee
    c = make_window()
    c.practitioner.choose(sam)
    monkeypatch.setattr(c.backups, "choose_restore_source", lambda: source)
    monkeypatch.setattr(c.backups, "confirm_restore", lambda text: True)
    c.window.restore_action.trigger()
    assert prompts.asked == []
    assert c.database.store.author.practitioner is None
    assert c.window.practitioner_button.text() == NOBODY
    [ana] = c.database.store.patients.search("Ana")
    c.database.store.patients.update(ana.with_changes(phone="555 0100"))
    with c.database.store.engine.connect() as connection:
        updated_by = connection.execute(
            text("SELECT updated_by FROM patients WHERE id = :p"), {"p": ana.id}
        ).scalar_one()
    assert updated_by is None  # not Lee, whose id Sam had


# --- Keyboard ----------------------------------------------------------------------------------


def test_history_keyboard_enter_in_the_filter_keeps_the_dialog(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López", phone="555 0100"))])
    patient = store.patients.get(pid)
    store.patients.update(patient.with_changes(phone="555 0199"))
    store.patients.update(store.patients.get(pid).with_changes(notes="Prefers mornings"))
    c = make_window()
    select(c, pid)
    dialog = c.commands.show_history()
    assert dialog is not None
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.waitUntil(dialog.filter_edit.hasFocus)
    assert dialog.table.currentIndex().row() == 0
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.table.currentIndex().row() == 1
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Up)
    assert dialog.table.currentIndex().row() == 0
    qtbot.keyClicks(dialog.filter_edit, "phone")
    assert dialog.count_label.text() == "1 of 3 entries"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter after a filter is not Close
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)  # clears the filter first
    assert dialog.isVisible()
    assert dialog.filter_edit.text() == ""
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_on_a_row_taken_back_chooses_nobody(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    store.practitioners.add(SAM)
    store.practitioners.add(LEE)
    controller = make_window()
    dialog = controller.ask_at_start()
    assert isinstance(dialog, ChoosePractitionerDialog)
    seen: list[Practitioner | None] = []
    dialog.chosen.connect(seen.append)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # Lee, picked
    assert dialog.selected() == store.practitioners.list()[0]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert dialog.selected() is None  # taken back: still the current row, not selected
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert seen == []
    assert dialog.isVisible()


def test_no_key_reaches_the_erase_button_before_the_name_is_typed(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"))])
    c = make_window()
    select(c, pid)
    dialog = c.commands.erase_patient()
    assert isinstance(dialog, EraseDialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    erased: list[bool] = []
    dialog.erase_requested.connect(lambda: erased.append(True))
    for key, modifier in (
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
        (Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier),  # the button's mnemonic
    ):
        qtbot.keyClick(dialog.name_edit, key, modifier)
    type_text(qtbot, dialog.name_edit, "Ana Lóp")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    for _ in range(4):  # Tab walks past a button that is off
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not dialog.erase_button
    assert erased == []
    assert dialog.isVisible()
    assert not any(b.isDefault() for b in (dialog.erase_button, dialog.cancel_button))
    assert store.patients.get(pid).name == "Ana López"


def test_the_restore_entry_keeps_the_restorers_name_but_not_a_number_now_someone_elses(
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = backup_of_another_clinic(tmp_path)
    sam = store.practitioners.add(SAM)
    c = make_window()
    c.practitioner.choose(sam)
    monkeypatch.setattr(c.backups, "choose_restore_source", lambda: source)
    monkeypatch.setattr(c.backups, "confirm_restore", lambda text: True)
    c.window.restore_action.trigger()
    last = c.database.store.audit.all()[-1]
    assert (last.action, last.kind) == ("restore", "database")
    assert last.who == "Sam Okafor (Physiotherapist)"
    assert last.practitioner_id is None  # the backup's number 1 is Lee


def test_erasing_a_patient_erased_meanwhile_still_drops_the_parked_typing(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
) -> None:
    c, _page, ana, bo = two_patients_with_visits_page(qtbot, make_workspace, store, drafts_dir)
    store.erase_patient(ana)  # another window, or `needleplan erase`
    erase_through_dialog(qtbot, c, ana, "Ana López")
    assert prompts.asked == []
    assert c.window.statusBar().currentMessage() == "The patient had already been erased."
    c.window.close()
    assert sorted(p.name for p in drafts_dir.iterdir()) == [f"patient-{bo}-assessment.json"]
