"""Who is working? The profiles to choose from, New practitioner…, and Continue without a
name. Asked once at start (then remembered) and by File › Switch practitioner…

Imported only when the question is asked, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.practitioner import Practitioner
from planner.ui.practitioner_form import PractitionerForm, SaveProfile
from planner.ui.shared.guarded_dialog import ConfirmDiscard

INTRO = (
    "Each change you save is recorded under the name chosen here. "
    "You can switch at any time: File › Switch practitioner…"
)
NO_PROFILES = "No practitioners yet: add yourself with New practitioner…"
WITHOUT_NAME_TIP = "Changes are saved without a practitioner's name (you can choose one later)"


def item_text(p: Practitioner) -> str:
    return f"{p.label} · reg. {p.registration}" if p.registration else p.label


class ProfileList(QListWidget):
    """A list where focus alone makes no row current: Qt makes the first row current (not
    selected) on focus, and Enter would then activate someone nobody picked. With no
    current row, Home or Down picks (selects) the first."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.selectedItems():
            self.selectionModel().clearCurrentIndex()


class ChoosePractitionerDialog(QDialog):
    """`chosen` carries the Practitioner picked (or made), or None for no name; closing the
    dialog any other way chooses nothing."""

    chosen = Signal(object)

    def __init__(
        self,
        profiles: Sequence[Practitioner],
        current: Practitioner | None,
        parent: QWidget | None = None,
        *,
        add: SaveProfile,
        postgres: bool,
        confirm_discard: ConfirmDiscard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is working?")
        self._profiles = list(profiles)
        self._add = add
        self._postgres = postgres
        self._confirm_discard = confirm_discard
        self.form: PractitionerForm | None = None  # New practitioner…, while open

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.list = ProfileList()
        self.list.setObjectName("practitionerList")
        for profile in self._profiles:
            item = QListWidgetItem(item_text(profile))
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            self.list.addItem(item)
        # Sizes on the list, not the dialog: the dialog then widens with "Continue as <name>".
        self.list.setMinimumSize(420, 120)
        self.list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")  # easier to hit
        self.empty = QLabel(NO_PROFILES)
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self._profiles)
        self.list.setVisible(bool(self._profiles))

        self.new_button = QPushButton("&New practitioner…")
        self.new_button.setToolTip("Add a profile: name, role and registration number")
        self.without_button = QPushButton("Continue &without a name")
        self.without_button.setToolTip(WITHOUT_NAME_TIP)
        self.continue_button = QPushButton("&Continue")
        # Enter continues as the selected profile and never presses these by accident.
        self.new_button.setAutoDefault(False)
        self.without_button.setAutoDefault(False)
        # Adding one's own profile on the left; the two ways on, right, the usual last.
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.without_button)
        buttons.addWidget(self.continue_button)
        self.continue_button.setVisible(bool(self._profiles))  # nobody to continue as yet
        self.new_button.clicked.connect(self.new_practitioner)
        self.without_button.clicked.connect(self.continue_without_name)
        self.continue_button.clicked.connect(self.continue_as_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

        self.list.itemSelectionChanged.connect(self._update_buttons)
        # Enter on a row, or a double-click: that row, explicitly.
        self.list.itemActivated.connect(self._activated)
        start = self._row_of(current) if current is not None else -1
        if start < 0 and len(self._profiles) == 1:
            start = 0
        if start >= 0:
            self.list.setCurrentRow(start)
        self._update_buttons()
        (self.list if self._profiles else self.new_button).setFocus()

    # --- choices --------------------------------------------------------------------------

    def selected(self) -> Practitioner | None:
        # The selection, not the current row: focus alone makes the first row current, and
        # Enter must never continue as someone nobody picked.
        items = self.list.selectedItems()
        return self._profiles[self.list.row(items[0])] if items else None

    def continue_as_selected(self) -> None:
        profile = self.selected()
        if profile is not None:
            self._choose(profile)

    def continue_without_name(self) -> None:
        self._choose(None)

    def new_practitioner(self) -> PractitionerForm:
        """Open the profile form; once it is stored, that practitioner is working."""
        form = PractitionerForm(
            self._add, None, self, postgres=self._postgres, confirm_discard=self._confirm_discard
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._made(form))
        self.form = form
        form.open()
        return form

    def _made(self, form: PractitionerForm) -> None:
        self.form = None
        if form.saved is not None:
            self._choose(form.saved)

    def _activated(self, item: QListWidgetItem) -> None:
        # Enter activates the current row even when focus alone made it current (row 0,
        # unselected): only a row the practitioner picked continues.
        if item.isSelected():
            self.continue_as_selected()

    def _choose(self, practitioner: Practitioner | None) -> None:
        self.chosen.emit(practitioner)
        self.accept()

    # --- helpers --------------------------------------------------------------------------

    def _row_of(self, practitioner: Practitioner) -> int:
        ids = [p.id for p in self._profiles]
        return ids.index(practitioner.id) if practitioner.id in ids else -1

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.continue_button.setEnabled(has)
        profile = self.selected()
        name = profile.name.replace("&", "&&") if profile is not None else ""  # no mnemonic
        self.continue_button.setText(f"&Continue as {name}" if name else "&Continue")
        # Enter continues as the selected profile; with no profiles yet, it adds one.
        self.continue_button.setDefault(has)
        self.new_button.setDefault(not self._profiles)
