"""The case document: needleplan-case/1 (one case) and needleplan-case/2 (a patient's whole
history, or a clinic protocol): schema validation, conversion, case files.

Imports only the domain and the resources; jsonschema and fastjsonschema load on first use.
"""

from __future__ import annotations

from planner.casefile.convert import KnownTarget, case_from_dict, case_to_dict
from planner.casefile.errors import CaseFileError, LineProblem
from planner.casefile.files import (
    RecordReader,
    check_cases,
    iter_cases,
    read_cases,
    write_case,
    write_cases,
    write_records,
)
from planner.casefile.history import Record, record_from_dict, record_to_dict
from planner.casefile.schema import case_schema

__all__ = [
    "CaseFileError",
    "KnownTarget",
    "LineProblem",
    "Record",
    "RecordReader",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "check_cases",
    "iter_cases",
    "read_cases",
    "record_from_dict",
    "record_to_dict",
    "write_case",
    "write_cases",
    "write_records",
]
