"""Drawing a drag of a big selection: the moving part is drawn once and then moved as pixels.

A drag changes the model on every mouse move (connectors must follow, undo records it), but redrawing a
thousand moved shapes with their text each frame costs far more than the model step. So while a selection
of at least `MIN_ELEMENTS` is dragged:

- the layer cache keeps the rest of the diagram and is not redrawn for the moving elements' changes;
- the moving elements, and connectors whose ends all move with them, are drawn once into a sprite, which
  every frame places at the drag's current offset;
- connectors that stretch between a moving and a still element, and orthogonal ones (they re-route), are
  drawn live each frame.

When the drag ends the layer is redrawn once in full, so z-order between moved and still elements (which
the sprite, drawn on top, ignores while dragging) is exact again. The sprite covers the screen and half a
screen around it; a selection reaching further is drawn again when the drag brings more of it into view.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPixmap

from autograph_desktop.model import Connector, Diagram, Element, Group, Rect
from autograph_desktop.model.geometry import union_all

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

#: Below this many moving elements the usual redraw is already fast enough.
MIN_ELEMENTS = 150
#: Scene units around the sprite's elements for arrowheads, frame tabs and labels that reach outside.
MARGIN = 40.0


def _rigid_connectors(doc: Diagram, moving: set[str], attached: set[str]) -> set[str]:
    """Connectors that move as a whole with the selection: every attached end moves, the route is not
    re-routed around other shapes (orthogonal), and loose ends move only if the connector itself does."""
    rigid = set()
    for cid in attached:
        conn = doc.get(cid)
        if not isinstance(conn, Connector) or conn.routing == "orthogonal":
            continue
        ends = (conn.source.element, conn.target.element)
        if all(e in moving if e is not None else cid in moving for e in ends):
            rigid.add(cid)
    return rigid


class DragPreview:
    """The sprite and bookkeeping for one drag (see the module docstring)."""

    def __init__(self, view: CanvasView, moving: set[str]) -> None:
        doc = view.doc
        self.view = view
        nodes = {i for i in moving if i in doc and not isinstance(doc[i], (Connector, Group))}
        attached: set[str] = {i for i in moving if isinstance(doc.get(i), Connector)}
        for eid in nodes:
            attached.update(doc.connector_ids_of(eid))
        rigid = _rigid_connectors(doc, nodes, attached)
        #: Drawn in the sprite.
        self.sprite_ids = frozenset(nodes | rigid)
        #: Drawn live over the layer each frame.
        self.live_ids = frozenset(attached - rigid)
        #: What the layer leaves out while the drag lasts.
        self.hidden = self.sprite_ids | self.live_ids
        self.offset = (0.0, 0.0)
        #: The selection's box when the drag began: moved by `offset`, it is the selection's box throughout.
        self.start_box = view.selection_box()
        self._sprite: QPixmap | None = None
        self._sprite_rect: Rect | None = None
        self._sprite_full = Rect(0, 0, 0, 0)
        self._sprite_zoom = 0.0
        self._sprite_offset = (0.0, 0.0)

    @staticmethod
    def wanted(moving: set[str]) -> bool:
        return len(moving) >= MIN_ELEMENTS

    def covers(self, ids: list[str]) -> bool:
        """Whether a document change touches only what this preview draws (so the layer can stay)."""
        hidden = self.hidden
        return all(i in hidden for i in ids)

    def _render_sprite(self) -> bool:
        """Draw the sprite's elements where they are now, as far as the screen and half a screen around it
        reach (a selection far bigger than the screen is drawn again when the drag brings more of it in)."""
        view = self.view
        doc = view.doc
        cam = view.camera
        self._sprite = None
        full = union_all([b for i in self.sprite_ids if (b := doc.bounds(i)) is not None])
        if full is None:
            return False
        full = full.inflated(MARGIN)
        seen = cam.visible(view.width(), view.height())
        box = full.intersection(seen.inflated(seen.w / 2, seen.h / 2))
        if box is None:
            box = Rect(full.x, full.y, 1, 1)
        ratio = view.devicePixelRatioF()
        # Start the sprite on a device pixel of the view, so that unmoved it matches the layer exactly.
        pixel = 1 / (cam.zoom * ratio)
        x1 = cam.ox + math.floor((box.x - cam.ox) / pixel) * pixel
        y1 = cam.oy + math.floor((box.y - cam.oy) / pixel) * pixel
        box = Rect(x1, y1, box.right - x1, box.bottom - y1)
        sprite = QPixmap(max(int(box.w * cam.zoom * ratio) + 2, 1), max(int(box.h * cam.zoom * ratio) + 2, 1))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        qp = QPainter(sprite)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        qp.scale(cam.zoom, cam.zoom)
        qp.translate(-box.x, -box.y)
        others = frozenset(e.id for e in doc.elements_in_rect(box) if e.id not in self.sprite_ids)
        view.painter.paint(qp, box, cam.zoom * ratio, skip=others | view.text_editor.skip_ids())
        qp.end()
        self._sprite = sprite
        self._sprite_rect = box
        self._sprite_full = full
        self._sprite_zoom = cam.zoom
        self._sprite_offset = self.offset
        return True

    def _sprite_fits(self, visible: Rect, dx: float, dy: float) -> bool:
        """Whether the sprite, moved by (dx, dy), holds everything of the selection that is on screen."""
        if self._sprite is None or self._sprite_rect is None or self._sprite_zoom != self.view.camera.zoom:
            return False
        needed = visible.translated(-dx, -dy).intersection(self._sprite_full)
        return needed is None or self._sprite_rect.contains_rect(needed)

    def start(self) -> bool:
        """Make the sprite; False when this drag should draw as usual instead."""
        return self._render_sprite()

    def paint(self, qp: QPainter) -> None:
        """Live connectors, then the sprite at the current offset (widget coordinates on `qp`)."""
        view = self.view
        cam = view.camera
        seen = cam.visible(view.width(), view.height())
        dx, dy = self.offset[0] - self._sprite_offset[0], self.offset[1] - self._sprite_offset[1]
        if not self._sprite_fits(seen, dx, dy):
            if not self._render_sprite():
                return
            dx = dy = 0.0
        assert self._sprite is not None and self._sprite_rect is not None
        doc = view.doc
        visible = seen.inflated(MARGIN)
        live = [c for i in self.live_ids if (c := doc.get(i)) is not None and not c.hidden
                and (b := doc.bounds(i)) is not None and b.intersects(visible)]
        live.sort(key=lambda e: (e.z, e.id))
        # A connector above its moving end in z-order is drawn over the sprite (its arrowhead shows where
        # it meets that shape), one below it under the sprite.
        above: list[Element] = []
        below: list[Element] = []
        for conn in live:
            (above if self._above_moving_ends(conn) else below).append(conn)
        self._paint_live(below, qp)
        r = self._sprite_rect
        vx, vy = cam.to_view(r.x + dx, r.y + dy)
        qp.drawPixmap(QPointF(vx, vy), self._sprite)
        self._paint_live(above, qp)

    def _above_moving_ends(self, conn: Element) -> bool:
        doc = self.view.doc
        assert isinstance(conn, Connector)
        ends = [doc.get(e) for e in (conn.source.element, conn.target.element) if e in self.sprite_ids]
        return all(end is None or conn.z > end.z for end in ends)

    def _paint_live(self, connectors: list[Element], qp: QPainter) -> None:
        if not connectors:
            return
        view = self.view
        cam = view.camera
        qp.save()
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        qp.scale(cam.zoom, cam.zoom)
        qp.translate(-cam.ox, -cam.oy)
        paint_element = view.painter.paint_element
        scale = cam.zoom * view.devicePixelRatioF()
        for conn in connectors:
            paint_element(qp, conn, scale)
        qp.restore()
