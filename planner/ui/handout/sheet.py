"""What the open patient's sheet is made from, gathered once per patient, or in words why
there is no sheet.

The inputs (screening, whether a sheet may be printed, the next dates of the course, the
content blocks and chart positions) are gathered by planner.casefile.handout_job, the same
path as `needleplan handout`; the clinic's details come from planner.casefile.clinic.

When is there no sheet? planner.domain.handout.why_no_handout decides: an aftercare sheet
describes a treatment, so not without planned points or muscles, and not while a red flag (a
`refer` finding) stands unless the practitioner recorded a course override. This module only
says so in words.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.errors import DomainError
from planner.domain.findings import Finding, Severity
from planner.domain.handout import ClinicDetails, NoHandout, long_date
from planner.ui.handout.view import HandoutPageView
from planner.ui.workspace import WorkspaceContext

if TYPE_CHECKING:
    from planner.casefile.handout_job import HandoutJob
    from planner.domain.bodychart import BodyChart


@dataclass(frozen=True)
class Inputs:
    """Everything a render needs besides the options: gathered once per patient."""

    job: HandoutJob
    chart: BodyChart


def no_plan_message(name: str) -> str:
    return (
        f"<h3>No handout yet for {html.escape(name)}</h3>"
        "<p>The aftercare sheet tells the patient what was needled and how to look after "
        "it, so it needs a plan with at least one acupoint or muscle.</p>"
        "<p>Choose them on the <b>Points</b> page, then come back here.</p>"
    )


def refer_message(name: str, red_flags: Iterable[Finding]) -> str:
    reasons = "".join(f"<li>{html.escape(f.message)}</li>" for f in red_flags)
    return (
        f"<h3>No handout while a red flag stands for {html.escape(name)}</h3>"
        f"<ul>{reasons}</ul>"
        "<p>A red flag means: do not needle, refer on. An aftercare sheet describes a "
        "treatment, so none is printed until the red flag is cleared.</p>"
        "<p>Once someone qualified has seen the patient, record who cleared them (name, "
        "role, date and a note) with <b>Record a clearance…</b> on the <b>Assessment</b> "
        "page; the handout then appears here. A course change never lifts a red flag.</p>"
    )


def blocked_message(name: str, blocks: Iterable[Finding]) -> str:
    reasons = "".join(
        f"<li><b>{html.escape(', '.join(f.targets))}</b>: {html.escape(f.message)}</li>"
        for f in blocks
    )
    return (
        f"<h3>No handout for {html.escape(name)}: the plan has points that must not be used</h3>"
        f"<ul>{reasons}</ul>"
        "<p>The sheet would list them as treated. On the <b>Points</b> page, remove them or "
        "record your written reason for each; the handout then appears here.</p>"
    )


def problem_message(title: str, detail: str) -> str:
    return f"<h3>{html.escape(title)}</h3><p>{html.escape(detail)}</p>"


def gather(context: WorkspaceContext, view: HandoutPageView, patient_id: int) -> Inputs | None:
    """The inputs for the patient's sheet; None, with the reason shown, if there is none."""
    from planner.casefile.handout_job import HandoutRefused, prepare_handout

    try:
        case = context.database.store.cases.get_case(patient_id)
    except DomainError as exc:
        view.show_message(problem_message("This patient cannot be opened", str(exc)))
        return None
    name = case.patient.name
    today = context.today()
    view.subtitle.setText(f"{name} · {long_date(today)}")
    try:
        screening = context.reference.screening()
        chart = context.reference.chart()
        job = prepare_handout(case, catalog=screening.catalog, rules=screening.rules, today=today)
    except HandoutRefused as refused:
        if refused.reason is NoHandout.RED_FLAG:
            view.show_message(refer_message(name, refused.red_flags))
        elif refused.reason is NoHandout.BLOCKED:
            stop = [f for f in refused.findings if f.severity is Severity.BLOCK]
            view.show_message(blocked_message(name, [f for f in stop if not f.resolved]))
        else:
            view.show_message(no_plan_message(name))
        return None
    except DomainError as exc:
        view.show_message(
            problem_message("The handout cannot be made: reference data is damaged", str(exc))
        )
        return None
    return Inputs(job=job, chart=chart)


def read_clinic(view: HandoutPageView, folder: Path | None) -> ClinicDetails:
    """The clinic's details; placeholders, with a warning on the page, if unreadable."""
    from planner.casefile.clinic import read_clinic as read

    try:
        clinic = read(folder)
        view.show_warning("")
    except DomainError as exc:
        clinic = ClinicDetails()
        view.show_warning(
            f"The clinic's details could not be read ({exc}); the sheet shows "
            "placeholders. Fix them in Edit › Settings…"
        )
    return clinic


def missing_clinic_details(clinic: ClinicDetails) -> str:
    """What the sheet lacks while the clinic's name or phone is not set ('' when neither)."""
    no_name = clinic.name == ClinicDetails().name
    if no_name and not clinic.phone:
        return "The sheet says “Your clinic” and gives no phone number under “Call us”."
    if no_name:
        return "The sheet says “Your clinic” instead of the clinic's name."
    if not clinic.phone:
        return "The sheet gives no phone number under “Call us if you notice”."
    return ""


def apply_clinic_defaults(view: HandoutPageView, clinic: ClinicDetails) -> None:
    """Options start from the clinic's defaults; changing them here is per sheet."""
    view.large_print.blockSignals(True)
    view.paper.blockSignals(True)
    view.large_print.setChecked(clinic.large_print)
    view.paper.setCurrentIndex(max(view.paper.findData(str(clinic.paper)), 0))
    view.large_print.blockSignals(False)
    view.paper.blockSignals(False)
