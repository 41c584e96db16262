"""The reference data pages need (catalog, screening rules, body chart), loaded on first use.

Nothing here loads at import: the catalog and rules take a few hundred milliseconds, so
they load when a page first asks, or in the background once the main window is up
(preload), never during start-up. Loaders are injectable for tests.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.domain.bodychart import BodyChart
    from planner.domain.catalog import Catalog
    from planner.domain.screening_rules import Rule


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
        # A page asking while preload() runs waits for it instead of loading twice.
        self._lock = threading.Lock()
        self._preloader: threading.Thread | None = None

    def screening(self) -> Screening:
        with self._lock:
            if self._screening is None:
                self._screening = self._load_screening()
            return self._screening

    def chart(self) -> BodyChart:
        with self._lock:
            if self._chart is None:
                self._chart = self._load_chart()
            return self._chart

    def preload(self) -> threading.Thread:
        """Load everything on a background thread (pure Python, no Qt), so the first page
        opened does not wait; a failure is left for the page's own ask to raise."""
        if self._preloader is None:

            def work() -> None:
                with contextlib.suppress(Exception):
                    self.screening()
                    self.chart()
                    _warm_handout_data()

            self._preloader = threading.Thread(target=work, name="reference-preload", daemon=True)
            self._preloader.start()
        return self._preloader

    @property
    def screening_loaded(self) -> bool:
        return self._screening is not None


def _warm_handout_data() -> None:
    """The handout's content blocks and chart positions (cached by their loaders), and its
    PDF modules: imports are safe off the main thread; font registration is left to the
    render itself, which owns ReportLab's global registry."""
    import importlib

    from planner.catalog.bodychart_positions import load_positions
    from planner.catalog.handouts import load_blocks

    load_blocks()
    load_positions()
    for module in (
        "planner.pdf.handout",
        "planner.pdf.layout",
        "planner.pdf.pdfcanvas",
        "reportlab.platypus",
        "reportlab.lib.utils",
    ):
        importlib.import_module(module)
