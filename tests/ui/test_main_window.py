"""The main window driven as a user would: keyboard, mouse, dialogs, undo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QByteArray, QDate, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import planner
from planner.domain.patient import Patient
from planner.domain.vocab import Sex
from planner.store.database import Store, open_store
from planner.ui.main_window import default_size_for
from planner.ui.patients.list_controller import SEARCH_DELAY_MS
from planner.ui.patients.list_view import SEARCH_PLACEHOLDER
from planner.ui.shared.prompts import ConflictChoice
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import add_patients, jose, open_dialog, type_text, visible_names


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_window_basics(make_window: MakeWindow, store: Store) -> None:
    add_patients(store, jose(), Patient("Ana López", sex=Sex.FEMALE))
    c = make_window()
    w = c.window
    assert w.windowTitle() == "Needleplan"
    assert w.size() == default_size_for(w.screen().availableGeometry().size())
    assert w.list_panel.search.placeholderText() == SEARCH_PLACEHOLDER == "Search patients (Ctrl+F)"
    assert visible_names(c) == ["Ana López", "José Núñez"]
    assert w.count_label.text() == "2 patients"
    # In words, not a raw URL; the URL (password masked) is the tooltip.
    assert w.database_label.text().startswith("Database: needleplan.sqlite in ")
    assert w.database_label.toolTip() == store.description
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Help"]
    assert w.new_action.shortcut().toString() == "Ctrl+N"
    assert w.quit_action.shortcut().toString() == "Ctrl+Q"
    assert w.edit_action.shortcut().toString() == "Ctrl+E"
    assert w.delete_action.shortcut().toString() == "Del"
    assert w.undo_action.shortcut().toString() == "Ctrl+Z"
    assert w.find_action.shortcut().toString() == "Ctrl+F"
    # The first patient is selected and shown.
    assert w.right.currentWidget() is w.details
    assert w.details.name_label.text() == "Ana López"


def test_a_mouse_click_on_another_patient_shows_them(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    """A real click moves the current row before the selection (qtbot's helpers and
    select_row do it the other way round): the click once showed 'Select a patient'."""
    add_patients(store, jose(), Patient("Ana López"))
    c = make_window()
    first = c.selected_patient()
    assert first is not None
    other = 1 - c.list.currentIndex().row()
    index = c.model.index(other, 0)
    rect = c.list.visualRect(index)
    qtbot.mouseClick(c.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = c.selected_patient()
    assert chosen is not None
    assert chosen.id != first.id
    assert c.window.details.name_label.text() == chosen.name
    assert c.window.details.isVisible()
    assert c.window.edit_action.isEnabled()


def test_details_show_every_field(make_window: MakeWindow, store: Store) -> None:
    add_patients(store, jose().with_changes(notes="Works nights"))
    c = make_window()
    d = c.window.details
    assert d.name_label.text() == "José Núñez"
    today = date.today()
    years = today.year - 1975 - ((today.month, today.day) < (6, 14))
    assert d.age_value.text() == f"{years} years (born 14 June 1975)"
    assert d.sex_value.text() == "Male"
    assert d.phone_value.text() == "+34 600 123 456"
    assert d.email_value.text() == "jose@example.org"
    assert d.notes_value.text() == "Works nights"


def test_create_a_patient_through_the_dialog(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, jose())
    c = make_window()
    c.window.new_action.trigger()
    dialog = open_dialog(c)
    type_text(qtbot, dialog.name_edit, "Ana López")
    dialog.birth_unknown.setChecked(False)
    dialog.birth_date_edit.setDate(QDate(1984, 3, 2))
    dialog.sex_combo.setCurrentIndex(dialog.sex_combo.findText("Female"))
    qtbot.keyClicks(dialog.phone_edit, "+1 555 0100")
    qtbot.keyClicks(dialog.email_edit, "ana@example.org")
    click(qtbot, dialog.ok_button)

    assert not dialog.isVisible()
    assert c.dialog is None
    (saved,) = store.patients.search("ana")
    assert saved.birth_date == date(1984, 3, 2)
    assert saved.sex is Sex.FEMALE
    assert saved.email == "ana@example.org"
    assert visible_names(c) == ["Ana López", "José Núñez"]
    assert c.selected_id() == saved.id  # the new patient is selected and shown
    assert c.window.details.name_label.text() == "Ana López"
    assert c.window.count_label.text() == "2 patients"
    # Creating is undoable too.
    c.window.undo_action.trigger()
    assert store.patients.search("ana") == []


def test_nothing_is_saved_while_the_form_is_wrong(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    c = make_window()
    c.new_patient()
    dialog = open_dialog(c)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("name") == "Name is required"
    assert store.patients.count() == 0

    type_text(qtbot, dialog.name_edit, "Zoë Future")
    dialog.birth_unknown.setChecked(False)
    future = date.today() + timedelta(days=30)
    dialog.birth_date_edit.setDate(QDate(future.year, future.month, future.day))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error_text("birth_date") == f"Birth date {future.isoformat()} is in the future"
    assert store.patients.count() == 0

    dialog.birth_unknown.setChecked(True)  # "not known" is a valid answer
    click(qtbot, dialog.ok_button)
    assert store.patients.count() == 1


def test_edit_a_patient(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    where = c.list.visualRect(c.model.index(0, 0)).center()
    # A real double-click starts with a press; the view ignores a bare double-click event.
    qtbot.mouseClick(c.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(c.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    dialog = open_dialog(c)
    assert dialog.windowTitle() == "Edit patient"
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "+34 611 000 111")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter saves, like OK
    assert not dialog.isVisible()
    assert store.patients.get(pid).phone == "+34 611 000 111"
    assert store.patients.get(pid).version == 2
    assert c.window.details.phone_value.text() == "+34 611 000 111"
    assert "Saved José Núñez" in c.window.statusBar().currentMessage()


def test_enter_and_ctrl_e_open_the_editor(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, jose())
    c = make_window()
    c.list.setFocus()
    qtbot.keyClick(c.list, Qt.Key.Key_Return)
    dialog = open_dialog(c)
    dialog.reject()  # clean: closes without asking
    assert c.dialog is None
    qtbot.keyClick(c.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    open_dialog(c).reject()


def test_search_as_you_type(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    add_patients(store, jose(), Patient("Ana López"), Patient("Zhang Wei"))
    c = make_window()
    search = c.window.list_panel.search
    qtbot.keyClick(c.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()

    qtbot.keyClicks(search, "jose")
    assert visible_names(c) == ["Ana López", "José Núñez", "Zhang Wei"]  # debounced: not yet
    qtbot.waitUntil(lambda: visible_names(c) == ["José Núñez"], timeout=SEARCH_DELAY_MS * 10)
    assert c.window.count_label.text() == "1 found for 'jose'"
    assert c.window.details.name_label.text() == "José Núñez"

    search.clear()
    qtbot.keyClicks(search, "nunez")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter searches at once
    assert visible_names(c) == ["José Núñez"]

    search.clear()
    qtbot.keyClicks(search, "nobody")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    panel = c.window.list_panel
    assert panel.showing_empty()
    assert "No patients match “nobody”" in panel.empty_label.text()
    assert c.window.count_label.text() == "0 found for 'nobody'"
    assert c.window.right.currentWidget() is c.window.no_selection  # not the welcome page


def test_search_keeps_the_selection_when_it_still_matches(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, Patient("Ana López"), Patient("Ana Silva"), Patient("Zhang Wei"))
    c = make_window()
    c.select_row(1)
    assert c.window.details.name_label.text() == "Ana Silva"
    c.window.list_panel.search.setText("ana")
    c.search_now()
    assert visible_names(c) == ["Ana López", "Ana Silva"]
    assert c.window.details.name_label.text() == "Ana Silva"


def test_down_and_up_move_from_the_search_box_into_the_list(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, Patient("Ana López"), Patient("Ben Okafor"), Patient("Chloé Martin"))
    c = make_window()
    search = c.window.list_panel.search
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert c.list.hasFocus()
    assert c.window.details.name_label.text() == "Ben Okafor"
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Up)
    assert c.window.details.name_label.text() == "Ana López"


def test_delete_and_undo(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    ids = add_patients(store, Patient("Ana López"), jose(), Patient("Zhang Wei"))
    c = make_window()
    c.select_row(1)
    c.list.setFocus()
    qtbot.keyClick(c.list, Qt.Key.Key_Delete)
    assert prompts.asked == [("delete", "José Núñez")]
    assert visible_names(c) == ["Ana López", "Zhang Wei"]
    assert c.window.details.name_label.text() == "Zhang Wei"  # the neighbour takes its place
    assert c.window.statusBar().currentMessage() == "Deleted José Núñez — Undo (Ctrl+Z)"
    assert c.window.undo_action.text() == "&Undo Delete José Núñez"
    assert c.window.undo_action.iconText() == "Undo"  # the toolbar button stays short

    qtbot.keyClick(c.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert visible_names(c) == ["Ana López", "José Núñez", "Zhang Wei"]
    assert c.selected_id() == ids[1]
    assert store.patients.get(ids[1]).name == "José Núñez"

    c.window.redo_action.trigger()
    assert visible_names(c) == ["Ana López", "Zhang Wei"]


def test_delete_can_be_declined(
    make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    add_patients(store, jose())
    prompts.delete_answer = False
    c = make_window()
    c.window.delete_action.trigger()
    assert prompts.kinds() == ["delete"]
    assert visible_names(c) == ["José Núñez"]


def test_del_in_the_search_box_does_not_delete_a_patient(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    add_patients(store, jose())
    c = make_window()
    search = c.window.list_panel.search
    search.setFocus()
    qtbot.keyClicks(search, "jo")
    search.setCursorPosition(0)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == "o"
    assert prompts.asked == []


def test_dirty_edit_dialog_asks_before_discarding(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    add_patients(store, jose())
    prompts.discard_answer = False
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "New note")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert prompts.kinds() == ["discard"]
    assert dialog.isVisible()
    prompts.discard_answer = True
    dialog.reject()
    assert not dialog.isVisible()
    assert store.patients.search("jose")[0].notes == ""


def test_conflict_reload_their_version(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    other = open_store(sqlite_url)  # another practitioner, another connection
    try:
        other.patients.update(other.patients.get(pid).with_changes(notes="Theirs"))
    finally:
        other.close()

    prompts.conflict_answer = ConflictChoice.RELOAD
    click(qtbot, dialog.ok_button)
    assert prompts.kinds() == ["conflict"]
    assert "changed by someone else" in prompts.asked[0][1]
    assert dialog.isVisible()
    assert dialog.notes_edit.toPlainText() == "Theirs"
    assert not dialog.is_dirty()
    assert "version someone else saved" in dialog.banner.text()
    assert c.window.details.notes_value.text() == "Theirs"
    # Saving now works: it is based on their version.
    dialog.notes_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.notes_edit, " and mine")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert store.patients.get(pid).notes == "Theirs and mine"


def test_conflict_overwrite_with_mine(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    other = open_store(sqlite_url)
    try:
        other.patients.update(other.patients.get(pid).with_changes(notes="Theirs"))
    finally:
        other.close()

    prompts.conflict_answer = ConflictChoice.OVERWRITE
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert store.patients.get(pid).notes == "Mine"
    assert store.patients.get(pid).version == 3


def test_conflict_cancel_keeps_editing(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    other = open_store(sqlite_url)
    try:
        other.patients.update(other.patients.get(pid).with_changes(notes="Theirs"))
    finally:
        other.close()

    prompts.conflict_answer = ConflictChoice.CANCEL
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.notes_edit.toPlainText() == "Mine"  # nothing typed is lost
    assert store.patients.get(pid).notes == "Theirs"  # nothing overwritten


def test_the_real_conflict_box_offers_three_choices(
    qtbot: QtBot, make_window: MakeWindow, store: Store, sqlite_url: str
) -> None:
    """With the real Prompts: the modal box appears, and clicking a button decides."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.shared.prompts import Prompts

    (pid,) = add_patients(store, jose())
    c = make_window()
    c.actions.prompts = Prompts()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    other = open_store(sqlite_url)
    try:
        other.patients.update(other.patients.get(pid).with_changes(notes="Theirs"))
    finally:
        other.close()

    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append([b.text() for b in box.buttons()])
        overwrite = next(b for b in box.buttons() if b.text() == "Overwrite with mine")
        overwrite.click()

    QTimer.singleShot(0, answer)
    click(qtbot, dialog.ok_button)  # returns once the box is answered
    assert sorted(seen[0]) == sorted(["Reload their version", "Overwrite with mine", "Cancel"])
    assert store.patients.get(pid).notes == "Mine"


def test_welcome_panel_on_an_empty_database(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    c = make_window()
    w = c.window
    assert w.right.currentWidget() is w.welcome
    assert w.welcome.create_button.text() == "Create a patient"
    assert w.welcome.sample_button.text() == "Open the sample case"
    text = w.welcome.text_label
    assert text.height() >= text.heightForWidth(text.width())  # all of it shows
    assert w.count_label.text() == "0 patients"
    assert not w.edit_action.isEnabled()
    assert not w.delete_action.isEnabled()

    click(qtbot, w.welcome.create_button)
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.name_edit, "First Patient")
    click(qtbot, dialog.ok_button)
    assert w.right.currentWidget() is w.details
    assert w.details.name_label.text() == "First Patient"


def test_open_the_sample_case(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    c = make_window()
    click(qtbot, c.window.welcome.sample_button)
    assert store.patients.count() == 1
    patient = c.selected_patient()
    assert patient is not None
    assert patient.name == "Ana López"
    assert store.cases.get_case(patient.id).assessment is not None  # type: ignore[arg-type]
    assert c.window.right.currentWidget() is c.window.details


def test_missing_sample_case_is_reported(
    make_window: MakeWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner import resources

    def missing(*parts: str) -> None:
        raise FileNotFoundError("missing resource: samples/sample-case.json")

    monkeypatch.setattr(resources, "path", missing)
    c = make_window()
    c.open_sample_case()
    assert prompts.kinds() == ["problem"]
    assert "Sample case not available" in prompts.asked[0][1]


def test_geometry_and_splitter_are_restored(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    ids = add_patients(store, Patient("Ana López"), jose())
    first = make_window()
    # Smaller than the offscreen screen (800x600), or restoreGeometry fits it to the screen.
    first.window.resize(QSize(700, 500))
    first.window.splitter.setSizes([400, 300])
    first.select_row(1)
    qtbot.wait(10)
    sizes = first.window.splitter.sizes()
    first.window.close()

    second = make_window()
    assert second.window.size() == QSize(700, 500)
    assert second.window.splitter.sizes() == sizes
    assert second.selected_id() == ids[1]  # the last selected patient again


def test_bad_saved_geometry_is_ignored(make_window: MakeWindow, settings: Settings) -> None:
    settings.window_geometry = QByteArray(b"garbage")
    settings.splitter_state = QByteArray(b"\x00\x01junk")
    settings.last_patient_id = 999_999
    c = make_window()
    assert c.window.size() == default_size_for(c.window.screen().availableGeometry().size())
    assert c.window.right.currentWidget() is c.window.welcome


def test_about_names_version_qt_and_database(
    make_window: MakeWindow, prompts: FakePrompts, store: Store
) -> None:
    from PySide6.QtCore import qVersion

    c = make_window()
    c.window.about_action.trigger()
    ((kind, html),) = prompts.asked
    assert kind == "about"
    assert planner.__version__ in html
    assert qVersion() in html
    assert store.description in html


def test_lazy_list_in_the_window(make_window: MakeWindow, store: Store) -> None:
    from planner.domain.case import Case

    store.cases.import_cases([Case(Patient(f"Patient {i:04d}")) for i in range(1000)])
    c = make_window()
    assert c.model.rowCount() == 200
    assert c.window.count_label.text() == "1000 patients"


def test_a_pending_search_never_runs_after_the_window_closes(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    c = make_window()
    qtbot.keyClicks(c.search, "an")  # starts the debounce timer
    assert c.search_timer.isActive()
    c.window.close()
    assert not c.search_timer.isActive()


def test_the_summary_never_opens_the_store_during_start_up(
    make_window: MakeWindow, store: Store
) -> None:
    """The health record waits for the background loads; opening the full store (and the
    rules) in the first event-loop turns once made start-up four times slower."""
    add_patients(store, jose())
    c = make_window()
    for _ in range(5):
        QApplication.processEvents()
    assert not c.database.store_is_open
    assert c.window.details.flags_value.text() == "…"


def test_a_crash_names_the_selected_patient_by_id_only(
    make_window: MakeWindow, store: Store
) -> None:
    from planner.ui import crash

    [pid] = add_patients(store, jose())
    c = make_window()
    assert c.selected_id() == pid
    assert crash._context.get("patient") == pid
