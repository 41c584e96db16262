"""`python -m benchmarks [NAME ...]`: run the ratio benchmarks and print one line each."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

ALL = ["startup", "search", "import", "handout", "catalog_search", "backup"]


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
    names = args.names or ALL
    if len(names) > 1:
        # Each in a fresh process: one benchmark's leftovers (garbage, caches) must not
        # show up as another's pause.
        codes = [
            subprocess.run(
                [sys.executable, "-m", "benchmarks", name, "--workdir", str(workdir)], check=False
            ).returncode
            for name in names
        ]
        return 1 if any(codes) else 0
    failed = 0
    module = importlib.import_module(f"benchmarks.bench_{names[0]}")
    for result in module.run(workdir):
        print(result.line(), flush=True)
        failed += not result.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
