"""Trigger-point regions: muscles, referral zones and technique notes."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.vocab import REGIONS

REQUIRED = [
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
]


def test_at_least_16_regions_with_the_required_muscles(catalog: Catalog) -> None:
    muscles = {r.muscle for r in catalog.trigger_regions}
    assert len(muscles) >= 16
    assert set(REQUIRED) <= muscles
    assert muscles & {"teres-major", "teres-minor"}


def test_referral_zones_are_known_left_side_region_ids(catalog: Catalog) -> None:
    for region in catalog.trigger_regions:
        assert region.referral_regions, region.muscle
        for zone in region.referral_regions:
            assert zone in REGIONS, (region.muscle, zone)
            assert not zone.endswith("-right"), (region.muscle, zone)


def test_every_region_has_text_for_the_practitioner(catalog: Catalog) -> None:
    for r in catalog.trigger_regions:
        texts = (r.name, r.trigger_points, r.referral, r.symptoms, r.technique)
        assert all(texts), r.muscle
        assert r.target_id == f"TP:{r.muscle}"


def test_referral_patterns_from_the_reference(catalog: Catalog) -> None:
    def zones(muscle: str) -> set[str]:
        region = catalog.trigger_region(muscle)
        assert region is not None
        return set(region.referral_regions)

    assert {"neck-left", "head"} <= zones("upper-trapezius")
    assert {"neck-left", "scapula-left", "shoulder-left"} <= zones("levator-scapulae")
    assert {"chest-left", "scapula-left", "arm-left"} <= zones("scalenes")
    assert zones("splenius-capitis") == {"head"}
    assert "chest-left" in zones("pectoralis-minor")
    assert {"shoulder-left", "arm-left"} <= zones("infraspinatus")


def test_lung_side_muscles_describe_a_pincer_or_tangential_technique(catalog: Catalog) -> None:
    for muscle in ("upper-trapezius", "levator-scapulae", "sternocleidomastoid", "scalenes"):
        region = catalog.trigger_region(muscle)
        assert region is not None, muscle
        technique = region.technique.lower()
        assert "pincer" in technique or "tangential" in technique, muscle
