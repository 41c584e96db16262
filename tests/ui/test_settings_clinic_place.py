"""Settings: the name's placeholder and whose public holidays the course planner offers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from planner.casefile.clinic import HolidayPlace, read_holiday_place, save_clinic
from planner.domain.handout import ClinicDetails
from planner.ui.holiday_fields import NO_COUNTRY, WHOLE_COUNTRY
from planner.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import FakePrompts


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "config" / "needleplan"


def make_dialog(qtbot: QtBot, folder: Path, prompts: FakePrompts) -> SettingsDialog:
    dialog = SettingsDialog(folder=folder, confirm_discard=prompts.confirm_discard)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(combo_owner: SettingsDialog, country: str, region: str | None = None) -> None:
    fields = combo_owner.holiday_fields
    fields.country_combo.setCurrentIndex(fields.country_combo.findText(country))
    if region is not None:
        fields.region_combo.setCurrentIndex(fields.region_combo.findText(region))


def test_the_default_name_is_never_shown_as_text(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    save_clinic(ClinicDetails(phone="+1 555 0100"), folder)
    dialog = make_dialog(qtbot, folder, prompts)
    assert dialog.name_edit.text() == ""
    assert "Your clinic" not in dialog.name_edit.placeholderText()
    assert not dialog.is_dirty()
    # Left empty, Save keeps the clinic unnamed (the handout's neutral wording), no error.
    dialog.phone_edit.setText("+1 555 0199")
    assert dialog.try_save()
    assert dialog.saved is not None
    assert dialog.saved.name == ClinicDetails().name


def test_country_and_region_from_the_holidays_package_round_trip(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    dialog = make_dialog(qtbot, folder, prompts)
    fields = dialog.holiday_fields
    assert fields.country_combo.currentText() == NO_COUNTRY
    assert not fields.region_combo.isEnabled()
    assert fields.country_combo.findText("United Kingdom") > 0
    choose(dialog, "United Kingdom")
    # The region follows the country, named in words.
    regions = [fields.region_combo.itemText(i) for i in range(fields.region_combo.count())]
    assert regions == [WHOLE_COUNTRY, "England", "Northern Ireland", "Scotland", "Wales"]
    assert fields.region_combo.isEnabled()
    choose(dialog, "United Kingdom", "Scotland")
    assert dialog.is_dirty()
    assert dialog.try_save()
    document = json.loads((folder / "clinic.json").read_text(encoding="utf-8"))
    assert document["public_holidays"] == {"country": "GB", "subdivision": "SCT"}
    assert read_holiday_place(folder) == HolidayPlace("GB", "SCT")

    again = make_dialog(qtbot, folder, prompts)
    assert again.holiday_fields.country_combo.currentText() == "United Kingdom"
    assert again.holiday_fields.region_combo.currentText() == "Scotland"
    assert not again.is_dirty()
    # Another country drops the old region; a country without regions disables the combo.
    choose(again, "Iceland")
    assert again.holiday_place() == HolidayPlace("IS", None)
    assert not again.holiday_fields.region_combo.isEnabled()
    choose(again, NO_COUNTRY)
    assert again.try_save()
    assert read_holiday_place(folder) is None


def test_the_country_combo_takes_typed_letters(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    dialog = make_dialog(qtbot, folder, prompts)
    combo = dialog.holiday_fields.country_combo
    combo.setFocus()
    QTest.keyClicks(combo, "Germ")
    assert combo.currentText() == "Germany"
    assert dialog.holiday_place() == HolidayPlace("DE", None)


def test_a_place_unknown_to_the_package_is_named_on_save(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    folder.mkdir(parents=True)
    (folder / "clinic.json").write_text(
        json.dumps({"name": "Harbour", "public_holidays": {"country": "QQ"}}), encoding="utf-8"
    )
    dialog = make_dialog(qtbot, folder, prompts)
    assert dialog.holiday_place() == HolidayPlace("QQ", None)  # shown, not silently dropped
    assert not dialog.try_save()
    assert "'QQ' is not a country" in dialog.error_text("holiday_country")
