"""Edit › Settings…: the clinic's details, written to clinic.json as the command line reads it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.casefile.clinic import default_folder
from planner.catalog.handouts import load_clinic
from planner.domain.handout import Paper
from planner.store.database import Store
from planner.ui.handout import HANDOUT_PAGE
from planner.ui.handout.controller import HandoutController
from planner.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import FakePrompts, MakeWindow, MakeWorkspace
from tests.ui.handout.test_page import add_example, open_handout


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "config" / "needleplan"


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "pictures" / "logo.png"
    path.parent.mkdir()
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e6e73"))
    assert image.save(str(path))
    return path


def make_dialog(
    qtbot: QtBot, folder: Path, prompts: FakePrompts, logo: Path | None = None
) -> SettingsDialog:
    dialog = SettingsDialog(
        folder=folder,
        choose_logo=lambda parent: logo,
        confirm_discard=prompts.confirm_discard,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: SettingsDialog) -> None:
    dialog.name_edit.setText("  Harbour Street Acupuncture ")
    dialog.address_edit.setPlainText("12 Harbour Street\nPortsmouth")
    dialog.phone_edit.setText("+44 23 9200 0000")
    dialog.emergency_edit.setText("999")
    dialog.practitioner_edit.setText("Sam Okafor")
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("letter"))
    dialog.large_print_check.setChecked(True)


# The offscreen platform cannot raise a window; a real one does.
@pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")
def test_menu_action_opens_the_dialog(make_window: MakeWindow) -> None:
    controller = make_window()
    action = controller.window.settings_action
    assert action.shortcut() == QKeySequence("Ctrl+,")
    edit_menu = controller.window.menuBar().actions()[1].menu()
    assert action in edit_menu.actions()  # type: ignore[union-attr]
    action.trigger()
    dialog = controller.window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert controller.open_settings() is dialog  # one at a time
    dialog.reject()  # untouched: closes without asking


def test_round_trips_to_clinic_json(
    qtbot: QtBot, folder: Path, prompts: FakePrompts, logo: Path
) -> None:
    dialog = make_dialog(qtbot, folder, prompts, logo)
    # Nothing saved yet: the name field is empty with a hint, never the literal "Your clinic".
    assert dialog.name_edit.text() == ""
    assert dialog.name_edit.placeholderText().startswith("e.g.")
    fill(dialog)
    qtbot.mouseClick(dialog.logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo_preview.pixmap() is not None
    assert not dialog.logo_preview.pixmap().isNull()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    document = json.loads((folder / "clinic.json").read_text(encoding="utf-8"))
    assert document == {
        "name": "Harbour Street Acupuncture",
        "logo": "logo.png",
        "address": "12 Harbour Street\nPortsmouth",
        "phone": "+44 23 9200 0000",
        "practitioner": "Sam Okafor",
        "emergency_number": "999",
        "paper": "letter",
        "large_print": True,
    }
    details = load_clinic(folder / "clinic.json")  # as `needleplan handout` reads it
    assert details.paper is Paper.LETTER
    assert details.logo == folder / "logo.png"
    again = make_dialog(qtbot, folder, prompts)
    assert again.name_edit.text() == "Harbour Street Acupuncture"
    assert again.paper_combo.currentData() == "letter"
    assert again.large_print_check.isChecked()
    assert not again.is_dirty()


def test_messages_at_the_field_and_nothing_written(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    dialog = make_dialog(qtbot, folder, prompts)
    dialog.name_edit.setText("N" * 121)
    dialog.phone_edit.setText("1" * 61)
    assert not dialog.try_save()
    assert dialog.isVisible()
    assert dialog.error_text("name") == "Clinic name is longer than 120 characters"
    assert dialog.error_text("phone") == "Phone is longer than 60 characters"
    assert dialog.name_edit.hasFocus() or not QApplication.activeWindow()
    assert not (folder / "clinic.json").exists()
    dialog.name_edit.setText("Fixed")  # messages follow the typing after a refused save
    assert dialog.error_text("name") == ""


def test_a_file_that_is_not_a_picture_is_refused(
    qtbot: QtBot, folder: Path, prompts: FakePrompts, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    dialog = make_dialog(qtbot, folder, prompts, fake)
    dialog.choose_logo()
    assert dialog.logo_preview.text() == "Cannot show"
    assert not dialog.try_save()
    assert "is not a picture" in dialog.error_text("logo")


def test_cancel_asks_before_dropping_changes(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    dialog = make_dialog(qtbot, folder, prompts)
    dialog.reject()
    assert prompts.kinds() == []  # nothing typed: nothing to ask
    dialog = make_dialog(qtbot, folder, prompts)
    dialog.phone_edit.setText("+1 555 0100")
    prompts.discard_answer = False
    dialog.reject()
    assert dialog.isVisible()
    assert prompts.kinds() == ["discard"]
    prompts.discard_answer = True
    dialog.reject()
    assert not dialog.isVisible()
    assert not (folder / "clinic.json").exists()


def test_a_damaged_file_can_be_fixed(qtbot: QtBot, folder: Path, prompts: FakePrompts) -> None:
    folder.mkdir(parents=True)
    (folder / "clinic.json").write_text("{not json", encoding="utf-8")
    dialog = make_dialog(qtbot, folder, prompts)
    assert "could not be read" in dialog.banner.text()
    dialog.name_edit.setText("Mended Clinic")
    assert dialog.try_save()
    assert load_clinic(folder / "clinic.json").name == "Mended Clinic"


def test_saved_settings_show_on_the_open_handout(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, logo: Path
) -> None:
    pid = add_example(store)
    controller = make_workspace()
    page = open_handout(controller, pid)
    assert "Harbour Street Acupuncture" not in text(page.pdf)
    dialog = controller.open_settings()
    assert isinstance(dialog, SettingsDialog)
    fill(dialog)
    dialog.set_logo(logo)
    assert dialog.try_save()
    # The user's config folder (isolated by the GUI tests' conftest) is the one written.
    assert (default_folder() / "clinic.json").is_file()
    QApplication.processEvents()
    page_now = controller.workspace.page(HANDOUT_PAGE)
    assert isinstance(page_now, HandoutController)
    header = text(page_now.pdf)
    assert "Harbour Street Acupuncture" in header
    assert "+44 23 9200 0000" in header
    # The clinic's defaults become the sheet's options.
    assert page_now.view.large_print.isChecked()
    assert page_now.view.paper.currentData() == "letter"
    assert "Saved the clinic details" in controller.window.statusBar().currentMessage()


def text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_enter_in_a_field_saves_and_never_opens_the_logo_chooser(
    qtbot: QtBot, folder: Path, prompts: FakePrompts
) -> None:
    asked: list[object] = []
    dialog = SettingsDialog(
        folder=folder,
        choose_logo=lambda parent: asked.append(parent),
        confirm_discard=prompts.confirm_discard,
    )
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.phone_edit.setFocus()
    qtbot.keyClicks(dialog.phone_edit, "+44 23 9200 0000")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    assert asked == []
    assert not dialog.isVisible()
    assert load_clinic(folder / "clinic.json").phone == "+44 23 9200 0000"
