"""The main window's widgets, actions and menus; MainController gives them behaviour."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.ui import shortcuts as keys
from planner.ui.patients.list_view import PatientListPanel
from planner.ui.welcome_view import WelcomeView
from planner.ui.workspace import WorkspaceView

if TYPE_CHECKING:
    from planner.ui.patients.details_view import PatientDetailsView

WINDOW_TITLE = "Needleplan"
DEFAULT_SIZE = QSize(1440, 900)
# Left list : right workspace. The Points step needs about 1100 px for chart, library and plan.
SPLITTER_SIZES = (280, 1160)
NO_SELECTION_TEXT = "Select a patient on the left, or create one with File › New patient (Ctrl+N)."


def default_size_for(available: QSize) -> QSize:
    """DEFAULT_SIZE, shrunk to fit a small screen with room for the panel and frame."""
    return DEFAULT_SIZE.boundedTo(QSize(available.width() * 9 // 10, available.height() * 9 // 10))


def _action(parent: QWidget, text: str, row: tuple[str, str] | None, tip: str = "") -> QAction:
    """A menu action whose keys and tip come from its row of the shortcuts table."""
    action = QAction(text, parent)
    tip = row[1] if row is not None else tip
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if row is not None:
        action.setShortcuts([QKeySequence(k) for k in keys.key_texts(row)])
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
    return action


class MainWindow(QMainWindow):
    # Emitted from closeEvent, before the window goes: time to save settings.
    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(DEFAULT_SIZE)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()

    def _build_actions(self) -> None:
        # Keys and tips from the shortcuts table (planner.ui.shortcuts), which Help lists.
        self.new_action = _action(self, "&New patient…", keys.NEW_PATIENT)
        self.sample_action = _action(
            self, "Open the &sample case", None, "A made-up example patient you can safely change"
        )
        self.import_action = _action(
            self,
            "&Import records…",
            None,
            "Add patients and protocols from a Needleplan export (JSON Lines or JSON)",
        )
        self.export_all_action = _action(
            self,
            "E&xport all records…",
            None,
            "Every patient's whole history and the protocols, as one file",
        )
        self.export_archive_action = _action(
            self,
            "Export patient &archive…",
            None,
            "The selected patient's history, FHIR record, audit trail and handouts, as one zip",
        )
        self.backup_action = _action(
            self, "&Back up now…", None, "Save a copy of the whole database to a file"
        )
        self.restore_action = _action(
            self, "&Restore…", None, "Replace the database with a backup (the current one is kept)"
        )
        self.switch_practitioner_action = _action(
            self,
            "S&witch practitioner…",
            None,
            "Choose who is working: the changes you save carry their name",
        )
        self.practitioners_action = _action(
            self, "&Practitioners…", None, "Add and edit the practitioners' profiles"
        )
        self.quit_action = _action(self, "&Quit", keys.QUIT)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.edit_action = _action(self, "&Edit patient…", keys.EDIT_PATIENT)
        self.delete_action = _action(self, "&Delete patient…", keys.DELETE_PATIENT)
        self.history_action = _action(
            self,
            "Patient &history…",
            None,
            "Every change to this patient's records: who, when, what",
        )
        self.erase_action = _action(
            self,
            "E&rase patient completely…",
            None,
            "Remove everything about this patient, on their request",
        )
        self.undo_action = _action(self, "&Undo", keys.UNDO)
        self.redo_action = _action(self, "&Redo", keys.REDO)
        self.find_action = _action(self, "&Find patient", keys.FIND_PATIENT)
        # The toolbar shows iconText: keep it short while the menu says what will be undone.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self.settings_action = _action(self, "&Settings…", keys.SETTINGS)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.shortcuts_action = _action(self, "&Keyboard shortcuts", keys.KEYBOARD_SHORTCUTS)
        self.getting_started_action = _action(self, "&Getting started", keys.GETTING_STARTED)
        self.about_action = _action(self, "&About Needleplan", None, "Version and database")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        for action in (
            self.new_action,
            self.quit_action,
            self.edit_action,
            self.undo_action,
            self.redo_action,
            self.find_action,
            self.settings_action,
            self.shortcuts_action,
            self.getting_started_action,
            self.about_action,
        ):
            self.addAction(action)  # shortcuts work even with the menu bar hidden

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.switch_practitioner_action)
        file_menu.addAction(self.practitioners_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_all_action)
        file_menu.addAction(self.export_archive_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.edit_action)
        edit_menu.addAction(self.delete_action)
        edit_menu.addAction(self.history_action)
        edit_menu.addAction(self.erase_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.getting_started_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("mainToolbar")  # saveState() needs object names
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.edit_action)
        self.toolbar.addAction(self.delete_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.undo_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_central(self) -> None:
        self.list_panel = PatientListPanel()
        # Del deletes only while the list has focus: never from a text field.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list_panel.list.addAction(self.delete_action)

        # The selected patient's record is built when first shown, not for the first frame
        # (about 10 ms of start-up); details_created tells who wires it.
        self._details: PatientDetailsView | None = None
        self._details_hooks: list[Callable[[PatientDetailsView], None]] = []
        self.welcome = WelcomeView()
        self.no_selection = QLabel(NO_SELECTION_TEXT)
        self.no_selection.setObjectName("noSelection")
        self.no_selection.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_selection.setWordWrap(True)
        self.no_selection.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.right = QStackedWidget()
        self.right.addWidget(self.no_selection)
        self.right.addWidget(self.welcome)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(10, 10, 4, 10)
        left_layout.addWidget(self.list_panel)
        left.setMinimumWidth(220)
        # The per-patient steps (Patient, Assessment, ...); the record stack is the first.
        self.workspace = WorkspaceView(self.right)
        self.workspace.setMinimumWidth(360)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.workspace)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(list(SPLITTER_SIZES))
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setContentsMargins(8, 0, 8, 0)
        self.database_label = QLabel()
        self.database_label.setObjectName("databaseLabel")
        self.database_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.database_label.setContentsMargins(8, 0, 8, 0)
        # Who is working: set once the store is open (planner.ui.practitioner_session); a
        # click switches. A flat button, so it reads as a label yet takes Tab and Space.
        self.practitioner_button = QToolButton()
        self.practitioner_button.setObjectName("practitionerLabel")
        self.practitioner_button.setAutoRaise(True)
        self.practitioner_button.setToolTip("Who is working: click to switch practitioner")
        # No taller than a label: a taller status bar takes height from the body chart.
        self.practitioner_button.setMaximumHeight(self.count_label.sizeHint().height() + 2)
        self.practitioner_button.hide()
        status = self.statusBar()
        status.addWidget(self.count_label)
        status.addPermanentWidget(self.practitioner_button)
        status.addPermanentWidget(self.database_label)

    def fit_default_size(self) -> None:
        screen = self.screen()
        if screen is not None:
            self.resize(default_size_for(screen.availableGeometry().size()))

    # --- which page the right side shows ----------------------------------------------

    def show_welcome(self) -> None:
        self.right.setCurrentWidget(self.welcome)

    @property
    def details(self) -> PatientDetailsView:
        """The patient's record view, made on first use."""
        if self._details is None:
            from planner.ui.patients.details_view import PatientDetailsView

            self._details = PatientDetailsView()
            self.right.insertWidget(1, self._details)
            for hook in self._details_hooks:
                hook(self._details)
        return self._details

    def when_details_made(self, hook: Callable[[PatientDetailsView], None]) -> None:
        """Call `hook` with the record view once it exists (at once if it does)."""
        self._details_hooks.append(hook)
        if self._details is not None:
            hook(self._details)

    def show_details(self) -> None:
        self.right.setCurrentWidget(self.details)

    def show_no_selection(self) -> None:
        self.right.setCurrentWidget(self.no_selection)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
