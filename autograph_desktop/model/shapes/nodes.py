"""Definitions for the elements that are not shapes but still sit in a box: text, icon, image, frame, path.

Connectors attach to them, clicks hit them and tools create them like shapes, so they answer the same
questions; callers ask `definition_of(element)` and never branch on the element's kind.
"""

from __future__ import annotations

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.box import BoxShape
from autograph_desktop.model.style import DEFAULT_STYLE


class _SquareBox(BoxShape):
    """A box drawn (if at all) with square corners whatever the element's radius."""

    uses_radius = False

    def corner(self, w: float, h: float, radius: float) -> float:
        return 0.0


class TextBox(_SquareBox):
    """A text element: its words fill its whole box (which is drawn only in a colour the user chose)."""

    name = "text"
    default_size = (40.0, 30.0)
    drawio = "text"

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x, y, w, h)

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        return text_w + 2 * margin, text_h + 2 * margin


class IconBox(_SquareBox):
    """An icon: the picture fills the box, its label goes underneath."""

    name = "icon"
    default_size = (64.0, 64.0)
    label_below = True
    drawio = ""  # its picture says what it is (`agIcon`, or the draw.io stencil it came from)


class ImageBox(_SquareBox):
    name = "image"
    default_size = (240.0, 160.0)
    label_below = True
    drawio = "shape=image;verticalLabelPosition=bottom;imageAspect=0"


class FrameBox(BoxShape):
    """A frame: a box (rounded by the element's radius) whose title sits on a tab above its top edge."""

    name = "frame"
    default_size = (480.0, 320.0)
    default_style = DEFAULT_STYLE.with_(stroke="gray")
    drawio = "swimlane;startSize=30;container=1;collapsible=0"


class PathBox(_SquareBox):
    """A freehand path: where something would attach to it, its box stands in."""

    name = "path"
