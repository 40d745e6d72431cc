"""Screen-reader support: the canvas as an accessible list with one child per element.

Each child reports a role (graphic, text, connection line), a name (its label text, or its kind when it
has none) and a description (its kind and its connections), and the canvas reports the selected one as
its focus child. Children are small Python objects cached per element id, kept alive by the cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget

from autograph_desktop.gui.canvas.hits import drawn_box
from autograph_desktop.model import Connector, Element, Frame, Text
from autograph_desktop.model.shapes import node_definition

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

_installed = False
_interfaces: dict[int, CanvasAccessible] = {}


def _kind_name(el: Element) -> str:
    """What people call an element's kind: its shape's kind for a shape ("diamond"), else "text", "frame"..."""
    defn = node_definition(el)
    return defn.name if defn is not None else el.kind


def describe(view: CanvasView, el: Element) -> tuple[str, str]:
    """(name, description) for an element, as a screen reader says it."""
    doc = view.doc
    kind = _kind_name(el)
    if isinstance(el, Connector):
        name = el.labels[0].text if el.labels else (el.text or "")

        def end_name(eid: str | None) -> str:
            other = doc.get(eid) if eid else None
            return (other.text or _kind_name(other)) if other else "nothing"

        desc = f"connector from {end_name(el.source.element)} to {end_name(el.target.element)}"
        return (name or desc, desc)
    links = doc.connectors_of(el.id)
    names: list[str] = []
    for conn in links[:20]:
        other_id = conn.target.element if conn.source.element == el.id else conn.source.element
        other = doc.get(other_id) if other_id else None
        if other is not None:
            arrow = "to" if conn.source.element == el.id else "from"
            names.append(f"{arrow} {other.text or other.kind}")
    desc = kind + (f", connected {', '.join(names)}" if names else ", no connections")
    if isinstance(el, Frame):
        desc = f"frame with {len(doc.children(el.id))} members" + ("" if not el.collapsed else ", collapsed")
    if el.locked:
        desc += ", locked"
    return (el.text or kind, desc)


class ElementAccessible(QAccessibleInterface):
    def __init__(self, canvas: CanvasAccessible, element_id: str) -> None:
        super().__init__()
        self.canvas = canvas
        self.element_id = element_id

    def _el(self) -> Element | None:
        return self.canvas.view.doc.get(self.element_id)

    def isValid(self) -> bool:
        return self._el() is not None

    def object(self) -> QObject:
        return None  # type: ignore[return-value]

    def window(self) -> Any:
        return self.canvas.view.window().windowHandle()

    def parent(self) -> QAccessibleInterface:
        return self.canvas

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def role(self) -> QAccessible.Role:
        el = self._el()
        if isinstance(el, Connector):
            return QAccessible.Role.Chart
        if isinstance(el, Text):
            return QAccessible.Role.StaticText
        return QAccessible.Role.Graphic

    def text(self, t: QAccessible.Text) -> str:
        el = self._el()
        if el is None:
            return ""
        name, desc = describe(self.canvas.view, el)
        if t == QAccessible.Text.Name:
            return name
        if t == QAccessible.Text.Description:
            return desc
        return ""

    def setText(self, t: QAccessible.Text, text: str) -> None:
        pass

    def rect(self) -> QRect:
        view = self.canvas.view
        el = view.doc.get(self.element_id)
        box = drawn_box(view.doc, el, view.route) if el is not None else None
        if box is None:
            return QRect()
        r = view.scene_rect_in_view(box).toRect()
        return r.translated(view.mapToGlobal(r.topLeft()) - r.topLeft())

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.selectable = True
        state.focusable = True
        selected = self.element_id in self.canvas.view.selected_ids()
        state.selected = selected
        state.focused = selected
        return state


class CanvasAccessible(QAccessibleWidget):
    """The canvas widget as a list of its elements (in Tab order)."""

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view, QAccessible.Role.List, "Diagram canvas")
        self.view = view
        self._children: dict[str, ElementAccessible] = {}
        self._order: list[str] | None = None

    def invalidate(self) -> None:
        self._order = None
        doc = self.view.doc
        for eid in [i for i in self._children if i not in doc]:
            del self._children[eid]

    def _ids(self) -> list[str]:
        if self._order is None:
            from autograph_desktop.gui.canvas.navigation import tab_order

            self._order = [e.id for e in tab_order(self.view)]
        return self._order

    def _iface(self, eid: str) -> ElementAccessible:
        iface = self._children.get(eid)
        if iface is None:
            iface = self._children[eid] = ElementAccessible(self, eid)
        return iface

    def childCount(self) -> int:
        return len(self._ids())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        ids = self._ids()
        return self._iface(ids[index]) if 0 <= index < len(ids) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        if isinstance(child, ElementAccessible):
            try:
                return self._ids().index(child.element_id)
            except ValueError:
                return -1
        return -1

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        ids = self.view.selected_ids()
        return self._iface(ids[-1]) if ids else None

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        local = self.view.mapFromGlobal(QRect(x, y, 1, 1).topLeft())
        sx, sy = self.view.camera.to_scene(local.x(), local.y())
        el = self.view.pick_at(sx, sy)
        return self._iface(el.id) if el is not None else None

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self.view.accessibleName() or "Diagram canvas"
        if t == QAccessible.Text.Description:
            n = len(self._ids())
            return f"{n} elements. " + self.view.accessibleDescription()
        return super().text(t)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    from autograph_desktop.gui.canvas.view import CanvasView

    if isinstance(obj, CanvasView):
        iface = _interfaces.get(id(obj))
        if iface is None:
            iface = _interfaces[id(obj)] = CanvasAccessible(obj)
            obj.destroyed.connect(lambda *_: _interfaces.pop(id(obj), None))
        return iface
    return None


def install() -> None:
    """Register the factory once per process (idempotent)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def interface_for(view: CanvasView) -> CanvasAccessible:
    install()
    iface = _factory("CanvasView", view)
    assert isinstance(iface, CanvasAccessible)
    return iface


def invalidate_children(view: CanvasView) -> None:
    iface = _interfaces.get(id(view))
    if iface is not None:
        iface.invalidate()
