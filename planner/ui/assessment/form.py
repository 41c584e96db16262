"""The assessment form: composes its sections, converts them to and from an Assessment, and
shows the domain's problems at each field.

The rules are planner.domain.assessment's (assessment_problems, chronicity, ndi_band,
psfs_mean); the form only decides where things are shown. Each section is a part in its own
module (form_visit, form_scores, form_flags, form_health; the pain drawing); the form adds
the notes, the health record this assessment started from, and the JSON image for drafts
(to_json/load_json), which keeps half-typed values that an Assessment cannot hold (a PSFS
activity whose score is not chosen yet).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from planner.domain.assessment import (
    PSFS_MAX_ITEMS,
    Assessment,
    PainRegion,
    PainScores,
    assessment_problems,
)
from planner.domain.bodychart import BodyChart
from planner.domain.clearance import Clearance
from planner.domain.errors import FieldProblem
from planner.domain.health_record import MEDICATIONS
from planner.ui.assessment.form_flags import RedFlagsPart
from planner.ui.assessment.form_health import HealthRecordPart
from planner.ui.assessment.form_marks import FieldMarks
from planner.ui.assessment.form_scores import ScoresPart
from planner.ui.assessment.form_visit import VisitPart
from planner.ui.assessment.form_widgets import section, set_inputs_read_only, watch
from planner.ui.assessment.pain_drawing import PainDrawing
from planner.ui.shared.field_errors import message_label


class AssessmentForm(QWidget):
    # Any value changed by the user (not by load()): drafts and screening follow it.
    changed = Signal()

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self._read_only = False
        self.marks = FieldMarks()

        self.visit = VisitPart(self.marks)
        self.scores = ScoresPart(self.marks)

        drawing, drawing_layout = section("Pain drawing")
        self.drawing = PainDrawing(chart)
        drawing_layout.addWidget(self.drawing)
        drawing_layout.addWidget(
            self.marks.add("pain_regions", self.drawing, message_label("pain_regions"))
        )

        safety, safety_layout = section("Safety")
        self.flags = RedFlagsPart(safety_layout, self.marks)
        self.health = HealthRecordPart(safety_layout, self.marks)
        # The health record this assessment started from: unticking one of these removes it,
        # and emptying carried medications clears them (planner.domain.health_record).
        self.carried: tuple[str, ...] = ()
        self.carried_medications = False

        notes, notes_layout = section("Notes")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Examination findings, what was agreed, anything else")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(110)
        notes_layout.addWidget(self.notes_edit)
        notes_layout.addWidget(self.marks.add("notes", self.notes_edit, message_label("notes")))

        self.sections = {
            "visit": self.visit.box,
            "measures": self.scores.box,
            "drawing": drawing,
            "safety": safety,
            "notes": notes,
        }

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        for box in self.sections.values():
            column.addWidget(box)
        column.addStretch(1)

        watch(self._inputs(), self._edited)
        self.drawing.changed.connect(self._edited)
        self.load(Assessment(date=date.today()))

    def _inputs(self) -> tuple[QWidget, ...]:
        return (
            *self.visit.inputs(),
            *self.scores.inputs(),
            *self.flags.inputs(),
            *self.health.inputs(),
            self.notes_edit,
        )

    @contextlib.contextmanager
    def _loading(self) -> Iterator[None]:
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
            self._update_derived()

    def _edited(self) -> None:
        self._update_derived()
        if not self._quiet:
            self.changed.emit()

    # --- values ---------------------------------------------------------------------------

    def assessment(self) -> Assessment:
        """The form as an Assessment (PSFS rows without a score are left out: see problems)."""
        regions = tuple(PainRegion(k, v) for k, v in self.drawing.ordered_intensities())
        return Assessment(
            date=self.visit.day(),
            complaint=self.visit.complaint_edit.text().strip(),
            onset_date=self.visit.onset(),
            pain=self.scores.pain(),
            ndi_total=self.scores.ndi_total(),
            psfs=self.scores.psfs(),
            pain_regions=regions,
            conditions=self.health.conditions(),
            pregnancy_weeks=self.health.weeks(),
            red_flags=self.flags.ticked(),
            medications=self.health.medications(),
            consent_date=self.health.consent_date(),
            notes=self.notes_edit.toPlainText().strip(),
            clearances=self.flags.clearances,
            removed=self._removed(),
        )

    def _removed(self) -> tuple[str, ...]:
        gone = tuple(x for x in self.carried if not self._ticked(x))
        if self.carried_medications and not self.health.medications():
            gone += (MEDICATIONS,)
        return gone

    def _ticked(self, ident: str) -> bool:
        box = self.health.condition_boxes.get(ident) or self.flags.red_flag_boxes.get(ident)
        return box is not None and box.isChecked()

    def problems(self, today: date) -> list[FieldProblem]:
        """Every problem, as form field ids ("pain.best", "psfs[2]", "conditions", ...)."""
        a = self.assessment()
        found = self.scores.unscored()
        for problem in assessment_problems(a, today=today, prefix=""):
            found.append(FieldProblem(self.scores.form_field(problem.field), problem.message))
        return found

    def load(self, a: Assessment) -> None:
        """Fill the form; loading is not an edit (no `changed`)."""
        with self._loading():
            self.visit.load(a)
            self.scores.load(a)
            self.drawing.set_intensities({r.region: r.intensity for r in a.pain_regions})
            self.health.load(a)
            self.flags.load(a)
            self.notes_edit.setPlainText(a.notes)
        self.show_problems([], focus=False)

    def to_json(self) -> dict[str, Any]:
        """Everything typed, as JSON (for drafts): unlike assessment(), keeps unscored rows."""
        a = self.assessment()
        return {
            "date": a.date.isoformat(),
            "complaint": self.visit.complaint_edit.text(),
            "onset_date": a.onset_date.isoformat() if a.onset_date else None,
            "pain": {"now": a.pain.now, "best": a.pain.best, "worst": a.pain.worst},
            "ndi_total": a.ndi_total,
            "psfs": self.scores.typed_rows(),
            "pain_regions": [
                {"region": r.region, "intensity": r.intensity} for r in a.pain_regions
            ],
            "conditions": list(a.conditions),
            "pregnancy_weeks": a.pregnancy_weeks,
            "red_flags": list(a.red_flags),
            "medications": self.health.medications_edit.toPlainText(),
            "consent_date": a.consent_date.isoformat() if a.consent_date else None,
            "notes": self.notes_edit.toPlainText(),
            "clearances": [c.as_dict() for c in self.flags.clearances],
            "carried": list(self.carried),
            "carried_medications": self.carried_medications,
        }

    def load_json(self, d: dict[str, Any]) -> None:
        """Fill the form from to_json()'s output; raises ValueError/KeyError/TypeError."""

        def day(raw: object) -> date | None:
            return None if raw is None else date.fromisoformat(str(raw))

        def number(raw: object) -> int | None:
            return None if raw is None else int(str(raw))

        when = day(d["date"])
        if when is None:
            raise ValueError("a draft without a date")
        pain = d.get("pain") or {}
        rows = list(d.get("psfs") or [])[:PSFS_MAX_ITEMS]
        base = Assessment(
            date=when,
            onset_date=day(d.get("onset_date")),
            pain=PainScores(
                number(pain.get("now")), number(pain.get("best")), number(pain.get("worst"))
            ),
            ndi_total=number(d.get("ndi_total")),
            pain_regions=tuple(
                PainRegion(str(r["region"]), int(r["intensity"]))
                for r in d.get("pain_regions") or []
            ),
            conditions=tuple(str(c) for c in d.get("conditions") or []),
            pregnancy_weeks=number(d.get("pregnancy_weeks")),
            red_flags=tuple(str(f) for f in d.get("red_flags") or []),
            consent_date=day(d.get("consent_date")),
            clearances=tuple(
                Clearance(
                    str(c["rule"]),
                    str(c["cleared_by"]),
                    str(c["role"]),
                    date.fromisoformat(str(c["date"])),
                    str(c["note"]),
                )
                for c in d.get("clearances") or []
            ),
        )
        self.carried = tuple(str(x) for x in d.get("carried") or [])
        self.carried_medications = bool(d.get("carried_medications"))
        self.load(base)
        with self._loading():
            # Typed text goes back exactly as typed (untrimmed), rows with their gaps.
            self.visit.complaint_edit.setText(str(d.get("complaint", "")))
            self.health.medications_edit.setPlainText(str(d.get("medications", "")))
            self.notes_edit.setPlainText(str(d.get("notes", "")))
            self.scores.load_typed_rows(rows)

    # --- read-only and derived values -----------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        set_inputs_read_only(self._inputs(), read_only)
        self.drawing.set_read_only(read_only)
        self._update_derived()

    @property
    def read_only(self) -> bool:
        return self._read_only

    def _update_derived(self) -> None:
        self.visit.update_derived()
        self.scores.update_derived()
        self.health.update_derived()

    # --- feedback -------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> list[str]:
        """Messages under their fields; the ones with no field are returned (for a banner)."""
        return self.marks.show(problems, focus=focus)

    def error_text(self, field: str) -> str:
        """The message line under a field ('' if none): for tests and accessibility checks."""
        return self.marks.error_text(field)

    def is_marked(self, field: str) -> bool:
        """Whether the field's widget is highlighted as wrong."""
        return self.marks.is_marked(field)
