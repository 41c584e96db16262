"""The shipped screening (catalog and rules) applied to a case, for the doors that are not
screens: the store and the import. The decision itself is planner.domain.gate's."""

from __future__ import annotations

from datetime import datetime

from planner.catalog.loader import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.case import Case
from planner.domain.errors import FieldProblem
from planner.domain.findings import Finding
from planner.domain.gate import describe_stop, stopping_findings
from planner.domain.history import PatientHistory, Record, gated_cases
from planner.domain.screening import screen_case


def case_findings(case: Case) -> list[Finding]:
    """The case's findings under the shipped rules, overrides and clearances applied."""
    catalog = load_catalog()
    return screen_case(case, catalog, load_rules(catalog=catalog))


def gate_problems(case: Case) -> list[FieldProblem]:
    """The gate's decision as field problems, for an import that reports by line."""
    if case.plan is None:
        return []
    stop = stopping_findings(case_findings(case))
    return [FieldProblem("plan", f"cannot be imported: {describe_stop(stop)}")] if stop else []


def history_gate_problems(
    history: PatientHistory, *, now: datetime | None = None
) -> list[FieldProblem]:
    """gate_problems for each plan of a history, judged as when it was recorded (against the
    assessment then current: planner.domain.history), named plans[i]."""
    problems = []
    for i, case in gated_cases(history, now=now):
        stop = stopping_findings(case_findings(case))
        if stop:
            message = (
                "cannot be imported: with the assessment current when it was saved, "
                + describe_stop(stop)
            )
            problems.append(FieldProblem(f"plans[{i}]", message))
    return problems


def record_gate_problems(record: Record) -> list[FieldProblem]:
    """The gate's decision about any record of a case file (a protocol has no plan)."""
    if isinstance(record, PatientHistory):
        return history_gate_problems(record)
    if isinstance(record, Case):
        return gate_problems(record)
    return []
