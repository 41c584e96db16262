"""The reference library as a table model, and the proxy that searches and filters it.

Text search is the catalog's own ranked search (codes, pinyin with or without tones,
English, Chinese, muscle names); the proxy keeps its rank as the sort order, and adds the
region group, channel and modality filters on top.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, BodyRegion, Channel, Target

Index = QModelIndex | QPersistentModelIndex
TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # the target id ("GB21", "TP:levator-scapulae")
COLUMNS = ("Point or region",)


class RegionGroup(StrEnum):
    ALL = "all"
    NECK = "neck"
    SHOULDER = "shoulder"
    UPPER_BACK = "upper-back"
    DISTAL = "distal"


REGION_GROUP_LABELS: dict[RegionGroup, str] = {
    RegionGroup.ALL: "All regions",
    RegionGroup.NECK: "Neck",
    RegionGroup.SHOULDER: "Shoulder",
    RegionGroup.UPPER_BACK: "Upper back",
    RegionGroup.DISTAL: "Distal (arm, hand, leg, foot)",
}
_GROUPS: dict[RegionGroup, frozenset[BodyRegion]] = {
    RegionGroup.NECK: frozenset({BodyRegion.NECK}),
    RegionGroup.SHOULDER: frozenset({BodyRegion.SHOULDER}),
    RegionGroup.UPPER_BACK: frozenset({BodyRegion.UPPER_BACK}),
    RegionGroup.DISTAL: frozenset(
        {BodyRegion.ARM, BodyRegion.HAND, BodyRegion.LEG, BodyRegion.FOOT}
    ),
}


def in_region_group(target: Target, group: RegionGroup) -> bool:
    return group is RegionGroup.ALL or target.region in _GROUPS[group]


class Kind(StrEnum):
    ALL = "all"
    ACUPOINTS = "acupoints"
    TRIGGER_POINTS = "trigger-points"


KIND_LABELS: dict[Kind, str] = {
    Kind.ALL: "Points and regions",
    Kind.ACUPOINTS: "Acupuncture points",
    Kind.TRIGGER_POINTS: "Dry-needling regions",
}


def target_name(target: Target) -> str:
    if isinstance(target, Acupoint):
        hanzi = f" {target.hanzi}" if target.hanzi else ""
        english = f" · {target.english}" if target.english else ""
        return f"{target.pinyin}{hanzi}{english}"
    return target.name


def two_lines(target: Target) -> str:
    """The code and name, then what else tells it apart: the English name and the body
    region. Two short lines fit a narrow column where one long one would be cut."""
    where = region_text(target)
    if isinstance(target, Acupoint):
        first = " ".join(part for part in (target.code, target.pinyin, target.hanzi) if part)
        second = " · ".join(part for part in (target.english, where) if part)
    else:
        first = target.name
        second = " · ".join(part for part in ("trigger-point region", where) if part)
    return f"{first}\n{second}" if second else first


def region_text(target: Target) -> str:
    region = target.region
    return region.value.replace("-", " ") if region is not None else ""


class LibraryModel(QAbstractTableModel):
    """Every catalog target, acupoints first (the catalog's order)."""

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.targets: tuple[Target, ...] = tuple(catalog)
        self.row_of = {t.target_id: i for i, t in enumerate(self.targets)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        target = self.targets[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(target)
        if role == TARGET_ROLE:
            return target.target_id
        if role == Qt.ItemDataRole.ToolTipRole:
            code = f"{target.code} " if isinstance(target, Acupoint) else ""
            return f"{code}{target_name(target)}. Enter or a double click adds it to the plan."
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def target_at(self, row: int) -> Target:
        return self.targets[row]


class LibraryFilter(QSortFilterProxyModel):
    """Search text (ranked by the catalog), region group, channel and kind."""

    SEARCH_LIMIT = 400

    def __init__(self, source: LibraryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = source
        self.setSourceModel(source)
        self._rank: dict[int, int] | None = None  # source row -> search rank; None: no text
        self.text = ""
        self.group = RegionGroup.ALL
        self.channel: Channel | None = None
        self.kind = Kind.ALL
        self.sort(0)

    def set_text(self, text: str) -> None:
        self.text = text
        if text.strip():
            found = self.library.catalog.search(text, limit=self.SEARCH_LIMIT)
            rows = self.library.row_of
            self._rank = {rows[t.target_id]: i for i, t in enumerate(found)}
        else:
            self._rank = None
        self._refilter()

    def set_group(self, group: RegionGroup) -> None:
        self.group = group
        self._refilter()

    def set_channel(self, channel: Channel | None) -> None:
        self.channel = channel
        self._refilter()

    def set_kind(self, kind: Kind) -> None:
        self.kind = kind
        self._refilter()

    def _refilter(self) -> None:
        self.invalidate()  # filter and sort: the rank (sort order) may have changed too

    def accepts(self, target: Target, *, with_text: bool = True) -> bool:
        """The filters without the search text (the chart's markers follow these)."""
        if self.kind is Kind.ACUPOINTS and not isinstance(target, Acupoint):
            return False
        if self.kind is Kind.TRIGGER_POINTS and isinstance(target, Acupoint):
            return False
        if self.channel is not None and (
            not isinstance(target, Acupoint) or target.channel is not self.channel
        ):
            return False
        if not in_region_group(target, self.group):
            return False
        if with_text and self._rank is not None:
            return self.library.row_of[target.target_id] in self._rank
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.accepts(self.library.target_at(source_row))

    def lessThan(self, left: Index, right: Index) -> bool:
        if self._rank is not None:
            big = len(self.library.targets)
            return self._rank.get(left.row(), big) < self._rank.get(right.row(), big)
        return left.row() < right.row()

    def target_id(self, row: int) -> str | None:
        index = self.index(row, 0)
        value = self.data(index, TARGET_ROLE) if index.isValid() else None
        return str(value) if value is not None else None
