"""The reference data pages need (catalog, screening rules, body chart), loaded on first use.

Nothing here loads at import: the catalog and rules take a few hundred milliseconds, so
they load when a page first asks, never during start-up. Loaders are injectable for tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.domain.bodychart import BodyChart
    from planner.domain.catalog import Catalog
    from planner.domain.screening import Rule


@dataclass(frozen=True)
class Screening:
    catalog: Catalog
    rules: Sequence[Rule]


def load_shipped_screening() -> Screening:
    from planner.catalog import load_catalog
    from planner.catalog.rules import load_rules

    catalog = load_catalog()
    return Screening(catalog, load_rules(catalog=catalog))


def load_shipped_chart() -> BodyChart:
    from planner.catalog.bodychart import load_body_chart

    return load_body_chart()


class Reference:
    """Loads each part once; a load error (a broken resource) is raised at every ask."""

    def __init__(
        self,
        screening: Callable[[], Screening] = load_shipped_screening,
        chart: Callable[[], BodyChart] = load_shipped_chart,
    ) -> None:
        self._load_screening = screening
        self._load_chart = chart
        self._screening: Screening | None = None
        self._chart: BodyChart | None = None

    def screening(self) -> Screening:
        if self._screening is None:
            self._screening = self._load_screening()
        return self._screening

    def chart(self) -> BodyChart:
        if self._chart is None:
            self._chart = self._load_chart()
        return self._chart

    @property
    def screening_loaded(self) -> bool:
        return self._screening is not None
