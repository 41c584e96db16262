"""Input that does what the hand expects, in every form: one filter on the application.

- The mouse wheel over a spin box or combo that does not have the focus scrolls the page
  under it instead of changing the value (three notches over "Worst, past week" once turned a
  7 into a 4, and it was saved).
- Typing a digit into a number field that shows its "not asked" text replaces that text:
  Qt's validator would refuse "not asked5" and swallow the key.

One application-wide filter rather than a subclass per field, so a field added later is
covered without anyone remembering to use a special class.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QSpinBox,
    QWidget,
)


def _field_of(obj: QObject) -> QWidget | None:
    """The spin box or combo an event is for (its line edit counts as the field)."""
    widget = obj if isinstance(obj, QWidget) else None
    for candidate in (widget, widget.parentWidget() if widget is not None else None):
        if isinstance(candidate, QAbstractSpinBox | QComboBox):
            return candidate
    return None


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class InputGuard(QObject):
    """Installed once on the QApplication, once the window is up (planner.ui.app)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            return self._wheel(watched, event)
        if kind == QEvent.Type.KeyPress:
            self._key(watched, event)
        return False

    def _wheel(self, watched: QObject, event: QEvent) -> bool:
        field = _field_of(watched)
        if (
            field is None
            or field.hasFocus()
            or (isinstance(field, QComboBox) and field.view().isVisible())
        ):
            return False
        area = _scroll_area_of(field)
        if area is not None:
            bar = area.verticalScrollBar()
            if bar is not None and bar.isVisible():
                QApplication.sendEvent(bar, event)
        return True  # never to the field: an unfocused field's value does not change

    def _key(self, watched: QObject, event: QEvent) -> None:
        field = _field_of(watched)
        if not isinstance(field, QSpinBox) or not field.specialValueText():
            return
        if field.value() != field.minimum() or not isinstance(event, QKeyEvent):
            return
        text = event.text()
        if (
            len(text) == 1
            and text.isdigit()
            and event.modifiers()
            in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
        ):
            edit = field.lineEdit()
            if edit is not None and edit.text() == field.specialValueText():
                edit.clear()  # the key then lands in an empty field, as typed


def install(app: QApplication) -> InputGuard:
    """The application's guard, installed once however often this is called."""
    guard = app.findChild(InputGuard)
    if guard is None:
        guard = InputGuard(app)
        app.installEventFilter(guard)
    return guard
