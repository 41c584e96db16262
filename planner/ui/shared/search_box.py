"""A search field that steers a list below it: Up/Down move the list, Escape clears."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class SearchBox(QLineEdit):
    """A line edit that hands Up/Down to the list and clears itself on Escape."""

    # +1 / -1: move the list's current row down / up.
    stepRequested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.stepRequested.emit(1)
        elif key == Qt.Key.Key_Up:
            self.stepRequested.emit(-1)
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)
