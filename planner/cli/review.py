"""`needleplan review CASE.json`: the safety screening of one case, without a database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.course import add_clinic_option, course_lines, nice_cap_for, review_course
from planner.cli.output import emit_json, fail

if TYPE_CHECKING:
    from planner.domain.findings import Finding


def register(commands: Any) -> None:
    p = commands.add_parser(
        "review", help="screen a case document and print the findings (and the course)"
    )
    p.add_argument(
        "case",
        type=Path,
        help="a case document holding one patient: needleplan-case/1, or /2 as "
        "export -o FILE.json writes",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_clinic_option(p)
    p.set_defaults(handler=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    # Imported here so `needleplan --help` and the GUI do not pay for them.
    from planner.casefile import read_cases
    from planner.catalog import load_catalog
    from planner.catalog.rules import load_rules
    from planner.domain.findings import unmatched_clearances, unmatched_overrides
    from planner.domain.screening import screen_case

    if not args.case.is_file():
        return fail(f"{args.case}: no such file")
    if args.clinic is not None and not args.clinic.is_file():
        return fail(f"--clinic: {args.clinic}: no such file")
    catalog = load_catalog()
    rules = load_rules()
    # CaseFileError (a DomainError) names the line and field; main() prints it, exit 2.
    cases = read_cases(args.case, known_target=lambda t: catalog.target(t) is not None)
    if len(cases) != 1:
        return fail(f"{args.case}: review takes one case; the file holds {len(cases)}")
    case = cases[0]
    findings = screen_case(case, catalog, rules)
    # On stderr in both modes, so --json output stays one JSON document.
    for o in unmatched_overrides(findings, case.plan.overrides if case.plan else ()):
        print(
            f"needleplan: warning: the override of {o.rule!r} at {o.target!r} matches no "
            "block finding, so it changes nothing; check the rule id and the target (a red flag "
            "is lifted only by a clearance)",
            file=sys.stderr,
        )
    for c in unmatched_clearances(findings, case.assessment.clearances if case.assessment else ()):
        print(
            f"needleplan: warning: the clearance of {c.rule!r} matches no red flag raised, so "
            "it changes nothing; check the rule id",
            file=sys.stderr,
        )
    # None while the safety gate stops the plan, or the case lacks dates.
    course = review_course(case, findings, nice_cap_for(case, None, args.clinic))
    if args.json:
        emit_json(
            {
                "findings": [_finding_json(f) for f in findings],
                "course": course.as_json() if course is not None else None,
            }
        )
        return 0
    for f in findings:
        print(_finding_line(f))
    if not findings:
        print("No findings.")
    if course is not None:
        print("\n".join(course_lines(course)))
    return 0


def _finding_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": str(f.severity),
        "targets": list(f.targets),
        "message": f.message,
        "source": f.source,
    }
    if f.overridden_by is not None:
        out["overridden_by"] = f.overridden_by
    if f.cleared_by is not None:
        out["cleared_by"] = f.cleared_by
    return out


def _finding_line(f: Finding) -> str:
    targets = f" [{', '.join(f.targets)}]" if f.targets else ""
    overridden = f" OVERRIDDEN: {f.overridden_by}" if f.overridden_by is not None else ""
    cleared = f" CLEARED: {f.cleared_by}" if f.cleared_by is not None else ""
    head = f"{str(f.severity).upper()} {f.rule}{targets}"
    return f"{head}: {f.message} ({f.source}){overridden}{cleared}"
