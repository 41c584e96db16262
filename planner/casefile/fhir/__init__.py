"""The FHIR R4 export of one patient's whole history (`needleplan export --fhir`): a Bundle
of type collection, as plain JSON-able dicts.

Patient; per assessment a Condition and its score Observations (planner.casefile.fhir
.assessments); per plan a CarePlan with its course (careplans); per visit an Encounter, a
Procedure and the pain before and after (visits). Entries are urn:uuid fullUrls derived from
the patient id and each record's number (codes.Urns) and refer to each other by them, so the
same history always gives the same bundle; no timestamp is added.

Plain dicts, no FHIR library: fhir.resources validates the output in the tests only.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.casefile.fhir.assessments import assessment_entries
from planner.casefile.fhir.careplans import plan_entries
from planner.casefile.fhir.codes import JSON, Urns, entry
from planner.casefile.fhir.visits import visit_entries
from planner.domain.catalog import Catalog
from planner.domain.history import PatientHistory
from planner.domain.patient import Patient
from planner.domain.screening_rules import Rule

__all__ = ["patient_bundle"]


def patient_bundle(
    history: PatientHistory,
    catalog: Catalog,
    rules: Sequence[Rule],
    *,
    patient_id: int,
    clinic_nice_cap: bool | None = None,
) -> JSON:
    """The Bundle of `history`, the patient stored as `patient_id`.

    rules are the screening rules the courses are gated with; clinic_nice_cap is the clinic's
    default for a plan that does not say whether NICE NG193's 300 minutes apply."""
    urns = Urns(patient_id)
    patient = urns("patient")
    entries = [entry(patient, _patient(history.patient))]
    found, conditions = assessment_entries(history, urns, patient)
    entries += found
    found, careplans = plan_entries(
        history, urns, patient, conditions, catalog, rules, clinic_nice_cap
    )
    entries += found
    entries += visit_entries(history, urns, patient, conditions, careplans, catalog)
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _patient(p: Patient) -> JSON:
    resource: JSON = {"resourceType": "Patient", "name": [{"text": p.name}]}
    telecom = [
        {"system": system, "value": value.strip()}
        for system, value in (("phone", p.phone), ("email", p.email))
        if value.strip()
    ]
    if telecom:
        resource["telecom"] = telecom
    # The case document's sex vocabulary is FHIR's administrative gender, code for code.
    resource["gender"] = str(p.sex)
    if p.birth_date is not None:
        resource["birthDate"] = p.birth_date.isoformat()
    return resource
