"""What the practitioner intends to needle, and how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.vocab import Modality, Side, Technique


@dataclass(frozen=True)
class AcupointTarget:
    code: str  # WHO code or extra point code, e.g. "GB21", "EX-B2"
    side: Side = Side.BOTH
    technique: Technique = Technique.MANUAL
    retention_minutes: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class TriggerPointTarget:
    muscle: str  # catalog muscle id, e.g. "levator-scapulae"
    side: Side = Side.BOTH
    technique: Technique = Technique.MANUAL
    notes: str = ""


@dataclass(frozen=True)
class Override:
    """A practitioner's written decision to go ahead despite a blocking finding."""

    rule: str
    target: str  # acupoint code, "TP:<muscle>" or "electro"
    reason: str
    recorded_on: date | None = None


@dataclass(frozen=True)
class Plan:
    modality: Modality = Modality.ACUPUNCTURE
    electro: bool = False
    acupoints: tuple[AcupointTarget, ...] = ()
    trigger_points: tuple[TriggerPointTarget, ...] = ()
    session_minutes: int = 30
    start_date: date | None = None
    clinic_days: tuple[str, ...] = ()  # vocab.WEEKDAYS
    overrides: tuple[Override, ...] = ()
    id: int | None = None
    version: int = 0

    def target_ids(self) -> list[str]:
        """Targets as findings name them: acupoint codes and 'TP:<muscle>'."""
        return [t.code for t in self.acupoints] + [f"TP:{t.muscle}" for t in self.trigger_points]
