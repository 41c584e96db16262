"""Settings' public holidays: a country and, when it has any, a region (both optional).

The lists come from the `holidays` package (planner.catalog.holiday_regions), read when the
Settings dialog opens, never at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QListView, QSizePolicy, QWidget

from planner.casefile.clinic import HolidayPlace

NO_COUNTRY = "None (no public holidays)"
WHOLE_COUNTRY = "National holidays only"
NO_REGIONS = "No regional holidays"
NO_COUNTRY_REGION = "Region (choose a country first)"


class HolidayPlaceFields(QWidget):
    """The two combos side by side; `changed` when either changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from planner.catalog.holiday_regions import countries

        self.country_combo = QComboBox()
        self.country_combo.setObjectName("holidayCountry")
        self.country_combo.addItem(NO_COUNTRY, None)
        for code, name in countries():
            self.country_combo.addItem(name, code)
        # A scrolling list of 20 rather than a menu the height of the screen (250 countries).
        self.country_combo.setStyleSheet(
            "QComboBox { combobox-popup: 0; } QComboBox QAbstractItemView::item { padding: 3px; }"
        )
        self.country_combo.setView(QListView())  # a styled list: the padding applies
        self.country_combo.setMaxVisibleItems(20)
        self.country_combo.setToolTip(
            "The Course page offers this country's public holidays as dates to skip"
        )
        self.region_combo = QComboBox()
        self.region_combo.setObjectName("holidayRegion")
        self.region_combo.setToolTip(
            "Regions such as Scotland or Bavaria have holidays of their own"
        )
        for combo in (self.country_combo, self.region_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.country_combo, 1)
        row.addWidget(self.region_combo, 1)

        self._fill_regions(None)
        self.country_combo.currentIndexChanged.connect(self._country_changed)
        self.region_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def place(self) -> HolidayPlace | None:
        country = self.country_combo.currentData()
        if not country:
            return None
        return HolidayPlace(country, self.region_combo.currentData() or None)

    def set_place(self, place: HolidayPlace | None) -> None:
        country = place.country if place is not None else None
        index = self.country_combo.findData(country)
        if index < 0 and country is not None:
            # A code this version of the package does not know: shown, so Save names it.
            self.country_combo.addItem(country, country)
            index = self.country_combo.count() - 1
        self.country_combo.blockSignals(True)
        self.country_combo.setCurrentIndex(max(index, 0))
        self.country_combo.blockSignals(False)
        self._fill_regions(country)
        subdivision = place.subdivision if place is not None else None
        found = self.region_combo.findData(subdivision)
        if found < 0 and subdivision:
            self.region_combo.addItem(subdivision, subdivision)
            found = self.region_combo.count() - 1
        self.region_combo.setCurrentIndex(max(found, 0))

    def _country_changed(self) -> None:
        self._fill_regions(self.country_combo.currentData())
        self.changed.emit()

    def _fill_regions(self, country: str | None) -> None:
        from planner.catalog.holiday_regions import subdivisions

        regions = subdivisions(country) if country else ()
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        empty = NO_COUNTRY_REGION if not country else NO_REGIONS
        self.region_combo.addItem(WHOLE_COUNTRY if regions else empty, None)
        for code, name in regions:
            self.region_combo.addItem(name, code)
        self.region_combo.blockSignals(False)
        self.region_combo.setEnabled(bool(regions))
