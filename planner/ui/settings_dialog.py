"""Edit › Settings…: the clinic details printed on the aftercare handout, and the course
planner's defaults: NICE NG193's 300-minute cap (clinic.json's nice_cap) and whose public
holidays it offers as skip dates (public_holidays); and the automatic backups (Settings'
backup/* keys, planner.ui.backup_fields). The first start shows it as a welcome that can be
skipped (as_first_run), without the backups.

The form edits a ClinicDetails; planner.casefile.clinic checks it against the same schema the
command line reads clinic.json with, and writes it. Messages appear under their field. The
dialog is window-modal through open() (no nested loop) and asks before dropping typed changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.casefile.clinic import HolidayPlace
from planner.domain.errors import DomainError, FieldProblem, ValidationError
from planner.domain.handout import ClinicDetails, Paper
from planner.ui.backup_fields import (
    BackupFields,
    ChooseFolder,
    choose_backup_folder,
    read_choice,
    write_choice,
)
from planner.ui.holiday_fields import HolidayPlaceFields
from planner.ui.logo_field import ChooseLogo, LogoField, choose_logo_file, readable_image
from planner.ui.shared.field_errors import FieldErrors, field_form
from planner.ui.shared.guarded_dialog import ConfirmDiscard, GuardedDialog
from planner.ui.shared.settings import Settings

PAPER_LABELS = {Paper.A4: "A4 (210 × 297 mm)", Paper.LETTER: "US Letter (8.5 × 11 in)"}
LABELS = {
    "name": "Clinic name",
    "logo": "Logo",
    "address": "Address",
    "phone": "Phone",
    "emergency_number": "Emergency number",
    "practitioner": "Practitioner",
    "paper": "Paper size",
    "large_print": "Large print",
    "nice_cap": "NICE NG193 cap",
    "holiday_country": "Public holidays",
    "backup_folder": "Backup folder",
}
DEFAULT_NAME = ClinicDetails().name  # never shown as text: the empty field says "not set"
FIRST_RUN_INTRO = (
    "Before the first patient: the clinic's name and phone number go on every aftercare "
    "handout, under “Call us if you notice”. You can fill them in later in Edit › Settings."
)


class SettingsDialog(GuardedDialog):
    """The clinic's details and the backups; Save writes clinic.json and the settings
    (folder, settings and the folder chooser injectable for tests)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        choose_logo: ChooseLogo = choose_logo_file,
        confirm_discard: ConfirmDiscard | None = None,
        settings: Settings | None = None,
        choose_folder: ChooseFolder = choose_backup_folder,
    ) -> None:
        super().__init__(parent, confirm_discard)
        self._settings = settings if settings is not None else Settings()
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._folder = folder
        self._choose_logo = choose_logo
        self.saved: ClinicDetails | None = None  # set once Save wrote the file

        self.intro = intro = QLabel("These details appear at the top of every aftercare handout.")
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Riverside Acupuncture")
        self.logo_field = LogoField(choose_logo)
        self.logo_preview = self.logo_field.preview
        self.logo_button = self.logo_field.choose_button
        self.remove_logo_button = self.logo_field.remove_button
        self.address_edit = QPlainTextEdit()
        self.address_edit.setPlaceholderText("Street, town, postcode")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(68)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("Printed under “Call us if you notice”")
        self.emergency_edit = QLineEdit()
        self.emergency_edit.setPlaceholderText("e.g. 911, 999 or 112")
        self.emergency_edit.setMaximumWidth(160)
        self.practitioner_edit = QLineEdit()
        self.practitioner_edit.setPlaceholderText("Name printed under the note")
        self.paper_combo = QComboBox()
        for paper, label in PAPER_LABELS.items():
            self.paper_combo.addItem(label, paper.value)
        self.large_print_check = QCheckBox("Print handouts in large type (14.5 pt) by default")
        self.nice_cap_check = QCheckBox(
            "Keep new courses within NICE NG193's 300 minutes of clinician time"
        )
        self.nice_cap_check.setToolTip(
            "The default for a new course (ages 16 and over); each course can change it on the "
            "Course page. Chronic pain courses always show their total minutes against NG193."
        )
        self.holiday_fields = HolidayPlaceFields()

        # Messages under the fields, by field as ClinicDetails and clinic_problems name it;
        # only the text boxes get the red outline.
        self.field_errors = FieldErrors(
            wording=lambda p: f"{LABELS.get(p.field, p.field)} {p.message}",
            outline=lambda w: isinstance(w, QLineEdit | QPlainTextEdit),
        )
        self.banner = self.field_errors.banner  # problems that name no field
        add_row = self.field_errors.add_row
        form = field_form(captions_on_top=True)
        add_row(form, "name", "Clinic &name", self.name_edit)
        add_row(form, "logo", "&Logo", self.logo_field, self.logo_button)
        add_row(form, "address", "&Address", self.address_edit)
        add_row(form, "phone", "&Phone", self.phone_edit)
        add_row(form, "emergency_number", "&Emergency number", self.emergency_edit)
        add_row(form, "practitioner", "P&ractitioner", self.practitioner_edit)
        add_row(form, "paper", "Paper si&ze", self.paper_combo)
        add_row(form, "large_print", "", self.large_print_check)
        add_row(form, "nice_cap", "Course planner", self.nice_cap_check)
        add_row(
            form,
            "holiday_country",
            "Public &holidays",
            self.holiday_fields,
            self.holiday_fields.country_combo,
        )

        self.backup_fields = BackupFields(add_row, choose_folder=choose_folder)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.backup_fields)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # once inside the dialog, or the dialog ignores it

        self.logo_field.chosen.connect(self.recheck)
        for edit in (self.name_edit, self.phone_edit, self.emergency_edit, self.practitioner_edit):
            edit.textChanged.connect(self.recheck)
        self.address_edit.textChanged.connect(self.recheck)
        self.backup_fields.changed.connect(self.recheck)

        self._loaded = self._read()
        self._loaded_nice_cap = self._read_nice_cap()
        self._loaded_place = self._read_holiday_place()
        self.load(self._loaded)
        self.nice_cap_check.setChecked(self._loaded_nice_cap)
        self.holiday_fields.set_place(self._loaded_place)
        self._loaded_backups = read_choice(self._settings)
        self.backup_fields.load(self._loaded_backups)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.backup_fields.align_fields_with(self.name_edit)

    def as_first_run(self) -> None:
        """The first start's welcome: the same form, with Skip for now instead of Cancel."""
        self.setWindowTitle("Your clinic's details")
        self.intro.setText(FIRST_RUN_INTRO)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("&Skip for now")
        cancel.setToolTip("The handout says “Your clinic” until the details are filled in")
        self.backup_fields.hide()  # a welcome about the clinic; Edit › Settings has them
        # Already shown with them: no gaps where they were, and centred again for the new
        # height (within the screen).
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.adjustPosition(parent)
        self.name_edit.setFocus()

    # --- values ---------------------------------------------------------------------------

    def _read(self) -> ClinicDetails:
        from planner.casefile.clinic import clinic_file, read_clinic

        try:
            return read_clinic(self._folder)
        except DomainError as exc:
            # A damaged file must not lock the user out of fixing it: start from defaults.
            self.show_banner(
                f"{clinic_file(self._folder)} could not be read ({exc}). "
                "Saving replaces it with the values below."
            )
            return ClinicDetails()

    def _read_nice_cap(self) -> bool:
        from planner.casefile.clinic import read_nice_cap

        try:
            return read_nice_cap(self._folder)
        except DomainError:
            return False  # the banner above already says the file could not be read

    def _read_holiday_place(self) -> HolidayPlace | None:
        from planner.casefile.clinic import read_holiday_place

        try:
            return read_holiday_place(self._folder)
        except DomainError:
            return None  # as above

    def load(self, details: ClinicDetails) -> None:
        # The default name stays a placeholder: typed text that is "Your clinic" never shows.
        self.name_edit.setText("" if details.name == DEFAULT_NAME else details.name)
        self.set_logo(details.logo)
        self.address_edit.setPlainText(details.address)
        self.phone_edit.setText(details.phone)
        self.emergency_edit.setText(details.emergency_number)
        self.practitioner_edit.setText(details.practitioner)
        self.paper_combo.setCurrentIndex(max(self.paper_combo.findData(str(details.paper)), 0))
        self.large_print_check.setChecked(details.large_print)
        self._checked_once = False
        self.show_problems([], focus=False)

    def details(self) -> ClinicDetails:
        """The form's values (text trimmed: stray spaces never reach the handout)."""
        return replace(
            self._loaded,
            name=self.name_edit.text().strip() or DEFAULT_NAME,
            logo=self.logo_field.path,
            address=self.address_edit.toPlainText().strip(),
            phone=self.phone_edit.text().strip(),
            emergency_number=self.emergency_edit.text().strip(),
            practitioner=self.practitioner_edit.text().strip(),
            paper=Paper(self.paper_combo.currentData()),
            large_print=self.large_print_check.isChecked(),
        )

    def nice_cap(self) -> bool:
        """The course planner's default for NICE NG193's cap, as ticked."""
        return self.nice_cap_check.isChecked()

    def holiday_place(self) -> HolidayPlace | None:
        """Whose public holidays the course planner offers, as chosen (None: nobody's)."""
        return self.holiday_fields.place()

    def is_dirty(self) -> bool:
        return (
            self.details() != self._loaded
            or self.nice_cap() != self._loaded_nice_cap
            or self.holiday_place() != self._loaded_place
            or self.backup_fields.choice() != self._loaded_backups
        )

    def problems(self) -> list[FieldProblem]:
        from planner.casefile.clinic import clinic_problems, holiday_place_problems

        found = clinic_problems(self.details())
        # The region shares the country's row: its message goes there too.
        found += [
            FieldProblem("holiday_country", p.message)
            for p in holiday_place_problems(self.holiday_place())
        ]
        logo = self.logo_field.path
        if logo is not None and logo.is_file() and not readable_image(logo):
            found.append(FieldProblem("logo", "is not a picture Needleplan can read"))
        return found + self.backup_fields.problems()

    # --- the logo -------------------------------------------------------------------------

    def choose_logo(self) -> None:
        self.logo_field.choose()

    def set_logo(self, path: Path | None) -> None:
        self.logo_field.set_path(path)

    # --- feedback -------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> None:
        self.field_errors.show(problems, focus=focus)

    def error_text(self, field: str) -> str:
        return self.field_errors.error_text(field)

    def show_banner(self, text: str) -> None:
        self.field_errors.show_banner(text)

    # --- flow -----------------------------------------------------------------------------

    def submit(self) -> object:
        return self.try_save()

    def try_save(self) -> bool:
        """Save: refuse while a field is wrong; otherwise write clinic.json and close."""
        from planner.casefile.clinic import save_clinic

        self._checked_once = True
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return False
        try:
            self.saved = save_clinic(
                self.details(),
                self._folder,
                nice_cap=self.nice_cap(),
                holiday_place=self.holiday_place(),
            )
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return False
        except (DomainError, OSError) as exc:
            self.show_banner(f"Could not save the settings: {exc}")
            return False
        self._loaded = self.details()
        self._loaded_nice_cap = self.nice_cap()
        self._loaded_place = self.holiday_place()
        self._loaded_backups = self.backup_fields.choice()
        write_choice(self._settings, self._loaded_backups)
        self.close_saved()
        return True
