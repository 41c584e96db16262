"""Protocols: validation, plan conversion, applying, and marker toggling."""

from __future__ import annotations

import pytest

from planner.domain.errors import ValidationError
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.protocol import (
    PlannedTarget,
    Protocol,
    allowed_sides,
    apply_protocol,
    default_side,
    merge_targets,
    plan_targets,
    protocol_problems,
    toggle_side,
    validate_protocol,
    with_targets,
)
from planner.domain.vocab import Side, Technique

L, R, B, M = Side.LEFT, Side.RIGHT, Side.BOTH, Side.MIDLINE


def test_plan_round_trip() -> None:
    plan = Plan(
        acupoints=(AcupointTarget("GB21", R, retention_minutes=20, notes="shallow"),),
        trigger_points=(TriggerPointTarget("levator-scapulae", L),),
    )
    targets = plan_targets(plan)
    assert targets == (
        PlannedTarget("GB21", R, retention_minutes=20, notes="shallow"),
        PlannedTarget("TP:levator-scapulae", L),
    )
    assert with_targets(Plan(), targets) == plan


@pytest.mark.parametrize(
    ("target", "side", "sides"),
    [
        ("GV14", M, (M, B)),
        ("CV17", M, (M, B)),
        ("GB21", B, (L, R, B)),
        ("TP:rhomboids", B, (L, R, B)),
    ],
)
def test_sides(target: str, side: Side, sides: tuple[Side, ...]) -> None:
    assert default_side(target) is side
    assert allowed_sides(target) == sides


@pytest.mark.parametrize(
    ("before", "click", "after"),
    [
        ((), ("GB21", R), (("GB21", R),)),
        ((("GB21", R),), ("GB21", R), ()),
        ((("GB21", R),), ("GB21", L), (("GB21", B),)),
        ((("GB21", B),), ("GB21", R), (("GB21", L),)),
        ((), ("GV14", M), (("GV14", M),)),
        ((("GV14", M),), ("GV14", M), ()),
    ],
)
def test_toggle_side(
    before: tuple[tuple[str, Side], ...],
    click: tuple[str, Side],
    after: tuple[tuple[str, Side], ...],
) -> None:
    targets = tuple(PlannedTarget(t, s) for t, s in before)
    result = toggle_side(targets, *click)
    assert [(t.target, t.side) for t in result] == list(after)


def test_merge_skips_duplicates_but_adds_the_other_side() -> None:
    current = (PlannedTarget("GB21", R), PlannedTarget("SI3", B))
    added = (PlannedTarget("GB21", R), PlannedTarget("GB21", L), PlannedTarget("SI3", L))
    merged = merge_targets(current, added)
    assert [(t.target, t.side) for t in merged] == [("GB21", R), ("SI3", B), ("GB21", L)]


def test_apply_protocol_turns_electro_on_for_electro_targets() -> None:
    protocol = Protocol("E", (PlannedTarget("LI4", B, Technique.ELECTRO),))
    plan = apply_protocol(Plan(acupoints=(AcupointTarget("GB21", R),)), protocol)
    assert plan.electro
    assert [a.code for a in plan.acupoints] == ["GB21", "LI4"]


@pytest.mark.parametrize(
    ("protocol", "field"),
    [
        (Protocol("  ", (PlannedTarget("SI3"),)), "protocol.name"),
        (Protocol("x" * 101, (PlannedTarget("SI3"),)), "protocol.name"),
        (Protocol("Empty"), "protocol.targets"),
        (
            Protocol("Bad code", (PlannedTarget("SI3"), PlannedTarget("gb21"))),
            "protocol.targets[1].target",
        ),
        (Protocol("Midline", (PlannedTarget("GV14", L),)), "protocol.targets[0].side"),
        (
            Protocol("Twice", (PlannedTarget("GB21", B), PlannedTarget("GB21", R))),
            "protocol.targets[1]",
        ),
        (
            Protocol("Retention", (PlannedTarget("TP:rhomboids", retention_minutes=10),)),
            "protocol.targets[0].retention_minutes",
        ),
        (Protocol("Unknown", (PlannedTarget("TP:nope"),)), "protocol.targets[0].target"),
    ],
)
def test_protocol_problems_name_the_field(protocol: Protocol, field: str) -> None:
    fields = [p.field for p in protocol_problems(protocol, known_target=lambda t: t != "TP:nope")]
    assert field in fields


def test_validate_tidies_the_name() -> None:
    p = validate_protocol(Protocol("  Neck   basic ", (PlannedTarget("SI3"),)))
    assert p.name == "Neck basic"
    with pytest.raises(ValidationError):
        validate_protocol(Protocol("", ()))
