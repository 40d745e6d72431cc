"""Keyboard handling for the focused canvas: tool letters, editing shortcuts, nudging and navigation.

The shell's menus may define the same Ctrl shortcuts as QActions; Qt then delivers them to the action
and never here, so nothing runs twice. Single letters are claimed through ShortcutOverride only while
the canvas has focus and no text is being edited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from autograph_desktop.gui.canvas import navigation

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

K = Qt.Key
TOOL_KEYS: dict[int, str] = {
    K.Key_V: "select", K.Key_H: "hand", K.Key_R: "rectangle", K.Key_O: "ellipse", K.Key_D: "diamond",
    K.Key_A: "connector", K.Key_L: "line", K.Key_T: "text", K.Key_P: "pen", K.Key_F: "frame", K.Key_N: "note",
}
ARROWS: dict[int, tuple[int, int]] = {K.Key_Left: (-1, 0), K.Key_Right: (1, 0), K.Key_Up: (0, -1), K.Key_Down: (0, 1)}
_PLAIN = {*TOOL_KEYS, K.Key_I, K.Key_Slash, K.Key_G, K.Key_Q, K.Key_Delete, K.Key_Backspace, K.Key_Escape,
          K.Key_Space, K.Key_Tab, K.Key_Backtab, K.Key_Return, K.Key_Enter, K.Key_F2, *ARROWS}


def _mods(event: QKeyEvent) -> tuple[bool, bool, bool]:
    m = event.modifiers()
    ctrl = bool(m & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
    return ctrl, bool(m & Qt.KeyboardModifier.ShiftModifier), bool(m & Qt.KeyboardModifier.AltModifier)


def _ctrl_action(view: CanvasView, key: int, shift: bool, alt: bool) -> Callable[[], object] | None:
    c = view.controller
    if alt:
        styles: dict[Any, Callable[[], object]] = {K.Key_C: c.copy_style, K.Key_V: c.paste_style}
        return styles.get(key)
    table: dict[Any, Callable[[], object]] = {
        K.Key_Z: c.redo if shift else c.undo, K.Key_Y: c.redo, K.Key_C: c.copy, K.Key_X: c.cut,
        K.Key_V: c.paste, K.Key_D: c.duplicate, K.Key_A: c.select_all,
        K.Key_G: c.ungroup if shift else c.group, K.Key_L: c.unlock_all if shift else c.lock,
        K.Key_0: view.zoom_100, K.Key_Equal: lambda: c.zoom_step(1), K.Key_Plus: lambda: c.zoom_step(1),
        K.Key_Minus: lambda: c.zoom_step(-1), K.Key_Underscore: lambda: c.zoom_step(-1),
        K.Key_BracketRight: lambda: c.reorder("front" if shift else "forward"),
        K.Key_BracketLeft: lambda: c.reorder("back" if shift else "backward"),
        K.Key_H: c.hide,
    }
    return table.get(key)


def is_canvas_key(event: QKeyEvent) -> bool:
    """Whether the focused canvas wants this key before any application shortcut."""
    ctrl, shift, alt = _mods(event)
    key = event.key()
    if ctrl:
        return False
    if shift and key in (K.Key_1, K.Key_Exclam, K.Key_2, K.Key_At, K.Key_QuoteDbl):
        return True
    return key in _PLAIN


def handle_key_press(view: CanvasView, event: QKeyEvent) -> bool:
    """Run what a key means on the canvas; False when it means nothing here."""
    key = event.key()
    ctrl, shift, alt = _mods(event)
    c = view.controller
    if ctrl:
        action = _ctrl_action(view, key, shift, alt)
        if action is None:
            return False
        action()
        return True
    if key in ARROWS:
        dx, dy = ARROWS[key]
        if alt:
            navigation.walk(view, dx, dy)
        else:
            step = 10 if shift else 1
            c.nudge(dx * step, dy * step)
        return True
    if key in (K.Key_Tab, K.Key_Backtab):
        navigation.cycle(view, backwards=shift or key == K.Key_Backtab)
        return True
    if shift and key in (K.Key_1, K.Key_Exclam):
        view.zoom_to_fit()
        return True
    if shift and key in (K.Key_2, K.Key_At, K.Key_QuoteDbl):
        view.zoom_to_selection()
        return True
    if alt:
        return False
    if key == K.Key_Space:
        if not event.isAutoRepeat():
            view.space_held = True
            view.setCursor(Qt.CursorShape.OpenHandCursor)
        return True
    if key == K.Key_Escape:
        escape(view)
        return True
    if key in (K.Key_Delete, K.Key_Backspace):
        c.delete()
        return True
    if key in (K.Key_Return, K.Key_Enter, K.Key_F2):
        c.edit_text()
        return True
    if shift:
        return False
    if key in TOOL_KEYS:
        view.set_tool(TOOL_KEYS[key])
        return True
    if key in (K.Key_I, K.Key_Slash):
        if view.pending_icon:
            view.set_tool("icon")
        else:
            view.insertRequested.emit()
        return True
    if key == K.Key_G:
        view.set_grid_visible(not view.grid_visible)
        return True
    if key == K.Key_Q:
        view.tool_locked = not view.tool_locked
        return True
    return False


def escape(view: CanvasView) -> None:
    """Escape peels one layer: the gesture, then the tool, then the entered group, then the selection."""
    if view.tool.cancel():
        return
    if view.tool.name != "select":
        view.set_tool("select")
    elif view.entered_group is not None:
        group = view.entered_group
        view.entered_group = None
        view.set_selection([group])
    else:
        view.set_selection([])
