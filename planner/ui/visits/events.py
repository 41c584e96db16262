"""The Visits form's adverse events: one row per event, under the emergency banner.

A view: the banner shows the shipped advice (planner.catalog.adverse_events) while an event
that needs a follow-up is on the form; the rules are planner.domain.visit's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.catalog import CatalogError
from planner.domain.visit import (
    ADVERSE_EVENTS,
    EVENT_TEXT_MAX,
    FOLLOW_UP_REQUIRED,
    AdverseEvent,
    AdverseEventKind,
)
from planner.ui.shared.field_errors import message_label, set_messages
from planner.ui.visits.labels import ADVICE_UNREADABLE, RECORD_FOLLOW_UP, event_label


class EventRow(QFrame):
    """One adverse event: kind, what happened, and the follow-up."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adverseEvent")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Adverse event")
        for kind in ADVERSE_EVENTS:
            self.kind.addItem(event_label(kind), kind)
        self.description = QLineEdit()
        self.description.setMaxLength(EVENT_TEXT_MAX)
        self.description.setPlaceholderText("What happened (where, how much, how long)")
        self.description.setAccessibleName("Description")
        self.follow_up = QLineEdit()
        self.follow_up.setMaxLength(EVENT_TEXT_MAX)
        self.follow_up.setPlaceholderText("What was done or advised, and when to check again")
        self.follow_up.setAccessibleName("Follow-up")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove this adverse event from the form")
        self.problem = message_label()
        top = QHBoxLayout()
        top.addWidget(self.kind, 1)
        top.addWidget(self.remove_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Description", self.description)
        form.addRow("Follow-up", self.follow_up)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(4)
        column.addLayout(top)
        column.addLayout(form)
        column.addWidget(self.problem)
        self.kind.currentIndexChanged.connect(self.changed)
        self.description.textChanged.connect(self.changed)
        self.follow_up.textChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def adverse_event(self) -> AdverseEvent:
        return AdverseEvent(
            AdverseEventKind(self.kind.currentData()),
            self.description.text(),
            self.follow_up.text(),
        )

    def load(self, e: AdverseEvent) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(e.kind))))
        self.description.setText(e.description)
        self.follow_up.setText(e.follow_up)

    def needs_follow_up(self) -> bool:
        return self.kind.currentData() in FOLLOW_UP_REQUIRED


class AdverseEvents(QGroupBox):
    """The banner, the event rows, the field's problem line and "Add adverse event"."""

    changed = Signal()

    def __init__(self, problem: QLabel, parent: QWidget | None = None) -> None:
        super().__init__("Adverse events", parent)
        self.read_only = False
        self.pneumothorax_banner = QFrame()
        self.pneumothorax_banner.setObjectName("pneumothoraxBanner")
        self.pneumothorax_banner.setStyleSheet(
            "#pneumothoraxBanner { background: #c62828; border-radius: 4px; }"
            " QLabel { color: white; }"
        )
        # Filled from resources when first shown (planner.catalog.adverse_events).
        self.banner_title = QLabel()
        bold = QFont(self.banner_title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.1)
        self.banner_title.setFont(bold)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        banner_layout = QVBoxLayout(self.pneumothorax_banner)
        banner_layout.setContentsMargins(10, 6, 10, 8)
        banner_layout.addWidget(self.banner_title)
        banner_layout.addWidget(self.banner_text)
        self._banner_kind: str | None = None
        self.pneumothorax_banner.hide()

        self.rows: list[EventRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(6)
        self.no_events = QLabel("None recorded.")
        self.no_events.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.add_button = QPushButton("Add adverse event")
        self._layout.addWidget(self.pneumothorax_banner)
        self._layout.addWidget(self.no_events)
        self._layout.addWidget(problem)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        self._layout.addLayout(add_row)
        self.add_button.clicked.connect(lambda: self.add_event())
        self.changed.connect(self.update_banner)

    def add_event(self, event: AdverseEvent | None = None) -> EventRow:
        row = EventRow()
        if event is not None:
            row.load(event)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove_event)
        self.rows.append(row)
        # Above the "add" button, below the banner and earlier events.
        self._layout.insertWidget(1 + len(self.rows), row)
        row.setEnabled(not self.read_only)
        self.no_events.hide()
        self.changed.emit()
        return row

    def _remove_event(self, row: EventRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        self.no_events.setVisible(not self.rows)
        self.changed.emit()

    def clear(self) -> None:
        for row in list(self.rows):
            row.setParent(None)
            row.deleteLater()
        self.rows.clear()
        self.no_events.show()

    def show_events(self, events: Sequence[AdverseEvent]) -> None:
        self.clear()
        for e in events:
            self.add_event(e)

    def adverse_events(self) -> tuple[AdverseEvent, ...]:
        return tuple(r.adverse_event() for r in self.rows)

    def to_json(self) -> list[list[Any]]:
        return [[r.kind.currentData(), r.description.text(), r.follow_up.text()] for r in self.rows]

    def load_json(self, events: Sequence[Sequence[Any]]) -> None:
        self.clear()
        for kind, description, follow_up in events:
            self.add_event(AdverseEvent(AdverseEventKind(kind), description, follow_up))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.add_button, *self.rows):
            widget.setEnabled(not read_only)

    def show_problems(self, per_event: dict[int, list[str]]) -> None:
        for i, row in enumerate(self.rows):
            set_messages(row.problem, per_event.get(i, []))

    def update_banner(self) -> None:
        kind = next((r.kind.currentData() for r in self.rows if r.needs_follow_up()), None)
        if kind is not None and kind != self._banner_kind:
            self._show_advice(AdverseEventKind(kind))
        self.pneumothorax_banner.setVisible(kind is not None)

    def _show_advice(self, kind: AdverseEventKind) -> None:
        """The banner's words for kind: the shipped advice, then the form's instruction."""
        from planner.catalog.adverse_events import load_adverse_event_advice

        try:
            advice = load_adverse_event_advice()[kind]
        except (CatalogError, FileNotFoundError, KeyError) as exc:
            title = event_label(kind)
            text = ADVICE_UNREADABLE.format(error=exc)
        else:
            title, text = advice.title, advice.advice
        self._banner_kind = kind
        self.banner_title.setText(title)
        self.banner_text.setText(f"{text} {RECORD_FOLLOW_UP}")
        self.pneumothorax_banner.setAccessibleName(title)
