"""Unsaved work on disk: one small JSON file per patient and kind, written atomically.

A draft is what a form held the last time it changed, so a crash, a kill or a power cut
loses at most the last debounce interval of typing. Files are private to the user (0600,
in a 0700 folder) because they hold health data. Pure Python: no Qt, cheap to import.

`data` is whatever the form puts there (the assessment form: a JSON image of its fields).
The case-file converters (planner.casefile) are not used: they validate a whole document
and refuse a half-typed one, and a draft must keep whatever was typed, mistakes included.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

DRAFT_FORMAT = "needleplan-draft/1"
ASSESSMENT = "assessment"


def default_drafts_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("needleplan")) / "drafts"


@dataclass(frozen=True)
class Draft:
    patient_id: int
    kind: str
    saved_at: datetime  # local time, naive: shown to the user as "14:32"
    data: dict[str, Any]


def database_folder(database_url: str) -> str:
    """A folder name per database, so patient 12's draft in the clinic's database is never
    offered on patient 12 of another; the password is left out, so changing it keeps them."""
    import zlib  # already loaded at start-up; hashlib would pull in OpenSSL (~4 MiB)

    from planner.store.location import describe

    return f"db-{zlib.crc32(describe(database_url).encode()):08x}"


class DraftStore:
    """Drafts in `directory` (default: the user's data folder, drafts/, one folder per
    database when its URL is given)."""

    def __init__(self, directory: Path | None = None, *, database_url: str | None = None) -> None:
        self._directory = directory
        self._database_url = database_url

    @property
    def directory(self) -> Path:
        # Resolved on first use: platformdirs is not needed to show the window.
        if self._directory is None:
            folder = default_drafts_dir()
            if self._database_url is not None:
                folder = folder / database_folder(self._database_url)
            self._directory = folder
        return self._directory

    def path(self, patient_id: int, kind: str) -> Path:
        return self.directory / f"patient-{patient_id}-{kind}.json"

    def exists(self, patient_id: int, kind: str) -> bool:
        return self.path(patient_id, kind).is_file()

    def save(
        self, patient_id: int, kind: str, data: dict[str, Any], *, now: datetime | None = None
    ) -> Path:
        """Replace the draft in one step: a reader sees the old file or the new, never half."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        doc = {
            "format": DRAFT_FORMAT,
            "patient_id": patient_id,
            "kind": kind,
            "saved_at": (now or datetime.now()).isoformat(timespec="seconds"),
            "data": data,
        }
        target = self.path(patient_id, kind)
        import tempfile  # only when something is typed, not at start-up

        # mkstemp creates the file 0600; the rename is atomic within one directory.
        fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(doc, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return target

    def load(self, patient_id: int, kind: str) -> Draft | None:
        """The draft, or None. An unreadable file is kept aside (.bad), never deleted."""
        path = self.path(patient_id, kind)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("format") != DRAFT_FORMAT or not isinstance(doc.get("data"), dict):
                raise ValueError("not a draft")
            return Draft(patient_id, kind, datetime.fromisoformat(doc["saved_at"]), doc["data"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            with contextlib.suppress(OSError):
                path.replace(_aside(path))
            return None

    def keep_aside(self, patient_id: int, kind: str) -> None:
        """Move a draft the form cannot read out of the way (.bad), never deleting it."""
        path = self.path(patient_id, kind)
        with contextlib.suppress(FileNotFoundError):
            path.replace(_aside(path))

    def discard(self, patient_id: int, kind: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(patient_id, kind).unlink()

    def erase_patient(self, patient_id: int) -> int:
        """Remove every draft of an erased patient: each kind, the damaged copies kept aside
        (.bad) and a temporary file a killed save left holding their typing. Returns how
        many files went; every file is tried, then the first failure is raised (OSError)."""
        try:
            entries = list(os.scandir(self.directory))
        except FileNotFoundError:
            return 0
        prefix = f"patient-{patient_id}-"  # "patient-1-" is not a prefix of "patient-12-"
        removed = 0
        failed: OSError | None = None
        for entry in entries:
            name = entry.name
            ours = name.startswith(prefix) and name.endswith((".json", ".bad"))
            if not ours and not (name.startswith(".draft-") and name.endswith(".tmp")):
                continue
            if not ours and _temp_patient(Path(entry.path)) != patient_id:
                continue
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                failed = failed or exc
                continue
            removed += 1
        if failed is not None:
            raise failed
        return removed


# A save killed half-way leaves a file cut off; "patient_id" is written before the typing,
# so any cut that holds typing names its patient (typed quotes are escaped: never a match).
_PATIENT_LINE = re.compile(r'"patient_id":\s*(\d+)\s*[,}]')


def _temp_patient(path: Path) -> int | None:
    """The patient a leftover temporary draft was written for, if it can be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    try:
        doc = json.loads(text)
        pid = doc.get("patient_id")
    except (ValueError, AttributeError):
        found = _PATIENT_LINE.search(text)
        return int(found.group(1)) if found else None
    return pid if isinstance(pid, int) else None


def _aside(path: Path) -> Path:
    """A free name for a damaged draft: x.bad, then x.2.bad, ...; an earlier one is kept."""
    candidate = path.with_suffix(".bad")
    n = 2
    while candidate.exists():
        candidate = path.with_suffix(f".{n}.bad")
        n += 1
    return candidate
