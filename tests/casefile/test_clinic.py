"""clinic.json as the Settings dialog writes it and the command line reads it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from planner.casefile.clinic import (
    clinic_problems,
    nice_cap_default,
    read_clinic,
    read_nice_cap,
    save_clinic,
)
from planner.catalog.handouts import load_clinic
from planner.domain.errors import ValidationError
from planner.domain.handout import ClinicDetails, Paper

# The smallest valid PNG (1 x 1 pixel); the loader only checks the file exists.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
FULL = ClinicDetails(
    name="Harbour Street Acupuncture",
    address="12 Harbour Street\nPortsmouth",
    phone="+44 23 9200 0000",
    practitioner="Sam Okafor",
    paper=Paper.LETTER,
    large_print=True,
    emergency_number="999",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "config" / "needleplan"


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "pictures" / "Our Logo.PNG"
    path.parent.mkdir()
    path.write_bytes(PNG)
    return path


def test_nothing_saved_gives_placeholders(folder: Path) -> None:
    assert read_clinic(folder) == ClinicDetails()


def test_round_trip_through_the_command_line_loader(folder: Path, picture: Path) -> None:
    saved = save_clinic(replace(FULL, logo=picture), folder)
    document = json.loads((folder / "clinic.json").read_text(encoding="utf-8"))
    # The logo is copied beside clinic.json and named relatively: the folder can move.
    assert document["logo"] == "logo.png"
    assert (folder / "logo.png").read_bytes() == PNG
    assert document["paper"] == "letter"
    assert document["large_print"] is True
    read_back = load_clinic(folder / "clinic.json")  # exactly as `needleplan handout` reads it
    assert read_back == saved
    assert read_back == replace(FULL, logo=folder / "logo.png")


def test_saving_again_keeps_the_copied_logo_and_a_new_one_replaces_it(
    folder: Path, picture: Path, tmp_path: Path
) -> None:
    first = save_clinic(ClinicDetails(name="A", logo=picture), folder)
    again = save_clinic(first, folder)  # the logo is already the copy in the folder
    assert again.logo == folder / "logo.png"
    jpeg = tmp_path / "pictures" / "new.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0 not checked here")
    third = save_clinic(ClinicDetails(name="A", logo=jpeg), folder)
    assert third.logo == folder / "logo.jpg"
    assert not (folder / "logo.png").exists()
    removed = save_clinic(ClinicDetails(name="A"), folder)
    assert removed.logo is None
    assert not (folder / "logo.jpg").exists()


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        (ClinicDetails(name=""), "name", "is required"),
        (ClinicDetails(phone="1" * 61), "phone", "is longer than 60 characters"),
        (ClinicDetails(address="x" * 301), "address", "is longer than 300 characters"),
        (ClinicDetails(emergency_number="9" * 21), "emergency_number", "is longer than 20"),
        (ClinicDetails(logo=Path("/no/such/logo.png")), "logo", "no such file"),
        (ClinicDetails(logo=Path("/tmp/logo.gif")), "logo", "PNG or JPEG"),
    ],
)
def test_refuses_what_the_schema_refuses_naming_the_field(
    folder: Path, details: ClinicDetails, field: str, message: str
) -> None:
    problems = clinic_problems(details)
    assert [p.field for p in problems] == [field]
    assert message in problems[0].message
    with pytest.raises(ValidationError) as caught:
        save_clinic(details, folder)
    assert caught.value.first().field == field
    assert not (folder / "clinic.json").exists()  # nothing half-written


def test_a_damaged_file_names_the_problem(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "clinic.json").write_text('{"name": "", "colour": 1}', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_clinic(folder)
    assert "clinic.json" in str(caught.value)


def test_the_default_folder_is_the_users_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    save_clinic(ClinicDetails(name="Default Folder Clinic"))
    assert (tmp_path / "xdg" / "needleplan" / "clinic.json").is_file()
    assert load_clinic().name == "Default Folder Clinic"  # the CLI's default lookup


# --- the course planner's default for NICE NG193's cap ---------------------------------------


def test_the_nice_cap_default_is_off_until_saved(folder: Path) -> None:
    assert read_nice_cap(folder) is False
    save_clinic(FULL, folder)
    assert read_nice_cap(folder) is False
    assert "nice_cap" not in json.loads((folder / "clinic.json").read_text(encoding="utf-8"))


def test_the_nice_cap_default_is_saved_and_kept(folder: Path) -> None:
    save_clinic(FULL, folder, nice_cap=True)
    assert read_nice_cap(folder) is True
    assert load_clinic(folder / "clinic.json") == FULL  # the handout reads the file as before
    save_clinic(replace(FULL, name="Renamed"), folder)  # the details alone: the default stays
    assert read_nice_cap(folder) is True
    save_clinic(FULL, folder, nice_cap=False)
    assert read_nice_cap(folder) is False


def test_a_bad_nice_cap_default_names_the_field(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "clinic.json").write_text('{"nice_cap": "yes"}', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"clinic\.json: nice_cap"):
        read_nice_cap(folder)
    (folder / "clinic.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"clinic\.json: cannot be read"):
        nice_cap_default(folder / "clinic.json")


def test_the_config_folder_is_private(folder: Path, picture: Path) -> None:
    import stat

    folder.mkdir(parents=True)
    folder.chmod(0o755)  # as earlier versions made it
    save_clinic(replace(FULL, logo=picture), folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("clinic.json", "logo.png"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_logo_of_too_many_pixels_is_refused_from_its_header(folder: Path, tmp_path: Path) -> None:
    from tests.pdf.test_render import _png_header_only

    huge = tmp_path / "huge.png"
    _png_header_only(huge, 5000, 4000)  # 20 million pixels
    problems = clinic_problems(ClinicDetails(name="A", logo=huge))
    assert [(p.field, p.message) for p in problems] == [
        (
            "logo",
            "huge.png is 5,000 x 4,000 pixels; a logo may have at most 16 million "
            "(such as 4,000 x 4,000)",
        )
    ]
    with pytest.raises(ValidationError):
        save_clinic(ClinicDetails(name="A", logo=huge), folder)
    assert not folder.exists()
