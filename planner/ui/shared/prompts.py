"""The questions the UI asks the user, each built in one place.

Controllers call them through a Prompts object so tests can answer without a modal loop;
the build_* functions return the real boxes so tests can check their wording too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from planner.domain.clearance import Clearance
    from planner.domain.findings import Finding


class ConflictChoice(Enum):
    RELOAD = "reload"  # discard mine, show theirs
    OVERWRITE = "overwrite"  # save mine over theirs
    CANCEL = "cancel"  # keep editing, decide later


RELOAD_TEXT = "Reload their version"
OVERWRITE_TEXT = "Overwrite with mine"


def build_conflict_box(parent: QWidget | None, message: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Someone else changed this patient")
    box.setText(message.rstrip(".") + ".")
    box.setInformativeText(
        "Reload their version to see it (your changes in this window are discarded), "
        "or overwrite it with yours (their changes are lost). "
        "Cancel to keep editing."
    )
    reload_button = box.addButton(RELOAD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
    reload_button.setObjectName("reload")
    overwrite = box.addButton(OVERWRITE_TEXT, QMessageBox.ButtonRole.AcceptRole)
    overwrite.setObjectName("overwrite")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def conflict_choice_of(box: QMessageBox) -> ConflictChoice:
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else "cancel"
    if name == "reload":
        return ConflictChoice.RELOAD
    if name == "overwrite":
        return ConflictChoice.OVERWRITE
    return ConflictChoice.CANCEL


def build_delete_box(
    parent: QWidget | None,
    name: str,
    what: str = "patient",
    undo_hint: str = "The record is hidden from the list. You can undo this (Ctrl+Z).",
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(f"Delete {what}")
    box.setText(f"Delete {name}?")
    box.setInformativeText(undo_hint)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    delete.setObjectName("delete")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def build_discard_box(parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Discard changes?")
    box.setText("You have typed changes that are not saved.")
    box.setInformativeText("Discard them, or keep editing?")
    discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discard")
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box


def _clicked(box: QMessageBox, name: str) -> bool:
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == name


class Prompts:
    """Modal questions for the real app; tests substitute an object with the same methods."""

    def confirm_delete(
        self, parent: QWidget | None, name: str, *, what: str = "patient", undo_hint: str = ""
    ) -> bool:
        box = build_delete_box(parent, name, what, *([undo_hint] if undo_hint else []))
        box.exec()
        return _clicked(box, "delete")

    def confirm_discard(self, parent: QWidget | None) -> bool:
        box = build_discard_box(parent)
        box.exec()
        return _clicked(box, "discard")

    def resolve_conflict(self, parent: QWidget | None, message: str) -> ConflictChoice:
        box = build_conflict_box(parent, message)
        box.exec()
        return conflict_choice_of(box)

    def show_problem(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def ask_clearance(
        self, parent: QWidget | None, red_flags: Sequence[Finding], today: date
    ) -> Clearance | None:
        """Who cleared the patient for one of these red flags, or None if cancelled."""
        from planner.ui.shared.clearance_dialog import ClearanceDialog

        dialog = ClearanceDialog(red_flags, today, parent)
        return dialog.clearance() if dialog.exec() == ClearanceDialog.DialogCode.Accepted else None

    def show_about(self, parent: QWidget | None, title: str, html: str) -> None:
        QMessageBox.about(parent, title, html)
