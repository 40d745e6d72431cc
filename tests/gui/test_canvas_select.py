"""Selection and transforms: click, shift-click, rubber band (both directions), groups, move, resize,
rotate, locking, nudging; each gesture is one undo step."""

from __future__ import annotations

import pytest
from canvas_helpers import add, canvas, double_click, key, scene_click, scene_drag, shape, to_view
from PySide6.QtCore import Qt

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.model import Group, edits

__all__ = ["canvas"]
Shift = Qt.KeyboardModifier.ShiftModifier


def test_click_shift_click_and_empty_click(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(300, 100)
    add(canvas, a, b)
    scene_click(canvas, 150, 130)
    assert canvas.selected_ids() == [a.id]
    scene_click(canvas, 350, 130, Shift)
    assert canvas.selected_ids() == [a.id, b.id]
    scene_click(canvas, 350, 130, Shift)
    assert canvas.selected_ids() == [a.id]
    scene_click(canvas, 700, 600)
    assert canvas.selected_ids() == []


def test_rubber_band_contains_left_to_right_touches_right_to_left(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(300, 100)
    add(canvas, a, b)
    scene_drag(canvas, (50, 50), (250, 250))  # contains a only
    assert canvas.selected_ids() == [a.id]
    scene_drag(canvas, (320, 250), (180, 50))  # touches a (x<=200) and b
    assert set(canvas.selected_ids()) == {a.id, b.id}


def test_click_selects_outermost_group_and_double_click_enters(canvas: CanvasView) -> None:
    a, b, c = shape(100, 100), shape(300, 100), shape(500, 100)
    add(canvas, a, b, c)
    txn, inner = edits.group(canvas.doc, [a.id, b.id])
    canvas.history.execute(txn)
    txn, outer = edits.group(canvas.doc, [inner, c.id])
    canvas.history.execute(txn)
    scene_click(canvas, 150, 130)
    assert canvas.selected_ids() == [outer]
    double_click(canvas, 150, 130)
    assert canvas.selected_ids() == [inner]
    double_click(canvas, 150, 130)
    assert canvas.selected_ids() == [a.id]


def test_drag_moves_selection_as_one_undo_step(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    steps_before = len(canvas.history.steps)
    scene_drag(canvas, (150, 130), (250, 180), steps=12)
    assert (canvas.doc[a.id].x, canvas.doc[a.id].y) == pytest.approx((200, 150))
    assert len(canvas.history.steps) == steps_before + 1
    canvas.controller.undo()
    assert (canvas.doc[a.id].x, canvas.doc[a.id].y) == (100, 100)


def test_escape_mid_drag_restores(canvas: CanvasView) -> None:
    from canvas_helpers import hover, press, send_mouse
    from PySide6.QtCore import QEvent

    a = shape(100, 100)
    add(canvas, a)
    hover(canvas, to_view(canvas, 150, 130))
    press(canvas, to_view(canvas, 150, 130))
    send_mouse(canvas, QEvent.Type.MouseMove, to_view(canvas, 300, 300), Qt.MouseButton.NoButton,
               Qt.MouseButton.LeftButton)
    assert canvas.doc[a.id].x != 100
    key(canvas, Qt.Key.Key_Escape)
    assert (canvas.doc[a.id].x, canvas.doc[a.id].y) == (100, 100)
    assert canvas.history.steps == ["Add"]


def test_resize_with_handle_and_shift_keeps_aspect(canvas: CanvasView) -> None:
    a = shape(100, 100, 100, 50)
    add(canvas, a)
    canvas.set_selection([a.id])
    scene_drag(canvas, (200, 150), (300, 200))  # the south-east handle
    el = canvas.doc[a.id]
    assert (el.x, el.y, el.w, el.h) == pytest.approx((100, 100, 200, 100))
    scene_drag(canvas, (300, 200), (400, 220), Shift)
    el = canvas.doc[a.id]
    assert el.w / el.h == pytest.approx(2.0)
    assert canvas.history.steps == ["Add", "Resize", "Resize"]


def test_multi_selection_resize_scales_bounds(canvas: CanvasView) -> None:
    a, b = shape(100, 100, 100, 100), shape(300, 100, 100, 100)
    add(canvas, a, b)
    canvas.set_selection([a.id, b.id])
    scene_drag(canvas, (400, 200), (700, 300))  # selection box se corner: 300 wide -> 600
    assert canvas.doc[b.id].x == pytest.approx(500)
    assert canvas.doc[a.id].w == pytest.approx(200)
    assert canvas.doc[a.id].h == pytest.approx(200)


def test_rotate_handle_with_shift_snaps_15_degrees(canvas: CanvasView) -> None:
    a = shape(100, 100, 100, 100)
    add(canvas, a)
    canvas.set_selection([a.id])
    top = to_view(canvas, 150, 100)
    start = (top.x(), top.y() - 26)
    from canvas_helpers import drag

    drag(canvas, start, (top.x() + 200, top.y() + 40), Shift)
    assert canvas.doc[a.id].rotation % 15 == pytest.approx(0)
    assert canvas.doc[a.id].rotation != 0


def test_locked_element_is_not_selectable_by_click(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    canvas.set_selection([a.id])
    key(canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert canvas.doc[a.id].locked
    scene_click(canvas, 150, 130)
    assert canvas.selected_ids() == []
    scene_drag(canvas, (150, 130), (300, 300))  # starts a rubber band instead of moving it
    assert canvas.doc[a.id].x == 100
    canvas.controller.unlock_all()
    scene_click(canvas, 150, 130)
    assert canvas.selected_ids() == [a.id]


def test_hide_and_show_all(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    canvas.set_selection([a.id])
    canvas.controller.hide()
    scene_click(canvas, 150, 130)
    assert canvas.selected_ids() == []
    canvas.controller.show_all()
    assert not canvas.doc[a.id].hidden


def test_arrow_keys_nudge(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    canvas.set_selection([a.id])
    key(canvas, Qt.Key.Key_Right)
    key(canvas, Qt.Key.Key_Down, Shift)
    assert (canvas.doc[a.id].x, canvas.doc[a.id].y) == (101, 110)


def test_delete_and_select_all(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(300, 100)
    add(canvas, a, b)
    key(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert set(canvas.selected_ids()) == {a.id, b.id}
    key(canvas, Qt.Key.Key_Delete)
    assert len(canvas.doc) == 0
    key(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.doc) == 2
    key(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Shift)
    assert len(canvas.doc) == 0
    key(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.doc) == 0
    key(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.doc) == 0


def test_group_then_click_member_selects_group(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(300, 100)
    add(canvas, a, b)
    canvas.set_selection([a.id, b.id])
    key(canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    (gid,) = canvas.selected_ids()
    assert isinstance(canvas.doc[gid], Group)
    scene_click(canvas, 350, 130)
    assert canvas.selected_ids() == [gid]
    scene_drag(canvas, (350, 130), (350, 230))
    assert canvas.doc[a.id].y == pytest.approx(200)


def test_resize_rotated_element_keeps_opposite_edge(canvas: CanvasView) -> None:
    from autograph_desktop.model.geometry import rotate_point

    a = shape(100, 100, 100, 50, rotation=90.0)
    add(canvas, a)
    canvas.set_selection([a.id])
    west_before = rotate_point(100, 125, 150, 125, 90)
    scene_drag(canvas, (150, 175), (150, 225))  # the east handle, which a quarter turn puts at the bottom
    el = canvas.doc[a.id]
    assert (el.w, el.h, el.rotation) == pytest.approx((150, 50, 90))
    cx, cy = el.rect.center
    assert rotate_point(el.x, cy, cx, cy, 90) == pytest.approx(west_before)


@pytest.mark.parametrize("routing", ["straight", "orthogonal", "curved"])
def test_a_tight_band_around_two_shapes_takes_their_connector(canvas: CanvasView, routing: str) -> None:
    """A band holding two shapes and the connector drawn between them selects all three, whatever the
    connector's routing; a band missing part of the drawn route leaves the connector out."""
    from autograph_desktop.model import Connector, Endpoint

    a, b = shape(100, 100, 100, 60), shape(400, 260, 100, 60)
    add(canvas, a, b)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing=routing)
    add(canvas, conn)
    scene_drag(canvas, (90, 90), (510, 330))
    assert set(canvas.selected_ids()) == {a.id, b.id, conn.id}
    scene_click(canvas, 700, 600)
    scene_drag(canvas, (90, 90), (300, 330))  # holds a and half of the route
    assert canvas.selected_ids() == [a.id]


@pytest.mark.parametrize("routing", ["straight", "orthogonal"])
def test_the_selection_box_hugs_what_is_drawn(canvas: CanvasView, routing: str) -> None:
    """The dashed box, resize handles, snapping and a copied picture of a selection follow its shapes
    and the routes drawn between them, not the wider boxes connectors are indexed by."""
    from autograph_desktop.model import Connector, Endpoint, Rect

    a, b = shape(100, 100, 100, 60), shape(400, 260, 100, 60)
    add(canvas, a, b)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing=routing)
    add(canvas, conn)
    ids = [a.id, b.id, conn.id]
    canvas.set_selection(ids)
    assert canvas.selection_box() == Rect(100, 100, 400, 220)
    group_txn, group_id = edits.group(canvas.doc, ids)
    canvas.history.execute(group_txn)
    canvas.set_selection([group_id])
    assert canvas.selection_box() == Rect(100, 100, 400, 220)
    picture = canvas.grab_scene_image(1.0, [group_id], background=False)
    assert (picture.width(), picture.height()) == (400 + 32, 220 + 32)
