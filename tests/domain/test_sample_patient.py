"""The shipped sample patient is recognised by its notes (nothing else marks it)."""

from __future__ import annotations

import json

from planner import resources
from planner.domain.patient import SAMPLE_NOTE, Patient


def test_the_shipped_sample_is_a_sample() -> None:
    doc = json.loads(resources.path("samples", "sample-case.json").read_text(encoding="utf-8"))
    sample = Patient(doc["patient"]["name"], notes=doc["patient"]["notes"])
    assert sample.is_sample


def test_other_patients_are_not() -> None:
    assert not Patient("Ana López").is_sample
    assert not Patient("Ana López", notes=f"Said: {SAMPLE_NOTE}").is_sample
    assert Patient("X", notes=f"  {SAMPLE_NOTE} Edited later.").is_sample
