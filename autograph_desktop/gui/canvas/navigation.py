"""Keyboard navigation: Tab walks through elements in reading order, Alt+arrow follows connectors to the
neighbour in that direction. Both select and scroll into view, so the canvas is usable without a mouse.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtGui import QAccessible, QAccessibleEvent

from autograph_desktop.gui.canvas.painting import collapsed_away
from autograph_desktop.model import Connector, Element, Group

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

ROW_HEIGHT = 40.0


def tab_order(view: CanvasView) -> list[Element]:
    """Selectable top-level things (outermost groups, nodes, loose connectors) in reading order."""
    doc = view.doc
    seen: dict[str, Element] = {}
    for el in doc:
        if el.hidden or el.locked or isinstance(el, Group) or (el.parent and collapsed_away(doc, el)):
            continue
        top = doc.outermost_group(el.id)
        if top.id not in seen and doc.bounds(top.id) is not None:
            seen[top.id] = top
    items = list(seen.values())

    def key(e: Element) -> tuple[float, float, str]:
        b = doc.bounds(e.id)
        assert b is not None
        return (math.floor(b.y / ROW_HEIGHT), b.x, e.id)

    nodes = sorted((e for e in items if not isinstance(e, Connector)), key=key)
    links = sorted((e for e in items if isinstance(e, Connector)), key=key)
    return nodes + links


def focus_element(view: CanvasView, eid: str) -> None:
    view.set_selection([eid])
    box = view.doc.bounds(eid)
    if box is not None:
        view.ensure_visible(box)


def cycle(view: CanvasView, backwards: bool = False) -> None:
    order = tab_order(view)
    if not order:
        return
    ids = [e.id for e in order]
    current = view.selected_ids()
    if current and current[-1] in ids:
        i = ids.index(current[-1]) + (-1 if backwards else 1)
    else:
        i = len(ids) - 1 if backwards else 0
    focus_element(view, ids[i % len(ids)])


def walk(view: CanvasView, dx: int, dy: int) -> None:
    """Select the neighbour across a connector that lies most nearly in direction (dx, dy)."""
    doc = view.doc
    current = view.selected_ids()
    if len(current) != 1 or current[0] not in doc:
        return
    here = doc.bounds(current[0])
    if here is None:
        return
    hx, hy = here.center
    best: tuple[float, str] | None = None
    for conn in doc.connectors_of(current[0]):
        for end in (conn.source, conn.target):
            other = end.element
            if other is None or other == current[0] or other not in doc:
                continue
            box = doc.bounds(other)
            if box is None:
                continue
            ox, oy = box.center
            vx, vy = ox - hx, oy - hy
            dist = math.hypot(vx, vy) or 1e-9
            cos = (vx * dx + vy * dy) / dist
            if cos < 0.5:  # more than 60° off the arrow's direction
                continue
            score = dist / cos
            if best is None or score < best[0]:
                best = (score, other)
    if best is not None:
        focus_element(view, best[1])


def notify_accessibility(view: CanvasView) -> None:
    """Tell assistive technology that the canvas's children (elements) or the focused one changed."""
    if not QAccessible.isActive():
        return
    from autograph_desktop.gui.canvas.accessibility import invalidate_children

    invalidate_children(view)
    QAccessible.updateAccessibility(QAccessibleEvent(view, QAccessible.Event.NameChanged))
    selected = view.selected_ids()
    if selected:
        # Screen readers announce the focused child: the element the keyboard (or mouse) just selected.
        order = [e.id for e in tab_order(view)]
        if selected[-1] in order:
            event = QAccessibleEvent(view, QAccessible.Event.Focus)
            event.setChild(order.index(selected[-1]))
            QAccessible.updateAccessibility(event)
