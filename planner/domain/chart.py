"""Where something sits on the body chart: a view and normalised coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    FRONT = "front"
    BACK = "back"


@dataclass(frozen=True)
class ChartPosition:
    """x, y in 0..1 across the view's frame (x to the viewer's right, y downward).

    Bilateral entries carry the position on the patient's LEFT side; the chart mirrors it
    (x -> 1 - x) for the right side. Midline entries sit at x = 0.5.
    """

    view: View
    x: float
    y: float

    def mirrored(self) -> ChartPosition:
        return ChartPosition(self.view, round(1.0 - self.x, 4), self.y)
