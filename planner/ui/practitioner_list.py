"""File › Practitioners…: every profile, with Add… and Edit… (the profile form). The
database role column shows on PostgreSQL only, where it can be set.

Imported only when the dialog opens, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.practitioner import Practitioner
from planner.ui.practitioner_form import PractitionerForm
from planner.ui.shared.guarded_dialog import ConfirmDiscard

if TYPE_CHECKING:
    from planner.store.practitioners import PractitionerRepository

COLUMNS = ("Name", "Role", "Registration number", "Database role")
INTRO = (
    "The people who work with the records. Each change is saved with the name of the "
    "practitioner working at the time."
)
INTRO_POSTGRES = " A practitioner with a database role is recognised when they log in as that role."


class PractitionersDialog(QDialog):
    """`edited` carries a profile after it was added or changed."""

    edited = Signal(object)

    def __init__(
        self,
        repository: PractitionerRepository,
        parent: QWidget | None = None,
        *,
        postgres: bool,
        confirm_discard: ConfirmDiscard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Practitioners")
        self.setMinimumSize(560, 320)
        self._repository = repository
        self._postgres = postgres
        self._confirm_discard = confirm_discard
        self.profiles: list[Practitioner] = []
        self.form: PractitionerForm | None = None

        intro = QLabel(INTRO + (INTRO_POSTGRES if postgres else ""))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("practitionerTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(3, not postgres)

        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit_selected())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.profiles = self._repository.list()
        self.table.setRowCount(len(self.profiles))
        for row, p in enumerate(self.profiles):
            for column, text in enumerate((p.name, p.role, p.registration, p.db_role)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        ids = [p.id for p in self.profiles]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        elif self.profiles:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Practitioner | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.profiles[min(rows)] if rows else None

    def add(self) -> PractitionerForm:
        return self._open_form(None)

    def edit_selected(self) -> PractitionerForm | None:
        profile = self.selected()
        return self._open_form(profile) if profile is not None else None

    def _open_form(self, profile: Practitioner | None) -> PractitionerForm:
        save = self._repository.add if profile is None else self._repository.update
        form = PractitionerForm(
            save, profile, self, postgres=self._postgres, confirm_discard=self._confirm_discard
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._saved(form))
        self.form = form
        form.open()
        return form

    def _saved(self, form: PractitionerForm) -> None:
        self.form = None
        if form.saved is None:
            return
        self.reload(form.saved.id)
        self.edited.emit(form.saved)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
