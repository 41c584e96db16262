"""The Assessment page's part of the safety gate: a new assessment starts from the health
record, a saved one can be corrected (the earlier version kept), red flags are cleared with
who, role, date and note, and the age-derived findings appear without a tick."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.clearance import Clearance
from planner.domain.patient import Patient
from planner.store.database import Store
from tests.ui.assessment.test_page import add_case, ana, click, open_assessment, wait_for_findings
from tests.ui.conftest import FakePrompts, MakeWorkspace

TODAY = date.today()


def test_a_new_assessment_keeps_the_health_record_and_removing_is_explicit(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    earlier = Assessment(
        date=TODAY - timedelta(days=28),
        complaint="Stiff neck",
        onset_date=TODAY - timedelta(days=120),
        conditions=("pregnancy", "anticoagulants"),
        pregnancy_weeks=12,
        medications="apixaban 5 mg",
    )
    pid = add_case(store, Case(ana(), earlier))
    page = open_assessment(make_workspace())
    click(qtbot, page.view.new_button)
    form = page.form
    assert form.health.condition_boxes["pregnancy"].isChecked()
    assert form.health.condition_boxes["anticoagulants"].isChecked()
    assert form.health.pregnancy_weeks.value() == 16  # four weeks on
    assert form.health.medications_edit.toPlainText() == "apixaban 5 mg"
    wait_for_findings(qtbot, page, "pregnancy")  # its caution at once, no points needed
    click(qtbot, form.health.condition_boxes["anticoagulants"])  # stopped the blood thinner
    form.health.medications_edit.clear()  # and takes nothing now
    form.scores.pain_now.setValue(4)
    click(qtbot, page.view.save_button)
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.conditions == ("pregnancy",)
    assert current.removed == ("anticoagulants", "medications")
    assert current.medications == ""
    assert current.onset_date == earlier.onset_date


def test_a_saved_assessment_is_corrected_and_the_earlier_version_stays_visible(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_case(store, Case(ana(), Assessment(date=TODAY, complaint="Neck pian")))
    page = open_assessment(make_workspace())
    assert page.view.correct_button.isVisible()
    click(qtbot, page.view.correct_button)
    assert page.editing
    assert page.view.title.text().startswith("Correcting")
    page.form.visit.complaint_edit.setText("Neck pain")
    click(qtbot, page.view.save_button)
    versions = store.cases.assessments(pid)
    assert [(a.complaint, a.corrected) for a in versions] == [
        ("Neck pain", False),
        ("Neck pian", True),
    ]
    assert page.model.rowCount() == 2
    assert "corrected" in str(page.model.index(1, 0).data())
    page.view.history.setCurrentIndex(page.model.index(1, 0))
    assert page.view.subtitle.text().startswith("Corrected: an earlier version")
    assert not page.view.correct_button.isVisible()  # only the current version is corrected
    assert not page.form.flags.clearance_button.isEnabled()  # nor cleared


def test_a_red_flag_is_cleared_only_with_who_role_date_and_note(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, prompts: FakePrompts
) -> None:
    flagged = Assessment(date=TODAY, complaint="Neck pain", red_flags=("myelopathy-signs",))
    pid = add_case(store, Case(ana(), flagged))
    page = open_assessment(make_workspace())
    wait_for_findings(qtbot, page, "red-flag-myelopathy-signs")
    banner = page.view.refer_banner
    assert not banner.isHidden()
    prompts.clearance_answer = None  # cancelled: nothing recorded
    click(qtbot, page.form.flags.clearance_button)
    assert store.cases.get_case(pid).assessment == store.cases.assessments(pid)[0]
    assert len(store.cases.assessments(pid)) == 1
    prompts.clearance_answer = Clearance("", "Dr Ana Ruiz", "neurologist", TODAY, "MRI normal")
    click(qtbot, page.form.flags.clearance_button)
    assert ("clearance", "red-flag-myelopathy-signs") in prompts.asked
    current = store.cases.get_case(pid).assessment
    assert current is not None
    (c,) = current.clearances
    assert (c.rule, c.cleared_by, c.role) == (
        "red-flag-myelopathy-signs",
        "Dr Ana Ruiz",
        "neurologist",
    )
    assert len(store.cases.assessments(pid)) == 2  # the earlier version is kept
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=3000)
    assert "Dr Ana Ruiz (neurologist)" in page.form.flags.clearance_label.text()
    (card,) = [k for k in page.view.findings.cards if k.finding.rule == c.rule]
    assert card.badge.text() == "REFER · CLEARED"
    assert "Cleared by Dr Ana Ruiz (neurologist)" in card.meta.text()
    assert "1 cleared or overridden" in page.view.findings.status.text()


def test_age_from_the_birth_date_raises_the_onset_red_flag(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    born = TODAY.replace(year=TODAY.year - 72) - timedelta(days=10)
    add_case(store, Case(Patient("Ben Old", birth_date=born)))
    page = open_assessment(make_workspace())
    assert page.editing
    page.form.visit.complaint_edit.setText("New neck pain")
    wait_for_findings(qtbot, page, "age-onset-derived")
    assert not page.view.refer_banner.isHidden()
    assert "72" in page.view.refer_banner.detail.text()


def test_the_patient_summary_shows_the_health_record_and_who_cleared_a_red_flag(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    gp = Clearance("red-flag-osteoporosis", "Dr Sato", "rheumatologist", TODAY, "DEXA reviewed")
    a = Assessment(
        date=TODAY,
        conditions=("anticoagulants",),
        red_flags=("osteoporosis", "night-pain"),
        clearances=(gp,),
    )
    add_case(store, Case(ana(), a))
    c = make_workspace()
    details = c.window.details
    qtbot.waitUntil(lambda: details.flags_value.text() not in ("", "…"), timeout=5000)
    assert "nticoagulant" in details.record_value.text()
    flags = details.flags_value.text()
    assert "Dr Sato (rheumatologist)" in flags
    assert "Night pain: not cleared. Refer on; no needling." in flags  # night pain stands
    assert "Osteoporosis: cleared by" in flags


def test_the_clearance_dialog_names_the_missing_field_and_returns_all_four(qtbot: QtBot) -> None:
    from planner.domain.findings import Finding, Severity
    from planner.ui.shared.clearance_dialog import ClearanceDialog

    flag = Finding("red-flag-fever", Severity.REFER, (), "Red flag: fever.", "NICE")
    dialog = ClearanceDialog([flag], TODAY)
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert dialog.result() != ClearanceDialog.DialogCode.Accepted
    assert dialog.problem.text() == "Cleared by: is required"
    dialog.cleared_by.setText("Dr Lee")
    assert dialog.problem.isHidden()
    dialog.role.setCurrentText("GP")
    dialog.ok_button.click()
    assert dialog.problem.text() == "Note: is required"
    dialog.note.setPlainText("Fever settled; bloods normal.")
    dialog.ok_button.click()
    assert dialog.result() == ClearanceDialog.DialogCode.Accepted
    assert dialog.clearance() == Clearance(
        "red-flag-fever", "Dr Lee", "GP", TODAY, "Fever settled; bloods normal."
    )


def test_a_correction_restored_after_a_crash_is_still_saved_as_a_correction(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_case(store, Case(ana(), Assessment(date=TODAY, complaint="Neck pian")))
    page = open_assessment(make_workspace())
    click(qtbot, page.view.correct_button)
    page.form.visit.complaint_edit.setText("Neck pain")
    page.autosave()  # the draft on disk, as after ~0.6 s of typing; then the app dies
    page = open_assessment(make_workspace())  # a new window, as after a restart
    assert page.draft_pending()
    page.restore_draft()
    assert page.correcting is not None
    assert page.view.title.text().startswith("Correcting the assessment of")
    click(qtbot, page.view.save_button)
    versions = store.cases.assessments(pid)
    assert [(a.complaint, a.corrected) for a in versions] == [
        ("Neck pain", False),
        ("Neck pian", True),
    ]
