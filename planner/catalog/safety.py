"""The shipped screening (catalog and rules) applied to a case, for the doors that are not
screens: the store and the import. The decision itself is planner.domain.gate's."""

from __future__ import annotations

from planner.catalog.loader import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.case import Case
from planner.domain.errors import FieldProblem
from planner.domain.findings import Finding
from planner.domain.gate import describe_stop, stopping_findings
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
