"""The library column's widgets: search, filters, results and the chosen entry's detail.

Names show on two lines (pinyin and Chinese; then the English name and the body region), so
a narrow column elides nothing; the search box's examples are in its tooltip, not cut off in
its placeholder.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.domain.catalog_entries import Channel
from planner.ui.points.library_model import KIND_LABELS, REGION_GROUP_LABELS
from planner.ui.shared.search_box import SearchBox

SEARCH_PLACEHOLDER = "Search points and regions (Ctrl+K)"
SEARCH_TIP = (
    "Code, pinyin with or without tones, English or Chinese name, or muscle: "
    "GB21, jianjing, shoulder well, 肩井, levator. Enter adds the first result."
)
LIBRARY_MIN_WIDTH = 230
CELL_PADDING = 12  # a cell's margins around its text


class LibraryView(QSplitter):
    """Search and results above, the detail of the chosen entry below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("libraryPanel")
        self.search = SearchBox()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setToolTip(SEARCH_TIP)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the reference library")
        self.group_filter = QComboBox()
        self.group_filter.setObjectName("groupFilter")
        for group, label in REGION_GROUP_LABELS.items():
            self.group_filter.addItem(label, group.value)
        self.channel_filter = QComboBox()
        self.channel_filter.setObjectName("channelFilter")
        self.channel_filter.addItem("All channels", "")
        for channel in Channel:
            self.channel_filter.addItem(f"{channel.value} {channel.english}", channel.value)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        for kind, label in KIND_LABELS.items():
            self.kind_filter.addItem(label, kind.value)
        for combo in (self.group_filter, self.channel_filter, self.kind_filter):
            # The list opens as wide as its longest entry; closed, the combo may be narrow.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.group_filter, 1)
        filters.addWidget(self.channel_filter, 1)

        self.results = QTableView()
        self.results.setObjectName("libraryResults")
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.setAccessibleName("Library results")
        self.results.verticalHeader().hide()
        self.results.setWordWrap(False)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        self.detail = QTextBrowser()
        self.detail.setObjectName("targetDetail")
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Detail of the chosen entry")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.search)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.kind_filter)
        top_layout.addWidget(self.results, 1)
        top_layout.addWidget(self.count_label)
        self.addWidget(top)
        self.addWidget(self.detail)
        self.setSizes([360, 280])
        self.setChildrenCollapsible(False)
        self.setMinimumWidth(LIBRARY_MIN_WIDTH)

    def set_columns(self, lines: Iterable[str]) -> None:
        """Once the model is set: two lines a row, and the column never narrower than the
        longest of `lines` (the entries' lines), so no name is cut off."""
        self.results.horizontalHeader().setStretchLastSection(True)
        metrics = self.results.fontMetrics()
        self.results.verticalHeader().setDefaultSectionSize(2 * metrics.lineSpacing() + 8)
        longest = max((metrics.horizontalAdvance(line) for line in lines), default=0)
        scroll = self.results.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame = 2 * self.results.frameWidth()
        self.setMinimumWidth(max(LIBRARY_MIN_WIDTH, longest + CELL_PADDING + scroll + frame + 2))
