"""How domain values read on screen: labels, dates and ages (presentation only, no rules)."""

from __future__ import annotations

from datetime import date

from planner.domain.patient import Patient
from planner.domain.vocab import Sex

SEX_LABELS: dict[Sex, str] = {
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    Sex.OTHER: "Other",
    Sex.UNKNOWN: "Not stated",
}

# Field ids used by planner.domain.patient.patient_problems -> the label shown beside them.
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "birth_date": "Birth date",
    "sex": "Sex",
    "phone": "Phone",
    "email": "Email",
    "notes": "Notes",
}


def sex_label(sex: Sex) -> str:
    return SEX_LABELS.get(sex, str(sex).capitalize())


def long_date(value: date) -> str:
    """'2 March 1984': unambiguous in every locale, unlike 02/03/1984."""
    return f"{value.day} {value:%B %Y}"


def age_on(birth_date: date, today: date) -> int:
    """Completed years on `today`."""
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)


def age_text(patient: Patient, today: date) -> str:
    """'41 years (born 2 March 1984)' or 'Birth date not known'."""
    if patient.birth_date is None:
        return "Birth date not known"
    if patient.birth_date > today:
        return f"Born {long_date(patient.birth_date)}"
    years = age_on(patient.birth_date, today)
    unit = "year" if years == 1 else "years"
    return f"{years} {unit} (born {long_date(patient.birth_date)})"


def problem_text(field: str, message: str) -> str:
    """Domain messages omit their subject ('is required'); put the field's label in front."""
    return f"{FIELD_LABELS.get(field, field.replace('_', ' ').capitalize())} {message}"
