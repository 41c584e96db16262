"""The suggestions list: targets for the painted regions of the latest assessment.

Grouped (trigger-point sources, local points, distal points) and ranked by the domain, a
few of each at a time ("Show more" lists them all), each with the risk screening would give
it for this patient once added. It follows the library's kind and region filters, ticks the
suggestions already planned, and adds one with a click.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QModelIndex

from planner.domain.bodychart import BodyChart
from planner.domain.chart import ChartPosition
from planner.domain.suggestions import (
    PER_GROUP,
    Suggestion,
    SuggestionKind,
    grouped,
    suggest,
    suggestion_risks,
)
from planner.domain.vocab import Side
from planner.ui.points.library_model import (
    KIND_LABELS,
    REGION_GROUP_LABELS,
    Kind,
    LibraryFilter,
    RegionGroup,
    in_region_group,
)
from planner.ui.points.plan_view import PlanView
from planner.ui.points.state import PlanState
from planner.ui.points.suggestions_model import SuggestionsModel
from planner.ui.points.targets_model import TargetsModel
from planner.ui.reference import Screening


class SuggestionList:
    """Suggests from the pain drawing; a click adds the suggestion (or selects it if planned)."""

    def __init__(
        self,
        view: PlanView,
        model: SuggestionsModel,
        screening: Screening,
        chart: BodyChart,
        chart_positions: Mapping[str, tuple[ChartPosition, ...]],
        library: LibraryFilter,
        targets: TargetsModel,
        state: PlanState,
        *,
        add_target: Callable[[str, Side], None],
        select_target: Callable[[str], None],
    ) -> None:
        self.view = view
        self.model = model
        self.catalog = screening.catalog
        self.rules = screening.rules
        self.chart = chart
        self.chart_positions = chart_positions
        self.library = library
        self.targets = targets
        self.state = state
        self.add_target = add_target
        self.select_target = select_target
        self.all_suggestions: list[Suggestion] = []  # before the library's filters

    def refresh(self) -> None:
        """Suggest again from the assessment the plan is screened against."""
        assessment = self.state.assessment
        regions = assessment.pain_regions if assessment else ()
        self.all_suggestions = suggest(regions, self.catalog, self.chart, self.chart_positions)
        self.show()

    def show(self) -> None:
        items = self.all_suggestions
        # The library's kind and region filters apply here too (not its channel: a
        # trigger-point region has none, and the search text is about the library).
        shown = [s for s in items if self.in_filters(s)]
        state = self.state
        risks = suggestion_risks(
            shown,
            state.assessment,
            state.plan,
            self.catalog,
            self.rules,
            birth_date=state.birth_date,
        )
        every = self.view.more_suggestions.isChecked()
        groups = grouped(shown, risks, per_group=None if every else PER_GROUP)
        self.model.set_groups(groups, risks, self.planned)
        more = sum(g.more for g in groups)
        button = self.view.more_suggestions
        button.setVisible(every or more > 0)
        button.setText("Show fewer" if every else f"Show {more} more")
        if not (state.assessment and state.assessment.pain_regions):
            note = "No pain drawing yet: mark the painful regions on the Assessment page."
        else:
            note = "From the pain drawing, with each one's risk for this patient. Click to add."
            hidden = len(items) - len(shown)
            if hidden:
                note += f" {hidden} more hidden by the library's filters ({self.filter_words()})."
        self.view.suggestions_note.setText(note)

    def refresh_planned(self) -> None:
        """The plan changed: the risks may too (overrides, electro, both sides of the chest)."""
        self.show()

    def in_filters(self, s: Suggestion) -> bool:
        target = self.catalog.target(s.target)
        if target is None:
            return False
        kind, group = self.library.kind, self.library.group
        if kind is Kind.ACUPOINTS and s.kind is not SuggestionKind.ACUPOINT:
            return False
        if kind is Kind.TRIGGER_POINTS and s.kind is not SuggestionKind.TRIGGER_POINT:
            return False
        return in_region_group(target, group)

    def filter_words(self) -> str:
        words = []
        if self.library.kind is not Kind.ALL:
            words.append(KIND_LABELS[self.library.kind].lower())
        if self.library.group is not RegionGroup.ALL:
            words.append(REGION_GROUP_LABELS[self.library.group].lower())
        return ", ".join(words)

    def planned(self, s: Suggestion) -> bool:
        return self.targets.row_of(s.target) is not None

    def on_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        s = self.model.suggestion_at(index.row())
        if s is None:
            return  # a group's heading
        if self.planned(s):
            self.select_target(s.target)
            return
        self.add_target(s.target, s.side)
