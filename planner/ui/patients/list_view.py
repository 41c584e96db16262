"""The left side of the main window: search box, patient list, and the 'nothing found' note."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.ui.patients.model import SampleRole, SummaryRole
from planner.ui.shared.search_box import SearchBox

SEARCH_PLACEHOLDER = "Search patients (Ctrl+F)"
# The sample case's patient carries a tag, as on its summary (details_view.SAMPLE_STYLE).
SAMPLE_TAG = "Sample"
TAG_PAD = 6
TAG_BACKGROUND, TAG_BORDER, TAG_TEXT = "#fff4ce", "#e0c36c", "#5c4400"


class PatientListView(QListView):
    """A list that asks to open the current patient on Enter (double-click: doubleClicked).

    A key handler rather than a QShortcut: it fires only for keys the list itself gets.
    """

    openRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openRequested.emit()
            return
        super().keyPressEvent(event)


class PatientItemDelegate(QStyledItemDelegate):
    """Two lines per patient: the name, and age and sex in a quieter colour."""

    PAD_X = 10
    PAD_Y = 6
    GAP = 2

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = option.fontMetrics
        height = metrics.height() * 2 + self.GAP + self.PAD_Y * 2
        return QSize(200, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Background, selection and focus come from the style, so it looks native.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        rect: QRect = opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        main_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        line_height = opt.fontMetrics.height()

        painter.save()
        font = opt.font
        painter.setFont(font)
        painter.setPen(palette.color(main_role))
        top = QRect(rect.left(), rect.top(), rect.width(), line_height)
        name_width = rect.width()
        if index.data(SampleRole):
            name_width -= self._paint_sample_tag(painter, top, opt) + self.GAP * 3
        elided = opt.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)

        summary = str(index.data(SummaryRole) or "")
        small = font
        small.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        painter.setFont(small)
        quiet = palette.color(main_role)
        if not selected:
            quiet = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        painter.setPen(quiet)
        bottom = QRect(rect.left(), top.bottom() + self.GAP, rect.width(), line_height)
        painter.drawText(
            bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, summary
        )
        painter.restore()

    def _paint_sample_tag(self, painter: QPainter, line: QRect, opt: QStyleOptionViewItem) -> int:
        """A 'Sample' tag at the right of the name line; returns its width."""
        font = QFont(opt.font)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(SAMPLE_TAG) + 2 * TAG_PAD
        tag = QRect(line.right() - width + 1, line.top(), width, line.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(TAG_BORDER))
        painter.setBrush(QColor(TAG_BACKGROUND))
        painter.drawRoundedRect(tag.adjusted(0, 1, -1, -1), 3, 3)
        painter.setFont(font)
        painter.setPen(QColor(TAG_TEXT))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, SAMPLE_TAG)
        painter.restore()
        return width


class PatientListPanel(QWidget):
    """Builds the widgets only; PatientListController (patients/list_controller.py) wires them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBox()
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search patients")

        self.list = PatientListView()
        self.list.setObjectName("patientList")
        self.list.setAccessibleName("Patients")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)  # cheap layout for long lists
        self.list.setItemDelegate(PatientItemDelegate(self.list))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyListLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.empty_label.setContentsMargins(12, 24, 12, 12)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)

    def show_empty(self, message: str) -> None:
        self.empty_label.setText(message)
        self.stack.setCurrentWidget(self.empty_label)

    def showing_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_label
