"""Output files and the faults around them: a full disk, a missing or unwritable folder, a
folder or a device as -o, a PostgreSQL server gone mid-export. Each is one clear line naming
the option, exit 2, nothing half-written, no traceback."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from planner.cli import main
from tests.cli.test_handout import _write
from tests.domain.handout.test_content import EXAMPLE


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(autouse=True)
def no_user_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on a 64 kB tmpfs (as root), else one whose writes fail with ENOSPC."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        real_fsync = os.fsync

        def no_space(fd: int) -> None:
            if Path(f"/proc/self/fd/{fd}").resolve().parent == folder:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", no_space)
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


def _big_store(tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int = 300) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    doc = {**EXAMPLE, "assessment": {**EXAMPLE["assessment"], "complaint": "x" * 480}}
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(doc) for _ in range(count)) + "\n", encoding="utf-8")
    assert _run(capsys, "--database-url", url, "import", str(source))[0] == 0
    return url


def test_export_onto_a_full_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: Path
) -> None:
    url = _big_store(tmp_path, capsys)
    out = full_disk / "all.jsonl"
    code, _, err = _run(capsys, "--database-url", url, "export", "-o", str(out))
    assert code == 2
    assert _one_line(err) == (
        f"needleplan: error: -o: {out}: no space left on device; nothing was written"
    )
    assert list(full_disk.iterdir()) == []


def _fill(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    finally:
        os.close(fd)


def test_handout_and_calendar_onto_a_full_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: Path
) -> None:
    # Fill the disk first: a 64 kB tmpfs has room for neither then.
    if os.statvfs(full_disk).f_blocks:
        with pytest.raises(OSError, match="No space left"):
            _fill(full_disk / "filler")
    case = _write(tmp_path, EXAMPLE)
    pdf = full_disk / "handout.pdf"
    code, _, err = _run(capsys, "handout", str(case), "-o", str(pdf), "--date", "2026-11-24")
    assert code == 2
    assert "-o: " in _one_line(err)
    assert "no space left on device" in err
    ics = full_disk / "course.ics"
    code, _, err = _run(capsys, "course", str(case), "--ics", str(ics))
    assert code == 2
    assert _one_line(err).startswith(f"needleplan: error: --ics: {ics}: no space left")
    assert sorted(p.name for p in full_disk.iterdir()) in ([], ["filler"])


def test_import_onto_a_full_disk_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: Path
) -> None:
    if not os.statvfs(full_disk).f_blocks:
        pytest.skip("needs the tmpfs (root)")
    doc = {**EXAMPLE, "assessment": {**EXAMPLE["assessment"], "complaint": "x" * 480}}
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(doc) for _ in range(300)) + "\n", encoding="utf-8")
    url = f"sqlite:///{full_disk / 'db.sqlite'}"
    code, _, err = _run(capsys, "--database-url", url, "import", str(source))
    assert code == 2
    assert "full" in _one_line(err)


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/out.jsonl", "no such folder"),
        (".", "is a folder, not a file"),
        ("locked/out.jsonl", "permission denied"),
    ],
)
def test_export_to_a_place_it_cannot_write(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    reason: str,
) -> None:
    url = _big_store(tmp_path, capsys, count=2)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes anywhere: the system's refusal, simulated
        import tempfile

        real = tempfile.mkstemp

        def refuse(*args: object, dir: str | None = None, **kw: object) -> tuple[int, str]:
            if dir is not None and Path(dir) == locked:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(*args, dir=dir, **kw)  # type: ignore[call-overload, no-any-return]

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = (tmp_path / where).resolve() if where == "." else tmp_path / where
    code, _, err = _run(capsys, "--database-url", url, "export", "-o", str(out))
    assert code == 2
    line = _one_line(err)
    assert line.startswith("needleplan: error: -o: ")
    assert reason in line
    assert list(locked.iterdir()) == []


def test_handout_onto_a_folder_names_o(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sheet.pdf"
    folder.mkdir()
    code, _, err = _run(capsys, "handout", str(_write(tmp_path, EXAMPLE)), "-o", str(folder))
    assert code == 2
    assert _one_line(err) == (
        f"needleplan: error: -o: {folder}: is a folder, not a file; nothing was written"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_calendar_onto_a_device_keeps_the_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "full.ics"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # as /dev/full
    code, _, err = _run(capsys, "course", str(_write(tmp_path, EXAMPLE)), "--ics", str(device))
    assert code == 2
    assert "--ics: " in _one_line(err)
    assert "is a device" in err
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_calendar_through_a_symlink_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "calendar.ics"
    real.write_text("mine")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    code, _, err = _run(capsys, "course", str(_write(tmp_path, EXAMPLE)), "--ics", str(link))
    assert code == 2
    assert "is a symbolic link" in _one_line(err)
    assert link.is_symlink()
    assert real.read_text() == "mine"


@pytest.mark.postgres
def test_a_postgresql_restart_during_export(
    pg_server: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from planner.store.history import HistoryRepository

    server = pg_server
    with server.database() as url:  # type: ignore[attr-defined]
        doc = {**EXAMPLE, "patient": {**EXAMPLE["patient"], "name": f"P {uuid.uuid4().hex}"}}
        source = tmp_path / "many.jsonl"
        source.write_text("\n".join(json.dumps(doc) for _ in range(3)) + "\n", encoding="utf-8")
        assert _run(capsys, "--database-url", url, "import", str(source))[0] == 0
        database = url.rsplit("/", 1)[1]
        real = HistoryRepository._histories

        def cut_off(s: object, rows: object) -> object:
            # Every connection to this database is ended, as a server restart ends them.
            with psycopg.connect(server.admin_conninfo(), autocommit=True) as admin:  # type: ignore[attr-defined]
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (database,),
                )
            return real(s, rows)  # type: ignore[arg-type]

        monkeypatch.setattr(HistoryRepository, "_histories", staticmethod(cut_off))
        out = tmp_path / "all.jsonl"
        code, _, err = _run(capsys, "--database-url", url, "export", "-o", str(out))
        assert code == 2
        line = _one_line(err)
        assert "lost the connection" in line
        assert not out.exists()
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
