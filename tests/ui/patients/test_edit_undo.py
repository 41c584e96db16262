"""Undo and redo of a patient edit (Ctrl+Z, Ctrl+Shift+Z), with someone else saving too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.domain.patient import Patient
from planner.store.database import Store, open_store
from planner.ui.main_controller import MainController
from planner.ui.shared.prompts import ConflictChoice
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import add_patients, jose, open_dialog, type_text, visible_names

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def undo_key(qtbot: QtBot, c: MainController) -> None:
    qtbot.keyClick(c.window, Qt.Key.Key_Z, CTRL)


def redo_key(qtbot: QtBot, c: MainController) -> None:
    qtbot.keyClick(c.window, Qt.Key.Key_Z, CTRL_SHIFT)


def edit_notes(qtbot: QtBot, c: MainController, notes: str) -> None:
    """Open the selected patient's dialog, type notes and save."""
    c.edit_selected()
    dialog = open_dialog(c)
    dialog.notes_edit.clear()
    qtbot.keyClicks(dialog.notes_edit, notes)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def change_elsewhere(sqlite_url: str, pid: int, **changes: object) -> None:
    other = open_store(sqlite_url)  # another practitioner, another connection
    try:
        other.patients.update(other.patients.get(pid).with_changes(**changes))
    finally:
        other.close()


def test_undo_and_redo_an_edit(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    ids = add_patients(store, Patient("Ana López"), jose(), Patient("Zhang Wei"))
    pid = ids[1]
    c = make_window()
    c.select_row(1)
    c.edit_selected()
    dialog = open_dialog(c)
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "José Núñez Díaz")
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "+34 611 000 111")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert store.patients.get(pid).phone == "+34 611 000 111"
    assert c.window.undo_action.text() == "&Undo edit of José Núñez Díaz"
    assert c.window.undo_action.isEnabled()

    undo_key(qtbot, c)
    restored = store.patients.get(pid)
    assert (restored.name, restored.phone) == ("José Núñez", "+34 600 123 456")
    assert visible_names(c) == ["Ana López", "José Núñez", "Zhang Wei"]
    assert c.selected_id() == pid  # the selection stays on the patient
    assert c.window.details.name_label.text() == "José Núñez"
    assert c.window.details.phone_value.text() == "+34 600 123 456"
    assert c.window.redo_action.text() == "&Redo edit of José Núñez Díaz"
    assert c.window.redo_action.isEnabled()

    redo_key(qtbot, c)
    again = store.patients.get(pid)
    assert (again.name, again.phone) == ("José Núñez Díaz", "+34 611 000 111")
    assert c.selected_id() == pid
    assert c.window.details.name_label.text() == "José Núñez Díaz"
    assert c.window.details.phone_value.text() == "+34 611 000 111"

    # Each step saves on the version its own last save left: no false conflicts.
    undo_key(qtbot, c)
    redo_key(qtbot, c)
    undo_key(qtbot, c)
    assert store.patients.get(pid).name == "José Núñez"
    assert store.patients.get(pid).version == 7  # add, edit, then five steps


def test_two_edits_undo_in_order(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "First")
    edit_notes(qtbot, c, "Second")
    assert c.undo_stack.count() == 2
    undo_key(qtbot, c)
    assert store.patients.get(pid).notes == "First"
    undo_key(qtbot, c)
    assert store.patients.get(pid).notes == ""
    assert c.window.details.notes_value.text() == "—"  # empty
    redo_key(qtbot, c)
    redo_key(qtbot, c)
    assert store.patients.get(pid).notes == "Second"


def test_a_save_without_changes_is_not_an_undo_step(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, jose())
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert c.undo_stack.count() == 0


def test_conflicting_undo_reload_keeps_theirs(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    change_elsewhere(sqlite_url, pid, notes="Theirs")

    prompts.conflict_answer = ConflictChoice.RELOAD
    undo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]
    assert "changed by someone else" in prompts.asked[0][1]
    assert store.patients.get(pid).notes == "Theirs"
    assert c.window.details.notes_value.text() == "Theirs"
    assert c.selected_id() == pid
    # The step is gone: nothing left that would overwrite their version.
    assert c.undo_stack.count() == 0
    assert not c.window.undo_action.isEnabled()
    assert not c.window.redo_action.isEnabled()
    assert "someone else" in c.window.statusBar().currentMessage()


def test_conflicting_undo_overwrite_applies_it(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    change_elsewhere(sqlite_url, pid, notes="Theirs")

    prompts.conflict_answer = ConflictChoice.OVERWRITE
    undo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]
    assert store.patients.get(pid).notes == ""
    assert c.window.details.notes_value.text() == "—"  # empty
    assert c.window.redo_action.isEnabled()
    # Redo goes on from the forced save's version: no second question.
    redo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]
    assert store.patients.get(pid).notes == "Mine"
    assert c.window.details.notes_value.text() == "Mine"


def test_conflicting_undo_cancel_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    change_elsewhere(sqlite_url, pid, notes="Theirs")

    prompts.conflict_answer = ConflictChoice.CANCEL
    undo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]
    assert store.patients.get(pid).notes == "Theirs"  # nothing overwritten
    # The step is still there to undo, and nothing to redo.
    assert (c.undo_stack.count(), c.undo_stack.index()) == (1, 1)
    assert c.window.undo_action.isEnabled()
    assert c.window.undo_action.text() == "&Undo edit of José Núñez"
    assert not c.window.redo_action.isEnabled()

    # Asked again next time; this time the user overwrites.
    prompts.conflict_answer = ConflictChoice.OVERWRITE
    undo_key(qtbot, c)
    assert prompts.kinds() == ["conflict", "conflict"]
    assert store.patients.get(pid).notes == ""
    assert c.window.details.notes_value.text() == "—"  # empty


@pytest.mark.parametrize("answer", list(ConflictChoice))
def test_conflicting_redo_asks_too(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    prompts: FakePrompts,
    sqlite_url: str,
    answer: ConflictChoice,
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    undo_key(qtbot, c)
    change_elsewhere(sqlite_url, pid, notes="Theirs")

    prompts.conflict_answer = answer
    redo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]
    notes = store.patients.get(pid).notes
    if answer is ConflictChoice.OVERWRITE:
        assert notes == "Mine"
        assert c.window.details.notes_value.text() == "Mine"
        assert (c.undo_stack.count(), c.undo_stack.index()) == (1, 1)
    elif answer is ConflictChoice.RELOAD:
        assert notes == "Theirs"
        assert c.window.details.notes_value.text() == "Theirs"
        assert c.undo_stack.count() == 0
    else:
        assert notes == "Theirs"
        assert (c.undo_stack.count(), c.undo_stack.index()) == (1, 0)  # still to redo
        assert c.window.redo_action.isEnabled()


def test_undo_after_someone_deleted_the_patient(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    store.patients.delete(pid)  # the test's own connection: someone else

    undo_key(qtbot, c)
    assert prompts.kinds() == ["problem"]
    assert c.undo_stack.count() == 0
    assert visible_names(c) == []


def test_own_steps_in_between_are_no_conflict(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    edit_notes(qtbot, c, "Mine")
    c.window.delete_action.trigger()  # the delete and its undo move the version on
    undo_key(qtbot, c)
    assert visible_names(c) == ["José Núñez"]
    undo_key(qtbot, c)
    assert prompts.kinds() == ["delete"]  # no conflict question
    assert store.patients.get(pid).notes == ""
    assert c.selected_id() == pid


def test_undo_an_edit_saved_over_theirs_brings_theirs_back(
    qtbot: QtBot, make_window: MakeWindow, store: Store, prompts: FakePrompts, sqlite_url: str
) -> None:
    (pid,) = add_patients(store, jose())
    c = make_window()
    c.edit_selected()
    dialog = open_dialog(c)
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    change_elsewhere(sqlite_url, pid, notes="Theirs")
    prompts.conflict_answer = ConflictChoice.OVERWRITE
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert store.patients.get(pid).notes == "Mine"

    undo_key(qtbot, c)
    assert prompts.kinds() == ["conflict"]  # only the dialog's question
    assert store.patients.get(pid).notes == "Theirs"
    assert c.window.details.notes_value.text() == "Theirs"
