"""Words for the Visits page: adverse-event and side labels, and the form's instructions.

Presentation only; the rules (which events need a follow-up or a description) are the
domain's (planner.domain.visit), and the clinical advice shown for an event is in resources
(planner.catalog.adverse_events). A test keeps every adverse-event kind labelled.
"""

from __future__ import annotations

from planner.domain.visit import AdverseEventKind

ADVERSE_EVENT_LABELS: dict[str, str] = {
    AdverseEventKind.BRUISE: "Bruise",
    AdverseEventKind.BLEEDING: "Bleeding",
    AdverseEventKind.PROLONGED_SORENESS: "Prolonged soreness",
    AdverseEventKind.FAINTING: "Fainting or feeling faint",
    AdverseEventKind.NAUSEA: "Nausea",
    AdverseEventKind.STUCK_NEEDLE: "Stuck or bent needle",
    AdverseEventKind.BURN: "Burn",
    AdverseEventKind.SUSPECTED_PNEUMOTHORAX: "Suspected pneumothorax",
    AdverseEventKind.OTHER: "Other",
}

SIDE_LABELS: dict[str, str] = {
    "left": "Left",
    "right": "Right",
    "both": "Both sides",
    "midline": "Midline",
}

# Pure UI wording. The clinical advice the banner shows for a suspected pneumothorax is in
# resources/visits/adverse-events.json, with its sources (planner.catalog.adverse_events).
RECORD_FOLLOW_UP = "Record what was done and when below (follow-up is required)."
ADVICE_UNREADABLE = (
    "The advice for this event could not be read ({error}). Follow your clinic's emergency "
    "procedure now."
)


def event_label(kind: str) -> str:
    return ADVERSE_EVENT_LABELS.get(kind, kind.replace("-", " ").capitalize())


def side_label(side: str) -> str:
    return SIDE_LABELS.get(side, side.capitalize())
