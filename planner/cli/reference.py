"""`needleplan catalog`: the reference library of acupoints and trigger-point regions."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.output import emit_json


def register(commands: Any) -> None:
    p = commands.add_parser("catalog", help="the reference library (acupoints, trigger points)")
    p.add_argument("--json", action="store_true", help="print the whole library as JSON")
    p.set_defaults(handler=cmd_catalog)


def cmd_catalog(args: argparse.Namespace) -> int:
    from planner.catalog import catalog_as_json, load_catalog

    catalog = load_catalog()
    if args.json:
        emit_json(catalog_as_json(catalog))
        return 0
    for entry in catalog:
        print(f"{entry.target_id}\t{entry.label}")
    return 0
