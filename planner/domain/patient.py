"""A patient's identity and contact details, and the rules they must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from planner.domain.bounds import date_problem, text_problem
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.text import fold_words
from planner.domain.vocab import Sex

NAME_MAX = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[+0-9 ()./-]{3,40}$")
# The shipped sample case (resources/samples/sample-case.json) says this first in its notes;
# the app recognises the sample by it (no schema change: the notes are already stored).
SAMPLE_NOTE = "Fictional sample patient."


@dataclass(frozen=True)
class Patient:
    name: str
    birth_date: date | None = None
    sex: Sex = Sex.UNKNOWN
    phone: str = ""
    email: str = ""
    notes: str = ""
    id: int | None = None
    version: int = 0

    def search_terms(self) -> list[str]:
        """Folded words of the name: what the search box matches prefixes against."""
        return fold_words(self.name)

    @property
    def is_sample(self) -> bool:
        """The fictional patient of File > Open sample case (its notes start SAMPLE_NOTE)."""
        return self.notes.lstrip().startswith(SAMPLE_NOTE)

    def with_changes(self, **changes: object) -> Patient:
        return replace(self, **changes)  # type: ignore[arg-type]


def patient_problems(patient: Patient, *, today: date, prefix: str = "") -> list[FieldProblem]:
    """Every rule the patient breaks, each naming its field."""
    problems: list[FieldProblem] = []

    def add(field: str, message: str) -> None:
        problems.append(FieldProblem(prefix + field, message))

    name = patient.name.strip()
    if not name:
        add("name", "is required")
    elif len(name) > NAME_MAX:
        add("name", f"is longer than {NAME_MAX} characters")
    for field in ("name", "phone", "email", "notes"):
        problem = text_problem(getattr(patient, field))
        if problem is not None:
            add(field, problem)
    if patient.birth_date is not None:
        if (problem := date_problem(patient.birth_date)) is not None:
            add("birth_date", problem)
        elif patient.birth_date > today:
            add("birth_date", f"{patient.birth_date.isoformat()} is in the future")
        elif patient.birth_date.year < today.year - 130:
            add("birth_date", f"{patient.birth_date.isoformat()} is more than 130 years ago")
    if patient.phone.strip() and not _PHONE.match(patient.phone.strip()):
        add("phone", f"{patient.phone!r} is not a phone number (digits, spaces, + ( ) - . /)")
    if patient.email.strip() and not _EMAIL.match(patient.email.strip()):
        add("email", f"{patient.email!r} is not an email address")
    return problems


def validate_patient(patient: Patient, *, today: date | None = None) -> Patient:
    """Return the patient with surrounding whitespace trimmed, or raise ValidationError."""
    today = today or date.today()
    cleaned = replace(
        patient,
        name=" ".join(patient.name.split()),
        phone=patient.phone.strip(),
        email=patient.email.strip(),
    )
    problems = patient_problems(cleaned, today=today)
    if problems:
        raise ValidationError(problems)
    return cleaned
