"""Writing whole or not at all: temporary files named for their writer and cleaned up after
a kill, only regular files written, private folders."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.casefile.atomic import (
    OutputPathError,
    private_folder,
    remove_stale_temps,
    write_atomically,
)
from planner.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_temporary_file_is_named_for_its_target_and_writer(tmp_path: Path) -> None:
    seen: list[str] = []

    def chunks() -> object:
        yield b"first\n"
        seen.extend(_temps(tmp_path))
        yield b"second\n"

    write_atomically(tmp_path / "out.jsonl", chunks())  # type: ignore[arg-type]
    assert (tmp_path / "out.jsonl").read_bytes() == b"first\nsecond\n"
    assert len(seen) == 1
    assert seen[0].startswith(f".out.jsonl.needleplan-{os.getpid()}-")
    assert _temps(tmp_path) == []


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f".a.jsonl.needleplan-{os.getpid()}-abc123.tmp"
    mine.write_bytes(b"being written")
    assert remove_stale_temps(tmp_path) == []
    assert mine.exists()


def test_a_dead_or_reused_pid_and_an_old_unnamed_temp_are_stale(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = tmp_path / f".a.jsonl.needleplan-{int(dead.stdout)}-abc123.tmp"
    gone.write_bytes(b"patient data")
    # Our PID, but written before this process started: the PID was reused.
    reused = tmp_path / f".b.jsonl.needleplan-{os.getpid()}-def456.tmp"
    reused.write_bytes(b"patient data")
    os.utime(reused, (0, 0))
    old = tmp_path / ".c.jsonl.k3j4h5g6.tmp"  # as earlier versions named them
    old.write_bytes(b"patient data")
    os.utime(old, (time.time() - 7200,) * 2)
    fresh_old = tmp_path / ".d.jsonl.a1b2c3d4.tmp"
    fresh_old.write_bytes(b"maybe being written by an older version")
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_bytes(b"not ours")
    assert sorted(remove_stale_temps(tmp_path)) == sorted([gone, reused, old])
    assert _temps(tmp_path) == [".d.jsonl.a1b2c3d4.tmp", ".notes.tmp"]


CASE = {"format": "needleplan-case/1", "patient": {"name": "Ana López", "phone": "0151 000"}}

# Exports the store, but stops for good after the first case: the test kills it there.
_SLOW_EXPORT = """
import sys, time
import planner.casefile.files as files
real = files.record_to_dict
calls = []
def slow(record):
    calls.append(record)
    if len(calls) == 2:
        print("writing", flush=True)
        time.sleep(600)
    return real(record)
files.record_to_dict = slow
from planner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_mid_export_leaves_a_temp_file_the_next_export_removes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(CASE) for _ in range(5)) + "\n", encoding="utf-8")
    assert main(["--database-url", url, "import", str(source)]) == 0
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_EXPORT, "--database-url", url, "export", "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        child.kill()  # SIGKILL: no clean-up runs
    finally:
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    left = _temps(out.parent)
    assert len(left) == 1
    assert left[0].startswith(f".all.jsonl.needleplan-{child.pid}-")
    assert not out.exists()
    capsys.readouterr()

    assert main(["--database-url", url, "export", "-o", str(out)]) == 0
    assert _temps(out.parent) == []  # the killed export's file is gone
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "device"])
def test_only_regular_files_are_written(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.ics"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("kept")
    if kind == "symlink":
        target.symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # as /dev/full
    before = os.lstat(target)
    with pytest.raises(OutputPathError) as caught:
        write_atomically(target, b"BEGIN:VCALENDAR")
    assert "only regular files" in str(caught.value) or "folder" in str(caught.value)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert elsewhere.read_text() == "kept"
    assert _temps(tmp_path) == []


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="no such folder"):
        write_atomically(tmp_path / "missing" / "out.jsonl", b"x")


def test_private_folder_closes_the_applications_folders_only(tmp_path: Path) -> None:
    base = tmp_path / "state"
    base.mkdir(mode=0o755)
    os.chmod(base, 0o755)
    app = base / "needleplan"
    app.mkdir()
    os.chmod(app, 0o755)  # as an earlier version left it
    logs = private_folder(app / "log")
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert stat.S_IMODE(app.stat().st_mode) == 0o700
    assert stat.S_IMODE(base.stat().st_mode) == 0o755  # not ours
    made = private_folder(tmp_path / "new" / "needleplan" / "log")
    for folder in (made, made.parent, made.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
