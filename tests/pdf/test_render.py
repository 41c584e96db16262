"""The handout PDF: text a patient sees, page count, type sizes, fonts, metadata, paper."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from planner import resources
from planner.casefile import case_from_dict
from planner.catalog import load_catalog
from planner.catalog.bodychart_positions import load_positions
from planner.catalog.handouts import load_blocks
from planner.domain.catalog import Catalog
from planner.domain.handout import ClinicDetails, Handout, build_handout
from planner.pdf import render_handout
from tests.domain.handout.test_content import CLINIC, EXAMPLE, TODAY

NAMES = ["Zoë Ångström", "Łukasz Wróbel", "Nguyễn Thị Minh Khai", "Ana López"]
NEXT = [date(2026, 11, 27), date(2026, 12, 1)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(resources.path("catalog"))


def make(catalog: Catalog, **changes: Any) -> Handout:
    doc: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in EXAMPLE.items()}
    doc["patient"] = {**EXAMPLE["patient"], "name": changes.pop("name", "Ana López")}
    doc["plan"] = {**EXAMPLE["plan"], **changes.pop("plan", {})}
    return build_handout(
        case_from_dict(doc, today=TODAY),
        catalog=catalog,
        blocks=load_blocks(),
        clinic=changes.pop("clinic", CLINIC),
        today=TODAY,
        next_appointments=NEXT,
        practitioner_note=changes.pop("note", "Well done today."),
        positions=load_positions(),
    )


def pdf(handout: Handout, **kw: Any) -> PdfReader:
    return PdfReader(io.BytesIO(render_handout(handout, **kw)))


def text_of(reader: PdfReader) -> str:
    # Paragraphs wrap: join lines so phrases can be found whole.
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.parametrize("name", NAMES)
def test_the_patients_name_prints_in_any_script(catalog: Catalog, name: str) -> None:
    text = text_of(pdf(make(catalog, name=name)))
    assert name in text


def test_the_sheet_says_what_was_done_and_when_to_come_back(catalog: Catalog) -> None:
    text = text_of(pdf(make(catalog)))
    for words in (
        "Today you had acupuncture.",
        "The right side of your neck",
        "The top of your right shoulder",
        "Both hands",
        "GB21",
        "Friday 27 November 2026",
        "Tuesday 1 December 2026",
        "Tuesday 24 November 2026",
        "Well done today.",
        "Harbour Street Acupuncture",
        "+44 23 9200 0000",
        "Chin tucks",
    ):
        assert words in text, words


@pytest.mark.parametrize(
    ("acupoints", "warned"),
    [
        ([{"code": "GB21", "side": "right"}], True),
        ([{"code": "SI3", "side": "both"}, {"code": "GB20", "side": "both"}], False),
    ],
)
def test_the_lung_warning_prints_only_when_it_applies(
    catalog: Catalog, acupoints: list[dict[str, str]], warned: bool
) -> None:
    handout = make(catalog, plan={"acupoints": acupoints, "trigger_points": []})
    text = text_of(pdf(handout))
    assert ("collapsed lung" in text) is warned
    assert ("Call emergency services" in text) is warned
    assert "spreading" in text or "spreads" in text  # the clinic call box always prints


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_typical_plan_fits_two_pages(catalog: Catalog, paper: str) -> None:
    reader = pdf(make(catalog), paper=paper)
    assert len(reader.pages) <= 2
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "a4" else (612, 792))


def _runs(reader: PdfReader) -> list[tuple[str, float]]:
    """(text, size in points on the page) of every text run."""
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        # Effective size: the font size through the text and current matrices (vertical scale).
        a, b, c, d = tm[0], tm[1], tm[2], tm[3]
        a2, b2, c2, d2 = (
            a * cm[0] + b * cm[2],
            a * cm[1] + b * cm[3],
            c * cm[0] + d * cm[2],
            c * cm[1] + d * cm[3],
        )
        runs.append((text, size * math.sqrt(abs(a2 * d2 - b2 * c2))))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return runs


def _label_words(handout: Handout) -> set[str]:
    """Words allowed below body size: codes, legend, diagram labels, the footer."""
    words = {"Left", "Right", "Front", "Back", "Page", "Area", "we", "treated", "Needle", "point"}
    words |= {"Tight", "spot", "in", "a", "muscle", "November", "2026"}
    for group in handout.areas:
        for code in group.codes:
            words |= set(re.findall(r"[\w-]+", code))
    words |= set(handout.patient_name.split())
    return words


@pytest.mark.parametrize(("large", "body_min"), [(False, 12.0), (True, 14.0)])
def test_no_body_text_below_12_pt_or_14_pt_in_large_print(
    catalog: Catalog, large: bool, body_min: float
) -> None:
    handout = make(catalog)
    runs = _runs(pdf(handout, large_print=large))
    allowed = _label_words(handout)
    small = [(t, s) for t, s in runs if s < body_min - 0.01]
    for text, size in small:
        words = re.findall(r"[^\W\d_][\w-]*", text)
        assert set(words) <= allowed, f"{text!r} at {size:.1f} pt"
        assert size >= (9 if not large else 11), f"{text!r} at {size:.1f} pt"
    body = [s for t, s in runs if "soreness" in t or "Sit tall" in t]
    assert body
    assert min(body) >= body_min


def test_large_print_headings_are_larger_than_its_body(catalog: Catalog) -> None:
    runs = _runs(pdf(make(catalog), large_print=True))
    heading = max(s for t, s in runs if "What you may notice" in t)
    body = max(s for t, s in runs if "Drink plenty of water" in t)
    assert heading > body >= 14


def test_fonts_are_embedded_unicode_truetype(catalog: Catalog) -> None:
    reader = pdf(make(catalog, name="Nguyễn Łukasz"))
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert any("DejaVuSans" in name for name in fonts)
    for name, font in fonts.items():
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font.get("/FontDescriptor")
        )
        assert descriptor is not None, f"{name} is not embedded (a base-14 font)"
        assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"


def test_metadata_names_the_clinic_and_nothing_about_others(catalog: Catalog) -> None:
    reader = pdf(make(catalog))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Your aftercare sheet: 24 November 2026"
    assert meta.author == "Harbour Street Acupuncture"
    assert meta.subject == "Aftercare advice after acupuncture"
    raw = render_handout(make(catalog, name="Zoë Ångström"))
    assert b"Ana L" not in raw  # no other patient's name anywhere (an earlier render's)


def test_placeholder_clinic_and_a_logo(catalog: Catalog, tmp_path: Any) -> None:
    text = text_of(pdf(make(catalog, clinic=ClinicDetails())))
    assert "Your clinic" in text
    logo = tmp_path / "logo.png"
    logo.write_bytes(resources.path("icons", "needleplan.svg").read_bytes())
    from planner.pdf.handout import HandoutRenderError

    with pytest.raises(HandoutRenderError, match="logo"):
        render_handout(make(catalog, clinic=ClinicDetails(logo=logo)))


def test_a_png_logo_is_drawn(catalog: Catalog, tmp_path: Any) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "#1d6b66").save(logo)
    reader = pdf(make(catalog, clinic=ClinicDetails(name="Logo Clinic", logo=logo)))
    images = [img for page in reader.pages for img in page.images]
    assert images


def test_the_same_handout_gives_the_same_bytes(catalog: Catalog) -> None:
    handout = make(catalog)
    assert render_handout(handout) == render_handout(handout)


def test_importing_planner_pdf_does_not_import_reportlab() -> None:
    code = "import sys, planner.pdf; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_content_flows_onto_more_pages_in_large_print(catalog: Catalog, paper: str) -> None:
    # Paragraphs and sections split across pages here.
    note = "Keep the stretches gentle and slow, and stop if the pain spreads. " * 12
    plan = {"acupoints": [{"code": c, "side": "both"} for c in ("GB20", "GB21", "BL13", "SI3")]}
    reader = pdf(make(catalog, note=note.strip(), plan=plan), large_print=True, paper=paper)
    assert len(reader.pages) >= 3
    text = text_of(reader)
    assert "stop if the pain spreads." in text
    assert "Tight spot in a muscle" in text


def test_a_render_writes_no_process_wide_setting(catalog: Catalog) -> None:
    # The GUI may render while another thread builds a PDF: rl_config is never written, not
    # even for a moment (it once toggled useA85 around the build).
    import types

    from reportlab import rl_config

    written: list[str] = []

    class Watched(types.ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            written.append(name)
            super().__setattr__(name, value)

    before = {k: v for k, v in vars(rl_config).items() if not k.startswith("__")}
    rl_config.__class__ = Watched
    try:
        render_handout(make(catalog), large_print=True)
    finally:
        object.__setattr__(rl_config, "__class__", types.ModuleType)
    assert written == []
    assert {k: v for k, v in vars(rl_config).items() if not k.startswith("__")} == before


def test_streams_are_flate_compressed_binary_not_ascii85(catalog: Catalog) -> None:
    from reportlab import rl_config

    assert rl_config.useA85  # ReportLab's default is left alone...
    raw = render_handout(make(catalog))
    reader = PdfReader(io.BytesIO(raw))
    streams: list[Any] = []
    for page in reader.pages:
        streams.append(page["/Contents"].get_object())
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            streams.append(font["/ToUnicode"].get_object())
            streams.append(font["/FontDescriptor"].get_object()["/FontFile2"].get_object())
    for stream in streams:  # ...and yet this document's streams are Flate alone
        assert list(stream["/Filter"]) == ["/FlateDecode"]
        assert stream.get_data()  # and decode
    assert b"ASCII85Decode" not in raw


def test_a_plan_of_hundreds_of_targets_still_prints(catalog: Catalog) -> None:
    # 300+ targets once made the block beside the diagram taller than a page (LayoutError).
    codes = [a.code for a in catalog.acupoints if a.code != "ASHI"][:320]
    plan = {"acupoints": [{"code": c, "side": "both"} for c in codes], "trigger_points": []}
    reader = pdf(make(catalog, plan=plan))
    text = text_of(reader)
    assert len(reader.pages) >= 2
    for code in (codes[0], codes[150], codes[-1]):
        assert re.search(rf"\b{re.escape(code)}\b", text), code
    assert "Your next visits" in text


def _png_header_only(path: Any, width: int, height: int) -> None:
    """A PNG that declares width x height pixels; its pixels are never needed to refuse it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    squeeze = zlib.compressobj(1)
    row = b"\0" * (1 + 3 * width)
    idat = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


_RENDER_WITH_LOGO = """
import sys
from pathlib import Path
from planner import resources
from planner.catalog import load_catalog
from planner.domain.handout import ClinicDetails
from planner.pdf.handout import HandoutRenderError, render_handout
from tests.pdf.test_render import make
catalog = load_catalog(resources.path("catalog"))
handout = make(catalog, clinic=ClinicDetails(name="Big", logo=Path(sys.argv[1])))
try:
    data = render_handout(handout)
    print("printed", len(data))
except HandoutRenderError as exc:
    print("refused", exc)
# VmHWM, not ru_maxrss: ru_maxrss keeps the forking pytest process's peak across exec.
print("peak_kb", next(
    int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")
))
"""


def test_a_huge_logo_is_refused_from_its_header(tmp_path: Any) -> None:
    # 12,000 x 12,000 pixels took 1.6 GB to print; now its size is read, not its pixels.
    logo = tmp_path / "logo.png"
    _png_header_only(logo, 12_000, 12_000)
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", _RENDER_WITH_LOGO, str(logo)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines())
    assert "12,000 x 12,000 pixels is too large" in lines["refused"]
    assert int(lines["peak_kb"]) < 300_000


def test_a_large_logo_is_printed_scaled_down(catalog: Catalog, tmp_path: Any) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (3000, 1500), "#1d6b66").save(logo)
    reader = pdf(make(catalog, clinic=ClinicDetails(name="Logo Clinic", logo=logo)))
    images = [img for page in reader.pages for img in page.images]
    assert images
    assert max(img.image.size[1] for img in images) <= 600
