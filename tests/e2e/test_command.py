"""The `needleplan` command as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import resources

NEEDLEPLAN = shutil.which("needleplan") or str(Path(sys.executable).with_name("needleplan"))


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = os.environ | {"QT_QPA_PLATFORM": "offscreen"} | (env or {})
    return subprocess.run(
        [NEEDLEPLAN, *argv], capture_output=True, text=True, env=full, timeout=120, check=False
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("needleplan 0.")


def test_import_the_sample_then_start_the_gui_and_exit(database_url: str) -> None:
    sample = resources.path("samples", "sample-case.json")
    imported = _run("--database-url", database_url, "import", str(sample), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["imported"] == 1

    started = _run("--database-url", database_url, "--exit-after-startup")
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("startup_ms=")
    assert int(lines[0].split("=")[1]) > 0


def test_environment_variable_names_the_database(tmp_path: Path) -> None:
    env = {"NEEDLEPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'env.sqlite'}"}
    assert _run("search", "anyone", env=env).returncode == 0
    assert (tmp_path / "env.sqlite").is_file()


def test_bad_input_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "needleplan-case/1", "patient": {"name": "A", "sex": "f"}}')
    result = _run("--database-url", f"sqlite:///{tmp_path / 'db.sqlite'}", "import", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "patient.sex" in result.stderr


@pytest.mark.parametrize(
    "argv", [["--database-url", "mysql://x/y"], ["--database-url", "nonsense"]]
)
def test_gui_with_a_bad_database_url_exits_2(argv: list[str]) -> None:
    result = _run(*argv, "--exit-after-startup")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("needleplan: cannot open the database")
