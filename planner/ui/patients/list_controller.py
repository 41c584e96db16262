"""The patient list beside the workspace: search as you type, the selection (kept across
reloads), and what the list says when it is empty or cannot be read."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui.patients.list_view import PatientListPanel
from planner.ui.patients.model import PatientListModel

SEARCH_DELAY_MS = 150
LIST_FAILED_MS = 15_000  # how long the status bar says the list could not be read


def count_text(query: str, total: int) -> str:
    if query:
        return f"{total} found for '{query}'"
    return "1 patient" if total == 1 else f"{total} patients"


class PatientListController(QObject):
    """`on_selection` is called whenever the selected patient may have changed (a click, a
    reload); `show_status(text, ms)` puts a line in the status bar."""

    def __init__(
        self,
        database: LazyDatabase,
        panel: PatientListPanel,
        count_label: QLabel,
        *,
        show_status: Callable[[str, int], None],
        on_selection: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.panel = panel
        self.count_label = count_label
        self._show_status = show_status
        self._on_selection = on_selection
        self.model = PatientListModel(database.patients_list, self)
        self.database_empty = True
        # Selection to restore after the model reloads (a search, an edit, an undo).
        self.wanted_id: int | None = None

        self.list = panel.list
        self.search = panel.search
        self.list.setModel(self.model)

        # Search as you type, but not on every keystroke: one query once typing pauses.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self.search_now)
        self.search.stepRequested.connect(self._step_into_list)

        self.model.reloaded.connect(self._on_reloaded)
        self.model.failed.connect(self._on_list_failed)
        selection = self.list.selectionModel()
        # The selection, not the current row: a mouse click moves the current row first,
        # while the old row is still the one selected.
        selection.selectionChanged.connect(self._on_selection)

    def start(self, wanted_id: int | None) -> None:
        """Load the first page of patients, selecting wanted_id if it is there."""
        self.wanted_id = wanted_id
        self.model.set_query("")
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def search_now(self) -> None:
        self.search_timer.stop()
        query = self.search.text().strip()
        if query != self.model.query:
            self.wanted_id = self.selected_id()
            self.model.set_query(query)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload(self, select_id: int | None = None) -> None:
        self.wanted_id = select_id if select_id is not None else self.selected_id()
        self.model.reload()

    def selected_patient(self) -> Patient | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return self.model.patient_at(index.row())

    def selected_id(self) -> int | None:
        patient = self.selected_patient()
        return patient.id if patient else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Current
        )
        self.list.selectionModel().setCurrentIndex(index, flags)
        self.list.scrollTo(index)

    def reveal(self, patient: Patient) -> None:
        """Select patient, searching for its name if the current list does not hold it."""
        assert patient.id is not None
        row = self.model.row_of(patient.id)
        if row is None:
            self.wanted_id = patient.id
            # Setting the text directly, not via the timer: the list changes now.
            self.search.blockSignals(True)
            self.search.setText(patient.name)
            self.search.blockSignals(False)
            self.model.set_query(patient.name)
            row = self.model.row_of(patient.id)
        if row is not None:
            self.select_row(row)

    def _step_into_list(self, step: int) -> None:
        if self.model.rowCount() == 0:
            return
        current = self.list.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.select_row(min(max(row, 0), self.model.rowCount() - 1))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_list_failed(self, message: str) -> None:
        self._show_status(f"The patient list could not be read: {message}", LIST_FAILED_MS)

    def _on_reloaded(self, query: str, total: int) -> None:
        if not query:
            self.database_empty = total == 0
        elif total:
            self.database_empty = False
        else:
            self.database_empty = self.database.patients_list.count("") == 0
        self.count_label.setText(count_text(query, total))
        panel = self.panel
        if total:
            panel.show_list()
        elif query:
            panel.show_empty(
                f"No patients match “{query}”.\n"
                "Check the spelling, or create a new patient (Ctrl+N)."
            )
        else:
            panel.show_empty("No patients yet.")
        wanted, self.wanted_id = self.wanted_id, None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and self.model.rowCount():
            row = 0  # the old selection is gone or filtered out: the first match is a good guess
        if row is not None:
            self.select_row(row)
        self._on_selection()
