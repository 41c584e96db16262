"""The draft files themselves, the label tables, and that start-up stays lean."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from planner.domain.vocab import CONDITIONS, RED_FLAGS, REGIONS
from planner.ui.shared.drafts import ASSESSMENT, DraftStore, default_drafts_dir
from planner.ui.shared.labels import CONDITION_LABELS, RED_FLAG_LABELS, REGION_LABELS
from tests.ui.helpers import loaded_at_start_up

ROOT = Path(__file__).resolve().parents[3]


def test_a_draft_round_trips_privately(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    assert drafts.load(3, ASSESSMENT) is None
    when = datetime(2026, 11, 20, 14, 32, 5)
    path = drafts.save(3, ASSESSMENT, {"complaint": "Cuello rígido", "pain": {"now": 4}}, now=when)
    assert path == drafts.path(3, ASSESSMENT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    draft = drafts.load(3, ASSESSMENT)
    assert draft is not None
    assert draft.saved_at == when
    assert draft.data == {"complaint": "Cuello rígido", "pain": {"now": 4}}
    assert drafts.exists(3, ASSESSMENT)
    assert not drafts.exists(4, ASSESSMENT)
    drafts.discard(3, ASSESSMENT)
    drafts.discard(3, ASSESSMENT)  # twice is fine
    assert not drafts.exists(3, ASSESSMENT)


def test_a_failed_write_leaves_the_old_draft_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(1, ASSESSMENT, {"complaint": "first"})

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        drafts.save(1, ASSESSMENT, {"complaint": "second"})
    monkeypatch.undo()
    draft = drafts.load(1, ASSESSMENT)
    assert draft is not None
    assert draft.data == {"complaint": "first"}
    assert [p.name for p in tmp_path.iterdir()] == [drafts.path(1, ASSESSMENT).name]


def test_a_damaged_draft_is_kept_aside_not_deleted(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    path = drafts.path(2, ASSESSMENT)
    path.write_text("{not json", encoding="utf-8")
    assert drafts.load(2, ASSESSMENT) is None
    assert not path.exists()
    assert path.with_suffix(".bad").read_text(encoding="utf-8") == "{not json"


def test_the_default_folder_is_in_the_user_data_folder(tmp_path: Path) -> None:
    # The GUI conftest points XDG_DATA_HOME at the test's folder.
    assert default_drafts_dir() == tmp_path / "xdg-data" / "needleplan" / "drafts"


def test_every_vocabulary_entry_has_a_plain_label() -> None:
    for ids, labels in (
        (REGIONS, REGION_LABELS),
        (CONDITIONS, CONDITION_LABELS),
        (RED_FLAGS, RED_FLAG_LABELS),
    ):
        assert set(labels) == set(ids)
        assert all(label and "-" not in label for label in labels.values())


def test_start_up_does_not_load_the_assessment_page_or_its_data(tmp_path: Path) -> None:
    lazy = (
        "planner.ui.assessment.controller",
        "planner.ui.assessment.form",
        "planner.ui.shared.body_chart",
        "planner.catalog.rules",
        "planner.catalog.bodychart",
        "planner.domain.screening",
    )
    assert loaded_at_start_up(tmp_path, lazy) == []


def test_each_database_keeps_its_own_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.ui.shared.drafts as drafts_module

    monkeypatch.setattr(drafts_module, "default_drafts_dir", lambda: tmp_path / "drafts")
    local = DraftStore(database_url=f"sqlite:///{tmp_path / 'local.sqlite'}")
    clinic = DraftStore(database_url="postgresql+psycopg://ana:old@db.clinic/np")
    clinic_new_password = DraftStore(database_url="postgresql+psycopg://ana:new@db.clinic/np")
    local.save(12, "assessment", {"complaint": "local patient 12"})
    assert not clinic.exists(12, "assessment")  # another database's patient 12
    clinic.save(12, "assessment", {"complaint": "clinic patient 12"})
    assert clinic_new_password.exists(12, "assessment")
    loaded = local.load(12, "assessment")
    assert loaded is not None
    assert loaded.data == {"complaint": "local patient 12"}
    assert "old" not in str(clinic.directory)
