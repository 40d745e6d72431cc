"""Pointer, wheel, gesture and keyboard input of the canvas widget, turned into tool calls and camera moves.

Kept apart from `view.py` (painting, document and selection) as a mixin of `CanvasView`: everything here
reads or drives state the view owns, and nothing here is used by anything but the view.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from autograph_desktop.gui.canvas import keys
from autograph_desktop.gui.canvas.tools.base import Pointer
from autograph_desktop.gui.canvas.tooltips import show_tooltip
from autograph_desktop.gui.mime import INSERT_MIME

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.camera import Camera
    from autograph_desktop.gui.canvas.minimap import Minimap
    from autograph_desktop.gui.canvas.text_editor import InPlaceTextEditor
    from autograph_desktop.gui.canvas.tools.base import Tool
    from autograph_desktop.gui.canvas.view import CanvasView
    from autograph_desktop.model import Diagram, Element

    _Base = QWidget
else:
    _Base = object


class CanvasInput(_Base):
    """Input handlers of CanvasView (see the module docstring)."""

    def as_view(self) -> CanvasView:
        from autograph_desktop.gui.canvas.view import CanvasView

        assert isinstance(self, CanvasView)
        return self

    if TYPE_CHECKING:
        camera: Camera
        tool: Tool
        text_editor: InPlaceTextEditor
        minimap: Minimap
        doc: Diagram
        space_held: bool
        last_scene_pos: tuple[float, float] | None
        _pan_from: tuple[float, float] | None
        _selection: list[str]
        entered_group: str | None
        hover_id: str | None
        cursorScenePosChanged: Signal

        @property
        def zoom(self) -> float: ...
        def pan_by(self, dvx: float, dvy: float) -> None: ...
        def zoom_gesture(self, z: float, anchor: tuple[float, float]) -> None: ...
        def pick_at(self, x: float, y: float, *, connectable: bool = False) -> Element | None: ...
        def set_selection(self, ids: list[str]) -> None: ...

    # ----------------------------------------------------------------- dropping from the insert panel
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(INSERT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # files go to the window, which opens them

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(INSERT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """A shape or icon dragged from the insert panel lands where it is dropped."""
        if not event.mimeData().hasFormat(INSERT_MIME):
            event.ignore()
            return
        try:
            payload = json.loads(bytes(event.mimeData().data(INSERT_MIME).data()).decode("utf-8"))
            kind, item_id, label = str(payload["kind"]), str(payload["id"]), str(payload.get("label", ""))
        except (ValueError, KeyError, TypeError):
            event.ignore()
            return
        pos = event.position()
        at = self.camera.to_scene(pos.x(), pos.y())
        controller = self.as_view().controller
        if kind == "shape":
            controller.insert_shape(item_id, at=at)
        elif kind == "icon":
            controller.insert_icon(item_id, label, at=at)
        else:
            event.ignore()
            return
        event.acceptProposedAction()
        self.setFocus()

    # ----------------------------------------------------------------- pointer
    def _pointer(self, event: QMouseEvent) -> Pointer:
        pos = event.position()
        x, y = self.camera.to_scene(pos.x(), pos.y())
        return Pointer(x, y, pos.x(), pos.y(), event.button(), event.buttons(), event.modifiers())

    def begin_pan(self, p: Pointer) -> None:
        self._pan_from = (p.vx, p.vy)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.text_editor.active:
            self.text_editor.finish(commit=True)
        p = self._pointer(event)
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self.space_held):
            self.begin_pan(p)
            return
        if self.minimap.isVisible() and self.minimap.geometry().contains(event.position().toPoint()):
            return
        self.tool.press(p)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        p = self._pointer(event)
        self.last_scene_pos = (p.x, p.y)
        self.cursorScenePosChanged.emit(p.x, p.y)
        if self._pan_from is not None:
            self.pan_by(p.vx - self._pan_from[0], p.vy - self._pan_from[1])
            self._pan_from = (p.vx, p.vy)
            return
        self.tool.move(p)
        if self.tool.busy:
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        p = self._pointer(event)
        if self._pan_from is not None:
            self._pan_from = None
            self.setCursor(Qt.CursorShape.OpenHandCursor if self.space_held else self.tool.cursor)
            return
        self.tool.release(p)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p = self._pointer(event)
        self.tool.cancel()
        self.tool.double_click(p)

    def leaveEvent(self, event: QEvent) -> None:
        if self.hover_id is not None and not self.tool.busy:
            self.hover_id = None
            self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        pos = event.position()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.pixelDelta().y()
            self.zoom_gesture(self.zoom * (1.0015 ** delta), (pos.x(), pos.y()))
        else:
            pixel = event.pixelDelta()
            dx, dy = (pixel.x(), pixel.y()) if not pixel.isNull() else (
                event.angleDelta().x() / 2, event.angleDelta().y() / 2)
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not dx:
                dx, dy = dy, 0
            self.pan_by(dx, dy)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if (isinstance(event, QNativeGestureEvent)
                and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture):
            pos = event.position()
            value = event.value()
            if math.isfinite(value) and value > -1:
                self.zoom_gesture(self.zoom * (1.0 + value), (pos.x(), pos.y()))
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            x, y = self.camera.to_scene(event.pos().x(), event.pos().y())
            show_tooltip(self, event, self.pick_at(x, y))
            return True
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and not self.text_editor.active and keys.is_canvas_key(event)):
            event.accept()
            return True
        return super().event(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab belongs to the canvas: it walks through elements (see `navigation`)."""
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not keys.handle_key_press(self.as_view(), event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            if self._pan_from is None:
                self.setCursor(self.tool.cursor)
            return
        super().keyReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        from autograph_desktop.gui.canvas.context_menu import build_context_menu

        pos = event.pos()
        x, y = self.camera.to_scene(pos.x(), pos.y())
        self.last_scene_pos = (x, y)
        el = self.pick_at(x, y)
        if el is not None and el.id not in self._selection:
            from autograph_desktop.gui.canvas.hits import select_target

            self.set_selection([select_target(self.doc, el, self.entered_group).id])
        menu = build_context_menu(self.as_view(), el)
        menu.exec(event.globalPos())

