"""The exercise figure: kinematics, the scene's primitives and the shipped scenes' geometry."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator

import pytest

from planner.catalog.figures import load_figures
from planner.domain.bodychart_paths import Cubic, SubPath, cubic_point
from planner.domain.figure import (
    ANGLES,
    POINTS,
    SKELETON,
    Body,
    FigureView,
    Pose,
    body,
    project,
)
from planner.domain.figure_draw import LINE, Role, draw_scene
from planner.domain.figure_scene import Arrow, ArrowKind, Prop, PropKind, Scene

SHIPPED = load_figures()
SEGMENTS = [
    ("shoulder", "elbow", SKELETON.upper_arm),
    ("elbow", "wrist", SKELETON.forearm),
    ("wrist", "hand", SKELETON.hand),
    ("hip", "knee", SKELETON.thigh),
    ("knee", "ankle", SKELETON.shin),
]


def close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1e-6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def standing(**angles: float) -> Body:
    return body(Pose.of("front", angles))


def random_poses(n: int) -> Iterator[Pose]:
    rnd = random.Random(15)
    for _ in range(n):
        angles = {k: rnd.uniform(*ANGLES[k]) for k in rnd.sample(sorted(ANGLES), 12)}
        yield Pose.of(rnd.choice(list(FigureView)), angles, rnd.uniform(-0.2, 0.2))


def shipped_poses() -> Iterator[Pose]:
    for scene in SHIPPED.values():
        yield scene.start
        yield scene.end


# --- kinematics ------------------------------------------------------------------------------


@pytest.mark.parametrize("pose", [*shipped_poses(), *random_poses(40)])
def test_every_pose_keeps_its_segment_lengths(pose: Pose) -> None:
    b = body(pose)
    for side in ("left", "right"):
        for a, z, length in SEGMENTS:
            assert math.dist(b.points[f"{a}-{side}"], b.points[f"{z}-{side}"]) == pytest.approx(
                length
            )
    assert math.dist(b.points["pelvis"], b.points["waist"]) == pytest.approx(SKELETON.pelvis)
    assert math.dist(b.points["waist"], b.points["chest"]) == pytest.approx(SKELETON.lumbar)


@pytest.mark.parametrize("pose", [*shipped_poses(), *random_poses(20)])
def test_every_pose_stands_on_the_floor(pose: Pose) -> None:
    b = body(pose)
    feet = [c for c in b.capsules if c.group.startswith("leg")]
    lowest = min(min(c.a[1] - c.ra, c.b[1] - c.rb) for c in feet)
    assert lowest >= -1e-9
    assert lowest < 1e-9 or min(s.center[1] - s.half_depth for s in b.sections) < 1e-9


def test_standing_at_ease_is_one_body_height_tall_and_symmetric() -> None:
    b = standing()
    assert b.points["crown"][1] == pytest.approx(1.0, abs=0.01)
    assert b.points["shoulder-left"][0] == pytest.approx(SKELETON.clavicle)
    assert b.points["shoulder-right"][0] == pytest.approx(-SKELETON.clavicle)
    for name in ("elbow", "wrist", "knee", "ankle"):
        left, right = b.points[f"{name}-left"], b.points[f"{name}-right"]
        assert close(left, (-right[0], right[1], right[2]))
    # The arms hang straight down from the shoulders.
    s, w = b.points["shoulder-left"], b.points["wrist-left"]
    assert close((w[0], w[2]), (s[0], s[2]))
    assert s[1] - w[1] == pytest.approx(SKELETON.upper_arm + SKELETON.forearm)


def test_known_arm_angles_put_the_joints_where_they_should_be() -> None:
    ahead = standing(shoulder_flexion=90)  # both arms straight out in front
    s, w = ahead.points["shoulder-left"], ahead.points["wrist-left"]
    assert close(w, (s[0], s[1], s[2] + SKELETON.upper_arm + SKELETON.forearm))
    out = standing(shoulder_abduction_left=90)  # the left arm only, out to the left
    s, e = out.points["shoulder-left"], out.points["elbow-left"]
    assert close(e, (s[0] + SKELETON.upper_arm, s[1], s[2]))
    assert out.points["elbow-right"][0] == pytest.approx(standing().points["elbow-right"][0])
    bent = standing(elbow_flexion=90)  # forearms forward from hanging upper arms
    e, w = bent.points["elbow-right"], bent.points["wrist-right"]
    assert close(w, (e[0], e[1], e[2] + SKELETON.forearm))
    goal_post = standing(shoulder_abduction=90, shoulder_rotation=90, elbow_flexion=90)
    e, w = goal_post.points["elbow-right"], goal_post.points["wrist-right"]
    assert close(w, (e[0], e[1] + SKELETON.forearm, e[2]))


def test_sitting_puts_the_thighs_level_and_the_shins_upright() -> None:
    b = standing(hip_flexion=90, knee_flexion=90)
    hip, knee, ankle = (b.points[f"{j}-left"] for j in ("hip", "knee", "ankle"))
    assert close(knee, (hip[0], hip[1], hip[2] + SKELETON.thigh))
    assert close(ankle, (knee[0], knee[1] - SKELETON.shin, knee[2]))


def test_the_head_bends_and_turns_the_way_its_angles_say() -> None:
    at_ease = standing()
    left = standing(neck_side_bend=30)
    assert left.points["crown"][0] > at_ease.points["crown"][0] + 0.02  # toward the left
    turned = standing(neck_rotation=90)
    gaze, cranium = turned.points["gaze"], turned.head.a
    assert gaze[0] - cranium[0] == pytest.approx(0.16)  # facing the patient's left
    down = standing(neck_flexion=40)
    assert down.points["chin"][1] < at_ease.points["chin"][1]
    tucked = body(Pose.of("side", {"neck_flexion": 30, "head_flexion": -30}))
    assert tucked.points["chin"][2] > at_ease.points["chin"][2]  # poked forward


def test_leaning_tips_the_trunk_but_not_the_legs() -> None:
    lean = standing(lean=40)
    at_ease = standing()
    assert lean.points["neck-base"][2] > at_ease.points["neck-base"][2] + 0.15
    assert close(lean.points["knee-left"], at_ease.points["knee-left"])


def test_each_view_projects_its_own_plane() -> None:
    p = (0.1, 0.5, 0.2)
    assert project(FigureView.SIDE, p) == (0.2, 0.5)
    assert project(FigureView.FRONT, p) == (0.1, 0.5)
    assert project(FigureView.BACK, p) == (-0.1, 0.5)


def test_a_side_named_angle_overrides_the_angle_for_both_sides() -> None:
    pose = Pose.of("front", {"elbow_flexion": 30, "elbow_flexion_right": 90})
    assert pose.angle("elbow_flexion", "left") == 30
    assert pose.angle("elbow_flexion", "right") == 90
    assert pose.angle("knee_flexion", "left") == 0


def test_a_scene_is_seen_from_one_side() -> None:
    with pytest.raises(ValueError, match="same side"):
        Scene(Pose.of("side", {}), Pose.of("front", {"neck_flexion": 10}), ())


# --- the drawing -----------------------------------------------------------------------------


def control_points(sp: SubPath) -> Iterator[tuple[float, float]]:
    yield sp.start
    for seg in sp.segments:
        if isinstance(seg, Cubic):
            yield seg.c1
            yield seg.c2
        yield seg.end


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_a_shipped_scene_starts_and_ends_differently(ident: str) -> None:
    scene = SHIPPED[ident]
    assert scene.start != scene.end
    picture = draw_scene(scene)
    ghost = [p.path for p in picture.primitives if p.role is Role.GHOST]
    figure = [p.path for p in picture.primitives if p.role is Role.FIGURE]
    assert ghost
    assert ghost != figure


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_a_shipped_scene_fits_the_unit_box(ident: str) -> None:
    scene = SHIPPED[ident]
    picture = draw_scene(scene)
    points = [
        p for prim in picture.primitives for sp in prim.path.subpaths for p in control_points(sp)
    ]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) >= 0
    assert max(xs) <= 1
    assert min(ys) >= 0
    if scene.crop is None:
        assert max(ys) <= 1
        assert not picture.clip
    else:  # cut off at the bottom edge, and clipped there
        assert picture.clip
        assert max(ys) > 1


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_a_shipped_arrow_runs_between_its_points_positions(ident: str) -> None:
    scene = SHIPPED[ident]
    picture = draw_scene(scene)
    start, end = body(scene.start), body(scene.end)
    assert len(picture.arrows) == len(scene.arrows)
    for arrow, (tail, tip) in zip(scene.arrows, picture.arrows, strict=True):
        ex, ey = project(scene.view, end.points[arrow.point])
        ox, oy = arrow.offset
        if arrow.kind is ArrowKind.PRESS:
            sx, sy = ex - arrow.push[0], ey - arrow.push[1]
        else:
            sx, sy = project(scene.view, start.points[arrow.point])
        assert close(tail, picture.fit.apply((sx + ox, sy + oy)))
        assert close(tip, picture.fit.apply((ex + ox, ey + oy)))


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_no_shipped_arm_passes_through_the_trunk(ident: str) -> None:
    scene = SHIPPED[ident]
    for pose in (scene.start, scene.end):
        b = body(pose)
        for side in ("left", "right"):
            for joint in ("elbow", "wrist", "hand"):
                assert inside_trunk(b, b.points[f"{joint}-{side}"]) is False, (pose, joint)


def inside_trunk(b: Body, p: tuple[float, float, float]) -> bool:
    """Inside one of the trunk's cross-section ellipses (from the waist up), near its level."""
    for s in b.sections[2:]:
        d = [p[i] - s.center[i] for i in range(3)]
        across, up, ahead = (sum(s.frame[r][k] * d[r] for r in range(3)) for k in range(3))
        if abs(up) < 0.03 and (across / s.half_width) ** 2 + (ahead / s.half_depth) ** 2 < 1:
            return True
    return False


def test_the_primitives_come_prop_first_then_start_then_end_then_arrows() -> None:
    order = [Role.PROP, Role.GHOST, Role.FIGURE, Role.ARROW]
    for scene in SHIPPED.values():
        roles = [p.role for p in draw_scene(scene).primitives]
        assert roles == sorted(roles, key=order.index)
        assert roles[-1] is Role.ARROW


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_every_outline_is_one_line_width_wide_all_round(ident: str) -> None:
    """Each part is drawn as its edge (grown by the line width, in ink) then its fill: the
    same width in every scene, whatever the figure's scale."""
    prims = [p for p in draw_scene(SHIPPED[ident]).primitives if p.role is Role.FIGURE]
    pairs = [(e, f) for e, f in itertools.pairwise(prims) if e.paint.fill == "#2b3138"]
    assert pairs
    for edge, fill in pairs:
        assert fill.paint.fill == "#ffffff"
        assert len(edge.path.subpaths) == len(fill.path.subpaths)
        for grown, shape in zip(edge.path.subpaths, fill.path.subpaths, strict=True):
            (gx0, gy0, gx1, gy1), (x0, y0, x1, y1) = extent(grown), extent(shape)
            for wider in (x0 - gx0, y0 - gy0, gx1 - x1, gy1 - y1):
                assert wider == pytest.approx(LINE, rel=0.2)


def extent(sp: SubPath) -> tuple[float, float, float, float]:
    points = [
        cubic_point(s, t / 32) if isinstance(s, Cubic) else s.end
        for s in sp.segments
        for t in range(33)
    ]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_a_prop_is_placed_from_the_pose() -> None:
    sitting = Pose.of("side", {"hip_flexion": 90, "knee_flexion": 90})
    upright = Pose.of("side", {"hip_flexion": 90, "knee_flexion": 90, "neck_flexion": 20})
    arrow = (Arrow("chin"),)
    with_chair = draw_scene(Scene(sitting, upright, arrow, Prop(PropKind.CHAIR)))
    without = draw_scene(Scene(sitting, upright, arrow))
    chair = [p for p in with_chair.primitives if p.role is Role.PROP]
    assert len(chair) == 5  # back, two legs, seat, and the floor line
    assert len([p for p in without.primitives if p.role is Role.PROP]) == 1  # the floor
    # The seat lies under the thighs: its top edge at the thigh's underside.
    b = body(upright)
    seat_top = b.points["hip-right"][1] - 0.058
    seat = chair[3]
    top = min(y for sp in seat.path.subpaths for _, y in control_points(sp))
    assert top == pytest.approx(with_chair.fit.apply((0.0, seat_top))[1], abs=1e-3)


def test_a_back_view_draws_the_shoulder_blades_and_they_move() -> None:
    back = draw_scene(
        Scene(
            Pose.of("back", {"shoulder_protraction": 10}),
            Pose.of("back", {"shoulder_protraction": -25}),
            (Arrow("scapula-left"),),
        )
    )
    blades = [p for p in back.primitives if p.role is Role.FIGURE and p.paint.stroke]
    assert len(blades) == 1
    assert len(blades[0].path.subpaths) == 2
    front = draw_scene(
        Scene(Pose.of("front", {}), Pose.of("front", {"neck_flexion": 10}), (Arrow("chin"),))
    )
    assert not [p for p in front.primitives if p.role is Role.FIGURE and p.paint.stroke]


def test_every_point_an_arrow_may_name_is_computed() -> None:
    assert set(POINTS) <= set(standing().points)
