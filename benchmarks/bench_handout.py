"""Building the aftercare handout in process: content model plus PDF, against a bare
two-page ReportLab platypus document measured in the same run."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks.report import Result

RUNS = 25
LIMIT = 3.0


def _medians_ms(*works: Callable[[], object]) -> list[float]:
    """Median time of each, measured in turns so that a busy machine slows all alike."""
    for work in works:
        work()  # warm-up: imports, font registration, caches
    times: list[list[float]] = [[] for _ in works]
    for _ in range(RUNS):
        for i, work in enumerate(works):
            t = time.perf_counter()
            work()
            times[i].append(time.perf_counter() - t)
    return [statistics.median(ts) * 1000 for ts in times]


def _bare() -> bytes:
    """Baseline: two full A4 pages of 12 pt paragraphs and a small table, ReportLab's
    defaults throughout (base-14 font, nothing embedded, no drawing)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    style = ParagraphStyle("body", getSampleStyleSheet()["BodyText"], fontSize=12, leading=15)
    text = "The places we treated may feel sore or have a dull ache for a day or two. " * 4
    story: list[object] = []
    for page in range(2):
        story += [Paragraph(text, style) for _ in range(9)]
        story.append(Table([["Friday", "27 November 2026"], ["Tuesday", "1 December 2026"]]))
        if page == 0:
            story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def run(workdir: Path) -> list[Result]:
    from planner import resources
    from planner.casefile import read_cases
    from planner.catalog import load_catalog
    from planner.catalog.bodychart import load_body_chart
    from planner.catalog.bodychart_positions import load_positions
    from planner.catalog.handouts import load_blocks
    from planner.domain.handout import ClinicDetails, build_handout
    from planner.pdf import render_handout

    case = read_cases(resources.path("samples", "sample-case.json"))[0]
    catalog = load_catalog(resources.path("catalog"))
    blocks, positions, chart = load_blocks(), load_positions(), load_body_chart()
    clinic = ClinicDetails(name="Harbour Street Acupuncture", phone="+44 23 9200 0000")

    def handout() -> bytes:
        model = build_handout(
            case,
            catalog=catalog,
            blocks=blocks,
            clinic=clinic,
            today=date(2026, 11, 24),
            next_appointments=[date(2026, 11, 27), date(2026, 12, 1)],
            practitioner_note="Keep up the chin tucks.",
            positions=positions,
        )
        return render_handout(model, chart=chart)

    bare_ms, handout_ms = _medians_ms(_bare, handout)
    ratio = handout_ms / bare_ms
    return [
        Result(
            "handout build (model + PDF), ratio",
            ratio,
            LIMIT,
            f"{handout_ms:.1f} ms vs {bare_ms:.1f} ms for a bare 2-page platypus document",
        )
    ]
