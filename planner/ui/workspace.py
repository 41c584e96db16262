"""The per-patient workspace on the right of the main window: a tab per workflow step.

The first tab, "Patient", is the window's own stack (the record, the welcome panel, or the
"select a patient" hint). Every other step is a page registered with a PageSpec (each step's
package holds its own; planner.ui.workspace_pages lists them in tab order) and built the
first time its tab is shown, so a page's imports (catalog, rules, body chart, ...) cost
nothing at start-up.

A page implements WorkspacePage. It learns which patient is open through set_patient()
(never for the same patient twice in a row) and must keep its own unsaved work safe when the
patient changes or the window closes (shutdown()). A spec can also offer a Notice for a
patient without building its page (e.g. "Restore the unsaved assessment from 14:32?"): the
workspace shows it as a banner above the tabs, with buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from planner.store.lazy import LazyDatabase
    from planner.ui.reference import Reference
    from planner.ui.shared.drafts import DraftStore
    from planner.ui.shared.prompts import Prompts

PATIENT_PAGE = "patient"
PATIENT_TITLE = "Patient"
NOTICE_STYLE = (
    "#workspaceNotice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; }"
)


class WorkspacePage(Protocol):
    """What the workspace asks of a page."""

    @property
    def widget(self) -> QWidget: ...

    def set_patient(self, patient_id: int | None) -> None:
        """Show this patient (None: none is selected). Save or park unsaved work first."""

    def shutdown(self) -> None:
        """The window is closing: persist pending work (drafts), stop timers."""


@dataclass
class WorkspaceContext:
    """The collaborators a page may use; small and explicit rather than the whole window."""

    database: LazyDatabase
    prompts: Prompts
    drafts: DraftStore
    reference: Reference
    parent: QWidget  # for dialogs
    show_status: Callable[[str], None]
    today: Callable[[], date] = date.today
    # Filled in by the WorkspaceController: re-ask the specs for their notices.
    refresh_notices: Callable[[], None] = field(default=lambda: None)
    # Edit › Settings… (the clinic's details), for a page that sees them missing.
    open_settings: Callable[[], object] = field(default=lambda: None)


@dataclass(frozen=True)
class NoticeAction:
    label: str
    run: Callable[[WorkspaceController], None]


@dataclass(frozen=True)
class Notice:
    text: str
    actions: tuple[NoticeAction, ...]


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable id, e.g. "assessment"
    title: str  # the tab's text
    build: Callable[[WorkspaceContext], WorkspacePage]  # called once, when first shown
    tip: str = ""
    # Cheap check when a patient opens; must not import the page's module.
    notice: Callable[[WorkspaceContext, int], Notice | None] | None = None


class WorkspaceView(QWidget):
    """Tabs (the first one given) and a notice banner above them."""

    def __init__(self, first_page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = QFrame()
        self.notice.setObjectName("workspaceNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("workspaceNoticeText")
        self.notice_label.setWordWrap(True)
        self.notice_buttons = QHBoxLayout()
        self.notice_buttons.setSpacing(6)
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(10, 6, 8, 6)
        row.addWidget(self.notice_label, 1)
        row.addLayout(self.notice_buttons)
        self.notice.hide()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setDocumentMode(True)  # no frame around a page that has its own margins
        self.first_page = first_page
        self.tabs.addTab(first_page, PATIENT_TITLE)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        notice_box = QVBoxLayout()
        notice_box.setContentsMargins(8, 8, 8, 4)
        notice_box.addWidget(self.notice)
        column.addLayout(notice_box)
        column.addWidget(self.tabs)

    def add_host(self, title: str, tip: str) -> QWidget:
        """An empty tab that will hold a page once it is built."""
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        index = self.tabs.addTab(host, title)
        if tip:
            self.tabs.setTabToolTip(index, tip)
        return host

    def set_steps_visible(self, visible: bool) -> None:
        """With no patient the record stack shows alone, as before the workspace existed."""
        self.tabs.tabBar().setVisible(visible)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, visible)

    def show_notice(self, text: str, labels: Sequence[str]) -> list[QPushButton]:
        self.clear_notice()
        self.notice_label.setText(text)
        buttons = []
        for label in labels:
            button = QPushButton(label)
            self.notice_buttons.addWidget(button)
            buttons.append(button)
        self.notice.show()
        return buttons

    def clear_notice(self) -> None:
        while self.notice_buttons.count():
            item = self.notice_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.notice_label.clear()
        self.notice.hide()

    def notice_text(self) -> str:
        return self.notice_label.text() if not self.notice.isHidden() else ""

    def notice_button(self, label: str) -> QPushButton | None:
        for index in range(self.notice_buttons.count()):
            item = self.notice_buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton) and widget.text() == label:
                return widget
        return None


class _StaticPage:
    """The Patient tab: the main controller already keeps it up to date."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget

    @property
    def widget(self) -> QWidget:
        return self._widget

    def set_patient(self, patient_id: int | None) -> None:
        pass

    def shutdown(self) -> None:
        pass


class WorkspaceController(QObject):
    """Builds pages on first show, tells them the patient, shows notices, Ctrl+1..n."""

    def __init__(
        self,
        view: WorkspaceView,
        context: WorkspaceContext,
        specs: Sequence[PageSpec],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.context = context
        context.refresh_notices = self.refresh_notices
        self.keys = [PATIENT_PAGE, *(spec.key for spec in specs)]
        if len(set(self.keys)) != len(self.keys):
            raise ValueError(f"duplicate workspace page keys: {self.keys}")
        self.specs = {spec.key: spec for spec in specs}
        self._hosts: dict[str, QWidget] = {}
        self._pages: dict[str, WorkspacePage] = {PATIENT_PAGE: _StaticPage(view.first_page)}
        for spec in specs:
            self._hosts[spec.key] = view.add_host(spec.title, spec.tip)
        self.patient_id: int | None = None
        self._started = False

        # Ctrl+1 .. Ctrl+9: one window-wide action per page, so they work from any field.
        self.actions: list[QAction] = []
        for number, key in enumerate(self.keys[:9], start=1):
            action = QAction(self._title(key), context.parent)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, k=key: self.open(k))
            context.parent.addAction(action)
            self.actions.append(action)
        view.tabs.currentChanged.connect(self._on_current_changed)
        view.set_steps_visible(False)
        self._update_actions()

    def _title(self, key: str) -> str:
        return PATIENT_TITLE if key == PATIENT_PAGE else self.specs[key].title

    # --- pages ----------------------------------------------------------------------------

    def page(self, key: str) -> WorkspacePage | None:
        """The page if it has been built (None otherwise: nothing is built by asking)."""
        return self._pages.get(key)

    def current_key(self) -> str:
        return self.keys[self.view.tabs.currentIndex()]

    def open(self, key: str) -> WorkspacePage | None:
        """Show the page (building it if needed); None when no patient is open."""
        if key != PATIENT_PAGE and self.patient_id is None:
            return None
        self.view.tabs.setCurrentIndex(self.keys.index(key))
        return self._ensure(key)

    def _ensure(self, key: str) -> WorkspacePage:
        page = self._pages.get(key)
        if page is None:
            page = self.specs[key].build(self.context)
            self._pages[key] = page
            host_layout = self._hosts[key].layout()
            assert host_layout is not None
            host_layout.addWidget(page.widget)
            page.widget.show()  # now, not from the event loop: callers use the page at once
            page.set_patient(self.patient_id)
        return page

    def _on_current_changed(self, index: int) -> None:
        if 0 <= index < len(self.keys):
            self._ensure(self.keys[index])

    # --- the patient ----------------------------------------------------------------------

    def set_patient(self, patient_id: int | None) -> None:
        if self._started and patient_id == self.patient_id:
            return  # a list reload re-selects the same patient: keep each page as it is
        self._started = True
        self.patient_id = patient_id
        if patient_id is None:
            self.view.tabs.setCurrentIndex(0)
        self.view.set_steps_visible(patient_id is not None)
        for page in list(self._pages.values()):
            page.set_patient(patient_id)
        self._update_actions()
        self.refresh_notices()

    def refresh_notices(self) -> None:
        """Show the first notice a spec offers for the open patient, or none."""
        if self.patient_id is None:
            self.view.clear_notice()
            return
        for spec in self.specs.values():
            if spec.notice is None:
                continue
            notice = spec.notice(self.context, self.patient_id)
            if notice is not None:
                buttons = self.view.show_notice(notice.text, [a.label for a in notice.actions])
                for button, action in zip(buttons, notice.actions, strict=True):
                    button.clicked.connect(lambda _=False, a=action: self._run(a))
                return
        self.view.clear_notice()

    def _run(self, action: NoticeAction) -> None:
        self.view.clear_notice()
        action.run(self)

    def _update_actions(self) -> None:
        for key, action in zip(self.keys, self.actions, strict=False):
            action.setEnabled(key == PATIENT_PAGE or self.patient_id is not None)

    def shutdown(self) -> None:
        for page in self._pages.values():
            page.shutdown()


class UnavailablePage:
    """Stands in for a page whose reference data failed to load: says why, breaks nothing."""

    def __init__(self, message: str) -> None:
        self._label = QLabel(message)
        self._label.setWordWrap(True)
        self._label.setMargin(24)

    @property
    def widget(self) -> QWidget:
        return self._label

    def set_patient(self, patient_id: int | None) -> None:
        pass

    def shutdown(self) -> None:
        pass


RESTORE = "Restore"
DISCARD = "Discard"


class DraftPage(Protocol):
    """A page that can take back, or drop, a draft left by an earlier session."""

    def restore_draft(self) -> None: ...

    def discard_waiting_draft(self) -> None: ...


def draft_notice(
    page_key: str, kind: str, what: str
) -> Callable[[WorkspaceContext, int], Notice | None]:
    """The banner offering back unsaved `what` ("assessment") of draft `kind`, built without
    the page: Restore opens the page and loads it, Discard drops it."""

    def restore(workspace: WorkspaceController) -> None:
        page = workspace.open(page_key)
        if page is not None and hasattr(page, "restore_draft"):
            cast("DraftPage", page).restore_draft()

    def discard(workspace: WorkspaceController) -> None:
        page = workspace.page(page_key)
        if page is not None and hasattr(page, "discard_waiting_draft"):
            cast("DraftPage", page).discard_waiting_draft()
        elif workspace.patient_id is not None:
            workspace.context.drafts.discard(workspace.patient_id, kind)
        workspace.context.show_status(f"Discarded the unsaved {what}")

    def notice(context: WorkspaceContext, patient_id: int) -> Notice | None:
        draft = context.drafts.load(patient_id, kind)
        if draft is None:
            return None
        when = draft.saved_at
        day = "" if when.date() == context.today() else f"{when.day} {when:%B}, "
        return Notice(
            f"Restore the unsaved {what} from {day}{when:%H:%M}?",
            (NoticeAction(RESTORE, restore), NoticeAction(DISCARD, discard)),
        )

    return notice
