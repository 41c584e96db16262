"""Validation messages under form fields, shared by the app's forms.

Each field gets a message label under its widget; a field with a problem shows its messages
there and is outlined (the `invalid` property, and a style sheet on the offending widget only,
so untouched fields keep the native look). Problems naming no field are handed back for the
form's banner. The rules and their words are the domain's; this module only places them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from planner.domain.errors import FieldProblem

ERROR_COLOR = "#b3261e"
ERROR_STYLE = f"color: {ERROR_COLOR};"
INVALID_STYLE = (
    f"border: 1px solid {ERROR_COLOR}; border-radius: 3px; padding: 2px; background: #fff4f3;"
)
BANNER_STYLE = "background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; padding: 8px;"

Wording = Callable[[FieldProblem], str]
Outline = Callable[[QWidget], bool]


def message_label(field: str | None = None) -> QLabel:
    """An empty, hidden, word-wrapped label in the error colour (`<field>_error` by name)."""
    label = QLabel()
    if field is not None:
        label.setObjectName(f"{field}_error")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def banner_label() -> QLabel:
    """The hidden notice at the top of a form, for problems that name no field."""
    label = QLabel()
    label.setObjectName("banner")
    label.setWordWrap(True)
    label.setStyleSheet(BANNER_STYLE)
    label.hide()
    return label


def set_messages(label: QLabel, texts: Sequence[str]) -> None:
    """Show texts one per line in label; hide it when there are none."""
    label.setText("\n".join(texts))
    label.setVisible(bool(texts))


def field_form(*, captions_on_top: bool = False, row_spacing: int = 8) -> QFormLayout:
    """A form layout as the app's forms use it: fields grow, captions are right-aligned
    (level with the field's middle, or its top for tall fields)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    vertical = Qt.AlignmentFlag.AlignTop if captions_on_top else Qt.AlignmentFlag.AlignVCenter
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | vertical)
    form.setVerticalSpacing(row_spacing)
    form.setHorizontalSpacing(12)
    return form


def add_field_row(
    form: QFormLayout,
    caption: str,
    content: QWidget | QLayout,
    message: QLabel,
    buddy: QWidget,
    *,
    spacing: int = 3,
) -> None:
    """A form row: the caption (its mnemonic focusing buddy), the content, the message under it."""
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    if isinstance(content, QWidget):
        column.addWidget(content)
    else:
        content.setContentsMargins(0, 0, 0, 0)
        column.addLayout(content)
    column.addWidget(message)
    label = QLabel(caption)
    label.setBuddy(buddy)
    form.addRow(label, cell)


def _always(_widget: QWidget) -> bool:
    return True


class FieldErrors:
    """The message labels of one form, by field id as the domain's problems name them.

    wording turns a problem into the words shown under its field; outline says which
    highlighted widgets get the red border (all by default); with select_on_focus a line edit
    that takes the focus for its problem has its text selected, ready to be typed over. The
    problems that name no field go to `banner` (see banner_label()).
    """

    def __init__(
        self,
        *,
        wording: Wording,
        outline: Outline = _always,
        select_on_focus: bool = False,
    ) -> None:
        self.banner = banner_label()
        self._wording = wording
        self._outline = outline
        self._select_on_focus = select_on_focus
        # field id -> (widget to highlight and focus, message label)
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add_row(
        self,
        form: QFormLayout,
        field: str,
        caption: str,
        row_widget: QWidget,
        highlight: QWidget | None = None,
    ) -> None:
        """A form row for field: the caption, row_widget and the field's message line.

        highlight (default: row_widget) is what is outlined and focused for a problem."""
        message = message_label(field)
        add_field_row(form, caption, row_widget, message, highlight or row_widget)
        self.fields[field] = (highlight or row_widget, message)

    def show(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> list[str]:
        """Put each message under its field, and the problems that name no field in the
        banner (a banner already showing stays when there are none); returns the latter.

        With focus, the first bad field (in form order) takes the keyboard."""
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            if problem.field in self.fields:
                by_field.setdefault(problem.field, []).append(self._wording(problem))
            else:
                general.append(str(problem))
        for field, (widget, label) in self.fields.items():
            messages = by_field.get(field, [])
            set_messages(label, messages)
            widget.setProperty("invalid", bool(messages))
            if self._outline(widget):
                widget.setStyleSheet(INVALID_STYLE if messages else "")
        first = next((f for f in self.fields if f in by_field), None)
        if focus and first is not None:
            widget = self.fields[first][0]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if self._select_on_focus and isinstance(widget, QLineEdit):
                widget.selectAll()
        if general:
            self.show_banner("\n".join(general))
        return general

    def show_banner(self, text: str) -> None:
        """Show text in the banner; hide it when text is empty."""
        set_messages(self.banner, [text] if text else [])

    def error_text(self, field: str) -> str:
        """The message shown under a field ('' if none): for tests and accessibility checks."""
        label = self.fields[field][1]
        return label.text() if not label.isHidden() else ""
