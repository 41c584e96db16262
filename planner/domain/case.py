"""The case: one patient with their latest assessment and plan (needleplan-case/1)."""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.assessment import Assessment
from planner.domain.patient import Patient
from planner.domain.plan import Plan

CASE_FORMAT = "needleplan-case/1"


@dataclass(frozen=True)
class Case:
    patient: Patient
    assessment: Assessment | None = None
    plan: Plan | None = None
