"""Today's planned targets in words, each with the risk the screening found at it.

Presentation only: the findings come from planner.domain.screening. A finding about every
planned target (anticoagulants, say) is the patient's, shown under Alerts; one about some
targets is shown beside each of them, in a few words (its whole message as the tip).
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain.catalog import Catalog
from planner.domain.findings import Finding, Severity
from planner.domain.plan import Plan
from planner.domain.vocab import Modality
from planner.ui.patients.sections import Line

SIDE_WORDS: dict[str, str] = {
    "left": "left",
    "right": "right",
    "both": "both sides",
    "midline": "midline",
}

# A few words per screening rule about a target; any other rule reads as its severity.
RISK_WORDS: dict[str, str] = {
    "lung-risk": "pneumothorax risk",
    "vessel-risk": "vessel risk",
    "cns-risk": "brainstem or spinal cord risk",
    "chest-wall-point": "over the chest wall",
    "sternum-point": "on the sternum",
    "pregnancy-point": "advised against in pregnancy",
    "pregnancy-caution-point": "some texts avoid it in pregnancy",
    "pregnancy-abdomen-lumbosacral": "abdomen or lower back in pregnancy",
    "lymphoedema-left-arm": "lymphoedema, left arm",
    "lymphoedema-left-axilla": "lymphoedema, left arm",
    "lymphoedema-right-arm": "lymphoedema, right arm",
    "lymphoedema-right-axilla": "lymphoedema, right arm",
    "diabetes": "reduced sensation (diabetes)",
    "not-needled-point": "not needled (a landmark)",
    "unknown-target": "not in the library, not screened",
}

MODALITY_WORDS: dict[str, str] = {
    Modality.ACUPUNCTURE: "Acupuncture",
    Modality.DRY_NEEDLING: "Dry needling",
}


def plan_heading(plan: Plan | None) -> str:
    """'Acupuncture, 30-minute sessions' (and electroacupuncture when planned)."""
    if plan is None:
        return ""
    words = [MODALITY_WORDS.get(plan.modality, str(plan.modality).capitalize())]
    if plan.electro:
        words.append("with electroacupuncture")
    words.append(f"{plan.session_minutes}-minute sessions")
    return ", ".join(words)


PLAN_WIDE = "The plan as a whole"


def target_lines(plan: Plan | None, findings: Sequence[Finding], catalog: Catalog) -> list[Line]:
    """One line per planned target: its name, side, and the risks found at it."""
    if plan is None or not plan.target_ids():
        return [Line("No targets planned yet: choose them on the Points step.", "quiet")]
    planned = set(plan.target_ids())
    # A caution on every target of a longer plan is the patient's (anticoagulants, under
    # Alerts); a block is always shown at its target, whatever else it covers.
    own = [
        f
        for f in findings
        if f.severity >= Severity.CAUTION
        and f.severity is not Severity.REFER
        and f.targets
        and (f.severity is Severity.BLOCK or len(planned) == 1 or set(f.targets) != planned)
    ]
    lines = []
    targets = [(p.code, p.side) for p in plan.acupoints]
    targets += [(f"TP:{t.muscle}", t.side) for t in plan.trigger_points]
    for target, side in targets:
        name = f"{target_name(target, catalog)} · {SIDE_WORDS.get(side, side)}"
        at = [f for f in own if target in f.targets]
        lines.append(_target_line(name, at))
    # Blocks on the plan rather than a point (electroacupuncture with a pacemaker).
    whole = [f for f in own if f.severity is Severity.BLOCK and not set(f.targets) & planned]
    if whole:
        lines.append(_target_line(PLAN_WIDE, whole))
    return lines


def _target_line(name: str, findings: Sequence[Finding]) -> Line:
    if not findings:
        return Line(name)
    risks = ", ".join(dict.fromkeys(RISK_WORDS.get(f.rule) or _gist(f.message) for f in findings))
    tip = "\n\n".join(f.message for f in findings)
    blocks = [f for f in findings if f.severity is Severity.BLOCK]
    if any(not f.resolved for f in blocks):
        return Line(f"{name}: do not use ({risks})", "warn", tip)
    if blocks:
        return Line(f"{name}: block overridden ({risks})", "plain", tip)
    return Line(f"{name}: caution, {risks}", "plain", tip)


def target_name(target: str, catalog: Catalog) -> str:
    """'GB21 Jiānjǐng', 'Levator scapulae trigger points'; never the internal id."""
    if target.startswith("TP:"):
        muscle = target.removeprefix("TP:")
        region = catalog.trigger_region(muscle)
        name = region.name if region is not None else muscle.replace("-", " ").capitalize()
        return f"{name} trigger points"
    point = catalog.acupoint(target)
    return point.label if point is not None else target


def _gist(message: str) -> str:
    """A rule without its own words: its message's first sentence, kept short."""
    head = message.split(". ")[0].rstrip(".")
    return head if len(head) <= 60 else head[:59].rstrip() + "…"
