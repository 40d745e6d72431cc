"""Move, resize and rotate gestures on the selection; each is one undo step (History gesture).

Edits are computed from the geometry captured at press, so the live document always equals "original +
this pointer position" and snapping never accumulates error. Dropping elements on a frame reparents them
inside the same gesture, so undo takes the move and the membership back together.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from autograph_desktop.gui.canvas.hits import element_box, selection_bounds
from autograph_desktop.gui.canvas.painting import collapsed_away
from autograph_desktop.gui.canvas.snapping import Guide
from autograph_desktop.gui.canvas.tools.base import Interaction, Pointer
from autograph_desktop.model import (
    Connector,
    Diagram,
    Frame,
    Group,
    Path,
    Rect,
    Text,
    Transaction,
    UpdateElement,
    edits,
    update,
)
from autograph_desktop.model.geometry import rotate_point

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView


def expanded(doc: Diagram, ids: list[str]) -> set[str]:
    out = set(ids)
    for i in ids:
        out.update(d.id for d in doc.descendants(i))
    return out


def frame_at(doc: Diagram, x: float, y: float, exclude: set[str]) -> Frame | None:
    """The topmost open frame containing a point, not counting the ones being moved."""
    for el in doc.elements_at(x, y, 0.0):
        if isinstance(el, Frame) and el.id not in exclude and not el.collapsed and not collapsed_away(doc, el):
            return el
    return None


def reparent_dropped(doc: Diagram, ids: list[str]) -> Transaction:
    """Put moved elements into the frame they were dropped on, or take them out of the one they left."""
    moving = expanded(doc, ids)
    ops: list[Any] = []
    for eid in ids:
        el = doc.get(eid)
        if el is None or isinstance(el, Connector):
            continue
        current = doc.get(el.parent) if el.parent else None
        if current is not None and not isinstance(current, Frame):
            continue  # members of a group move with their group; membership is the group's business
        box = doc.bounds(eid)
        if box is None:
            continue
        frame = frame_at(doc, *box.center, exclude=moving)
        target = frame.id if frame is not None else None
        if target != el.parent:
            ops.extend(edits.reparent(doc, [eid], target, label="Move into frame").operations)
    return Transaction(tuple(ops), "Move into frame")


class MoveInteraction(Interaction):
    """Drag the selection; snaps its box to guides/grid; reparents to frames on drop."""

    def __init__(self, view: CanvasView, ids: list[str], start: Pointer) -> None:
        super().__init__(view)
        doc = view.doc
        self.ids = [i for i in ids if i in doc and not doc[i].locked]
        self.start = start
        self.box = selection_bounds(doc, self.ids, view.route) or Rect(start.x, start.y, 0, 0)
        self.applied = (0.0, 0.0)
        view.history.begin("Move")
        moving = expanded(doc, self.ids)
        self.snapper = view.make_snapper(moving)
        view.begin_drag_preview(moving)

    def move(self, p: Pointer) -> None:
        dx, dy = p.x - self.start.x, p.y - self.start.y
        guides: list[Guide] = []
        if not p.alt:
            sdx, sdy, guides = self.snapper.snap_box(self.box.translated(dx, dy))
            dx, dy = dx + sdx, dy + sdy
        self.view.guides = guides
        self.apply(dx, dy)

    def apply(self, dx: float, dy: float) -> None:
        step_x, step_y = dx - self.applied[0], dy - self.applied[1]
        if step_x or step_y:
            self.view.history.execute(edits.move(self.view.doc, self.ids, step_x, step_y))
            self.applied = (dx, dy)
            self.view.set_drag_offset(dx, dy)

    def release(self, p: Pointer) -> None:
        self.view.guides = []
        self.view.end_drag_preview()
        if self.applied != (0.0, 0.0):
            self.view.history.execute(reparent_dropped(self.view.doc, self.ids))
        self.view.history.commit()

    def cancel(self) -> None:
        self.view.guides = []
        self.view.end_drag_preview()
        self.view.history.cancel()


def _scaled_path_points(el: Path, new: Rect) -> tuple[tuple[float, float], ...]:
    sx = new.w / el.w if el.w else 1.0
    sy = new.h / el.h if el.h else 1.0
    return tuple((px * sx, py * sy) for px, py in el.points)


def resize_transaction(doc: Diagram, eid: str, new: Rect) -> Transaction:
    """Resize one element, including what `edits.set_geometry` leaves alone (path points, text auto size)."""
    el = doc[eid]
    txn = edits.set_geometry(doc, eid, new.x, new.y, new.w, new.h)
    extra: dict[str, Any] = {}
    if isinstance(el, Path) and el.points:
        extra["points"] = _scaled_path_points(el, new)
    if isinstance(el, Text) and el.auto_size:
        extra["auto_size"] = False
    if not extra:
        return txn
    ops = list(txn.operations)
    merged = update(el, x=new.x, y=new.y, w=max(new.w, 1.0), h=max(new.h, 1.0), **extra)
    ops = [op for op in ops if not (isinstance(op, UpdateElement) and op.id == eid)]
    if merged:
        ops.append(merged)
    return Transaction(tuple(ops), "Resize")


class ResizeInteraction(Interaction):
    """Drag one of the 8 handles: the selection box scales, and every selected element with it."""

    def __init__(self, view: CanvasView, ids: list[str], handle: str, start: Pointer) -> None:
        super().__init__(view)
        doc = view.doc
        self.ids = [i for i in ids if i in doc and not doc[i].locked and not isinstance(doc[i], Connector)]
        self.handle = handle
        self.start = start
        self.originals = {i: b for i in self.ids if (b := element_box(doc, i, view.route)) is not None}
        self.box = selection_bounds(doc, list(self.originals), view.route) if len(self.ids) > 1 else (
            self.originals.get(self.ids[0]) if self.ids else None)
        single = doc.get(self.ids[0]) if len(self.ids) == 1 else None
        self.rotation = single.rotation if single is not None and not isinstance(single, Group) else 0.0
        view.history.begin("Resize")
        self.snapper = view.make_snapper(expanded(doc, self.ids))

    def target_box(self, p: Pointer) -> Rect:
        box = self.box
        assert box is not None
        x1, y1, x2, y2 = box.x, box.y, box.right, box.bottom
        if self.rotation:
            # Work in the element's own frame: the pointer's travel turned back by the rotation.
            cx, cy = box.center
            sx, sy = rotate_point(self.start.x, self.start.y, cx, cy, -self.rotation)
            px, py = rotate_point(p.x, p.y, cx, cy, -self.rotation)
            p = Pointer(px, py, p.vx, p.vy, p.button, p.buttons, p.modifiers | Qt.KeyboardModifier.AltModifier)
            dx, dy = px - sx, py - sy
        else:
            dx, dy = p.x - self.start.x, p.y - self.start.y
        h = self.handle
        if "w" in h:
            x1 += dx
        if "e" in h:
            x2 += dx
        if "n" in h:
            y1 += dy
        if "s" in h:
            y2 += dy
        if not p.alt:
            probe = Rect.normalized(x1, y1, x2, y2)
            ex = tuple(e for e, k in (("min", "w"), ("max", "e")) if k in h)
            ey = tuple(e for e, k in (("min", "n"), ("max", "s")) if k in h)
            sdx, sdy, guides = self.snapper.snap_box(probe, edges_x=ex, edges_y=ey)
            self.view.guides = guides
            x1 += sdx if "w" in h else 0
            x2 += sdx if "e" in h else 0
            y1 += sdy if "n" in h else 0
            y2 += sdy if "s" in h else 0
        new = Rect.normalized(x1, y1, x2, y2)
        if p.shift and box.w > 0 and box.h > 0:
            aspect = box.w / box.h
            if h in ("n", "s"):
                w = new.h * aspect
                new = Rect(box.center[0] - w / 2, new.y, w, new.h)
            elif h in ("e", "w"):
                hh = new.w / aspect
                new = Rect(new.x, box.center[1] - hh / 2, new.w, hh)
            else:
                scale = max(new.w / box.w, new.h / box.h)
                w, hh = box.w * scale, box.h * scale
                nx = box.right - w if "w" in h else box.x
                ny = box.bottom - hh if "n" in h else box.y
                new = Rect(nx, ny, w, hh)
        new = Rect(new.x, new.y, max(new.w, 1.0), max(new.h, 1.0))
        if self.rotation:
            # The new box, still in the old frame, goes back to the world about the old centre; its own
            # centre is where it must sit so that the corner opposite the handle stays put on screen.
            wx, wy = rotate_point(*new.center, *box.center, self.rotation)
            new = Rect(wx - new.w / 2, wy - new.h / 2, new.w, new.h)
        return new

    def move(self, p: Pointer) -> None:
        if self.box is None:
            return
        new = self.target_box(p)
        box = self.box
        sx = new.w / box.w if box.w else 1.0
        sy = new.h / box.h if box.h else 1.0
        ops: list[Any] = []
        doc = self.view.doc
        for eid, orig in self.originals.items():
            if eid not in doc:
                continue
            target = Rect(new.x + (orig.x - box.x) * sx, new.y + (orig.y - box.y) * sy, orig.w * sx, orig.h * sy)
            if isinstance(doc[eid], Group) and (orig.w == 0 or orig.h == 0):
                continue
            ops.extend(resize_transaction(doc, eid, target).operations)
        self.view.history.execute(Transaction(tuple(ops), "Resize"))

    def release(self, p: Pointer) -> None:
        self.view.guides = []
        self.view.history.commit()

    def cancel(self) -> None:
        self.view.guides = []
        self.view.history.cancel()


class RotateInteraction(Interaction):
    """Drag the rotate handle; Shift snaps to 15°. Several elements turn about the selection's centre."""

    def __init__(self, view: CanvasView, ids: list[str], start: Pointer) -> None:
        super().__init__(view)
        doc = view.doc
        leaves = [d for d in expanded(doc, ids) if d in doc and not isinstance(doc[d], (Group, Connector))]
        self.items = {i: doc[i] for i in leaves if not doc[i].locked}
        box = selection_bounds(doc, ids, view.route) or Rect(start.x, start.y, 0, 0)
        self.center = box.center
        self.start_angle = self._angle(start)
        view.history.begin("Rotate")

    def _angle(self, p: Pointer) -> float:
        return math.degrees(math.atan2(p.y - self.center[1], p.x - self.center[0]))

    def move(self, p: Pointer) -> None:
        delta = self._angle(p) - self.start_angle
        ops: list[Any] = []
        single = len(self.items) == 1
        for el in self.items.values():
            angle = (el.rotation + delta) % 360
            if p.shift:
                angle = round(angle / 15) * 15 % 360
            changes: dict[str, Any] = {"rotation": angle}
            if not single:
                cx, cy = el.rect.center
                nx, ny = rotate_point(cx, cy, self.center[0], self.center[1], angle - el.rotation)
                changes.update(x=nx - el.w / 2, y=ny - el.h / 2)
            current = self.view.doc.get(el.id)
            if current is not None and (op := update(current, **changes)):
                ops.append(op)
        self.view.history.execute(Transaction(tuple(ops), "Rotate"))

    def release(self, p: Pointer) -> None:
        self.view.history.commit()

    def cancel(self) -> None:
        self.view.history.cancel()

    def paint(self, qp: QPainter) -> None:
        pass
