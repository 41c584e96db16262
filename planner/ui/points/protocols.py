"""The protocols panel: ready-made sets of targets, applied to the plan or saved from it.

Protocols are shared by all patients; applying one adds its targets through the page's
undo stack. Renaming checks the version the list showed, so another practitioner's rename
is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QInputDialog, QWidget

from planner.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from planner.domain.plan import Plan
from planner.domain.protocol import Protocol, apply_protocol, protocol_from_plan
from planner.ui.points.plan_view import PlanView
from planner.ui.points.state import PlanState
from planner.ui.workspace import WorkspaceContext

AskName = Callable[[QWidget, str, str], "str | None"]
# parent, title, label, the text to start from (the current name).
AskNewName = Callable[[QWidget, str, str, str], "str | None"]


def ask_protocol_name(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_protocol_new_name(parent: QWidget, title: str, label: str, current: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=current)
    return text if ok else None


def protocol_name_problem(exc: ValidationError, name: str) -> str:
    """A ValidationError about a protocol's name, in a sentence for the practitioner."""
    problem = exc.first()
    if problem.field.endswith("name"):
        if not name.strip():
            return "A protocol needs a name."
        if "exists" in problem.message:
            return (
                f"Another protocol is already called {' '.join(name.split())!r} (names count "
                "as the same whatever their capitals or accents). Choose another name."
            )
    return str(problem.message)


class ProtocolList:
    """The protocol list and its buttons: apply, save the plan's targets, rename, delete."""

    def __init__(
        self,
        view: PlanView,
        context: WorkspaceContext,
        state: PlanState,
        *,
        push: Callable[[Plan, str], None],
        ask_name: AskName = ask_protocol_name,
        ask_new_name: AskNewName = ask_protocol_new_name,
    ) -> None:
        self.view = view
        self.context = context
        self.state = state
        self.push = push
        self.ask_name = ask_name
        self.ask_new_name = ask_new_name
        self.listed: list[Protocol] = []  # as last read from the store, in the list's order

    def refresh(self) -> None:
        try:
            self.listed = self.context.database.store.protocols.list()
        except DomainError:
            self.listed = []
        combo = self.view.protocols
        with QSignalBlocker(combo):
            combo.clear()
            for p in self.listed:
                combo.addItem(f"{p.name} ({len(p.targets)})", p.id)
        has = bool(self.listed) and self.state.patient_id is not None
        self.view.apply_protocol_button.setEnabled(has)
        self.view.rename_protocol_button.setEnabled(has)
        self.view.delete_protocol_button.setEnabled(has)

    def selected(self) -> Protocol | None:
        pid = self.view.protocols.currentData()
        return next((p for p in self.listed if p.id == pid), None)

    def apply_selected(self) -> None:
        protocol = self.selected()
        if protocol is None:
            return
        self.push(apply_protocol(self.state.plan, protocol), f"Apply protocol {protocol.name}")

    def save_targets(self) -> None:
        if not self.state.plan.acupoints and not self.state.plan.trigger_points:
            self.context.show_status("Add targets first: a protocol needs at least one")
            return
        name = self.ask_name(self.view, "Save as protocol", "Name of the protocol:")
        if name is None:
            return
        try:
            saved = self.context.database.store.protocols.add(
                protocol_from_plan(name, self.state.plan)
            )
        except ValidationError as exc:
            self.context.prompts.show_problem(
                self.view, "Protocol not saved", protocol_name_problem(exc, name)
            )
            return
        self.refresh()
        self.view.protocols.setCurrentIndex(self.view.protocols.findData(saved.id))
        self.context.show_status(f"Saved protocol {saved.name!r}")

    def rename_selected(self) -> None:
        protocol = self.selected()
        if protocol is None or protocol.id is None:
            return
        name = self.ask_new_name(self.view, "Rename protocol", "New name:", protocol.name)
        if name is None or " ".join(name.split()) == protocol.name:
            return
        problem = "Protocol not renamed"
        if not name.strip():
            self.context.prompts.show_problem(self.view, problem, "A protocol needs a name.")
            return
        try:
            renamed = self.context.database.store.protocols.rename(protocol, name)
        except ValidationError as exc:
            self.context.prompts.show_problem(self.view, problem, protocol_name_problem(exc, name))
            return
        except ConflictError:
            self.refresh()
            self.select(protocol.id)
            self.context.prompts.show_problem(
                self.view,
                problem,
                f"Someone else changed the protocol {protocol.name!r} since the list was "
                "loaded. The list now shows their version: rename it again if you still want to.",
            )
            return
        except NotFoundError:
            self.refresh()
            self.context.prompts.show_problem(
                self.view, problem, f"The protocol {protocol.name!r} was deleted meanwhile."
            )
            return
        self.refresh()
        self.select(protocol.id)
        self.context.show_status(f"Renamed protocol {protocol.name!r} to {renamed.name!r}")

    def select(self, protocol_id: int) -> None:
        index = self.view.protocols.findData(protocol_id)
        if index >= 0:
            self.view.protocols.setCurrentIndex(index)

    def delete_selected(self) -> None:
        protocol = self.selected()
        if protocol is None or protocol.id is None:
            return
        if not self.context.prompts.confirm_delete(
            self.view,
            protocol.name,
            what="protocol",
            undo_hint="Patients' plans that used it keep their points.",
        ):
            return
        self.context.database.store.protocols.delete(protocol.id)
        self.refresh()
        self.context.show_status(f"Deleted protocol {protocol.name!r}")
