"""Help › Keyboard shortcuts lists every key the window and its pages answer to, from the
same tables the actions are built from; Help › Getting started; the status bar in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from planner.store.database import Store
from planner.ui import shortcuts
from planner.ui.help_dialog import GettingStartedDialog, ShortcutsDialog, native_keys
from planner.ui.main_controller import MainController
from planner.ui.workspace_pages import PAGES
from tests.ui.conftest import MakeWindow, MakeWorkspace
from tests.ui.handout.test_page import add_example
from tests.ui.helpers import loaded_at_start_up

RAISE_NOISE = r"This plugin does not support raise\(\)"  # offscreen cannot raise a window
NATIVE = QKeySequence.SequenceFormat.NativeText


def listed_keys(dialog: ShortcutsDialog) -> set[str]:
    return {key for keys, _ in dialog.visible_rows() for key in keys.split(" or ")}


def every_key_in_use(controller: MainController) -> set[str]:
    """The keys of every action and button of the window, each page built and shown."""
    found: set[str] = set()
    for action in controller.window.findChildren(QAction):
        found |= {s.toString(NATIVE) for s in action.shortcuts() if not s.isEmpty()}
    for button in controller.window.findChildren(QAbstractButton):
        key = button.shortcut()
        # A mnemonic (&Save: Alt+S) is underlined on the button itself, not a shortcut to list.
        if not key.isEmpty() and not key.toString().startswith("Alt+"):
            found.add(key.toString(NATIVE))
    return found


def open_help(controller: MainController) -> ShortcutsDialog:
    controller.window.shortcuts_action.trigger()
    dialog = controller.window.findChild(ShortcutsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def test_every_shortcut_of_every_page_is_listed(
    make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_example(store)
    controller = make_workspace()
    controller.workspace.set_patient(pid)
    for spec in PAGES:  # a page's actions exist once it is built
        controller.workspace.open(spec.key)
        QApplication.processEvents()
    in_use = every_key_in_use(controller)
    listed = listed_keys(open_help(controller))
    assert {"Ctrl+N", "Ctrl+S", "Ctrl+P", "Ctrl+1", "Ctrl+/", "F1"} <= in_use
    assert in_use - listed == set()


def test_the_window_actions_are_built_from_the_table(make_window: MakeWindow) -> None:
    w = make_window().window
    for action, row in (
        (w.new_action, shortcuts.NEW_PATIENT),
        (w.redo_action, shortcuts.REDO),
        (w.settings_action, shortcuts.SETTINGS),
        (w.shortcuts_action, shortcuts.KEYBOARD_SHORTCUTS),
        (w.getting_started_action, shortcuts.GETTING_STARTED),
    ):
        assert [s.toString() for s in action.shortcuts()] == shortcuts.key_texts(row)
        assert action.statusTip() == row[1]
    help_menu = w.menuBar().actions()[2].menu()
    assert help_menu is not None
    titles = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert titles == ["&Getting started", "&Keyboard shortcuts", "&About Needleplan"]


def test_the_list_by_area_and_its_filter(make_window: MakeWindow) -> None:
    dialog = open_help(make_window())
    rows = dialog.visible_rows()
    assert (native_keys("Ctrl+N"), "Create a patient record") in rows
    assert (native_keys("Ctrl+2"), "Go to Assessment") in rows
    # The steps' own tables, imported when the list opened.
    assert (native_keys("Ctrl+P"), "Print the handout") in rows
    assert native_keys("Ctrl+K or Ctrl+L") in dict(rows)
    dialog.filter.setText("print the")
    assert dialog.visible_rows() == [(native_keys("Ctrl+P"), "Print the handout")]
    dialog.filter.setText("")
    assert len(dialog.visible_rows()) == len(rows)


@pytest.mark.qt_log_ignore(RAISE_NOISE)
def test_keys_open_help_and_one_window_each(qtbot: QtBot, make_window: MakeWindow) -> None:
    controller = make_window()
    w = controller.window
    qtbot.keyClick(w, Qt.Key.Key_F1)
    started = w.findChild(GettingStartedDialog)
    assert started is not None
    assert started.isVisible()
    assert "Getting started" in started.text.toPlainText()
    assert "Ctrl+1 to Ctrl+7" in started.text.toPlainText()
    assert controller.commands.show_getting_started() is started
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert w.findChild(ShortcutsDialog) is not None


def test_the_sample_case_is_in_the_file_menu(make_window: MakeWindow) -> None:
    controller = make_window()
    controller.window.sample_action.trigger()
    patient = controller.selected_patient()
    assert patient is not None
    file_menu = controller.window.menuBar().actions()[0].menu()
    assert file_menu is not None
    assert controller.window.sample_action in file_menu.actions()


def test_the_status_bar_names_the_database_in_words(
    make_window: MakeWindow, sqlite_url: str, tmp_path: Path
) -> None:
    label = make_window().window.database_label
    assert label.text().startswith("Database: needleplan.sqlite in ")
    assert "sqlite:" not in label.text()
    assert label.toolTip() == sqlite_url  # the address, for whoever supports the practice


def test_help_loads_nothing_at_start_up(tmp_path: Path) -> None:
    watched = ("planner.ui.help_dialog", "planner.ui.points.shortcuts", "holidays")
    assert loaded_at_start_up(tmp_path, watched) == []


def test_the_welcome_page_offers_getting_started(qtbot: QtBot, make_window: MakeWindow) -> None:
    controller = make_window()  # an empty database: the welcome page
    assert controller.window.right.currentWidget() is controller.window.welcome
    qtbot.mouseClick(controller.window.welcome.help_button, Qt.MouseButton.LeftButton)
    started = controller.window.findChild(GettingStartedDialog)
    assert started is not None
    assert started.isVisible()
