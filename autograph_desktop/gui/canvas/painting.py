"""The seam between the canvas and the shared painter: pick the real one when it exists, else a fallback.

The shared `render.painter.DiagramPainter` draws every element for the canvas and the exports. The canvas
must never be blocked on it, so this module imports it lazily and falls back to the small private painter
in `fallback_painter.py` behind the same calls. Connector routes come from the same place the painter
gets them, so what the user clicks is exactly what is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtGui import QImage, QPainter, QPainterPath

from autograph_desktop.model import Connector, Diagram, Element, Frame, Rect

Point = tuple[float, float]
IconProvider = Callable[[str], QImage | None]


class PainterLike(Protocol):
    def paint(self, painter: QPainter, visible: Rect, scale: float, *, skip: frozenset[str] = ...,
              highlight: str | None = ...) -> None: ...

    def invalidate(self, ids: Iterable[str]) -> None: ...


def _shared_painter_module() -> Any | None:
    try:
        return importlib.import_module("autograph_desktop.render.painter")
    except Exception:  # not written yet, or broken mid-edit by its author: keep drawing with ours
        return None


_shared_painter_module()  # import it with the canvas (app start), not on the first document opened


def make_painter(doc: Diagram, theme: str, icon_provider: IconProvider | None = None,
                 image_provider: Callable[[str], QImage | None] | None = None) -> PainterLike:
    module = _shared_painter_module()
    cls = getattr(module, "DiagramPainter", None) if module is not None else None
    if cls is not None:
        try:
            painter: PainterLike = cls(doc, theme=theme, icon_provider=icon_provider, image_provider=image_provider)
            return painter
        except Exception:
            pass
    from autograph_desktop.gui.canvas.fallback_painter import FallbackPainter

    return FallbackPainter(doc, theme=theme, icon_provider=icon_provider)


def _orthogonal_router() -> Callable[..., list[Point]] | None:
    try:
        module = importlib.import_module("autograph_desktop.layout.routing")
    except Exception:
        return None
    fn = getattr(module, "route_orthogonal", None)
    return fn if callable(fn) else None


def _side_of(doc: Diagram, end_element: str | None, side: str | None, point: Point) -> str:
    """The side an end leaves from: its own when bound to one, else the side of the outline it sits on."""
    if side is not None:
        return side
    el = doc.get(end_element) if end_element else None
    if el is None:
        return "right"
    r = el.rect
    distances = {"left": abs(point[0] - r.x), "right": abs(point[0] - r.right),
                 "top": abs(point[1] - r.y), "bottom": abs(point[1] - r.bottom)}
    return min(distances, key=lambda k: distances[k])


def fallback_route(doc: Diagram, conn: Connector) -> list[Point]:
    """Our own idea of a connector's polyline, used when the shared painter offers none."""
    points = doc.connector_points(conn)
    if conn.routing != "orthogonal" or len(points) < 2:
        return points
    if conn.waypoints:
        out = [points[0]]
        for p in points[1:]:
            last = out[-1]
            if last[0] != p[0] and last[1] != p[1]:
                out.append((p[0], last[1]))
            out.append(p)
        return out
    router = _orthogonal_router()
    start, end = points[0], points[-1]
    if router is not None:
        s_side = _side_of(doc, conn.source.element, conn.source.side, start)
        e_side = _side_of(doc, conn.target.element, conn.target.side, end)
        area = Rect.from_points([start, end]).inflated(200)
        ends = {conn.source.element, conn.target.element}
        rects = [e.rect for e in doc.elements_in_rect(area)
                 if e.kind in ("shape", "text", "icon", "image") and e.id not in ends]
        rects += [doc[i].rect for i in ends if i is not None and i in doc]
        obstacles = [(r.x, r.y, r.w, r.h) for r in rects]
        try:
            routed = router(start, s_side, end, e_side, obstacles, margin=12)
            if routed and len(routed) >= 2:
                return [(float(x), float(y)) for x, y in routed]
        except Exception:
            pass
    mid_x = (start[0] + end[0]) / 2
    return [start, (mid_x, start[1]), (mid_x, end[1]), end]


def route(doc: Diagram, conn: Connector) -> list[Point]:
    """The polyline the painter draws for a connector (flattened when the painter returns a path)."""
    module = _shared_painter_module()
    fn = getattr(module, "connector_path", None) if module is not None else None
    if fn is not None:
        try:
            result = fn(doc, conn)
            if isinstance(result, QPainterPath):
                polys = result.toSubpathPolygons()
                if polys:
                    poly = polys[0]
                    return [(poly.at(i).x(), poly.at(i).y()) for i in range(poly.size())]
            elif result:
                return [(float(p[0]), float(p[1])) for p in result]
        except Exception:
            pass
    return fallback_route(doc, conn)


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


#: The frame's title tab sits on its top edge, above it (as the shared painter draws it).
FRAME_TITLE_HEIGHT = 24.0


def frame_title_rect(frame: Frame) -> Rect:
    """Where a frame's title tab is: grabbing it selects the frame, double-clicking it edits the title."""
    return Rect(frame.x, frame.y - FRAME_TITLE_HEIGHT, max(min(frame.w, 260.0), 60.0), FRAME_TITLE_HEIGHT)


def close_painter(painter: object) -> None:
    """Painters that follow the document themselves must stop doing so when the view drops them."""
    close = getattr(painter, "close", None)
    if callable(close):
        close()
