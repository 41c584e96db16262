"""Edit › Settings…: the clinic details printed on the aftercare handout, and the course
planner's default for NICE NG193's 300-minute cap (clinic.json's nice_cap).

The form edits a ClinicDetails; planner.casefile.clinic checks it against the same schema the
command line reads clinic.json with, and writes it. Messages appear under their field. The
dialog is window-modal through open() (no nested loop) and asks before dropping typed changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import DomainError, FieldProblem, ValidationError
from planner.domain.handout import ClinicDetails, Paper
from planner.ui.shared.field_errors import FieldErrors, field_form
from planner.ui.shared.file_dialogs import choose_open_path

THUMBNAIL = QSize(160, 64)
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
}
ChooseLogo = Callable[[QWidget], "Path | None"]
ConfirmDiscard = Callable[[QWidget], bool]


def choose_logo_file(parent: QWidget) -> Path | None:
    return choose_open_path(parent, "Choose the clinic logo", "Pictures (*.png *.jpg *.jpeg)")


def readable_image(path: Path) -> bool:
    # QImageReader checks the header without decoding the whole picture.
    return QImageReader(str(path)).canRead()


class SettingsDialog(QDialog):
    """The clinic's details; Save writes clinic.json (folder injectable for tests)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        choose_logo: ChooseLogo = choose_logo_file,
        confirm_discard: ConfirmDiscard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._folder = folder
        self._choose_logo = choose_logo
        self._confirm_discard = confirm_discard
        self._logo: Path | None = None
        self._checked_once = False
        self.saved: ClinicDetails | None = None  # set once Save wrote the file

        intro = QLabel("These details appear at the top of every aftercare handout.")
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Riverside Acupuncture")
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(THUMBNAIL)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_button = QPushButton("Choose…")
        self.remove_logo_button = QPushButton("Remove")
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

        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(self.logo_button)
        buttons_column.addWidget(self.remove_logo_button)
        buttons_column.addStretch(1)
        logo_layout.addLayout(buttons_column)
        logo_layout.addStretch(1)

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
        add_row(form, "logo", "&Logo", logo_row, self.logo_button)
        add_row(form, "address", "&Address", self.address_edit)
        add_row(form, "phone", "&Phone", self.phone_edit)
        add_row(form, "emergency_number", "&Emergency number", self.emergency_edit)
        add_row(form, "practitioner", "P&ractitioner", self.practitioner_edit)
        add_row(form, "paper", "Paper si&ze", self.paper_combo)
        add_row(form, "large_print", "", self.large_print_check)
        add_row(form, "nice_cap", "Course planner", self.nice_cap_check)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        for edit in (self.name_edit, self.phone_edit, self.emergency_edit, self.practitioner_edit):
            edit.textChanged.connect(self._recheck)
        self.address_edit.textChanged.connect(self._recheck)

        self._loaded = self._read()
        self._loaded_nice_cap = self._read_nice_cap()
        self.load(self._loaded)
        self.nice_cap_check.setChecked(self._loaded_nice_cap)

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

    def load(self, details: ClinicDetails) -> None:
        self.name_edit.setText(details.name)
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
            name=self.name_edit.text().strip(),
            logo=self._logo,
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

    def is_dirty(self) -> bool:
        return self.details() != self._loaded or self.nice_cap() != self._loaded_nice_cap

    def problems(self) -> list[FieldProblem]:
        from planner.casefile.clinic import clinic_problems

        found = clinic_problems(self.details())
        if self._logo is not None and self._logo.is_file() and not readable_image(self._logo):
            found.append(FieldProblem("logo", "is not a picture Needleplan can read"))
        return found

    # --- the logo -------------------------------------------------------------------------

    def choose_logo(self) -> None:
        path = self._choose_logo(self)
        if path is not None:
            self.set_logo(path)
            self._recheck()

    def set_logo(self, path: Path | None) -> None:
        self._logo = path
        self.remove_logo_button.setEnabled(path is not None)
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo" if path is None else "Cannot show")
        else:
            inner = THUMBNAIL - QSize(8, 8)
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    inner,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.logo_preview.setToolTip(str(path) if path is not None else "")

    # --- feedback -------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> None:
        self.field_errors.show(problems, focus=focus)

    def error_text(self, field: str) -> str:
        return self.field_errors.error_text(field)

    def show_banner(self, text: str) -> None:
        self.field_errors.show_banner(text)

    # --- flow -----------------------------------------------------------------------------

    def try_save(self) -> bool:
        """Save: refuse while a field is wrong; otherwise write clinic.json and close."""
        from planner.casefile.clinic import save_clinic

        self._checked_once = True
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return False
        try:
            self.saved = save_clinic(self.details(), self._folder, nice_cap=self.nice_cap())
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return False
        except (DomainError, OSError) as exc:
            self.show_banner(f"Could not save the settings: {exc}")
            return False
        self._loaded = self.details()
        self._loaded_nice_cap = self.nice_cap()
        super().accept()
        return True

    def accept(self) -> None:
        # Enter in a line edit presses the default button: route it through the checks.
        self.try_save()

    def reject(self) -> None:
        """Cancel, Escape or the close box: never drop typed changes without asking."""
        if self.is_dirty() and not self._ask_discard():
            return
        super().reject()

    def _ask_discard(self) -> bool:
        if self._confirm_discard is None:
            from planner.ui.shared.prompts import Prompts

            return Prompts().confirm_discard(self)
        return self._confirm_discard(self)

    def _recheck(self) -> None:
        if self._checked_once:
            self.show_problems(self.problems(), focus=False)
