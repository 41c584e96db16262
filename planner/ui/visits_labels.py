"""Words for the Visits page: adverse-event labels and the pneumothorax instructions.

Presentation only; the rules (which events need a follow-up or a description) are the
domain's (planner.domain.visit). A test keeps every adverse-event kind labelled.
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

# Standard first-aid steps for a suspected needling pneumothorax (e.g. the British Acupuncture
# Council's and AACP's safe-practice guidance). Belongs in resources with the other clinical
# text once the domain has a place for it; kept here so the banner is never empty.
PNEUMOTHORAX_TITLE = "Suspected pneumothorax: act now"
PNEUMOTHORAX_ADVICE = (
    "Stop treatment and remove all needles. Keep the patient sitting upright and do not let "
    "them leave alone. Call emergency services if they are short of breath, have chest pain, "
    "a fast pulse or look blue; otherwise send them to the emergency department the same day "
    "for a chest X-ray. Record what was done and when below (follow-up is required)."
)


def event_label(kind: str) -> str:
    return ADVERSE_EVENT_LABELS.get(kind, kind.replace("-", " ").capitalize())


def side_label(side: str) -> str:
    return SIDE_LABELS.get(side, side.capitalize())
