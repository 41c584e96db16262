"""Where the assessment form shows a problem: each field id has a widget to outline and a
message line under it. The form's parts register their fields here as they build them."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import FieldProblem
from planner.ui.shared.field_errors import INVALID_STYLE, add_field_row, field_form, message_label

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


class FieldMarks:
    """Field id ("pain.best", "psfs[2]", "conditions") -> (widget to highlight, message)."""

    def __init__(self) -> None:
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}

    @staticmethod
    def form(layout: QVBoxLayout) -> QFormLayout:
        form = field_form(row_spacing=6)
        layout.addLayout(form)
        return form

    def row(
        self,
        form: QFormLayout,
        field: str,
        label: str,
        content: QWidget | QHBoxLayout,
        highlight: QWidget | None = None,
    ) -> None:
        """One labelled row with its message line."""
        message = message_label(field)
        target = highlight or content
        assert isinstance(target, QWidget)  # a layout row names its widget to highlight
        add_field_row(form, label, content, message, target, spacing=2)
        self.fields[field] = (target, message)

    def add(self, field: str, widget: QWidget, message: QLabel) -> QLabel:
        """A field whose message line the caller places; returns that line."""
        self.fields[field] = (widget, message)
        return message

    def show(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> list[str]:
        """Messages under their fields; the ones with no field are returned (for a banner)."""
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            key = self._field_key(problem.field)
            if key in self.fields:
                by_field.setdefault(key, []).append(self._text(problem))
            else:
                general.append(self._text(problem))
        by_label: dict[int, tuple[QLabel, list[str]]] = {}
        for field, (widget, label) in self.fields.items():
            messages = by_field.get(field, [])
            by_label.setdefault(id(label), (label, []))[1].extend(messages)
            if isinstance(widget, QLineEdit | QSpinBox | QDateEdit | QPlainTextEdit):
                widget.setStyleSheet(INVALID_STYLE if messages else "")
            widget.setProperty("invalid", bool(messages))
        for label, texts in by_label.values():
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))
        first = next((f for f in self.fields if f in by_field), None)
        if focus and first is not None:
            widget = self.fields[first][0]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return general

    @staticmethod
    def _field_key(field: str) -> str:
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
        label = self.fields[field][1]
        return label.text() if not label.isHidden() else ""

    def is_marked(self, field: str) -> bool:
        return bool(self.fields[field][0].property("invalid"))
