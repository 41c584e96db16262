"""`needleplan review CASE.json`: findings as ARCHITECTURE.md shapes them, no database."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.cli import main

BASE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {"name": "Maria Test", "birth_date": "1990-02-03", "sex": "female"},
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Neck and shoulder pain",
        "onset_date": "2026-09-01",
        "pain": {"now": 5, "best": 2, "worst": 7},
        "conditions": [],
        "red_flags": [],
    },
    "plan": {
        "modality": "acupuncture",
        "acupoints": [{"code": "SI3", "side": "both"}],
    },
}
FINDING_KEYS = {"rule", "severity", "targets", "message", "source"}


def _case(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = doc
        for key in parents:
            node = node[key]
        node[last] = value
    return doc


def _write(tmp_path: Path, doc: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _review(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["review", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def _review_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = _review(capsys, path, "--json")
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    assert set(result) == {"findings", "course"}
    for f in result["findings"]:
        assert set(f) in (FINDING_KEYS, FINDING_KEYS | {"overridden_by"})
    return result


def _rules(result: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(f["rule"], f["severity"], f["targets"]) for f in result["findings"]]


def test_pregnant_patient_with_li4_and_gb21(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(
        assessment__conditions=["pregnancy"],
        assessment__pregnancy_weeks=20,
        plan__acupoints=[{"code": "LI4", "side": "both"}, {"code": "GB21", "side": "right"}],
    )
    result = _review_json(capsys, _write(tmp_path, doc))
    assert _rules(result) == [
        ("pregnancy-point", "block", ["LI4"]),
        ("pregnancy", "caution", ["LI4", "GB21"]),
        ("pregnancy-caution-point", "caution", ["GB21"]),
        ("lung-risk", "caution", ["GB21"]),
    ]
    block = result["findings"][0]
    assert block["source"] == "AACP 2012; Carr 2015"
    assert "evidence of harm is weak" in block["message"]
    assert result["course"] is None


def test_pacemaker_with_electro_is_blocked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(assessment__conditions=["pacemaker"], plan__electro=True)
    result = _review_json(capsys, _write(tmp_path, doc))
    assert _rules(result) == [
        ("pacemaker-electro", "block", ["electro"]),
        # SI3 on both hands with electro: the current may cross the chest (Cummings 2011).
        ("electro-across-chest", "caution", ["SI3"]),
    ]
    assert result["findings"][0]["source"] == "Sierpina 2005"


def test_red_flag_gets_no_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _case(assessment__red_flags=["chest-pain"])
    result = _review_json(capsys, _write(tmp_path, doc))
    assert _rules(result) == [("red-flag-chest-pain", "refer", ["SI3"])]
    assert "cardiac and lung causes first" in result["findings"][0]["message"]
    assert result["course"] is None


def test_a_clearance_is_shown_with_who_cleared_and_an_override_lifts_no_red_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(
        assessment__red_flags=["osteoporosis"],
        plan__overrides=[
            {"rule": "red-flag-osteoporosis", "target": "SI3", "reason": "DEXA reviewed by GP"}
        ],
    )
    code, out, err = _review(capsys, _write(tmp_path, doc), "--json")
    assert code == 0
    assert "a red flag is lifted only by a clearance" in err
    (finding,) = json.loads(out)["findings"]
    assert "overridden_by" not in finding
    assert "cleared_by" not in finding
    doc["plan"]["overrides"] = []
    doc["assessment"]["clearances"] = [
        {
            "rule": "red-flag-osteoporosis",
            "cleared_by": "Dr Sato",
            "role": "rheumatologist",
            "date": "2026-11-20",
            "note": "DEXA reviewed; no fracture.",
        }
    ]
    code, out, _ = _review(capsys, _write(tmp_path, doc))
    assert code == 0
    assert "CLEARED: cleared by Dr Sato (rheumatologist) on 2026-11-20: DEXA reviewed" in out


def test_a_case_without_assessment_or_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {"format": "needleplan-case/1", "patient": {"name": "New Patient"}}
    assert _review_json(capsys, _write(tmp_path, doc)) == {"findings": [], "course": None}


def test_the_sample_case(capsys: pytest.CaptureFixture[str]) -> None:
    result = _review_json(capsys, resources.path("samples", "sample-case.json"))
    assert result["findings"][0]["rule"] == "anticoagulants"
    assert {f["rule"] for f in result["findings"]} >= {"lung-risk", "vessel-risk", "cns-risk"}


def test_human_output_is_one_line_per_finding_most_severe_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(
        assessment__conditions=["pregnancy"],
        assessment__red_flags=["fever"],
        plan__acupoints=[{"code": "GB21", "side": "left"}, {"code": "LI4", "side": "left"}],
    )
    code, out, err = _review(capsys, _write(tmp_path, doc))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["REFER", "red-flag-fever"],
        ["BLOCK", "pregnancy-point"],
        ["CAUTION", "pregnancy"],
        ["CAUTION", "pregnancy-caution-point"],
        ["CAUTION", "lung-risk"],
    ]
    assert lines[1].startswith("BLOCK pregnancy-point [LI4]: ")


def test_human_output_with_no_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _review(capsys, _write(tmp_path, _case()))
    assert (code, out) == (0, "No findings.\n")


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (_case(assessment__pain={"now": 11}), "assessment.pain.now"),
        (_case(assessment__conditions=["pregnant"]), "assessment.conditions[0]"),
        (
            _case(plan__acupoints=[{"code": "EX-UE99", "side": "left"}]),
            "plan.acupoints[0].code: 'EX-UE99' is not in the reference library",
        ),
        (
            _case(plan__trigger_points=[{"muscle": "biceps", "side": "left"}]),
            "plan.trigger_points[0].muscle: 'biceps' is not in the reference library",
        ),
        ("{not json", "invalid JSON"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, field: str
) -> None:
    code, out, err = _review(capsys, _write(tmp_path, doc), "--json")
    assert code == 2
    assert out == ""
    assert err.startswith("needleplan: error: ")
    assert field in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _review(capsys, tmp_path / "nope.json")
    assert code == 2
    assert "no such file" in err


def test_review_takes_one_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = "\n".join(json.dumps(_case()) for _ in range(2)) + "\n"
    code, _, err = _review(capsys, _write(tmp_path, lines, "cases.jsonl"))
    assert code == 2
    assert "holds 2" in err


def test_review_opens_no_database(tmp_path: Path) -> None:
    path = _write(tmp_path, _case(assessment__conditions=["anticoagulants"]))
    argv = ["--database-url", "sqlite:////nonexistent/dir/x.db", "review", str(path), "--json"]
    script = (
        "import sys; from planner.cli import main; "
        f"code = main({argv!r}); "
        "assert code == 0, code; "
        "assert 'sqlalchemy' not in sys.modules and 'planner.store' not in sys.modules"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["findings"][0]["rule"] == "anticoagulants"


def test_an_override_that_matches_no_finding_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case(
        assessment__conditions=["pregnancy"],
        plan__acupoints=[{"code": "LI4", "side": "left"}],
        plan__overrides=[
            {"rule": "pregnancy-point", "target": "LI4", "reason": "Week 41, induction"},
            {"rule": "pregnancy-piont", "target": "LI4", "reason": "typo in the rule id"},
        ],
    )
    path = _write(tmp_path, doc)
    for extra in ((), ("--json",)):
        code, out, err = _review(capsys, path, *extra)
        assert code == 0
        assert err == (
            "needleplan: warning: the override of 'pregnancy-piont' at 'LI4' matches no "
            "block finding, so it changes nothing; check the rule id and the target (a red flag "
            "is lifted only by a clearance)\n"
        )
    assert json.loads(out)["findings"][0]["overridden_by"] == "Week 41, induction"
