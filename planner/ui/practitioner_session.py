"""Who is working in this window: the practitioner every later save is recorded under.

Decided once the store is open after the first frame (start): on PostgreSQL the profile bound
to the role the connection logged in as, without asking; else the one remembered in the
settings; else "Who is working?" (planner.ui.practitioner_choice). Switching changes only the
author of later saves: no page reloads, typing in progress stays where it is.

Loaded at start-up, so it imports no dialog: those load when first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog

from planner.domain.errors import DomainError, NotFoundError
from planner.store.lazy import LazyDatabase
from planner.ui.main_window import MainWindow
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings

if TYPE_CHECKING:
    from planner.domain.practitioner import Practitioner
    from planner.store.database import Store

NOBODY = "No practitioner chosen"
WITHOUT_NAME = "Working without a name: changes are saved without a practitioner"


def label_text(practitioner: Practitioner | None) -> str:
    return f"Practitioner: {practitioner.label}" if practitioner is not None else NOBODY


def _postgres(store: Store) -> bool:
    return store.engine.dialect.name == "postgresql"


class PractitionerSession(QObject):
    """`current` is who later saves are recorded under (None: nobody); `changed` after it
    changes. `show_status(text)` puts a line in the status bar."""

    changed = Signal()

    def __init__(
        self,
        window: MainWindow,
        database: LazyDatabase,
        settings: Settings,
        prompts: Prompts,
        *,
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.settings = settings
        self.prompts = prompts
        self._show_status = show_status
        self.current: Practitioner | None = None

    # --- at start -------------------------------------------------------------------------

    def start(self) -> QDialog | None:
        """The role's profile, else the remembered one, else ask (the dialog, or None)."""
        try:
            store = self.database.store
            bound = store.role_practitioner()
            found = bound if bound is not None else self._remembered(store)
        except DomainError:
            self._show_label()  # the store cannot open: the first write says why
            # When it opens later, the first save is already signed (no dialog mid-save).
            self.database.when_open(self._apply_quietly)
            return None
        if found is not None:
            self._act_as(found)
            return None
        self._act_as(None)
        if self.settings.practitioner_asked and self.settings.practitioner_id is None:
            self._show_status(WITHOUT_NAME)  # as they chose before
            return None
        return self.switch()

    def _apply_quietly(self, store: Store) -> None:
        try:
            found = store.role_practitioner() or self._remembered(store)
        except DomainError:
            return
        if found is not None:
            self._act_as(found)
        else:
            self._show_status("Choose who is working: File › Switch practitioner…")

    def _remembered(self, store: Store) -> Practitioner | None:
        wanted = self.settings.practitioner_id
        if wanted is None:
            return None
        try:
            profile = store.practitioners.get(wanted)
        except NotFoundError:
            return None
        # The same id in another database (or after a restore) may be someone else.
        return profile if profile.name == self.settings.practitioner_name else None

    # --- File › Switch practitioner… and File › Practitioners… ----------------------------

    def switch(self) -> QDialog | None:
        """Who is working? (one at a time, window-modal, no nested loop)."""
        from planner.ui.practitioner_choice import ChoosePractitionerDialog

        found = self.window.findChild(ChoosePractitionerDialog)
        if found is not None and found.isVisible():
            found.raise_()
            return found
        try:
            store = self.database.store
            profiles = store.practitioners.list()
        except DomainError as exc:
            self.prompts.show_problem(self.window, "Could not read the practitioners", str(exc))
            return None
        dialog = ChoosePractitionerDialog(
            profiles,
            self.current,
            self.window,
            add=store.practitioners.add,
            postgres=_postgres(store),
            confirm_discard=self.prompts.confirm_discard,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.choose)
        dialog.open()
        return dialog

    def manage(self) -> QDialog | None:
        """File › Practitioners…: add and edit profiles."""
        from planner.ui.practitioner_list import PractitionersDialog

        found = self.window.findChild(PractitionersDialog)
        if found is not None and found.isVisible():
            found.raise_()
            return found
        try:
            store = self.database.store
            dialog = PractitionersDialog(
                store.practitioners,
                self.window,
                postgres=_postgres(store),
                confirm_discard=self.prompts.confirm_discard,
            )
        except DomainError as exc:
            self.prompts.show_problem(self.window, "Could not read the practitioners", str(exc))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.edited.connect(self._edited)
        dialog.open()
        return dialog

    def choose(self, practitioner: Practitioner | None) -> None:
        """Work as practitioner (None: without a name) from now on, and remember it."""
        self._act_as(practitioner)
        self.settings.practitioner_id = practitioner.id if practitioner is not None else None
        self.settings.practitioner_name = practitioner.name if practitioner is not None else ""
        self.settings.practitioner_asked = True
        self.settings.sync()
        if practitioner is None:
            self._show_status(WITHOUT_NAME)
        else:
            self._show_status(f"Working as {practitioner.label}")

    def recheck(self) -> None:
        """After a restore: the database may no longer hold the same profile under that id."""
        if self.current is None or self.current.id is None:
            return
        try:
            profile = self.database.store.practitioners.get(self.current.id)
        except NotFoundError:
            profile = None
        if profile is None or profile.name != self.current.name:
            self._act_as(None)
            self._show_status("That practitioner is not in the restored database: choose again")
        else:
            self._act_as(profile)

    def _edited(self, profile: Practitioner) -> None:
        # A changed name or role shows at once, and later saves carry the new profile.
        if self.current is not None and profile.id == self.current.id:
            self.choose(profile)

    def _act_as(self, practitioner: Practitioner | None) -> None:
        self.database.store.act_as(practitioner)
        self.current = practitioner
        self._show_label()
        self.changed.emit()

    def _show_label(self) -> None:
        button = self.window.practitioner_button
        button.setText(label_text(self.current).replace("&", "&&"))  # no mnemonic
        button.show()
