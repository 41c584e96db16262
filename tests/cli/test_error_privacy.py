"""No personal data in a command-line error: SQL parameters hidden, PostgreSQL's DETAIL
dropped, one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.cli import database_problem, main
from planner.cli.output import fail, terminal_safe
from planner.store.engine import create_database_engine


def _integrity_error(engine: sa.Engine) -> sa.exc.IntegrityError:
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
        insert = sa.text("INSERT INTO p (id, name) VALUES (:id, :name)")
        conn.execute(insert, {"id": 1, "name": "Ana López"})
        with pytest.raises(sa.exc.IntegrityError) as caught:
            conn.execute(insert, {"id": 2, "name": "Ana López"})
    return caught.value


def test_the_store_engine_hides_bound_parameters(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        error = _integrity_error(engine)
    finally:
        engine.dispose()
    assert "Ana" not in str(error)


def test_a_database_error_is_one_line_without_values() -> None:
    error = _integrity_error(sa.create_engine("sqlite://"))
    assert "Ana" in str(error)  # SQLAlchemy's own text carries the values...
    line = database_problem(error)
    assert line == "database error: UNIQUE constraint failed: p.name"  # ...the command's not
    assert database_problem(ValueError("x")) is None


def test_an_unexpected_database_error_reaches_the_user_as_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.store import patients

    orig = Exception(
        "duplicate key value violates unique constraint\nDETAIL:  Key (email)=(a@b.org)"
    )

    def broken(*_args: object, **_kw: object) -> object:
        raise sa.exc.IntegrityError("INSERT ...", {"name": "Ana López"}, orig)

    monkeypatch.setattr(patients.PatientRepository, "search", broken)
    code = main(["--database-url", f"sqlite:///{tmp_path / 'db.sqlite'}", "search", "ana"])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err == "needleplan: error: database error: duplicate key value violates unique constraint\n"
    )


def test_error_lines_carry_no_escape_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail("x.json: \x1b[31mred\x1b[0m") == 2
    assert capsys.readouterr().err == "needleplan: error: x.json: ?[31mred?[0m\n"
    assert terminal_safe("tab\there\u202e") == "tab?here?"
