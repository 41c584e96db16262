"""A patient's archive, on request (before an erasure, or to hand over): one zip holding
their whole history as needleplan-case/2, the same as a FHIR R4 Bundle, their audit trail,
and every handout PDF exactly as it was given. Written 0600, whole or not at all."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from planner.casefile.atomic import write_atomically
from planner.domain.audit import AuditEntry
from planner.domain.errors import NotFoundError
from planner.domain.history import PatientHistory

ARCHIVE_FORMAT = "needleplan-archive/1"


class _Given(Protocol):
    @property
    def given_at(self) -> Any: ...
    @property
    def how(self) -> str: ...
    @property
    def pdf(self) -> bytes: ...


class _Histories(Protocol):
    def iter_histories(
        self, patient_ids: Sequence[int] | None = None, *, include_deleted: bool = False
    ) -> Iterable[PatientHistory]: ...


class _Handouts(Protocol):
    def given(self, patient_id: int) -> Sequence[_Given]: ...


class _Audit(Protocol):
    def for_patient(self, patient_id: int) -> list[AuditEntry]: ...


class ArchiveSource(Protocol):
    """What the archive reads (planner.store.database.Store has it)."""

    @property
    def histories(self) -> _Histories: ...
    @property
    def handouts(self) -> _Handouts: ...
    @property
    def audit(self) -> _Audit: ...


def _readme(pid: int, handouts: int) -> str:
    return (
        f"Needleplan archive of patient {pid} ({ARCHIVE_FORMAT}).\n\n"
        "history.json   every assessment and correction, plan and visit (needleplan-case/2;\n"
        "               `needleplan import history.json` reads it back)\n"
        "fhir.json      the same as a FHIR R4 Bundle (type collection)\n"
        "audit.json     who changed what and when\n"
        f"handouts/      the {handouts} handout PDF(s) as given to the patient\n"
    )


def archive_bytes(source: ArchiveSource, patient_id: int) -> bytes:
    """The zip's bytes; NotFoundError when the patient is not stored (or is deleted)."""
    from planner.casefile.clinic import nice_cap_default
    from planner.casefile.fhir import patient_bundle
    from planner.casefile.history import record_to_dict
    from planner.catalog.handouts import default_clinic_path
    from planner.catalog.loader import load_catalog
    from planner.catalog.rules import load_rules

    # A deleted patient has an archive too (taken before their erasure, say).
    history = next(iter(source.histories.iter_histories([patient_id], include_deleted=True)), None)
    if history is None:
        raise NotFoundError(f"patient {patient_id} does not exist")
    catalog = load_catalog()
    bundle = patient_bundle(
        history,
        catalog,
        load_rules(catalog=catalog),
        patient_id=patient_id,
        clinic_nice_cap=nice_cap_default(default_clinic_path()),
    )
    given = source.handouts.given(patient_id)
    entries = [e.to_json() for e in source.audit.for_patient(patient_id)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", _readme(patient_id, len(given)))
        zf.writestr("history.json", _json(record_to_dict(history)))
        zf.writestr("fhir.json", _json(bundle))
        zf.writestr("audit.json", _json({"format": ARCHIVE_FORMAT, "entries": entries}))
        for n, handout in enumerate(given, start=1):
            day = handout.given_at.date().isoformat()
            zf.writestr(f"handouts/{n:03d}-{day}-{handout.how}.pdf", handout.pdf)
    return buffer.getvalue()


def write_patient_archive(source: ArchiveSource, patient_id: int, path: Path) -> None:
    """Write the archive to `path` (0600, whole or not at all). NotFoundError for an unknown
    patient; OSError (OutputPathError) as write_atomically raises."""
    write_atomically(Path(path), archive_bytes(source, patient_id))


def _json(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
