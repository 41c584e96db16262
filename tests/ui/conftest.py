"""GUI test set-up: isolated settings and log folder, no error windows, a ready main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from planner import resources
from planner.catalog import load_catalog
from planner.catalog.rules import load_rules, shipped_rules
from planner.domain.clearance import Clearance
from planner.domain.findings import Finding
from planner.store.database import Store, open_store
from planner.store.lazy import LazyDatabase
from planner.ui import crash
from planner.ui.main_controller import MainController
from planner.ui.main_window import MainWindow
from planner.ui.reference import Reference, Screening
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.prompts import ConflictChoice, Prompts
from planner.ui.shared.settings import Settings

# The offscreen platform says this whenever a window has a minimum size; it is noise there
# (a real platform implements it). Could move to qt_log_ignore in pyproject.toml.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"
_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(_HERE):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def isolated_gui_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does reaches the user's real settings or logs, and nothing blocks."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # platformdirs log dir
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    monkeypatch.setattr(crash, "SHOW_DIALOGS", False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'needleplan.sqlite'}"


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    opened = open_store(sqlite_url)
    yield opened
    opened.close()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "needleplan.ini"


@pytest.fixture
def settings(settings_file: Path) -> Settings:
    return Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))


@dataclass
class FakePrompts(Prompts):
    """Answers the controller's questions without a modal loop, and records them."""

    delete_answer: bool = True
    discard_answer: bool = True
    conflict_answer: ConflictChoice = ConflictChoice.CANCEL
    clearance_answer: Clearance | None = None  # rule "": the first standing red flag
    asked: list[tuple[str, str]] = field(default_factory=list)

    def confirm_delete(
        self, parent: QWidget | None, name: str, *, what: str = "patient", undo_hint: str = ""
    ) -> bool:
        self.asked.append(("delete", f"{what}: {name}" if what != "patient" else name))
        return self.delete_answer

    def confirm_discard(self, parent: QWidget | None) -> bool:
        self.asked.append(("discard", ""))
        return self.discard_answer

    def resolve_conflict(self, parent: QWidget | None, message: str) -> ConflictChoice:
        self.asked.append(("conflict", message))
        return self.conflict_answer

    def show_problem(self, parent: QWidget | None, title: str, text: str) -> None:
        self.asked.append(("problem", f"{title}: {text}"))

    def ask_clearance(
        self, parent: QWidget | None, red_flags: Sequence[Finding], today: date
    ) -> Clearance | None:
        self.asked.append(("clearance", ", ".join(f.rule for f in red_flags)))
        answer = self.clearance_answer
        if answer is None:
            return None
        return replace(answer, rule=answer.rule or red_flags[0].rule)

    def show_about(self, parent: QWidget | None, title: str, html: str) -> None:
        self.asked.append(("about", html))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


MakeWindow = Callable[[], MainController]


@pytest.fixture
def make_window(
    qtbot: QtBot, store: Store, settings: Settings, prompts: FakePrompts, sqlite_url: str
) -> Iterator[MakeWindow]:
    """Builds, starts and shows a main window on the test database; closes it afterwards.

    The window opens the database as the app does (LazyDatabase); `store` is a second
    connection the tests use to arrange data, like another practitioner.
    """
    made: list[MainWindow] = []
    databases: list[LazyDatabase] = []

    def make() -> MainController:
        window = MainWindow()
        database = LazyDatabase(sqlite_url)
        databases.append(database)
        controller = MainController(window, database, settings, prompts)
        qtbot.addWidget(window)
        controller.start()
        with qtbot.waitExposed(window):
            window.show()
        # Focus checks need an active window, which offscreen gives only when asked.
        with qtbot.waitActive(window):
            window.activateWindow()
        made.append(window)
        return controller

    yield make
    for window in made:
        if window.isVisible():
            window.close()
    for database in databases:
        database.close()


# --- the workspace (assessment page) ---------------------------------------------------------


def screening_without_positions() -> Screening:
    """The shipped catalog and rules, without the chart positions (screening does not use
    them, and positions.json changes while the body chart is drawn)."""
    catalog = load_catalog(resources.path("catalog"))
    return Screening(catalog, load_rules(shipped_rules(), catalog))


@pytest.fixture
def drafts_dir(tmp_path: Path) -> Path:
    return tmp_path / "drafts"


MakeWorkspace = Callable[[], MainController]


@pytest.fixture
def make_workspace(
    qtbot: QtBot,
    store: Store,
    settings: Settings,
    prompts: FakePrompts,
    sqlite_url: str,
    drafts_dir: Path,
) -> Iterator[MakeWorkspace]:
    """Like make_window, with the drafts folder and the reference data under test control.
    Each call is a new window on the same database and drafts (as after a restart)."""
    made: list[MainWindow] = []
    databases: list[LazyDatabase] = []

    def make() -> MainController:
        window = MainWindow()
        database = LazyDatabase(sqlite_url)
        databases.append(database)
        controller = MainController(
            window,
            database,
            settings,
            prompts,
            drafts=DraftStore(drafts_dir),
            reference=Reference(screening_without_positions),
        )
        qtbot.addWidget(window)
        controller.start()
        with qtbot.waitExposed(window):
            window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        made.append(window)
        return controller

    yield make
    for window in made:
        if window.isVisible():
            window.close()
    for database in databases:
        database.close()
