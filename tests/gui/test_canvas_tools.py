"""Drawing with each tool: real mouse events on a real CanvasView; assertions on the model and history."""

from __future__ import annotations

import pytest
from canvas_helpers import add, canvas, key, scene_click, scene_drag, shape
from PySide6.QtCore import Qt

from autograph_desktop.gui.canvas import TOOL_NAMES, CanvasView
from autograph_desktop.model import Connector, Frame, Icon, Path, Shape, Text

__all__ = ["canvas"]


@pytest.mark.parametrize(("tool", "shape_kind"), [("rectangle", "rectangle"), ("ellipse", "ellipse"),
                                                  ("diamond", "diamond"), ("note", "note")])
def test_drag_draws_shape_and_returns_to_select(canvas: CanvasView, tool: str, shape_kind: str) -> None:
    canvas.set_tool(tool)
    scene_drag(canvas, (100, 100), (300, 220))
    canvas.text_editor.finish(commit=True)
    shapes = [e for e in canvas.doc if isinstance(e, Shape)]
    assert len(shapes) == 1
    s = shapes[0]
    assert s.shape == shape_kind
    assert (s.x, s.y, s.w, s.h) == pytest.approx((100, 100, 200, 120))
    assert canvas.tool_name == "select"
    assert canvas.selected_ids() == [s.id]
    assert canvas.history.steps == [f"Add {tool}"]
    if tool == "note":
        assert s.style.fill == "yellow"


def test_click_draws_default_size_and_undo_removes(canvas: CanvasView) -> None:
    key(canvas, Qt.Key.Key_R)
    assert canvas.tool_name == "rectangle"
    scene_click(canvas, 400, 300)
    (s,) = list(canvas.doc)
    assert (s.w, s.h) == (160, 80)
    assert s.rect.center == pytest.approx((400, 300))
    canvas.controller.undo()
    assert len(canvas.doc) == 0
    canvas.controller.redo()
    assert len(canvas.doc) == 1


def test_tool_lock_keeps_tool(canvas: CanvasView) -> None:
    key(canvas, Qt.Key.Key_O)
    key(canvas, Qt.Key.Key_Q)
    scene_click(canvas, 200, 200)
    scene_click(canvas, 500, 200)
    assert canvas.tool_name == "ellipse"
    assert len(canvas.doc) == 2


def test_shift_draws_square(canvas: CanvasView) -> None:
    canvas.set_tool("rectangle")
    scene_drag(canvas, (100, 100), (300, 160), Qt.KeyboardModifier.ShiftModifier)
    (s,) = list(canvas.doc)
    assert s.w == pytest.approx(s.h)


def test_frame_tool_adopts_enclosed_elements(canvas: CanvasView) -> None:
    inner = shape(150, 150)
    add(canvas, inner)
    canvas.set_tool("frame")
    scene_drag(canvas, (100, 100), (400, 400))
    frame = next(e for e in canvas.doc if isinstance(e, Frame))
    assert canvas.doc[inner.id].parent == frame.id
    canvas.controller.undo()
    assert canvas.doc[inner.id].parent is None


def test_a_frame_drawn_round_the_frame_it_starts_in_goes_beside_it(canvas: CanvasView) -> None:
    """Its centre lies in the old frame, but it encloses it: it adopts the old frame instead of joining it
    (the two must not become each other's member)."""
    canvas.set_tool("frame")
    scene_drag(canvas, (200, 200), (400, 350))
    old = next(e for e in canvas.doc if isinstance(e, Frame))
    canvas.set_tool("frame")
    scene_drag(canvas, (150, 150), (500, 450))  # centre (325, 300): inside the old frame
    new = next(e for e in canvas.doc if isinstance(e, Frame) and e.id != old.id)
    assert new.parent is None
    assert canvas.doc[old.id].parent == new.id


def test_pen_draws_path(canvas: CanvasView) -> None:
    key(canvas, Qt.Key.Key_P)
    scene_drag(canvas, (100, 100), (300, 200), steps=20)
    (p,) = list(canvas.doc)
    assert isinstance(p, Path)
    assert len(p.points) >= 2
    assert (p.x, p.y) == pytest.approx((100, 100))


def test_connector_tool_connects_two_shapes(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(400, 100)
    add(canvas, a, b)
    key(canvas, Qt.Key.Key_A)
    scene_drag(canvas, (150, 130), (450, 130))
    conn = next(e for e in canvas.doc if isinstance(e, Connector))
    assert conn.source.element == a.id and conn.target.element == b.id
    assert conn.end_arrow == "arrow"


def test_line_tool_with_free_ends(canvas: CanvasView) -> None:
    key(canvas, Qt.Key.Key_L)
    scene_drag(canvas, (100, 100), (300, 300))
    (conn,) = list(canvas.doc)
    assert isinstance(conn, Connector)
    assert conn.source.element is None and conn.target.element is None
    assert (conn.target.x, conn.target.y) == pytest.approx((300, 300))
    assert conn.end_arrow == "none"


def test_text_tool_creates_and_edits_as_one_step(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    key(canvas, Qt.Key.Key_T)
    scene_click(canvas, 200, 200)
    assert canvas.text_editor.active
    editor = canvas.text_editor.widget
    assert editor is not None
    qtbot.keyClicks(editor, "Hello")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "world")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (t,) = list(canvas.doc)
    assert isinstance(t, Text) and t.text == "Hello\nworld"
    assert t.w > 20 and t.h > 30
    assert canvas.history.steps == ["Add text"]
    canvas.controller.undo()
    assert len(canvas.doc) == 0


def test_empty_text_leaves_nothing(canvas: CanvasView) -> None:
    canvas.set_tool("text")
    scene_click(canvas, 200, 200)
    canvas.text_editor.finish(commit=True)
    assert len(canvas.doc) == 0
    assert canvas.history.steps == []


def test_icon_tool_asks_shell_then_places_icon(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(canvas.insertRequested, timeout=500):
        key(canvas, Qt.Key.Key_I)
    canvas.pending_icon = "aws/lambda"
    canvas.set_tool("icon")
    scene_click(canvas, 300, 300)
    (icon,) = list(canvas.doc)
    assert isinstance(icon, Icon) and icon.icon == "aws/lambda"


def test_every_tool_name_is_accepted(canvas: CanvasView) -> None:
    canvas.pending_icon = "x"
    for name in TOOL_NAMES:
        canvas.set_tool(name)
        assert canvas.tool_name == name
    with pytest.raises(ValueError):
        canvas.set_tool("lasso")


def test_escape_cancels_drawing(canvas: CanvasView) -> None:
    from canvas_helpers import press, send_mouse, to_view
    from PySide6.QtCore import QEvent

    canvas.set_tool("rectangle")
    press(canvas, to_view(canvas, 100, 100))
    send_mouse(canvas, QEvent.Type.MouseMove, to_view(canvas, 200, 200), Qt.MouseButton.NoButton,
               Qt.MouseButton.LeftButton)
    key(canvas, Qt.Key.Key_Escape)
    assert len(canvas.doc) == 0
