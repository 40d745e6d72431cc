"""View features: zoom and pan around the cursor, fit/selection/100%, grid and guide snapping, frames,
keyboard-only work, in-place text editing of shapes, accessibility, rendering."""

from __future__ import annotations

import itertools
import math

import pytest
from canvas_helpers import add, canvas, double_click, key, scene_click, scene_drag, shape, to_view
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.camera import MAX_ZOOM, MIN_ZOOM
from autograph_desktop.model import Connector, Diagram, Endpoint, Frame, History, Style, Text, edits
from autograph_desktop.render.routes import connector_path

__all__ = ["canvas"]
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def wheel(view: CanvasView, pos: QPointF, dy: int, modifiers: Qt.KeyboardModifier, dx: int = 0) -> None:
    event = QWheelEvent(pos, QPointF(view.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(dx, dy),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, event)


def test_ctrl_wheel_zooms_around_cursor(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    pos = QPointF(300, 200)
    before = canvas.camera.to_scene(pos.x(), pos.y())
    with qtbot.waitSignal(canvas.zoomChanged, timeout=500):
        wheel(canvas, pos, 240, Ctrl)
    assert canvas.zoom > 1.3
    assert canvas.camera.to_scene(pos.x(), pos.y()) == pytest.approx(before)
    for _ in range(50):
        wheel(canvas, pos, 1200, Ctrl)
    assert canvas.zoom == MAX_ZOOM
    for _ in range(80):
        wheel(canvas, pos, -1200, Ctrl)
    assert canvas.zoom == MIN_ZOOM


def test_wheel_pans_and_shift_wheel_pans_horizontally(canvas: CanvasView) -> None:
    wheel(canvas, QPointF(100, 100), -240, Qt.KeyboardModifier.NoModifier)
    assert canvas.camera.oy == pytest.approx(120)
    wheel(canvas, QPointF(100, 100), -240, Shift)
    assert canvas.camera.ox == pytest.approx(120)


def test_space_drag_and_middle_drag_pan(canvas: CanvasView) -> None:
    from canvas_helpers import drag

    a = shape(100, 100)
    add(canvas, a)
    key(canvas, Qt.Key.Key_H)
    drag(canvas, (500, 500), (400, 450))
    assert (canvas.camera.ox, canvas.camera.oy) == pytest.approx((100, 50))
    drag(canvas, (500, 500), (600, 550), button=Qt.MouseButton.MiddleButton)
    assert (canvas.camera.ox, canvas.camera.oy) == pytest.approx((0, 0))
    assert canvas.doc[a.id].x == 100


def test_zoom_commands(canvas: CanvasView) -> None:
    add(canvas, shape(0, 0, 100, 100), shape(3000, 2000, 100, 100))
    key(canvas, Qt.Key.Key_1, Shift)
    visible = canvas.camera.visible(canvas.width(), canvas.height())
    assert visible.contains(0, 0) and visible.contains(3100, 2100)
    key(canvas, Qt.Key.Key_0, Ctrl)
    assert canvas.zoom == 1.0
    key(canvas, Qt.Key.Key_Equal, Ctrl)
    assert canvas.zoom == 1.25
    key(canvas, Qt.Key.Key_Minus, Ctrl)
    key(canvas, Qt.Key.Key_Minus, Ctrl)
    assert canvas.zoom == 0.9
    canvas.set_selection([next(iter(canvas.doc)).id])
    canvas.zoom_to_selection()
    assert canvas.camera.visible(canvas.width(), canvas.height()).contains(50, 50)
    canvas.set_zoom(float("nan"))
    assert math.isfinite(canvas.zoom)


def test_snap_to_grid_while_moving_and_drawing(canvas: CanvasView) -> None:
    canvas.set_snap_enabled(True)
    a = shape(100, 100)
    add(canvas, a)
    scene_drag(canvas, (150, 130), (177, 141))
    el = canvas.doc[a.id]
    assert el.x % 20 == 0 and el.y % 20 == 0
    canvas.set_tool("rectangle")
    scene_drag(canvas, (503, 497), (698, 611))
    new = next(e for e in canvas.doc if e.id != a.id)
    assert (new.x, new.y, new.rect.right, new.rect.bottom) == (500, 500, 700, 620)


def test_smart_guides_snap_to_neighbour_edges(canvas: CanvasView) -> None:
    canvas.set_snap_enabled(True)
    canvas.grid_size = 1000.0  # grid far away: only guides can explain the snap
    anchor, moving = shape(100, 100, 100, 60), shape(400, 300, 100, 60)
    add(canvas, anchor, moving)
    from canvas_helpers import hover, press, release, send_mouse
    from PySide6.QtCore import QEvent

    start = to_view(canvas, 450, 330)
    hover(canvas, start)
    press(canvas, start)
    for x in (440, 300, 153):
        send_mouse(canvas, QEvent.Type.MouseMove, to_view(canvas, x, 330), Qt.MouseButton.NoButton,
                   Qt.MouseButton.LeftButton)
    assert [(g.axis, g.pos) for g in canvas.guides] == [("x", 100)]
    canvas.grab()  # guides paint
    release(canvas, to_view(canvas, 153, 330))
    assert canvas.doc[moving.id].x == pytest.approx(100)  # left edges lined up (3px away snapped)
    assert canvas.guides == []


def test_grid_toggle_key(canvas: CanvasView) -> None:
    assert canvas.grid_visible
    key(canvas, Qt.Key.Key_G)
    assert not canvas.grid_visible


def test_frames_carry_members_and_adopt_dropped_elements(canvas: CanvasView) -> None:
    frame = Frame(x=100, y=100, w=400, h=300, text="Zone")
    inside, outside = shape(150, 150, parent=frame.id), shape(700, 150)
    add(canvas, frame, inside, outside)
    scene_drag(canvas, (110, 90), (210, 140))  # by the title tab
    assert (canvas.doc[inside.id].x, canvas.doc[inside.id].y) == (250, 200)
    scene_drag(canvas, (750, 180), (350, 300))  # drop the outsider into the frame
    assert canvas.doc[outside.id].parent == frame.id
    assert canvas.history.steps[-1] == "Move"
    canvas.controller.undo()
    assert canvas.doc[outside.id].parent is None and canvas.doc[outside.id].x == 700
    scene_drag(canvas, (300, 230), (900, 600))  # drag the member out of the frame
    assert canvas.doc[inside.id].parent is None


def test_collapsed_frame_hides_members(canvas: CanvasView) -> None:
    frame = Frame(x=100, y=100, w=400, h=300, text="Zone")
    inside = shape(150, 150, parent=frame.id)
    add(canvas, frame, inside)
    canvas.set_selection([frame.id])
    canvas.controller.toggle_frame_collapsed()
    assert canvas.doc[frame.id].collapsed  # type: ignore[attr-defined]
    scene_click(canvas, 200, 180)
    assert canvas.selected_ids() == []
    canvas.controller.undo()
    scene_click(canvas, 200, 180)
    assert canvas.selected_ids() == [inside.id]


def test_nested_frames(canvas: CanvasView) -> None:
    outer = Frame(x=0, y=100, w=800, h=500, text="Outer")
    add(canvas, outer)
    canvas.set_tool("frame")
    scene_drag(canvas, (100, 200), (400, 450))
    inner = next(e for e in canvas.doc if isinstance(e, Frame) and e.id != outer.id)
    assert inner.parent == outer.id
    canvas.set_tool("rectangle")
    scene_click(canvas, 250, 320)
    rect = next(e for e in canvas.doc if e.kind == "shape")
    assert rect.parent == inner.id
    scene_drag(canvas, (20, 90), (120, 90))  # move outer by its title tab: everything follows
    assert canvas.doc[rect.id].x == pytest.approx(rect.x + 100)


def test_double_click_shape_edits_text_and_click_away_commits(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = shape(100, 100, 200, 100, text="old")
    add(canvas, a)
    double_click(canvas, 200, 150)
    editor = canvas.text_editor.widget
    assert editor is not None and editor.toPlainText() == "old"
    qtbot.keyClicks(editor, "Payment service")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "v2")
    assert canvas.doc[a.id].text == "old"  # nothing is written while typing
    scene_click(canvas, 700, 600)
    assert canvas.doc[a.id].text == "Payment service\nv2"
    assert canvas.history.steps[-1] == "Edit text"


def test_double_click_empty_canvas_creates_text(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    double_click(canvas, 400, 400)
    qtbot.keyClicks(canvas.text_editor.widget, "note")
    qtbot.keyClick(canvas.text_editor.widget, Qt.Key.Key_Return, Shift)
    (t,) = list(canvas.doc)
    assert isinstance(t, Text) and t.text == "note"


def test_huge_text_is_capped(canvas: CanvasView) -> None:
    a = shape(100, 100, text="x" * 500_000)
    add(canvas, a)
    canvas.grab()
    canvas.set_selection([a.id])
    canvas.controller.edit_text()
    canvas.text_editor.finish(commit=True)
    assert len(canvas.doc[a.id].text) <= 500_000


def test_keyboard_only_workflow(canvas: CanvasView) -> None:
    a, b, c = shape(100, 100), shape(400, 100), shape(100, 400)
    add(canvas, a, b, c)
    for src, dst in ((a, b), (a, c)):
        canvas.history.execute(edits.add(canvas.doc, Connector(source=Endpoint(src.id), target=Endpoint(dst.id))))
    key(canvas, Qt.Key.Key_Tab)
    assert canvas.selected_ids() == [a.id]
    key(canvas, Qt.Key.Key_Tab)
    assert canvas.selected_ids() == [b.id]
    key(canvas, Qt.Key.Key_Tab, Shift)
    assert canvas.selected_ids() == [a.id]
    key(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert canvas.selected_ids() == [c.id]
    key(canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    key(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert canvas.selected_ids() == [b.id]
    key(canvas, Qt.Key.Key_Right, Shift)
    assert canvas.doc[b.id].x == 410
    key(canvas, Qt.Key.Key_Return)
    assert canvas.text_editor.active
    QApplication.sendEvent  # noqa: B018 - the editor now has focus
    canvas.text_editor.finish(commit=True)
    key(canvas, Qt.Key.Key_Escape)
    assert canvas.selected_ids() == []


def test_tab_scrolls_far_element_into_view(canvas: CanvasView) -> None:
    far = shape(5000, 5000)
    add(canvas, far)
    key(canvas, Qt.Key.Key_Tab)
    assert canvas.camera.visible(canvas.width(), canvas.height()).contains_rect(far.rect)


def test_accessibility_tree(canvas: CanvasView) -> None:
    from autograph_desktop.gui.canvas.accessibility import interface_for

    a, b = shape(100, 100, text="Client"), shape(400, 100, text="Server")
    add(canvas, a, b)
    canvas.history.execute(edits.add(canvas.doc, Connector(source=Endpoint(a.id), target=Endpoint(b.id))))
    iface = interface_for(canvas)
    assert iface.text(QAccessible.Text.Name) == "Diagram canvas"
    assert iface.childCount() == 3
    first = iface.child(0)
    assert first.text(QAccessible.Text.Name) == "Client"
    assert "to Server" in first.text(QAccessible.Text.Description)
    assert first.role() == QAccessible.Role.Graphic
    link = iface.child(2)
    assert "from Client to Server" in link.text(QAccessible.Text.Description)
    canvas.set_selection([b.id])
    assert iface.focusChild().text(QAccessible.Text.Name) == "Server"
    assert canvas.accessibleName() == "Diagram canvas"


def test_renders_selection_and_theme(canvas: CanvasView) -> None:
    a = shape(100, 100, 200, 100, text="Hello")
    add(canvas, a)
    canvas.set_selection([a.id])
    canvas.set_rulers_visible(True)
    canvas.set_minimap_visible(True)
    image = canvas.grab().toImage()
    handle = to_view(canvas, 300, 200)
    assert image.pixelColor(int(handle.x()), int(handle.y())) != QColor("#fbfbfd")
    canvas.set_canvas_theme("dark")
    dark = canvas.grab().toImage()
    assert dark.pixelColor(600, 600).lightness() < 60
    with pytest.raises(ValueError):
        canvas.set_canvas_theme("neon")
    scene = canvas.grab_scene_image(2.0)
    assert scene.width() >= 400


def test_minimap_click_navigates(canvas: CanvasView) -> None:
    from canvas_helpers import click

    add(canvas, shape(0, 0), shape(4000, 3000))
    canvas.set_minimap_visible(True)
    mini = canvas.minimap
    before = (canvas.camera.ox, canvas.camera.oy)
    click(mini, QPointF(mini.width() - 10, mini.height() - 10))  # type: ignore[arg-type]
    assert (canvas.camera.ox, canvas.camera.oy) != before


def test_set_document_switches(canvas: CanvasView) -> None:
    from autograph_desktop.model import Diagram, History

    add(canvas, shape(0, 0))
    doc2 = Diagram()
    canvas.set_document(doc2, History(doc2))
    assert canvas.selected_ids() == []
    scene_click(canvas, 50, 30)
    assert canvas.selected_ids() == []


def test_pinch_zooms_around_the_fingers(canvas: CanvasView) -> None:
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    pos = QPointF(250, 150)
    before = canvas.camera.to_scene(pos.x(), pos.y())
    for value in (0.1, 0.1, float("nan"), -5.0):
        event = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture, QPointingDevice.primaryPointingDevice(),
                                    2, pos, pos, QPointF(canvas.mapToGlobal(pos.toPoint())), value, QPointF(0, 0))
        QApplication.sendEvent(canvas, event)
    assert canvas.zoom == pytest.approx(1.21)
    assert canvas.camera.to_scene(pos.x(), pos.y()) == pytest.approx(before)
    canvas.grab()  # mid-gesture frame (scaled picture)
    canvas.settle_zoom()
    canvas.grab()


def test_context_menus_offer_relevant_actions(canvas: CanvasView) -> None:
    from autograph_desktop.gui.canvas.context_menu import build_context_menu

    a, b = shape(100, 100), shape(300, 160)
    add(canvas, a, b)
    conn = Connector(source=Endpoint(a.id), target=Endpoint(b.id))
    canvas.history.execute(edits.add(canvas.doc, conn))
    empty = [act.text() for act in build_context_menu(canvas, None).actions()]
    assert "Paste" in empty and "Select all" in empty
    canvas.set_selection([conn.id])
    menu = build_context_menu(canvas, canvas.doc[conn.id])
    titles = [act.text() for act in menu.actions()]
    assert {"Cut", "Copy", "Duplicate", "Delete", "Lock", "Copy style", "Edit text"} <= set(titles)
    routing = next(act.menu() for act in menu.actions() if act.text() == "Routing")
    next(act for act in routing.actions() if act.text() == "Orthogonal").trigger()
    assert canvas.doc[conn.id].routing == "orthogonal"  # type: ignore[attr-defined]
    canvas.set_selection([a.id, b.id])
    menu = build_context_menu(canvas, canvas.doc[a.id])
    align = next(act.menu() for act in menu.actions() if act.text() == "Align")
    next(act for act in align.actions() if act.text() == "Top").trigger()
    assert canvas.history.steps[-1] == "Align top"


def test_cursor_position_signal_and_slash_key(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    from canvas_helpers import hover

    with qtbot.waitSignal(canvas.cursorScenePosChanged, timeout=500) as blocker:
        hover(canvas, QPointF(120, 80))
    assert blocker.args == pytest.approx([120, 80])
    with qtbot.waitSignal(canvas.insertRequested, timeout=500):
        key(canvas, Qt.Key.Key_Slash)


def test_dirty_region_repaint_matches_full_repaint(canvas: CanvasView) -> None:
    a, b = shape(100, 100, text="A"), shape(400, 300, text="B")
    add(canvas, a, b)
    canvas.grab()
    canvas.history.execute(edits.move(canvas.doc, [a.id], 37, 11))
    partial = canvas.grab().toImage()
    canvas.layer.invalidate()
    full = canvas.grab().toImage()
    assert partial == full


def test_pan_scroll_cache_matches_full_repaint(canvas: CanvasView) -> None:
    add(canvas, shape(100, 100, text="A"), Frame(x=300, y=200, w=300, h=200, text="F"))
    canvas.grab()
    canvas.pan_by(-23, 17)
    scrolled = canvas.grab().toImage()
    canvas.layer.invalidate()
    assert scrolled == canvas.grab().toImage()


def test_space_drag_pans_in_select_tool(canvas: CanvasView) -> None:
    from canvas_helpers import drag
    from PySide6.QtTest import QTest

    a = shape(100, 100)
    add(canvas, a)
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    drag(canvas, to_view(canvas, 150, 130), to_view(canvas, 250, 130))
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.camera.ox == pytest.approx(-100)
    assert canvas.doc[a.id].x == 100 and canvas.selected_ids() == []


def test_orthogonal_connector_near_change_repaints_exactly(canvas: CanvasView) -> None:
    a, b, c = shape(100, 100), shape(500, 300), shape(300, 180)
    add(canvas, a, b, c)
    canvas.history.execute(edits.add(canvas.doc, Connector(source=Endpoint(a.id), target=Endpoint(b.id),
                                                           routing="orthogonal")))
    canvas.grab()
    canvas.history.execute(edits.move(canvas.doc, [c.id], 0, 40))
    partial = canvas.grab().toImage()
    canvas.layer.invalidate()
    assert partial == canvas.grab().toImage()


_HIDPI_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
sys.path.insert(0, "tests/gui")
from canvas_helpers import add, shape
from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.model import Diagram, History
doc = Diagram()
view = CanvasView(doc, History(doc))
view.resize(400, 300)
view.show()
add(view, shape(50, 50, 120, 60, text="crisp"))
first = view.grab()
view.pan_by(-13, 7)
scrolled = view.grab().toImage()
view.layer.invalidate()
full = view.grab().toImage()
print(first.devicePixelRatio(), first.width(), scrolled == full)
"""


def test_high_dpi_renders_at_device_resolution() -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    out = subprocess.run([sys.executable, "-c", _HIDPI_SCRIPT], capture_output=True, text=True, env=env,
                         timeout=120, check=True, cwd=os.getcwd())
    ratio, width, same = out.stdout.split()
    assert float(ratio) == 2.0 and int(width) == 800 and same == "True"


def test_accessibility_notifications_when_active(canvas: CanvasView) -> None:
    from autograph_desktop.gui.canvas import navigation

    a, b = shape(100, 100, text="One"), shape(300, 100, text="Two")
    add(canvas, a, b)
    QAccessible.setActive(True)
    try:
        key(canvas, Qt.Key.Key_Tab)
        navigation.notify_accessibility(canvas)
        canvas.history.execute(edits.delete(canvas.doc, [a.id]))
        navigation.notify_accessibility(canvas)
        iface = QAccessible.queryAccessibleInterface(canvas)
        assert iface is not None and iface.childCount() == 1
        assert iface.child(0).text(QAccessible.Text.Name) == "Two"
    finally:
        QAccessible.setActive(False)


def _moved_things() -> dict[str, list[object]]:
    from autograph_desktop.model import ConnectorLabel, Icon, Shape

    a, b = shape(100, 420, text="A"), shape(500, 420, text="B")
    return {
        "icon label below": [Icon(x=100, y=100, w=48, h=48, icon="fa5s.server", text="A long label under the icon")],
        "actor label below": [Shape(x=400, y=100, w=60, h=40, shape="actor", text="User actor label")],
        "frame title tab": [Frame(x=100, y=250, w=260, h=100, text="A frame title that is long")],
        "rotated text": [shape(600, 250, 160, 50, text="rotated with a long label", rotation=35)],
        "connector label": [a, b, Connector(source=Endpoint(a.id), target=Endpoint(b.id),
                                            labels=(ConnectorLabel("a label wider than the gap", 0.5),))],
    }


@pytest.mark.parametrize("what", list(_moved_things()))
def test_moving_leaves_no_trace_of_what_an_element_draws_outside_its_box(canvas: CanvasView, what: str) -> None:
    """Labels under icons, frame tabs, rotated text and connector labels reach outside the element's box;
    the partial repaint after a move must still erase them where they were."""
    elements = _moved_things()[what]
    add(canvas, *elements)
    canvas.grab()
    moved = [e.id for e in elements if not isinstance(e, Connector)][:1]  # type: ignore[attr-defined]
    canvas.history.execute(edits.move(canvas.doc, moved, 30, 70))
    partial = canvas.grab().toImage()
    canvas.layer.invalidate()
    assert partial == canvas.grab().toImage()


def test_zoomed_out_edits_repaint_exactly_as_a_full_redraw(canvas: CanvasView) -> None:
    """Far out, a big diagram is drawn in the batched overview style; the part repainted after an edit must
    be drawn in that style too, not in the detailed one (the seam would show)."""
    shapes = [shape((i % 50) * 160.0, (i // 50) * 100.0, 120, 60, text=f"n{i}") for i in range(1000)]
    links = [Connector(source=Endpoint(a.id), target=Endpoint(b.id)) for a, b in itertools.pairwise(shapes)]
    add(canvas, *shapes, *links)
    canvas.zoom_to_fit()
    canvas.grab()
    for dx in (40.0, -25.0):
        canvas.history.execute(edits.move(canvas.doc, [shapes[420].id], dx, 30))
        partial = canvas.grab().toImage()
        canvas.layer.invalidate()
        assert partial == canvas.grab().toImage()


def test_a_big_diagram_prepares_its_zoomed_out_drawing_while_idle(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    shapes = [shape((i % 60) * 160.0, (i // 60) * 100.0, 120, 60) for i in range(2000)]
    add(canvas, *shapes)
    assert canvas.preparing_overview
    qtbot.waitUntil(lambda: not canvas.preparing_overview, timeout=20_000)
    canvas.history.execute(edits.move(canvas.doc, [shapes[0].id], 10, 0))
    assert canvas.preparing_overview, "an edit starts the idle work again"
    qtbot.waitUntil(lambda: not canvas.preparing_overview, timeout=20_000)
    canvas.zoom_to_fit()
    shown = canvas.grab().toImage()
    canvas.layer.invalidate()
    assert shown == canvas.grab().toImage()


def _ink(canvas: CanvasView, scene: tuple[float, float, float, float]) -> int:
    """Dark pixels (lines, text) the canvas shows inside a scene rectangle."""
    image = canvas.grab().toImage()
    x0, y0 = canvas.camera.to_view(scene[0], scene[1])
    x1, y1 = canvas.camera.to_view(scene[0] + scene[2], scene[1] + scene[3])
    return sum(QColor(image.pixel(x, y)).lightness() < 120
               for x in range(max(int(x0), 0), min(int(x1), image.width()))
               for y in range(max(int(y0), 0), min(int(y1), image.height())))


def test_where_only_a_detour_of_a_route_reaches_it_is_still_drawn(canvas: CanvasView) -> None:
    """An orthogonal route detours round a tall shape far beyond the box the document indexes the
    connector by; scrolled there or drawn afresh, a view showing only the detour draws it."""
    a, b, wall = shape(100, 300, 80, 50), shape(500, 300, 80, 50), shape(300, -300, 60, 800)
    add(canvas, a, b, wall)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    add(canvas, conn)
    bottom = max(y for _, y in canvas.route(canvas.doc[conn.id]))  # type: ignore[arg-type]
    assert bottom > 500, "the route goes round under the wall"
    reach = (290.0, bottom - 3, 80.0, 6.0)  # the stretch under the wall, far below the ends
    pans = [(0, -45)] * 11
    canvas.camera.ox, canvas.camera.oy = 0.0, 0.0
    canvas.layer.invalidate()
    canvas.grab()
    for dx, dy in pans:
        canvas.pan_by(dx, dy)
        canvas.grab()
    visible = canvas.camera.visible(canvas.width(), canvas.height())
    assert visible.contains(reach[0], reach[1]) and visible.contains(reach[0] + reach[2], reach[1] + reach[3])
    assert _ink(canvas, reach) > 5, "scrolled into view"
    canvas.layer.invalidate()
    assert _ink(canvas, reach) > 5, "drawn afresh"


def test_a_click_on_a_far_detour_selects_its_connector(canvas: CanvasView) -> None:
    a, b, wall = shape(100, 300, 80, 50), shape(500, 300, 80, 50), shape(300, -300, 60, 800)
    add(canvas, a, b, wall)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    add(canvas, conn)
    canvas.camera.ox, canvas.camera.oy = 0.0, 200.0
    canvas.grab()  # drawn once, so the canvas knows where the route goes
    bottom = max(y for _, y in canvas.route(canvas.doc[conn.id]))  # type: ignore[arg-type]
    assert bottom > 500
    scene_click(canvas, 330, bottom)
    assert canvas.selected_ids() == [conn.id]


def test_a_new_view_clicks_and_draws_a_detour_it_never_drew(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opened straight onto the detour (the connector's ends and index box off screen), a view draws the
    detour and a click on it selects the connector, before anything else was ever drawn."""
    a, b, wall = shape(100, 300, 80, 50), shape(500, 300, 80, 50), shape(300, -300, 60, 1100)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    doc = Diagram()
    History(doc).execute(edits.add_elements(doc, [a, b, wall, conn]))
    bottom = max(y for _, y in connector_path(doc, doc[conn.id]))  # type: ignore[arg-type]
    view = CanvasView(doc, History(doc))
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    view.set_zoom(1.0)
    view.camera.ox, view.camera.oy = 200.0, bottom - 100  # the detour only: the ends are 300 units above
    box = doc.bounds(conn.id)
    assert box is not None and not box.intersects(view.camera.visible(view.width(), view.height()))
    scene_click(view, 330, bottom)
    assert view.selected_ids() == [conn.id]
    view.set_selection([])
    assert _ink(view, (300.0, bottom - 3, 60.0, 6.0)) > 5


def test_an_edit_after_a_pan_not_yet_drawn_repaints_the_right_pixels(canvas: CanvasView) -> None:
    """A pan and then an edit before the next frame: the edit's dirty area must land where the cached
    picture shows the element, not where the moved camera shows it, or the old drawing stays behind."""
    box = shape(200, 200, 160, 100, style=Style(fill="#000000"))
    add(canvas, box)
    canvas.grab()  # the cached picture: camera at the origin
    canvas.pan_by(-64, -32)  # whole pixels: the next frame shifts the cached picture
    canvas.history.execute(edits.move(canvas.doc, [box.id], 300.0, 0.0))
    inside = (506.0, 206.0, 148.0, 88.0)  # the box where it is now, short of its outline
    assert _ink(canvas, inside) == int(148 * canvas.zoom) * int(88 * canvas.zoom), "drawn whole where it is"
    assert _ink(canvas, (204.0, 204.0, 152.0, 92.0)) == 0, "no ghost where it was"


def test_collapsing_a_frame_hides_members_that_stick_out_of_it(canvas: CanvasView) -> None:
    """A member hanging over the frame's edge vanishes whole when the frame collapses and comes back whole
    when it opens, though the frame's own box covers only part of it."""
    frame = Frame(x=100, y=100, w=300, h=200, text="F")
    member = shape(300, 150, 250, 60, style=Style(fill="#000000"), parent=frame.id)
    add(canvas, frame, member)
    outside = (420.0, 160.0, 120.0, 40.0)  # the part beyond the frame's right edge
    area = int(120 * canvas.zoom) * int(40 * canvas.zoom)
    assert _ink(canvas, outside) == area
    canvas.history.execute(edits.set_fields(canvas.doc, [frame.id], "Collapse", collapsed=True))
    assert _ink(canvas, outside) == 0, "hidden with its frame"
    canvas.history.undo()
    assert _ink(canvas, outside) == area, "shown again whole"


def test_repainting_a_strip_of_overflowing_text_draws_the_text_again(canvas: CanvasView) -> None:
    """Big text in a small shape stands far out of its box; when something nearby changes, the strip
    repainted there must still show the text standing over it (found by the monkey test)."""
    big = shape(100, 100, 300, 30, text="WWW", style=Style(font_size=150, text_color="#000000"))
    add(canvas, big)
    canvas.grab()
    strip = (150.0, 200.0, 200.0, 45.0)  # 70 units below the 30-unit box, inside the glyphs
    before = _ink(canvas, strip)
    assert before > 100, "the text stands out below its box"
    mover = shape(600, 560, 200, 45)
    add(canvas, mover)
    canvas.grab()
    # Move a shape onto that strip and away again: its old and new places are repainted.
    canvas.history.execute(edits.move(canvas.doc, [mover.id], -450.0, -360.0))
    canvas.grab()
    canvas.history.execute(edits.move(canvas.doc, [mover.id], 450.0, 360.0))
    assert _ink(canvas, strip) == before
