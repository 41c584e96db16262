"""Sub-commands over patient records: import, export, search."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.output import (
    emit_json,
    fail,
    output_problem,
    refuse_output,
    terminal_safe,
    write_output,
)
from planner.domain.wording import shorten

if TYPE_CHECKING:
    from planner.domain.history import Record


def register(commands: Any) -> None:
    p = commands.add_parser(
        "import", help="import case documents (JSON or JSON Lines, needleplan-case/1 or /2)"
    )
    p.add_argument(
        "file",
        type=Path,
        help="a case document (needleplan-case/1 or /2) as JSON, or JSON Lines of many: "
        "cases, whole patient histories and protocols, as export writes them",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser(
        "export", help="export every patient's whole history and the protocols as JSON Lines"
    )
    p.add_argument(
        "--patient", type=int, action="append", metavar="ID", help="only this patient (repeatable)"
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write here (.json for a single patient's document); default stdout",
    )
    p.add_argument(
        "--format",
        type=int,
        choices=(1, 2),
        default=None,  # None: 2, and --fhir can tell that it was not given
        help="2 (default): needleplan-case/2, each patient's every assessment and correction, "
        "plan and visit, and the clinic's protocols (left out with --patient); "
        "1: needleplan-case/1, each patient's current assessment and latest plan only",
    )
    p.add_argument(
        "--fhir",
        action="store_true",
        help="a FHIR R4 Bundle (JSON) of one patient's whole history instead: Patient, "
        "Conditions, Observations (NPRS, NDI), Encounters, Procedures, CarePlans; "
        "needs exactly one --patient",
    )
    p.add_argument(
        "--archive",
        type=Path,
        metavar="FILE.zip",
        help="one patient's archive instead (needs one --patient): their history "
        "(needleplan-case/2), a FHIR R4 Bundle, their audit trail and every handout PDF given",
    )
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("search", help="patients whose name matches, as the search box finds")
    p.add_argument("text", help="words the name's words start with (case and accents ignored)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_search)


def _store(args: argparse.Namespace) -> Any:
    from planner.cli.opening import open_cli_store

    return open_cli_store(args)


def cmd_import(args: argparse.Namespace) -> int:
    from datetime import date

    from planner.casefile import CaseFileError, LineProblem, RecordReader
    from planner.catalog.loader import load_catalog
    from planner.catalog.safety import record_gate_problems
    from planner.domain.errors import ValidationError

    if not args.file.is_file():
        return fail(f"{args.file}: no such file")
    catalog = load_catalog()

    def known_target(target: str) -> bool:  # unknown muscles and points, as review refuses
        return catalog.target(target) is not None

    today = date.today()
    # Read twice, keeping no record in memory. First, before the store opens: every bad
    # record named by line and field, the safety gate's refusals too (exit 2).
    RecordReader(
        args.file, today=today, known_target=known_target, check=record_gate_problems
    ).count()
    store = _store(args)
    try:
        # Then written in batches inside one transaction; the store gates each plan again,
        # and anything found wrong now (the file changed meanwhile, a protocol's name taken
        # in this database) rolls it all back.
        reader = RecordReader(args.file, today=today, known_target=known_target)
        try:
            result = store.histories.import_records(reader)
        except ValidationError as error:
            problems = [LineProblem(reader.line, p.field, p.message) for p in error.problems]
            raise CaseFileError(problems) from None
    finally:
        store.close()
    ids, protocols, kept = result.patients, result.protocols, result.protocols_kept
    if args.json:
        emit_json(
            {"imported": len(ids), "ids": list(ids), "protocols": protocols, "protocols_kept": kept}
        )
        return 0
    line = f"Imported {_count(len(ids), 'patient')}"
    if protocols:
        line += f" and {_count(protocols, 'protocol')}"
    line += "."
    if kept:
        same = "already here (same name, targets and notes), not added again"
        line += f" {_count(kept, 'protocol')} {same}."
    print(line)
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def cmd_export(args: argparse.Namespace) -> int:
    from itertools import chain

    from planner.casefile import write_case, write_records
    from planner.casefile.files import record_line

    out = args.output
    if args.archive is not None:  # first: it refuses --fhir rather than being ignored
        from planner.cli.archive import cmd_export_archive

        return cmd_export_archive(args)
    if args.fhir:
        return cmd_export_fhir(args)
    if out is not None and (refused := refuse_output("-o", out)) is not None:
        return refused  # before opening the store: a missing folder, a folder, a FIFO
    store = _store(args)
    try:
        if args.patient:
            for pid in args.patient:
                store.patients.get(pid)  # a clear error for an unknown id
        records: Iterable[Record]
        protocols = 0
        if args.format == 1:  # None: the default, 2
            records = store.cases.iter_cases(args.patient)
        else:
            records = store.histories.iter_histories(args.patient)
            if not args.patient:  # the clinic's protocols go with a whole export only
                protocols = store.histories.count_protocols()
                records = chain(store.histories.iter_protocols(), records)
        if out is not None and out.suffix == ".json":
            found = list(records)
            if len(found) != 1 or protocols:
                what = _count(len(found) - protocols, "patient")
                if protocols:
                    what += f" and {_count(protocols, 'protocol')}"
                return fail(f"{out}: a .json file holds one patient's case; use .jsonl for {what}")
            return _write("-o", out, lambda: write_case(found[0], out))
        if out is not None:
            # Private (0600), and whole or not at all: a full disk or a database gone
            # mid-export leaves `out` as it was.
            return _write("-o", out, lambda: write_records(records, out))
        for record in records:
            sys.stdout.write(record_line(record))
    finally:
        store.close()
    return 0


def cmd_export_fhir(args: argparse.Namespace) -> int:
    """`export --fhir --patient ID`: the patient's whole history as a FHIR R4 Bundle."""
    import json

    from planner.casefile.clinic import nice_cap_default
    from planner.casefile.fhir import patient_bundle
    from planner.catalog.handouts import default_clinic_path
    from planner.catalog.loader import load_catalog
    from planner.catalog.rules import load_rules

    if args.format is not None:
        return fail("--fhir: --format chooses a needleplan-case version; leave it out with --fhir")
    if not args.patient or len(args.patient) != 1:
        given = len(args.patient or [])
        return fail(f"--fhir: needs exactly one --patient ID ({given} given)")
    [pid] = args.patient
    out = args.output
    if out is not None and (refused := refuse_output("-o", out)) is not None:
        return refused
    catalog = load_catalog()
    rules = load_rules(catalog=catalog)
    clinic_cap = nice_cap_default(default_clinic_path())  # as `needleplan course` does
    store = _store(args)
    try:
        history = next(iter(store.histories.iter_histories([pid])), None)
    finally:
        store.close()
    if history is None:  # never stored, or deleted
        return fail(f"--patient: {pid} is not a patient in this database")
    bundle = patient_bundle(history, catalog, rules, patient_id=pid, clinic_nice_cap=clinic_cap)
    if out is None:
        emit_json(bundle)
        return 0
    text = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    # Private (0600), and whole or not at all, as every file of patient data.
    failed = write_output("-o", out, text.encode("utf-8"))
    return 0 if failed is None else failed


def _write(option: str, path: Path, write: Callable[[], None]) -> int:
    """0 once `write` wrote `path`, else one clear line naming the option (a full disk)."""
    try:
        write()
    except OSError as exc:
        return fail(output_problem(option, path, exc))
    return 0


SEARCH_LIMIT = 1000  # the most names one search prints


def cmd_search(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= SEARCH_LIMIT:
        return fail(f"--limit: {shorten(str(args.limit))} is not between 1 and {SEARCH_LIMIT}")
    store = _store(args)
    try:
        found = store.patients.search(args.text, limit=args.limit)
        total = store.patients.count(args.text)
    finally:
        store.close()
    if args.json:
        emit_json(
            {
                "total": total,
                "patients": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                    }
                    for p in found
                ],
            }
        )
        return 0
    for p in found:
        born = p.birth_date.isoformat() if p.birth_date else "-"
        # A name is the user's text: no escape code in it reaches the terminal.
        print(f"{p.id}\t{terminal_safe(p.name)}\t{born}")
    if total > len(found):
        print(f"... {total - len(found)} more; narrow the search or raise --limit")
    return 0
