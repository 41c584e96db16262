"""`needleplan clinic-setup`: what it changed in words, the SQL with --print-sql, a practitioner
with a typed password, one clear line and exit 2 on a refusal (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from planner.cli import main
from planner.store.clinic_owner import as_role
from planner.store.engine import create_database_engine, run_alembic
from planner.store.revision import SCHEMA_HEAD
from tests.store.clinic_support import Clinic, clinic_database
from tests.support.postgres import Server

PASSWORD = "Kettle-Orbit-42"


@pytest.fixture
def clinic(pg_server: Server) -> Iterator[Clinic]:
    with clinic_database(pg_server) as made:
        yield made


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, err: str) -> str:
    """The one line of a refusal: exit 2, no traceback."""
    assert code == 2
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("needleplan: error: ")
    return line.removeprefix("needleplan: error: ")


def _args(clinic: Clinic, *extra: str) -> list[str]:
    roles = clinic.roles
    return [
        "--database-url",
        clinic.url,
        "clinic-setup",
        "--owner",
        roles.owner,
        "--group",
        roles.group,
        *extra,
    ]


@pytest.mark.postgres
def test_setup_says_what_it_changed_then_that_nothing_changed(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, *_args(clinic))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        f"Created role {clinic.roles.group} (NOLOGIN).",
        f"Created role {clinic.roles.owner} (NOLOGIN).",
    ]
    assert f"Upgraded the schema from none to {SCHEMA_HEAD}, as {clinic.roles.owner}." in lines
    assert f"{clinic.roles.group}: granted SELECT, INSERT on table audit_log." in lines

    code, out, err = _run(capsys, *_args(clinic))
    assert (code, err) == (0, "")
    assert out == f"Nothing changed: the clinic set-up was in place (schema {SCHEMA_HEAD}).\n"


@pytest.mark.postgres
def test_a_practitioner_added_with_a_typed_password_can_connect(
    clinic: Clinic, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    ana = clinic.role("ana")
    code, out, err = _run(
        capsys,
        *_args(clinic, "--add-practitioner", ana, "--name", "Ana Ruiz"),
        "--role",
        "Physiotherapist",
        "--registration",
        "PT12345",
        "--password-prompt",
    )
    assert (code, err) == (0, "")
    assert f"Created role {ana} (LOGIN)." in out
    assert f"Granted role {clinic.roles.group} to {ana}." in out
    assert f", bound to role {ana}." in out
    assert PASSWORD not in out

    store = clinic.open_as(ana, PASSWORD)
    try:
        me = store.author.practitioner
    finally:
        store.close()
    assert me is not None
    assert (me.name, me.role, me.registration) == ("Ana Ruiz", "Physiotherapist", "PT12345")


@pytest.mark.postgres
def test_passwords_that_differ_change_nothing(
    clinic: Clinic, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    ana = clinic.role("ana")
    code, _out, err = _run(
        capsys, *_args(clinic, "--add-practitioner", ana, "--name", "Ana", "--password-prompt")
    )
    assert _refused(code, err) == "--password-prompt: the two passwords differ; nothing was changed"
    assert PASSWORD not in err
    assert clinic.roles_made() == []


@pytest.mark.postgres
def test_print_sql_prints_the_script_and_changes_nothing(
    clinic: Clinic, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_prompt(prompt: str = "") -> str:
        raise AssertionError("--print-sql asked for a password")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    ana = clinic.role("ana")
    code, out, err = _run(
        capsys,
        *_args(clinic, "--add-practitioner", ana, "--name", "Ana", "--password-prompt"),
        "--print-sql",
    )
    assert (code, err) == (0, "")
    owner, group = clinic.roles.owner, clinic.roles.group
    lines = out.splitlines()
    for statement in [
        f'CREATE ROLE "{owner}" NOLOGIN;',
        f'CREATE ROLE "{group}" NOLOGIN;',
        f'GRANT "{owner}" TO CURRENT_USER;',
        f'ALTER SCHEMA "public" OWNER TO "{owner}";',
        f'SET ROLE "{owner}";',
        f'GRANT SELECT, INSERT ON TABLE "public"."audit_log" TO "{group}";',
        f'REVOKE ALL ON TABLE "public"."audit_erasing" FROM "{group}";',
        f'GRANT EXECUTE ON FUNCTION "public"."needleplan_erase_audit"(integer, jsonb)'
        f' TO "{group}";',
        f'CREATE ROLE "{ana}" LOGIN;',
        f'GRANT "{group}" TO "{ana}";',
    ]:
        assert statement in lines
    assert lines.index(f'SET ROLE "{owner}";') < lines.index(f'CREATE ROLE "{ana}" LOGIN;')
    assert not any("PASSWORD" in line for line in lines)
    assert clinic.roles_made() == []
    assert clinic.admin("SELECT to_regclass('public.patients')") == [(None,)]


@pytest.mark.postgres
def test_a_practitioner_on_a_schema_behind_is_sent_to_the_administrator(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    owner = create_database_engine(clinic.url)
    event.listen(owner, "connect", as_role(clinic.roles.owner))
    try:
        run_alembic(owner, "downgrade", "0006")
    finally:
        owner.dispose()

    code, _out, err = _run(capsys, "--database-url", clinic.url_as(ana, password), "search", "")
    assert _refused(code, err) == (
        f"the database needs an upgrade (schema 0006 to {SCHEMA_HEAD}) that this account may"
        " not make: ask your administrator to run `needleplan clinic-setup` (upgrades as the"
        " owner)"
    )
    assert password not in err

    code, out, _err = _run(capsys, *_args(clinic))
    assert code == 0
    assert f"Upgraded the schema from 0006 to {SCHEMA_HEAD}, as {clinic.roles.owner}." in out
    code, _out, err = _run(capsys, "--database-url", clinic.url_as(ana, password), "search", "")
    assert (code, err) == (0, "")


@pytest.mark.postgres
def test_an_admin_who_may_not_create_roles_is_told_so(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = clinic.role("weak")
    clinic.admin(f"CREATE ROLE {weak} LOGIN")
    clinic.set_password(weak, PASSWORD)
    code, _out, err = _run(
        capsys,
        "--database-url",
        clinic.url_as(weak, PASSWORD),
        "clinic-setup",
        "--owner",
        clinic.roles.owner,
        "--group",
        clinic.roles.group,
    )
    line = _refused(code, err)
    assert line == (
        "setting up the roles was refused (permission denied to create role): clinic-setup"
        " must run as a superuser, or as the database's owner with CREATEROLE"
    )
    assert PASSWORD not in err
    assert clinic.roles_made() == [weak]


def test_sqlite_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    code, out, err = _run(capsys, "--database-url", url, "clinic-setup")
    assert out == ""
    assert _refused(code, err).startswith("clinic-setup is for PostgreSQL: ")
    assert not (tmp_path / "n.sqlite").exists()


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--owner", "Owner"], "--owner: 'Owner' is not a role name clinic-setup uses"),
        (["--group", "a-b"], "--group: 'a-b' is not a role name clinic-setup uses"),
        (["--group", "x" * 64], "--group: 'xxx"),
        (["--owner", "same", "--group", "same"], "--group: must differ from --owner"),
        (["--add-practitioner", "ana; drop", "--name", "A"], "--add-practitioner: 'ana; drop'"),
        (["--add-practitioner", "ana"], "--name: the practitioner's name is required"),
        (["--add-practitioner", "ana", "--name", "  "], "--name: the practitioner's name is"),
        (["--name", "Ana"], "--name: only with --add-practitioner ROLE"),
        (["--password-prompt"], "--password-prompt: only with --add-practitioner ROLE"),
    ],
)
def test_bad_options_are_refused_before_connecting(
    argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that does not exist: a refusal must come before any connection.
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    code, _out, err = _run(capsys, "--database-url", url, "clinic-setup", *argv)
    assert _refused(code, err).startswith(problem)


@pytest.mark.postgres
def test_the_practitioner_password_never_appears_in_a_refusal(
    clinic: Clinic, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, _out, err = _run(
        capsys,
        *_args(clinic, "--add-practitioner", clinic.server.user, "--name", "Ana"),
        "--password-prompt",
    )
    assert _refused(code, err).startswith(f"--add-practitioner: role {clinic.server.user} is a")
    assert PASSWORD not in err


def test_the_parser_imports_neither_psycopg_nor_sqlalchemy() -> None:
    """Start-up is measured: the database libraries load inside the command only."""
    code = "import sys; from planner.cli import build_parser; build_parser();"
    code += " print('psycopg' in sys.modules, 'sqlalchemy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
