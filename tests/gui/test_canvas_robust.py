"""Hostile and huge documents: the canvas paints, picks, navigates and edits them without failing."""

from __future__ import annotations

import math

from canvas_helpers import add, canvas, key, scene_click, scene_drag, shape
from PySide6.QtCore import Qt

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.accessibility import interface_for
from autograph_desktop.model import Connector, Diagram, Endpoint, Frame, Group, History, Path, Text

__all__ = ["canvas"]


def _hostile() -> list[object]:
    a = shape(0, 0, 0, 0)  # zero-sized
    far = shape(1e9, -1e9, 50, 50, text="far away")
    wide = shape(-5e6, 100, 1e7, 20)  # spans thousands of index cells
    loop = Connector(source=Endpoint(a.id), target=Endpoint(a.id))
    dangling = Connector(source=Endpoint("missing"), target=Endpoint(x=10, y=10))
    empty_group = Group()
    orphan = shape(300, 300, parent="no-such-parent")
    text = Text(x=50, y=50, w=10, h=10, text="word " * 20_000)
    path = Path(x=0, y=0, w=0, h=0, points=())
    frame = Frame(x=100, y=100, w=200, h=100, text="F" * 5000, collapsed=True)
    return [a, far, wide, loop, dangling, empty_group, orphan, text, path, frame]


def test_hostile_document_paints_picks_and_navigates(canvas: CanvasView) -> None:
    add(canvas, *_hostile())
    canvas.grab()
    canvas.zoom_to_fit()
    assert math.isfinite(canvas.zoom) and canvas.zoom >= 0.02
    canvas.grab()
    canvas.zoom_100()
    canvas.set_rulers_visible(True)
    canvas.set_minimap_visible(True)
    canvas.grab()
    for _ in range(12):
        key(canvas, Qt.Key.Key_Tab)
    key(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    canvas.controller.paste(at_cursor=False)
    canvas.controller.group()
    canvas.controller.align("left")
    canvas.controller.distribute("horizontal")
    canvas.grab()
    iface = interface_for(canvas)
    names = [iface.child(i).text(0) for i in range(iface.childCount())]  # type: ignore[arg-type]
    assert len(names) == iface.childCount()
    while canvas.history.can_undo:
        canvas.controller.undo()
    assert len(canvas.doc) == 0  # every step, the first "Add" included, undid cleanly


def test_gestures_on_empty_and_degenerate_input(canvas: CanvasView) -> None:
    scene_click(canvas, 10, 10)
    scene_drag(canvas, (10, 10), (10, 10))
    for name in ("rectangle", "pen", "connector", "line", "frame"):
        canvas.set_tool(name)
        scene_drag(canvas, (50, 50), (50, 50))
        canvas.set_tool("select")
    canvas.controller.group()
    canvas.controller.ungroup()
    canvas.controller.delete()
    canvas.controller.nudge(5, 5)
    canvas.controller.edit_text()
    canvas.controller.toggle_frame_collapsed()
    canvas.zoom_to_selection()
    canvas.zoom_to_fit()
    # Zero-length drags: shapes and frames get their default size, pen/connector/line make nothing; the
    # frame (selected last) adopted the rectangle, so deleting it took both.
    assert canvas.history.steps == ["Add rectangle", "Add frame", "Delete"]
    assert len(canvas.doc) == 0


def test_ten_thousand_elements_select_all_and_move(canvas: CanvasView) -> None:
    elements = [shape((i % 100) * 30, (i // 100) * 30, 20, 20) for i in range(10_000)]
    doc = Diagram(elements=[e.evolve(z=f"a{i:05d}") for i, e in enumerate(elements)])
    canvas.set_document(doc, History(doc))
    canvas.grab()
    key(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_ids()) == 10_000
    key(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert doc[elements[-1].id].x == elements[-1].x + 10
    canvas.grab()
    canvas.controller.undo()
    assert doc[elements[-1].id].x == elements[-1].x
