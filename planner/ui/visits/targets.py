"""The Visits form's checklist of what was needled: ticked rows with their side, and an "Add" row.

A view: the rows are a VisitTargetsModel; the form turns the ticked ones into the visit's
targets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.vocab import Side
from planner.ui.visits.labels import side_label
from planner.ui.visits.model import TargetRow, VisitTargetsModel, default_side


class SideDelegate(QStyledItemDelegate):
    """A combo box of the four sides for the targets' Side column."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for side in Side:
            combo.addItem(side_label(side), side.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TargetsEditor(QWidget):
    """Where the rows came from, the rows, the "Add" row, then the field's problem line."""

    changed = Signal()

    def __init__(self, problem: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = VisitTargetsModel(self)
        self.table = QTableView()
        self.table.setObjectName("visitTargets")
        self.table.setAccessibleName("Targets needled at this visit")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setItemDelegateForColumn(1, SideDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(170)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.add_target = QLineEdit()
        self.add_target.setPlaceholderText("Add a point or muscle, e.g. GB21 or upper trapezius")
        self.add_target.setAccessibleName("Add a target")
        self.completer = QCompleter([], self.add_target)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.add_target.setCompleter(self.completer)
        # The typed words as a target id (CourseInfo.resolve once the catalog is known).
        self.resolve: Callable[[str], str] = lambda text: (
            text if text.startswith("TP:") else text.upper()
        )
        self.add_side = QComboBox()
        for side in Side:
            self.add_side.addItem(side_label(side), side.value)
        self.add_button = QPushButton("Add")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_target, 1)
        add_row.addWidget(self.add_side)
        add_row.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.source)
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addWidget(problem)

        self.model.dataChanged.connect(self.changed)
        self.model.rowsInserted.connect(self.changed)
        self.add_button.clicked.connect(self._add_typed_target)
        self.add_target.returnPressed.connect(self._add_typed_target)

    def _add_typed_target(self) -> None:
        text = self.add_target.text().strip()
        if not text:
            return
        self.model.add(self.resolve(text), Side(self.add_side.currentData()))
        self.add_target.clear()

    def set_choices(self, words: Sequence[str]) -> None:
        self.completer.setModel(QStringListModel(list(words), self.completer))

    def set_rows(self, rows: Sequence[TargetRow], source: str) -> None:
        self.model.set_rows(rows)
        self.source.setText(source)
        self.source.setVisible(bool(source))
        self.add_side.setCurrentIndex(self.add_side.findData(default_side(rows).value))

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.table, self.add_target, self.add_side, self.add_button):
            widget.setEnabled(not read_only)
