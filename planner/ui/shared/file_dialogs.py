"""File dialogs that all open in one remembered folder (Settings.file_folder).

Every file the app asks for (the clinic's logo, a handout's PDF, a course's .ics) goes
through here, so the folder the practitioner last used is where the next dialog opens.
A folder that has since gone falls back to the Documents folder, then the home folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from planner.ui.shared.settings import Settings


def remembered_folder(settings: Settings | None = None) -> Path:
    """Where the next file dialog opens."""
    saved = (settings or Settings()).file_folder
    if saved and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(chosen: Path, settings: Settings | None = None) -> None:
    """Remember the folder of a chosen file for the next dialog."""
    (settings or Settings()).file_folder = str(chosen.parent)


def choose_open_path(
    parent: QWidget, caption: str, filters: str, settings: Settings | None = None
) -> Path | None:
    """Ask for an existing file; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(
        parent, caption, str(remembered_folder(settings)), filters
    )
    if not name:
        return None
    chosen = Path(name)
    remember_folder(chosen, settings)
    return chosen


def choose_save_path(
    parent: QWidget,
    caption: str,
    suggested_name: str,
    filters: str,
    suffix: str,
    settings: Settings | None = None,
) -> Path | None:
    """Ask where to save `suggested_name`; the path ends in `suffix` (".pdf", added when
    typed without it); None when cancelled."""
    start = remembered_folder(settings) / suggested_name
    name, _ = QFileDialog.getSaveFileName(parent, caption, str(start), filters)
    if not name:
        return None
    chosen = Path(name)
    if chosen.suffix.lower() != suffix.lower():
        chosen = chosen.with_name(chosen.name + suffix)
    remember_folder(chosen, settings)
    return chosen
