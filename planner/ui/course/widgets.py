"""Small widgets of the Course page: a label that wraps inside a scroll area, a muted one, and
a row of day check boxes."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

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
