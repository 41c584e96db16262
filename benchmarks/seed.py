"""A SQLite database of N synthetic patients, built once per benchmark folder."""

from __future__ import annotations

from pathlib import Path

from benchmarks.data import names
from planner.domain.case import Case
from planner.domain.patient import Patient


def seeded_database(workdir: Path, count: int) -> Path:
    db = workdir / f"patients-{count}.sqlite"
    if db.exists():
        return db
    from planner.store.database import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        store.cases.import_cases([Case(Patient(n)) for n in names(count)])
    finally:
        store.close()
    return db
