"""The canvas context menu: the actions that make sense for what was right-clicked (or the empty canvas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from autograph_desktop.gui.canvas import clipboard
from autograph_desktop.model import Connector, Element, Frame, Group

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView


def _add(menu: QMenu, text: str, slot: Callable[[], object], shortcut: str = "", enabled: bool = True) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut:
        action.setShortcut(shortcut)
        action.setShortcutVisibleInContextMenu(True)
    action.setEnabled(enabled)
    return action


def build_context_menu(view: CanvasView, el: Element | None) -> QMenu:
    c = view.controller
    menu = QMenu(view)
    ids = view.selected_ids()
    doc = view.doc
    if el is None or not ids:
        _add(menu, "Paste", lambda: c.paste(at_cursor=True), "Ctrl+V", clipboard.can_paste())
        _add(menu, "Select all", c.select_all, "Ctrl+A")
        menu.addSeparator()
        _add(menu, "Unlock all", c.unlock_all, "Ctrl+Shift+L", any(e.locked for e in doc))
        _add(menu, "Show all", c.show_all, enabled=any(e.hidden for e in doc))
        menu.addSeparator()
        _add(menu, "Zoom to fit", view.zoom_to_fit, "Shift+1")
        grid = _add(menu, "Show grid", lambda: view.set_grid_visible(not view.grid_visible), "G")
        grid.setCheckable(True)
        grid.setChecked(view.grid_visible)
        return menu
    _add(menu, "Edit text", c.edit_text, "Enter", len(ids) == 1)
    menu.addSeparator()
    _add(menu, "Cut", c.cut, "Ctrl+X")
    _add(menu, "Copy", c.copy, "Ctrl+C")
    _add(menu, "Paste", lambda: c.paste(at_cursor=True), "Ctrl+V", clipboard.can_paste())
    _add(menu, "Duplicate", c.duplicate, "Ctrl+D")
    _add(menu, "Delete", c.delete, "Del")
    menu.addSeparator()
    order = menu.addMenu("Order")
    _add(order, "Bring to front", lambda: c.reorder("front"), "Ctrl+Shift+]")
    _add(order, "Bring forward", lambda: c.reorder("forward"), "Ctrl+]")
    _add(order, "Send backward", lambda: c.reorder("backward"), "Ctrl+[")
    _add(order, "Send to back", lambda: c.reorder("back"), "Ctrl+Shift+[")
    if len(ids) > 1:
        arrange = menu.addMenu("Align")
        for how in ("left", "center", "right", "top", "middle", "bottom"):
            _add(arrange, how.capitalize(), lambda h=how: c.align(h))  # type: ignore[misc]
        arrange.addSeparator()
        _add(arrange, "Distribute horizontally", lambda: c.distribute("horizontal"), enabled=len(ids) > 2)
        _add(arrange, "Distribute vertically", lambda: c.distribute("vertical"), enabled=len(ids) > 2)
        _add(menu, "Group", c.group, "Ctrl+G")
    if any(isinstance(doc.get(i), Group) for i in ids):
        _add(menu, "Ungroup", c.ungroup, "Ctrl+Shift+G")
    if any(isinstance(doc.get(i), Frame) for i in ids):
        frame = next(doc[i] for i in ids if isinstance(doc.get(i), Frame))
        assert isinstance(frame, Frame)
        _add(menu, "Expand frame" if frame.collapsed else "Collapse frame", c.toggle_frame_collapsed)
    if any(isinstance(doc.get(i), Connector) for i in ids):
        routing = menu.addMenu("Routing")
        for name in ("straight", "orthogonal", "curved"):
            _add(routing, name.capitalize(), lambda n=name: c.set_connector_routing(n))  # type: ignore[misc]
    menu.addSeparator()
    _add(menu, "Copy style", c.copy_style, "Ctrl+Alt+C")
    _add(menu, "Paste style", c.paste_style, "Ctrl+Alt+V")
    menu.addSeparator()
    _add(menu, "Lock", c.lock, "Ctrl+L")
    _add(menu, "Hide", c.hide, "Ctrl+H")
    return menu
