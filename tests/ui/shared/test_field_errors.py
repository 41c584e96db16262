"""The shared helper that puts validation messages under form fields."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from planner.domain.errors import FieldProblem
from planner.ui.shared.field_errors import INVALID_STYLE, FieldErrors, message_label, set_messages


def _form(qtbot: QtBot, errors: FieldErrors) -> tuple[QWidget, QLineEdit, QCheckBox]:
    host = QWidget()
    qtbot.addWidget(host)
    form = QFormLayout(host)
    name, agree = QLineEdit("Ana"), QCheckBox("Agree")
    errors.add_row(form, "name", "&Name", name)
    errors.add_row(form, "agree", "", agree)
    host.show()
    return host, name, agree


def test_messages_go_under_their_fields_and_the_rest_is_returned(qtbot: QtBot) -> None:
    errors = FieldErrors(wording=lambda p: f"{p.field}: {p.message}")
    host, name, agree = _form(qtbot, errors)
    general = errors.show(
        [
            FieldProblem("name", "is required"),
            FieldProblem("name", "is too long"),
            FieldProblem("other", "went wrong"),
        ]
    )
    assert general == [str(FieldProblem("other", "went wrong"))]
    assert errors.banner.text() == general[0]
    assert not errors.banner.isHidden()
    assert errors.error_text("name") == "name: is required\nname: is too long"
    assert errors.error_text("agree") == ""
    assert name.property("invalid") is True
    assert name.styleSheet() == INVALID_STYLE
    assert host.focusWidget() is name
    assert agree.property("invalid") is False
    errors.show([])
    assert not errors.banner.isHidden()  # a notice stays until the form clears it
    errors.show_banner("")
    assert errors.banner.isHidden()
    assert errors.error_text("name") == ""
    assert name.styleSheet() == ""
    assert name.property("invalid") is False


def test_outline_and_selection_are_the_forms_choice(qtbot: QtBot) -> None:
    errors = FieldErrors(
        wording=lambda p: p.message,
        outline=lambda w: isinstance(w, QLineEdit),
        select_on_focus=True,
    )
    _host, name, agree = _form(qtbot, errors)
    errors.show([FieldProblem("agree", "is required")])
    assert agree.property("invalid") is True
    assert agree.styleSheet() == ""  # not outlined
    errors.show([FieldProblem("name", "is required")])
    assert name.selectedText() == "Ana"
    errors.show([FieldProblem("name", "is required")], focus=False)
    assert errors.error_text("name") == "is required"


def test_a_message_label_starts_hidden_and_follows_its_texts(qtbot: QtBot) -> None:
    label = message_label("email")
    qtbot.addWidget(label)
    assert label.objectName() == "email_error"
    assert label.isHidden()
    set_messages(label, ["One.", "Two."])
    assert label.text() == "One.\nTwo."
    assert not label.isHidden()
    set_messages(label, [])
    assert label.isHidden()
