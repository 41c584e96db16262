"""`needleplan course CASE.json` and the course in `needleplan review`."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from planner.casefile.ics import course_to_ics
from planner.cli import main
from planner.domain.errors import ValidationError

CASE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {"name": "Ana López", "birth_date": "1984-03-02", "sex": "female"},
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Right-sided neck pain after desk work",
        "onset_date": "2026-08-01",
        "pain": {"now": 6, "best": 3, "worst": 8},
        "ndi_total": 18,
    },
    "plan": {
        "modality": "acupuncture",
        "acupoints": [{"code": "SI3", "side": "both"}],
        "session_minutes": 30,
        "start_date": "2026-11-24",
        "clinic_days": ["mon", "wed", "fri"],
    },
}
EXAMPLE_DATES = [
    "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-02", "2026-12-07",
    "2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11",
]  # fmt: skip
COURSE_KEYS = {
    "sessions",
    "min_sessions",
    "max_sessions",
    "phases",
    "reviews_after",
    "dates",
    "rationale",
    "sources",
}


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _case(**plan: Any) -> dict[str, Any]:
    doc = copy.deepcopy(CASE)
    doc["plan"].update(plan)
    return doc


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _course_json(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict[str, Any]:
    code, out, err = _run(capsys, "course", str(path), "--json", *extra)
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


# --- needleplan review ----------------------------------------------------------------------


def test_review_fills_the_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "review", str(_write(tmp_path, CASE)), "--json")
    assert (code, err) == (0, "")
    course = json.loads(out)["course"]
    assert set(course) == COURSE_KEYS
    assert (course["sessions"], course["min_sessions"], course["max_sessions"]) == (10, 8, 12)
    assert course["phases"] == [{"weeks": 2, "per_week": 2}, {"weeks": 6, "per_week": 1}]
    assert course["reviews_after"] == [3, 6, 10]
    assert course["dates"] == EXAMPLE_DATES
    assert "chronic" in course["rationale"]
    assert "MacPherson 2015 (ATLAS neck trial, Ann Intern Med)" in course["sources"]


def test_review_of_a_red_flag_case_has_no_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(CASE)
    doc["assessment"]["red_flags"] = ["fever"]
    code, out, _ = _run(capsys, "review", str(_write(tmp_path, doc)), "--json")
    assert code == 0
    assert json.loads(out)["course"] is None


def test_review_a_course_override_never_lifts_a_red_flag_but_a_clearance_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(
        course_override={
            "sessions": 4,
            "reason": "GP reviewed; fever resolved",
            "recorded_on": "2026-11-20",
        }
    )
    doc["assessment"]["red_flags"] = ["fever"]
    code, out, _ = _run(capsys, "review", str(_write(tmp_path, doc)), "--json")
    assert code == 0
    assert json.loads(out)["course"] is None
    doc["assessment"]["clearances"] = [
        {
            "rule": "red-flag-fever",
            "cleared_by": "Dr Lee",
            "role": "GP",
            "date": "2026-11-20",
            "note": "Fever resolved; no infection.",
        }
    ]
    code, out, _ = _run(capsys, "review", str(_write(tmp_path, doc)), "--json")
    assert code == 0
    result = json.loads(out)
    (flag,) = [f for f in result["findings"] if f["rule"] == "red-flag-fever"]
    assert flag["cleared_by"].startswith("cleared by Dr Lee (GP) on 2026-11-20")
    course = result["course"]
    assert course["sessions"] == 4
    assert course["dates"] == EXAMPLE_DATES[:4]
    assert course["rationale"].startswith("Red flag cleared before planning (red-flag-fever)")
    assert "Reason: GP reviewed; fever resolved." in course["rationale"]


def test_review_without_a_start_date_has_no_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(CASE)
    del doc["plan"]["start_date"]
    code, out, _ = _run(capsys, "review", str(_write(tmp_path, doc)), "--json")
    assert code == 0
    assert json.loads(out)["course"] is None


def test_review_prints_the_course_for_a_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "review", str(_write(tmp_path, CASE)))
    assert code == 0
    assert "Course: 10 sessions (range 8-12); twice a week for 2 weeks" in out
    assert "   3. Mon 2026-11-30  review" in out


# --- needleplan course ----------------------------------------------------------------------


def test_course_json_is_the_review_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, CASE)
    course = _course_json(capsys, path)
    _, out, _ = _run(capsys, "review", str(path), "--json")
    assert course == json.loads(out)["course"]


def test_course_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = _course_json(
        capsys,
        _write(tmp_path, _case(session_minutes=45)),
        "--prefer",
        "wed,fri",
        "--skip",
        "2026-12-25,2027-01-01",
        "--skip",
        "2026-12-23",
        "--nice-cap",
        "--response",
        "6",
    )
    # 300 // 45 = 6 sessions at most (NICE NG193).
    assert course["sessions"] == 6
    assert "NICE NG193 (2021)" in course["sources"]
    days = [date.fromisoformat(d) for d in course["dates"]]
    assert {d.strftime("%a") for d in days} <= {"Wed", "Fri"}
    assert not {"2026-12-25", "2027-01-01", "2026-12-23"} & set(course["dates"])
    assert "less than the 2 points" in course["rationale"]


def test_course_reads_the_plans_calendar_and_options_win(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        _case(
            session_minutes=45,
            preferred_days=["wed"],
            skip_dates=["2026-12-23"],
            nice_cap=True,
        ),
    )
    course = _course_json(capsys, path)
    assert course["sessions"] == 300 // 45  # the plan's NICE cap
    assert {date.fromisoformat(d).strftime("%a") for d in course["dates"]} == {"Wed"}
    assert "2026-12-23" not in course["dates"]

    argued = _course_json(capsys, path, "--prefer", "fri", "--skip", "2026-12-25", "--no-nice-cap")
    assert argued["sessions"] > 300 // 45
    assert {date.fromisoformat(d).strftime("%a") for d in argued["dates"]} == {"Fri"}
    assert "2026-12-25" not in argued["dates"]


def test_course_with_a_start_date_in_the_past(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "course", str(_write(tmp_path, CASE)), "--start", "2020-01-06")
    assert code == 2
    assert out == ""
    assert err.startswith("needleplan: error: plan.start_date: Mon 6 Jan 2020 is in the past")


def test_course_with_a_new_start_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = date.today() + timedelta(days=7)
    course = _course_json(capsys, _write(tmp_path, CASE), "--start", start.isoformat())
    assert date.fromisoformat(course["dates"][0]) >= start
    assert len(course["dates"]) == course["sessions"]


def test_course_for_a_red_flag_case_exits_2_naming_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(CASE)
    doc["assessment"]["red_flags"] = ["chest-pain"]
    code, _, err = _run(capsys, "course", str(_write(tmp_path, doc)))
    assert code == 2
    assert "no course: red flag red-flag-chest-pain stands" in err


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ({"clinic_days": []}, "plan.clinic_days: no open day"),
        (
            {"course_override": {"sessions": 6, "reviews_after": [3, 8]}},
            "plan.course_override.reviews_after[1]: a review after session 8 comes after the "
            "last session (6)",
        ),
        (
            {"course_override": {"sessions": 0}},
            "plan.course_override.sessions: 0 is below the minimum of 1",
        ),
        (
            {"course_override": {"phases": [{"weeks": 2, "per_week": 4}]}},
            "plan.course_override.phases[0].per_week: 4 sessions a week, but sessions can "
            "fall on only 3 days",
        ),
    ],
)
def test_bad_course_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plan: dict[str, Any], expected: str
) -> None:
    code, out, err = _run(capsys, "course", str(_write(tmp_path, _case(**plan))), "--json")
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


def test_course_writes_an_ics_that_parses_back_to_the_same_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "course.ics"
    course = _course_json(
        capsys,
        _write(tmp_path, CASE),
        "--ics",
        str(ics),
        "--clinic-name",
        "Harbour Clinic",
        "--time",
        "14:30",
    )
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    starts = [e.decoded("dtstart") for e in events]
    assert [s.date().isoformat() for s in starts] == course["dates"] == EXAMPLE_DATES
    assert {(s.hour, s.minute) for s in starts} == {(14, 30)}
    assert all(e.decoded("dtend") - e.decoded("dtstart") == timedelta(minutes=30) for e in events)
    assert str(events[0]["summary"]) == "Ana López: session 1 of 10"
    assert str(events[0]["location"]) == "Harbour Clinic"
    assert len({str(e["uid"]) for e in events}) == 10


def test_course_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "course", str(_write(tmp_path, CASE)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Course: 10 sessions (range 8-12)")
    assert lines[1] == "   1. Wed 2026-11-25"
    assert lines[-2].startswith("Why: Pain for 12 weeks or more")
    assert lines[-1].startswith("Sources: MacPherson 2015")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--prefer", "mon,funday"], "'fun' is not a weekday"),
        (["--skip", "25/12/2026"], "is not a date (YYYY-MM-DD)"),
        (["--time", "2pm"], "is not a time (HH:MM)"),
        (["--response", "six"], "is not a list of scores"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["course", str(_write(tmp_path, CASE)), *argv])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


# --- course_to_ics --------------------------------------------------------------------------

STAMP = datetime(2026, 11, 21, 9, 0).astimezone()


def test_ics_is_deterministic_with_a_fixed_stamp() -> None:
    days = [date(2026, 11, 25), date(2026, 11, 27)]
    first = course_to_ics("Ana", days, 30, "Clinic", time(9, 0), stamp=STAMP)
    assert first == course_to_ics("Ana", days, 30, "Clinic", time(9, 0), stamp=STAMP)
    text = first.decode()
    assert "DTSTART:20261125T090000\r\n" in text  # floating local time
    assert "PRODID:-//Needleplan//Course calendar//EN" in text


def test_an_empty_plan_has_no_calendar() -> None:
    with pytest.raises(ValidationError) as caught:
        course_to_ics("Ana", [], 30, "Clinic", time(9, 0))
    assert str(caught.value).startswith(
        "dates: the course has no session dates, so there is nothing to put in a calendar"
    )


def test_ics_refuses_dates_out_of_order_and_bad_minutes() -> None:
    with pytest.raises(ValidationError) as caught:
        course_to_ics("", [date(2026, 11, 27), date(2026, 11, 25)], 0, "", time(9, 0))
    assert [p.field for p in caught.value.problems] == [
        "dates[1]",
        "session_minutes",
        "patient_name",
    ]
