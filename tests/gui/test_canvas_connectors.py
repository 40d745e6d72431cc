"""Connectors: drawn from connection points, attached at sides, following moved shapes, reconnected,
waypoints added/moved/removed, labels edited in place, routing switched."""

from __future__ import annotations

from itertools import pairwise

import pytest
from canvas_helpers import add, canvas, double_click, hover, key, scene_click, scene_drag, shape, to_view
from PySide6.QtCore import Qt

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.model import Connector, Endpoint, InvalidInput, edits

__all__ = ["canvas"]


def _connect(canvas: CanvasView, a: str, b: str, **kw: object) -> str:
    fields: dict[str, object] = {"source": Endpoint(a), "target": Endpoint(b), **kw}
    conn = Connector(**fields)  # type: ignore[arg-type]
    canvas.history.execute(edits.add(canvas.doc, conn))
    return conn.id


def test_drag_from_side_midpoint_attaches_at_sides(canvas: CanvasView) -> None:
    a, b = shape(100, 100, 100, 60), shape(400, 100, 100, 60)
    add(canvas, a, b)
    hover(canvas, to_view(canvas, 150, 130))  # hovering shows a's connection points
    assert canvas.hover_id == a.id
    scene_drag(canvas, (200, 130), (400, 130))  # from a's right midpoint to b's left midpoint
    conn = next(e for e in canvas.doc if isinstance(e, Connector))
    assert conn.source == Endpoint(a.id, "right", 0.5)
    assert conn.target == Endpoint(b.id, "left", 0.5)
    assert (canvas.doc[a.id].x, canvas.doc[a.id].y) == (100, 100)  # nothing moved


def test_outline_attach_uses_side_and_ratio(canvas: CanvasView) -> None:
    a, b = shape(100, 100, 100, 100), shape(400, 100, 100, 100)
    add(canvas, a, b)
    canvas.set_tool("connector")
    scene_drag(canvas, (150, 150), (402, 125))
    conn = next(e for e in canvas.doc if isinstance(e, Connector))
    assert conn.target.element == b.id and conn.target.side == "left"
    assert conn.target.ratio == pytest.approx(0.25)
    assert conn.source.element == a.id and conn.source.side is None  # floating from inside


def test_release_on_empty_space_leaves_free_end(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    canvas.set_tool("connector")
    scene_drag(canvas, (150, 130), (500, 500))
    conn = next(e for e in canvas.doc if isinstance(e, Connector))
    assert conn.source.element == a.id
    assert conn.target.element is None and (conn.target.x, conn.target.y) == pytest.approx((500, 500))


def test_connector_follows_moved_and_resized_shape(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(400, 100)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id)
    before = canvas.doc.connector_points(canvas.doc[cid])  # type: ignore[arg-type]
    scene_drag(canvas, (450, 130), (450, 330))
    after = canvas.doc.connector_points(canvas.doc[cid])  # type: ignore[arg-type]
    assert after[-1] != before[-1]
    assert after[-1][1] > before[-1][1] + 100
    assert canvas.route(canvas.doc[cid])[-1] == pytest.approx(after[-1])  # type: ignore[arg-type]


def test_reconnect_by_dragging_endpoint(canvas: CanvasView) -> None:
    a, b, c = shape(100, 100), shape(400, 100), shape(400, 400)
    add(canvas, a, b, c)
    cid = _connect(canvas, a.id, b.id)
    canvas.set_selection([cid])
    end = canvas.doc.connector_points(canvas.doc[cid])[-1]  # type: ignore[arg-type]
    scene_drag(canvas, end, (450, 430))
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.target.element == c.id
    assert canvas.history.steps[-1] == "Reconnect"
    canvas.set_selection([cid])
    end = canvas.doc.connector_points(conn)[-1]
    scene_drag(canvas, end, (800, 600))
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.target.element is None


def test_waypoints_add_move_remove(canvas: CanvasView) -> None:
    a, b = shape(100, 100, 100, 60), shape(500, 100, 100, 60)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id, source=Endpoint(a.id, "right", 0.5), target=Endpoint(b.id, "left", 0.5))
    conn = canvas.doc[cid]
    canvas.set_selection([cid])
    scene_drag(canvas, (350, 130), (350, 300))  # the segment midpoint
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.waypoints == ((350, 300),)
    scene_drag(canvas, (350, 300), (360, 320))
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.waypoints == ((360, 320),)
    double_click(canvas, 360, 320)
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.waypoints == ()


def test_double_click_connector_edits_label(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = shape(100, 100, 100, 60), shape(500, 100, 100, 60)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id, source=Endpoint(a.id, "right", 0.5), target=Endpoint(b.id, "left", 0.5))
    double_click(canvas, 300, 130)
    assert canvas.text_editor.active
    qtbot.keyClicks(canvas.text_editor.widget, "calls")
    qtbot.keyClick(canvas.text_editor.widget, Qt.Key.Key_Escape)
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and [lbl.text for lbl in conn.labels] == ["calls"]


def test_routing_and_arrows_through_controller(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(400, 300)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id)
    canvas.set_selection([cid])
    canvas.controller.set_connector_routing("orthogonal")
    canvas.controller.set_arrow("start", "diamond")
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and conn.routing == "orthogonal" and conn.start_arrow == "diamond"
    route = canvas.route(conn)
    assert all(p[0] == q[0] or p[1] == q[1] for p, q in pairwise(route))
    with pytest.raises(InvalidInput):
        canvas.controller.set_connector_routing("zigzag")
    with pytest.raises(InvalidInput):
        canvas.controller.set_arrow("middle", "arrow")


def test_orthogonal_reroutes_live_when_shape_moves(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(500, 300)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id, routing="orthogonal")
    before = canvas.route(canvas.doc[cid])  # type: ignore[arg-type]
    scene_drag(canvas, (550, 330), (550, 500))
    after = canvas.route(canvas.doc[cid])  # type: ignore[arg-type]
    assert before != after
    canvas.grab()  # paints with the moved shape without error


def test_connect_drag_cancel_with_escape(canvas: CanvasView) -> None:
    from canvas_helpers import press, send_mouse
    from PySide6.QtCore import QEvent

    a = shape(100, 100)
    add(canvas, a)
    canvas.set_tool("connector")
    press(canvas, to_view(canvas, 150, 130))
    send_mouse(canvas, QEvent.Type.MouseMove, to_view(canvas, 400, 400), Qt.MouseButton.NoButton,
               Qt.MouseButton.LeftButton)
    key(canvas, Qt.Key.Key_Escape)
    assert not any(isinstance(e, Connector) for e in canvas.doc)


def test_orthogonal_waypoint_pulled_from_drawn_route(canvas: CanvasView) -> None:
    a, b = shape(100, 100, 100, 60), shape(500, 300, 100, 60)
    add(canvas, a, b)
    cid = _connect(canvas, a.id, b.id, routing="orthogonal", source=Endpoint(a.id, "right", 0.5),
                   target=Endpoint(b.id, "left", 0.5))
    canvas.set_selection([cid])
    route = canvas.route(canvas.doc[cid])  # type: ignore[arg-type]
    longest = max(range(len(route) - 1), key=lambda i: abs(route[i][0] - route[i + 1][0])
                  + abs(route[i][1] - route[i + 1][1]))
    mid = ((route[longest][0] + route[longest + 1][0]) / 2, (route[longest][1] + route[longest + 1][1]) / 2)
    scene_drag(canvas, mid, (mid[0] + 30, mid[1] + 30))
    conn = canvas.doc[cid]
    assert isinstance(conn, Connector) and len(conn.waypoints) == 1
    assert canvas.history.steps[-1] == "Add waypoint"


@pytest.mark.parametrize("routing", ["orthogonal", "curved"])
def test_a_click_on_the_drawn_route_selects_the_connector(canvas: CanvasView, routing: str) -> None:
    """Elbows and curves leave the straight line between the ends; a click anywhere on what is drawn
    selects the connector, a click beside it does not."""
    from autograph_desktop.render.routes import point_along

    a, b = shape(40, 40, 80, 50), shape(460, 300, 80, 50)
    add(canvas, a, b)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing=routing)
    add(canvas, conn)
    route = canvas.route(canvas.doc[conn.id])  # type: ignore[arg-type]
    for t in (0.2, 0.5, 0.8):
        (x, y), (nx, ny) = point_along(route, t)
        canvas.set_selection([])
        scene_click(canvas, x, y)
        assert canvas.selected_ids() == [conn.id], f"a click at {t:.0%} of the route"
        canvas.set_selection([])
        scene_click(canvas, x + nx * 30, y + ny * 30)
        assert canvas.selected_ids() == [], f"a click 30 px beside {t:.0%} of the route"
