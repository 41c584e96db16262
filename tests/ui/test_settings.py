from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from planner.ui.shared.settings import Settings


def test_defaults_when_nothing_is_stored(settings: Settings) -> None:
    assert settings.window_geometry.isEmpty()
    assert settings.splitter_state.isEmpty()
    assert settings.last_patient_id is None


def test_values_round_trip_through_the_file(settings: Settings, settings_file: Path) -> None:
    settings.window_geometry = QByteArray(b"\x01\x02geometry")
    settings.last_patient_id = 42
    settings.sync()
    reread = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    assert bytes(reread.window_geometry.data()) == b"\x01\x02geometry"
    assert reread.last_patient_id == 42
    reread.last_patient_id = None
    assert reread.last_patient_id is None


def test_bad_stored_values_fall_back_to_defaults(settings_file: Path) -> None:
    settings_file.write_text(
        "[window]\ngeometry=not bytes at all\n[patients]\nlast_selected_id=seven\n",
        encoding="utf-8",
    )
    settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    assert settings.window_geometry.isEmpty()
    assert settings.last_patient_id is None
