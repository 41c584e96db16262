"""The code systems and codes the FHIR export uses, the entries' urns, and small builders.

Only codes checked against a published source are written as codings; everything else is
CodeableConcept.text. Where each was checked:
- LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported": HL7 and IHE
  implementation guides' Observation examples (build.fhir.org).
- LOINC 82237-9 "Total score [NDI]", the item of the Neck Disability Index panel 82226-2: the
  CMS ACCESS Model IG's and PACIO's NDI Questionnaires. Written as the raw 0-50 total, the
  scale the app records (code.text says so).
- condition-clinical, condition-ver-status, observation-category, v3-ActCode AMB: HL7
  Terminology (THO).
No SNOMED CT code for acupuncture or dry needling is written: the sources found disagree.
"""

from __future__ import annotations

import uuid
from typing import Any

JSON = dict[str, Any]

LOINC = "http://loinc.org"
NPRS_CODE, NPRS_DISPLAY = "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
NDI_CODE, NDI_DISPLAY = "82237-9", "Total score [NDI]"

CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

# Fixed, so the same record of the same patient gets the same urn in every export.
_NAMESPACE = uuid.UUID("85c2f5a2-bdab-4ba0-8c93-0d5505bfbbc1")


class Urns:
    """urn:uuid fullUrls of one patient's entries: uuid5 of the patient id, the kind of
    record and its number in the history (1-based), so repeated exports are identical."""

    def __init__(self, patient_id: int) -> None:
        self._patient = patient_id

    def __call__(self, kind: str, *number: int | str) -> str:
        name = "/".join(["needleplan", str(self._patient), kind, *map(str, number)])
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def ref(urn: str) -> JSON:
    return {"reference": urn}


def coding(system: str, code: str, display: str) -> JSON:
    return {"system": system, "code": code, "display": display}


def concept(system: str, code: str, display: str, text: str | None = None) -> JSON:
    found: JSON = {"coding": [coding(system, code, display)]}
    if text:
        found["text"] = text
    return found


def text_concept(text: str) -> JSON:
    return {"text": text}


def survey() -> list[JSON]:
    return [concept(OBSERVATION_CATEGORY, "survey", "Survey")]


def entry(urn: str, resource: JSON) -> JSON:
    return {"fullUrl": urn, "resource": resource}


def notes(*texts: str) -> list[JSON]:
    """Annotation list of the texts that say something (Annotation.text must not be empty)."""
    return [{"text": t} for t in texts if t.strip()]


def score(
    subject: str,
    code: JSON,
    value: int,
    when: str,
    *,
    error: bool = False,
    encounter: str | None = None,
    interpretation: str = "",
) -> JSON:
    """An Observation of one score (NPRS, NDI) the patient reported on `when`; `error` for a
    record later corrected or deleted (entered-in-error)."""
    found: JSON = {
        "resourceType": "Observation",
        "status": "entered-in-error" if error else "final",
        "category": survey(),
        "code": code,
        "subject": ref(subject),
    }
    if encounter is not None:
        found["encounter"] = ref(encounter)
    found["effectiveDateTime"] = when
    found["valueInteger"] = value
    if interpretation:
        found["interpretation"] = [text_concept(interpretation)]
    return found


def nprs(text: str) -> JSON:
    return concept(LOINC, NPRS_CODE, NPRS_DISPLAY, text)
