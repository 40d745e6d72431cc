"""Fixtures and input helpers for the canvas tests: real QMouseEvents (QTest's mouseMove holds no buttons),
scene-coordinate clicks and drags, and a ready view on a small diagram."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.model import Diagram, History, Shape, edits

Mod = Qt.KeyboardModifier
Btn = Qt.MouseButton


def to_view(view: CanvasView, x: float, y: float) -> QPointF:
    vx, vy = view.camera.to_view(x, y)
    return QPointF(vx, vy)


def send_mouse(view: CanvasView, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton,
               buttons: Qt.MouseButton, modifiers: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    global_pos = QPointF(view.mapToGlobal(pos.toPoint()))
    event = QMouseEvent(kind, pos, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(view, event)


def press(view: CanvasView, pos: QPointF, modifiers: Qt.KeyboardModifier = Mod.NoModifier,
          button: Qt.MouseButton = Btn.LeftButton) -> None:
    send_mouse(view, QEvent.Type.MouseButtonPress, pos, button, button, modifiers)


def release(view: CanvasView, pos: QPointF, modifiers: Qt.KeyboardModifier = Mod.NoModifier,
            button: Qt.MouseButton = Btn.LeftButton) -> None:
    send_mouse(view, QEvent.Type.MouseButtonRelease, pos, button, Btn.NoButton, modifiers)


def hover(view: CanvasView, pos: QPointF, modifiers: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    send_mouse(view, QEvent.Type.MouseMove, pos, Btn.NoButton, Btn.NoButton, modifiers)


def drag(view: CanvasView, start: QPointF | tuple[float, float], end: QPointF | tuple[float, float],
         modifiers: Qt.KeyboardModifier = Mod.NoModifier, steps: int = 8,
         button: Qt.MouseButton = Btn.LeftButton) -> None:
    """Press at `start`, move in steps holding the button, release at `end` (widget coordinates)."""
    a = start if isinstance(start, QPointF) else QPointF(*start)
    b = end if isinstance(end, QPointF) else QPointF(*end)
    hover(view, a, modifiers)
    press(view, a, modifiers, button)
    for i in range(1, steps + 1):
        t = i / steps
        p = QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)
        send_mouse(view, QEvent.Type.MouseMove, p, Btn.NoButton, button, modifiers)
    release(view, b, modifiers, button)


def scene_drag(view: CanvasView, start: tuple[float, float], end: tuple[float, float],
               modifiers: Qt.KeyboardModifier = Mod.NoModifier, steps: int = 8) -> None:
    drag(view, to_view(view, *start), to_view(view, *end), modifiers, steps)


def click(view: CanvasView, pos: QPointF, modifiers: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    hover(view, pos, modifiers)
    press(view, pos, modifiers)
    release(view, pos, modifiers)


def scene_click(view: CanvasView, x: float, y: float, modifiers: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    click(view, to_view(view, x, y), modifiers)


def double_click(view: CanvasView, x: float, y: float) -> None:
    pos = to_view(view, x, y)
    click(view, pos)
    send_mouse(view, QEvent.Type.MouseButtonDblClick, pos, Btn.LeftButton, Btn.LeftButton)
    release(view, pos)


def key(view: CanvasView, k: Qt.Key, modifiers: Qt.KeyboardModifier = Mod.NoModifier, text: str = "") -> None:
    QTest.keyClick(view, k, modifiers)


def differing_pixels(a: QImage, b: QImage, step: int = 2, threshold: int = 60) -> int:
    """How many sampled pixels (every `step`-th across and down) of two pictures differ by more than
    `threshold` in some colour channel: antialiasing differences stay under it, wrong drawing does not."""
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    count = 0
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            ca, cb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            if max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green()), abs(ca.blue() - cb.blue())) > threshold:
                count += 1
    return count


def shape(x: float, y: float, w: float = 100, h: float = 60, **kw: object) -> Shape:
    return Shape(x=x, y=y, w=w, h=h, **kw)  # type: ignore[arg-type]


def add(view: CanvasView, *elements: object) -> None:
    view.history.execute(edits.add_elements(view.doc, list(elements)))  # type: ignore[arg-type]


@pytest.fixture
def canvas(qtbot) -> Iterator[CanvasView]:  # type: ignore[no-untyped-def]
    """A shown 1000x700 canvas at 100% with the origin at the top-left, grid snapping off."""
    doc = Diagram()
    history = History(doc)
    view = CanvasView(doc, history)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.camera.ox = view.camera.oy = 0.0
    view.set_snap_enabled(False)
    view.setFocus()
    yield view


__all__ = ["QPoint", "add", "canvas", "click", "differing_pixels", "double_click", "drag", "hover", "key", "press",
           "release", "scene_click", "scene_drag", "shape", "to_view"]
