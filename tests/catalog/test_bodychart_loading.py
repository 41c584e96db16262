"""The shipped body chart and chart positions: they load, agree with the standard, and bad
files are rejected with a message that names the element or entry."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog.bodychart import (
    REQUIRED_LANDMARKS,
    BodyChartError,
    load_body_chart,
    parse_body_chart,
)
from planner.catalog.bodychart_positions import (
    EDGE_MARGIN,
    load_positions,
    load_positions_file,
    parse_positions,
)
from planner.domain.bodychart import BodyChart
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import DomainError
from planner.domain.vocab import REGIONS

WHO_CHANNELS = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip
WHO_CODES = [f"{ch}{n}" for ch, count in WHO_CHANNELS.items() for n in range(1, count + 1)]
SPINE_LEVELS = [*(f"T{n}" for n in range(1, 13)), *(f"L{n}" for n in range(1, 6))]
MUSCLES = [
    "levator-scapulae",
    "upper-trapezius",
    "middle-trapezius",
    "lower-trapezius",
    "rhomboids",
    "splenius-capitis",
    "splenius-cervicis",
    "suboccipitals",
    "semispinalis-capitis",
    "sternocleidomastoid",
    "scalenes",
    "supraspinatus",
    "infraspinatus",
    "serratus-posterior-superior",
    "pectoralis-minor",
    "teres-major",
    "teres-minor",
]


@pytest.fixture(scope="module")
def chart() -> BodyChart:
    return load_body_chart()


@pytest.fixture(scope="module")
def positions() -> dict[str, tuple[ChartPosition, ...]]:
    return load_positions()


@pytest.fixture(scope="module")
def svg_text() -> str:
    return resources.path("bodychart", "body.svg").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def positions_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        resources.path("bodychart", "positions.json").read_text(encoding="utf-8")
    )
    return doc


def units(chart: BodyChart, pos: ChartPosition) -> tuple[float, float]:
    return chart.view(pos.view).point(pos)


def only(positions: dict[str, tuple[ChartPosition, ...]], code: str) -> ChartPosition:
    (pos,) = positions[code]
    return pos


def back_cun(chart: BodyChart) -> float:
    """Units per B-cun on the back: the medial borders of the scapulae are 6 cun apart."""
    lms = chart.back.landmarks
    return math.dist(lms["scapular-spine-medial-left"], lms["scapular-spine-medial-right"]) / 6


# --- the figure -----------------------------------------------------------------------------


def test_loading_is_cached(chart: BodyChart) -> None:
    assert load_body_chart() is chart


def test_both_views_share_one_frame(chart: BodyChart) -> None:
    for view in chart.views:
        assert (view.width, view.height) == (400, 1000)
        x0, y0, x1, y1 = view.outline[0].bounds()
        assert x0 >= 0
        assert x1 <= view.width
        assert y0 >= 0
        assert y1 <= view.height
        # one adult figure, head to feet filling most of the frame
        assert y1 - y0 > 0.9 * view.height


def test_every_region_is_drawn_on_some_view(chart: BodyChart) -> None:
    drawn = set(chart.regions(View.FRONT)) | set(chart.regions(View.BACK))
    assert drawn == set(REGIONS)
    assert "lower-back" not in chart.regions(View.FRONT)
    assert "chest-left" not in chart.regions(View.BACK)


def test_regions_lie_on_the_figure(chart: BodyChart) -> None:
    for view in chart.views:
        for name, path in view.regions.items():
            for poly in path.polygons:
                for p in poly:
                    assert view.inside(p, margin=2.5), (view.view, name, p)


def test_required_landmarks_are_present(chart: BodyChart) -> None:
    for view, names in REQUIRED_LANDMARKS.items():
        for name in names:
            assert name in chart.view(view).landmarks


def test_spinous_processes_descend_on_the_back_midline(chart: BodyChart) -> None:
    lms = chart.back.landmarks
    levels = ["C7", *(f"T{n}" for n in range(1, 13))]
    ys = [lms[name][1] for name in levels]
    assert ys == sorted(ys)
    assert len(set(ys)) == len(ys)
    assert all(lms[name][0] == 200 for name in levels)
    # T7 is level with the inferior angle of the scapula; T3 with the root of its spine
    assert lms["T7"][1] == pytest.approx(lms["scapula-inferior-angle-left"][1], abs=3)
    assert lms["T3"][1] == pytest.approx(lms["scapular-spine-medial-left"][1], abs=1)


def test_patients_left_is_on_the_correct_side_of_each_view(chart: BodyChart) -> None:
    assert chart.landmark(View.BACK, "scapula-inferior-angle-left").x < 0.5
    assert chart.landmark(View.FRONT, "nipple-left").x > 0.5
    assert chart.region_at(View.FRONT, *xy(chart.landmark(View.FRONT, "nipple-left"))) == (
        "chest-left"
    )


def xy(pos: ChartPosition) -> tuple[float, float]:
    return pos.x, pos.y


def test_region_at_known_points(chart: BodyChart) -> None:
    x0, y0, x1, y1 = chart.back.regions["scapula-left"].bounds()
    centre = ((x0 + x1) / 2 / 400, (y0 + y1) / 2 / 1000)
    assert chart.region_at(View.BACK, *centre) == "scapula-left"
    assert chart.region_at(View.BACK, 1 - centre[0], centre[1]) == "scapula-right"
    lm = chart.landmark
    assert chart.region_at(View.BACK, *xy(lm(View.BACK, "T10"))) in {
        "upper-back-left",
        "upper-back-right",
    }
    assert chart.region_at(View.BACK, *xy(lm(View.BACK, "L3"))) == "lower-back"
    assert chart.region_at(View.BACK, *xy(lm(View.BACK, "occiput"))) == "head"
    assert chart.region_at(View.BACK, *xy(lm(View.BACK, "olecranon-left"))) == "arm-left"
    assert chart.region_at(View.FRONT, *xy(lm(View.FRONT, "umbilicus"))) is None  # abdomen
    assert chart.region_at(View.FRONT, *xy(lm(View.FRONT, "patella-left"))) is None  # leg
    assert chart.region_at(View.FRONT, 0.02, 0.5) is None  # off the figure


def test_regions_do_not_overlap_much(chart: BodyChart) -> None:
    """Sample each view on a grid: hardly any point falls in two regions."""
    for view in chart.views:
        both = 0
        for i in range(0, 400, 4):
            for j in range(0, 600, 4):
                hits = [n for n, p in view.regions.items() if p.contains((i + 0.5, j + 0.5))]
                both += len(hits) > 1
        assert both < 40, (view.view, both)


# --- positions ------------------------------------------------------------------------------


def test_every_who_point_has_a_position_or_a_documented_reason(
    positions: dict[str, tuple[ChartPosition, ...]],
) -> None:
    assert len(WHO_CODES) == 361
    not_shown = load_positions_file().not_shown
    readme = resources.path("bodychart", "README.md").read_text(encoding="utf-8")
    for code in WHO_CODES:
        assert (code in positions) != (code in not_shown), code
    for code, reason in not_shown.items():
        assert reason
        assert re.search(rf"\b{code}\b", readme), f"{code} not explained in README.md"
    assert set(not_shown) == {"KI1", "CV1"}


def test_extra_points_and_trigger_point_regions(
    positions: dict[str, tuple[ChartPosition, ...]],
) -> None:
    for level in SPINE_LEVELS:
        assert f"EX-B2-{level}" in positions
    assert "EX-HN15" in positions
    assert "EX-UE8" in positions
    for muscle in MUSCLES:
        assert positions[f"TP:{muscle}"], muscle
    extra = {k for k in positions if k not in WHO_CODES}
    assert len(extra) == 17 + 2 + len(MUSCLES)


def test_every_position_lies_on_the_figure(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    edge = []
    for code, entries in positions.items():
        for pos in entries:
            assert 0 < pos.x < 1
            assert 0 < pos.y < 1
            assert chart.contains(pos, margin=EDGE_MARGIN), code
            assert chart.contains(pos.mirrored(), margin=EDGE_MARGIN), code
            if not chart.contains(pos):
                edge.append(code)
    # only a few points sit on the edge of the silhouette
    assert len(edge) <= 8, edge


def test_gb21_is_the_midpoint_of_c7_and_the_acromion(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    gb21 = only(positions, "GB21")
    c7 = chart.landmark(View.BACK, "C7")
    acromion = chart.landmark(View.BACK, "acromion-left")
    assert gb21.view is View.BACK
    assert gb21.x == pytest.approx((c7.x + acromion.x) / 2, abs=1e-4)
    assert gb21.y == pytest.approx((c7.y + acromion.y) / 2, abs=1e-4)
    assert chart.region_at(View.BACK, gb21.x, gb21.y) == "shoulder-left"
    assert chart.region_at(View.BACK, *xy(gb21.mirrored())) == "shoulder-right"


def test_bl11_to_bl17_are_1_5_cun_lateral_to_t1_to_t7(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    cun = back_cun(chart)
    ys = []
    for n, level in zip(range(11, 18), range(1, 8), strict=True):
        bl = units(chart, only(positions, f"BL{n}"))
        spine = chart.back.landmarks[f"T{level}"]
        assert bl[1] == pytest.approx(spine[1], abs=0.01)
        # patient's left on the back view is the viewer's left
        assert spine[0] - bl[0] == pytest.approx(1.5 * cun, abs=0.05)
        ys.append(bl[1])
    assert ys == sorted(ys)
    xs = {round(units(chart, only(positions, f"BL{n}"))[0], 2) for n in range(11, 18)}
    assert len(xs) == 1  # parallel to the spine
    for n in range(11, 18):
        assert chart.region_at(View.BACK, *xy(only(positions, f"BL{n}"))) == "upper-back-left"


def test_outer_bladder_line_and_jiaji_use_the_same_cun(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    cun = back_cun(chart)
    mid_x = chart.back.width / 2
    assert mid_x - units(chart, only(positions, "BL43"))[0] == pytest.approx(3 * cun, abs=0.05)
    for level in SPINE_LEVELS:
        x, y = units(chart, only(positions, f"EX-B2-{level}"))
        assert mid_x - x == pytest.approx(0.5 * cun, abs=0.05)
        assert y == pytest.approx(chart.back.landmarks[level][1], abs=0.01)


def test_governor_and_conception_vessel_points_lie_on_the_midline(
    positions: dict[str, tuple[ChartPosition, ...]],
) -> None:
    for code in WHO_CODES:
        if code.startswith(("GV", "CV")) and code in positions:
            for pos in positions[code]:
                assert pos.x == 0.5, code
                assert pos.mirrored() == pos
    back_gv = [only(positions, f"GV{n}").y for n in range(1, 20)]
    assert back_gv == sorted(back_gv, reverse=True)  # GV1 at the coccyx up to GV19


def test_bilateral_points_are_given_for_the_left_side(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    for code in ("LU1", "ST36", "PC6", "LI4", "SI11", "TE5", "BL40", "GB20", "KI3"):
        pos = positions[code][0]
        assert pos.x > 0.5 if pos.view is View.FRONT else pos.x < 0.5, code
    # the mirror image of a left point is the matching right point
    si11 = only(positions, "SI11")
    assert chart.region_at(View.BACK, *xy(si11)) == "scapula-left"
    assert chart.region_at(View.BACK, *xy(si11.mirrored())) == "scapula-right"
    lu1 = only(positions, "LU1")
    assert lu1.mirrored().x == pytest.approx(1 - lu1.x)


def test_standard_relations_hold(
    chart: BodyChart, positions: dict[str, tuple[ChartPosition, ...]]
) -> None:
    def u(code: str) -> tuple[float, float]:
        return units(chart, only(positions, code))

    # TE15 midway between GB21 and SI13
    # (positions are stored to 4 decimals: 0.04 units across, 0.1 down the 1000-unit frame)
    halfway = tuple((a + b) / 2 for a, b in zip(u("GB21"), u("SI13"), strict=True))
    assert u("TE15") == pytest.approx(halfway, abs=0.1)
    # ST36 is 3/16 of the way from ST35 to ST41; PC6 2/12 from the wrist to the elbow crease
    st35, st41 = u("ST35"), u("ST41")
    assert math.dist(st35, u("ST36")) == pytest.approx(math.dist(st35, st41) * 3 / 16, abs=0.1)
    pc7, pc3 = u("PC7"), u("PC3")
    assert math.dist(pc7, u("PC6")) == pytest.approx(math.dist(pc7, pc3) * 2 / 12, abs=0.1)
    # CV17 between the nipples; ST17 on the nipple
    assert u("CV17")[1] == pytest.approx(chart.front.landmarks["nipple-left"][1], abs=0.1)
    assert u("ST17") == pytest.approx(chart.front.landmarks["nipple-left"], abs=0.1)
    # the front-view channel order from the midline on the chest: CV, KI, ST, SP
    xs = [u(c)[0] for c in ("CV18", "KI24", "ST16", "SP19")]
    assert xs == sorted(xs)


def test_most_positions_are_derived_from_landmarks() -> None:
    pf = load_positions_file()
    who = [c for c in WHO_CODES if c in pf.positions]
    derived = [c for c in who if c in pf.derived]
    assert len(derived) / len(who) > 0.7
    for code in ("GB21", "BL13", "GV14", "TE15", "ST36", "SP6", "LI11"):
        assert code in pf.derived


# --- bad files ------------------------------------------------------------------------------


def broken_svg(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def replace_d(text: str, element_id: str, d: str) -> str:
    pattern = rf'(id="{re.escape(element_id)}"[^>]*?\sd=")[^"]*(")'
    out, n = re.subn(pattern, rf"\g<1>{d}\g<2>", text)
    assert n == 1
    return out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: broken_svg(t, 'id="region-front-head"', 'id="region-front-belly"'),
            r'<path id="region-front-belly">: unknown region \'belly\'',
        ),
        (
            lambda t: replace_d(t, "region-back-scapula-left", "M0 0 A 1 1 0 0 1 4 4"),
            r'<path id="region-back-scapula-left">: attribute d: unsupported command \'A\'',
        ),
        (
            lambda t: replace_d(t, "outline-front", "M0 0 L"),
            r'<path id="outline-front">: attribute d: L needs 2 numbers',
        ),
        (
            lambda t: broken_svg(
                t,
                'id="landmark-back-C7" class="landmark" cx="200.0"',
                'id="landmark-back-C7" class="landmark" cx="abc"',
            ),
            r'<circle id="landmark-back-C7">: attribute cx: \'abc\' is not a number',
        ),
        (
            lambda t: broken_svg(t, 'id="landmark-back-T4"', 'id="landmark-back-T44"'),
            r"required landmark-back-T4 is missing",
        ),
        (
            lambda t: broken_svg(t, 'id="landmark-back-T4"', 'id="landmark-back-T3"'),
            r'<circle id="landmark-back-T3">: duplicate id',
        ),
        (
            lambda t: broken_svg(t, 'id="region-back-lower-back"', 'id="region-front-lower-back"'),
            r'<path id="region-front-lower-back">: id does not belong to the back view',
        ),
        (
            lambda t: broken_svg(t, 'id="region-back-lower-back"', 'id="detail-back-lower-back"'),
            r"region 'lower-back' is not drawn on any view",
        ),
        (
            lambda t: broken_svg(t, 'id="view-back"', 'id="view-rear"'),
            r'<g id="view-back"> is missing',
        ),
        (
            lambda t: broken_svg(t, 'data-width="400"', 'data-width="wide"'),
            r'<g id="view-front">: attribute data-width',
        ),
        (lambda t: t[: len(t) // 2], r"not well-formed XML"),
    ],
)
def test_broken_svg_names_the_element(svg_text: str, edit: Any, message: str) -> None:
    with pytest.raises(BodyChartError, match=message) as err:
        parse_body_chart(edit(svg_text), "body.svg")
    assert str(err.value).startswith("body.svg")
    assert isinstance(err.value, DomainError)


def test_unmirrored_landmark_is_rejected(svg_text: str) -> None:
    text = re.sub(
        r'(id="landmark-back-acromion-right" class="landmark" cx=")[^"]*"', r'\g<1>300.0"', svg_text
    )
    with pytest.raises(BodyChartError, match=r"landmark-back-acromion-right.*mirror image"):
        parse_body_chart(text)


def edited(doc: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["positions"][key] = value
    return out


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "BL13",
            {"view": "back", "derive": "lateral", "from": "T33", "cun": 1.5, "scale": "back"},
            r"positions\.BL13\.from: unknown landmark or point 'T33' on the back view",
        ),
        (
            "BL13",
            {"view": "side", "derive": "at", "landmark": "T3"},
            r"positions\.BL13\.view: 'side' is not 'front' or 'back'",
        ),
        (
            "BL13",
            {"view": "back", "derive": "lateral", "from": "T3", "cun": 1.5, "scale": "chest"},
            r"positions\.BL13\.scale: no scale 'chest' for the back view",
        ),
        ("LU10", {"view": "front", "x": 1.4, "y": 0.5}, r"positions\.LU10\.x: 1\.4 is outside"),
        ("LU10", {"view": "front", "x": 0.01, "y": 0.5}, r"positions\.LU10: .* off the figure"),
        (
            "GB21",
            {"view": "back", "derive": "midpoint", "of": ["C7", "TE15"]},
            r"circular reference (GB21 -> TE15 -> GB21|TE15 -> GB21 -> TE15)",
        ),
        (
            "GB21",
            {"view": "back", "derive": "midpoint", "of": ["C7"]},
            r"positions\.GB21\.of: midpoint needs two references",
        ),
        (
            "GB21",
            {"view": "back", "derive": "spiral", "of": ["C7"]},
            r"positions\.GB21\.derive: unknown derivation 'spiral'",
        ),
        (
            "GB21",
            {"view": "back", "derive": "at", "landmark": "ST36"},
            r"positions\.GB21\.landmark: ST36 has no position on the back view",
        ),
        ("TP:rhomboids", [], r"positions\.TP:rhomboids: no position given"),
        (
            "TP:rhomboids",
            [{"view": "back", "x": 0.4, "y": 0.25}, {"view": "back", "x": "a", "y": 0.2}],
            r"positions\.TP:rhomboids\[1\]\.x: expected a number",
        ),
    ],
)
def test_broken_positions_name_the_entry(
    chart: BodyChart, positions_doc: dict[str, Any], key: str, value: Any, message: str
) -> None:
    with pytest.raises(BodyChartError, match=message) as err:
        parse_positions(edited(positions_doc, key, value), chart, "positions.json")
    assert str(err.value).startswith("positions.json: ")


def test_wrong_format_and_bad_scale_are_rejected(
    chart: BodyChart, positions_doc: dict[str, Any]
) -> None:
    doc = copy.deepcopy(positions_doc)
    doc["format"] = "something-else/9"
    with pytest.raises(BodyChartError, match="format must be"):
        parse_positions(doc, chart)
    doc = copy.deepcopy(positions_doc)
    doc["scales"]["back"]["between"] = ["scapular-spine-medial-left", "nowhere"]
    with pytest.raises(BodyChartError, match=r"scales\.back\.between: no landmark 'nowhere'"):
        parse_positions(doc, chart)


def test_a_point_cannot_be_both_placed_and_not_shown(
    chart: BodyChart, positions_doc: dict[str, Any]
) -> None:
    doc = copy.deepcopy(positions_doc)
    doc["not_shown"]["GB21"] = "hidden"
    with pytest.raises(BodyChartError, match=r"not_shown\.GB21: also has a position"):
        parse_positions(doc, chart)


def test_loading_files_from_a_path(tmp_path: Path, svg_text: str, chart: BodyChart) -> None:
    svg = tmp_path / "chart.svg"
    svg.write_text(svg_text, encoding="utf-8")
    assert set(load_body_chart(svg).regions(View.BACK)) == set(chart.regions(View.BACK))
    bad = tmp_path / "positions.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BodyChartError, match=r"positions\.json: not valid JSON"):
        load_positions(bad, chart)
