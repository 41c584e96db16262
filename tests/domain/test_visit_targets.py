"""A new visit prefilled from the plan: the plan's targets as a visit records them."""

from __future__ import annotations

from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.visit import Visit, VisitTarget, validate_visit, visit_targets_from_plan
from planner.domain.vocab import Side
from tests.domain.handout.test_content import TODAY


def test_points_then_muscles_in_plan_order() -> None:
    plan = Plan(
        acupoints=(AcupointTarget("GB21", Side.RIGHT), AcupointTarget("SI3", Side.BOTH)),
        trigger_points=(TriggerPointTarget("levator-scapulae", Side.LEFT),),
    )
    assert visit_targets_from_plan(plan) == (
        VisitTarget("GB21", Side.RIGHT),
        VisitTarget("SI3", Side.BOTH),
        VisitTarget("TP:levator-scapulae", Side.LEFT),
    )


def test_each_target_and_side_once() -> None:
    plan = Plan(
        acupoints=(
            AcupointTarget("GB21", Side.RIGHT),
            AcupointTarget("GB21", Side.RIGHT),
            AcupointTarget("GB21", Side.LEFT),
        )
    )
    assert visit_targets_from_plan(plan) == (
        VisitTarget("GB21", Side.RIGHT),
        VisitTarget("GB21", Side.LEFT),
    )


def test_sides_are_side_members_and_the_visit_is_valid() -> None:
    plan = Plan(
        acupoints=(AcupointTarget("GV14", "midline"),),  # type: ignore[arg-type]
        trigger_points=(TriggerPointTarget("upper-trapezius", "both"),),  # type: ignore[arg-type]
    )
    targets = visit_targets_from_plan(plan)
    assert [type(t.side) for t in targets] == [Side, Side]
    validate_visit(Visit(date=TODAY, targets=targets), today=TODAY)


def test_an_empty_plan_has_no_targets() -> None:
    assert visit_targets_from_plan(Plan()) == ()
