"""The clearance that lifts each red flag: complete, the first one per rule."""

from __future__ import annotations

from datetime import date

from planner.domain.clearance import Clearance, clearances_by_rule


def test_the_first_complete_clearance_per_rule() -> None:
    blank_note = Clearance("red-flag-fever", "Dr Ruiz", "GP", date(2026, 12, 1), " ")
    first = Clearance("red-flag-fever", "Dr Ruiz", "GP", date(2026, 12, 2), "No infection")
    second = Clearance("red-flag-fever", "Dr Lee", "GP", date(2026, 12, 3), "Seen again")
    other = Clearance(" red-flag-trauma ", "Dr Lee", "Surgeon", date(2026, 12, 3), "X-ray clear")
    found = clearances_by_rule([blank_note, first, second, other])
    assert found == {"red-flag-fever": first, "red-flag-trauma": other}
