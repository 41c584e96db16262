"""clinic.json's public_holidays: whose holidays the course planner offers as skip dates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.casefile.clinic import (
    HolidayPlace,
    read_holiday_place,
    read_nice_cap,
    save_clinic,
)
from planner.catalog.handouts import load_clinic
from planner.domain.errors import ValidationError
from planner.domain.handout import ClinicDetails

CLINIC = ClinicDetails(name="Harbour Street Acupuncture", phone="+44 23 9200 0000")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "config" / "needleplan"


def document(folder: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((folder / "clinic.json").read_text(encoding="utf-8"))
    return loaded


def test_not_set_reads_as_none(folder: Path) -> None:
    assert read_holiday_place(folder) is None
    save_clinic(CLINIC, folder)
    assert read_holiday_place(folder) is None
    assert "public_holidays" not in document(folder)


def test_a_country_and_region_round_trip(folder: Path) -> None:
    save_clinic(CLINIC, folder, holiday_place=HolidayPlace("GB", "SCT"))
    assert document(folder)["public_holidays"] == {"country": "GB", "subdivision": "SCT"}
    assert read_holiday_place(folder) == HolidayPlace("GB", "SCT")
    # The command line's loader reads the same file without complaint.
    assert load_clinic(folder / "clinic.json").name == CLINIC.name


def test_a_country_alone(folder: Path) -> None:
    save_clinic(CLINIC, folder, holiday_place=HolidayPlace("DE", None))
    assert document(folder)["public_holidays"] == {"country": "DE"}
    assert read_holiday_place(folder) == HolidayPlace("DE", None)


def test_saving_other_details_keeps_the_place_unless_told(folder: Path) -> None:
    save_clinic(CLINIC, folder, nice_cap=True, holiday_place=HolidayPlace("US", "CA"))
    save_clinic(CLINIC, folder)
    assert read_holiday_place(folder) == HolidayPlace("US", "CA")
    assert read_nice_cap(folder) is True
    save_clinic(CLINIC, folder, holiday_place=None)
    assert read_holiday_place(folder) is None
    assert read_nice_cap(folder) is True


@pytest.mark.parametrize(
    ("place", "field"),
    [
        (HolidayPlace("ZZ", None), "holiday_country"),
        (HolidayPlace("GB", "CA"), "holiday_subdivision"),
    ],
)
def test_an_unknown_place_is_refused_by_field_and_nothing_written(
    folder: Path, place: HolidayPlace, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        save_clinic(CLINIC, folder, holiday_place=place)
    assert [p.field for p in caught.value.problems] == [field]
    assert not (folder / "clinic.json").exists()


def test_a_hand_edited_bad_code_names_the_field(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "clinic.json").write_text(
        json.dumps({"name": "X", "public_holidays": {"country": "england"}}), encoding="utf-8"
    )
    with pytest.raises(ValidationError, match=r"public_holidays\.country"):
        read_holiday_place(folder)


def test_reading_the_place_does_not_import_the_holidays_package(folder: Path) -> None:
    save_clinic(CLINIC, folder, holiday_place=HolidayPlace("GB", "ENG"))
    script = (
        "import sys; from pathlib import Path; "
        "from planner.casefile.clinic import read_holiday_place; "
        f"print(read_holiday_place(Path({str(folder)!r})), 'holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "HolidayPlace(country='GB', subdivision='ENG') False"
