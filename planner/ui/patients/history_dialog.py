"""Patient › History…: the patient's audit trail, read only, newest first, in plain words.

The list says when, who and what; the entry selected shows its values below (a change as
field | before | after for the fields that changed, a record as the values it was given).
A filter narrows the list as you type; Copy puts the selected entry on the clipboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.audit import AuditEntry, describe
from planner.ui.patients.history_text import details, entry_text, when_text, who_text
from planner.ui.shared.search_box import SearchBox
from planner.ui.shared.table_model import Index, RowsTableModel

EntryRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2  # what the filter looks in: the row and its values


class HistoryModel(RowsTableModel[AuditEntry]):
    """The entries, newest first, each worded once (a patient has a few thousand at most)."""

    HEADERS = ("When", "Who", "What")

    def __init__(self, entries: Sequence[AuditEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        newest_first = sorted(entries, key=lambda e: (e.at, e.id or 0), reverse=True)
        self._texts = [(when_text(e.at), who_text(e), describe(e)) for e in newest_first]
        self._search: list[str] | None = None  # worded on the first filter, not on opening
        self.set_rows(newest_first)

    def search_text(self, row: int) -> str:
        if self._search is None:
            self._search = [
                " ".join((*texts, *(" ".join(r) for r in details(e).rows)))
                for texts, e in zip(self._texts, self.rows, strict=True)
            ]
        return self._search[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.row_at(index)
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == EntryRole:
            return entry
        if role == SearchRole:
            return self.search_text(index.row())
        return None


class HistoryDialog(QDialog):
    def __init__(
        self, patient_name: str, entries: Sequence[AuditEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of {patient_name}")
        self.model = HistoryModel(entries, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SearchRole)  # a date, a name, a word, a value before or after
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = SearchBox()
        self.filter_edit.setPlaceholderText("A date, a name, a word such as phone, or a value")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.filter_edit.stepRequested.connect(self._step)
        self.count_label = QLabel()
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # One line per entry, a little air: more of a long history in view.
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 190)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        self.values = QTableWidget(0, 2)
        self.values.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.values.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.values.setWordWrap(True)
        self.values.verticalHeader().hide()
        self.values.horizontalHeader().setMinimumSectionSize(120)  # "Pain after" breathes
        self.note = QLabel()
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 6, 0, 0)
        below.addWidget(self.summary)
        below.addWidget(self.meta)
        below.addWidget(self.values, 1)
        below.addWidget(self.note)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy the selected entry as text (Ctrl+C)")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_selected)
        self.buttons.rejected.connect(self.reject)
        # Not the dialog's default: Enter after typing a filter must not close the history
        # (Escape does, once the filter is empty).
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close_button.setAutoDefault(False)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        self._fit_screen()
        self._update_count()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show_entry(None)
        # Typing filters at once; Up and Down walk the entries from the filter box.
        self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_screen(self) -> None:
        # Roomy on a large screen, whole on a 1366x768 one.
        screen = self.screen().availableGeometry()
        self.resize(min(920, screen.width() - 60), min(660, screen.height() - 80))

    # --- the list -------------------------------------------------------------------------

    def selected_entry(self) -> AuditEntry | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        entry = index.siblingAtColumn(0).data(EntryRole)
        return entry if isinstance(entry, AuditEntry) else None

    def visible_texts(self) -> list[str]:
        """The 'What' of each row shown, top to bottom (tests and the count)."""
        return [self.proxy.index(r, 2).data() for r in range(self.proxy.rowCount())]

    def _step(self, step: int) -> None:
        rows = self.proxy.rowCount()
        if rows:
            current = self.table.currentIndex()
            row = current.row() + step if current.isValid() else 0
            self.table.selectRow(min(max(row, 0), rows - 1))

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()
        if self.proxy.rowCount() and self.selected_entry() is None:
            self.table.selectRow(0)
        elif not self.proxy.rowCount():
            self._show_entry(None)

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "entry" if total == 1 else "entries"
        self.count_label.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        )

    def _show_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.siblingAtColumn(0).data(EntryRole) if current.isValid() else None
        self._show_entry(entry if isinstance(entry, AuditEntry) else None)

    # --- the entry ------------------------------------------------------------------------

    def _show_entry(self, entry: AuditEntry | None) -> None:
        self.copy_button.setEnabled(entry is not None)
        self.values.setRowCount(0)
        if entry is None:
            empty = self.model.rowCount() == 0
            self.summary.setText(
                "No history is recorded for this patient yet." if empty else "No entry selected."
            )
            self.meta.clear()
            self.values.hide()
            self.note.clear()
            return
        self.summary.setText(describe(entry))
        account = f" · login: {entry.account}" if entry.who and entry.account else ""
        self.meta.setText(f"{when_text(entry.at)} · {who_text(entry)}{account}")
        shown = details(entry)
        self.values.setColumnCount(len(shown.headers))
        self.values.setHorizontalHeaderLabels(list(shown.headers))
        self.values.setRowCount(len(shown.rows))
        for r, row in enumerate(shown.rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.values.setItem(r, c, item)
        header = self.values.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in range(1, len(shown.headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self.values.resizeRowsToContents()
        self.values.setVisible(bool(shown.rows))
        self.note.setText(shown.note if not shown.rows else "")

    def detail_rows(self) -> list[tuple[str, ...]]:
        """The values table as shown, row by row (tests)."""
        cells = self.values
        return [
            tuple(
                item.text() if (item := cells.item(r, c)) is not None else ""
                for c in range(cells.columnCount())
            )
            for r in range(cells.rowCount())
        ]

    def copy_selected(self) -> str:
        entry = self.selected_entry()
        if entry is None:
            return ""
        text = entry_text(entry)
        QGuiApplication.clipboard().setText(text)
        return text
