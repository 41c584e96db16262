"""The detail panel's text for one library entry: needling facts and this patient's findings."""

from __future__ import annotations

import html
from collections.abc import Sequence

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, Target
from planner.domain.errors import NotFoundError
from planner.domain.findings import Finding
from planner.ui.points.marker_items import SEVERITY_RING
from planner.ui.shared.labels import SEVERITY_LABELS

EMPTY = "<p style='color:#777'>Choose a point or region in the library or on the chart.</p>"


def _range(low: float, high: float, unit: str) -> str:
    def number(x: float) -> str:
        return f"{x:g}"

    return f"{number(low)}–{number(high)} {unit}" if low != high else f"{number(low)} {unit}"


def _sources(catalog: Catalog, ids: Sequence[str]) -> str:
    labels = []
    for source_id in ids:
        try:
            labels.append(catalog.source(source_id).label)
        except NotFoundError:
            labels.append(source_id)
    return ", ".join(dict.fromkeys(labels))


def _row(label: str, value: str) -> str:
    if not value:
        return ""
    head = f"<td style='color:#555;padding-right:8px' valign='top'>{label}</td>"
    return f"<tr>{head}<td>{value}</td></tr>"


def _findings_html(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<p style='color:#2e7d32'>No screening findings for this patient.</p>"
    items = []
    for f in findings:
        color = SEVERITY_RING.get(str(f.severity))
        label = SEVERITY_LABELS.get(str(f.severity), str(f.severity))
        if f.resolved:
            label += " (overridden)"
        hex_color = color.name() if color is not None else "#555"
        items.append(
            f"<li><b style='color:{hex_color}'>{html.escape(label)}</b>: {html.escape(f.message)}"
            f" <span style='color:#777'>({html.escape(f.source)})</span></li>"
        )
    return "<ul style='margin-left:-20px'>" + "".join(items) + "</ul>"


def detail_html(
    target: Target | None, catalog: Catalog, findings: Sequence[Finding], *, planned: bool
) -> str:
    """Location, depth and angle (cun and mm), structures at risk, referral, sources, and
    the findings that name this target for the open patient."""
    if target is None:
        return EMPTY
    e = html.escape
    rows: list[str] = []
    if isinstance(target, Acupoint):
        title = f"{e(target.code)} {e(target.pinyin)} {e(target.hanzi)}"
        subtitle = e(target.english) + " (descriptive name)" if target.english else ""
        if target.channel is not None:
            rows.append(_row("Channel", e(target.channel.english)))
        detail = target.detail
        if detail is not None:
            rows.append(_row("Location", e(detail.location)))
            depth = f"{_range(*detail.depth_cun, 'cun')} (about {_range(*detail.depth_mm, 'mm')})"
            rows.append(_row("Depth", e(depth)))
            angles = ", ".join(a.value for a in detail.angles)
            rows.append(_row("Angle", e(angles.capitalize())))
            rows.append(_row("Direction", e(detail.direction)))
            rows.append(_row("At risk", e(", ".join(detail.structures_at_risk)) or "none listed"))
            rows.append(_row("Notes", e(detail.notes)))
            sources = _sources(catalog, detail.sources)
        else:
            rows.append(_row("Region", e(target.region.value if target.region else "")))
            rows.append(_row("Detail", "<i>No in-depth entry: check depth in your textbook.</i>"))
            sources = _sources(catalog, target.sources)
        for note in target.flag_notes:
            rows.append(_row(e(note.flag.value.replace("-", " ").capitalize()), e(note.note)))
    else:
        title = f"{e(target.name)} <span style='color:#777'>(trigger-point region)</span>"
        subtitle = ""
        rows.append(_row("Trigger points", e(target.trigger_points)))
        rows.append(_row("Refers to", e(target.referral)))
        rows.append(_row("Symptoms", e(target.symptoms)))
        rows.append(_row("Technique", e(target.technique)))
        rows.append(_row("At risk", e(", ".join(target.structures_at_risk)) or "none listed"))
        for note in target.flag_notes:
            rows.append(_row(e(note.flag.value.replace("-", " ").capitalize()), e(note.note)))
        sources = _sources(catalog, target.sources)
    rows.append(_row("Sources", e(sources)))
    state = "In the plan" if planned else "Not in the plan (Enter or a click on the chart adds it)"
    return (
        f"<h3 style='margin:0'>{title}</h3>"
        + (f"<div style='color:#555'>{subtitle}</div>" if subtitle else "")
        + f"<div style='color:#1565c0'>{state}</div>"
        + "<table style='margin-top:6px'>"
        + "".join(rows)
        + "</table><h4 style='margin-bottom:2px'>For this patient</h4>"
        + _findings_html(findings)
    )
