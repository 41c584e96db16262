"""The assessment form's building blocks: score and date inputs, section boxes, check-box
grids, and the two things every input needs (telling the form it changed, going read only).

Each part of the form (planner.ui.assessment.form_*) builds from these, so the inputs look
and behave alike in every section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.ui.shared.labels import CHECK_TIPS

NOT_GIVEN = -1  # a spin box's minimum, shown as its special text ("not asked")
WIDE_DATES = (QDate(1800, 1, 1), QDate(2999, 12, 31))  # the domain judges dates, not the widget


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def optional(spin: QSpinBox) -> int | None:
    return None if spin.value() == NOT_GIVEN else spin.value()


def set_optional(spin: QSpinBox, value: int | None) -> None:
    spin.setValue(NOT_GIVEN if value is None else value)


def score_spin(maximum: int, special: str, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    # One below the domain's range so out-of-range values never reach the rules from here;
    # the lowest step is "not given".
    spin.setRange(NOT_GIVEN, maximum)
    spin.setSpecialValueText(special)
    spin.setSuffix(suffix)
    spin.setValue(NOT_GIVEN)
    spin.setMinimumWidth(100)
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setDateRange(*WIDE_DATES)
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


def note_label() -> QLabel:
    label = QLabel()
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)  # never widens the form past a small window
    label.setMinimumWidth(80)
    return label


def section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    # Style sheets do not propagate to children: only the title is bold.
    box.setStyleSheet("QGroupBox { font-weight: bold; }")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 10, 12, 12)
    layout.setSpacing(8)
    return box, layout


class CheckGrid(QWidget):
    """Check boxes in two columns when there is room, else one (the form scrolls, never
    clips: its minimum width is the one-column width)."""

    def __init__(self, boxes: list[QCheckBox], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = boxes
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(4)
        self._column_width = max(b.sizeHint().width() for b in boxes)
        self.setMinimumWidth(self._column_width)
        self.columns = 0
        self._arrange(1)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes:
            self._grid.removeWidget(box)
        rows = (len(self.boxes) + columns - 1) // columns
        for i, box in enumerate(self.boxes):
            self._grid.addWidget(box, i % rows, i // rows)  # down a column, then the next
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= 2 * self._column_width + self._grid.horizontalSpacing()
        self._arrange(2 if wide else 1)
        super().resizeEvent(event)


def check_boxes(
    layout: QVBoxLayout, ids: Iterable[str], labels: dict[str, str], kind: str
) -> dict[str, QCheckBox]:
    """One check box per id (object name `<kind>-<id>`), laid out in a CheckGrid."""
    boxes: dict[str, QCheckBox] = {}
    for ident in ids:
        box = QCheckBox(labels.get(ident, ident))
        box.setObjectName(f"{kind}-{ident}")
        tip = CHECK_TIPS.get(ident)
        if tip:
            box.setToolTip(tip)
        boxes[ident] = box
    layout.addWidget(CheckGrid(list(boxes.values())))
    return boxes


def watch(inputs: Iterable[QWidget], edited: Callable[[], None]) -> None:
    """Call `edited` whenever one of the inputs changes value."""
    for widget in inputs:
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(edited)


def set_inputs_read_only(inputs: Iterable[QWidget], read_only: bool) -> None:
    for widget in inputs:
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(read_only)
        elif isinstance(widget, QAbstractSpinBox):
            widget.setReadOnly(read_only)
            widget.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        elif isinstance(widget, QCheckBox):
            # Disabled check boxes grey out and are hard to read: block the click instead.
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)
            widget.setFocusPolicy(
                Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus
            )
