"""What the Points page is editing: the patient, what the plan is screened against, the plan.

One object the page controller owns and its collaborators (library, target list,
suggestions, protocols, saving) read, so none of them needs the controller itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planner.domain.assessment import Assessment
from planner.domain.findings import OVERRIDABLE, Finding
from planner.domain.plan import Plan


@dataclass
class PlanState:
    patient_id: int | None = None
    birth_date: date | None = None
    assessment: Assessment | None = None  # the latest saved one: the plan is screened on it
    saved_plan: Plan | None = None  # as last read from or written to the store
    plan: Plan = field(default_factory=Plan)  # as shown; replaced only through the undo stack
    findings: list[Finding] = field(default_factory=list)  # the plan's screening, as shown

    def standing_blocks(self) -> list[Finding]:
        """Block findings about planned targets with no reason recorded yet (a red flag is
        not lifted here: the store's gate refuses the save and says so)."""
        return [
            f for f in self.findings if f.severity in OVERRIDABLE and not f.resolved and f.targets
        ]
