"""`needleplan handout` refuses a sheet where the Handout page does (one decision for both)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from planner.cli import main
from tests.domain.handout.test_content import EXAMPLE


@pytest.fixture(autouse=True)
def no_user_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))


def _handout(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: object) -> tuple[int, str]:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "h.pdf"
    code = main(["handout", str(case), "-o", str(out), "--date", "2026-11-24"])
    assert out.exists() == (code == 0)
    return code, capsys.readouterr().err


def test_no_sheet_while_a_red_flag_stands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["assessment"]["red_flags"] = ["fever"]
    code, err = _handout(capsys, tmp_path, doc)
    assert code == 2
    assert err.startswith("needleplan: error: no handout: red flag red-flag-fever stands")
    assert "Traceback" not in err


def test_a_course_override_does_not_allow_the_sheet_but_a_clearance_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["assessment"]["red_flags"] = ["fever"]
    doc["plan"]["course_override"] = {
        "sessions": 4,
        "reason": "Seen by GP: fever settled.",
        "recorded_on": "2026-11-20",
    }
    assert _handout(capsys, tmp_path, doc)[0] == 2
    doc["assessment"]["clearances"] = [
        {
            "rule": "red-flag-fever",
            "cleared_by": "Dr Lee",
            "role": "GP",
            "date": "2026-11-20",
            "note": "Fever settled.",
        }
    ]
    assert _handout(capsys, tmp_path, doc) == (0, "")


def test_no_sheet_without_planned_targets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["plan"]["acupoints"] = []
    doc["plan"]["trigger_points"] = []
    code, err = _handout(capsys, tmp_path, doc)
    assert code == 2
    assert "nothing to hand out" in err
