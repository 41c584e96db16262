"""The Course page's session times, public holidays as skipped dates, and the calendar file's
place, reviews and initials."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import holidays
import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from planner.casefile.clinic import HolidayPlace, save_clinic
from planner.domain.handout import ClinicDetails
from planner.domain.plan import AcupointTarget, Plan
from planner.store.database import Store
from planner.ui.course.controller import CourseController
from planner.ui.course.model import SessionsModel
from tests.ui.conftest import MakeWindow
from tests.ui.course.test_page import TODAY, add_case, dates, open_course, problem, settle

CLINIC = ClinicDetails(name="Northside Clinic", address="12 Mill Lane\nLeeds LS1 4AB")
# A running course over Christmas (a start date already saved may be in the past).
CHRISTMAS_START = date(2026, 12, 14)  # a Monday


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> CourseController:
    return open_course(make_window(), add_case(store))


def events(path: Path) -> list[dict[str, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    found = [
        {
            "summary": str(e.get("summary")),
            "location": str(e.get("location", "")),
            "start": e.decoded("dtstart").isoformat(),
        }
        for e in calendar.walk("VEVENT")
    ]
    return sorted(found, key=lambda e: e["start"])


def export(page: CourseController, target: Path) -> list[dict[str, str]]:
    page.ics.choose_path = lambda _parent, _suggested: target
    page.view.export_button.click()
    assert problem(page, "export") == ""
    return events(target)


def time_text(page: CourseController, row: int) -> str:
    return str(page.sessions_model.index(row, SessionsModel.TIME).data())


def test_each_day_has_its_own_session_time_remembered_for_the_next_patient(
    qtbot: QtBot, page: CourseController, make_window: MakeWindow, store: Store, tmp_path: Path
) -> None:
    times = page.view.session_times
    shown = [d for d, edit in times.edits.items() if not edit.isHidden()]
    assert shown == ["mon", "wed", "fri"]  # the clinic's open days only
    times.edits["fri"].setTime(QTime(14, 30))
    settle(qtbot, page)
    for row, day in enumerate(dates(page)):
        assert time_text(page, row) == ("14:30" if day.weekday() == 4 else "09:00")
    starts = [e["start"] for e in export(page, tmp_path / "ana.ics")]
    assert [s[11:16] for s in starts] == [time_text(page, r) for r in range(len(starts))]

    again = open_course(make_window(), add_case(store))
    assert again.view.session_times.edits["fri"].time() == QTime(14, 30)


def test_todays_session_never_starts_at_a_time_already_past(
    qtbot: QtBot, make_window: MakeWindow, store: Store, tmp_path: Path
) -> None:
    every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    plan = Plan(acupoints=(AcupointTarget("GB21"),), start_date=TODAY, clinic_days=every_day)
    page = open_course(make_window(), add_case(store, plan=plan))
    page.times._clock = lambda: datetime.combine(TODAY, time(14, 20))
    page.recompute()
    assert dates(page)[0] == TODAY
    assert time_text(page, 0) == "14:30"
    assert time_text(page, 1) == "09:00"  # another day keeps the day's time
    assert "09:00 has already passed" in page.view.time_note.text()
    first = export(page, tmp_path / "today.ics")[0]
    assert first["start"] == datetime.combine(TODAY, time(14, 30)).isoformat()


def test_the_calendar_file_names_the_clinic_marks_reviews_and_can_use_initials(
    make_window: MakeWindow, store: Store, tmp_path: Path
) -> None:
    save_clinic(CLINIC)
    page = open_course(make_window(), add_case(store))
    assert (
        page.view.location_note.text() == "Events at Northside Clinic, 12 Mill Lane, Leeds LS1 4AB"
    )
    found = export(page, tmp_path / "full.ics")
    assert {e["location"] for e in found} == {"Northside Clinic, 12 Mill Lane, Leeds LS1 4AB"}
    assert page.course is not None
    reviews = [n for n, e in enumerate(found, start=1) if e["summary"].startswith("Review: ")]
    assert reviews == list(page.course.reviews_after)
    assert found[0]["summary"].startswith("Ana López: session 1 of")

    page.view.initials.setChecked(True)
    suggested: list[str] = []
    page.ics.choose_path = lambda _parent, name: suggested.append(name) or tmp_path / "short.ics"
    page.view.export_button.click()
    assert suggested == ["course.ics"]  # not the patient's name in the file name either
    data = (tmp_path / "short.ics").read_bytes()
    assert "López".encode() not in data
    assert events(tmp_path / "short.ics")[0]["summary"].startswith("A.L.: session 1 of")
    again = open_course(make_window(), add_case(store))
    assert again.view.initials.isChecked()  # remembered


def test_without_clinic_details_the_page_says_where_to_set_them(page: CourseController) -> None:
    assert "Edit › Settings" in page.view.location_note.text()


def test_public_holidays_need_the_clinics_place_first(page: CourseController) -> None:
    before = dates(page)
    page.view.holidays_button.click()
    assert "Edit › Settings" in problem(page, "skip_dates")
    assert dates(page) == before


def test_add_public_holidays_skips_those_within_the_course(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    save_clinic(CLINIC, holiday_place=HolidayPlace("GB", "ENG"))
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),),
        start_date=CHRISTMAS_START,
        clinic_days=("mon", "tue", "wed", "thu", "fri"),
    )
    page = open_course(make_window(), add_case(store, plan=plan))
    english = holidays.country_holidays("GB", subdiv="ENG", years=(2026, 2027))
    assert any(d in english for d in dates(page))  # 28 Dec, Boxing Day observed
    qtbot.mouseClick(page.view.holidays_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert not any(d in english for d in dates(page))
    assert page.inputs is not None
    added = set(page.inputs.skip_dates)
    last = dates(page)[-1]
    # The holidays a session could fall on (Monday to Friday), none at a weekend.
    assert added == {d for d in english if CHRISTMAS_START <= d <= last and d.weekday() < 5}
    items = [page.view.skip_list.item(r).text() for r in range(page.view.skip_list.count())]
    assert "25 December 2026 · Christmas Day" in items
    assert page.view.save_button.isEnabled()


def test_the_holidays_package_loads_only_when_asked() -> None:
    code = (
        "import sys\n"
        "import planner.ui.course.controller\n"
        "assert 'holidays' not in sys.modules, 'holidays imported by the Course page'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
