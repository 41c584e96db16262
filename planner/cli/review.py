"""`needleplan review CASE.json`: the safety screening of one case, without a database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.output import emit_json, fail

if TYPE_CHECKING:
    from planner.domain.screening import Finding


def register(commands: Any) -> None:
    p = commands.add_parser(
        "review", help="screen a case document and print the findings (and the course)"
    )
    p.add_argument("case", type=Path, help="a needleplan-case/1 JSON file holding one case")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    # Imported here so `needleplan --help` and the GUI do not pay for them.
    from planner.casefile import read_cases
    from planner.catalog import load_catalog
    from planner.catalog.rules import load_rules
    from planner.domain.screening import screen_case

    if not args.case.is_file():
        return fail(f"{args.case}: no such file")
    catalog = load_catalog()
    rules = load_rules()
    # CaseFileError (a DomainError) names the line and field; main() prints it, exit 2.
    cases = read_cases(args.case, known_target=lambda t: catalog.target(t) is not None)
    if len(cases) != 1:
        return fail(f"{args.case}: review takes one case; the file holds {len(cases)}")
    findings = screen_case(cases[0], catalog, rules)
    if args.json:
        emit_json({"findings": [_finding_json(f) for f in findings], "course": _course(findings)})
        return 0
    for f in findings:
        print(_finding_line(f))
    if not findings:
        print("No findings.")
    return 0


def _course(findings: list[Finding]) -> dict[str, Any] | None:
    from planner.domain.screening import has_unresolved_refer

    if has_unresolved_refer(findings):
        return None  # a standing red flag: no course until a practitioner overrides it
    return None  # the course planner comes later


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
    return out


def _finding_line(f: Finding) -> str:
    targets = f" [{', '.join(f.targets)}]" if f.targets else ""
    overridden = f" OVERRIDDEN: {f.overridden_by}" if f.overridden_by is not None else ""
    return f"{str(f.severity).upper()} {f.rule}{targets}: {f.message} ({f.source}){overridden}"
