"""Every persistent setting, declared once with a type and a default, stored via QSettings.

QSettings round-trips types loosely (INI files hand back strings, some backends lists of one),
so each read is checked and a bad or missing value falls back to the default
instead of reaching a widget.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Setting(Generic[T]):
    """A typed descriptor over one QSettings key."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> Setting[T] | T:
        if obj is None:
            return self
        raw = obj.qsettings.value(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def __set__(self, obj: Settings, value: T) -> None:
        if value is None:
            obj.qsettings.remove(self.key)
        else:
            obj.qsettings.setValue(self.key, value)

    def convert(self, raw: Any) -> T:
        raise NotImplementedError


class BytesSetting(Setting[QByteArray]):
    """Opaque blobs such as saveGeometry() output."""

    def convert(self, raw: Any) -> QByteArray:
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes | bytearray):
            return QByteArray(bytes(raw))
        raise TypeError(f"{self.key}: not bytes: {raw!r}")


class OptionalIntSetting(Setting[int | None]):
    def convert(self, raw: Any) -> int | None:
        if isinstance(raw, bool):  # bool is an int in Python, never a valid id here
            raise TypeError(f"{self.key}: not an integer: {raw!r}")
        return int(raw)


class StrSetting(Setting[str]):
    def convert(self, raw: Any) -> str:
        if not isinstance(raw, str):
            raise TypeError(f"{self.key}: not text: {raw!r}")
        return raw


class IntSetting(Setting[int]):
    def convert(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise TypeError(f"{self.key}: not an integer: {raw!r}")
        return int(raw)


class BoolSetting(Setting[bool]):
    def convert(self, raw: Any) -> bool:
        # INI files hand back "true"/"false"; other backends a bool.
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise TypeError(f"{self.key}: not true or false: {raw!r}")


class Settings:
    """The application's settings; pass a QSettings (e.g. an INI file) to isolate tests."""

    window_geometry = BytesSetting("window/geometry", QByteArray())
    window_state = BytesSetting("window/state", QByteArray())
    splitter_state = BytesSetting("window/splitter", QByteArray())
    last_patient_id = OptionalIntSetting("patients/last_selected_id", None)
    # The one folder every file dialog opens in: the last one a file was chosen from.
    file_folder = StrSetting("files/folder", "")
    # The first start's clinic details were asked for (saved or skipped): not asked again.
    clinic_setup_offered = BoolSetting("clinic/setup_offered", False)
    # Automatic backups (on exit, and at start-up when the newest is a day old); an empty
    # folder means the default one in the user's data folder.
    auto_backup_enabled = BoolSetting("backup/automatic", True)
    auto_backup_folder = StrSetting("backup/folder", "")
    auto_backup_keep = IntSetting("backup/keep", 10)
    # Who is working: the profile chosen at start (planner.ui.practitioner_session), and its
    # name then, so an id remembered from another database never names someone else.
    practitioner_id = OptionalIntSetting("practitioner/id", None)
    practitioner_name = StrSetting("practitioner/name", "")
    # "Who is working?" was answered; with no id, the answer was "Continue without a name".
    practitioner_asked = BoolSetting("practitioner/asked", False)

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    def sync(self) -> None:
        self.qsettings.sync()
