"""Typed work survives the app being killed: a real process is SIGKILLed mid-edit."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.store.database import open_store
from tests.ui.draft_driver import COMPLAINT

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60


def _env(tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }


def _wait_for_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if not selector.select(timeout=deadline - time.monotonic()):
                break
            line = process.stdout.readline()
            if line.strip() == "ready":
                return
            if not line:  # the driver ended early
                break
    raise AssertionError("the driver never reported its autosave")


@pytest.mark.slow
def test_a_killed_app_offers_the_typed_assessment_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'needleplan.sqlite'}"
    store = open_store(url)
    try:
        store.cases.import_cases([Case(Patient("Killed Midway"))])
    finally:
        store.close()
    drafts = tmp_path / "drafts"
    command = [sys.executable, "-m", "tests.ui.draft_driver"]

    editing = subprocess.Popen(
        [*command, "edit", url, str(drafts)],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_ready(editing)
        editing.send_signal(signal.SIGKILL)  # no closeEvent, no atexit: as a crash would
        editing.wait(timeout=30)
    finally:
        if editing.poll() is None:
            editing.kill()
            editing.wait(timeout=30)
        for stream in (editing.stdout, editing.stderr):
            if stream is not None:
                stream.close()
    assert editing.returncode == -signal.SIGKILL

    checked = subprocess.run(
        [*command, "check", url, str(drafts)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["notice"].startswith("Restore the unsaved assessment from ")
    assert result["complaint"] == COMPLAINT
    assert result["pain_now"] == 7
    assert result["red_flags"] == ["trauma"]
    assert result["regions"] == {"neck-left": 5}
    assert result["editing"] is True
