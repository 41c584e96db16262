"""The "Log visit" form: date, targets used, pain before and after, SOAP notes, adverse events.

A view: it turns its widgets into a Visit (and a JSON image for drafts) and shows the
domain's problems at their fields. The rules themselves are planner.domain.visit's. The
targets checklist (TargetsEditor) and the adverse events (AdverseEvents) are its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import FieldProblem
from planner.domain.visit import Visit
from planner.domain.vocab import Side
from planner.ui.shared.field_errors import message_label, set_messages
from planner.ui.visits.events import AdverseEvents
from planner.ui.visits.model import TargetRow
from planner.ui.visits.targets import TargetsEditor

NOT_ASKED = -1  # the spin boxes' "not recorded" value
READ_ONLY_NOTE = "QPlainTextEdit { background: palette(window); border: 1px dashed palette(mid); }"
FIELDS = ("date", "targets", "nprs_before", "nprs_after", "subjective", "objective",
          "assessment", "plan", "adverse_events")  # fmt: skip
SOAP = (
    ("subjective", "Subjective", "What the patient reports since the last visit"),
    ("objective", "Objective", "Findings: range of movement, palpation, tests"),
    ("assessment", "Assessment", "Your clinical impression and the response so far"),
    ("plan", "Plan", "What next: points, dose, home advice, next visit"),
)


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

        self.events = AdverseEvents(self.problems["adverse_events"])

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
        column.addWidget(self.events)
        column.addWidget(self.handout)
        column.addStretch(1)

        self.date.dateChanged.connect(self.changed)
        self.targets.changed.connect(self.changed)
        self.nprs_before.valueChanged.connect(self.changed)
        self.nprs_after.valueChanged.connect(self.changed)
        for edit in self.notes.values():
            edit.textChanged.connect(self.changed)
        self.handout.toggled.connect(self.changed)
        self.events.changed.connect(self.changed)

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
            adverse_events=self.events.adverse_events(),
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
        self.events.show_events(v.adverse_events)
        self.handout.setChecked(v.handout_given)
        self.show_problems([])
        self.events.update_banner()

    def to_json(self) -> dict[str, Any]:
        """A JSON image of the fields, mistakes included (for the draft)."""
        d = self.date.date()
        return {
            "date": date(d.year(), d.month(), d.day()).isoformat(),
            "targets": [[r.target, r.side.value, r.used] for r in self.targets.model.rows],
            "nprs_before": self.nprs_before.value(),
            "nprs_after": self.nprs_after.value(),
            "notes": {k: e.toPlainText() for k, e in self.notes.items()},
            "events": self.events.to_json(),
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
        self.events.load_json(data.get("events", []))
        self.handout.setChecked(bool(data.get("handout", False)))
        self.events.update_banner()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (
            self.date,
            self.nprs_before,
            self.nprs_after,
            self.handout,
        ):
            widget.setEnabled(not read_only)
        for edit in self.notes.values():
            edit.setReadOnly(read_only)
            # Read only must look it: no white box inviting typing that goes nowhere.
            edit.setStyleSheet(READ_ONLY_NOTE if read_only else "")
        self.targets.set_read_only(read_only)
        self.events.set_read_only(read_only)

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
        self.events.show_problems(per_event)
        return general


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
