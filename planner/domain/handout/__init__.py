"""The aftercare handout as content: what the patient takes home, decided without a PDF.

build_handout() turns a case (what was needled, on which side, in which areas) and the
shipped content blocks into a Handout: plain-words sections, the treated areas grouped by
body area, the targets with their chart positions for the diagram, and the appointments.
The PDF (planner.pdf) only lays this out; the GUI can preview the same model.

Split by what each part decides: model (the sheet), blocks (which blocks and warnings),
areas (the treated areas in plain words), appointments (the next dates) and build (whether
there is a sheet, and the sheet). The names the rest of the code uses are exported here.
"""

from __future__ import annotations

from planner.domain.handout.appointments import NEXT_APPOINTMENTS, long_date, next_appointments
from planner.domain.handout.areas import FRONT_NECK_POINTS, MUSCLE_AREAS, area_words
from planner.domain.handout.blocks import (
    MAX_EXERCISES,
    PLACES,
    STERNUM_POINTS,
    target_risks,
)
from planner.domain.handout.build import (
    HandoutError,
    NoHandout,
    build_handout,
    handout_allowed,
    why_no_handout,
)
from planner.domain.handout.model import (
    DIAGRAM_HEADING,
    NEXT_HEADING,
    NOTE_HEADING,
    Area,
    Block,
    ClinicDetails,
    Condition,
    Handout,
    Paper,
    Risk,
    Section,
    SectionKind,
    Tone,
    TreatedTarget,
)

__all__ = [
    "DIAGRAM_HEADING",
    "FRONT_NECK_POINTS",
    "MAX_EXERCISES",
    "MUSCLE_AREAS",
    "NEXT_APPOINTMENTS",
    "NEXT_HEADING",
    "NOTE_HEADING",
    "PLACES",
    "STERNUM_POINTS",
    "Area",
    "Block",
    "ClinicDetails",
    "Condition",
    "Handout",
    "HandoutError",
    "NoHandout",
    "Paper",
    "Risk",
    "Section",
    "SectionKind",
    "Tone",
    "TreatedTarget",
    "area_words",
    "build_handout",
    "handout_allowed",
    "long_date",
    "next_appointments",
    "target_risks",
    "why_no_handout",
]
