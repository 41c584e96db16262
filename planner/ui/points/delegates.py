"""Cell editors for the target list: side and technique as lists, retention as a spin box."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from planner.domain.plan import RETENTION_MINUTES_MAX
from planner.domain.protocol import allowed_sides
from planner.domain.vocab import Technique
from planner.ui.points.targets_model import (
    NO_RETENTION,
    SIDE_LABELS,
    TARGET_ROLE,
    TECHNIQUE_LABELS,
)

Index = QModelIndex | QPersistentModelIndex


class _ComboDelegate(QStyledItemDelegate):
    def choices(self, index: Index) -> list[tuple[str, str]]:
        raise NotImplementedError

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices(index):
            combo.addItem(label, value)
        # Commit on pick, so one choice is one undo step and needs no extra Enter.
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SideDelegate(_ComboDelegate):
    """Left, right or both; midline (or both) for the GV and CV points."""

    def choices(self, index: Index) -> list[tuple[str, str]]:
        target = str(index.data(TARGET_ROLE))
        return [(s.value, SIDE_LABELS[s]) for s in allowed_sides(target)]


class TechniqueDelegate(_ComboDelegate):
    def choices(self, index: Index) -> list[tuple[str, str]]:
        return [(t.value, TECHNIQUE_LABELS[t]) for t in Technique]


class RetentionDelegate(QStyledItemDelegate):
    """Minutes the needles stay in; 0 shows as a dash and means 'not stated'."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, RETENTION_MINUTES_MAX)
        spin.setSpecialValueText(NO_RETENTION)
        spin.setSuffix(" min")
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
