"""What a plan and its targets are called in the export: the modality, and each target by
the reference library's name with its side."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import TRIGGER_PREFIX, Acupoint
from planner.domain.plan import Plan
from planner.domain.vocab import Modality, Side

_SIDES: dict[str, str] = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BOTH: "both sides",
    Side.MIDLINE: "midline",
}


def modality_words(plan: Plan | None) -> str:
    """'Acupuncture', 'Dry needling', with electrical stimulation when the plan uses it."""
    if plan is None:
        return "Needling"
    name = "Dry needling" if plan.modality == Modality.DRY_NEEDLING else "Acupuncture"
    return f"{name} with electrical stimulation" if plan.electro else name


def target_words(catalog: Catalog, target: str, side: str) -> str:
    """'GB21 Jiānjǐng, right (shoulder)', 'Levator scapulae trigger points, left (neck)'; a
    target the library does not know is named by its id."""
    found = catalog.target(target)
    if isinstance(found, Acupoint):
        name, region = f"{found.code} {found.pinyin}", found.region
    elif found is not None:
        name, region = f"{found.name} trigger points", found.region
    else:
        name, region = target.removeprefix(TRIGGER_PREFIX), None
    where = f" ({region.value.replace('-', ' ')})" if region is not None else ""
    return f"{name}, {_SIDES.get(side, side)}{where}"
