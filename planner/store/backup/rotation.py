"""Automatic backups: their names, which are due, which to delete, and taking one.

The choices (is one due, which to delete) are pure, over file names and a time, so they are
tested without files. Only files named as automatic backups are ever deleted: anything else
a person keeps in the folder stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

__all__ = [
    "AUTO_PREFIX",
    "automatic_backups",
    "automatic_name",
    "backup_suffix",
    "default_folder",
    "is_due",
    "take_automatic_backup",
    "to_delete",
]

AUTO_PREFIX = "needleplan-auto-"
STAMP = "%Y%m%d-%H%M%S"
_AUTO = re.compile(rf"^{AUTO_PREFIX}(\d{{8}}-\d{{6}})(?:-\d+)?\.(?:sqlite|dump)$")
DAILY = timedelta(days=1)


def backup_suffix(url: str) -> str:
    """ ".dump" for a PostgreSQL database (a pg_dump archive), ".sqlite" otherwise."""
    return ".dump" if url.startswith(("postgresql", "postgres:")) else ".sqlite"


def automatic_name(now: datetime, suffix: str) -> str:
    return f"{AUTO_PREFIX}{now.strftime(STAMP)}{suffix}"


def automatic_backups(names: Iterable[str]) -> list[tuple[datetime, str]]:
    """The automatic backups among `names` with when each was taken, newest first."""
    found: list[tuple[datetime, str]] = []
    for name in names:
        match = _AUTO.match(name)
        if match is None:
            continue
        try:
            found.append((datetime.strptime(match.group(1), STAMP), name))
        except ValueError:  # digits that are no date: not one of ours
            continue
    return sorted(found, reverse=True)


def to_delete(names: Iterable[str], keep: int) -> list[str]:
    """The automatic backups beyond the newest `keep` (at least one is always kept)."""
    return [name for _, name in automatic_backups(names)[max(keep, 1) :]]


def is_due(names: Iterable[str], now: datetime, every: timedelta = DAILY) -> bool:
    """True when there is no automatic backup yet, or the newest is `every` old or older
    (one dated in the future, a clock set back, counts as not due)."""
    newest = automatic_backups(names)
    return not newest or now - newest[0][0] >= every


def default_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("needleplan", appauthor=False)) / "backups"


def take_automatic_backup(url: str, folder: Path, keep: int, now: datetime) -> Path:
    """Back up the database at `url` into `folder` (made 0700) as a 0600 automatic backup,
    then delete the automatic backups beyond the newest `keep`; the new file.
    BackupError (or OSError) when the backup cannot be made: nothing is deleted then."""
    import os

    from planner.store.backup import backup, private_folder

    private_folder(folder)
    suffix = backup_suffix(url)
    target = folder / automatic_name(now, suffix)
    number = 2
    while os.path.lexists(target):  # two in one second: the second gets -2
        target = folder / f"{AUTO_PREFIX}{now.strftime(STAMP)}-{number}{suffix}"
        number += 1
    backup(url, target)
    os.chmod(target, 0o600)
    for name in to_delete((p.name for p in folder.iterdir()), keep):
        (folder / name).unlink(missing_ok=True)
    return target
