"""Who is working: asked once the store is open (after the first start's clinic details),
remembered across a restart, bound to the login role on PostgreSQL, and the author of
every later save."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QListWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.engine import make_url

from planner.domain.practitioner import Practitioner
from planner.store.database import Store, open_store
from planner.store.lazy import LazyDatabase
from planner.ui.main_controller import MainController
from planner.ui.main_window import MainWindow
from planner.ui.practitioner_choice import ChoosePractitionerDialog
from planner.ui.practitioner_session import NOBODY, WITHOUT_NAME
from planner.ui.settings_dialog import SettingsDialog
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import loaded_at_start_up, type_text
from tests.ui.visits.test_page import add_case, open_visits

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

SAM = Practitioner("Sam Okafor", "Physiotherapist", "PH123456")
LEE = Practitioner("Lee Chen", "Acupuncturist")


@pytest.fixture(autouse=True)
def clinic_already_set_up(settings: Settings) -> None:
    # The first start's clinic question is its own test below.
    settings.clinic_setup_offered = True


def asked(controller: MainController) -> ChoosePractitionerDialog:
    dialog = controller.ask_at_start()
    assert isinstance(dialog, ChoosePractitionerDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Who is working?"
    return dialog


def click_profile(qtbot: QtBot, listing: QListWidget, name: str) -> None:
    [item] = [listing.item(r) for r in range(listing.count()) if name in listing.item(r).text()]
    qtbot.mouseClick(
        listing.viewport(), Qt.MouseButton.LeftButton, pos=listing.visualItemRect(item).center()
    )


def label(controller: MainController) -> str:
    button = controller.window.practitioner_button
    assert button.isVisible()
    return button.text()


def author(controller: MainController) -> Practitioner | None:
    return controller.database.store.author.practitioner


def test_the_first_start_asks_after_the_clinic_details(
    qtbot: QtBot, make_window: MakeWindow, settings: Settings, store: Store
) -> None:
    settings.clinic_setup_offered = False
    store.practitioners.add(SAM)
    controller = make_window()
    clinic = controller.ask_at_start()
    assert isinstance(clinic, SettingsDialog)
    # Never one dialog over the other: the question waits for the clinic's details.
    assert controller.window.findChild(ChoosePractitionerDialog) is None
    skip = clinic.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    dialog = controller.window.findChild(ChoosePractitionerDialog)
    assert dialog is not None
    assert dialog.isVisible()


def test_a_choice_is_remembered_across_a_restart(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    sam = store.practitioners.add(SAM)
    store.practitioners.add(LEE)
    controller = make_window()
    dialog = asked(controller)
    assert not dialog.continue_button.isEnabled()  # two profiles: nobody is preselected
    click_profile(qtbot, dialog.list, "Sam Okafor")
    assert dialog.continue_button.text().replace("&", "") == "Continue as Sam Okafor"
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert label(controller) == "Practitioner: Sam Okafor (Physiotherapist)"
    assert author(controller) == sam
    assert "Working as Sam Okafor" in controller.window.statusBar().currentMessage()

    again = make_window()  # a restart: a new window on the same settings
    assert again.ask_at_start() is None
    assert again.window.findChild(ChoosePractitionerDialog) is None
    assert label(again) == "Practitioner: Sam Okafor (Physiotherapist)"
    assert author(again) == sam


def test_the_keyboard_chooses_a_row_once(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    store.practitioners.add(SAM)
    lee = store.practitioners.add(LEE)
    controller = make_window()
    dialog = asked(controller)
    seen: list[Practitioner | None] = []
    dialog.chosen.connect(seen.append)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Home)  # the first by name: Lee
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert seen == [lee]
    assert author(controller) == lee


def test_a_remembered_id_naming_someone_else_is_asked_again(
    make_window: MakeWindow, store: Store, settings: Settings
) -> None:
    lee = store.practitioners.add(LEE)
    # Chosen in another database, where this id was Sam.
    settings.practitioner_id = lee.id
    settings.practitioner_name = "Sam Okafor"
    settings.practitioner_asked = True
    controller = make_window()
    asked(controller)
    assert author(controller) is None
    assert label(controller) == NOBODY


def test_continue_without_a_name_is_allowed_and_remembered(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    store.practitioners.add(SAM)
    controller = make_window()
    dialog = asked(controller)
    assert dialog.continue_button.isEnabled()  # the only profile is preselected
    qtbot.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert author(controller) is None
    assert label(controller) == NOBODY
    assert controller.window.statusBar().currentMessage() == WITHOUT_NAME

    again = make_window()
    assert again.ask_at_start() is None
    assert label(again) == NOBODY
    assert again.window.statusBar().currentMessage() == WITHOUT_NAME


def test_closing_the_question_chooses_nobody_and_asks_again_next_time(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    store.practitioners.add(SAM)
    controller = make_window()
    dialog = asked(controller)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert author(controller) is None
    assert label(controller) == NOBODY
    asked(make_window())


def test_a_new_practitioner_made_from_the_question_is_working(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    controller = make_window()
    dialog = asked(controller)
    assert not dialog.list.isVisible()  # nobody yet: the way in is New practitioner…
    assert dialog.new_button.isDefault()
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    assert form.isVisible()
    assert not form.db_role_edit.isVisibleTo(form)  # SQLite has no roles
    type_text(qtbot, form.name_edit, "Zoë Ferreira")
    qtbot.keyClicks(form.role_edit, "Acupuncturist")
    qtbot.keyClicks(form.registration_edit, "AC-0042")
    qtbot.keyClick(form.registration_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    assert not dialog.isVisible()
    [stored] = store.practitioners.list()
    assert (stored.name, stored.role, stored.registration) == (
        "Zoë Ferreira",
        "Acupuncturist",
        "AC-0042",
    )
    assert author(controller) == stored
    assert label(controller) == "Practitioner: Zoë Ferreira (Acupuncturist)"


def rows_by(store: Store, table: str, pid: int) -> list[tuple[int | None, int | None]]:
    with store.engine.connect() as connection:
        found = connection.execute(
            text(f"SELECT created_by, updated_by FROM {table} WHERE patient_id = :p ORDER BY id"),
            {"p": pid},
        )
        return [(row[0], row[1]) for row in found]


def save_a_visit(qtbot: QtBot, controller: MainController, pid: int, notes: str) -> None:
    page = open_visits(controller, pid)
    page.new_visit()
    type_text(qtbot, page.form.notes["subjective"], notes)
    with qtbot.waitSignal(page.visits_changed, timeout=2000):
        qtbot.mouseClick(page.view.save_button, Qt.MouseButton.LeftButton)


def test_a_visit_saved_through_the_page_carries_its_author(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    sam = store.practitioners.add(SAM)
    store.practitioners.add(LEE)
    controller = make_window()
    dialog = asked(controller)
    click_profile(qtbot, dialog.list, "Sam Okafor")
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    save_a_visit(qtbot, controller, pid, "Neck easier")
    assert rows_by(store, "visits", pid) == [(sam.id, sam.id)]


def test_switching_keeps_the_typing_and_changes_the_author_of_later_saves(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    sam = store.practitioners.add(SAM)
    lee = store.practitioners.add(LEE)
    controller = make_window()
    dialog = asked(controller)
    click_profile(qtbot, dialog.list, "Sam Okafor")
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    page = open_visits(controller, pid)
    page.new_visit()
    notes = page.form.notes["subjective"]
    type_text(qtbot, notes, "Typed before the switch")
    # The status bar's label switches.
    qtbot.mouseClick(controller.window.practitioner_button, Qt.MouseButton.LeftButton)
    switch = controller.window.findChild(ChoosePractitionerDialog)
    assert switch is not None
    assert switch.isVisible()
    assert switch.selected() == sam  # the one working now
    click_profile(qtbot, switch.list, "Lee Chen")
    qtbot.mouseClick(switch.continue_button, Qt.MouseButton.LeftButton)
    assert label(controller) == "Practitioner: Lee Chen (Acupuncturist)"
    assert notes.toPlainText() == "Typed before the switch"
    assert not page.form.read_only
    with qtbot.waitSignal(page.visits_changed, timeout=2000):
        qtbot.mouseClick(page.view.save_button, Qt.MouseButton.LeftButton)
    assert rows_by(store, "visits", pid) == [(lee.id, lee.id)]


def test_a_patient_edited_after_choosing_carries_the_author(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    sam = store.practitioners.add(SAM)
    controller = make_window()
    qtbot.mouseClick(asked(controller).continue_button, Qt.MouseButton.LeftButton)
    controller.select_row(0)
    controller.edit_selected()
    patient_dialog = controller.dialog
    assert patient_dialog is not None
    qtbot.keyClicks(patient_dialog.phone_edit, "+44 20 7946 0958")
    qtbot.mouseClick(patient_dialog.ok_button, Qt.MouseButton.LeftButton)
    with store.engine.connect() as connection:
        updated_by = connection.execute(
            text("SELECT updated_by FROM patients WHERE id = :p"), {"p": pid}
        ).scalar_one()
    assert updated_by == sam.id


# --- PostgreSQL: the login role names the practitioner ------------------------------------


@pytest.fixture
def make_on(
    qtbot: QtBot, settings: Settings, prompts: FakePrompts, tmp_path: Path
) -> Iterator[Callable[[str], MainController]]:
    made: list[tuple[MainWindow, LazyDatabase]] = []

    def make(url: str) -> MainController:
        window = MainWindow()
        database = LazyDatabase(url)
        controller = MainController(
            window, database, settings, prompts, drafts=DraftStore(tmp_path / "drafts")
        )
        qtbot.addWidget(window)
        controller.start()
        window.show()
        made.append((window, database))
        return controller

    yield make
    for window, database in made:
        window.close()
        database.close()


def test_the_login_role_names_the_practitioner_without_asking(
    qtbot: QtBot, database_url: str, make_on: Callable[[str], MainController]
) -> None:
    role = make_url(database_url).username or ""
    arrange = open_store(database_url)
    try:
        pid = add_case(arrange)
        bound = arrange.practitioners.add(Practitioner("Sam Okafor", db_role=role))
    finally:
        arrange.close()
    controller = make_on(database_url)
    opened = controller.ask_at_start()
    if database_url.startswith("postgresql"):
        assert opened is None
        assert controller.window.findChild(ChoosePractitionerDialog) is None
        assert author(controller) == bound
        assert label(controller) == "Practitioner: Sam Okafor"
        save_a_visit(qtbot, controller, pid, "Seen by the role's practitioner")
        assert rows_by(controller.database.store, "visits", pid) == [(bound.id, bound.id)]
    else:  # SQLite has no login role: the question is asked
        assert isinstance(opened, ChoosePractitionerDialog)
        assert author(controller) is None


# --- the window ------------------------------------------------------------------------------


def test_the_file_menu_and_the_patient_actions(make_window: MakeWindow, store: Store) -> None:
    add_case(store)
    controller = make_window()
    w = controller.window
    file_menu = w.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "S&witch practitioner…" in texts
    assert "&Practitioners…" in texts
    edit_menu = w.menuBar().actions()[1].menu()
    edit_actions = edit_menu.actions()  # type: ignore[union-attr]
    after_delete = edit_actions[edit_actions.index(w.delete_action) + 1 :][:2]
    assert after_delete == [w.history_action, w.erase_action]
    controller.select_row(0)
    assert w.history_action.isEnabled()
    assert w.erase_action.isEnabled()
    controller.list.clearSelection()
    controller.list.setCurrentIndex(controller.model.index(-1, 0))
    QApplication.processEvents()
    assert controller.selected_id() is None
    assert not w.history_action.isEnabled()
    assert not w.erase_action.isEnabled()


def test_no_practitioner_dialog_loads_at_start_up(tmp_path: Path) -> None:
    loaded = loaded_at_start_up(tmp_path, ("planner.ui.practitioner", "planner.ui.backup_fields"))
    assert loaded == ["planner.ui.practitioner_session"]


def test_after_a_restore_someone_else_under_the_same_id_is_not_the_author(
    make_window: MakeWindow, store: Store
) -> None:
    sam = store.practitioners.add(SAM)
    controller = make_window()
    controller.practitioner.choose(sam)
    controller.backups.restored.emit()  # the same database: still Sam
    assert author(controller) == sam
    # The restored database holds someone else under Sam's id.
    store.practitioners.update(Practitioner("Lee Chen", id=sam.id))
    controller.backups.restored.emit()
    assert author(controller) is None
    assert label(controller) == NOBODY
    assert "not in the restored database" in controller.window.statusBar().currentMessage()


def test_a_store_that_opens_late_still_signs_the_first_save(
    make_window: MakeWindow,
    store: Store,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import planner.store.database as database_module
    from planner.store.location import DatabaseError

    sam = store.practitioners.add(SAM)
    settings.practitioner_id = sam.id
    settings.practitioner_name = sam.name
    settings.practitioner_asked = True
    controller = make_window()
    assert not controller.database.store_is_open  # the first frame reads the list only
    real_open = database_module.open_store

    def unreachable(url: str | None = None) -> Store:
        raise DatabaseError("cannot open the database: the server is not answering")

    monkeypatch.setattr(database_module, "open_store", unreachable)
    assert controller.ask_at_start() is None  # nothing to choose from yet
    monkeypatch.setattr(database_module, "open_store", real_open)
    assert author(controller) == sam  # the store opened now, signed before any save
    assert label(controller) == "Practitioner: Sam Okafor (Physiotherapist)"
