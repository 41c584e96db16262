"""A lazy Qt list model over the patient search: pages are read only as the view scrolls."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from planner.domain.errors import DomainError
from planner.domain.patient import Patient
from planner.ui.shared.formatting import age_text, sex_label

PAGE_SIZE = 200

PatientRole = Qt.ItemDataRole.UserRole + 1
PatientIdRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3
SampleRole = Qt.ItemDataRole.UserRole + 4  # the fictional patient of the sample case

_Index = QModelIndex | QPersistentModelIndex


class PatientSource(Protocol):
    """What the model reads; store.patients (PatientRepository) satisfies it."""

    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]: ...

    def count(self, query: str = "") -> int: ...


class PatientListModel(QAbstractListModel):
    """Patients matching the current query, in the store's order, fetched PAGE_SIZE at a time."""

    # Emitted after every (re)load: the query and how many patients match it in total.
    reloaded = Signal(str, int)
    # The list could not be read (the server is gone, a search timed out): one clear line.
    failed = Signal(str)

    def __init__(
        self, source: PatientSource, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._query = ""
        self._rows: list[Patient] = []
        self._total = 0
        self._exhausted = True

    # --- state ---------------------------------------------------------------------------

    @property
    def query(self) -> str:
        return self._query

    @property
    def total(self) -> int:
        """Matches in the database, loaded or not."""
        return self._total

    def set_query(self, query: str) -> None:
        self._query = query.strip()
        self.reload()

    def reload(self) -> None:
        """Re-read from the store, keeping at least as many rows as were loaded (scroll stays)."""
        want = max(self._page_size, len(self._rows))
        try:  # read first, then reset: a failed read leaves the list as it was
            total = self._source.count(self._query)
            rows = self._source.search(self._query, limit=want, offset=0)
        except DomainError as exc:
            self.failed.emit(str(exc))
            return
        self.beginResetModel()
        self._total, self._rows = total, rows
        self._exhausted = len(self._rows) < want
        self.endResetModel()
        self.reloaded.emit(self._query, self._total)

    def patient_at(self, row: int) -> Patient | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, patient_id: int) -> int | None:
        """Row of a loaded patient (None if it does not match or is not loaded yet)."""
        for row, patient in enumerate(self._rows):
            if patient.id == patient_id:
                return row
        return None

    # --- QAbstractListModel --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        patient = self.patient_at(index.row())
        if patient is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return patient.name
        if role == Qt.ItemDataRole.ToolTipRole:
            sample = "\nSample patient (fictional)" if patient.is_sample else ""
            return f"{patient.name}\n{self._summary(patient)}{sample}"
        if role == SampleRole:
            return patient.is_sample
        if role == SummaryRole:
            return self._summary(patient)
        if role == PatientRole:
            return patient
        if role == PatientIdRole:
            return patient.id
        return None

    @staticmethod
    def _summary(patient: Patient) -> str:
        parts = []
        if patient.birth_date is not None:
            parts.append(age_text(patient, date.today()).split(" (")[0])
        parts.append(sex_label(patient.sex))
        return " · ".join(parts)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        try:
            page = self._source.search(self._query, limit=self._page_size, offset=len(self._rows))
        except DomainError as exc:
            self.failed.emit(str(exc))
            return
        self._exhausted = len(page) < self._page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
