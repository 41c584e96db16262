"""The summary's building blocks: a titled section, and a list of short lines in it.

A line has a tone: a warning (an uncleared red flag, a target not to use) reads in red with
a warning sign, a clearance in green with a tick, a hint in the quiet colour. Views only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

Tone = Literal["plain", "warn", "ok", "quiet"]


@dataclass(frozen=True)
class Line:
    text: str
    tone: Tone = "plain"
    tip: str = ""  # the longer story, as the line's tool tip


WARN_COLOUR = "#b3261e"
OK_COLOUR = "#2e7d32"
MARKS = {"warn": "⚠ ", "ok": "✓ "}
LOADING = "…"


def wrapping_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)  # a new policy drops the one word wrap set: keep it
    label.setSizePolicy(policy)
    return label


def quiet(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class LineList(QWidget):
    """Short lines, one label each; text() reads them back as a person sees them."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self.labels: list[QLabel] = []

    def set_lines(self, lines: Sequence[Line]) -> None:
        for label in self.labels:
            self._column.removeWidget(label)
            label.deleteLater()
        self.labels = []
        for line in lines:
            label = wrapping_label(MARKS.get(line.tone, "") + line.text)
            label.setProperty("tone", line.tone)
            if line.tone == "warn":
                label.setStyleSheet(f"color: {WARN_COLOUR}; font-weight: bold;")
            elif line.tone == "ok":
                label.setStyleSheet(f"color: {OK_COLOUR};")
            elif line.tone == "quiet":
                quiet(label)
            if line.tip:
                label.setToolTip(line.tip)
            self._column.addWidget(label)
            self.labels.append(label)
        self.setVisible(bool(self.labels))

    def setText(self, text: str) -> None:
        self.set_lines([Line(text, "quiet")])

    def text(self) -> str:
        return "\n".join(label.text() for label in self.labels)

    def tones(self) -> list[str]:
        return [str(label.property("tone")) for label in self.labels]


class Section(QFrame):
    """A titled box: a bold title, an optional quiet subtitle, then its content."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.subtitle = quiet(wrapping_label())
        self.subtitle.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))
