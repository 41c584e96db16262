"""NICE NG193's cap on the command line: --nice-cap, else the plan's, else the clinic's default."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main

CASE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {"name": "Ana López", "birth_date": "1984-03-02", "sex": "female"},
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Right-sided neck pain after desk work",
        "onset_date": "2026-08-01",  # chronic by the assessment
        "pain": {"now": 6, "best": 3, "worst": 8},
        "ndi_total": 18,
    },
    "plan": {
        "modality": "acupuncture",
        "acupoints": [{"code": "SI3", "side": "both"}],
        "session_minutes": 60,  # 10 sessions: 600 minutes; the cap allows 5
        "start_date": "2026-11-24",
        "clinic_days": ["mon", "wed", "fri"],
    },
}


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clinic.json the command line finds by default (it does not exist yet)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "needleplan" / "clinic.json"


def _clinic(path: Path, **doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": "Harbour Street", **doc}), encoding="utf-8")
    return path


def _case(tmp_path: Path, patient: dict[str, Any] | None = None, **plan: Any) -> Path:
    doc = copy.deepcopy(CASE)
    doc["plan"].update(plan)
    doc["patient"].update(patient or {})
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _course(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code = main(["course", *argv, "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


def test_no_clinic_default_no_cap_and_the_excess_is_stated(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(capsys, str(_case(tmp_path)))
    assert course["sessions"] == 10
    assert "600 minutes: 300 minutes over the 300. The cap is off." in course["rationale"]
    assert "NICE NG193 (2021)" in course["sources"]


def test_a_plan_that_does_not_say_takes_the_clinic_default(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clinic(config, nice_cap=True)
    path = _case(tmp_path)
    course = _course(capsys, str(path))
    assert course["sessions"] == 5
    assert "300 minutes: within the 300" in course["rationale"]
    # needleplan review shows the same course.
    assert main(["review", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["course"] == course


def test_the_plan_and_the_option_win_over_the_clinic_default(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clinic(config, nice_cap=True)
    assert _course(capsys, str(_case(tmp_path, nice_cap=False)))["sessions"] == 10
    assert _course(capsys, str(_case(tmp_path)), "--no-nice-cap")["sessions"] == 10
    _clinic(config, nice_cap=False)
    assert _course(capsys, str(_case(tmp_path, nice_cap=True)))["sessions"] == 5
    assert _course(capsys, str(_case(tmp_path)), "--nice-cap")["sessions"] == 5


def test_clinic_option_names_the_file(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic = _clinic(tmp_path / "elsewhere" / "clinic.json", nice_cap=True)
    path = str(_case(tmp_path))
    assert _course(capsys, path, "--clinic", str(clinic))["sessions"] == 5
    assert main(["review", path, "--json", "--clinic", str(clinic)]) == 0
    assert json.loads(capsys.readouterr().out)["course"]["sessions"] == 5
    assert main(["course", path, "--clinic", str(tmp_path / "missing.json")]) != 0
    assert "--clinic:" in capsys.readouterr().err


def test_a_bad_clinic_default_is_reported(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clinic(config, nice_cap="yes")
    assert main(["course", str(_case(tmp_path))]) == 2
    assert "clinic.json: nice_cap" in capsys.readouterr().err
