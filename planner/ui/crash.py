"""The last line of defence: log any uncaught exception and tell the user, without exiting.

PySide6 keeps running after an exception escapes a slot, so without this hook a bug would
pass unnoticed. Tests set SHOW_DIALOGS = False (qutebrowser's msgbox switch) so nothing blocks.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

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
    """Append text to the log file; None if even that fails (a full or read-only disk)."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return path


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _handling
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
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
