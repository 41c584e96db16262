"""The exercise figure: one articulated body, posed by joint angles, seen from a side.

A `Pose` is a view and joint angles in degrees; `body(pose)` runs forward kinematics over
the `Skeleton` (lengths in body heights: a standing figure is 1 tall) and gives the joints
and the limbs as capsules in 3D, standing on the floor (y = 0). World axes: x toward the
patient's left, y up, z forward. A scene (planner.domain.figure_scene: a start and an end
pose, the arrows of the movement, a prop) becomes the drawing primitives both renderers
(PDF and Qt) draw in planner.domain.figure_draw, so the two always match.

Leg angles are taken from the vertical, not from the pelvis, so that leaning the trunk
(`lean`) never swings the legs: a pose reads as "trunk like this, legs like that".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from planner.domain.figure_geometry import (
    Mat3,
    Vec3,
    add,
    chain,
    place,
    rot_x,
    rot_y,
    rot_z,
)


class FigureView(StrEnum):
    SIDE = "side"  # the patient's right side; they face the viewer's right
    FRONT = "front"  # the patient's left on the viewer's right
    BACK = "back"  # the patient's left on the viewer's left


SIDES = ("left", "right")

# Each angle's name and allowed range in degrees (0 is standing at ease, arms by the sides).
# Signs: flexion forward, side bends and rotations toward the patient's left.
TRUNK_ANGLES: Mapping[str, tuple[float, float]] = {
    "lean": (-30, 95),  # the whole trunk tips forward over the hips
    "lumbar_flexion": (-30, 60),
    "lumbar_side_bend": (-35, 35),
    "lumbar_rotation": (-45, 45),
    "thoracic_flexion": (-35, 50),
    "thoracic_side_bend": (-35, 35),
    "thoracic_rotation": (-50, 50),
    "neck_flexion": (-60, 60),  # at the base of the neck
    "neck_side_bend": (-50, 50),  # ear toward the left shoulder
    "neck_rotation": (-85, 85),  # chin toward the left shoulder
    "head_flexion": (-45, 40),  # a nod at the top of the neck
}
LIMB_ANGLES: Mapping[str, tuple[float, float]] = {  # per side: name, name_left, name_right
    "shoulder_elevation": (-15, 40),  # the shoulder girdle: up (shrug) or down
    "shoulder_protraction": (-30, 30),  # forward; negative draws the shoulder blade back
    "shoulder_flexion": (-60, 180),  # the arm forward and up
    "shoulder_abduction": (-10, 180),  # the arm out to the side and up
    "shoulder_horizontal": (-60, 140),  # a raised arm swung forward (+) or back (-)
    "shoulder_rotation": (-90, 90),  # external (+) and internal (-)
    "elbow_flexion": (0, 150),
    "forearm_pronation": (-30, 180),  # 0 is palm forward; 90 palm to the side of the body
    "wrist_extension": (-80, 80),
    "hip_flexion": (-30, 125),  # the thigh forward from the vertical
    "hip_abduction": (-20, 45),
    "knee_flexion": (0, 150),
    "ankle_dorsiflexion": (-45, 30),
}
ANGLES: Mapping[str, tuple[float, float]] = {
    **TRUNK_ANGLES,
    **{
        f"{name}{suffix}": r
        for name, r in LIMB_ANGLES.items()
        for suffix in ("", "_left", "_right")
    },
}


@dataclass(frozen=True)
class Skeleton:
    """Segment lengths and radii in body heights (upright standing height is 1)."""

    shin: float = 0.24
    thigh: float = 0.245
    pelvis: float = 0.10  # hip joints to the waist joint
    lumbar: float = 0.09  # waist to the mid-chest joint
    thorax: float = 0.11  # mid-chest to the base of the neck
    neck: float = 0.07
    clavicle: float = 0.1  # the midline to the shoulder joint
    upper_arm: float = 0.186
    forearm: float = 0.146
    hand: float = 0.072
    hip_width: float = 0.05  # the midline to a hip joint
    head_radius: float = 0.056
    jaw_radius: float = 0.031


SKELETON = Skeleton()
# The visible limbs: (name, group, from joint, radius there, to joint, radius there).
LIMBS: tuple[tuple[str, str, str, float, str, float], ...] = (
    ("thigh", "leg", "hip", 0.058, "knee", 0.041),
    ("shin", "leg", "knee", 0.04, "ankle", 0.026),
    ("foot", "leg", "heel", 0.023, "toe", 0.015),
    ("upper-arm", "arm", "shoulder", 0.036, "elbow", 0.028),
    ("forearm", "arm", "elbow", 0.027, "wrist", 0.019),
    ("hand", "arm", "wrist", 0.02, "hand", 0.016),
)
# Torso cross-sections: (frame, height in it, half width, half depth, forward offset).
SECTIONS: tuple[tuple[str, float, float, float, float], ...] = (
    ("pelvis", -0.045, 0.085, 0.058, 0.0),
    ("pelvis", 0.025, 0.1, 0.085, -0.01),
    ("pelvis", 0.085, 0.085, 0.075, 0.0),
    ("waist", 0.04, 0.082, 0.078, 0.008),
    ("chest", 0.0, 0.09, 0.088, 0.014),
    ("chest", 0.055, 0.097, 0.095, 0.016),
    ("chest", 0.095, 0.087, 0.075, 0.0),
    ("chest", 0.115, 0.04, 0.045, -0.012),
)
# The left shoulder blade's outline in the shoulder girdle's frame (on the back, so that
# drawing the shoulders back and down moves it toward the spine and down).
SCAPULA: tuple[Vec3, ...] = (
    (0.042, 0.0, -0.064),
    (0.045, -0.06, -0.072),
    (0.058, -0.128, -0.07),
    (0.09, -0.075, -0.06),
    (0.104, -0.022, -0.048),
    (0.076, -0.002, -0.06),
)
POINTS: tuple[str, ...] = (
    "pelvis",
    "waist",
    "chest",
    "sternum",
    "neck-base",
    "atlas",
    "crown",
    "forehead",
    "chin",
    "occiput",
    "gaze",  # a hand's breadth in front of the face: where a turning head points
    *(
        f"{joint}-{side}"
        for joint in (
            "scapula",
            "shoulder",
            "elbow",
            "wrist",
            "hand",
            "hip",
            "knee",
            "ankle",
            "heel",
            "toe",
        )
        for side in SIDES
    ),
)


@dataclass(frozen=True)
class Pose:
    """A view and joint angles in degrees (unnamed angles are 0); `forward` moves the whole
    figure forward (body heights), as a step through a doorway does."""

    view: FigureView
    angles: tuple[tuple[str, float], ...] = ()
    forward: float = 0.0

    @classmethod
    def of(cls, view: FigureView | str, angles: Mapping[str, float], forward: float = 0.0) -> Pose:
        return cls(FigureView(view), tuple(sorted(angles.items())), forward)

    @cached_property
    def _values(self) -> dict[str, float]:
        return dict(self.angles)

    def angle(self, name: str, side: str | None = None) -> float:
        """The named angle; with a side, `name_side` if the pose gives it, else `name`."""
        values = self._values
        if side is not None and f"{name}_{side}" in values:
            return values[f"{name}_{side}"]
        return values.get(name, 0.0)


@dataclass(frozen=True)
class Capsule:
    group: str  # "core", "arm-left", "leg-right", ...
    a: Vec3
    ra: float
    b: Vec3
    rb: float


@dataclass(frozen=True)
class Section:
    """A torso cross-section: an ellipse across the trunk's frame at `center`."""

    center: Vec3
    frame: Mat3  # columns: across (to the left), up the spine, forward
    half_width: float
    half_depth: float


@dataclass(frozen=True)
class Body:
    """A posed figure: its named points and what is drawn, standing on y = 0.

    details are closed curves on the back (the shoulder blades), drawn in the back view."""

    points: Mapping[str, Vec3]
    capsules: tuple[Capsule, ...]
    sections: tuple[Section, ...]
    head: Capsule  # the cranium and the jaw
    details: tuple[tuple[Vec3, ...], ...] = ()


def bend(flexion: float, side_bend: float, rotation: float) -> Mat3:
    """Flexion forward, then a side bend toward the left, then a turn to the left."""
    return chain(rot_y(rotation), rot_z(-side_bend), rot_x(flexion))


def body(pose: Pose, sk: Skeleton = SKELETON) -> Body:
    """Forward kinematics: the figure in `pose`, grounded on the floor."""
    a = pose.angle
    pts: dict[str, Vec3] = {"pelvis": (0.0, 0.0, 0.0)}
    frames: dict[str, tuple[Vec3, Mat3]] = {}
    r_pelvis = bend(a("lean"), 0.0, 0.0)
    frames["pelvis"] = (pts["pelvis"], r_pelvis)
    pts["waist"] = place(pts["pelvis"], r_pelvis, (0.0, sk.pelvis, 0.0))
    r_waist = chain(
        r_pelvis, bend(a("lumbar_flexion"), a("lumbar_side_bend"), a("lumbar_rotation"))
    )
    frames["waist"] = (pts["waist"], r_waist)
    pts["chest"] = place(pts["waist"], r_waist, (0.0, sk.lumbar, 0.0))
    r_chest = chain(
        r_waist, bend(a("thoracic_flexion"), a("thoracic_side_bend"), a("thoracic_rotation"))
    )
    frames["chest"] = (pts["chest"], r_chest)
    pts["sternum"] = place(pts["chest"], r_chest, (0.0, 0.06, 0.085))
    pts["neck-base"] = place(pts["chest"], r_chest, (0.0, sk.thorax, -0.012))
    r_neck = chain(r_chest, bend(a("neck_flexion"), a("neck_side_bend"), 0.0))
    pts["atlas"] = place(pts["neck-base"], r_neck, (0.0, sk.neck, 0.006))
    r_head = chain(r_neck, rot_y(a("neck_rotation")), rot_x(a("head_flexion")))
    cranium = place(pts["atlas"], r_head, (0.0, 0.036, 0.0))
    jaw = place(pts["atlas"], r_head, (0.0, -0.016, 0.05))
    pts["crown"] = place(cranium, r_head, (0.0, sk.head_radius, 0.0))
    pts["forehead"] = place(cranium, r_head, (0.0, 0.012, sk.head_radius))
    pts["occiput"] = place(cranium, r_head, (0.0, -0.01, -sk.head_radius))
    pts["chin"] = place(jaw, r_head, (0.0, -0.4 * sk.jaw_radius, 0.9 * sk.jaw_radius))
    pts["gaze"] = place(cranium, r_head, (0.0, 0.0, 0.16))
    caps: list[Capsule] = [Capsule("core", pts["neck-base"], 0.03, pts["atlas"], 0.028)]
    scapulae: list[tuple[Vec3, ...]] = []
    for side, s in (("left", 1.0), ("right", -1.0)):
        _arm(pose, sk, side, s, pts, r_chest, caps, scapulae)
        _leg(pose, sk, side, s, pts)
    sections = tuple(
        Section(
            place(frames[f][0], frames[f][1], (0.0, y, dz)),
            frames[f][1],
            hw,
            hd,
        )
        for f, y, hw, hd, dz in SECTIONS
    )
    limbs = [
        Capsule(f"{group}-{side}", pts[f"{j1}-{side}"], r1, pts[f"{j2}-{side}"], r2)
        for _, group, j1, r1, j2, r2 in LIMBS
        for side in SIDES
    ]
    head = Capsule("core", cranium, sk.head_radius, jaw, sk.jaw_radius)
    return _grounded(pose, Body(pts, (*caps, *limbs), sections, head, tuple(scapulae)))


def _arm(
    pose: Pose,
    sk: Skeleton,
    side: str,
    s: float,
    pts: dict[str, Vec3],
    r_chest: Mat3,
    caps: list[Capsule],
    scapulae: list[tuple[Vec3, ...]],
) -> None:
    def a(name: str) -> float:
        return pose.angle(name, side)

    girdle = place(pts["chest"], r_chest, (0.0, 0.098, -0.012))
    r_girdle = chain(
        r_chest, rot_y(-s * a("shoulder_protraction")), rot_z(s * a("shoulder_elevation"))
    )
    shoulder = place(girdle, r_girdle, (s * sk.clavicle, -0.004, 0.0))
    # The arm hangs from the chest's frame, whatever the girdle does.
    r_arm = chain(
        r_chest,
        rot_y(-s * a("shoulder_horizontal")),
        rot_x(-a("shoulder_flexion")),
        rot_z(s * a("shoulder_abduction")),
        rot_y(s * a("shoulder_rotation")),
    )
    elbow = place(shoulder, r_arm, (0.0, -sk.upper_arm, 0.0))
    r_forearm = chain(r_arm, rot_x(-a("elbow_flexion")), rot_y(-s * a("forearm_pronation")))
    wrist = place(elbow, r_forearm, (0.0, -sk.forearm, 0.0))
    r_hand = chain(r_forearm, rot_x(a("wrist_extension")))
    pts[f"shoulder-{side}"] = shoulder
    pts[f"elbow-{side}"] = elbow
    pts[f"wrist-{side}"] = wrist
    pts[f"hand-{side}"] = place(wrist, r_hand, (0.0, -sk.hand, 0.0))
    # The blade glides around the ribs: half the girdle's turn moves it as far as it goes.
    r_blade = chain(
        r_chest, rot_y(-s * a("shoulder_protraction") / 2), rot_z(s * a("shoulder_elevation"))
    )
    blade = tuple(place(girdle, r_blade, (s * x, y, z)) for x, y, z in SCAPULA)
    scapulae.append(blade)
    pts[f"scapula-{side}"] = _centroid(blade)
    # The top of the shoulder: from the base of the neck out to the joint.
    root = place(pts["chest"], r_chest, (s * 0.01, 0.124, -0.012))
    caps.append(Capsule("core", root, 0.028, shoulder, 0.036))


def _centroid(points: tuple[Vec3, ...]) -> Vec3:
    n = len(points)
    return (
        sum(p[0] for p in points) / n,
        sum(p[1] for p in points) / n,
        sum(p[2] for p in points) / n,
    )


def _leg(pose: Pose, sk: Skeleton, side: str, s: float, pts: dict[str, Vec3]) -> None:
    def a(name: str) -> float:
        return pose.angle(name, side)

    hip = add(pts["pelvis"], (s * sk.hip_width, 0.0, 0.0))
    r_thigh = chain(rot_x(-a("hip_flexion")), rot_z(s * a("hip_abduction")))
    knee = place(hip, r_thigh, (0.0, -sk.thigh, 0.0))
    r_shin = chain(r_thigh, rot_x(a("knee_flexion")))
    ankle = place(knee, r_shin, (0.0, -sk.shin, 0.0))
    r_foot = chain(r_shin, rot_x(-a("ankle_dorsiflexion")))
    pts[f"hip-{side}"] = hip
    pts[f"knee-{side}"] = knee
    pts[f"ankle-{side}"] = ankle
    pts[f"heel-{side}"] = place(ankle, r_foot, (0.0, -0.024, -0.02))
    pts[f"toe-{side}"] = place(ankle, r_foot, (0.0, -0.033, 0.115))


def _grounded(pose: Pose, b: Body) -> Body:
    """Moved so that the lowest part touches the floor, and `forward` along z."""
    low = min(min(c.a[1] - c.ra, c.b[1] - c.rb) for c in b.capsules if c.group.startswith("leg"))
    low = min(low, *(s.center[1] - s.half_depth for s in b.sections))
    shift: Vec3 = (0.0, -low, pose.forward)

    def moved(p: Vec3) -> Vec3:
        return add(p, shift)

    return Body(
        {name: moved(p) for name, p in b.points.items()},
        tuple(Capsule(c.group, moved(c.a), c.ra, moved(c.b), c.rb) for c in b.capsules),
        tuple(Section(moved(s.center), s.frame, s.half_width, s.half_depth) for s in b.sections),
        Capsule("core", moved(b.head.a), b.head.ra, moved(b.head.b), b.head.rb),
        tuple(tuple(moved(p) for p in d) for d in b.details),
    )


def project(view: FigureView, p: Vec3) -> tuple[float, float]:
    """A world point on the view's plane: (to the viewer's right, up)."""
    if view is FigureView.SIDE:
        return (p[2], p[1])
    if view is FigureView.FRONT:
        return (p[0], p[1])
    return (-p[0], p[1])


def depth(view: FigureView, p: Vec3) -> float:
    """How near the viewer a point is (larger: nearer)."""
    if view is FigureView.SIDE:
        return -p[0]
    return p[2] if view is FigureView.FRONT else -p[2]
