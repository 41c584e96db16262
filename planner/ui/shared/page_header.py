"""The pieces the workspace pages build their top from: a large title over a muted state
line with the page's buttons to the right, and under it the message box for problems that
have no field of their own (save errors and the like)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

MESSAGE_STYLE = "background: #fff4f3; border: 1px solid #e6a39e; border-radius: 4px; padding: 6px;"


def title_label(text: str = "") -> QLabel:
    """The page's title: bold, a quarter larger than the body text."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def bold_label(text: str) -> QLabel:
    """The title of a part of a page."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


# The key every page's Save button takes (Help › Keyboard shortcuts lists this row).
SAVE = ("Ctrl+S", "Save the page (Assessment, Course, Visits)")


def save_button(text: str, tool_tip: str) -> QPushButton:
    """The page's default button, on Ctrl+S."""
    button = QPushButton(text)
    button.setShortcut(QKeySequence(SAVE[0]))
    button.setToolTip(tool_tip)
    button.setDefault(True)
    return button


def header_row(title: QLabel, subtitle: QLabel, *buttons: QPushButton) -> QHBoxLayout:
    """The title over its subtitle, taking the width the buttons leave."""
    titles = QVBoxLayout()
    titles.setSpacing(0)
    titles.addWidget(title)
    titles.addWidget(subtitle)
    row = QHBoxLayout()
    row.addLayout(titles, 1)
    for button in buttons:
        row.addWidget(button)
    return row


def message_label(object_name: str) -> QLabel:
    """The page's message box: hidden until show_message gives it a text."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(MESSAGE_STYLE)
    label.hide()
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
