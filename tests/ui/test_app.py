"""Starting the GUI: the exit-after-startup path and a database that cannot be opened."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.ui import app, crash
from planner.ui.shared.input_guard import InputGuard
from tests.ui.helpers import loaded_at_start_up

ROOT = Path(__file__).resolve().parents[2]


def test_exit_after_startup_prints_startup_ms(tmp_path: Path) -> None:
    """As the CLI and the benchmark run it: a fresh process, one line on stdout, exit 0."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    code = (
        "import sys, time; started = time.perf_counter()\n"
        "from planner.ui.app import run\n"
        f"sys.exit(run({url!r}, exit_after_startup=True, started=started))\n"
    )
    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = re.fullmatch(r"startup_ms=(\d+)", lines[0])
    assert match, lines
    assert 0 < int(match.group(1)) < 60_000
    # Start-up stays lean: the handout and import machinery load on first use, not here.
    assert (tmp_path / "fresh.sqlite").exists()


def test_start_up_does_not_import_heavy_modules(tmp_path: Path) -> None:
    heavy = ("reportlab", "jsonschema", "PySide6.QtPdf", "PySide6.QtCharts")
    assert loaded_at_start_up(tmp_path, heavy) == []


# Runs before test_main_window (file order): when run() ended with close() + quit(), the
# event loops of the window tests after it ended early; run() now uses exit(0).
def test_run_in_process_reuses_the_application(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook_before = sys.excepthook
    existing = app.QApplication.instance()
    for guard in existing.findChildren(InputGuard) if existing is not None else []:
        existing.removeEventFilter(guard)
        guard.setParent(None)
    started = time.perf_counter()
    code = app.run(f"sqlite:///{tmp_path / 'db.sqlite'}", exit_after_startup=True, started=started)
    assert code == 0
    assert re.fullmatch(r"startup_ms=\d+\n", capsys.readouterr().out)
    assert sys.excepthook is hook_before  # the hook is the app's only while it runs
    qapp = app.QApplication.instance()
    assert qapp is not None
    assert qapp.organizationName() == "Needleplan"
    assert qapp.applicationName() == "Needleplan"
    assert len(qapp.findChildren(InputGuard)) == 1  # the wheel and digit fixes, once up


def test_a_database_that_cannot_be_opened_exits_2(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(crash, "SHOW_DIALOGS", True)
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    code = app.run("mysql://nobody@nowhere/db")
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("needleplan: cannot open the database:")
    assert "not supported" in err
    assert len(shown) == 1
    assert "could not be opened" in shown[0]
    # Scripted start-up checks get the stderr line only: no dialog to wait on.
    assert app.run("mysql://nobody@nowhere/db", exit_after_startup=True) == 2
    assert len(shown) == 1
    assert "not supported" in capsys.readouterr().err
