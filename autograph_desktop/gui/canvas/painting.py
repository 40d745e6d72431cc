"""What the canvas needs from the shared painter (`render.painter`): one painter per view, and the very
routes it draws, so that what the user clicks is exactly what is drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtGui import QImage, QPainter

from autograph_desktop.model import Connector, Diagram, Element, Frame, Rect
from autograph_desktop.render.labels import has_band, is_lane, lane_band, lane_title_layout
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.routes import connector_path
from autograph_desktop.render.textlayout import frame_title_layout

Point = tuple[float, float]
IconProvider = Callable[[str], QImage | None]


class PainterLike(Protocol):
    """The painter as the canvas uses it (a protocol, so tests and previews can stand in for it)."""

    def paint(self, painter: QPainter, visible: Rect, scale: float, *, skip: frozenset[str] = ...,
              highlight: str | None = ..., frame: Rect | None = ...) -> None: ...

    def paint_element(self, painter: QPainter, element: Element, scale: float) -> None: ...

    def route(self, conn: Connector) -> list[Point]: ...

    def invalidate(self, ids: Iterable[str]) -> None: ...

    def take_repaint_regions(self) -> list[Rect] | None: ...

    def prepare_overview(self, budget_s: float) -> bool: ...

    def close(self) -> None:
        """Stop following the document (the view drops this painter)."""
        ...

    def reaching_into(self, rect: Rect) -> list[str]: ...


def make_painter(doc: Diagram, theme: str, icon_provider: IconProvider | None = None,
                 image_provider: Callable[[str], QImage | None] | None = None) -> PainterLike:
    return DiagramPainter(doc, theme=theme, icon_provider=icon_provider, image_provider=image_provider)


def route(doc: Diagram, conn: Connector) -> list[Point]:
    """The polyline the painter draws for a connector (curves flattened)."""
    return connector_path(doc, conn)


def collapsed_away(doc: Diagram, el: Element) -> bool:
    """Whether an element sits inside a collapsed frame (shown only as that frame's title bar)."""
    parent = el.parent
    depth = 0
    while parent is not None and depth < 1000:
        p = doc.get(parent)
        if p is None:
            return False
        if isinstance(p, Frame) and p.collapsed:
            return True
        parent = p.parent
        depth += 1
    return False


#: How far above a frame's top edge its title tab can reach (the tab is a line of 13 px text plus padding).
FRAME_TITLE_HEIGHT = 24.0


def frame_title_rect(frame: Frame) -> Rect:
    """Where a frame's title tab is, exactly as the painter draws it: grabbing it selects the frame,
    double-clicking it edits the title. An untitled frame gets a tab-sized strip to double-click."""
    if is_lane(frame):  # a draw.io lane or container: its title is inside it
        if has_band(frame):
            return Rect(*lane_band(frame))
        inside = lane_title_layout(frame)
        if inside is not None:
            return Rect(*inside.bounds)
    titled = frame_title_layout(frame)
    if titled is not None:
        return Rect(*titled[1])
    return Rect(frame.x, frame.y - FRAME_TITLE_HEIGHT, max(min(frame.w, 260.0), 60.0), FRAME_TITLE_HEIGHT)


def close_painter(painter: PainterLike) -> None:
    """Painters that follow the document themselves must stop doing so when the view drops them."""
    painter.close()
