from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.domain.patient import Patient
from planner.store.database import Store
from planner.ui.patients.model import PAGE_SIZE, PatientIdRole, PatientListModel, PatientRole
from tests.ui.helpers import add_patients, jose


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, store: Store) -> None:
    add_patients(store, jose(), Patient("Ana López"), Patient("Zhang Wei"))
    model = PatientListModel(store.patients)
    model.set_query("")
    qtmodeltester.check(model)
    model.set_query("ana")
    qtmodeltester.check(model)


def test_rows_hold_name_patient_and_id(store: Store) -> None:
    (pid,) = add_patients(store, jose())
    model = PatientListModel(store.patients)
    model.set_query("")
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "José Núñez"
    assert index.data(PatientIdRole) == pid
    assert index.data(PatientRole).email == "jose@example.org"
    assert "Male" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_search_is_accent_and_case_insensitive(store: Store) -> None:
    add_patients(store, jose(), Patient("Ana López"))
    model = PatientListModel(store.patients)
    for query in ("jose", "NUNEZ", "Núñ"):
        model.set_query(query)
        assert [model.patient_at(r).name for r in range(model.rowCount())] == ["José Núñez"]  # type: ignore[union-attr]
        assert model.total == 1
    model.set_query("nobody")
    assert model.rowCount() == 0
    assert model.total == 0


def test_large_lists_load_one_page_at_a_time(qtmodeltester: ModelTester, store: Store) -> None:
    add_patients(store, *(Patient(f"Patient {i:04d}") for i in range(1000)))
    model = PatientListModel(store.patients)
    model.set_query("")
    assert model.total == 1000
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.patient_at(PAGE_SIZE).name == "Patient 0200"  # type: ignore[union-attr]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 1000
    qtmodeltester.check(model)


def test_reload_keeps_as_many_rows_as_were_loaded(store: Store) -> None:
    add_patients(store, *(Patient(f"Patient {i:04d}") for i in range(450)))
    model = PatientListModel(store.patients)
    model.set_query("")
    model.fetchMore(QModelIndex())
    model.reload()
    assert model.rowCount() == 2 * PAGE_SIZE  # the view's scroll position survives an edit


def test_view_fetches_more_as_it_scrolls(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtWidgets import QListView

    add_patients(store, *(Patient(f"Patient {i:04d}") for i in range(1000)))
    model = PatientListModel(store.patients)
    model.set_query("")
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(300, 400)
    with qtbot.waitExposed(view):
        view.show()
    assert model.rowCount() == PAGE_SIZE
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)


def test_a_list_that_cannot_be_read_says_so_and_keeps_its_rows(qtbot: QtBot) -> None:
    from planner.store.location import DatabaseError

    class Flaky:
        down = False

        def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]:
            if self.down:
                raise DatabaseError("cannot reach the database server at db:5432")
            return [Patient("Ana López", id=1)][offset : offset + limit]

        def count(self, query: str = "") -> int:
            if self.down:
                raise DatabaseError("cannot reach the database server at db:5432")
            return 1

    source = Flaky()
    model = PatientListModel(source)
    model.set_query("")
    assert model.rowCount() == 1
    source.down = True
    with qtbot.waitSignal(model.failed) as said:
        model.set_query("an")
    assert said.args == ["cannot reach the database server at db:5432"]
    assert model.rowCount() == 1  # the old rows stay
