"""`needleplan handout`: exit codes, what it reads, and one clear line for bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from planner import resources
from planner.cli import main
from tests.domain.handout.test_content import EXAMPLE


def _write(tmp_path: Path, doc: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.fixture(autouse=True)
def no_user_clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config folder, so a real clinic.json on this computer is never read."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


def test_writes_a_pdf_for_a_case_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    code, _, err = _run(
        capsys,
        "handout",
        str(_write(tmp_path, EXAMPLE)),
        "-o",
        str(out),
        "--date",
        "2026-11-24",
        "--next",
        "2026-11-27",
        "--next",
        "2026-12-02",
        "--note",
        "See you Friday.",
    )
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"%PDF")
    text = _text(out)
    for words in ("Ana López", "Friday 27 November 2026", "See you Friday.", "Your clinic"):
        assert words in text
    assert len(PdfReader(out).pages) <= 2


def test_next_visits_default_to_the_recommended_course(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "h.pdf"
    sample = resources.path("samples", "sample-case.json")
    code, stdout, _ = _run(
        capsys, "handout", str(sample), "-o", str(out), "--date", "2026-11-24", "--json"
    )
    assert code == 0
    dates = json.loads(stdout)["next_appointments"]
    assert dates
    assert all(d > "2026-11-24" for d in dates)
    assert len(dates) <= 4
    assert "Your next visits" in _text(out)


def test_large_print_letter_and_a_clinic_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clinic = _write(
        tmp_path,
        {"name": "Łódź Needle Clinic", "phone": "+48 42 000 00 00", "emergency_number": "112"},
        "clinic.json",
    )
    out = tmp_path / "big.pdf"
    code, _, _ = _run(
        capsys,
        "handout",
        str(_write(tmp_path, EXAMPLE)),
        "-o",
        str(out),
        "--large-print",
        "--paper",
        "letter",
        "--clinic",
        str(clinic),
    )
    assert code == 0
    reader = PdfReader(out)
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]
    assert "Łódź Needle Clinic" in _text(out)
    assert "Emergency number: 112" in _text(out)
    assert reader.metadata is not None
    assert reader.metadata.author == "Łódź Needle Clinic"


def test_the_default_clinic_file_is_read_from_the_config_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_user_clinic: Path
) -> None:
    folder = no_user_clinic / "needleplan"
    folder.mkdir()
    _write(folder, {"name": "Config Folder Clinic"}, "clinic.json")
    out = tmp_path / "h.pdf"
    assert _run(capsys, "handout", str(_write(tmp_path, EXAMPLE)), "-o", str(out))[0] == 0
    assert "Config Folder Clinic" in _text(out)


def test_a_stored_patient(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    case = _write(tmp_path, EXAMPLE)
    assert _run(capsys, "--database-url", url, "import", str(case))[0] == 0
    out = tmp_path / "h.pdf"
    code, _, err = _run(capsys, "--database-url", url, "handout", "--patient", "1", "-o", str(out))
    assert (code, err) == (0, "")
    assert "Ana López" in _text(out)
    code, _, err = _run(capsys, "--database-url", url, "handout", "--patient", "99", "-o", str(out))
    assert code == 2
    assert "patient 99 does not exist" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "24/11/2026"], "--date: '24/11/2026' is not a date (YYYY-MM-DD)"),
        (["--next", "2026-02-30"], "--next: '2026-02-30' is not a date"),
        (["--paper", "a5"], None),  # argparse: exit 2 with its own message
        (["--clinic", "missing.json"], "--clinic: missing.json: no such file"),
        (["--note", "x" * 2001], "--note: is longer than 2000 characters"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: list[str],
    message: str | None,
) -> None:
    argv = ["handout", str(_write(tmp_path, EXAMPLE)), "-o", str(tmp_path / "h.pdf"), *args]
    if message is None:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        return
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "h.pdf").exists()


def test_bad_case_fields_exit_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["plan"]["acupoints"][0]["code"] = "GB99"
    code, _, err = _run(
        capsys, "handout", str(_write(tmp_path, doc)), "-o", str(tmp_path / "h.pdf")
    )
    assert code == 2
    assert "plan.acupoints[0].code" in err


def test_a_case_without_a_plan_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = {"format": EXAMPLE["format"], "patient": EXAMPLE["patient"]}
    code, _, err = _run(
        capsys, "handout", str(_write(tmp_path, doc)), "-o", str(tmp_path / "h.pdf")
    )
    assert code == 2
    assert "nothing to hand out" in err


@pytest.mark.parametrize(
    ("clinic", "field"),
    [
        ({"name": 5}, "clinic.json: name: 5 is not of type 'string'"),
        ({"paper": "a5"}, "clinic.json: paper: 'a5' is not one of a4, letter"),
        ({"fax": "1"}, "clinic.json: fax: is not a known field"),
        ({"logo": "nope.png"}, "clinic.json: logo: 'nope.png': no such file"),
        ("{not json", "clinic.json: line 1: not valid JSON"),
    ],
)
def test_a_bad_clinic_file_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, clinic: Any, field: str
) -> None:
    path = _write(tmp_path, clinic, "clinic.json")
    code, _, err = _run(
        capsys,
        "handout",
        str(_write(tmp_path, EXAMPLE)),
        "-o",
        str(tmp_path / "h.pdf"),
        "--clinic",
        str(path),
    )
    assert code == 2
    assert field in err, err


def test_case_file_or_patient_but_not_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "h.pdf")
    assert _run(capsys, "handout", "-o", out)[0] == 2
    code, _, err = _run(
        capsys, "handout", str(_write(tmp_path, EXAMPLE)), "--patient", "1", "-o", out
    )
    assert code == 2
    assert "one of them" in err


def test_output_must_be_a_pdf_in_an_existing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    case = str(_write(tmp_path, EXAMPLE))
    code, _, err = _run(capsys, "handout", case, "-o", str(tmp_path / "h.txt"))
    assert code == 2
    assert ".pdf" in err
    code, _, err = _run(capsys, "handout", case, "-o", str(tmp_path / "no" / "h.pdf"))
    assert code == 2
    assert "no such folder" in err
    code, _, err = _run(
        capsys, "handout", str(tmp_path / "none.json"), "-o", str(tmp_path / "h.pdf")
    )
    assert code == 2
    assert "no such file" in err
