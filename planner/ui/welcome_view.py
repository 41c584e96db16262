"""The first-start panel: what to do on an empty database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

WELCOME_TITLE = "Welcome to Needleplan"
WELCOME_TEXT = (
    "There are no patients yet. Create your first patient record, or open the sample case "
    "to look around: a patient with neck and shoulder pain, an assessment and a plan."
)

TEXT_WIDTH = 520


def _big_button(text: str, hint: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(hint)
    button.setMinimumSize(220, 52)
    font = QFont(button.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    button.setFont(font)
    return button


class WelcomeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(WELCOME_TITLE)
        title.setObjectName("welcomeTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.text_label = text = QLabel(WELCOME_TEXT)
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A word-wrapped label placed with an alignment loses its height-for-width and gets
        # clipped: give it a fixed width and the height that width needs.
        text.setFixedWidth(TEXT_WIDTH)
        text.setMinimumHeight(text.heightForWidth(TEXT_WIDTH))
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.create_button = _big_button("Create a patient", "A new, empty patient record (Ctrl+N)")
        self.create_button.setDefault(True)
        self.sample_button = _big_button(
            "Open the sample case", "Import a made-up example patient you can safely change"
        )

        # For a newcomer: the consultation step by step (Help › Getting started, F1).
        self.help_button = QPushButton("New to Needleplan? Getting started (F1)")
        self.help_button.setObjectName("welcomeHelp")
        self.help_button.setFlat(True)
        self.help_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.help_button.setStyleSheet(
            "QPushButton { color: palette(link); border: none; padding: 4px; }"
            " QPushButton:hover, QPushButton:focus { text-decoration: underline; }"
        )

        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)

        column = QVBoxLayout(self)
        column.setContentsMargins(32, 32, 32, 32)
        column.setSpacing(18)
        column.addStretch(2)
        column.addWidget(title)
        column.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(3)
