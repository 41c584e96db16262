"""`python -m benchmarks [NAME ...]`: run the ratio benchmarks and print one line each."""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

ALL = ["startup", "search", "import", "handout", "catalog_search"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(ALL)}")
    parser.add_argument("--workdir", type=Path, help="keep generated data here between runs")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(ALL))
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(ALL)}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="needleplan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in args.names or ALL:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        for result in module.run(workdir):
            print(result.line(), flush=True)
            failed += not result.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
