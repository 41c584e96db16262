"""The body chart's pure geometry: path parsing, flattening, hit tests and derivation helpers."""

from __future__ import annotations

import math

import pytest

from planner.domain.bodychart import (
    BodyChart,
    ChartView,
    along,
    lateral,
    midpoint,
    mirrored,
    offset,
    patient_left_sign,
    side_at,
    toward,
    units_per_cun,
)
from planner.domain.bodychart_paths import (
    Cubic,
    Line,
    PathData,
    PathSyntaxError,
    cubic_point,
    parse_path,
)
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import DomainError, NotFoundError


def segments(d: str) -> list[Line | Cubic]:
    return [seg for sp in parse_path(d).subpaths for seg in sp.segments]


# --- the path grammar -----------------------------------------------------------------------


def test_absolute_move_and_line() -> None:
    assert segments("M1 2 L3 4") == [Line((1, 2), (3, 4))]


def test_relative_move_and_line() -> None:
    path = parse_path("m1 2 l3 4")
    assert path.subpaths[0].start == (1, 2)
    assert path.subpaths[0].segments == (Line((1, 2), (4, 6)),)


def test_extra_pairs_after_move_are_line_tos() -> None:
    assert segments("M0 0 10 0 10 10") == [Line((0, 0), (10, 0)), Line((10, 0), (10, 10))]
    assert segments("m1 1 2 0") == [Line((1, 1), (3, 1))]


def test_horizontal_and_vertical_absolute_and_relative() -> None:
    assert segments("M1 1 H5 V7") == [Line((1, 1), (5, 1)), Line((5, 1), (5, 7))]
    assert segments("M1 1 h5 v7") == [Line((1, 1), (6, 1)), Line((6, 1), (6, 8))]


def test_cubic_absolute_and_relative() -> None:
    assert segments("M0 0 C1 2 3 4 5 6") == [Cubic((0, 0), (1, 2), (3, 4), (5, 6))]
    assert segments("M10 10 c1 2 3 4 5 6") == [Cubic((10, 10), (11, 12), (13, 14), (15, 16))]


def test_repeated_cubic_parameters_continue_from_the_last_end() -> None:
    segs = segments("M0 0 c1 1 2 2 3 3 1 1 2 2 3 3")
    assert segs[1] == Cubic((3, 3), (4, 4), (5, 5), (6, 6))


def test_smooth_cubic_reflects_the_previous_control_point() -> None:
    segs = segments("M0 0 C0 10 10 10 10 0 S20 -10 20 0")
    assert segs[1] == Cubic((10, 0), (10, -10), (20, -10), (20, 0))
    rel = segments("M0 0 C0 10 10 10 10 0 s10 -10 10 0")
    assert rel[1] == segs[1]


def test_smooth_cubic_without_a_previous_cubic_starts_at_the_current_point() -> None:
    assert segments("M1 1 L2 2 S4 4 5 5")[1] == Cubic((2, 2), (2, 2), (4, 4), (5, 5))


def test_quadratic_becomes_the_equivalent_cubic() -> None:
    (cubic,) = segments("M0 0 Q3 6 6 0")
    assert isinstance(cubic, Cubic)
    assert cubic.c1 == pytest.approx((2, 4))
    assert cubic.c2 == pytest.approx((4, 4))
    # the quadratic's own midpoint is (3, 3); the raised cubic passes through it
    assert cubic_point(cubic, 0.5) == pytest.approx((3, 3))
    (rel,) = segments("M10 10 q3 6 6 0")
    assert isinstance(rel, Cubic)
    assert rel.end == (16, 10)
    assert rel.c1 == pytest.approx((12, 14))


def test_close_adds_the_closing_line_and_returns_to_the_start() -> None:
    path = parse_path("M0 0 H10 V10 Z l5 0")
    first, second = path.subpaths
    assert first.closed
    assert first.segments[-1] == Line((10, 10), (0, 0))
    # a segment after Z starts from the closed subpath's start
    assert second.segments == (Line((0, 0), (5, 0)),)
    assert parse_path("M0 0 h1 v1 z").subpaths[0].closed


def test_relative_move_after_close_is_relative_to_the_subpath_start() -> None:
    path = parse_path("M10 10 h5 v5 z m1 1 h1")
    assert path.subpaths[1].start == (11, 11)


def test_number_forms_commas_and_exponents() -> None:
    assert segments("M0,0L1e1,-.5") == [Line((0, 0), (10, -0.5))]
    # "1.5.5" is two numbers, as in SVG
    assert segments("M0 0 L1.5.5") == [Line((0, 0), (1.5, 0.5))]


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ("M0 0 A1 1 0 0 1 5 5", "unsupported command 'A'"),
        ("M0 0 T5 5", "unsupported command 'T'"),
        ("L1 1", "must start with M"),
        ("M0 0 L1", "L needs 2 numbers"),
        ("M0 0 C1 2 3", "C needs 6 numbers"),
        ("M0 0 L1 1 #", "unexpected '#'"),
        ("", "empty path data"),
        ("12 13", "must start with a command"),
    ],
)
def test_malformed_path_data_is_rejected(d: str, message: str) -> None:
    with pytest.raises(PathSyntaxError, match=message) as err:
        parse_path(d)
    assert isinstance(err.value, DomainError)


def test_syntax_error_reports_where() -> None:
    with pytest.raises(PathSyntaxError) as err:
        parse_path("M0 0 L1 1 A 2 2")
    assert err.value.position == 10


# --- flattening and hit tests ---------------------------------------------------------------

K = 0.5523  # cubic circle constant


def circle(cx: float, cy: float, r: float) -> str:
    k = K * r
    return (
        f"M{cx + r} {cy} C{cx + r} {cy + k} {cx + k} {cy + r} {cx} {cy + r} "
        f"C{cx - k} {cy + r} {cx - r} {cy + k} {cx - r} {cy} "
        f"C{cx - r} {cy - k} {cx - k} {cy - r} {cx} {cy - r} "
        f"C{cx + k} {cy - r} {cx + r} {cy - k} {cx + r} {cy} Z"
    )


def test_flattened_curves_stay_within_tolerance() -> None:
    path = parse_path("M0 0 C0 100 100 100 100 0")
    (cubic,) = path.subpaths[0].segments
    assert isinstance(cubic, Cubic)
    (poly,) = path.flatten(tolerance=0.1)
    assert poly[0] == (0, 0)
    assert poly[-1] == (100, 0)
    assert len(poly) > 10
    # every sample of the true curve is close to the polyline
    chords = PathData(parse_path("M0 0 " + " ".join(f"L{x} {y}" for x, y in poly[1:])).subpaths)
    for i in range(101):
        assert chords.distance(cubic_point(cubic, i / 100)) <= 0.1 + 1e-9


def test_circle_area_and_containment() -> None:
    path = parse_path(circle(50, 50, 20))
    assert path.area() == pytest.approx(math.pi * 400, rel=0.02)
    assert path.contains((50, 50))
    assert path.contains((69, 50))
    assert not path.contains((71, 50))
    assert not path.contains((65, 65))  # outside the circle, inside its bounding box


def test_even_odd_subpaths_cut_holes() -> None:
    ring = parse_path("M0 0 H100 V100 H0 Z M40 40 H60 V60 H40 Z")
    assert ring.contains((10, 10))
    assert not ring.contains((50, 50))


def test_distance_to_the_outline() -> None:
    square = parse_path("M0 0 H10 V10 H0 Z")
    assert square.distance((13, 5)) == pytest.approx(3)
    assert square.distance((5, 5)) == pytest.approx(5)
    assert square.bounds() == (0, 0, 10, 10)


def tiny_chart() -> BodyChart:
    """A 100 x 200 frame: a body square, a left and right half region, a few landmarks."""
    body = parse_path("M10 10 H90 V190 H10 Z")

    def view(v: View) -> ChartView:
        viewer_left = parse_path("M10 10 H50 V100 H10 Z")
        viewer_right = parse_path("M50 10 H90 V100 H50 Z")
        left, right = (
            (viewer_right, viewer_left) if v is View.FRONT else (viewer_left, viewer_right)
        )
        return ChartView(
            view=v,
            width=100,
            height=200,
            outline=(body,),
            regions={
                "small": parse_path("M20 20 H30 V30 H20 Z"),
                "side-left": left,
                "side-right": right,
            },
            landmarks={"top": (50, 10), "mark-left": (30, 50), "mark-right": (70, 50)},
        )

    return BodyChart(front=view(View.FRONT), back=view(View.BACK))


def test_region_at_uses_normalised_coordinates_and_order() -> None:
    chart = tiny_chart()
    assert chart.region_at(View.BACK, 0.25, 0.125) == "small"  # listed first, drawn on top
    assert chart.region_at(View.BACK, 0.4, 0.25) == "side-left"
    assert chart.region_at(View.FRONT, 0.4, 0.25) == "side-right"
    assert chart.region_at(View.FRONT, 0.5, 0.75) is None  # on the body, in no region
    assert chart.region_at(View.FRONT, 0.02, 0.02) is None
    assert chart.regions(View.FRONT) == ("small", "side-left", "side-right")


def test_landmark_is_normalised_and_unknown_names_fail_clearly() -> None:
    chart = tiny_chart()
    assert chart.landmark(View.FRONT, "mark-left") == ChartPosition(View.FRONT, 0.3, 0.25)
    with pytest.raises(NotFoundError, match="'nowhere' on the back view"):
        chart.landmark(View.BACK, "nowhere")


def test_contains_with_an_edge_margin() -> None:
    chart = tiny_chart()
    assert chart.contains(ChartPosition(View.FRONT, 0.5, 0.5))
    edge = ChartPosition(View.FRONT, 0.08, 0.5)  # 2 units outside the body
    assert not chart.contains(edge)
    assert chart.contains(edge, margin=2.5)


def test_view_round_trip() -> None:
    v = tiny_chart().back
    pos = v.position((25, 150))
    assert pos == ChartPosition(View.BACK, 0.25, 0.75)
    assert v.point(pos) == (25, 150)


# --- derivation -----------------------------------------------------------------------------


def test_midpoint_along_toward() -> None:
    assert midpoint((0, 0), (10, 4)) == (5, 2)
    assert along((0, 0), (10, 20), 0.25) == (2.5, 5)
    assert toward((0, 0), (3, 4), 10) == pytest.approx((6, 8))
    with pytest.raises(ValueError, match="coincide"):
        toward((1, 1), (1, 1), 2)


def test_cun_scale_is_the_span_over_its_cun() -> None:
    # the medial borders of the scapulae, 84 units apart, are 6 B-cun
    assert units_per_cun((158, 223), (242, 223), 6) == pytest.approx(14)
    with pytest.raises(ValueError, match="positive"):
        units_per_cun((0, 0), (1, 0), 0)


def test_lateral_goes_toward_the_patients_left_on_each_view() -> None:
    assert patient_left_sign(View.FRONT) == 1
    assert patient_left_sign(View.BACK) == -1
    # BL13: 1.5 cun lateral to T3 at 14 units per cun
    assert lateral(View.BACK, (200, 223), 1.5, 14) == (179, 223)
    assert lateral(View.FRONT, (200, 300), 4, 13.5) == (254, 300)


def test_offset_with_separate_vertical_scale() -> None:
    p = offset(View.FRONT, (200, 400), lateral=2, down=-3, scale=10, vscale=12)
    assert p == (220, 364)
    assert offset(View.BACK, (200, 100), lateral=-1, down=1, scale=5) == (205, 105)


def test_mirroring_and_sides() -> None:
    left_back = ChartPosition(View.BACK, 0.3, 0.4)
    (right_back,) = mirrored((left_back,))
    assert right_back == ChartPosition(View.BACK, 0.7, 0.4)
    assert side_at(View.BACK, left_back.x) == "left"
    assert side_at(View.BACK, right_back.x) == "right"
    assert side_at(View.FRONT, 0.7) == "left"
    assert side_at(View.FRONT, 0.5) == "midline"
    assert mirrored((ChartPosition(View.FRONT, 0.5, 0.1),)) == (
        ChartPosition(View.FRONT, 0.5, 0.1),
    )
