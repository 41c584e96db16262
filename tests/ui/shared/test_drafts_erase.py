"""DraftStore.erase_patient: every draft of an erased patient goes, nobody else's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from planner.ui.shared.drafts import ASSESSMENT, DraftStore


def test_removes_every_kind_and_the_damaged_copies_of_that_patient_only(
    tmp_path: Path,
) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    for pid in (1, 12, 21):
        for kind in (ASSESSMENT, "plan", "course", "visit"):
            drafts.save(pid, kind, {"typed": f"patient {pid}"})
    # Two damaged drafts of patient 1 kept aside (.bad, then .2.bad), one of patient 12.
    for pid in (1, 1, 12):
        drafts.path(pid, ASSESSMENT).write_text("{not json", encoding="utf-8")
        assert drafts.load(pid, ASSESSMENT) is None
    folder = drafts.directory
    assert {p.name for p in folder.glob("patient-1-*")} >= {
        "patient-1-assessment.bad",
        "patient-1-assessment.2.bad",
    }
    (folder / "notes.txt").write_text("not a draft", encoding="utf-8")

    assert drafts.erase_patient(1) == 5  # plan, course, visit and two damaged assessments
    assert list(folder.glob("patient-1-*")) == []
    # Patient 12 and 21 ("patient-1" is a prefix of their names, not of their files) stay.
    assert len(list(folder.glob("patient-12-*"))) == 4  # three drafts and a .bad
    assert len(list(folder.glob("patient-21-*"))) == 4
    assert (folder / "notes.txt").exists()
    assert drafts.erase_patient(1) == 0  # twice is fine


def test_removes_a_temporary_file_a_killed_save_left_for_that_patient(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save(2, ASSESSMENT, {"typed": "x"})
    mine = drafts.directory / ".draft-abc.tmp"
    mine.write_text(json.dumps({"patient_id": 3, "data": {"typed": "secret"}}), encoding="utf-8")
    other = drafts.directory / ".draft-def.tmp"
    other.write_text(json.dumps({"patient_id": 2, "data": {}}), encoding="utf-8")
    half = drafts.directory / ".draft-ghi.tmp"
    half.write_text('{"format": "needleplan-dr', encoding="utf-8")  # cut off: whose is unknown

    assert drafts.erase_patient(3) == 1
    assert not mine.exists()
    assert other.exists()
    assert half.exists()
    assert drafts.exists(2, ASSESSMENT)


def test_no_drafts_folder_yet_is_nothing_to_do(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "never-made").erase_patient(4) == 0


def test_a_file_that_cannot_be_removed_is_reported_after_trying_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    for kind in (ASSESSMENT, "plan", "visit"):
        drafts.save(5, kind, {"typed": kind})
    stuck = str(drafts.path(5, "plan"))
    real_unlink = os.unlink

    def unlink(path: str) -> None:
        if str(path) == stuck:
            raise PermissionError(13, "Permission denied", path)
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(PermissionError):
        drafts.erase_patient(5)
    assert not drafts.exists(5, ASSESSMENT)
    assert not drafts.exists(5, "visit")
    assert drafts.exists(5, "plan")
    monkeypatch.undo()
    assert drafts.erase_patient(5) == 1
