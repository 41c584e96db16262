"""The plan column's widgets: modality, Repeat last visit, the targets, the buttons that
change them, and the tabs below (safety, suggestions, protocols).

Each short column of the target table is as wide as its header, its values and its cell
editor need (the delegates' size hints), so nothing is clipped; the target's name takes what
is left, and the notes the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.vocab import Modality
from planner.ui.points.targets_model import NOTES, RETENTION, SAFETY, SIDE, TARGET, TECHNIQUE
from planner.ui.shared.findings_view import FindingsView

MODALITY_LABELS = {Modality.ACUPUNCTURE: "Acupuncture", Modality.DRY_NEEDLING: "Dry needling"}
PLAN_MIN_WIDTH = 470
NOTES_MIN_WIDTH = 60


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class PlanView(QSplitter):
    """The plan above, what informs it (safety, suggestions, protocols) below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("planPanel")
        self.addWidget(self._build_plan())
        self.addWidget(self._build_tabs())
        self.setSizes([360, 300])
        self.setChildrenCollapsible(False)
        self.setMinimumWidth(PLAN_MIN_WIDTH)

    def _build_plan(self) -> QWidget:
        self.modality = QComboBox()
        self.modality.setObjectName("modality")
        for modality, label in MODALITY_LABELS.items():
            self.modality.addItem(label, modality.value)
        self.electro = QCheckBox("Electro")
        self.electro.setObjectName("electro")
        self.electro.setToolTip("Electrical stimulation in this plan (screened for implants)")
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Plan</b>"))
        head.addStretch(1)
        head.addWidget(self.modality)
        head.addWidget(self.electro)

        self.repeat_button = QPushButton("Repeat last visit")
        self.repeat_button.setObjectName("repeatLastVisit")
        self.repeat_note = _wrapped()
        self.repeat_note.setObjectName("repeatNote")
        self.repeat_note.setStyleSheet("color: #555;")
        repeat = QHBoxLayout()
        repeat.addWidget(self.repeat_button)
        repeat.addWidget(self.repeat_note, 1)

        self.targets = QTableView()
        self.targets.setObjectName("planTargets")
        self.targets.setAccessibleName("Planned targets")
        self.targets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.targets.setAlternatingRowColors(True)
        self.targets.verticalHeader().hide()
        self.targets.verticalHeader().setDefaultSectionSize(26)
        self.targets.setWordWrap(False)
        self.targets.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected targets (Delete)")
        self.retention_button = QPushButton("Minutes to all")
        self.retention_button.setObjectName("retentionToAll")
        # Arrows, not words: the row holds six buttons in the column's narrowest width.
        self.undo_button = QToolButton()
        self.undo_button.setText("↶")
        self.undo_button.setToolTip("Undo the last change to the plan (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo")
        self.redo_button = QToolButton()
        self.redo_button.setText("↷")
        self.redo_button.setToolTip("Redo the change undone (Ctrl+Shift+Z)")
        self.redo_button.setAccessibleName("Redo")
        for arrow in (self.undo_button, self.redo_button):
            arrow.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            arrow.setMinimumWidth(30)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Show the saved plan again (your changes can be undone)")
        self.save_button = QPushButton("Save plan")
        self.save_button.setObjectName("savePlan")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the plan (Ctrl+S)")
        self.state_label = _wrapped()
        self.state_label.setObjectName("planState")
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for button in (self.remove_button, self.retention_button, self.undo_button):
            actions.addWidget(button)
        actions.addWidget(self.redo_button)
        actions.addStretch(1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.save_button)

        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(head)
        column.addLayout(repeat)
        column.addWidget(self.targets, 1)
        column.addLayout(actions)
        column.addWidget(self.state_label)
        return top

    def _build_tabs(self) -> QTabWidget:
        self.findings = FindingsView()
        self.suggestions = QListView()
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestions.setToolTip("Click a suggestion to add it to the plan")
        self.suggestions.setSpacing(1)
        self.suggestions_note = _wrapped()
        self.more_suggestions = QPushButton("Show more")
        self.more_suggestions.setObjectName("moreSuggestions")
        self.more_suggestions.setCheckable(True)
        suggestions_tab = QWidget()
        s_column = QVBoxLayout(suggestions_tab)
        s_column.setContentsMargins(4, 4, 4, 4)
        s_row = QHBoxLayout()
        s_row.addWidget(self.suggestions_note, 1)
        s_row.addWidget(self.more_suggestions, 0, Qt.AlignmentFlag.AlignTop)
        s_column.addLayout(s_row)
        s_column.addWidget(self.suggestions, 1)

        self.protocols = QComboBox()
        self.protocols.setObjectName("protocols")
        self.apply_protocol_button = QPushButton("Apply")
        self.save_protocol_button = QPushButton("Save targets as protocol…")
        self.rename_protocol_button = QPushButton("Rename…")
        self.rename_protocol_button.setObjectName("renameProtocol")
        self.rename_protocol_button.setToolTip("Give the chosen protocol another name")
        self.delete_protocol_button = QPushButton("Delete")
        protocols_tab = QWidget()
        p_column = QVBoxLayout(protocols_tab)
        p_column.setContentsMargins(4, 4, 4, 4)
        p_column.addWidget(self.protocols)
        row = QHBoxLayout()
        row.addWidget(self.apply_protocol_button)
        row.addWidget(self.rename_protocol_button)
        row.addWidget(self.delete_protocol_button)
        row.addStretch(1)
        p_column.addLayout(row)
        p_column.addWidget(self.save_protocol_button, 0, Qt.AlignmentFlag.AlignLeft)
        p_column.addStretch(1)

        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("planTabs")
        self.side_tabs.addTab(self.findings, "Safety")
        self.side_tabs.addTab(suggestions_tab, "Suggestions")
        self.side_tabs.addTab(protocols_tab, "Protocols")
        return self.side_tabs

    def set_columns(self) -> None:
        """Column sizes once the model is set (the header needs the columns to exist)."""
        header = self.targets.horizontalHeader()
        header.setStretchLastSection(False)
        fit = QHeaderView.ResizeMode.ResizeToContents
        for column in (SAFETY, TARGET, SIDE, TECHNIQUE, RETENTION):
            header.setSectionResizeMode(column, fit)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(NOTES_MIN_WIDTH // 2)
        self.targets.setTextElideMode(Qt.TextElideMode.ElideRight)
