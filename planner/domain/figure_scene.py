"""An exercise's scene: the figure's start and end poses, the arrows, and a prop.

`Scene.picture()` gives the drawing primitives (planner.domain.figure_draw) that the PDF
and the app both draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from planner.domain.figure import FigureView, Pose

if TYPE_CHECKING:
    from planner.domain.figure_draw import Picture


class PropKind(StrEnum):
    CHAIR = "chair"
    WALL = "wall"
    DOORWAY = "doorway"


@dataclass(frozen=True)
class Prop:
    kind: PropKind
    behind: bool = True  # a wall behind the figure's back, or (False) in front of it


class ArrowKind(StrEnum):
    MOVE = "move"  # from the point's start position to its end position
    PRESS = "press"  # a push at the point's end position, along `push`


@dataclass(frozen=True)
class Arrow:
    """An arrow for the movement of one named point (see POINTS).

    offset moves it off the figure, and push is a press's direction and length: both in
    body heights, (to the viewer's right, up). bend curves it: the middle moves sideways by
    that fraction of its length, to the left of travel (negative: to the right)."""

    point: str
    kind: ArrowKind = ArrowKind.MOVE
    bend: float = 0.0
    offset: tuple[float, float] = (0.0, 0.0)
    push: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Scene:
    """One exercise's drawing: where it starts (drawn faded) and ends, and how it moves.

    crop (body heights) cuts the figure off below that height (a neck exercise shows the
    head and shoulders large); None shows the whole figure."""

    start: Pose
    end: Pose
    arrows: tuple[Arrow, ...]
    prop: Prop | None = None
    crop: float | None = None
    about: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.start.view is not self.end.view:
            raise ValueError("a scene's start and end are seen from the same side")

    @property
    def view(self) -> FigureView:
        return self.end.view

    def picture(self) -> Picture:
        from planner.domain.figure_draw import draw_scene

        return draw_scene(self)
