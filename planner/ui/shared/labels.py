"""Plain-word labels for the clinical vocabularies (presentation only, no rules).

The identifiers are the domain's (planner.domain.vocab); a practitioner reads these words.
Every identifier has a label: a test keeps the tables complete when the vocabularies grow.
"""

from __future__ import annotations

# "Left"/"right" are always the patient's, as in the clinical record.
REGION_LABELS: dict[str, str] = {
    "head": "Head",
    "neck-left": "Left side of the neck",
    "neck-right": "Right side of the neck",
    "upper-back-left": "Left upper back",
    "upper-back-right": "Right upper back",
    "shoulder-left": "Left shoulder",
    "shoulder-right": "Right shoulder",
    "scapula-left": "Left shoulder blade",
    "scapula-right": "Right shoulder blade",
    "arm-left": "Left arm",
    "arm-right": "Right arm",
    "chest-left": "Left chest",
    "chest-right": "Right chest",
    "lower-back": "Lower back",
}

CONDITION_LABELS: dict[str, str] = {
    "pregnancy": "Pregnancy",
    "anticoagulants": "Takes anticoagulants",
    "bleeding-disorder": "Bleeding disorder",
    "pacemaker": "Pacemaker",
    "implanted-device": "Other implanted device",
    "epilepsy": "Epilepsy",
    "diabetes": "Diabetes",
    "immunosuppression": "Immunosuppressed",
    "lymphoedema-left-arm": "Lymphoedema, left arm",
    "lymphoedema-right-arm": "Lymphoedema, right arm",
    "metal-allergy": "Metal allergy",
    "needle-phobia": "Needle phobia",
    "local-infection": "Local infection or broken skin",
    "unable-to-consent": "Unable to consent",
}

RED_FLAG_LABELS: dict[str, str] = {
    "trauma": "Recent trauma",
    "fever": "Fever",
    "unexplained-weight-loss": "Unexplained weight loss",
    "cancer-history": "History of cancer",
    "night-pain": "Night pain",
    "progressive-neurological-deficit": "Progressive neurological deficit",
    "myelopathy-signs": "Myelopathy signs",
    "severe-headache": "Severe headache",
    "dizziness-drop-attacks": "Dizziness or drop attacks",
    "chest-pain": "Chest pain",
    "age-onset-under-20-or-over-55": "First onset under 20 or over 55",
    "immunosuppression-or-iv-drug-use": "Immunosuppressed or IV drug use",
    "inflammatory-arthritis": "Inflammatory arthritis",
    "osteoporosis": "Osteoporosis",
}

# Longer explanations, shown as tool tips on the check boxes.
CHECK_TIPS: dict[str, str] = {
    "myelopathy-signs": "Gait change, clumsy hands, bladder or bowel change",
    "implanted-device": "An implanted electrical device other than a pacemaker",
    "age-onset-under-20-or-over-55": "The problem first started before 20 or after 55",
    "chest-pain": "Rule out cardiac and lung causes first",
    "local-infection": "At a site that would be needled",
    "unable-to-consent": "Cannot understand or agree to treatment",
}

SEVERITY_LABELS: dict[str, str] = {
    "refer": "Refer",
    "block": "Do not use",
    "caution": "Caution",
    "info": "Note",
}

CHRONICITY_LABELS: dict[str, str] = {
    "acute": "Acute",
    "subacute": "Subacute",
    "chronic": "Chronic",
}

NDI_BAND_LABELS: dict[str, str] = {
    "none": "no disability",
    "mild": "mild disability",
    "moderate": "moderate disability",
    "severe": "severe disability",
    "complete": "complete disability",
}


def region_label(region: str) -> str:
    return REGION_LABELS.get(region, region.replace("-", " ").capitalize())
