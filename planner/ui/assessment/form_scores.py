"""The assessment form's Pain and function section: pain intensity (NPRS now, best, worst),
the Neck Disability Index total and the patient-specific functional scale (PSFS).

PSFS rows are numbered on the form but saved without gaps, so this part also maps a saved
item's index back to its form row (the rules name "psfs[i]" of the Assessment).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from planner.domain import wording
from planner.domain.assessment import (
    ACTIVITY_MAX,
    NDI_MAX,
    NPRS_MAX,
    PSFS_MAX_ITEMS,
    PSFS_SCORE_MAX,
    Assessment,
    PainScores,
    PsfsItem,
    ndi_band,
    psfs_mean,
)
from planner.domain.errors import FieldProblem
from planner.ui.assessment.form_marks import FieldMarks
from planner.ui.assessment.form_widgets import (
    NOT_GIVEN,
    note_label,
    optional,
    score_spin,
    section,
    set_optional,
)
from planner.ui.shared.field_errors import message_label
from planner.ui.shared.labels import NDI_BAND_LABELS


class PsfsRow:
    def __init__(self, number: int) -> None:
        self.number = QLabel(f"{number}.")
        self.activity = QLineEdit()
        self.activity.setMaxLength(ACTIVITY_MAX + 50)  # the rule's message shows, not a wall
        self.activity.setPlaceholderText("Activity the patient finds hard" if number == 1 else "")
        self.activity.setAccessibleName(f"Activity {number}")
        self.score = score_spin(PSFS_SCORE_MAX, "score?", " /10")
        self.score.setAccessibleName(f"Activity {number} score, 0 unable to 10 as before")

    def used(self) -> bool:
        return bool(self.activity.text().strip()) or self.score.value() != NOT_GIVEN


class ScoresPart:
    def __init__(self, marks: FieldMarks) -> None:
        self.box, layout = section("Pain and function")
        self._saved_rows: list[int] = []  # Assessment.psfs index -> form row
        self.pain_now = score_spin(NPRS_MAX, "not asked", " /10")
        self.pain_best = score_spin(NPRS_MAX, "not asked", " /10")
        self.pain_worst = score_spin(NPRS_MAX, "not asked", " /10")
        for spin, name in (
            (self.pain_now, "Pain now"),
            (self.pain_best, "Best pain"),
            (self.pain_worst, "Worst pain"),
        ):
            spin.setAccessibleName(f"{name}, 0 to 10")
        self.ndi_spin = score_spin(NDI_MAX, "not recorded", " /50")
        self.ndi_spin.setAccessibleName("Neck Disability Index total, 0 to 50")
        self.ndi_label = note_label()
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
        layout.addWidget(pain_title)
        layout.addLayout(pain_grid)
        pain_message = message_label("pain")
        layout.addWidget(pain_message)
        for name, spin in (
            ("now", self.pain_now),
            ("best", self.pain_best),
            ("worst", self.pain_worst),
        ):
            marks.add(f"pain.{name}", spin, pain_message)
        form = marks.form(layout)
        marks.row(form, "ndi_total", "NDI &total", ndi_row, self.ndi_spin)

        psfs_caption = QLabel(
            "Patient-specific functional scale (PSFS): up to 5 activities, "
            "each 0 (unable) to 10 (as before the problem)"
        )
        psfs_caption.setWordWrap(True)
        psfs_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(psfs_caption)
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
            marks.add(f"psfs[{i}]", row.activity, message)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.psfs_mean_label = note_label()
        self.psfs_mean_label.setObjectName("psfsMean")
        layout.addWidget(self.psfs_mean_label)

    def inputs(self) -> tuple[QWidget, ...]:
        return (
            self.pain_now,
            self.pain_best,
            self.pain_worst,
            self.ndi_spin,
            *(w for r in self.psfs_rows for w in (r.activity, r.score)),
        )

    def pain(self) -> PainScores:
        return PainScores(
            optional(self.pain_now), optional(self.pain_best), optional(self.pain_worst)
        )

    def ndi_total(self) -> int | None:
        return optional(self.ndi_spin)

    def psfs(self) -> tuple[PsfsItem, ...]:
        """The scored rows, in order (rows without a score are left out: see unscored)."""
        items: list[PsfsItem] = []
        self._saved_rows = []
        for i, row in enumerate(self.psfs_rows):
            if row.used() and row.score.value() != NOT_GIVEN:
                items.append(PsfsItem(row.activity.text().strip(), row.score.value()))
                self._saved_rows.append(i)
        return tuple(items)

    def unscored(self) -> list[FieldProblem]:
        """A row with an activity but no score: the Assessment cannot hold it, so say so."""
        return [
            FieldProblem(f"psfs[{i}].score", wording.REQUIRED)
            for i, row in enumerate(self.psfs_rows)
            if row.used() and row.score.value() == NOT_GIVEN
        ]

    def form_field(self, field: str) -> str:
        """Map a domain field id to the form's: psfs[i] counts saved rows, not form rows
        (as of the last psfs())."""
        if field.startswith("psfs[") and "]" in field:
            index = int(field[5 : field.index("]")])
            rest = field[field.index("]") + 1 :]
            if index < len(self._saved_rows):
                return f"psfs[{self._saved_rows[index]}]{rest}"
        return field

    def load(self, a: Assessment) -> None:
        set_optional(self.pain_now, a.pain.now)
        set_optional(self.pain_best, a.pain.best)
        set_optional(self.pain_worst, a.pain.worst)
        set_optional(self.ndi_spin, a.ndi_total)
        for i, row in enumerate(self.psfs_rows):
            item = a.psfs[i] if i < len(a.psfs) else None
            row.activity.setText(item.activity if item else "")
            set_optional(row.score, item.score if item else None)

    def typed_rows(self) -> list[dict[str, Any]]:
        """The rows in use as typed, unscored ones too (for drafts)."""
        return [
            {"activity": r.activity.text(), "score": optional(r.score)}
            for r in self.psfs_rows
            if r.used()
        ]

    def load_typed_rows(self, rows: list[dict[str, Any]]) -> None:
        """Rows back exactly as typed (untrimmed), with their gaps; raises on bad values."""
        for i, row in enumerate(self.psfs_rows):
            item = rows[i] if i < len(rows) else {}
            row.activity.setText(str(item.get("activity", "")))
            score = item.get("score")
            set_optional(row.score, None if score is None else int(str(score)))

    def update_derived(self) -> None:
        ndi = optional(self.ndi_spin)
        self.ndi_label.setText(
            "" if ndi is None else f"{ndi * 2} % · {NDI_BAND_LABELS[ndi_band(ndi)]}"
        )
        scores = [
            PsfsItem("", r.score.value()) for r in self.psfs_rows if r.score.value() != NOT_GIVEN
        ]
        mean = psfs_mean(scores)
        self.psfs_mean_label.setText("" if mean is None else f"PSFS mean {mean:.1f} /10")
