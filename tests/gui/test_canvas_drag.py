"""Dragging a big selection: the canvas moves a sprite of it instead of redrawing it every frame. What the
user sees mid-drag must be the diagram as it now is, and after the drop exactly a full redraw."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from canvas_helpers import Btn, differing_pixels, press, release, send_mouse, to_view
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.model import Connector, Diagram, Endpoint, History, Shape, edits

COLS, ROWS = 18, 14


def _grid(view: CanvasView) -> list[list[Shape]]:
    """Labelled shapes on a grid; each joined to its right neighbour (every fifth orthogonally) and, in
    the first column, to the one below."""
    rows = [[Shape(x=c * 120.0, y=r * 90.0, w=80, h=50, text=f"{r}.{c}", shape=("rectangle", "ellipse")[(r + c) % 2])
             for c in range(COLS)] for r in range(ROWS)]
    shapes = [s for row in rows for s in row]
    conns = [Connector(source=Endpoint(a.id), target=Endpoint(b.id), routing="orthogonal" if i % 5 == 0 else "straight")
             for i, (a, b) in enumerate((row[c], row[c + 1]) for row in rows for c in range(COLS - 1))]
    conns += [Connector(source=Endpoint(rows[r][0].id), target=Endpoint(rows[r + 1][0].id)) for r in range(ROWS - 1)]
    view.history.execute(edits.add_elements(view.doc, [*shapes, *conns]))
    return rows


@pytest.fixture
def big(qtbot) -> Iterator[CanvasView]:  # type: ignore[no-untyped-def]
    doc = Diagram()
    view = CanvasView(doc, History(doc))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_snap_enabled(False)
    view.set_zoom(0.45)
    view.camera.ox = view.camera.oy = -20.0
    view.setFocus()
    yield view


def _fresh_render(view: CanvasView) -> QImage:
    """The same document, camera and selection drawn by a new view that never saw the drag."""
    other = CanvasView(view.doc, view.history)
    other.resize(view.size())
    other.set_zoom(view.camera.zoom)
    other.camera.ox, other.camera.oy = view.camera.ox, view.camera.oy
    other.set_selection(view.selected_ids())
    image = other.grab().toImage()
    other.deleteLater()
    return image




def _move_to(view: CanvasView, pos: QPointF) -> None:
    send_mouse(view, QEvent.Type.MouseMove, pos, Btn.NoButton, Btn.LeftButton)


def _start_drag(view: CanvasView, grab: Shape) -> QPointF:
    start = to_view(view, grab.x + 40, grab.y + 25)
    press(view, start)
    _move_to(view, QPointF(start.x() + 6, start.y()))
    return start


def test_mid_drag_frames_show_the_document_as_it_is(big: CanvasView) -> None:
    rows = _grid(big)
    moving = [s.id for row in rows for s in row[:12]]
    big.set_selection(moving)
    before = big.grab().toImage()
    start = _start_drag(big, rows[3][2])
    assert big.drag_preview is not None, "a selection this big drags as a sprite"
    for step in range(1, 6):
        # Small steps: shapes do not reach their still neighbours, where the sprite would lie on top.
        _move_to(big, QPointF(start.x() + 6 + step * 2, start.y() + step))
        mid = big.grab().toImage()
        assert differing_pixels(mid, _fresh_render(big)) < 60, f"mid-drag frame {step} shows what the model holds"
    assert big.doc[rows[3][2].id].x == pytest.approx(rows[3][2].x + 16 / big.camera.zoom)
    assert differing_pixels(mid, before) > 1000, "the drag is visible"
    release(big, QPointF(start.x() + 16, start.y() + 5))
    assert big.drag_preview is None
    dropped = big.grab().toImage()
    big.layer.invalidate()
    assert dropped == big.grab().toImage(), "after the drop the canvas is a plain full redraw"
    assert big.history.undo_label == "Move"


def test_dragging_brings_parts_of_the_selection_from_off_screen(big: CanvasView) -> None:
    rows = _grid(big)
    big.set_zoom(1.0)
    big.camera.ox = big.camera.oy = 0.0
    moving = [s.id for row in rows for s in row]
    big.set_selection(moving)
    start = _start_drag(big, rows[1][1])
    assert big.drag_preview is not None
    for step in range(1, 13):  # far enough left and up that shapes from beyond the screen's edge come in
        _move_to(big, QPointF(start.x() + 6 - step * 110, start.y() - step * 40))
        mid = big.grab().toImage()
    assert big.doc[rows[-1][-1].id].x < 1000 * 1.0 + big.camera.ox, "the far corner is on screen now"
    assert differing_pixels(mid, _fresh_render(big)) < 150
    release(big, QPointF(start.x() - 1314, start.y() - 480))


def test_escape_mid_drag_puts_everything_back(big: CanvasView) -> None:
    rows = _grid(big)
    big.set_selection([s.id for row in rows for s in row[:12]])
    original = big.doc.snapshot()
    start = _start_drag(big, rows[0][0])
    _move_to(big, QPointF(start.x() + 60, start.y() + 30))
    QTest.keyClick(big, Qt.Key.Key_Escape)
    assert big.drag_preview is None
    assert big.doc.snapshot() == original
    shown = big.grab().toImage()
    big.layer.invalidate()
    assert shown == big.grab().toImage()
    release(big, QPointF(start.x() + 60, start.y() + 30))
    assert big.doc.snapshot() == original


def test_small_selections_drag_without_a_sprite(big: CanvasView) -> None:
    rows = _grid(big)
    big.set_selection([rows[0][0].id, rows[0][1].id])
    start = _start_drag(big, rows[0][0])
    assert big.drag_preview is None
    release(big, QPointF(start.x() + 6, start.y()))


def test_a_big_drag_with_hostile_elements_in_the_selection(big: CanvasView) -> None:
    """Far away, huge, self-connected, dangling and degenerate elements ride along in a sprite drag."""
    from autograph_desktop.model import Frame, Group, Path, Text

    rows = _grid(big)
    a = rows[0][0]
    hostile = [Shape(x=1e9, y=-1e9, w=50, h=50), Shape(x=-5e6, y=100, w=1e7, h=20),
               Connector(source=Endpoint(a.id), target=Endpoint(a.id)),
               Connector(source=Endpoint("missing"), target=Endpoint(x=10, y=10)), Group(),
               Text(x=50, y=50, w=10, h=10, text="word " * 5000), Path(x=0, y=0, w=0, h=0, points=()),
               Frame(x=100, y=100, w=200, h=100, text="F" * 2000, collapsed=True)]
    big.history.execute(edits.add_elements(big.doc, hostile))
    big.set_selection([e.id for e in big.doc])
    before = big.doc.snapshot()
    start = _start_drag(big, rows[2][2])
    assert big.drag_preview is not None
    for step in range(1, 4):
        _move_to(big, QPointF(start.x() + 6 + step * 5, start.y() + step * 2))
        big.grab()
    release(big, QPointF(start.x() + 21, start.y() + 6))
    assert big.drag_preview is None and big.doc.snapshot() != before
    big.history.undo()
    assert big.doc.snapshot() == before
