"""File › Practitioners…: add and edit profiles, messages at the field, the database role
set only on PostgreSQL; a renamed practitioner who is working shows at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.domain.practitioner import REGISTRATION_MAX, Practitioner
from planner.store.database import Store, open_store
from planner.ui.practitioner_form import PractitionerForm
from planner.ui.practitioner_list import PractitionersDialog
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


def open_list(make_window: MakeWindow) -> PractitionersDialog:
    controller = make_window()
    controller.window.practitioners_action.trigger()
    dialog = controller.window.findChild(PractitionersDialog)
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def shown_rows(dialog: PractitionersDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        for r in range(table.rowCount())
    ]


def test_add_and_edit_profiles(qtbot: QtBot, make_window: MakeWindow, store: Store) -> None:
    dialog = open_list(make_window)
    assert dialog.table.rowCount() == 0
    assert dialog.table.isColumnHidden(3)  # SQLite: no database roles
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    assert form.windowTitle() == "New practitioner"
    qtbot.keyClicks(form.name_edit, "Sam Okafor")
    qtbot.keyClicks(form.role_edit, "Physiotherapist")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert shown_rows(dialog) == [["Sam Okafor", "Physiotherapist", ""]]

    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    assert form.windowTitle() == "Edit practitioner"
    assert form.name_edit.text() == "Sam Okafor"
    qtbot.keyClicks(form.registration_edit, "PH123456")
    qtbot.keyClick(form.registration_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    [stored] = store.practitioners.list()
    assert (stored.name, stored.registration) == ("Sam Okafor", "PH123456")
    assert shown_rows(dialog) == [["Sam Okafor", "Physiotherapist", "PH123456"]]


def test_messages_show_under_their_fields_and_nothing_is_saved(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    dialog = open_list(make_window)
    form = dialog.add()
    qtbot.keyClicks(form.role_edit, "Physiotherapist")
    qtbot.keyClicks(form.registration_edit, "9" * (REGISTRATION_MAX + 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("name") == "Name is required"
    assert form.error_text("registration") == (
        f"Registration number is longer than {REGISTRATION_MAX} characters"
    )
    assert form.error_text("role") == ""
    assert form.focusWidget() is form.name_edit  # the first bad field takes the keyboard
    assert store.practitioners.list() == []
    # A fix clears its message as it is typed.
    qtbot.keyClicks(form.name_edit, "Sam")
    assert form.error_text("name") == ""


def test_cancel_asks_before_dropping_typing(
    qtbot: QtBot, make_window: MakeWindow, prompts: FakePrompts
) -> None:
    dialog = open_list(make_window)
    form = dialog.add()
    qtbot.keyClicks(form.name_edit, "Half typed")
    prompts.discard_answer = False
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Escape)
    assert form.isVisible()
    assert prompts.kinds() == ["discard"]


def test_renaming_the_practitioner_at_work_shows_at_once_and_stays_remembered(
    qtbot: QtBot, make_window: MakeWindow, store: Store, settings: Settings
) -> None:
    sam = store.practitioners.add(Practitioner("Sam Okafor", "Physiotherapist"))
    settings.clinic_setup_offered = True
    controller = make_window()
    controller.practitioner.choose(sam)
    controller.window.practitioners_action.trigger()
    dialog = controller.window.findChild(PractitionersDialog)
    assert dialog is not None
    form = dialog.edit_selected()
    assert form is not None
    form.name_edit.clear()
    qtbot.keyClicks(form.name_edit, "Sam Okafor-Reid")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert controller.window.practitioner_button.text() == (
        "Practitioner: Sam Okafor-Reid (Physiotherapist)"
    )
    working = controller.database.store.author.practitioner
    assert working is not None
    assert working.name == "Sam Okafor-Reid"
    # Still known at the next start under the new name.
    assert make_window().ask_at_start() is None


# --- the database role: PostgreSQL only ------------------------------------------------------


@pytest.fixture
def any_store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


def make_form(qtbot: QtBot, store: Store, profile: Practitioner | None) -> PractitionerForm:
    save = store.practitioners.add if profile is None else store.practitioners.update
    postgres = store.engine.dialect.name == "postgresql"
    form = PractitionerForm(save, profile, postgres=postgres)
    qtbot.addWidget(form)
    form.show()
    return form


def test_the_database_role_is_set_on_postgresql_only(
    qtbot: QtBot, database_url: str, any_store: Store
) -> None:
    store = any_store
    store.practitioners.add(Practitioner("Lee Chen", db_role="lee_chen"))
    form = make_form(qtbot, store, None)
    if not database_url.startswith("postgresql"):
        assert not form.db_role_edit.isVisible()
        assert form.db_role_edit.isReadOnly()
        # A profile that came with a role shows it, read-only.
        shown = make_form(qtbot, store, store.practitioners.for_role("lee_chen"))
        assert shown.db_role_edit.isVisible()
        assert shown.db_role_edit.isReadOnly()
        return
    assert form.db_role_edit.isVisible()
    assert not form.db_role_edit.isReadOnly()
    qtbot.keyClicks(form.name_edit, "Sam Okafor")
    qtbot.keyClicks(form.db_role_edit, "Sam Okafor")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("db_role").startswith("Database role must be lower-case letters")
    form.db_role_edit.clear()
    qtbot.keyClicks(form.db_role_edit, "lee_chen")  # the store refuses a role already taken
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("db_role") == "Database role lee_chen already has a profile"
    form.db_role_edit.clear()
    qtbot.keyClicks(form.db_role_edit, "sam_okafor")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    saved = store.practitioners.for_role("sam_okafor")
    assert saved is not None
    assert saved.name == "Sam Okafor"


def test_the_list_shows_database_roles_on_postgresql(
    database_url: str, qtbot: QtBot, tmp_path: Path
) -> None:
    store = open_store(database_url)
    try:
        store.practitioners.add(Practitioner("Lee Chen", db_role="lee_chen"))
        postgres = database_url.startswith("postgresql")
        dialog = PractitionersDialog(store.practitioners, postgres=postgres)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.isColumnHidden(3) is not postgres
        assert shown_rows(dialog)[0][-1] == ("lee_chen" if postgres else "")
    finally:
        store.close()
