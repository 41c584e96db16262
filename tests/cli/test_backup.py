"""`needleplan backup` and `needleplan restore`: one line out, one clear line and exit 2 on a
refusal, never a traceback; restore asks unless --yes (issue 14)."""

from __future__ import annotations

import io
import sqlite3
import stat
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.patient import Patient
from planner.store.database import open_store
from planner.store.location import describe
from planner.store.revision import SCHEMA_HEAD


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _names(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sorted(p.name for p in store.patients.search(""))
    finally:
        store.close()


def _add(url: str, *names: str) -> None:
    store = open_store(url)
    try:
        for name in names:
            store.patients.add(Patient(name))
    finally:
        store.close()


def _where(url: str) -> str:
    """How the command names the database: a SQLite file's path, else the URL, password masked."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:") else describe(url)


def _refused(code: int, err: str) -> str:
    """The one line of a refusal: exit 2, no traceback."""
    assert code == 2
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("needleplan: error: ")
    return line.removeprefix("needleplan: error: ")


def test_backup_then_restore_with_yes(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(database_url, "Ana López", "Bo Chen")
    archive = tmp_path / "backups" / "clinic.backup"
    code, out, err = _run(capsys, "backup", "-o", str(archive), "--database-url", database_url)
    assert (code, err) == (0, "")
    assert out == (
        f"Backed up the database at {_where(database_url)} to {archive} (schema {SCHEMA_HEAD}).\n"
    )
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    _add(database_url, "Added after the backup")

    code, out, err = _run(capsys, "--database-url", database_url, "restore", str(archive), "--yes")
    assert (code, err) == (0, "")
    # SQLite: beside the database file; PostgreSQL: a pg_dump archive beside the backup.
    [kept] = tmp_path.rglob("*.before-restore-*")
    assert out == (
        f"Restored {archive} into the database at {_where(database_url)};"
        f" the previous database was kept at {kept}.\n"
    )
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert _names(database_url) == ["Ana López", "Bo Chen"]


def test_restore_asks_on_a_terminal_and_no_changes_nothing(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add(database_url, "Ana López")
    archive = tmp_path / "clinic.backup"
    assert main(["--database-url", database_url, "backup", "-o", str(archive)]) == 0
    _add(database_url, "Bo Chen")
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    code, out, err = _run(capsys, "--database-url", database_url, "restore", str(archive))
    question = f"Replace the database at {_where(database_url)} with {archive}? [y/N] "
    assert err.startswith(question)
    assert _refused(code, err.removeprefix(question)) == (
        "nothing was restored; nothing was changed"
    )
    assert out == ""
    assert _names(database_url) == ["Ana López", "Bo Chen"]
    assert not list(tmp_path.rglob("*.before-restore-*"))

    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    code, out, err = _run(capsys, "--database-url", database_url, "restore", str(archive))
    assert (code, err) == (0, question)
    assert out.startswith(f"Restored {archive} into the database at ")
    assert _names(database_url) == ["Ana López"]


def test_restore_without_a_terminal_needs_yes(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add(database_url, "Ana López")
    archive = tmp_path / "clinic.backup"
    assert main(["--database-url", database_url, "backup", "-o", str(archive)]) == 0
    _add(database_url, "Bo Chen")
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = _run(capsys, "--database-url", database_url, "restore", str(archive))
    assert _refused(code, err) == (
        f"restore replaces the database at {_where(database_url)}: pass --yes to confirm"
        " (there is no terminal to ask on); nothing was changed"
    )
    assert out == ""
    assert _names(database_url) == ["Ana López", "Bo Chen"]


def test_restore_refuses_junk_foreign_and_newer_files_with_one_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(database_url, "Ana López")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"\x00\x01not a database at all" * 100)
    foreign = tmp_path / "other-app.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    conn.close()
    newer = tmp_path / "future.backup"
    if database_url.startswith("sqlite"):
        assert main(["--database-url", database_url, "backup", "-o", str(newer)]) == 0
        with sqlite3.connect(newer) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099'")
        conn.close()
    else:
        from sqlalchemy import text

        store = open_store(database_url)
        try:
            with store.engine.begin() as conn_pg:
                conn_pg.execute(text("UPDATE alembic_version SET version_num = '0099'"))
            assert main(["--database-url", database_url, "backup", "-o", str(newer)]) == 0
            with store.engine.begin() as conn_pg:
                conn_pg.execute(text(f"UPDATE alembic_version SET version_num = '{SCHEMA_HEAD}'"))
        finally:
            store.close()
    capsys.readouterr()

    expected = {
        junk: "is not a Needleplan backup (neither a SQLite database nor a PostgreSQL archive)",
        newer: f"was made by a newer Needleplan (schema 0099; this version reads up to"
        f" {SCHEMA_HEAD}): update Needleplan to restore it",
        foreign: "is a SQLite database but not a Needleplan database"
        " (no patients table or schema version)"
        if database_url.startswith("sqlite")
        else "is a SQLite backup: it can be restored only into a SQLite database",
        tmp_path / "missing.backup": ": no such file",
    }
    for path, problem in expected.items():
        code, out, err = _run(capsys, "--database-url", database_url, "restore", str(path), "--yes")
        assert _refused(code, err) == f"{path}{'' if problem[0] == ':' else ' '}{problem};" + (
            " nothing was changed"
        )
        assert out == ""
    assert _names(database_url) == ["Ana López"]
    assert not list(tmp_path.rglob("*.before-restore-*"))


def test_backup_refuses_a_folder_as_output(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(database_url, "Ana López")
    code, out, err = _run(capsys, "--database-url", database_url, "backup", "-o", str(tmp_path))
    assert _refused(code, err) == (
        f"{tmp_path} is a folder: a backup is written only as a regular file"
    )
    assert out == ""


def test_a_restore_is_recorded_in_the_restored_databases_trail(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix = ".sqlite" if database_url.startswith("sqlite") else ".dump"
    copy = tmp_path / f"copy{suffix}"
    _add(database_url, "Ana López")
    url = ["--database-url", database_url]
    assert _run(capsys, *url, "backup", "-o", str(copy))[0] == 0
    assert _run(capsys, *url, "practitioner", "add", "--name", "Ben Ode")[0] == 0
    code, _, err = _run(capsys, *url, "--practitioner", "Ben Ode", "restore", str(copy), "--yes")
    assert (code, err) == (0, "")
    store = open_store(database_url)
    try:
        last = store.audit.all()[-1]
    finally:
        store.close()
    assert (last.action, last.kind) == ("restore", "database")
    # The restored database predates the profile: the entry still says who by name.
    assert last.who == "Ben Ode"
