"""Small widgets of the Course page: a label that wraps inside a scroll area, a muted one, a
row of day check boxes and a row of session times, one per open day."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTimeEdit, QWidget

from planner.domain.vocab import WEEKDAYS

SHORT_DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
              "sat": "Sat", "sun": "Sun"}  # fmt: skip


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its current width.

    Inside a scroll area the layouts size a wrapped QLabel from its width-free size hint,
    which cuts a long text short; this keeps the minimum height in step with the width.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        height = self.heightForWidth(self.width()) if self.text() else 0
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


def muted_label(text: str = "") -> QLabel:
    label = WrappedLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class DayChecks(QWidget):
    """Seven check boxes, Monday first."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.boxes: dict[str, QCheckBox] = {}
        for day in WEEKDAYS:
            box = QCheckBox(SHORT_DAYS[day])
            box.setAccessibleName(f"{name}: {SHORT_DAYS[day]}")
            self.boxes[day] = box
            row.addWidget(box)
        row.addStretch(1)

    def days(self) -> tuple[str, ...]:
        return tuple(d for d in WEEKDAYS if self.boxes[d].isChecked())

    def set_days(self, days: tuple[str, ...] | list[str]) -> None:
        for day, box in self.boxes.items():
            box.setChecked(day in days)


class DayTimes(QWidget):
    """A session time for each weekday; only the days sessions can fall on are shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.edits: dict[str, QTimeEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for day in WEEKDAYS:
            edit = QTimeEdit()
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(f"Session time on {SHORT_DAYS[day]}")
            edit.timeChanged.connect(self.changed)
            label = QLabel(SHORT_DAYS[day])
            label.setBuddy(edit)
            self.edits[day], self.labels[day] = edit, label
            row.addWidget(label)
            row.addWidget(edit)
            row.addSpacing(6)
        row.addStretch(1)

    def show_days(self, days: tuple[str, ...]) -> None:
        for day in WEEKDAYS:
            self.edits[day].setVisible(day in days)
            self.labels[day].setVisible(day in days)

    def set_times(self, times: dict[str, time], default: time) -> None:
        for day, edit in self.edits.items():
            at = times.get(day, default)
            edit.blockSignals(True)
            edit.setTime(QTime(at.hour, at.minute))
            edit.blockSignals(False)

    def times(self) -> dict[str, time]:
        return {
            day: time(edit.time().hour(), edit.time().minute()) for day, edit in self.edits.items()
        }
