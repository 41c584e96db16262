"""Automatic backups' rotation: which are due, which go, and only ours ever go."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

from planner.domain.patient import Patient
from planner.store.backup.rotation import (
    automatic_backups,
    automatic_name,
    backup_suffix,
    is_due,
    take_automatic_backup,
    to_delete,
)
from planner.store.database import open_store

NOW = datetime(2026, 12, 15, 18, 30, 0)


def names_every_hour(count: int) -> list[str]:
    return [automatic_name(NOW - timedelta(hours=h), ".sqlite") for h in range(count)]


def test_the_name_is_stamped_to_the_second() -> None:
    assert automatic_name(NOW, ".sqlite") == "needleplan-auto-20261215-183000.sqlite"
    assert backup_suffix("sqlite:////tmp/x.sqlite") == ".sqlite"
    assert backup_suffix("postgresql+psycopg://u@h/db") == ".dump"


def test_rotation_deletes_the_oldest_beyond_keep_and_nothing_else() -> None:
    ours = names_every_hour(12)
    others = [
        "needleplan-2026-12-01-0900.sqlite",  # a manual backup
        "notes.txt",
        "needleplan-auto-latest.sqlite",  # not stamped: not ours
        "needleplan-auto-20269999-999999.sqlite",  # digits that are no date
        ".needleplan-auto-20261215-183000.sqlite.needleplan-1-x.tmp",
    ]
    gone = to_delete([*others, *reversed(ours)], keep=10)
    assert gone == ours[10:]
    assert to_delete(ours, keep=0) == ours[1:]  # the newest is always kept
    assert to_delete(ours[:3], keep=10) == []


def test_newest_first_and_a_second_in_one_second() -> None:
    twin = "needleplan-auto-20261215-183000-2.sqlite"
    found = automatic_backups([names_every_hour(2)[1], twin])
    assert [name for _, name in found] == [twin, names_every_hour(2)[1]]


def test_due_once_a_day() -> None:
    assert is_due([], NOW)
    assert is_due(["notes.txt", "needleplan-2026-12-15-1800.sqlite"], NOW)  # not automatic
    yesterday = automatic_name(NOW - timedelta(days=1), ".dump")
    assert is_due([yesterday], NOW)
    recent = automatic_name(NOW - timedelta(hours=23, minutes=59), ".sqlite")
    assert not is_due([yesterday, recent], NOW)
    assert not is_due([automatic_name(NOW + timedelta(hours=2), ".sqlite")], NOW)


def test_take_automatic_backup_writes_private_files_and_keeps_n(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = open_store(url)
    store.patients.add(Patient("Ana López"))
    store.close()
    folder = tmp_path / "backups" / "auto"
    keep_me = folder / "my-copy.sqlite"
    made = []
    for minute in range(4):
        made.append(take_automatic_backup(url, folder, 2, NOW + timedelta(minutes=minute)))
        if minute == 0:
            keep_me.write_text("mine")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder.parent).st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [keep_me.name, made[2].name, made[3].name]
    )
    for path in made[2:]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    copy = open_store(f"sqlite:///{made[3]}")
    assert copy.patients.count() == 1
    copy.close()
