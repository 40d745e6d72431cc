"""Arrange commands (group, align, distribute, z-order, duplicate, styles) and the clipboard, each one undo
step; hostile clipboard payloads are ignored without touching the document."""

from __future__ import annotations

import json

import pytest
from canvas_helpers import add, canvas, key, shape
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import QGuiApplication

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.clipboard import MIME, decode
from autograph_desktop.model import Connector, Diagram, Endpoint, Group, History, InvalidInput, edits

__all__ = ["canvas"]
Ctrl = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def three(canvas: CanvasView) -> tuple[CanvasView, list[str]]:
    items = [shape(100, 100, 50, 50), shape(300, 180, 100, 40), shape(700, 140, 60, 80)]
    add(canvas, *items)
    canvas.set_selection([e.id for e in items])
    return canvas, [e.id for e in items]


@pytest.mark.parametrize(("how", "field", "values"), [
    ("left", "x", [100, 100, 100]), ("right", "right", [760, 760, 760]), ("top", "y", [100, 100, 100]),
    ("bottom", "bottom", [220, 220, 220]), ("center", "cx", [430, 430, 430]), ("middle", "cy", [160, 160, 160]),
])
def test_align(three: tuple[CanvasView, list[str]], how: str, field: str, values: list[float]) -> None:
    canvas, ids = three
    canvas.controller.align(how)
    doc = canvas.doc

    def get(i: str) -> float:
        r = doc[i].rect
        return {"x": r.x, "y": r.y, "right": r.right, "bottom": r.bottom, "cx": r.center[0], "cy": r.center[1]}[field]

    assert [get(i) for i in ids] == pytest.approx(values)
    assert canvas.history.steps[-1] == f"Align {how}"
    canvas.controller.undo()
    assert doc[ids[0]].x == 100 and doc[ids[1]].y == 180


def test_distribute_horizontal_gaps_are_equal(three: tuple[CanvasView, list[str]]) -> None:
    canvas, ids = three
    canvas.controller.distribute("horizontal")
    r = [canvas.doc[i].rect for i in ids]
    assert r[1].x - r[0].right == pytest.approx(r[2].x - r[1].right)
    canvas.controller.distribute("vertical")
    assert len(canvas.history.steps) == 3


def test_bad_arguments_raise_invalid_input(three: tuple[CanvasView, list[str]]) -> None:
    canvas, _ = three
    for call in (lambda: canvas.controller.align("diagonal"), lambda: canvas.controller.distribute("z"),
                 lambda: canvas.controller.reorder("sideways"), lambda: canvas.controller.set_style(glow=3),
                 lambda: canvas.controller.insert_shape("dodecahedron"), lambda: canvas.controller.insert_icon("")):
        with pytest.raises(InvalidInput):
            call()
    assert canvas.history.steps == ["Add"]


def test_group_ungroup_undo_redo(three: tuple[CanvasView, list[str]]) -> None:
    canvas, ids = three
    canvas.controller.group()
    (gid,) = canvas.selected_ids()
    assert all(canvas.doc[i].parent == gid for i in ids)
    canvas.controller.ungroup()
    assert gid not in canvas.doc and set(canvas.selected_ids()) == set(ids)
    canvas.controller.undo()
    assert isinstance(canvas.doc[gid], Group)
    canvas.controller.undo()
    assert gid not in canvas.doc
    canvas.controller.redo()
    assert all(canvas.doc[i].parent == gid for i in ids)


def test_reorder_duplicate_style(three: tuple[CanvasView, list[str]]) -> None:
    canvas, ids = three
    canvas.set_selection([ids[0]])
    canvas.controller.reorder("front")
    assert canvas.doc.ids()[-1] == ids[0]
    key(canvas, Qt.Key.Key_D, Ctrl)
    (copy,) = canvas.selected_ids()
    assert canvas.doc[copy].x == canvas.doc[ids[0]].x + 20
    canvas.controller.set_style(fill="red", stroke_width=4)
    assert canvas.doc[copy].style.fill == "red"
    canvas.controller.copy_style()
    canvas.set_selection([ids[1], ids[2]])
    canvas.controller.paste_style()
    assert canvas.doc[ids[2]].style.stroke_width == 4


def test_copy_paste_keeps_connections_and_pastes_at_cursor(canvas: CanvasView) -> None:
    a, b = shape(100, 100), shape(300, 100)
    add(canvas, a, b)
    conn = Connector(source=Endpoint(a.id), target=Endpoint(b.id))
    canvas.history.execute(edits.add(canvas.doc, conn))
    canvas.set_selection([a.id, b.id])
    key(canvas, Qt.Key.Key_C, Ctrl)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat(MIME) and mime.hasImage()
    canvas.last_scene_pos = (600, 500)
    canvas.controller.paste(at_cursor=True)
    new = canvas.selected_ids()
    assert len(new) == 3 and not set(new) & {a.id, b.id, conn.id}
    pasted = [canvas.doc[i] for i in new]
    links = [e for e in pasted if isinstance(e, Connector)]
    assert len(links) == 1 and {links[0].source.element, links[0].target.element} <= set(new)
    nodes = [e for e in pasted if not isinstance(e, Connector)]
    cx = (min(n.x for n in nodes) + max(n.rect.right for n in nodes)) / 2
    assert cx == pytest.approx(600)
    assert canvas.history.steps[-1] == "Paste"


def test_cut_is_one_step(canvas: CanvasView) -> None:
    a = shape(100, 100)
    add(canvas, a)
    canvas.set_selection([a.id])
    canvas.controller.cut()
    assert a.id not in canvas.doc
    canvas.controller.paste(at_cursor=False)
    assert len(canvas.doc) == 1
    canvas.controller.undo()
    canvas.controller.undo()
    assert a.id in canvas.doc


def test_paste_between_two_views(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = shape(100, 100, text="shared")
    add(canvas, a)
    canvas.set_selection([a.id])
    canvas.controller.copy()
    doc2 = Diagram()
    other = CanvasView(doc2, History(doc2))
    qtbot.addWidget(other)
    other.controller.paste(at_cursor=False)
    (el,) = list(doc2)
    assert el.text == "shared" and el.id != a.id


@pytest.mark.parametrize("payload", [
    b"", b"not json", b"[]", b'{"elements": 5}', b'{"elements": [1, "x", null]}',
    b'{"elements": [{"id": "a", "kind": "spaceship"}]}',
    b'{"elements": [{"id": "a", "kind": "shape", "x": "NaN-ish"}]}',
    b'{"elements": [{"id": "a", "kind": "shape", "x": 1e400}]}',
    b'{"elements": [{"id": "a", "kind": "shape", "style": {"glow": 1}}]}',
    b"[" * 100_000,
])
def test_hostile_clipboard_is_ignored(canvas: CanvasView, payload: bytes) -> None:
    mime = QMimeData()
    mime.setData(MIME, QByteArray(payload))
    QGuiApplication.clipboard().setMimeData(mime)
    canvas.controller.paste()
    assert len(canvas.doc) == 0
    assert canvas.history.steps == []


def test_cyclic_parents_in_payload_are_cut_loose(canvas: CanvasView) -> None:
    data = {"elements": [
        {"id": "g1", "kind": "group", "parent": "g2"}, {"id": "g2", "kind": "group", "parent": "g1"},
        {"id": "s", "kind": "shape", "x": 1, "y": 2, "w": 10, "h": 10, "parent": "g1"},
    ]}
    mime = QMimeData()
    mime.setData(MIME, QByteArray(json.dumps(data).encode()))
    QGuiApplication.clipboard().setMimeData(mime)
    canvas.controller.paste(at_cursor=False)
    assert len(canvas.doc) == 3
    canvas.grab()


def test_huge_payload_decodes(canvas: CanvasView) -> None:
    items = [{"id": f"e{i}", "kind": "shape", "x": i, "y": 0, "w": 10, "h": 10} for i in range(20_000)]
    assert len(decode(json.dumps({"elements": items}).encode())) == 20_000


@pytest.mark.parametrize("routing", ["straight", "orthogonal"])
def test_a_group_with_a_connector_aligns_by_what_it_draws(canvas: CanvasView, routing: str) -> None:
    """Aligning takes a group by its members as drawn, not by the wider boxes its connectors are indexed
    by: after align left, the group's leftmost shape and the other shape share their left edge."""
    a, b, other = shape(200, 100, 80, 50), shape(420, 260, 80, 50), shape(40, 400, 80, 50)
    add(canvas, a, b, other)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing=routing)
    add(canvas, conn)
    txn, group_id = edits.group(canvas.doc, [a.id, b.id, conn.id])
    canvas.history.execute(txn)
    canvas.set_selection([group_id, other.id])
    canvas.controller.align("left")
    assert canvas.doc[a.id].x == canvas.doc[other.id].x == 40
    canvas.controller.undo()
    canvas.controller.align("top")
    assert canvas.doc[a.id].y == canvas.doc[other.id].y == 100
