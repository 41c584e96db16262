"""Cell editors for the target list: side as one-click letters, technique as a list,
retention as a spin box.

Each editor's column is as wide as the editor needs (sizeHint), so an open editor is never
clipped. A pick commits and closes the editor in one go: the plan is then shown again, and
an editor left open over a re-shown row would commit a second time into nothing.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QComboBox,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from planner.domain.plan import RETENTION_MINUTES_MAX
from planner.domain.protocol import allowed_sides
from planner.domain.vocab import Side, Technique
from planner.ui.points.targets_model import (
    NO_RETENTION,
    TARGET_ROLE,
    TECHNIQUE_LABELS,
)

Index = QModelIndex | QPersistentModelIndex
SIDE_LETTERS: dict[Side, str] = {
    Side.LEFT: "L",
    Side.RIGHT: "R",
    Side.BOTH: "B",
    Side.MIDLINE: "M",
}
SEGMENT = 20  # pixels per letter
GAP = 2
CHOSEN = QColor("#1565c0")


def _editor_width(editor: QWidget) -> int:
    editor.ensurePolished()
    return editor.sizeHint().width()


class _ComboDelegate(QStyledItemDelegate):
    _width: int | None = None  # the open editor's, measured once

    def choices(self, index: Index) -> list[tuple[str, str]]:
        raise NotImplementedError

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices(index):
            combo.addItem(label, value)
        # A pick is one undo step and needs no extra Enter.
        combo.activated.connect(lambda _i: self._pick(combo))
        return combo

    def _pick(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if self._width is None:
            combo = QComboBox()
            for _value, label in self.choices(index):
                combo.addItem(label)
            self._width = _editor_width(combo)
        return QSize(max(hint.width(), self._width), hint.height())


class SideDelegate(QStyledItemDelegate):
    """The allowed sides as letters (L R B, or M B on the midline), the planned one filled:
    a click on a letter sets the side. The keys L, R and B do the same (see shortcuts)."""

    @staticmethod
    def sides(index: Index) -> tuple[Side, ...]:
        return allowed_sides(str(index.data(TARGET_ROLE)))

    def segments(self, rect: QRect, index: Index) -> list[tuple[Side, QRect]]:
        sides = self.sides(index)
        width = len(sides) * SEGMENT + (len(sides) - 1) * GAP
        x = rect.left() + max(3, (rect.width() - width) // 2)
        top = rect.top() + 3
        height = rect.height() - 6
        return [
            (side, QRect(x + i * (SEGMENT + GAP), top, SEGMENT, height))
            for i, side in enumerate(sides)
        ]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        current = str(index.data(Qt.ItemDataRole.EditRole))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        # On a selected (blue) row the chosen letter turns white, so it still stands out.
        fill = QColor("#ffffff") if selected else CHOSEN
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(role)
        edge = QColor(255, 255, 255, 150) if selected else QColor(0, 0, 0, 70)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for side, rect in self.segments(opt.rect, index):
            chosen = side.value == current
            painter.setPen(QPen(fill if chosen else edge, 1))
            painter.setBrush(fill if chosen else QColor(0, 0, 0, 0))
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
            painter.setPen(
                CHOSEN if chosen and selected else QColor("#ffffff") if chosen else text_color
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, SIDE_LETTERS[side])
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        width = 3 * SEGMENT + 2 * GAP + 6  # room for three letters on every row
        return QSize(width, hint.height())

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        kind = event.type()
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position().toPoint()
        hit = next((s for s, r in self.segments(option.rect, index) if r.contains(pos)), None)
        if hit is None:
            return False
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            # A double click is a pick too, never an editor.
            model.setData(index, hit.value, Qt.ItemDataRole.EditRole)
            return True
        return False


class TechniqueDelegate(_ComboDelegate):
    def choices(self, index: Index) -> list[tuple[str, str]]:
        return [(t.value, TECHNIQUE_LABELS[t]) for t in Technique]


class RetentionDelegate(QStyledItemDelegate):
    """Minutes the needles stay in; 0 shows as a dash and means 'not stated'."""

    _width: int | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return self._spin(parent)

    @staticmethod
    def _spin(parent: QWidget | None = None) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(0, RETENTION_MINUTES_MAX)
        spin.setSpecialValueText(NO_RETENTION)  # the column's header says minutes
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if self._width is None:
            self._width = _editor_width(self._spin())
        return QSize(max(hint.width(), self._width), hint.height())
