"""Stable identifiers shared by the case document, the rules and the UI (ARCHITECTURE.md)."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    MIDLINE = "midline"


class Modality(StrEnum):
    ACUPUNCTURE = "acupuncture"
    DRY_NEEDLING = "dry-needling"


class Technique(StrEnum):
    MANUAL = "manual"
    ELECTRO = "electro"


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

CONDITIONS: tuple[str, ...] = (
    "pregnancy",
    "anticoagulants",
    "bleeding-disorder",
    "pacemaker",
    "implanted-device",
    "epilepsy",
    "diabetes",
    "immunosuppression",
    "lymphoedema-left-arm",
    "lymphoedema-right-arm",
    "metal-allergy",
    "needle-phobia",
    "local-infection",
    "unable-to-consent",
)

RED_FLAGS: tuple[str, ...] = (
    "trauma",
    "fever",
    "unexplained-weight-loss",
    "cancer-history",
    "night-pain",
    "progressive-neurological-deficit",
    "myelopathy-signs",
    "severe-headache",
    "dizziness-drop-attacks",
    "chest-pain",
    "age-onset-under-20-or-over-55",
    "immunosuppression-or-iv-drug-use",
    "inflammatory-arthritis",
    "osteoporosis",
)

REGIONS: tuple[str, ...] = (
    "head",
    "neck-left",
    "neck-right",
    "upper-back-left",
    "upper-back-right",
    "shoulder-left",
    "shoulder-right",
    "scapula-left",
    "scapula-right",
    "arm-left",
    "arm-right",
    "chest-left",
    "chest-right",
    "lower-back",
)
