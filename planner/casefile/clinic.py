"""The clinic's details (clinic.json in the user's config folder): read, check and write.

The command line reads the file with planner.catalog.handouts.load_clinic; the app's Settings
dialog writes it here, checked against the same schema (resources/schema/clinic.schema.json),
so whatever the dialog saves the command line reads back unchanged. The folder is a parameter
so tests never touch the real config folder.

clinic.json also holds two course planner settings: whether NICE NG193's 300-minute cap
applies to a plan that does not say (nice_cap; read_nice_cap), and whose public holidays are
offered as skip dates (public_holidays; read_holiday_place).

A logo is copied into the folder (logo.png, logo.jpg, ...) and stored by its relative name:
the file keeps working when the original picture is moved or the folder is copied to another
computer.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planner import resources
from planner.casefile.atomic import private_folder, write_atomically
from planner.catalog.handouts import CLINIC_FILE, CLINIC_SCHEMA, default_clinic_path, load_clinic
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.handout import ClinicDetails

LOGO_STEM = "logo"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")  # what ReportLab and Qt both read without plugins
# The largest logo read (about 64 MB decoded): a 12,000 x 12,000 picture took 1.6 GB.
LOGO_MAX_PIXELS = 4000 * 4000


@dataclass(frozen=True)
class HolidayPlace:
    """Whose public holidays: the `holidays` package's country code ("GB") and, optionally,
    its subdivision code ("SCT")."""

    country: str
    subdivision: str | None = None


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # save_clinic: leave that setting as saved


def default_folder() -> Path:
    """The user's config folder for Needleplan (it may not exist yet)."""
    return default_clinic_path().parent


def clinic_file(folder: Path | None = None) -> Path:
    return (folder or default_folder()) / CLINIC_FILE


def read_clinic(folder: Path | None = None) -> ClinicDetails:
    """The saved details, or neutral placeholders when nothing is saved yet.

    A damaged file raises ValidationError naming the field, as the command line reports it.
    """
    path = clinic_file(folder)
    return load_clinic(path) if path.is_file() else ClinicDetails()


def read_nice_cap(folder: Path | None = None) -> bool:
    """The clinic's default for NICE NG193's cap (see nice_cap_default)."""
    return nice_cap_default(clinic_file(folder))


def nice_cap_default(path: Path) -> bool:
    """clinic.json's nice_cap: whether a plan that does not say keeps within NICE NG193's
    300 minutes. False when the file or the key is missing; ValidationError naming the field
    when the file cannot be read or the schema refuses it."""
    document = _checked_document(path)
    return bool(document.get("nice_cap", False)) if document is not None else False


def read_holiday_place(folder: Path | None = None) -> HolidayPlace | None:
    """Whose public holidays the course planner offers as skip dates; None when not set.

    ValidationError naming the field when clinic.json cannot be read or the schema refuses
    it (as read_nice_cap). The code is the one chosen in Settings from the `holidays`
    package's list; this never imports that package."""
    document = _checked_document(clinic_file(folder))
    place = document.get("public_holidays") if document is not None else None
    if not place:
        return None
    return HolidayPlace(place["country"], place.get("subdivision") or None)


def _checked_document(path: Path) -> dict[str, Any] | None:
    """clinic.json's content, checked against the schema; None when there is no file."""
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError.single(path.name, f"cannot be read: {exc}") from None
    problems = _schema_problems(document)
    if problems:
        raise ValidationError(FieldProblem(f"{path.name}: {p.field}", p.message) for p in problems)
    return dict(document)


def clinic_document(
    details: ClinicDetails,
    logo_name: str | None,
    nice_cap: bool = False,
    holiday_place: HolidayPlace | None = None,
) -> dict[str, Any]:
    """clinic.json's content for `details`; empty optional fields are left out."""
    doc: dict[str, Any] = {"name": details.name}
    if logo_name:
        doc["logo"] = logo_name
    for key in ("address", "phone", "practitioner", "emergency_number"):
        value = getattr(details, key)
        if value:
            doc[key] = value
    doc["paper"] = str(details.paper)
    doc["large_print"] = details.large_print
    if nice_cap:
        doc["nice_cap"] = True
    if holiday_place is not None:
        place = {"country": holiday_place.country}
        if holiday_place.subdivision:
            place["subdivision"] = holiday_place.subdivision
        doc["public_holidays"] = place
    return doc


def holiday_place_problems(place: HolidayPlace | None) -> list[FieldProblem]:
    """A country or region the `holidays` package does not know (it is imported here), by
    the settings' field names, holiday_country and holiday_subdivision."""
    if place is None:
        return []
    from planner.catalog.holiday_regions import place_problems

    return place_problems(place.country, place.subdivision)


def clinic_problems(details: ClinicDetails) -> list[FieldProblem]:
    """Every field the schema refuses, named as the ClinicDetails field (for the form)."""
    problems = _schema_problems(clinic_document(details, "logo.png" if details.logo else None))
    if details.logo is not None:
        if details.logo.suffix.lower() not in LOGO_SUFFIXES:
            problems.append(FieldProblem("logo", "should be a PNG or JPEG picture"))
        elif not details.logo.is_file():
            problems.append(FieldProblem("logo", f"{details.logo.name}: no such file"))
        else:
            problem = logo_problem(details.logo)
            if problem is not None:
                problems.append(FieldProblem("logo", problem))
    return problems


def logo_size(path: Path) -> tuple[int, int]:
    """A picture's width and height in pixels, read from its header without decoding it.
    OSError (or PIL's UnidentifiedImageError, an OSError) when it is not a picture."""
    from PIL import Image

    with Image.open(path) as image:  # lazy: reads the header, not the pixels
        return image.size


def logo_problem(path: Path) -> str | None:
    """Why the picture at `path` cannot be the clinic's logo (too many pixels), or None.

    A picture whose header cannot be read is left to the handout, which says so when it
    prints."""
    try:
        width, height = logo_size(path)
    except (OSError, ValueError, SyntaxError):  # PIL's kinds for a damaged header
        return None
    if width * height > LOGO_MAX_PIXELS:
        return (
            f"{path.name} is {width:,} x {height:,} pixels; a logo may have at most "
            f"{LOGO_MAX_PIXELS // 1_000_000} million (such as 4,000 x 4,000)"
        )
    return None


def save_clinic(
    details: ClinicDetails,
    folder: Path | None = None,
    *,
    nice_cap: bool | None = None,
    holiday_place: HolidayPlace | _Keep | None = KEEP,
) -> ClinicDetails:
    """Write clinic.json (and copy the logo beside it); returns the details as read back.

    nice_cap is the course planner's default for NICE NG193's cap; None keeps the saved one.
    holiday_place is whose public holidays the course planner offers (None: nobody's);
    KEEP keeps the saved one.

    ValidationError (naming the fields) when the schema refuses a value; nothing is written
    then. The file appears whole or not at all.
    """
    problems = clinic_problems(details)
    if not isinstance(holiday_place, _Keep):
        problems += holiday_place_problems(holiday_place)
    if problems:
        raise ValidationError(problems)
    folder = folder or default_folder()
    if nice_cap is None:
        try:
            nice_cap = read_nice_cap(folder)
        except ValidationError:
            nice_cap = False  # a damaged file is replaced whole
    if isinstance(holiday_place, _Keep):
        try:
            holiday_place = read_holiday_place(folder)
        except ValidationError:
            holiday_place = None
    private_folder(folder)  # 0700: clinic.json and the logo are the clinic's own
    logo_name = _store_logo(details.logo, folder) if details.logo is not None else None
    if logo_name is None:
        _remove_old_logos(folder, keep=None)
    document = clinic_document(details, logo_name, nice_cap, holiday_place)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomically(folder / CLINIC_FILE, text.encode("utf-8"))
    return read_clinic(folder)


def _store_logo(source: Path, folder: Path) -> str:
    name = LOGO_STEM + source.suffix.lower()
    target = folder / name
    if source.resolve() != target.resolve():
        # Through a temporary file: a failed copy never leaves half a picture.
        with source.open("rb") as picture:
            write_atomically(target, iter(lambda: picture.read(1 << 16), b""))
    _remove_old_logos(folder, keep=name)
    return name


def _remove_old_logos(folder: Path, keep: str | None) -> None:
    # A logo saved earlier as logo.jpg must not linger when logo.png replaces it.
    for suffix in LOGO_SUFFIXES:
        old = folder / (LOGO_STEM + suffix)
        if old.name != keep:
            old.unlink(missing_ok=True)


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.path("schema", CLINIC_SCHEMA).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _schema_problems(document: dict[str, Any]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for error in _validator().iter_errors(document):
        where = ".".join(str(p) for p in error.absolute_path) or "(document)"
        problems.append(FieldProblem(where, _message(error)))
    return sorted(problems, key=lambda p: p.field)


def _message(error: Any) -> str:
    # The form's words: short, and about what to type, not about JSON.
    if error.validator == "minLength":
        return "is required"
    if error.validator == "maxLength":
        return f"is longer than {error.validator_value} characters"
    if error.validator == "enum":
        return f"should be one of {', '.join(map(str, error.validator_value))}"
    return str(error.message)
