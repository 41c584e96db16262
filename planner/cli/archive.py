"""`needleplan export --archive FILE.zip --patient ID`: one patient's archive."""

from __future__ import annotations

import argparse

from planner.cli.output import fail, output_problem, refuse_output


def cmd_export_archive(args: argparse.Namespace) -> int:
    from planner.casefile.archive import write_patient_archive
    from planner.cli.opening import open_cli_store

    if args.fhir or args.format is not None or args.output is not None:
        return fail("--archive: writes one zip; leave out --fhir, --format and -o")
    if not args.patient or len(args.patient) != 1:
        return fail(f"--archive: needs exactly one --patient ID ({len(args.patient or [])} given)")
    if (refused := refuse_output("--archive", args.archive)) is not None:
        return refused
    [pid] = args.patient
    store = open_cli_store(args)
    try:
        try:
            write_patient_archive(store, pid, args.archive)
        except OSError as exc:
            return fail(output_problem("--archive", args.archive, exc))
    finally:
        store.close()
    print(f"Wrote the archive of patient {pid} to {args.archive}.")
    return 0
