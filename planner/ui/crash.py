"""The last line of defence: log any uncaught exception and tell the user, without exiting.

PySide6 keeps running after an exception escapes a slot, so without this hook a bug would
pass unnoticed. Tests set SHOW_DIALOGS = False (qutebrowser's msgbox switch) so nothing blocks.

The log is private (0600 in 0700 folders) and holds no personal data: the details are the
traceback with each exception's message scrubbed (quoted values, SQL parameters and
PostgreSQL's DETAIL lines removed), and the record is named by its id.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

# Tests switch error windows off; the hook still logs.
SHOW_DIALOGS = True


_handling = False


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("needleplan", appauthor=False))


def log_file() -> Path:
    return log_dir() / "needleplan.log"


def write_log(text: str) -> Path | None:
    """Append text to the log file (0600, in 0700 folders); None if even that fails (a full
    or read-only disk)."""
    from planner.casefile.atomic import private_folder

    path = log_file()
    try:
        private_folder(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            os.fchmod(fd, 0o600)  # a log an earlier version made 0644
            fh.write(text)
    except OSError:
        return None
    return path


# What an exception's message may hold of a patient's record: quoted values ('Ana López',
# "0151..."), the bound parameters SQLAlchemy appends, PostgreSQL's DETAIL (Key (email)=(...)).
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'" + r'|"(?:[^"\\\n]|\\.)*"')
_PARAMETERS = re.compile(r"\[parameters: .*?(?=\n\(Background on this error|\Z)", re.S)
_DETAIL = re.compile(r"^(\s*)(DETAIL|HINT|CONTEXT|LINE \d+):.*$", re.M)
_SQL = re.compile(r"(\[SQL: .*?\]\n)", re.S)

_context: dict[str, int] = {}


def set_record(**ids: int | None) -> None:
    """Name the record being worked on (patient=12) in any crash logged from now on; None
    forgets one. Ids only: nothing else of the record goes in a log."""
    for key, value in ids.items():
        if value is None:
            _context.pop(key, None)
        else:
            _context[key] = int(value)


def scrub(message: str) -> str:
    """An exception's message without the values it may carry: each quoted value becomes
    its length, SQLAlchemy's bound parameters and PostgreSQL's DETAIL lines are dropped. The
    SQL statement stays (its values are placeholders)."""
    message = _PARAMETERS.sub("[parameters hidden]", message)
    message = _DETAIL.sub(lambda m: f"{m.group(1)}{m.group(2)}: (hidden)", message)
    parts = _SQL.split(message)  # odd items are the [SQL: ...] sections
    return "".join(part if i % 2 else _QUOTED.sub(_length, part) for i, part in enumerate(parts))


def _length(match: re.Match[str]) -> str:
    quote = match.group(0)[0]
    return f"{quote}<{len(match.group(0)) - 2} characters>{quote}"


def record_ids(exc: BaseException | None) -> dict[str, int]:
    """The ids of the records an exception (or one it was raised from) was about: the
    set_record context and the *_id and id parameters of a failed SQL statement."""
    ids = dict(_context)
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        params: Any = getattr(exc, "params", None)
        rows = params if isinstance(params, list | tuple) else [params]
        for row in rows:
            if isinstance(row, dict):
                for key, value in row.items():
                    if (key == "id" or key.endswith("_id")) and type(value) is int:
                        ids.setdefault(str(key), value)
        exc = exc.__cause__ or exc.__context__
    return ids


def details_of(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The traceback as the log and the dialog show it: no personal data, the record by id."""
    report = traceback.TracebackException(exc_type, exc, tb)
    seen: set[int] = set()
    pending = [report]
    while pending:
        part = pending.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        # The message as format() prints it (3.11-3.13 keep it in _str).
        part._str = scrub(str(getattr(part, "_str", "")))  # type: ignore[attr-defined]
        notes = getattr(part, "__notes__", None)
        if notes:
            part.__notes__ = [scrub(str(note)) for note in notes]
        pending += [p for p in (part.__cause__, part.__context__) if p is not None]
        pending += list(getattr(part, "exceptions", None) or [])
    text = "".join(report.format())
    ids = record_ids(exc)
    if ids:
        text += "Record: " + ", ".join(f"{k}={v}" for k, v in sorted(ids.items())) + "\n"
    return text


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _handling
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = details_of(exc_type, exc, tb)
    stamp = datetime.now().isoformat(timespec="seconds")
    written = write_log(f"--- {stamp} uncaught exception\n{details}\n")
    sys.stderr.write(details)
    # An exception raised while the dialog is up must not stack dialogs on dialogs.
    if not SHOW_DIALOGS or _handling or QApplication.instance() is None:
        return
    _handling = True
    try:
        show_crash_dialog(details, written)
    finally:
        _handling = False


def show_crash_dialog(details: str, log_path: Path | None) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Needleplan")
    box.setText("Something went wrong; your data is safe.")
    where = (
        f"The details were saved to {log_path}." if log_path else "The log could not be written."
    )
    box.setInformativeText(
        "The last action may not have finished. You can keep working; if it happens again, "
        f"please send the details to the developers. {where}"
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def install() -> None:
    sys.excepthook = excepthook
