"""Printing results and user-facing errors consistently."""

from __future__ import annotations

import sys
from typing import Any

EXIT_BAD_INPUT = 2


def fail(message: str) -> int:
    """One clear line on stderr for a user mistake; never a traceback."""
    first, *rest = message.splitlines() or [""]
    print(f"needleplan: error: {first}", file=sys.stderr)
    for line in rest:
        print(f"  {line}", file=sys.stderr)
    return EXIT_BAD_INPUT


def emit_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
