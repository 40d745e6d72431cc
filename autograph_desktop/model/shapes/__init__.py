"""Shape definitions: one object per kind says how it looks, where it is hit, where connectors end, where
its label goes and how big it starts. The painter, the SVG writer, hit tests, connectors, the tools and
the format mappings all ask here, so a kind is defined in one place.

Adding a kind is one `ShapeDef` subclass (an `outline`, its names in other formats) and one entry in
`BUILT_IN` below; everything else, tests included, picks it up from the registry.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from autograph_desktop.model.shapes.base import Box, ShapeDef, box_side_point
from autograph_desktop.model.shapes.boundary import Boundary
from autograph_desktop.model.shapes.box import BoxShape, DiamondShape, EllipseShape
from autograph_desktop.model.shapes.figures import Actor, Callout, Cloud, Cylinder, Document
from autograph_desktop.model.shapes.nodes import FrameBox, IconBox, ImageBox, PathBox, TextBox
from autograph_desktop.model.shapes.paths import (
    KAPPA,
    Command,
    Commands,
    Outline,
    ellipse,
    flatten,
    polygon,
    rounded_rect,
)
from autograph_desktop.model.shapes.polygons import (
    Asymmetric,
    Card,
    Cross,
    Hexagon,
    Note,
    Parallelogram,
    ParallelogramAlt,
    Star,
    Subroutine,
    Trapezoid,
    TrapezoidAlt,
    Triangle,
)
from autograph_desktop.model.shapes.simple import (
    Circle,
    Diamond,
    DoubleCircle,
    Ellipse,
    Rectangle,
    Rounded,
    Stadium,
)
from autograph_desktop.model.shapes.stencils import stencil_definition
from autograph_desktop.model.shapes.variants import variant_definition

if TYPE_CHECKING:
    from autograph_desktop.model.elements import Element

#: The shape kinds, in the order the insert panel shows them.
BUILT_IN: tuple[ShapeDef, ...] = (
    Rectangle(), Rounded(), Ellipse(), Circle(), Diamond(), Parallelogram(), ParallelogramAlt(), Hexagon(),
    Triangle(), Cylinder(), Cloud(), Document(), Actor(), Note(), Stadium(), Subroutine(), DoubleCircle(),
    Trapezoid(), TrapezoidAlt(), Asymmetric(), Card(), Callout(), Cross(), Star(),
)
#: The other elements that sit in a box (connectors and groups have no outline of their own).
ELEMENT_DEFS: dict[str, ShapeDef] = {d.name: d for d in (TextBox(), IconBox(), ImageBox(), FrameBox(), PathBox())}

SHAPE_DEFS: dict[str, ShapeDef] = {d.name: d for d in BUILT_IN}
#: Every `Shape.shape` value the application knows.
SHAPE_KINDS: tuple[str, ...] = tuple(SHAPE_DEFS)
RECTANGLE: ShapeDef = SHAPE_DEFS["rectangle"]


@lru_cache(maxsize=4096)
def _kind_definition(kind: str) -> ShapeDef | None:
    """A shape kind's definition: built in, a draw.io stencil, or a turned or mirrored one of those."""
    found = SHAPE_DEFS.get(kind) or stencil_definition(kind)
    if found is None and "@" in kind:
        found = variant_definition(kind, _kind_definition)
    return found


def definition(kind: str) -> ShapeDef:
    """The definition of a shape kind (or of an element kind such as "frame"); unknown kinds are drawn,
    hit and attached to as rectangles, so a file from a newer version still opens."""
    return SHAPE_DEFS.get(kind) or ELEMENT_DEFS.get(kind) or _kind_definition(kind) or RECTANGLE


def definition_of(element: Element) -> ShapeDef:
    """The definition an element is drawn and hit by: its shape's for a shape, its kind's otherwise."""
    found = ELEMENT_DEFS.get(element.kind)
    if found is not None:
        return found
    shape = getattr(element, "shape", "rectangle")
    return SHAPE_DEFS.get(shape) or _kind_definition(shape) or RECTANGLE


#: Element kinds with no outline of their own: a connector is a line, a group is its members.
NO_OUTLINE = frozenset({"connector", "group"})


def node_definition(element: Element | None) -> ShapeDef | None:
    """The definition of an element a connector can end on, or None for nothing, a connector or a group
    (an end bound to one of those stays where it was put)."""
    if element is None:
        return None
    kind = element.kind
    if kind == "shape":  # most ends are on shapes: one lookup
        shape: str = element.shape  # type: ignore[attr-defined]
        return SHAPE_DEFS.get(shape) or _kind_definition(shape) or RECTANGLE
    if kind in NO_OUTLINE:
        return None
    return ELEMENT_DEFS.get(kind) or RECTANGLE


__all__ = [
    "BUILT_IN",
    "ELEMENT_DEFS",
    "KAPPA",
    "NO_OUTLINE",
    "RECTANGLE",
    "SHAPE_DEFS",
    "SHAPE_KINDS",
    "Boundary",
    "Box",
    "BoxShape",
    "Command",
    "Commands",
    "DiamondShape",
    "EllipseShape",
    "Outline",
    "ShapeDef",
    "box_side_point",
    "definition",
    "definition_of",
    "ellipse",
    "flatten",
    "node_definition",
    "polygon",
    "rounded_rect",
]
