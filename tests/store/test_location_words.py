"""The status bar names the database in words, never as a raw URL or with a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.store.location import in_words


def test_a_file_in_the_home_folder_is_named_with_a_tilde() -> None:
    url = f"sqlite:///{Path.home() / '.local/share/needleplan/needleplan.sqlite'}"
    assert in_words(url) == "Database: needleplan.sqlite in ~/.local/share/needleplan"
    assert in_words(f"sqlite:///{Path.home() / 'clinic.sqlite'}") == "Database: clinic.sqlite in ~"


def test_a_file_elsewhere_keeps_its_folder(tmp_path: Path) -> None:
    if tmp_path.is_relative_to(Path.home()):
        pytest.skip("the temporary folder is inside the home folder here")
    assert in_words(f"sqlite:///{tmp_path / 'db.sqlite'}") == f"Database: db.sqlite in {tmp_path}"


def test_a_relative_file_is_named_from_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert in_words("sqlite:///db.sqlite").startswith("Database: db.sqlite in ")
    assert not in_words("sqlite:///db.sqlite").endswith(" .")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "postgresql+psycopg://sam:secret@db.example:5432/needleplan",
            "Clinic database on server db.example (needleplan)",
        ),
        ("postgresql://sam@localhost/clinic", "Clinic database on this computer (clinic)"),
        ("postgresql:///needleplan", "Clinic database on this computer (needleplan)"),
        ("sqlite://", "Database: in memory only (nothing is kept)"),
    ],
)
def test_servers_and_memory(url: str, words: str) -> None:
    assert in_words(url) == words
    assert "secret" not in in_words(url)


def test_another_kind_falls_back_to_the_masked_address() -> None:
    assert in_words("mysql://sam:secret@host/db") == "Database: mysql://sam:***@host/db"
