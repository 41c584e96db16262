"""`needleplan handout CASE.json -o OUT.pdf`: the aftercare handout of one case as a PDF.

`--patient ID` prints it for a stored patient instead of a case file, and keeps the PDF
written in their record as a handout given (saved), with its audit entry; a case file has no
record to keep it in. The next visits are the `--next YYYY-MM-DD` dates when given, else the
next few dates of the recommended course.
A case with nothing planned, or with a red flag standing and no course override, gets no
sheet (exit 2), as on the Handout page: planner.casefile.handout_job decides for both.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.output import emit_json, fail, refuse_output, write_output

if TYPE_CHECKING:
    from planner.domain.case import Case
    from planner.domain.catalog import Catalog
    from planner.store.database import Store

NOTE_MAX = 2_000


def register(commands: Any) -> None:
    p = commands.add_parser("handout", help="print the aftercare handout of a case as a PDF")
    p.add_argument(
        "case", type=Path, nargs="?", help="a needleplan-case/1 JSON file holding one case"
    )
    p.add_argument("--patient", type=int, metavar="ID", help="a stored patient instead of a file")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--large-print", action="store_true", help="body text at 14.5 pt")
    p.add_argument("--paper", choices=["a4", "letter"], help="default: the clinic's, else A4")
    p.add_argument(
        "--clinic",
        type=Path,
        metavar="CLINIC.json",
        help="clinic details (default: clinic.json in your config folder, if present)",
    )
    p.add_argument("--note", default="", metavar="TEXT", help="a note from the practitioner")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the treatment date (default: today)")
    p.add_argument(
        "--next",
        action="append",
        default=[],
        metavar="YYYY-MM-DD",
        help="a next appointment (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="also print the handout content as JSON")
    p.set_defaults(handler=cmd_handout)


def cmd_handout(args: argparse.Namespace) -> int:
    if (args.case is None) == (args.patient is None):
        return fail("give a case file or --patient ID (one of them)")
    today = _date("--date", args.date) if args.date else date.today()
    next_visits = [_date("--next", raw) for raw in args.next]
    if today is None or None in next_visits:
        return 2
    if len(args.note) > NOTE_MAX:
        return fail(f"--note: is longer than {NOTE_MAX} characters")
    if args.output.suffix.lower() != ".pdf":
        return fail(f"-o: {args.output}: the file name should end in .pdf")
    refused = refuse_output("-o", args.output)  # before the work: a missing folder, a FIFO
    if refused is not None:
        return refused
    if args.clinic is not None and not args.clinic.is_file():
        return fail(f"--clinic: {args.clinic}: no such file")
    dates = today, [d for d in next_visits if d is not None]
    if args.patient is None:
        return _handout(args, None, *dates)
    from planner.cli.opening import open_cli_store

    # Opened as the command's practitioner (a bad --practitioner: one line, nothing written),
    # who is then the author of the handout kept as given.
    store = open_cli_store(args)
    try:
        return _handout(args, store, *dates)
    finally:
        store.close()


def _handout(
    args: argparse.Namespace, store: Store | None, today: date, next_visits: list[date]
) -> int:
    # Imported here so `needleplan --help` and the GUI do not pay for them.
    from planner import resources
    from planner.casefile.handout_job import prepare_handout
    from planner.catalog import load_catalog
    from planner.catalog.handouts import load_clinic
    from planner.catalog.rules import load_rules
    from planner.pdf import render_handout

    clinic = load_clinic(args.clinic)  # ValidationError names the field; main() exits 2
    # The catalog without its joined chart positions: the handout reads those from the
    # body chart itself (handout_job.chart_positions), the same data the app's chart draws.
    catalog = load_catalog(resources.path("catalog"))
    if store is not None:
        case: Case | None = store.cases.get_case(args.patient)  # NotFoundError: exit 2
    else:
        case = _read_case_file(args, catalog)
    if case is None:
        return 2
    # HandoutRefused (nothing planned, a red flag stands) is a DomainError: main() exits 2.
    job = prepare_handout(
        case,
        catalog=catalog,
        rules=load_rules(catalog=catalog),
        today=today,
        next_visits=next_visits,
    )
    handout = job.build(clinic=clinic, today=today, note=args.note)
    paper = args.paper or clinic.paper
    data = render_handout(handout, large_print=args.large_print or clinic.large_print, paper=paper)
    failed = write_output("-o", args.output, data)  # a full disk: one line, nothing written
    if failed is not None:
        return failed
    if store is not None:
        failed = _keep_given(args, store, data, case.plan.id if case.plan is not None else None)
        if failed is not None:
            return failed
    if args.json:
        emit_json(handout.as_dict())
    return 0


def _keep_given(
    args: argparse.Namespace, store: Store, pdf: bytes, plan_id: int | None
) -> int | None:
    """Keep the PDF written as the patient's handout given (saved); None when kept, else the
    exit code of one line saying the file stays written but is not in their history."""
    from sqlalchemy.exc import SQLAlchemyError

    from planner.cli import database_problem
    from planner.domain.errors import DomainError

    try:
        store.handouts.record_given(args.patient, pdf, how="saved", plan_id=plan_id)
    except (DomainError, SQLAlchemyError) as exc:
        reason = str(exc) if isinstance(exc, DomainError) else database_problem(exc)
        return fail(
            f"--patient: the handout was written to {args.output}, but it could not be kept "
            f"in the patient's history: {reason}"
        )
    return None


def _date(option: str, raw: str) -> date | None:
    try:
        if len(raw) != 10:
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        fail(f"{option}: {raw!r} is not a date (YYYY-MM-DD)")
        return None


def _read_case_file(args: argparse.Namespace, catalog: Catalog) -> Case | None:
    from planner.casefile import read_cases

    if not args.case.is_file():
        fail(f"{args.case}: no such file")
        return None
    cases = read_cases(args.case, known_target=lambda t: catalog.target(t) is not None)
    if len(cases) != 1:
        fail(f"{args.case}: a handout takes one case; the file holds {len(cases)}")
        return None
    return cases[0]
