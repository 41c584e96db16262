"""Each assessment as a Condition (the complaint, its onset, the pain drawing) with its scores
as Observations (NPRS now, least and worst; the NDI total) that the Condition cites as
evidence.

A corrected assessment is kept, as the app keeps it, but marked entered-in-error (its
correction, a later record, holds what is true); so are its scores.
"""

from __future__ import annotations

from planner.casefile.fhir.codes import (
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    JSON,
    LOINC,
    NDI_CODE,
    NDI_DISPLAY,
    Urns,
    concept,
    entry,
    notes,
    nprs,
    ref,
    score,
    text_concept,
)
from planner.domain.assessment import NDI_MAX, NDI_MIN, Assessment, ndi_band
from planner.domain.history import PatientHistory
from planner.domain.pain_regions import REGION_PHRASES


def assessment_entries(
    h: PatientHistory, urns: Urns, patient: str
) -> tuple[list[JSON], dict[int, str]]:
    """The entries, and each assessment's Condition urn by its number in the history."""
    corrected = {r.corrects for r in h.assessments if r.corrects is not None}
    found: list[JSON] = []
    conditions: dict[int, str] = {}
    for number, record in enumerate(h.assessments, 1):
        a, error = record.assessment, number in corrected
        scores = _scores(a, number, urns, patient, error)
        urn = conditions[number] = urns("condition", number)
        said = ""
        if error:
            said = "Corrected by a later record, which holds what is true."
        elif record.corrects is not None:
            earlier = h.assessments[record.corrects - 1].assessment.date.isoformat()
            said = f"Corrects the assessment recorded for {earlier}."
        found.append(entry(urn, _condition(a, patient, [u for u, _ in scores], error, said)))
        found += [entry(u, resource) for u, resource in scores]
    return found, conditions


def _condition(a: Assessment, patient: str, evidence: list[str], error: bool, said: str) -> JSON:
    resource: JSON = {"resourceType": "Condition"}
    # R4 (con-5): a Condition entered in error carries no clinical status.
    if not error:
        resource["clinicalStatus"] = concept(CONDITION_CLINICAL, "active", "Active")
    resource["verificationStatus"] = (
        concept(CONDITION_VERIFICATION, "entered-in-error", "Entered in Error")
        if error
        else concept(CONDITION_VERIFICATION, "confirmed", "Confirmed")
    )
    resource["code"] = text_concept(a.complaint.strip() or _unnamed(a))
    sites = [text_concept(region_words(r.region)) for r in a.pain_regions]
    if sites:
        resource["bodySite"] = sites
    resource["subject"] = ref(patient)
    if a.onset_date is not None:
        resource["onsetDateTime"] = a.onset_date.isoformat()
    resource["recordedDate"] = a.date.isoformat()
    if evidence:
        resource["evidence"] = [{"detail": [ref(u) for u in evidence]}]
    drawing = "; ".join(f"{region_words(r.region)} {r.intensity}/10" for r in a.pain_regions)
    written = notes(said, f"Pain drawing: {drawing}." if drawing else "", a.notes)
    if written:
        resource["note"] = written
    return resource


def _unnamed(a: Assessment) -> str:
    """A complaint left blank: the pain drawing says where it hurts, if anything does."""
    where = ", ".join(region_words(r.region).lower() for r in a.pain_regions)
    return f"Pain: {where}" if where else "Pain (no complaint recorded)"


def region_words(region: str) -> str:
    """'neck-right' -> 'Right side of the neck' (the pain drawing's words)."""
    phrase = REGION_PHRASES.get(region, region).removeprefix("the ")
    return phrase[:1].upper() + phrase[1:]


def _scores(
    a: Assessment, number: int, urns: Urns, patient: str, error: bool
) -> list[tuple[str, JSON]]:
    when = a.date.isoformat()
    found: list[tuple[str, JSON]] = []
    pain = (
        ("now", a.pain.now, nprs("Pain now (NPRS 0-10)")),
        ("least", a.pain.best, text_concept("Least pain (NPRS 0-10)")),
        ("worst", a.pain.worst, text_concept("Worst pain (NPRS 0-10)")),
    )
    for name, value, code in pain:
        if value is not None:
            found.append(
                (urns("observation", number, name), score(patient, code, value, when, error=error))
            )
    total = a.ndi_total
    if total is not None:
        code = concept(LOINC, NDI_CODE, NDI_DISPLAY, "Neck Disability Index, raw total (0-50)")
        band = ndi_band(total) if NDI_MIN <= total <= NDI_MAX else ""
        words = f"{'no' if band == 'none' else band} disability (Vernon and Mior)" if band else ""
        ndi = score(patient, code, total, when, error=error, interpretation=words)
        found.append((urns("observation", number, "ndi"), ndi))
    return found
