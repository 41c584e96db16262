"""The "Log visit" form: date, targets used, pain before and after, SOAP notes, adverse events.

A view: it turns its widgets into a Visit (and a JSON image for drafts) and shows the
domain's problems at their fields. The rules themselves are planner.domain.visit's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.catalog import CatalogError
from planner.domain.errors import FieldProblem
from planner.domain.visit import (
    ADVERSE_EVENTS,
    EVENT_TEXT_MAX,
    FOLLOW_UP_REQUIRED,
    AdverseEvent,
    AdverseEventKind,
    Visit,
)
from planner.domain.vocab import Side
from planner.ui.shared.field_errors import message_label, set_messages
from planner.ui.visits.labels import (
    ADVICE_UNREADABLE,
    RECORD_FOLLOW_UP,
    event_label,
)
from planner.ui.visits.model import TargetRow
from planner.ui.visits.targets import TargetsEditor

NOT_ASKED = -1  # the spin boxes' "not recorded" value
FIELDS = ("date", "targets", "nprs_before", "nprs_after", "subjective", "objective",
          "assessment", "plan", "adverse_events")  # fmt: skip
SOAP = (
    ("subjective", "Subjective", "What the patient reports since the last visit"),
    ("objective", "Objective", "Findings: range of movement, palpation, tests"),
    ("assessment", "Assessment", "Your clinical impression and the response so far"),
    ("plan", "Plan", "What next: points, dose, home advice, next visit"),
)


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


class VisitForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_only = False
        self.problems: dict[str, QLabel] = {key: message_label() for key in FIELDS}

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setAccessibleName("Visit date")

        self.targets = TargetsEditor(self.problems["targets"])

        self.nprs_before = self._nprs("Pain before needling")
        self.nprs_after = self._nprs("Pain after needling")
        pain_row = QHBoxLayout()
        pain_row.addWidget(QLabel("Before"))
        pain_row.addWidget(self.nprs_before)
        pain_row.addSpacing(12)
        pain_row.addWidget(QLabel("After"))
        pain_row.addWidget(self.nprs_after)
        pain_row.addWidget(QLabel("of 10"))
        pain_row.addStretch(1)

        self.notes: dict[str, QPlainTextEdit] = {}
        soap_box = QGroupBox("SOAP notes")
        soap_form = QFormLayout(soap_box)
        soap_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, hint in SOAP:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(54)
            self.notes[key] = edit
            soap_form.addRow(label, self._with_problem(edit, key))

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

        self.event_rows: list[EventRow] = []
        self.events_box = QGroupBox("Adverse events")
        self._events_layout = QVBoxLayout(self.events_box)
        self._events_layout.setSpacing(6)
        self.no_events = QLabel("None recorded.")
        self.no_events.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.add_event_button = QPushButton("Add adverse event")
        self._events_layout.addWidget(self.pneumothorax_banner)
        self._events_layout.addWidget(self.no_events)
        self._events_layout.addWidget(self.problems["adverse_events"])
        add_event_row = QHBoxLayout()
        add_event_row.addWidget(self.add_event_button)
        add_event_row.addStretch(1)
        self._events_layout.addLayout(add_event_row)

        self.handout = QCheckBox("Aftercare handout given")

        main_form = QFormLayout()
        main_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        main_form.addRow("Date", self._with_problem(self.date, "date"))
        main_form.addRow("Needled", self.targets)
        pain_host = QWidget()
        pain_layout = QVBoxLayout(pain_host)
        pain_layout.setContentsMargins(0, 0, 0, 0)
        pain_layout.addLayout(pain_row)
        pain_layout.addWidget(self.problems["nprs_before"])
        pain_layout.addWidget(self.problems["nprs_after"])
        main_form.addRow("Pain (NPRS)", pain_host)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addLayout(main_form)
        column.addWidget(soap_box)
        column.addWidget(self.events_box)
        column.addWidget(self.handout)
        column.addStretch(1)

        self.date.dateChanged.connect(self.changed)
        self.targets.changed.connect(self.changed)
        self.nprs_before.valueChanged.connect(self.changed)
        self.nprs_after.valueChanged.connect(self.changed)
        for edit in self.notes.values():
            edit.textChanged.connect(self.changed)
        self.handout.toggled.connect(self.changed)
        self.add_event_button.clicked.connect(lambda: self.add_event())
        self.changed.connect(self._update_banner)

    def _nprs(self, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(NOT_ASKED, 10)
        spin.setSpecialValueText("not asked")
        spin.setAccessibleName(name)
        spin.setMinimumWidth(96)
        return spin

    def _with_problem(self, field: QWidget, key: str) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.problems[key])
        return host

    # --- adverse events -------------------------------------------------------------------

    def add_event(self, event: AdverseEvent | None = None) -> EventRow:
        row = EventRow()
        if event is not None:
            row.load(event)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove_event)
        self.event_rows.append(row)
        # Above the "add" button, below the banner and earlier events.
        self._events_layout.insertWidget(1 + len(self.event_rows), row)
        row.setEnabled(not self.read_only)
        self.no_events.hide()
        self.changed.emit()
        return row

    def _remove_event(self, row: EventRow) -> None:
        if row in self.event_rows:
            self.event_rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        self.no_events.setVisible(not self.event_rows)
        self.changed.emit()

    def _clear_events(self) -> None:
        for row in list(self.event_rows):
            row.setParent(None)
            row.deleteLater()
        self.event_rows.clear()
        self.no_events.show()

    def _update_banner(self) -> None:
        kind = next((r.kind.currentData() for r in self.event_rows if r.needs_follow_up()), None)
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

    # --- in and out -----------------------------------------------------------------------

    def visit(self, base: Visit) -> Visit:
        """base (id, version, plan) with what the form holds."""
        d = self.date.date()

        def score(spin: QSpinBox) -> int | None:
            return None if spin.value() == NOT_ASKED else spin.value()

        return Visit(
            date=date(d.year(), d.month(), d.day()),
            targets=self.targets.model.used(),
            nprs_before=score(self.nprs_before),
            nprs_after=score(self.nprs_after),
            subjective=self.notes["subjective"].toPlainText(),
            objective=self.notes["objective"].toPlainText(),
            assessment=self.notes["assessment"].toPlainText(),
            plan=self.notes["plan"].toPlainText(),
            adverse_events=tuple(r.adverse_event() for r in self.event_rows),
            handout_given=self.handout.isChecked(),
            plan_id=base.plan_id,
            id=base.id,
            version=base.version,
        )

    def load(self, v: Visit, targets: Sequence[TargetRow] | None = None, source: str = "") -> None:
        """Show v; targets (the checklist, with unticked suggestions) default to v's."""
        self.date.setDate(QDate(v.date.year, v.date.month, v.date.day))
        rows = targets if targets is not None else [TargetRow(t.target, t.side) for t in v.targets]
        self.targets.set_rows(rows, source)
        self.nprs_before.setValue(NOT_ASKED if v.nprs_before is None else v.nprs_before)
        self.nprs_after.setValue(NOT_ASKED if v.nprs_after is None else v.nprs_after)
        for key, edit in self.notes.items():
            edit.setPlainText(getattr(v, key))
        self._clear_events()
        for e in v.adverse_events:
            self.add_event(e)
        self.handout.setChecked(v.handout_given)
        self.show_problems([])
        self._update_banner()

    def to_json(self) -> dict[str, Any]:
        """A JSON image of the fields, mistakes included (for the draft)."""
        d = self.date.date()
        return {
            "date": date(d.year(), d.month(), d.day()).isoformat(),
            "targets": [[r.target, r.side.value, r.used] for r in self.targets.model.rows],
            "nprs_before": self.nprs_before.value(),
            "nprs_after": self.nprs_after.value(),
            "notes": {k: e.toPlainText() for k, e in self.notes.items()},
            "events": [
                [r.kind.currentData(), r.description.text(), r.follow_up.text()]
                for r in self.event_rows
            ],
            "handout": self.handout.isChecked(),
        }

    def load_json(self, data: dict[str, Any]) -> None:
        day = date.fromisoformat(data["date"])
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.targets.set_rows(
            [TargetRow(t, Side(s), bool(u)) for t, s, u in data.get("targets", [])], ""
        )
        self.nprs_before.setValue(int(data.get("nprs_before", NOT_ASKED)))
        self.nprs_after.setValue(int(data.get("nprs_after", NOT_ASKED)))
        for key, edit in self.notes.items():
            edit.setPlainText(str(data.get("notes", {}).get(key, "")))
        self._clear_events()
        for kind, description, follow_up in data.get("events", []):
            self.add_event(AdverseEvent(AdverseEventKind(kind), description, follow_up))
        self.handout.setChecked(bool(data.get("handout", False)))
        self._update_banner()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (
            self.date,
            self.nprs_before,
            self.nprs_after,
            self.handout,
            self.add_event_button,
            *self.event_rows,
        ):
            widget.setEnabled(not read_only)
        for edit in self.notes.values():
            edit.setReadOnly(read_only)
        self.targets.set_read_only(read_only)

    def show_problems(self, problems: Sequence[FieldProblem]) -> list[str]:
        """Each problem under its field; returns the ones with no field of their own."""
        by_key: dict[str, list[str]] = {}
        per_event: dict[int, list[str]] = {}
        general: list[str] = []
        for p in problems:
            head = p.field.split(".")[0].split("[")[0]
            text = _sentence(p.message)
            if head == "adverse_events" and "[" in p.field:
                index = int(p.field.split("[")[1].split("]")[0])
                part = p.field.split(".", 1)[1] if "." in p.field else ""
                label = {"follow_up": "Follow-up", "description": "Description"}.get(part, "")
                per_event.setdefault(index, []).append(f"{label} {p.message}".strip())
            elif head in self.problems:
                by_key.setdefault(head, []).append(text)
            else:
                general.append(str(p))
        for key, problem_label in self.problems.items():
            set_messages(problem_label, by_key.get(key, []))
        for i, row in enumerate(self.event_rows):
            set_messages(row.problem, per_event.get(i, []))
        return general


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
