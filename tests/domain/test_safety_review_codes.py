"""Safety review: a rule's code list must match a target however the plan spells its code.

The catalog finds 'LI-4', 'li4' and 'Li 4' alike (compact codes); the rules' code and exclude
lists must match them the same way, or a pregnancy block falls through to a mere caution.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.catalog.loader import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.assessment import Assessment
from planner.domain.findings import Severity
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.screening import screen

PREGNANT = Assessment(date=date(2026, 1, 5), conditions=("pregnancy",), pregnancy_weeks=20)


@pytest.mark.parametrize("code", ["LI4", "li4", "LI-4", "li 4", "BL-31", "sp-6"])
def test_pregnancy_point_blocks_whatever_the_spelling(code: str) -> None:
    catalog = load_catalog()
    assert catalog.target(code) is not None
    findings = screen(PREGNANT, Plan(acupoints=(AcupointTarget(code),)), catalog, load_rules())
    rules = {(f.rule, f.severity) for f in findings}
    assert ("pregnancy-point", Severity.BLOCK) in rules
    assert not any(f.rule == "pregnancy-caution-point" for f in findings)
