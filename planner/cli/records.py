"""Sub-commands over patient records: import, export, search."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.cli.output import emit_json, fail, output_problem, refuse_output, terminal_safe
from planner.domain.wording import shorten


def register(commands: Any) -> None:
    p = commands.add_parser("import", help="import case documents (JSON or JSON Lines)")
    p.add_argument("file", type=Path, help="a needleplan-case/1 JSON file, or JSON Lines of many")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("export", help="export case documents as JSON Lines")
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
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("search", help="patients whose name matches, as the search box finds")
    p.add_argument("text", help="words the name's words start with (case and accents ignored)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_search)


def _store(args: argparse.Namespace) -> Any:
    from planner.store.database import open_store

    return open_store(args.database_url)


def cmd_import(args: argparse.Namespace) -> int:
    from datetime import date

    from planner.casefile import check_cases, iter_cases
    from planner.catalog.loader import load_catalog
    from planner.catalog.safety import gate_problems

    if not args.file.is_file():
        return fail(f"{args.file}: no such file")
    catalog = load_catalog()

    def known_target(target: str) -> bool:  # unknown muscles and points, as review refuses
        return catalog.target(target) is not None

    today = date.today()
    # Read twice, keeping no case in memory. First, before the store opens: every bad
    # record named by line and field, the safety gate's refusals too (exit 2).
    check_cases(args.file, today=today, known_target=known_target, check=gate_problems)
    store = _store(args)
    try:
        # Then written in batches inside one transaction; the store gates each plan again,
        # and anything found wrong now (the file changed meanwhile) rolls it all back.
        cases = iter_cases(args.file, today=today, known_target=known_target)
        ids = store.cases.import_stream(cases)
    finally:
        store.close()
    if args.json:
        emit_json({"imported": len(ids), "ids": list(ids)})
    else:
        print(f"Imported {len(ids)} patient{'s' if len(ids) != 1 else ''}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from planner.casefile import case_to_dict, write_case, write_cases

    out = args.output
    if out is not None and (refused := refuse_output("-o", out)) is not None:
        return refused  # before opening the store: a missing folder, a folder, a FIFO
    store = _store(args)
    try:
        if args.patient:
            for pid in args.patient:
                store.patients.get(pid)  # a clear error for an unknown id
        cases = store.cases.iter_cases(args.patient)
        if out is not None and out.suffix == ".json":
            found = list(cases)
            if len(found) != 1:
                return fail(f"{out}: a .json file holds one case; use .jsonl for {len(found)}")
            return _write("-o", out, lambda: write_case(found[0], out))
        if out is not None:
            # Private (0600), and whole or not at all: a full disk or a database gone
            # mid-export leaves `out` as it was.
            return _write("-o", out, lambda: write_cases(cases, out))
        import json

        for case in cases:
            sys.stdout.write(json.dumps(case_to_dict(case), ensure_ascii=False) + "\n")
    finally:
        store.close()
    return 0


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
