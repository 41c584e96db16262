"""clinic-setup on a real PostgreSQL server (issue 14): the owner owns the schema and runs the
migrations, the practitioners' group holds only what the app needs, each practitioner works
through the store as their own role, and no practitioner can rewrite the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event

from planner.domain.assessment import Assessment
from planner.domain.audit import Action, Kind
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.clinic_owner import as_role
from planner.store.clinic_setup import (
    ClinicSetupError,
    NewPractitioner,
    practitioner_steps,
    print_sql,
)
from planner.store.database import Store, open_store
from planner.store.engine import create_database_engine, run_alembic
from planner.store.location import DatabaseError
from planner.store.revision import SCHEMA_HEAD
from tests.store.clinic_support import Clinic, clinic_database
from tests.support.postgres import Server

pytestmark = pytest.mark.postgres

DAY = date(2026, 11, 20)
TODAY = date(2026, 11, 21)
APP_PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE"}
ALL_PRIVILEGES = APP_PRIVILEGES | {"TRUNCATE", "REFERENCES", "TRIGGER"}


@pytest.fixture
def clinic(pg_server: Server) -> Iterator[Clinic]:
    with clinic_database(pg_server) as made:
        yield made


def _privileges(clinic: Clinic, table: str) -> set[str]:
    return {
        p
        for p in ALL_PRIVILEGES
        if clinic.admin(
            "SELECT has_table_privilege(%s, %s, %s)", clinic.roles.group, f"public.{table}", p
        )[0][0]
    }


def _owners(clinic: Clinic) -> set[str]:
    """Who owns the schema and every table, view, sequence and function in it."""
    rows = clinic.admin(
        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"
        " UNION SELECT pg_get_userbyid(relowner) FROM pg_class"
        "  WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S')"
        " UNION SELECT pg_get_userbyid(proowner) FROM pg_proc"
        "  WHERE pronamespace = 'public'::regnamespace"
    )
    return {r[0] for r in rows}


def test_setup_makes_the_roles_and_the_owner_owns_the_schema(clinic: Clinic) -> None:
    lines = clinic.setup()

    roles = clinic.admin(
        "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
        [clinic.roles.owner, clinic.roles.group],
    )
    assert sorted(roles) == sorted([(clinic.roles.owner, False), (clinic.roles.group, False)])
    assert _owners(clinic) == {clinic.roles.owner}
    assert clinic.admin("SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert f"Created role {clinic.roles.owner} (NOLOGIN)." in lines
    assert f"Upgraded the schema from none to {SCHEMA_HEAD}, as {clinic.roles.owner}." in lines


def test_the_group_holds_only_what_the_app_needs(clinic: Clinic) -> None:
    clinic.setup()
    tables = [
        r[0] for r in clinic.admin("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    expected = {"audit_log": {"SELECT", "INSERT"}, "alembic_version": {"SELECT"}}
    expected["audit_erasing"] = {"SELECT"}  # read by a practitioner's backup, never written
    assert {"patients", "visits", "practitioners", "audit_log"} <= set(tables)
    for table in tables:
        assert (table, _privileges(clinic, table)) == (table, expected.get(table, APP_PRIVILEGES))
    group = clinic.roles.group
    [(connect, temporary, create, usage, erase)] = clinic.admin(
        "SELECT has_database_privilege(%s, current_database(), 'CONNECT'),"
        " has_database_privilege(%s, current_database(), 'TEMPORARY'),"
        " has_schema_privilege(%s, 'public', 'CREATE'),"
        " has_schema_privilege(%s, 'public', 'USAGE'),"
        " has_function_privilege(%s, 'needleplan_erase_audit(integer, jsonb)', 'EXECUTE')",
        group,
        group,
        group,
        group,
        group,
    )
    assert (connect, temporary, create, usage, erase) == (True, False, False, True, True)


def _work(store: Store, pid: int | None = None) -> int:
    """Add (or change) a patient and record an assessment, a plan and a visit."""
    if pid is None:
        pid = store.patients.add(Patient("Jo Bloggs", phone="555 0100")).id
        assert pid is not None
    else:
        store.patients.update(replace(store.patients.get(pid), notes="prefers mornings"))
    store.cases.save_assessment(pid, Assessment(date=DAY, complaint="neck"))
    plan = store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)))
    visit = Visit(date=DAY, targets=(VisitTarget("GB21", Side.RIGHT),), plan_id=plan.id)
    store.visits.add(pid, visit, today=TODAY)
    return pid


def test_each_practitioner_works_as_their_role_and_the_audit_names_them(clinic: Clinic) -> None:
    clinic.setup()
    ana, ana_pw = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    ben, ben_pw = clinic.add_practitioner("ben", "Ben Ode", "Acupuncturist")

    store = clinic.open_as(ana, ana_pw)
    try:
        assert store.author.practitioner is not None
        assert store.author.practitioner.db_role == ana
        pid = _work(store)
    finally:
        store.close()
    store = clinic.open_as(ben, ben_pw)
    try:
        _work(store, pid)
        entries = store.audit.for_patient(pid)
    finally:
        store.close()

    authors = [(e.account, e.who, e.kind) for e in entries]
    assert authors == [
        (ana, "Ana Ruiz (Physiotherapist)", Kind.PATIENT),
        (ana, "Ana Ruiz (Physiotherapist)", Kind.ASSESSMENT),
        (ana, "Ana Ruiz (Physiotherapist)", Kind.PLAN),
        (ana, "Ana Ruiz (Physiotherapist)", Kind.VISIT),
        (ben, "Ben Ode (Acupuncturist)", Kind.PATIENT),
        (ben, "Ben Ode (Acupuncturist)", Kind.ASSESSMENT),
        (ben, "Ben Ode (Acupuncturist)", Kind.PLAN),
        (ben, "Ben Ode (Acupuncturist)", Kind.VISIT),
    ]
    assert entries[4].action == Action.CHANGE


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET who = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "DROP TABLE audit_log",
        "INSERT INTO audit_erasing (patient_id) VALUES (1)",
        "SET session_replication_role = replica",
        "CREATE TABLE audit_copy (id integer)",
        "CREATE TEMPORARY TABLE patients (id integer)",
        "ALTER FUNCTION needleplan_audit_guard() OWNER TO CURRENT_USER",
    ],
)
def test_a_practitioner_cannot_rewrite_the_audit_trail(clinic: Clinic, statement: str) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    store = clinic.open_as(ana, password)
    try:
        store.patients.add(Patient("Jo Bloggs"))
        before = store.audit.all()
    finally:
        store.close()

    with (
        psycopg.connect(clinic.conninfo_as(ana, password), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement)
    store = clinic.open_as(ana, password)
    try:
        assert store.audit.all() == before
    finally:
        store.close()


def test_a_forged_account_and_time_are_overwritten(clinic: Clinic) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    with psycopg.connect(clinic.conninfo_as(ana, password)) as conn:
        account, at, now = conn.execute(
            "INSERT INTO audit_log (at, action, kind, who, account)"
            " VALUES ('2001-01-01', 'create', 'patient', 'x', %s)"
            " RETURNING account, at, statement_timestamp()",
            (clinic.server.user,),
        ).fetchone()  # type: ignore[misc]
    assert (account, at) == (ana, now)


def test_a_practitioner_erases_a_patient_leaving_one_entry_with_their_role(clinic: Clinic) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    store = clinic.open_as(ana, password)
    try:
        pid = _work(store)
        kept = store.patients.add(Patient("Kim Lee")).id
        erased = store.erase_patient(pid)
        [entry] = store.audit.for_patient(pid)
        assert kept is not None
        assert len(store.audit.for_patient(kept)) == 1
    finally:
        store.close()
    assert erased.counts["audit_entries"] == 4
    assert (entry.action, entry.account, entry.who) == (
        Action.ERASE,
        ana,
        "Ana Ruiz (Physiotherapist)",
    )
    assert clinic.admin("SELECT count(*) FROM patients WHERE id = %s", pid) == [(0,)]


def test_setup_twice_changes_nothing_and_says_so(clinic: Clinic) -> None:
    ana = NewPractitioner(clinic.role("ana"), "Ana Ruiz", "Physiotherapist")
    clinic.setup(ana)
    acl = "SELECT relname, relacl::text FROM pg_class WHERE relnamespace = 'public'::regnamespace"
    first = sorted(clinic.admin(acl))

    assert clinic.setup(ana) == [
        f"Nothing changed: the clinic set-up was in place (schema {SCHEMA_HEAD})."
    ]
    assert sorted(clinic.admin(acl)) == first
    assert clinic.admin("SELECT count(*) FROM practitioners") == [(1,)]


def test_a_database_made_before_setup_is_handed_to_the_owner(clinic: Clinic) -> None:
    store = open_store(clinic.url)  # the app run as the admin, as before clinic-setup
    try:
        pid = store.patients.add(Patient("Jo Bloggs")).id
    finally:
        store.close()
    assert _owners(clinic) != {clinic.roles.owner}

    lines = clinic.setup()

    assert _owners(clinic) == {clinic.roles.owner}
    assert any(line.startswith(f"Now owned by {clinic.roles.owner}: ") for line in lines)
    assert not any(line.startswith("Upgraded") for line in lines)
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    store = clinic.open_as(ana, password)
    try:
        assert store.patients.get(pid).name == "Jo Bloggs"  # type: ignore[arg-type]
    finally:
        store.close()


def test_a_schema_behind_is_for_the_administrator_to_upgrade(clinic: Clinic) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    owner = create_database_engine(clinic.url)
    event.listen(owner, "connect", as_role(clinic.roles.owner))
    try:
        run_alembic(owner, "downgrade", "0006")
    finally:
        owner.dispose()

    with pytest.raises(DatabaseError) as refused:
        open_store(clinic.url_as(ana, password))
    assert str(refused.value) == (
        f"the database needs an upgrade (schema 0006 to {SCHEMA_HEAD}) that this account may"
        " not make: ask your administrator to run `needleplan clinic-setup` (upgrades as the"
        " owner)"
    )

    assert f"Upgraded the schema from 0006 to {SCHEMA_HEAD}, as {clinic.roles.owner}." in (
        clinic.setup()
    )
    assert _privileges(clinic, "audit_log") == {"SELECT", "INSERT"}  # narrowed again
    assert _owners(clinic) == {clinic.roles.owner}
    store = open_store(clinic.url_as(ana, password))
    try:
        assert store.patients.add(Patient("Jo Bloggs")).id is not None
    finally:
        store.close()


def test_a_role_outside_the_group_is_told_to_ask_for_access(clinic: Clinic) -> None:
    clinic.setup()
    stranger = clinic.role("stranger")
    clinic.admin(f"CREATE ROLE {stranger} LOGIN")
    clinic.set_password(stranger, "pw-of-the-stranger")
    with pytest.raises(
        DatabaseError, match=r"may not read Needleplan's tables.*--add-practitioner"
    ):
        open_store(clinic.url_as(stranger, "pw-of-the-stranger"))


def test_a_practitioner_role_that_acts_as_the_owner_is_refused(clinic: Clinic) -> None:
    clinic.setup()  # the admin is now a member of the owner: its entries would keep any account
    with pytest.raises(ClinicSetupError, match=r"^--add-practitioner: role \w+ is a superuser or"):
        clinic.setup(NewPractitioner(clinic.server.user, "Ana Ruiz"))
    with pytest.raises(
        ClinicSetupError, match=r"^--add-practitioner: \w+ is the owner or the group"
    ):
        clinic.setup(NewPractitioner(clinic.roles.group, "Ana Ruiz"))


def test_an_owner_role_that_can_log_in_is_refused(clinic: Clinic) -> None:
    clinic.admin(f"CREATE ROLE {clinic.role('owner')} LOGIN")
    with pytest.raises(ClinicSetupError, match=r"^--owner: role \w+ exists and can log in"):
        clinic.setup()
    assert clinic.roles_made() == [clinic.role("owner")]


def _passfile(tmp_path: Path, clinic: Clinic, login: str, password: str) -> Path:
    s = clinic.server
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{s.host}:{s.port}:{clinic.database}:{login}:{password}\n")
    passfile.chmod(0o600)  # libpq ignores a password file others can read
    return passfile


def test_a_password_file_connects_without_a_password_in_the_url(
    clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    s = clinic.server
    url = f"postgresql+psycopg://{ana}@{s.host}:{s.port}/{clinic.database}"
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "missing"))
    with pytest.raises(DatabaseError):
        open_store(url)

    monkeypatch.setenv("PGPASSFILE", str(_passfile(tmp_path, clinic, ana, password)))
    store = open_store(url)
    try:
        me = store.role_practitioner()
    finally:
        store.close()
    assert me is not None
    assert (me.db_role, me.name) == (ana, "Ana Ruiz")


def test_a_service_file_names_the_database_in_the_url(
    clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    s = clinic.server
    service = tmp_path / "pg_service.conf"
    service.write_text(
        f"[needleplan]\nhost={s.host}\nport={s.port}\ndbname={clinic.database}\nuser={ana}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    monkeypatch.setenv("PGPASSFILE", str(_passfile(tmp_path, clinic, ana, password)))

    store = open_store("postgresql+psycopg:///?service=needleplan")
    try:
        store.act_as(store.role_practitioner())
        pid = store.patients.add(Patient("Jo Bloggs")).id
        [entry] = store.audit.for_patient(pid)  # type: ignore[arg-type]
    finally:
        store.close()
    assert (entry.account, entry.who) == (ana, "Ana Ruiz (Physiotherapist)")


def test_a_table_a_later_migration_adds_is_the_groups_too(clinic: Clinic) -> None:
    clinic.setup()
    owner = create_database_engine(clinic.url)
    event.listen(owner, "connect", as_role(clinic.roles.owner))
    try:
        with owner.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE later_records (id serial PRIMARY KEY)")
    finally:
        owner.dispose()
    assert _privileges(clinic, "later_records") == APP_PRIVILEGES
    [(usage,)] = clinic.admin(
        "SELECT has_sequence_privilege(%s, 'later_records_id_seq', 'USAGE')", clinic.roles.group
    )
    assert usage is True


def test_a_password_is_sent_as_a_scram_hash(clinic: Clinic) -> None:
    secret = "Kettle-Orbit-42"
    new = NewPractitioner(clinic.role("ana"), "Ana Ruiz", password=secret)
    with psycopg.connect(clinic.server.url(clinic.database, driver="postgresql")) as conn:
        [*_, statement] = practitioner_steps(conn, clinic.roles, new)
        text = statement.as_string(conn)
    assert text.startswith(f'ALTER ROLE "{new.login}" PASSWORD \'SCRAM-SHA-256$')
    assert secret not in text
    assert secret not in repr(new)


def test_print_sql_on_a_database_set_up_upgrades_nothing(clinic: Clinic) -> None:
    clinic.setup()
    lines = print_sql(clinic.url, clinic.roles, None)
    assert f"-- the schema is at {SCHEMA_HEAD}: nothing to upgrade" in lines
    assert not any(line.startswith(("CREATE ROLE", "ALTER SCHEMA")) for line in lines)
    assert lines[:2] == ["BEGIN;", "COMMIT;"]


def test_a_practitioner_can_back_up_the_database(clinic: Clinic, tmp_path: Path) -> None:
    """pg_dump (and the logical archive) read every table, audit_erasing too."""
    from planner.store.backup import backup

    clinic.setup()
    ana, password = clinic.add_practitioner("ana", "Ana Ruiz", "Physiotherapist")
    store = clinic.open_as(ana, password)
    try:
        store.patients.add(Patient("Jo Bloggs"))
    finally:
        store.close()
    assert backup(clinic.url_as(ana, password), tmp_path / "copy.dump") == SCHEMA_HEAD
    assert (tmp_path / "copy.dump").stat().st_size > 0
