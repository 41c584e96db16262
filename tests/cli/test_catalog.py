from __future__ import annotations

import json

import pytest

from planner.cli import main


def test_catalog_json_lists_every_point_and_region(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "needleplan-catalog/1"
    codes = {p["code"] for p in data["acupoints"]}
    assert {"LU1", "GB21", "CV24", "EX-B2", "EX-HN15"} <= codes
    gb21 = next(p for p in data["acupoints"] if p["code"] == "GB21")
    assert "lung-risk" in json.dumps(gb21)
    muscles = {t["muscle"]: t for t in data["trigger_regions"]}
    assert {"levator-scapulae", "upper-trapezius"} <= set(muscles)
    assert muscles["levator-scapulae"]["region"] == "neck"


def test_catalog_plain_output_one_line_per_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "GB21\tGB21 Jiānjǐng" in lines
    assert any(line.startswith("TP:levator-scapulae\t") for line in lines)
