"""Where the treated targets lie, in a patient's words.

Each planned target gets a body area, a side, its chart positions and the chart regions to
shade; "What we did today" groups them by area and side, worded as a patient would say it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, Flag
from planner.domain.chart import ChartPosition, View
from planner.domain.handout.model import Area, AreaGroup, TreatedTarget
from planner.domain.plan import Plan
from planner.domain.vocab import Side

# Where each trigger-point muscle is needled (the catalog records where its pain refers to,
# not where it lies). A test keeps this in step with the catalog's trigger regions.
MUSCLE_AREAS: Mapping[str, Area] = {
    "upper-trapezius": Area.SHOULDER,
    "middle-trapezius": Area.UPPER_BACK,
    "lower-trapezius": Area.UPPER_BACK,
    "levator-scapulae": Area.NECK,
    "rhomboids": Area.UPPER_BACK,
    "splenius-capitis": Area.NECK,
    "splenius-cervicis": Area.NECK,
    "suboccipitals": Area.NECK,
    "semispinalis-capitis": Area.NECK,
    "sternocleidomastoid": Area.NECK,
    "scalenes": Area.NECK,
    "supraspinatus": Area.SHOULDER_BLADE,
    "infraspinatus": Area.SHOULDER_BLADE,
    "serratus-posterior-superior": Area.UPPER_BACK,
    "pectoralis-minor": Area.CHEST,
    "teres-major": Area.SHOULDER_BLADE,
    "teres-minor": Area.SHOULDER_BLADE,
}

# Neck points on the front of the neck (the catalog puts the whole neck in one region): by
# the windpipe, on the front edge of the neck muscle, and in the hollow above the collarbone.
FRONT_NECK_POINTS = frozenset({"CV22", "CV23", "ST9", "ST10", "ST11", "ST12", "LI17", "LI18"})

# (one side, both sides, midline) in plain words; "{side}" is "left" or "right".
_AREA_WORDS: Mapping[Area, tuple[str, str, str]] = {
    Area.HEAD: ("the {side} side of your head", "both sides of your head", "the top of your head"),
    Area.FACE: ("the {side} side of your face", "both sides of your face", "your face"),
    Area.NECK: (
        "the {side} side of your neck",
        "both sides of your neck",
        "the back of your neck",
    ),
    Area.FRONT_NECK: (
        "the front of your neck, on the {side}",
        "both sides of the front of your neck",
        "the front of your neck",
    ),
    Area.SHOULDER: (
        "the top of your {side} shoulder",
        "the top of both shoulders",
        "your shoulders",
    ),
    Area.SHOULDER_BLADE: (
        "your {side} shoulder blade",
        "both shoulder blades",
        "between your shoulder blades",
    ),
    Area.UPPER_BACK: (
        "the {side} side of your upper back",
        "both sides of your upper back",
        "the middle of your upper back",
    ),
    Area.CHEST: ("the {side} side of your chest", "both sides of your chest", "your chest"),
    Area.ARM: ("your {side} arm", "both arms", "your arms"),
    Area.HAND: ("your {side} hand", "both hands", "your hands"),
    Area.LOWER_BACK: (
        "the {side} side of your lower back",
        "both sides of your lower back",
        "the middle of your lower back",
    ),
    Area.BUTTOCK: ("your {side} buttock", "both buttocks", "your lower back"),
    Area.ABDOMEN: ("the {side} side of your belly", "your belly", "your belly"),
    Area.PERINEUM: ("your lower body", "your lower body", "your lower body"),
    Area.LEG: ("your {side} leg", "both legs", "your legs"),
    Area.FOOT: ("your {side} foot", "both feet", "your feet"),
}

# Order of the "What we did today" list: top of the body down, trunk before the limbs.
AREA_ORDER = tuple(Area)
_SIDE_ORDER = (Side.MIDLINE, Side.BOTH, Side.RIGHT, Side.LEFT)

# Body-chart regions (vocab.REGIONS) an area marks; sided ones take "-left"/"-right". The
# chart has no hand region, and shading a whole arm for a hand point would mislead.
_CHART_REGIONS: Mapping[Area, tuple[str, bool]] = {
    Area.HEAD: ("head", False),
    Area.FACE: ("head", False),
    Area.NECK: ("neck", True),
    Area.FRONT_NECK: ("neck", True),
    Area.SHOULDER: ("shoulder", True),
    Area.SHOULDER_BLADE: ("scapula", True),
    Area.UPPER_BACK: ("upper-back", True),
    Area.CHEST: ("chest", True),
    Area.ARM: ("arm", True),
    Area.LOWER_BACK: ("lower-back", False),
}

# The view a target is shown on when the chart has no position for it.
_FRONT_AREAS = frozenset({Area.FACE, Area.FRONT_NECK, Area.CHEST, Area.ABDOMEN})


def treated_targets(
    plan: Plan, catalog: Catalog, positions: Mapping[str, tuple[ChartPosition, ...]] | None
) -> tuple[TreatedTarget, ...]:
    out: list[TreatedTarget] = []
    for point in plan.acupoints:
        found = catalog.acupoint(point.code)
        side = Side(point.side)
        area = Area.FRONT_NECK if point.code in FRONT_NECK_POINTS else _point_area(found)
        base = positions.get(point.code) if positions is not None else None
        if base is None:
            base = found.positions if found is not None else ()
        out.append(
            _target(
                target_id=point.code,
                code=point.code,
                name=found.english if found is not None else point.code,
                kind="point",
                side=side,
                area=area,
                flags=catalog.target_flags(point.code) if found is not None else (),
                base=base,
            )
        )
    for tp in plan.trigger_points:
        region = catalog.trigger_region(tp.muscle)
        target_id = f"TP:{tp.muscle}"
        base = positions.get(target_id) if positions is not None else None
        if base is None:
            base = region.positions if region is not None else ()
        name = region.name if region is not None else tp.muscle.replace("-", " ").capitalize()
        out.append(
            _target(
                target_id=target_id,
                code=name.split(" (")[0].lower(),
                name=name,
                kind="muscle",
                side=Side(tp.side),
                area=_muscle_area(tp.muscle, getattr(region, "region", None)),
                flags=region.flags if region is not None else (),
                base=base,
            )
        )
    return tuple(out)


def _muscle_area(muscle: str, region: object) -> Area:
    """Our table first (it knows the shoulder blade), then the catalog's region, if any."""
    if muscle in MUSCLE_AREAS:
        return MUSCLE_AREAS[muscle]
    values = {a.value for a in Area}
    value = getattr(region, "value", None)
    return Area(value) if value in values else Area.UPPER_BACK


def _point_area(point: Acupoint | None) -> Area:
    if point is None or point.region is None:
        return Area.UPPER_BACK
    return Area(point.region.value)


def _target(
    *,
    target_id: str,
    code: str,
    name: str,
    kind: str,
    side: Side,
    area: Area,
    flags: tuple[Flag, ...],
    base: tuple[ChartPosition, ...],
) -> TreatedTarget:
    view = View.FRONT if area in _FRONT_AREAS else View.BACK
    if base and not any(p.view is view for p in base):
        view = base[0].view
    shown = [p for p in base if p.view is view]
    sided: list[ChartPosition] = []
    for p in shown:
        midline = abs(p.x - 0.5) < 1e-3
        if midline or side in (Side.LEFT, Side.MIDLINE):
            sided.append(p)
        elif side is Side.RIGHT:
            sided.append(p.mirrored())
        else:
            sided += [p, p.mirrored()]
    return TreatedTarget(
        id=target_id,
        code=code,
        name=name,
        kind=kind,
        side=side,
        area=area,
        flags=tuple(flags),
        positions=tuple(dict.fromkeys(sided)),
        view=view,
        chart_regions=_chart_regions(area, side),
    )


def _chart_regions(area: Area, side: Side) -> tuple[str, ...]:
    found = _CHART_REGIONS.get(area)
    if found is None:
        return ()
    name, sided = found
    if not sided:
        return (name,)
    if side in (Side.LEFT, Side.RIGHT):
        return (f"{name}-{side}",)
    return (f"{name}-left", f"{name}-right")


def area_words(area: Area, side: Side) -> str:
    one, both, midline = _AREA_WORDS[area]
    if side is Side.BOTH:
        return both
    if side is Side.MIDLINE:
        return midline
    return one.format(side=side.value)


def area_groups(targets: Sequence[TreatedTarget]) -> tuple[AreaGroup, ...]:
    grouped: dict[tuple[Area, Side], list[str]] = {}
    for t in targets:
        codes = grouped.setdefault((t.area, t.side), [])
        if t.code not in codes:
            codes.append(t.code)
    ordered = sorted(grouped, key=lambda k: (AREA_ORDER.index(k[0]), _SIDE_ORDER.index(k[1])))
    return tuple(
        AreaGroup(area, side, area_words(area, side), tuple(grouped[(area, side)]))
        for area, side in ordered
    )
