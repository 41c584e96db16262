"""Patient › Erase completely…: what erasing does, the archive first if wanted, and the
patient's name typed before the red Erase button works.

The dialog only asks: the window's commands export the archive (export_requested) and erase
(erase_requested), and close it when done.
"""

from __future__ import annotations

import unicodedata
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ERASE_STYLE = (
    "QPushButton { background: #b3261e; color: white; border: 1px solid #8c1d18;"
    " border-radius: 4px; padding: 5px 16px; font-weight: bold; }"
    "QPushButton:hover { background: #9a201a; }"
    "QPushButton:focus { border: 2px solid #3d0a07; }"
    "QPushButton:disabled { background: #f4dcda; color: #a86a65; border-color: #e3b7b3; }"
)


def same_name(typed: str, name: str) -> bool:
    """The name as typed: case and surrounding spaces do not matter, accents do (composed
    or not, as an input method may send them)."""

    def key(text: str) -> str:
        return unicodedata.normalize("NFC", text).strip().casefold()

    return bool(key(name)) and key(typed) == key(name)


def explanation(name: str) -> str:
    return (
        f"Everything about {name} is removed from this database: their details, "
        "assessments, plans, visits, the handouts kept as given, their history, and any "
        "unsaved typing. This cannot be undone.\n\n"
        "One line stays in the audit trail saying that a patient was erased, with no name "
        "or other details. Backups made before now stay as they are: they still hold "
        "this patient."
    )


class EraseDialog(QDialog):
    export_requested = Signal()
    erase_requested = Signal()

    def __init__(self, patient_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.patient_name = patient_name
        self.setWindowTitle("Erase a patient completely")
        self.setMinimumWidth(480)
        self.setMaximumWidth(640)

        title = QLabel(f"Erase {patient_name} completely?")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.PlainText)  # a name is text, never markup
        self.text = QLabel(explanation(patient_name))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)

        self.export_button = QPushButton("E&xport the patient's archive first…")
        self.export_button.setToolTip(
            "A zip with their whole history, a FHIR export, the audit trail and every "
            "handout given, to keep or hand over before erasing"
        )
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_requested)
        self.archive_label = QLabel()
        self.archive_label.setWordWrap(True)
        self.archive_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.archive_label.hide()
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addStretch(1)

        self.name_label = QLabel(
            f"To confirm, type the patient's name: <b>{escape(patient_name)}</b>"
        )
        self.name_label.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("The patient's name, to confirm")
        self.name_label.setBuddy(self.name_edit)
        self.name_edit.textChanged.connect(self._update_button)

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.erase_button = QPushButton("&Erase")
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setStyleSheet(ERASE_STYLE)
        # Never the default: Enter in the name field must not erase anyone.
        self.erase_button.setAutoDefault(False)
        self.erase_button.setToolTip("Type the patient's name above first")
        self.erase_button.clicked.connect(self.erase_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.erase_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addLayout(export_row)
        layout.addWidget(self.archive_label)
        layout.addSpacing(6)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name_edit)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self._update_button()

    def name_confirmed(self) -> bool:
        return same_name(self.name_edit.text(), self.patient_name)

    def _update_button(self) -> None:
        self.erase_button.setEnabled(self.name_confirmed())

    def show_archive(self, path: Path) -> None:
        """Say where the archive was written (the practitioner may want to check first)."""
        self.archive_label.setText(f"✓ The archive is saved in {path}")
        self.archive_label.show()
        # Grow to hold the new line (wrapped labels do not ask for it themselves).
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = self.sizeHint().height()
        self.resize(self.width(), max(self.height(), needed))
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
