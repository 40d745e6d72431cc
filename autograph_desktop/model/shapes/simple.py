"""The everyday kinds: boxes (square, rounded, stadium), ellipses, circles and the decision diamond."""

from __future__ import annotations

from autograph_desktop.model.shapes.box import BoxShape, DiamondShape, EllipseShape
from autograph_desktop.model.shapes.paths import Outline, ellipse


class Rectangle(BoxShape):
    """The default kind; the element's corner radius rounds it (and any kind nobody knows draws so)."""

    name = "rectangle"
    drawio_names = ("rectangle", "rect", "label", "internalStorage", "swimlane", "umlLifeline", "table",
                    "tableRow", "partialRectangle", "line", "curlyBracket")
    drawio_stencils = ("process", "rect", "annotation_1", "annotation_2", "internal_storage")


class Rounded(BoxShape):
    """A box whose corners are always round: the element's radius, or a quarter of the short side up
    to 12 when it has none."""

    name = "rounded"
    drawio = "rounded=1"
    drawio_names = ("rounded",)

    def corner(self, w: float, h: float, radius: float) -> float:
        return super().corner(w, h, radius or min(12.0, min(w, h) * 0.25))


class Stadium(BoxShape):
    """A pill: semicircular ends whatever the element's radius."""

    name = "stadium"
    uses_radius = False
    drawio = "rounded=1;arcSize=50"
    drawio_names = ("stadium", "terminator", "delay")
    drawio_stencils = ("terminator", "delay", "display")

    def corner(self, w: float, h: float, radius: float) -> float:
        return super().corner(w, h, min(w, h) / 2)


class Ellipse(EllipseShape):
    name = "ellipse"
    drawio_names = ("ellipse",)
    drawio_stencils = ("ellipse",)


class Circle(EllipseShape):
    """An ellipse that is meant to stay round (draw.io keeps its aspect fixed)."""

    name = "circle"
    default_size = (100.0, 100.0)
    square = True
    drawio = "ellipse;aspect=fixed"
    drawio_names = ("circle", "or", "xor", "waypoint")
    drawio_stencils = ("start_1", "start_2", "end", "start", "or", "summing_function", "on-page_reference",
                       "sequential_data")


class DoubleCircle(EllipseShape):
    """A circle with a ring inside it (a final state, a framed circle)."""

    name = "double_circle"
    default_size = (100.0, 100.0)
    square = True
    drawio = "ellipse;shape=doubleEllipse"
    drawio_names = ("doubleEllipse",)

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        gap = min(5.0, min(w, h) * 0.08)
        return Outline(ellipse(x + w / 2, y + h / 2, w / 2, h / 2),
                       ellipse(x + w / 2, y + h / 2, max(w / 2 - gap, 0), max(h / 2 - gap, 0)))


class Diamond(DiamondShape):
    name = "diamond"
