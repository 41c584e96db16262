"""A hand that works the app through real widget events and counts what it costs.

One per click (a press and release on a widget or at a point in it) and one per key that is
not typing text (Tab, Enter, an arrow, a shortcut); typing free text (a name, a complaint, a
note, a number) costs nothing beyond the click that focused the field. Scrolling to bring a
field into view is free too, as the wheel is. Every action is logged, so a count that grows
says where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.helpers import type_text

ANIMATED_CLICK_MS = 150


@dataclass
class Hand:
    qtbot: QtBot
    count: int = 0
    log: list[str] = field(default_factory=list)

    def _spend(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def cost(self, what: str) -> None:
        """An answer given outside a widget (a system file dialog's Save)."""
        self._spend(what)

    # --- the mouse ------------------------------------------------------------------------

    def click(self, widget: QWidget, pos: QPoint | None = None, what: str = "") -> None:
        assert widget.isVisible(), f"cannot click {what or widget}: hidden"
        assert widget.isEnabled(), f"cannot click {what or widget}: disabled"
        _scroll_into_view(widget)
        if pos is None and isinstance(widget, QCheckBox):
            pos = QPoint(9, widget.height() // 2)  # the box, not the stretched row
        if pos is None:
            pos = widget.rect().center()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
        self._spend(f"click {what or _name(widget)}")

    def click_row(self, view: QAbstractItemView, row: int, column: int = 0, what: str = "") -> None:
        index = view.model().index(row, column)
        view.scrollTo(index)
        rect = view.visualRect(index)
        assert rect.isValid(), f"row {row} of {_name(view)} is not shown"
        self.click(view.viewport(), rect.center(), what or f"row {row} of {_name(view)}")

    def click_tab(self, tabs: QTabWidget, title: str) -> None:
        bar = tabs.tabBar()
        index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
        self.click(bar, bar.tabRect(index).center(), f"tab {title!r}")

    # --- the keyboard ---------------------------------------------------------------------

    def key(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        what: str = "",
    ) -> None:
        """A key press to whatever has focus, as a keyboard sends it."""
        target = self.focused()
        self._spend(f"key {what or _key_name(key, modifier)}")  # logged before what it opens
        QTest.keyClick(target, key, modifier)
        if modifier & ~Qt.KeyboardModifier.ShiftModifier:
            # A button's shortcut animates the press and clicks 100 ms later.
            QTest.qWait(ANIMATED_CLICK_MS)

    def type(self, text: str) -> None:
        """Free text into the focused field: free."""
        type_text(self.qtbot, self.focused(), text)
        self.log.append(f"type {text!r}")

    def sees(self, window: QWidget) -> None:
        """A new window came up: the window manager makes it active (offscreen needs asking)."""
        self.qtbot.waitUntil(window.isVisible)
        window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window())

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget


def _scroll_into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__} {label!r}" if label else type(widget).__name__


def _key_name(key: Qt.Key, modifier: Qt.KeyboardModifier) -> str:
    from PySide6.QtGui import QKeySequence

    return QKeySequence(modifier.value | key.value).toString()
