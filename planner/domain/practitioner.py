"""Who works with the records: a practitioner's profile, and the rules it must satisfy.

Every created or changed record carries its author (planner.store.audit). On PostgreSQL a
practitioner connects as their own database role (`db_role`), and the role is the author
the database itself writes into the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.domain.bounds import text_problem
from planner.domain.errors import FieldProblem, ValidationError

NAME_MAX = 200
ROLE_MAX = 100
REGISTRATION_MAX = 60
# A PostgreSQL role name as clinic-setup creates them: plain, so it needs no quoting.
_DB_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Practitioner:
    name: str
    role: str = ""  # e.g. "Physiotherapist", "Acupuncturist"
    registration: str = ""  # the professional register's number
    db_role: str = ""  # PostgreSQL role they connect as; "" on SQLite
    id: int | None = None

    @property
    def label(self) -> str:
        """The name with the role, as the History and the status bar show it."""
        return f"{self.name} ({self.role})" if self.role else self.name


def validate_practitioner(p: Practitioner) -> Practitioner:
    """The profile with its text trimmed; ValidationError naming each bad field."""
    clean = Practitioner(
        name=p.name.strip(),
        role=p.role.strip(),
        registration=p.registration.strip(),
        db_role=p.db_role.strip(),
        id=p.id,
    )
    problems: list[FieldProblem] = []
    limits = {"name": NAME_MAX, "role": ROLE_MAX, "registration": REGISTRATION_MAX}
    for field, limit in limits.items():
        value = getattr(clean, field)
        if len(value) > limit:
            problems.append(FieldProblem(field, f"is longer than {limit} characters"))
        elif (problem := text_problem(value)) is not None:
            problems.append(FieldProblem(field, problem))
    if not clean.name:
        problems.append(FieldProblem("name", "is required"))
    if clean.db_role and not _DB_ROLE.match(clean.db_role):
        problems.append(
            FieldProblem(
                "db_role",
                "must be lower-case letters, digits and underscores, starting with a letter",
            )
        )
    if problems:
        raise ValidationError(problems)
    return clean
