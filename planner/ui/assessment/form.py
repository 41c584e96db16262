"""The assessment form: builds the widgets, converts them to and from an Assessment, and
shows the domain's problems at each field.

The rules are planner.domain.assessment's (assessment_problems, chronicity, ndi_band,
psfs_mean); this module only decides where things are shown. It also converts the form to a
JSON image for drafts (to_json/load_json), which keeps half-typed values that an
Assessment cannot hold (a PSFS activity whose score is not chosen yet).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import wording
from planner.domain.assessment import (
    ACTIVITY_MAX,
    COMPLAINT_MAX,
    NDI_MAX,
    NPRS_MAX,
    PREGNANCY_WEEKS_MAX,
    PSFS_MAX_ITEMS,
    PSFS_SCORE_MAX,
    Assessment,
    PainRegion,
    PainScores,
    PsfsItem,
    assessment_problems,
    chronicity,
    ndi_band,
    psfs_mean,
)
from planner.domain.bodychart import BodyChart
from planner.domain.clearance import Clearance
from planner.domain.errors import FieldProblem
from planner.domain.health_record import MEDICATIONS
from planner.domain.vocab import CONDITIONS, RED_FLAGS
from planner.ui.assessment.pain_drawing import PainDrawing
from planner.ui.shared.field_errors import (
    ERROR_COLOR,
    INVALID_STYLE,
    add_field_row,
    field_form,
    message_label,
)
from planner.ui.shared.labels import (
    CHECK_TIPS,
    CHRONICITY_LABELS,
    CONDITION_LABELS,
    NDI_BAND_LABELS,
    RED_FLAG_LABELS,
)

NOT_GIVEN = -1  # a spin box's minimum, shown as its special text ("not asked")
WIDE_DATES = (QDate(1800, 1, 1), QDate(2999, 12, 31))  # the domain judges dates, not the widget
FIELD_LABELS: dict[str, str] = {
    "date": "Date",
    "complaint": "Complaint",
    "onset_date": "Onset",
    "pain.now": "Pain now",
    "pain.best": "Best pain",
    "pain.worst": "Worst pain",
    "ndi_total": "NDI total",
    "psfs": "Activities",
    "medications": "Medications",
    "conditions": "Conditions",
    "pregnancy_weeks": "Weeks of pregnancy",
    "red_flags": "Red flags",
    "consent_date": "Consent date",
    "notes": "Notes",
    "pain_regions": "Pain drawing",
}


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _optional(spin: QSpinBox) -> int | None:
    return None if spin.value() == NOT_GIVEN else spin.value()


def _set_optional(spin: QSpinBox, value: int | None) -> None:
    spin.setValue(NOT_GIVEN if value is None else value)


def _score_spin(maximum: int, special: str, suffix: str) -> QSpinBox:
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


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setDateRange(*WIDE_DATES)
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


def _note_label() -> QLabel:
    label = QLabel()
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)  # never widens the form past a small window
    label.setMinimumWidth(80)
    return label


def _section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
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


class PsfsRow:
    def __init__(self, number: int) -> None:
        self.number = QLabel(f"{number}.")
        self.activity = QLineEdit()
        self.activity.setMaxLength(ACTIVITY_MAX + 50)  # the rule's message shows, not a wall
        self.activity.setPlaceholderText("Activity the patient finds hard" if number == 1 else "")
        self.activity.setAccessibleName(f"Activity {number}")
        self.score = _score_spin(PSFS_SCORE_MAX, "score?", " /10")
        self.score.setAccessibleName(f"Activity {number} score, 0 unable to 10 as before")

    def used(self) -> bool:
        return bool(self.activity.text().strip()) or self.score.value() != NOT_GIVEN


class AssessmentForm(QWidget):
    # Any value changed by the user (not by load()): drafts and screening follow it.
    changed = Signal()

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self._read_only = False
        self._psfs_map: list[int] = []  # Assessment.psfs index -> form row
        # field id -> (widget to highlight, message label)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

        # --- visit ---
        visit, visit_layout = _section("Visit")
        self.date_edit = _date_edit()
        self.complaint_edit = QLineEdit()
        self.complaint_edit.setMaxLength(COMPLAINT_MAX + 50)
        self.complaint_edit.setPlaceholderText(
            "In the patient's words, e.g. right neck pain at work"
        )
        self.onset_edit = _date_edit()
        self.onset_unknown = QCheckBox("Not known")
        self.chronicity_label = _note_label()
        self.chronicity_label.setObjectName("chronicity")
        onset_row = QHBoxLayout()
        onset_row.addWidget(self.onset_edit)
        onset_row.addWidget(self.onset_unknown)
        onset_row.addWidget(self.chronicity_label, 1)
        form = self._form(visit_layout)
        self._row(form, "date", "&Date", self.date_edit)
        self._row(form, "complaint", "Co&mplaint", self.complaint_edit)
        self._row(form, "onset_date", "&Onset", onset_row, self.onset_edit)

        # --- outcome measures ---
        measures, measures_layout = _section("Pain and function")
        self.pain_now = _score_spin(NPRS_MAX, "not asked", " /10")
        self.pain_best = _score_spin(NPRS_MAX, "not asked", " /10")
        self.pain_worst = _score_spin(NPRS_MAX, "not asked", " /10")
        for spin, name in (
            (self.pain_now, "Pain now"),
            (self.pain_best, "Best pain"),
            (self.pain_worst, "Worst pain"),
        ):
            spin.setAccessibleName(f"{name}, 0 to 10")
        self.ndi_spin = _score_spin(NDI_MAX, "not recorded", " /50")
        self.ndi_spin.setAccessibleName("Neck Disability Index total, 0 to 50")
        self.ndi_label = _note_label()
        self.ndi_label.setObjectName("ndiBand")
        ndi_row = QHBoxLayout()
        ndi_row.addWidget(self.ndi_spin)
        ndi_row.addWidget(self.ndi_label, 1)
        # Captions above the three scores keep the row narrow enough for a small window.
        pain_grid = QGridLayout()
        pain_grid.setHorizontalSpacing(12)
        pain_grid.setVerticalSpacing(2)
        for col, (text, spin) in enumerate(
            (
                ("Pain &now", self.pain_now),
                ("&Best, past week", self.pain_best),
                ("&Worst, past week", self.pain_worst),
            )
        ):
            caption = QLabel(text)
            caption.setBuddy(spin)
            pain_grid.addWidget(caption, 0, col)
            pain_grid.addWidget(spin, 1, col)
        pain_grid.setColumnStretch(3, 1)
        pain_title = QLabel("Pain intensity (NPRS, 0 no pain to 10 worst imaginable)")
        pain_title.setWordWrap(True)
        measures_layout.addWidget(pain_title)
        measures_layout.addLayout(pain_grid)
        pain_message = message_label("pain")
        measures_layout.addWidget(pain_message)
        for name, spin in (
            ("now", self.pain_now),
            ("best", self.pain_best),
            ("worst", self.pain_worst),
        ):
            self._fields[f"pain.{name}"] = (spin, pain_message)
        form = self._form(measures_layout)
        self._row(form, "ndi_total", "NDI &total", ndi_row, self.ndi_spin)

        psfs_caption = QLabel(
            "Patient-specific functional scale (PSFS): up to 5 activities, "
            "each 0 (unable) to 10 (as before the problem)"
        )
        psfs_caption.setWordWrap(True)
        psfs_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        measures_layout.addWidget(psfs_caption)
        self.psfs_rows = [PsfsRow(n) for n in range(1, PSFS_MAX_ITEMS + 1)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for i, row in enumerate(self.psfs_rows):
            message = message_label(f"psfs[{i}]")
            grid.addWidget(row.number, 2 * i, 0)
            grid.addWidget(row.activity, 2 * i, 1)
            grid.addWidget(row.score, 2 * i, 2)
            grid.addWidget(message, 2 * i + 1, 1, 1, 2)
            self._fields[f"psfs[{i}]"] = (row.activity, message)
        grid.setColumnStretch(1, 1)
        measures_layout.addLayout(grid)
        self.psfs_mean_label = _note_label()
        self.psfs_mean_label.setObjectName("psfsMean")
        measures_layout.addWidget(self.psfs_mean_label)

        # --- pain drawing ---
        drawing, drawing_layout = _section("Pain drawing")
        self.drawing = PainDrawing(chart)
        drawing_layout.addWidget(self.drawing)
        self._fields["pain_regions"] = (self.drawing, message_label("pain_regions"))
        drawing_layout.addWidget(self._fields["pain_regions"][1])

        # --- safety ---
        safety, safety_layout = _section("Safety")
        flags_title = QLabel("Red flags: any one means stop and refer")
        flags_title.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        safety_layout.addWidget(flags_title)
        self.red_flag_boxes = self._checkboxes(safety_layout, RED_FLAGS, RED_FLAG_LABELS, "flag")
        self._fields["red_flags"] = (flags_title, message_label("red_flags"))
        safety_layout.addWidget(self._fields["red_flags"][1])
        # Clearances: who cleared the patient for a red flag (the only way one is lifted).
        self.clearances: tuple[Clearance, ...] = ()
        self.clearance_label = QLabel()
        self.clearance_label.setObjectName("clearances")
        self.clearance_label.setWordWrap(True)
        self.clearance_button = QPushButton("Record a clearance…")
        self.clearance_button.setObjectName("recordClearance")
        self.clearance_button.setToolTip(
            "Record who cleared the patient for a red flag (name, role, date, note)"
        )
        clearance_row = QHBoxLayout()
        clearance_row.addWidget(self.clearance_label, 1)
        clearance_row.addWidget(self.clearance_button, 0, Qt.AlignmentFlag.AlignTop)
        safety_layout.addLayout(clearance_row)
        # The health record this assessment started from: unticking one of these removes it,
        # and emptying carried medications clears them (planner.domain.health_record).
        self.carried: tuple[str, ...] = ()
        self.carried_medications = False
        conditions_title = QLabel("Conditions and precautions")
        conditions_title.setStyleSheet("font-weight: bold;")
        safety_layout.addSpacing(4)
        safety_layout.addWidget(conditions_title)
        self.condition_boxes = self._checkboxes(
            safety_layout, CONDITIONS, CONDITION_LABELS, "condition"
        )
        self._fields["conditions"] = (conditions_title, message_label("conditions"))
        safety_layout.addWidget(self._fields["conditions"][1])
        self.pregnancy_weeks = _score_spin(PREGNANCY_WEEKS_MAX, "—", " weeks")
        self.pregnancy_weeks.setAccessibleName("Weeks of pregnancy")
        self.weeks_row = QWidget()
        weeks_form = QFormLayout(self.weeks_row)
        weeks_form.setContentsMargins(24, 0, 0, 0)
        self._row(weeks_form, "pregnancy_weeks", "Weeks of &pregnancy", self.pregnancy_weeks)
        safety_layout.addWidget(self.weeks_row)
        self.medications_edit = QPlainTextEdit()
        self.medications_edit.setPlaceholderText("Current medications and doses")
        self.medications_edit.setTabChangesFocus(True)
        self.medications_edit.setFixedHeight(58)
        self.consent_check = QCheckBox("Given on")
        self.consent_check.setToolTip("The patient consented to treatment on this date")
        self.consent_edit = _date_edit()
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_check)
        consent_row.addWidget(self.consent_edit)
        consent_row.addStretch(1)
        form = self._form(safety_layout)
        self._row(form, "medications", "Medi&cations", self.medications_edit)
        self._row(form, "consent_date", "Co&nsent", consent_row, self.consent_edit)

        # --- notes ---
        notes, notes_layout = _section("Notes")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Examination findings, what was agreed, anything else")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(110)
        notes_layout.addWidget(self.notes_edit)
        self._fields["notes"] = (self.notes_edit, message_label("notes"))
        notes_layout.addWidget(self._fields["notes"][1])

        self.sections = {
            "visit": visit,
            "measures": measures,
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

        self._connect()
        self.load(Assessment(date=date.today()))

    # --- building helpers -----------------------------------------------------------------

    @staticmethod
    def _form(layout: QVBoxLayout) -> QFormLayout:
        form = field_form(row_spacing=6)
        layout.addLayout(form)
        return form

    def _row(
        self,
        form: QFormLayout,
        field: str,
        label: str,
        content: QWidget | QHBoxLayout,
        highlight: QWidget | None = None,
        *,
        also: tuple[tuple[str, QWidget], ...] = (),
    ) -> None:
        """One labelled row; `also` names more fields whose messages share its message line."""
        message = message_label(field)
        target = highlight or content
        assert isinstance(target, QWidget)  # a layout row names its widget to highlight
        add_field_row(form, label, content, message, target, spacing=2)
        self._fields[field] = (target, message)
        for other, widget in also:
            self._fields[other] = (widget, message)

    def _checkboxes(
        self, layout: QVBoxLayout, ids: Iterable[str], labels: dict[str, str], kind: str
    ) -> dict[str, QCheckBox]:
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

    def _connect(self) -> None:
        for edit in (self.complaint_edit, *(r.activity for r in self.psfs_rows)):
            edit.textChanged.connect(self._edited)
        for date_edit in (self.date_edit, self.onset_edit, self.consent_edit):
            date_edit.dateChanged.connect(self._edited)
        for spin in (
            self.pain_now,
            self.pain_best,
            self.pain_worst,
            self.ndi_spin,
            self.pregnancy_weeks,
            *(r.score for r in self.psfs_rows),
        ):
            spin.valueChanged.connect(self._edited)
        for check in (
            self.onset_unknown,
            self.consent_check,
            *self.condition_boxes.values(),
            *self.red_flag_boxes.values(),
        ):
            check.toggled.connect(self._edited)
        for text in (self.medications_edit, self.notes_edit):
            text.textChanged.connect(self._edited)
        self.drawing.changed.connect(self._edited)

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
        psfs: list[PsfsItem] = []
        self._psfs_map = []
        for i, row in enumerate(self.psfs_rows):
            if row.used() and row.score.value() != NOT_GIVEN:
                psfs.append(PsfsItem(row.activity.text().strip(), row.score.value()))
                self._psfs_map.append(i)
        regions = tuple(PainRegion(k, v) for k, v in self.drawing.ordered_intensities())
        return Assessment(
            date=pydate(self.date_edit.date()),
            complaint=self.complaint_edit.text().strip(),
            onset_date=None if self.onset_unknown.isChecked() else pydate(self.onset_edit.date()),
            pain=PainScores(
                _optional(self.pain_now), _optional(self.pain_best), _optional(self.pain_worst)
            ),
            ndi_total=_optional(self.ndi_spin),
            psfs=tuple(psfs),
            pain_regions=regions,
            conditions=tuple(c for c in CONDITIONS if self.condition_boxes[c].isChecked()),
            pregnancy_weeks=_optional(self.pregnancy_weeks),
            red_flags=tuple(f for f in RED_FLAGS if self.red_flag_boxes[f].isChecked()),
            medications=self.medications_edit.toPlainText().strip(),
            consent_date=pydate(self.consent_edit.date())
            if self.consent_check.isChecked()
            else None,
            notes=self.notes_edit.toPlainText().strip(),
            clearances=self.clearances,
            removed=self._removed(),
        )

    def _removed(self) -> tuple[str, ...]:
        gone = tuple(x for x in self.carried if not self._ticked(x))
        if self.carried_medications and not self.medications_edit.toPlainText().strip():
            gone += (MEDICATIONS,)
        return gone

    def _ticked(self, ident: str) -> bool:
        box = self.condition_boxes.get(ident) or self.red_flag_boxes.get(ident)
        return box is not None and box.isChecked()

    def set_clearances(self, clearances: tuple[Clearance, ...]) -> None:
        self.clearances = clearances
        if clearances:
            lines = [f"<b>{c.rule}</b>: {escape(c.describe())}" for c in clearances]
            self.clearance_label.setText("Red flags cleared:<br>" + "<br>".join(lines))
        else:
            self.clearance_label.setText(
                "<span style='color:#666'>No red flag cleared. A red flag is lifted only by a "
                "clearance recorded here.</span>"
            )

    def problems(self, today: date) -> list[FieldProblem]:
        """Every problem, as form field ids ("pain.best", "psfs[2]", "conditions", ...)."""
        a = self.assessment()
        found: list[FieldProblem] = []
        for i, row in enumerate(self.psfs_rows):
            if row.used() and row.score.value() == NOT_GIVEN:
                found.append(FieldProblem(f"psfs[{i}].score", wording.REQUIRED))
        for problem in assessment_problems(a, today=today, prefix=""):
            found.append(FieldProblem(self._form_field(problem.field), problem.message))
        return found

    def _form_field(self, field: str) -> str:
        """Map a domain field id to the form's: psfs[i] counts saved rows, not form rows."""
        if field.startswith("psfs[") and "]" in field:
            index = int(field[5 : field.index("]")])
            rest = field[field.index("]") + 1 :]
            if index < len(self._psfs_map):
                return f"psfs[{self._psfs_map[index]}]{rest}"
        return field

    def load(self, a: Assessment) -> None:
        """Fill the form; loading is not an edit (no `changed`)."""
        with self._loading():
            self.date_edit.setDate(qdate(a.date))
            self.complaint_edit.setText(a.complaint)
            self.onset_unknown.setChecked(a.onset_date is None)
            self.onset_edit.setDate(qdate(a.onset_date or a.date))
            _set_optional(self.pain_now, a.pain.now)
            _set_optional(self.pain_best, a.pain.best)
            _set_optional(self.pain_worst, a.pain.worst)
            _set_optional(self.ndi_spin, a.ndi_total)
            for i, row in enumerate(self.psfs_rows):
                item = a.psfs[i] if i < len(a.psfs) else None
                row.activity.setText(item.activity if item else "")
                _set_optional(row.score, item.score if item else None)
            self.drawing.set_intensities({r.region: r.intensity for r in a.pain_regions})
            for ident, box in self.condition_boxes.items():
                box.setChecked(ident in a.conditions)
            _set_optional(self.pregnancy_weeks, a.pregnancy_weeks)
            for ident, box in self.red_flag_boxes.items():
                box.setChecked(ident in a.red_flags)
            self.medications_edit.setPlainText(a.medications)
            self.consent_check.setChecked(a.consent_date is not None)
            self.consent_edit.setDate(qdate(a.consent_date or a.date))
            self.notes_edit.setPlainText(a.notes)
            self.set_clearances(a.clearances)
        self.show_problems([], focus=False)

    def to_json(self) -> dict[str, Any]:
        """Everything typed, as JSON (for drafts): unlike assessment(), keeps unscored rows."""
        a = self.assessment()
        return {
            "date": a.date.isoformat(),
            "complaint": self.complaint_edit.text(),
            "onset_date": a.onset_date.isoformat() if a.onset_date else None,
            "pain": {"now": a.pain.now, "best": a.pain.best, "worst": a.pain.worst},
            "ndi_total": a.ndi_total,
            "psfs": [
                {"activity": r.activity.text(), "score": _optional(r.score)}
                for r in self.psfs_rows
                if r.used()
            ],
            "pain_regions": [
                {"region": r.region, "intensity": r.intensity} for r in a.pain_regions
            ],
            "conditions": list(a.conditions),
            "pregnancy_weeks": a.pregnancy_weeks,
            "red_flags": list(a.red_flags),
            "medications": self.medications_edit.toPlainText(),
            "consent_date": a.consent_date.isoformat() if a.consent_date else None,
            "notes": self.notes_edit.toPlainText(),
            "clearances": [c.as_dict() for c in self.clearances],
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
            self.complaint_edit.setText(str(d.get("complaint", "")))
            self.medications_edit.setPlainText(str(d.get("medications", "")))
            self.notes_edit.setPlainText(str(d.get("notes", "")))
            for i, row in enumerate(self.psfs_rows):
                item = rows[i] if i < len(rows) else {}
                row.activity.setText(str(item.get("activity", "")))
                _set_optional(row.score, number(item.get("score")))

    # --- read-only and derived values -----------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (self.complaint_edit, *(r.activity for r in self.psfs_rows)):
            edit.setReadOnly(read_only)
        for text in (self.medications_edit, self.notes_edit):
            text.setReadOnly(read_only)
        for widget in (
            self.date_edit,
            self.onset_edit,
            self.consent_edit,
            self.pain_now,
            self.pain_best,
            self.pain_worst,
            self.ndi_spin,
            self.pregnancy_weeks,
            *(r.score for r in self.psfs_rows),
        ):
            widget.setReadOnly(read_only)
            widget.setButtonSymbols(
                QSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QSpinBox.ButtonSymbols.UpDownArrows
            )
        for check in (
            self.onset_unknown,
            self.consent_check,
            *self.condition_boxes.values(),
            *self.red_flag_boxes.values(),
        ):
            # Disabled check boxes grey out and are hard to read: block the click instead.
            check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)
            check.setFocusPolicy(
                Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus
            )
        self.drawing.set_read_only(read_only)
        self._update_derived()

    @property
    def read_only(self) -> bool:
        return self._read_only

    def _update_derived(self) -> None:
        on = pydate(self.date_edit.date())
        unknown = self.onset_unknown.isChecked()
        self.onset_edit.setEnabled(not unknown)
        self.consent_edit.setEnabled(self.consent_check.isChecked())
        onset = pydate(self.onset_edit.date())
        if unknown or onset > on:
            self.chronicity_label.setText("")
        else:
            weeks = (on - onset).days // 7
            self.chronicity_label.setText(
                f"{CHRONICITY_LABELS[chronicity(onset, on)]} · {weeks} week{'s' * (weeks != 1)}"
            )
        ndi = _optional(self.ndi_spin)
        self.ndi_label.setText(
            "" if ndi is None else f"{ndi * 2} % · {NDI_BAND_LABELS[ndi_band(ndi)]}"
        )
        scores = [
            PsfsItem("", r.score.value()) for r in self.psfs_rows if r.score.value() != NOT_GIVEN
        ]
        mean = psfs_mean(scores)
        self.psfs_mean_label.setText("" if mean is None else f"PSFS mean {mean:.1f} /10")
        # Shown when pregnancy is ticked, and kept while it holds a value so nothing typed
        # disappears (the rule then says what is wrong).
        pregnant = self.condition_boxes["pregnancy"].isChecked()
        self.weeks_row.setVisible(pregnant or self.pregnancy_weeks.value() != NOT_GIVEN)

    # --- feedback -------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> list[str]:
        """Messages under their fields; the ones with no field are returned (for a banner)."""
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            key = self._field_key(problem.field)
            if key in self._fields:
                by_field.setdefault(key, []).append(self._text(problem))
            else:
                general.append(self._text(problem))
        by_label: dict[int, tuple[QLabel, list[str]]] = {}
        for field, (widget, label) in self._fields.items():
            messages = by_field.get(field, [])
            by_label.setdefault(id(label), (label, []))[1].extend(messages)
            if isinstance(widget, QLineEdit | QSpinBox | QDateEdit | QPlainTextEdit):
                widget.setStyleSheet(INVALID_STYLE if messages else "")
            widget.setProperty("invalid", bool(messages))
        for label, texts in by_label.values():
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))
        first = next((f for f in self._fields if f in by_field), None)
        if focus and first is not None:
            widget = self._fields[first][0]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return general

    def _field_key(self, field: str) -> str:
        """The displayed field a problem belongs to: psfs[2].score -> psfs[2], conditions[0]
        -> conditions, pain_regions[1].intensity -> pain_regions."""
        if field.startswith("psfs["):
            return field.split(".", 1)[0]
        for whole in ("conditions", "red_flags", "pain_regions"):
            if field.startswith(whole):
                return whole
        return field

    @staticmethod
    def _text(problem: FieldProblem) -> str:
        field = problem.field
        if field.startswith("psfs[") and "]" in field:
            number = int(field[5 : field.index("]")]) + 1
            part = "score" if field.endswith(".score") else "activity"
            return f"Activity {number}: {part} {problem.message}"
        label = FIELD_LABELS.get(field.split("[")[0], field.replace("_", " ").capitalize())
        return f"{label} {problem.message}"

    def error_text(self, field: str) -> str:
        """The message line under a field ('' if none): for tests and accessibility checks."""
        label = self._fields[field][1]
        return label.text() if not label.isHidden() else ""

    def is_marked(self, field: str) -> bool:
        """Whether the field's widget is highlighted as wrong."""
        return bool(self._fields[field][0].property("invalid"))
