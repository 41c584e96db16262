"""The pain drawing: the body chart in pain mode, an intensity brush, a legend, and the list
of marked regions (which also lets keyboard users mark and clear regions without a mouse)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from planner.domain.bodychart import BodyChart
from planner.domain.vocab import REGIONS
from planner.ui.assessment import shortcuts
from planner.ui.shared.body_chart import INTENSITY_MAX, BodyChartWidget, intensity_color
from planner.ui.shared.labels import region_label

UPPER_BODY = (18.0, 640.0)
CHART_MIN_HEIGHT, CHART_MAX_HEIGHT = (
    260,
    560,
)  # frame y range with every pain region (head to hands)
HINT = "Click a region to mark pain at the chosen intensity; right-click clears it."
NO_HOVER = "Point at a region to see its name."

Index = QModelIndex | QPersistentModelIndex


class PainRegionModel(QAbstractListModel):
    """Marked regions in the vocabulary's order: "Right side of the neck: 7/10"."""

    REGION_ROLE = Qt.ItemDataRole.UserRole
    INTENSITY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int]] = []

    def set_intensities(self, values: Mapping[str, int]) -> None:
        self.beginResetModel()
        order = {name: i for i, name in enumerate(REGIONS)}
        self._rows = sorted(
            ((k, v) for k, v in values.items() if v > 0), key=lambda kv: order.get(kv[0], 99)
        )
        self.endResetModel()

    def region_at(self, row: int) -> str:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        region, intensity = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{region_label(region)}: {intensity}/10"
        if role == Qt.ItemDataRole.DecorationRole:
            return intensity_color(intensity)
        if role == self.REGION_ROLE:
            return region
        if role == self.INTENSITY_ROLE:
            return intensity
        return None


class IntensityLegend(QWidget):
    """A labelled colour ramp 1-10: what the shading means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(34)
        self.setAccessibleName("Legend: lighter is milder pain (1), darker is worse (10)")
        self.setToolTip("Pain intensity: 1 mild (light) to 10 worst (dark)")

    def sizeHint(self) -> QSize:
        return QSize(220, 34)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        left, right = 4, self.width() - 4
        bar_top, bar_height = 2, 12
        gradient = QLinearGradient(left, 0, right, 0)
        for value in range(1, INTENSITY_MAX + 1):
            gradient.setColorAt((value - 1) / (INTENSITY_MAX - 1), intensity_color(value))
        painter.setPen(QColor(150, 150, 150))
        painter.setBrush(gradient)
        painter.drawRoundedRect(left, bar_top, right - left, bar_height, 3, 3)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        baseline = bar_top + bar_height + metrics.ascent() + 2
        for text, x, align in (
            ("1 mild", left, 0),
            ("5", (left + right) // 2, 1),
            ("10 worst", right, 2),
        ):
            width = metrics.horizontalAdvance(text)
            painter.drawText(x - (width * align) // 2, baseline, text)
        painter.end()


class PainDrawing(QWidget):
    # The drawing changed: a region marked, re-marked or cleared.
    changed = Signal()

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart_widget = BodyChartWidget(chart, crop=UPPER_BODY)
        self.chart_widget.set_pain_mode(True)
        # As tall as it needs at its width; the page scrolls, the chart does not balloon.
        self.chart_widget.setMinimumHeight(CHART_MIN_HEIGHT)
        self.chart_widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chart_widget.setAccessibleName("Pain drawing")

        self.brush = QSlider(Qt.Orientation.Horizontal)
        self.brush.setRange(1, INTENSITY_MAX)
        self.brush.setValue(self.chart_widget.brush_intensity)
        self.brush.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.brush.setAccessibleName("Intensity to mark")
        self.brush_value = QLabel()
        self.brush_value.setMinimumWidth(44)
        brush_caption = QLabel("Intensity")
        brush_caption.setBuddy(self.brush)

        self.hover_label = QLabel(NO_HOVER)
        self.hover_label.setObjectName("hoverRegion")
        self.hover_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.legend = IntensityLegend()

        self.model = PainRegionModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Marked regions")
        self.list.setMaximumHeight(110)
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Region to mark")
        for name in REGIONS:
            self.region_combo.addItem(region_label(name), name)
        self.mark_button = QPushButton("Mark")
        self.mark_button.setToolTip("Mark the chosen region at the chosen intensity")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Clear the selected marked region (Delete)")
        self.clear_button.setEnabled(False)
        # Delete clears only while the list has focus (the window's Delete deletes patients).
        self.clear_action = QAction("Clear", self.list)
        self.clear_action.setShortcut(QKeySequence(shortcuts.CLEAR_REGION[0]))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(self.clear_action)
        self._read_only = False

        brush_row = QHBoxLayout()
        brush_row.addWidget(brush_caption)
        brush_row.addWidget(self.brush, 1)
        brush_row.addWidget(self.brush_value)
        keyboard_row = QHBoxLayout()
        keyboard_row.addWidget(self.region_combo, 1)
        keyboard_row.addWidget(self.mark_button)
        keyboard_row.addWidget(self.clear_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(hint)
        column.addLayout(brush_row)
        column.addWidget(self.chart_widget, 1)
        column.addWidget(self.hover_label)
        column.addWidget(self.legend)
        column.addWidget(self.list)
        column.addLayout(keyboard_row)

        self.brush.valueChanged.connect(self._on_brush)
        self.chart_widget.regionHovered.connect(self._on_hover)
        self.chart_widget.painChanged.connect(self._on_paint)
        self.mark_button.clicked.connect(self._mark_chosen)
        self.clear_button.clicked.connect(self._clear_selected)
        self.clear_action.triggered.connect(self._clear_selected)
        self.list.selectionModel().selectionChanged.connect(self._update_clear)
        self.model.modelReset.connect(self._update_clear)
        self._on_brush(self.brush.value())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Layouts inside a scroll area ignore height-for-width: size the chart to the width.
        height = self.chart_widget.height_for_width(event.size().width())
        self.chart_widget.setFixedHeight(max(CHART_MIN_HEIGHT, min(CHART_MAX_HEIGHT, height)))
        super().resizeEvent(event)

    # --- values ---------------------------------------------------------------------------

    def intensities(self) -> dict[str, int]:
        return self.chart_widget.intensities()

    def ordered_intensities(self) -> list[tuple[str, int]]:
        """(region, intensity) in the vocabulary's order, as the record lists them."""
        values = self.chart_widget.intensities()
        return [(name, values[name]) for name in REGIONS if name in values]

    def set_intensities(self, values: Mapping[str, int]) -> None:
        self.chart_widget.set_intensities(values)
        self.model.set_intensities(self.chart_widget.intensities())

    def set_read_only(self, read_only: bool) -> None:
        self.chart_widget.set_pain_mode(not read_only)
        for widget in (self.brush, self.region_combo, self.mark_button):
            widget.setEnabled(not read_only)
        self._read_only = read_only
        self._update_clear()

    # --- reactions ------------------------------------------------------------------------

    def _on_brush(self, value: int) -> None:
        self.chart_widget.set_brush_intensity(value)
        self.brush_value.setText(f"{value}/10")

    def _on_hover(self, region: str) -> None:
        self.hover_label.setText(region_label(region) if region else NO_HOVER)

    def _on_paint(self, region: str, intensity: int) -> None:
        self.model.set_intensities(self.chart_widget.intensities())
        self.changed.emit()

    def _mark_chosen(self) -> None:
        region = self.region_combo.currentData()
        if isinstance(region, str):
            self.chart_widget.set_intensity(region, self.brush.value())

    def _clear_selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        for region in [self.model.region_at(i.row()) for i in rows]:
            self.chart_widget.set_intensity(region, 0)

    def _update_clear(self) -> None:
        has = bool(self.list.selectionModel().selectedRows())
        self.clear_button.setEnabled(has and not self._read_only)
