from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.casefile import case_from_dict
from planner.cli import main
from planner.store.database import open_store

CASE = {
    "format": "needleplan-case/1",
    "patient": {"name": "José Núñez", "birth_date": "1979-05-04", "sex": "male"},
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Stiff neck, worse turning right",
        "onset_date": "2026-10-01",
        "pain": {"now": 5, "best": 2, "worst": 7},
        "ndi_total": 12,
        "conditions": ["anticoagulants"],
    },
    "plan": {
        "modality": "acupuncture",
        "acupoints": [{"code": "GB21", "side": "right"}],
        "trigger_points": [{"muscle": "levator-scapulae", "side": "right"}],
    },
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _patient_count(url: str) -> int:
    store = open_store(url)
    try:
        return store.patients.count()
    finally:
        store.close()


def test_import_search_export_round_trip(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, out) == (0, "Imported 1 patient.\n")

    code, out, _ = _run(capsys, "--database-url", database_url, "search", "nunez", "--json")
    found = json.loads(out)
    assert code == 0
    assert found["total"] == 1
    assert found["patients"][0]["name"] == "José Núñez"
    pid = found["patients"][0]["id"]

    target = tmp_path / "out.json"
    code, _, _ = _run(
        capsys, "--database-url", database_url, "export", "--patient", str(pid), "-o", str(target)
    )
    assert code == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    # Export writes every field, defaults included; read back, it is the same case.
    assert exported["patient"] == CASE["patient"]
    assert case_from_dict(exported) == case_from_dict(CASE)


def test_import_json_lines_is_all_or_nothing_and_names_each_bad_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps({"format": "needleplan-case/1", "patient": {"name": "Ana López"}})
    bad_name = json.dumps({"format": "needleplan-case/1", "patient": {"name": ""}})
    bad_pain = json.dumps(
        {**CASE, "assessment": {**CASE["assessment"], "pain": {"now": 11}}}, ensure_ascii=False
    )
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join([good, bad_name, good, bad_pain]) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert code == 2
    assert out == ""
    assert "line 2: patient.name" in err
    assert "line 4: assessment.pain.now: 11 is above the maximum of 10" in err
    assert "Traceback" not in err
    assert _patient_count(database_url) == 0


def test_export_everyone_as_json_lines(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"format": "needleplan-case/1", "patient": {"name": f"P{i}"}}) for i in range(3)
    ]
    source = tmp_path / "three.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    assert _run(capsys, "--database-url", database_url, "import", str(source), "--json")[0] == 0
    code, out, _ = _run(capsys, "--database-url", database_url, "export")
    assert code == 0
    assert [json.loads(line)["patient"]["name"] for line in out.splitlines()] == ["P0", "P1", "P2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "/nonexistent/case.json"], "/nonexistent/case.json: no such file"),
        (["export", "--patient", "99"], "patient 99 does not exist"),
        (["search", "x", "--limit", "0"], "--limit: 0 is not between 1 and 1000"),
    ],
)
def test_user_mistakes_exit_2_with_one_clear_line(
    database_url: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = _run(capsys, "--database-url", database_url, *argv)
    assert code == 2
    assert err.strip() == f"needleplan: error: {message}"


def test_unsupported_database_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--database-url", "mysql://x/y", "search", "a")
    assert code == 2
    assert err.startswith("needleplan: error: database URL: 'mysql' is not supported")


def test_database_url_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("NEEDLEPLAN_DATABASE_URL", url)
    source = tmp_path / "case.json"
    source.write_text(json.dumps(CASE), encoding="utf-8")
    assert _run(capsys, "import", str(source))[0] == 0
    assert _patient_count(url) == 1


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        ([], True),
        (["--database-url", "sqlite:///x.sqlite", "--exit-after-startup"], True),
        (["--database-url", "search"], True),  # "search" is the URL here, not a command
        (["search", "ana"], False),
        (["--database-url", "sqlite:///x", "import", "f.json"], False),
        (["--help"], False),
        (["--version"], False),
    ],
)
def test_which_arguments_start_the_gui(argv: list[str], gui: bool) -> None:
    from planner.cli import _starts_the_gui

    assert _starts_the_gui(argv) is gui


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("import", "export", "search", "catalog", "review", "course", "handout"):
        assert command in out


def test_the_cyclic_collector_is_back_on_after_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    assert gc.isenabled()
    url = f"sqlite:///{tmp_path / 'gc.sqlite'}"
    assert _run(capsys, "--database-url", url, "search", "anyone")[0] == 0
    assert gc.isenabled()
    assert _run(capsys, "--database-url", url, "search", "x", "--limit", "0")[0] == 2
    assert gc.isenabled()


def test_the_gui_turns_the_collector_back_on_once_shown(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'gc.sqlite'}"
    code = (
        "import gc, sys\n"
        "from planner.cli import main\n"
        f"rc = main(['--database-url', {url!r}, '--exit-after-startup'])\n"
        "print('enabled' if gc.isenabled() else 'disabled', gc.get_freeze_count() > 0, rc)\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "enabled True 0"


@pytest.mark.parametrize("limit", ["99999999999999999999", "1001", "-5"])
def test_search_limit_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    code, _, err = _run(capsys, "--database-url", url, "search", "x", "--limit", limit)
    assert code == 2
    assert err == f"needleplan: error: --limit: {limit} is not between 1 and 1000\n"


def test_search_prints_no_escape_codes_from_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    name = "Ana \x1b[2J\x1b]0;owned\x07López\u202e"
    source = tmp_path / "case.json"
    source.write_text(
        json.dumps({"format": "needleplan-case/1", "patient": {"name": name}}), encoding="utf-8"
    )
    assert _run(capsys, "--database-url", url, "import", str(source))[0] == 0
    code, out, _ = _run(capsys, "--database-url", url, "search", "ana")
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "Ana ?[2J?]0;owned?López?" in out
    code, out, _ = _run(capsys, "--database-url", url, "search", "ana", "--json")
    assert json.loads(out)["patients"][0]["name"] == name  # data stays as it is


def test_a_huge_refused_value_is_shortened_in_its_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    huge = "x" * 10_000_000
    for doc in (
        {"format": huge, "patient": {"name": "A"}},
        {"format": "needleplan-case/1", "patient": {"name": "A", "sex": huge}},
        {"format": "needleplan-case/1", "patient": {"name": "A", "birth_date": huge}},
        {
            "format": "needleplan-case/1",
            "patient": {"name": "A"},
            "plan": {"acupoints": [{"code": huge}]},
        },
    ):
        source = tmp_path / "case.json"
        source.write_text(json.dumps(doc), encoding="utf-8")
        code, _, err = _run(capsys, "--database-url", url, "import", str(source))
        assert code == 2
        assert len(err) < 300, err[:300]
        assert "… (10000000 characters)" in err
