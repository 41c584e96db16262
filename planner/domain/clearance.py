"""Red-flag clearance: the only way a `refer` finding is lifted.

A red flag means stop and refer. It stands until a clearance is recorded with the assessment:
who cleared the patient (name and role, such as the patient's doctor), the date and a note.
A per-target override or a change to the course never lifts it (ARCHITECTURE.md, the safety
gate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain import wording
from planner.domain.bounds import date_problem
from planner.domain.errors import FieldProblem

NAME_MAX = 200
ROLE_MAX = 100
NOTE_MAX = 2_000


@dataclass(frozen=True)
class Clearance:
    """`rule` is the id of the refer finding cleared (e.g. 'red-flag-myelopathy-signs')."""

    rule: str
    cleared_by: str  # a person's name
    role: str  # e.g. "GP", "neurologist", "the patient's doctor"
    date: dt.date
    note: str

    def as_dict(self) -> dict[str, str]:
        """As the case document, the database and drafts store it (the date ISO)."""
        return {
            "rule": self.rule,
            "cleared_by": self.cleared_by,
            "role": self.role,
            "date": self.date.isoformat(),
            "note": self.note,
        }

    def describe(self) -> str:
        """One line for findings and reports: who, in which role, when, and the note."""
        return (
            f"cleared by {self.cleared_by.strip()} ({self.role.strip()}) on "
            f"{self.date.isoformat()}: {self.note.strip()}"
        )


def clearances_by_rule(clearances: Iterable[Clearance]) -> dict[str, Clearance]:
    """The clearance that lifts each rule: the first one for it with every field filled in
    (an incomplete clearance lifts nothing)."""
    by_rule: dict[str, Clearance] = {}
    for c in clearances:
        if all(v.strip() for v in (c.rule, c.cleared_by, c.role, c.note)):
            by_rule.setdefault(c.rule.strip(), c)
    return by_rule


def clearance_problems(
    c: Clearance, *, today: dt.date, prefix: str = "clearances[0]."
) -> list[FieldProblem]:
    """Every rule one clearance breaks: all four of who, role, date and note are required."""
    problems: list[FieldProblem] = []
    for name, value, limit in (
        ("rule", c.rule, 100),
        ("cleared_by", c.cleared_by, NAME_MAX),
        ("role", c.role, ROLE_MAX),
        ("note", c.note, NOTE_MAX),
    ):
        if not value.strip():
            problems.append(FieldProblem(prefix + name, wording.REQUIRED))
        elif len(value) > limit:
            problems.append(FieldProblem(prefix + name, wording.too_long(limit)))
    if (problem := date_problem(c.date)) is not None:
        problems.append(FieldProblem(prefix + "date", problem))
    elif c.date > today:
        problems.append(FieldProblem(prefix + "date", wording.in_future(c.date)))
    return problems
