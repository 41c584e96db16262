from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.domain.patient import Patient
from planner.store.database import open_store
from planner.store.directory import open_directory
from planner.store.engine import run_alembic
from planner.store.lazy import LazyDatabase
from planner.store.location import DatabaseError, describe


def _seed(url: str, *names: str) -> None:
    store = open_store(url)
    for name in names:
        store.patients.add(Patient(name))
    store.close()


def test_existing_database_lists_without_opening_the_store(database_url: str) -> None:
    _seed(database_url, "José Núñez", "Ana López")
    db = LazyDatabase(database_url)
    try:
        assert not db.store_is_open
        assert [p.name for p in db.patients_list.search("nunez")] == ["José Núñez"]
        assert db.patients_list.count("") == 2
        assert not db.store_is_open
        db.store.patients.add(Patient("Zoë Ångström"))  # first write opens the store
        assert db.store_is_open
        assert [p.name for p in db.patients_list.search("zoe")] == ["Zoë Ångström"]
    finally:
        db.close()


def test_directory_and_store_return_the_same_search(database_url: str) -> None:
    names = ["José Núñez", "Joseph Nun", "Maria José Alvarez", "Ana Anaya", "Łukasz Nowak"]
    _seed(database_url, *names)
    directory = open_directory(database_url)
    store = open_store(database_url)
    assert directory is not None
    try:
        for query in ["", "jo", "nu", "jose alv", "ana", "lukasz", "zz"]:
            assert directory.search(query) == store.patients.search(query)
            assert directory.count(query) == store.patients.count(query)
    finally:
        directory.close()
        store.close()


def test_new_database_opens_the_store_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    db = LazyDatabase(url)
    try:
        assert db.store_is_open  # it had to be created
        assert db.patients_list.count("") == 0
    finally:
        db.close()


def test_outdated_database_is_upgraded_through_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _seed(url, "Ana López")
    store = open_store(url)
    run_alembic(store.engine, "downgrade", "0001")
    store.close()
    assert open_directory(url) is None
    db = LazyDatabase(url)
    try:
        assert db.store_is_open
        assert [p.name for p in db.patients_list.search("ana")] == ["Ana López"]
    finally:
        db.close()


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open the database"):
        LazyDatabase("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://ana:s3cret@db.clinic:5433/np",
            "postgresql+psycopg://ana:***@db.clinic:5433/np",
        ),
        ("sqlite:////home/ana/np.sqlite", "sqlite:////home/ana/np.sqlite"),
    ],
)
def test_description_masks_the_password(url: str, shown: str) -> None:
    assert describe(url) == shown


def test_listing_the_first_page_imports_no_sqlalchemy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'np.sqlite'}"
    _seed(url, "Ana López")
    code = (
        "import sys\n"
        "from planner.store.lazy import LazyDatabase\n"
        f"db = LazyDatabase({url!r})\n"
        "print([p.name for p in db.patients_list.search('')], 'sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['Ana López'] False"
