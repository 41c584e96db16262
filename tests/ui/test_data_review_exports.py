"""Data review: files that carry a patient's name and dates are private and written whole."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.casefile.atomic import write_atomically
from planner.store.database import Store
from planner.ui.course.controller import CourseController
from tests.ui.conftest import MakeWindow
from tests.ui.course.test_page import add_case, open_course


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> CourseController:
    return open_course(make_window(), add_case(store))


@pytest.mark.usefixtures("open_umask")
def test_the_course_calendar_export_is_private(page: CourseController, tmp_path: Path) -> None:
    target = tmp_path / "ana.ics"
    assert page.export_ics(target) == target
    assert b"Ana L" in target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_atomic_write_reaches_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: str, target: Path) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomically(tmp_path / "clinic.json", b"{}")
    assert events[:2] == ["fsync", "replace"]
