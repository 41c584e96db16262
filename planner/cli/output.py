"""Printing results and user-facing errors consistently."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2

# C0 and C1 control characters (ESC starts a terminal escape code), DEL, and the
# bidirectional overrides that can make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` fit for one line of a terminal: each control character (a newline, a tab, the
    ESC of an escape code) becomes "?", so a name cannot move the cursor or recolour it."""
    return _CONTROL.sub("?", text)


def fail(message: str) -> int:
    """One clear line on stderr for a user mistake; never a traceback."""
    first, *rest = message.splitlines() or [""]
    print(f"needleplan: error: {terminal_safe(first)}", file=sys.stderr)
    for line in rest:
        print(f"  {terminal_safe(line)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def emit_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def write_output(option: str, path: Path, data: bytes | Iterable[bytes]) -> int | None:
    """Write `data` to `path` whole or not at all; None when written, else the exit code of
    one clear line naming the option (`-o: out.pdf: No space left on device`)."""
    from planner.casefile.atomic import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        return fail(output_problem(option, path, exc))
    return None


def output_problem(option: str, path: Path, exc: OSError) -> str:
    """The line for an output file that could not be written; nothing was written to it."""
    from planner.casefile.atomic import OutputPathError

    where = exc.filename if isinstance(exc, OutputPathError) and exc.filename else path
    reason = exc.strerror or str(exc)
    return f"{option}: {where}: {reason[:1].lower() + reason[1:]}; nothing was written"


def refuse_output(option: str, path: Path) -> int | None:
    """Before any work: the exit code of one clear line when `path` cannot be written as a
    regular file (a missing folder, a folder, a link, a FIFO, a device), else None."""
    from planner.casefile.atomic import check_target

    try:
        check_target(path)
    except OSError as exc:
        return fail(output_problem(option, path, exc))
    return None
