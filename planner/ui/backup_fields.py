"""Settings' Backups group: automatic backups on or off, their folder, how many to keep, and
when the newest was taken (planner.ui.backup_commands takes them).

The folder must be an existing folder the user can write to; left empty, the default one in
the user's data folder is used (made when the first backup is taken).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from planner.domain.errors import FieldProblem
from planner.ui.shared.field_errors import field_form
from planner.ui.shared.formatting import long_date
from planner.ui.shared.settings import Settings

KEEP_MIN, KEEP_MAX = 1, 365
FOLDER_FIELD = "backup_folder"
AUTOMATIC_TEXT = "Back up automatically (on exit and once a day)"
AddRow = Callable[[QFormLayout, str, str, QWidget, QWidget | None], None]
ChooseFolder = Callable[[QWidget, Path], "Path | None"]


def choose_backup_folder(parent: QWidget, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Folder for automatic backups", str(start))
    return Path(chosen) if chosen else None


def default_backup_folder() -> Path:
    from planner.store.backup.rotation import default_folder

    return default_folder()


def automatic_folder(chosen: str) -> Path:
    """Where automatic backups go: the folder chosen in Settings, else the default."""
    return Path(chosen).expanduser() if chosen.strip() else default_backup_folder()


def folder_problem(text: str) -> str | None:
    """What is wrong with a typed backup folder ('' is the default, always fine)."""
    if not text.strip():
        return None
    path = Path(text.strip()).expanduser()
    if not path.is_absolute():
        return "must be a full path, such as /home/you/Backups"
    if not path.exists():
        return "does not exist: choose an existing folder"
    if not path.is_dir():
        return "is a file, not a folder"
    if not os.access(path, os.W_OK | os.X_OK):
        return "cannot be written to: choose another folder"
    return None


def last_backup(folder: Path) -> datetime | None:
    """When the newest automatic backup in folder was taken (None: none, or unreadable)."""
    from planner.store.backup.rotation import automatic_backups

    try:
        found = automatic_backups(p.name for p in folder.iterdir())
    except OSError:
        return None
    return found[0][0] if found else None


def last_backup_text(folder: Path) -> str:
    when = last_backup(folder)
    if when is None:
        return "No automatic backup in this folder yet"
    return f"Last automatic backup: {long_date(when.date())} at {when:%H:%M}"


@dataclass(frozen=True)
class BackupChoice:
    automatic: bool
    folder: str  # "" for the default folder
    keep: int


class BackupFields(QGroupBox):
    """The group; its rows go through add_row so their messages sit under them."""

    changed = Signal()

    def __init__(
        self,
        add_row: AddRow,
        parent: QWidget | None = None,
        *,
        choose_folder: ChooseFolder = choose_backup_folder,
    ) -> None:
        super().__init__("Backups", parent)
        self._choose_folder = choose_folder
        self.automatic_check = QCheckBox(AUTOMATIC_TEXT)
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(str(default_backup_folder()))
        self.folder_edit.setToolTip("Empty: the default folder shown")
        self.browse_button = QPushButton("&Browse…")
        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("backupKeep")
        self.keep_spin.setRange(KEEP_MIN, KEEP_MAX)
        # Never the wheel's focus: an unfocused spin box keeps its value under the wheel
        # (planner.ui.shared.input_guard then passes the wheel on to the form).
        self.keep_spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.last_label = QLabel()
        self.last_label.setObjectName("lastBackup")
        self.last_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        folder_row = QWidget()
        folder_layout = QHBoxLayout(folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addWidget(self.folder_edit, 1)
        folder_layout.addWidget(self.browse_button)
        self.keep_row = keep_row = QWidget()
        keep_layout = QHBoxLayout(keep_row)
        keep_layout.setContentsMargins(0, 0, 0, 0)
        self.keep_caption = QLabel("Keep the &newest")
        self.keep_caption.setBuddy(self.keep_spin)
        keep_layout.addWidget(self.keep_caption)
        keep_layout.addWidget(self.keep_spin)
        keep_layout.addWidget(QLabel("automatic backups"))
        keep_layout.addStretch(1)

        form = field_form()
        self.setLayout(form)
        form.addRow("", self.automatic_check)
        add_row(form, FOLDER_FIELD, "&Folder", folder_row, self.folder_edit)
        item = form.itemAt(1, QFormLayout.ItemRole.LabelRole)
        caption = item.widget() if item is not None else None
        assert isinstance(caption, QLabel)  # add_row's caption
        self._caption = caption
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("", keep_row)
        form.addRow("", self.last_label)

        self.automatic_check.toggled.connect(self._enable)
        self.browse_button.clicked.connect(self.browse)
        self.folder_edit.textChanged.connect(self._show_last)
        for signal in (
            self.automatic_check.toggled,
            self.folder_edit.textChanged,
            self.keep_spin.valueChanged,
        ):
            signal.connect(self.changed)

    def align_fields_with(self, field: QWidget) -> None:
        """Start the group's fields where the form above starts its own (the caption column
        widens): one column of fields down the dialog. Call once it is laid out."""
        window = self.window()
        shift = field.mapTo(window, QPoint()).x() - self.folder_edit.mapTo(window, QPoint()).x()
        if shift > 0:
            self._caption.setMinimumWidth(self._caption.width() + shift)

    # --- values ---------------------------------------------------------------------------

    def load(self, choice: BackupChoice) -> None:
        self.automatic_check.setChecked(choice.automatic)
        self.folder_edit.setText(choice.folder)
        self.keep_spin.setValue(choice.keep)
        self._enable()
        self._show_last()

    def choice(self) -> BackupChoice:
        return BackupChoice(
            self.automatic_check.isChecked(),
            self.folder_edit.text().strip(),
            self.keep_spin.value(),
        )

    def problems(self) -> list[FieldProblem]:
        # A folder no longer there matters only while backups are on.
        problem = (
            folder_problem(self.folder_edit.text()) if self.automatic_check.isChecked() else None
        )
        return [FieldProblem(FOLDER_FIELD, problem)] if problem is not None else []

    def browse(self) -> None:
        start = automatic_folder(self.folder_edit.text())  # the folder in use, if it exists
        chosen = self._choose_folder(self, start if start.is_dir() else Path.home())
        if chosen is not None:
            self.folder_edit.setText(str(chosen))

    def _enable(self) -> None:
        on = self.automatic_check.isChecked()
        for widget in (self.folder_edit, self.browse_button, self.keep_row):
            widget.setEnabled(on)

    def _show_last(self) -> None:
        text = self.folder_edit.text()
        shown = last_backup_text(automatic_folder(text)) if folder_problem(text) is None else ""
        self.last_label.setText(shown)
        self.last_label.setVisible(bool(shown))  # a wrong folder has its message instead


def read_choice(settings: Settings) -> BackupChoice:
    keep = min(max(settings.auto_backup_keep, KEEP_MIN), KEEP_MAX)
    return BackupChoice(settings.auto_backup_enabled, settings.auto_backup_folder, keep)


def write_choice(settings: Settings, choice: BackupChoice) -> None:
    settings.auto_backup_enabled = choice.automatic
    settings.auto_backup_folder = choice.folder
    settings.auto_backup_keep = choice.keep
    settings.sync()
