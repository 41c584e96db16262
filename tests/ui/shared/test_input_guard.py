"""The wheel scrolls the form, not the field under it; a digit replaces "not asked"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from planner.ui.app import application
from planner.ui.shared.input_guard import InputGuard, install

NOT_ASKED = -1


class Form:
    def __init__(self, qtbot: QtBot) -> None:
        self.area = QScrollArea()
        body = QWidget()
        layout = QFormLayout(body)
        self.first = QLineEdit()
        layout.addRow("Complaint", self.first)
        self.worst = QSpinBox()
        self.worst.setRange(NOT_ASKED, 10)
        self.worst.setSpecialValueText("not asked")
        self.worst.setSuffix(" /10")
        self.worst.setValue(7)
        layout.addRow("Worst, past week", self.worst)
        self.region = QComboBox()
        self.region.addItems(["Neck", "Left shoulder", "Right shoulder"])
        layout.addRow("Region", self.region)
        for n in range(40):  # long enough to scroll
            layout.addRow(f"Line {n}", QLineEdit())
        self.area.setWidget(body)
        self.area.setWidgetResizable(True)
        self.area.resize(400, 300)
        qtbot.addWidget(self.area)
        self.area.show()
        qtbot.waitExposed(self.area)
        self.first.setFocus()


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    install(application())  # as the app does once its window is up
    return Form(qtbot)


def wheel(widget: QWidget, notches: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_guard_is_installed_once() -> None:
    app = application()
    assert install(app) is install(app)
    assert len(app.findChildren(InputGuard)) == 1


def test_the_wheel_over_an_unfocused_spin_box_scrolls_the_form(form: Form) -> None:
    bar = form.area.verticalScrollBar()
    assert bar.value() == 0
    wheel(form.worst, 3)
    assert form.worst.value() == 7
    assert bar.value() > 0


def test_the_wheel_over_an_unfocused_combo_keeps_the_region(form: Form) -> None:
    wheel(form.region, 2)
    assert form.region.currentText() == "Neck"
    assert form.area.verticalScrollBar().value() > 0


def test_a_focused_spin_box_still_takes_the_wheel(form: Form, qtbot: QtBot) -> None:
    form.worst.setFocus()
    qtbot.waitUntil(form.worst.hasFocus)
    wheel(form.worst, 3)
    assert form.worst.value() == 4


def test_a_digit_replaces_not_asked(form: Form, qtbot: QtBot) -> None:
    form.worst.setValue(NOT_ASKED)
    assert form.worst.text() == "not asked"
    form.worst.setFocus()
    qtbot.waitUntil(form.worst.hasFocus)
    edit = form.worst.lineEdit()
    assert edit is not None
    edit.setCursorPosition(3)  # a click in the middle of the words
    QTest.keyClick(edit, Qt.Key.Key_6)
    assert form.worst.value() == 6
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    QTest.keyClick(edit, Qt.Key.Key_8)
    assert form.worst.value() == 8  # a value typed over keeps normal editing
