"""A practitioner's profile: name, role, registration number and, on PostgreSQL, the database
role they log in as (on SQLite there are no roles: the row shows only a value already set).

The rules are the domain's (validate_practitioner) and the store's (a role has one profile);
this form places their messages under the fields. Save hands the profile to `save` (the
store's add or update) and closes only once it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import DomainError, FieldProblem, ValidationError
from planner.domain.practitioner import (
    NAME_MAX,
    REGISTRATION_MAX,
    ROLE_MAX,
    Practitioner,
    validate_practitioner,
)
from planner.ui.shared.field_errors import FieldErrors, field_form
from planner.ui.shared.guarded_dialog import ConfirmDiscard, GuardedDialog

LABELS = {
    "name": "Name",
    "role": "Role",
    "registration": "Registration number",
    "db_role": "Database role",
}
SaveProfile = Callable[[Practitioner], Practitioner]


def grow_to_fit(dialog: QDialog) -> None:
    """Taller when messages appeared under fields: a window's layout does not grow it for
    wrapped text, and the second line would be cut off."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


class PractitionerForm(GuardedDialog):
    """New or edit one profile; `saved` holds the stored profile once Save succeeded."""

    def __init__(
        self,
        save: SaveProfile,
        practitioner: Practitioner | None = None,
        parent: QWidget | None = None,
        *,
        postgres: bool,
        confirm_discard: ConfirmDiscard | None = None,
    ) -> None:
        super().__init__(parent, confirm_discard)
        self._save = save
        self._loaded = practitioner or Practitioner(name="")
        self.saved: Practitioner | None = None
        editing = practitioner is not None and practitioner.id is not None
        self.setWindowTitle("Edit practitioner" if editing else "New practitioner")
        self.setMinimumWidth(520)

        self.name_edit = QLineEdit(self._loaded.name)
        self.name_edit.setMaxLength(NAME_MAX + 50)  # over the rule, so the rule's message shows
        self.name_edit.setPlaceholderText("As it should appear in the records")
        self.role_edit = QLineEdit(self._loaded.role)
        self.role_edit.setMaxLength(ROLE_MAX + 50)
        self.role_edit.setPlaceholderText("e.g. Physiotherapist, Acupuncturist")
        self.registration_edit = QLineEdit(self._loaded.registration)
        self.registration_edit.setMaxLength(REGISTRATION_MAX + 50)
        self.registration_edit.setPlaceholderText("Your professional register's number")
        self.db_role_edit = QLineEdit(self._loaded.db_role)
        self.db_role_edit.setPlaceholderText("e.g. sam_okafor")
        self.db_role_edit.setToolTip(
            "The PostgreSQL role this practitioner logs in as: Needleplan then knows who is "
            "working without asking"
        )
        self.db_role_edit.setReadOnly(not postgres)

        self.field_errors = FieldErrors(
            wording=lambda p: f"{LABELS.get(p.field, p.field)} {p.message}",
            select_on_focus=True,
        )
        self.banner = self.field_errors.banner
        add_row = self.field_errors.add_row
        form = field_form()
        add_row(form, "name", "&Name", self.name_edit)
        add_row(form, "role", "&Role", self.role_edit)
        add_row(form, "registration", "Re&gistration number", self.registration_edit)
        add_row(form, "db_role", "&Database role", self.db_role_edit)
        # SQLite has no roles: the row is noise there unless a value came with the profile.
        cell = self.db_role_edit.parentWidget()
        if cell is not None:
            form.setRowVisible(cell, postgres or bool(self._loaded.db_role))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)

        for edit in (self.name_edit, self.role_edit, self.registration_edit, self.db_role_edit):
            edit.textChanged.connect(self.recheck)
        self.name_edit.setFocus()

    def practitioner(self) -> Practitioner:
        return Practitioner(
            name=self.name_edit.text(),
            role=self.role_edit.text(),
            registration=self.registration_edit.text(),
            db_role=self.db_role_edit.text(),
            id=self._loaded.id,
        )

    def is_dirty(self) -> bool:
        return self.practitioner() != self._loaded

    def problems(self) -> list[FieldProblem]:
        try:
            validate_practitioner(self.practitioner())
        except ValidationError as exc:
            return list(exc.problems)
        return []

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> None:
        self.field_errors.show(problems, focus=focus)
        grow_to_fit(self)

    def error_text(self, field: str) -> str:
        return self.field_errors.error_text(field)

    def submit(self) -> object:
        return self.try_save()

    def try_save(self) -> bool:
        """Save: refuse while a field is wrong; otherwise store the profile and close."""
        self._checked_once = True
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return False
        try:
            self.saved = self._save(self.practitioner())
        except ValidationError as exc:  # the store's own refusal, e.g. a role taken
            self.show_problems(exc.problems)
            return False
        except DomainError as exc:
            self.field_errors.show_banner(f"Could not save the practitioner: {exc}")
            return False
        self._loaded = self.practitioner()
        self.close_saved()
        return True
