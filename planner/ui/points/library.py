"""The library panel: the search box, the filters, the results and adding the current one.

The filters narrow the chart's markers too; the current result is flashed on the chart and
described in the detail panel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt

from planner.domain.catalog_entries import Channel
from planner.ui.points.library_model import Kind, LibraryFilter, RegionGroup
from planner.ui.points.markers import MarkerLayer
from planner.ui.points.view import PointsPageView


class LibraryPanel:
    """Search and filter the catalog; Enter or a double click adds the current result."""

    def __init__(
        self,
        view: PointsPageView,
        proxy: LibraryFilter,
        markers: MarkerLayer,
        *,
        add_target: Callable[[str], None],
        show_target: Callable[[str], None],
        filters_changed: Callable[[], None],
    ) -> None:
        self.view = view
        self.lib = view.library
        self.proxy = proxy
        self.markers = markers
        self.add_target = add_target
        self.show_target = show_target
        self.filters_changed = filters_changed

    def focus_search(self) -> None:
        self.view.show_library(True)  # a folded library unfolds to be searched
        self.lib.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.lib.search.selectAll()

    def on_search(self, text: str) -> None:
        self.proxy.set_text(text)
        self.update_count()
        if self.proxy.rowCount():
            self.lib.results.setCurrentIndex(self.proxy.index(0, 0))
            self.lib.results.scrollToTop()

    def on_filters(self, _index: int = 0) -> None:
        v = self.lib
        self.proxy.set_group(RegionGroup(v.group_filter.currentData()))
        channel = v.channel_filter.currentData()
        self.proxy.set_channel(Channel(channel) if channel else None)
        self.proxy.set_kind(Kind(v.kind_filter.currentData()))
        self.markers.set_filter(lambda t: self.proxy.accepts(t, with_text=False))
        self.update_count()
        self.filters_changed()

    def update_count(self) -> None:
        n = self.proxy.rowCount()
        self.lib.count_label.setText(f"{n} entr{'y' if n == 1 else 'ies'}")

    def step_into_results(self, step: int) -> None:
        if not self.proxy.rowCount():
            return
        row = self.lib.results.currentIndex().row() if step > 0 else 0
        row = max(0, min(self.proxy.rowCount() - 1, row if row >= 0 else 0))
        self.lib.results.setCurrentIndex(self.proxy.index(row, 0))
        self.lib.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_first_result(self) -> None:
        if self.proxy.rowCount():
            self.add_current_result()
            self.lib.search.selectAll()  # the next name typed replaces this one

    def add_current_result(self) -> None:
        index = self.lib.results.currentIndex()
        row = index.row() if index.isValid() else 0
        target = self.proxy.target_id(row)
        if target is not None:
            self.add_target(target)

    def on_current_result(self, current: QModelIndex, _previous: QModelIndex) -> None:
        target = self.proxy.target_id(current.row()) if current.isValid() else None
        if target is not None:
            self.markers.flash(target)
            self.show_target(target)
