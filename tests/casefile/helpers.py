"""The ARCHITECTURE.md example document and a way to change one field of a copy."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

TODAY = date(2026, 11, 20)
DELETE = object()

# Copied from shared/design/ARCHITECTURE.md, "The case document" (it must keep validating).
EXAMPLE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {
        "name": "Ana López",
        "birth_date": "1984-03-02",
        "sex": "female",
        "phone": "+1 555 0100",
        "email": "ana@example.org",
    },
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Right-sided neck and upper back pain after long desk work",
        "onset_date": "2026-08-01",
        "pain": {"now": 6, "best": 3, "worst": 8},
        "ndi_total": 18,
        "psfs": [{"activity": "Turning head while driving", "score": 4}],
        "pain_regions": [{"region": "neck-right", "intensity": 6}],
        "conditions": ["anticoagulants"],
        "pregnancy_weeks": None,
        "red_flags": [],
        "notes": "",
    },
    "plan": {
        "modality": "acupuncture",
        "electro": False,
        "acupoints": [{"code": "GB21", "side": "right"}, {"code": "SI3", "side": "both"}],
        "trigger_points": [{"muscle": "levator-scapulae", "side": "right"}],
        "session_minutes": 30,
        "start_date": "2026-11-24",
        "clinic_days": ["mon", "wed", "fri"],
    },
}

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def changed(doc: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of doc with each dotted path ('plan.acupoints[0].code') set or deleted."""
    result = copy.deepcopy(doc)
    for path, value in changes.items():
        parts: list[str | int] = [
            name if name else int(index) for name, index in _PART.findall(path)
        ]
        node: Any = result
        for part in parts[:-1]:
            node = node[part]
        if value is DELETE:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value
    return result


def patient_only(name: str = "Ana López", **fields: Any) -> dict[str, Any]:
    return {"format": "needleplan-case/1", "patient": {"name": name, **fields}}
