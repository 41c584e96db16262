"""Importing planner.casefile must not pull in the validators (they load on first use)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_casefile_loads_no_validator_or_gui() -> None:
    code = (
        "import sys, planner.casefile\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('jsonschema', 'fastjsonschema', 'referencing', 'PySide6', 'sqlalchemy')]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
