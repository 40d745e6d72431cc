"""Edits as a user sees them: delete takes connectors along, groups, frames, z-order, queries, gestures."""

from __future__ import annotations

from autograph_desktop.model import (
    Connector,
    Diagram,
    Endpoint,
    Frame,
    Group,
    History,
    Rect,
    Shape,
    Text,
    edits,
)


def _doc_with_pair() -> tuple[Diagram, History, Shape, Shape, str]:
    doc = Diagram()
    history = History(doc)
    a = Shape(x=0, y=0, w=100, h=50, text="A")
    b = Shape(x=300, y=0, w=100, h=50, text="B")
    history.execute(edits.add_elements(doc, [a, b]))
    txn, cid = edits.connect(doc, a.id, b.id)
    history.execute(txn)
    return doc, history, a, b, cid


def test_deleting_a_shape_deletes_its_connectors_in_one_undo_step() -> None:
    doc, history, a, b, cid = _doc_with_pair()
    history.execute(edits.delete(doc, [a.id]))
    assert a.id not in doc and cid not in doc and b.id in doc
    assert doc.connectors_of(b.id) == []
    history.undo()
    assert a.id in doc and cid in doc
    assert [c.id for c in doc.connectors_of(b.id)] == [cid]


def test_delete_with_detach_keeps_the_connector_loose_where_it_was() -> None:
    doc, history, a, b, cid = _doc_with_pair()
    before = doc.connector_points(doc[cid])  # type: ignore[arg-type]
    history.execute(edits.delete(doc, [a.id], detach=True))
    conn = doc[cid]
    assert isinstance(conn, Connector)
    assert conn.source == Endpoint(x=before[0][0], y=before[0][1])
    assert conn.target.element == b.id


def test_moving_a_shape_moves_the_attached_end_and_reindexes_the_connector() -> None:
    doc, history, a, b, cid = _doc_with_pair()
    history.begin("Drag")
    for step in range(10):
        history.execute(edits.move(doc, [b.id], 0, 20))
        assert step < 10
    history.commit()
    assert history.steps[-1] == "Drag" and len(history.steps) == 3
    assert doc[b.id].y == 200
    assert cid in {e.id for e in doc.elements_in_rect(Rect(200, 150, 20, 20))}
    history.undo()
    assert doc[b.id].y == 0


def test_gesture_cancel_reverts_everything() -> None:
    doc, history, a, b, _ = _doc_with_pair()
    snapshot = doc.snapshot()
    history.begin("Drag")
    history.execute(edits.move(doc, [a.id], 50, 50))
    history.cancel()
    assert doc.snapshot() == snapshot
    assert history.steps == ["Add", "Connect"]


def test_group_ungroup_and_nested_groups() -> None:
    doc, history, a, b, _ = _doc_with_pair()
    c = Text(x=0, y=200, w=80, h=20, text="note")
    history.execute(edits.add(doc, c))
    txn, inner = edits.group(doc, [a.id, b.id])
    history.execute(txn)
    txn, outer = edits.group(doc, [a.id, c.id])  # a resolves to its outermost group
    history.execute(txn)
    assert doc[inner].parent == outer and doc[c.id].parent == outer
    assert doc.outermost_group(a.id).id == outer
    assert doc.bounds(outer) == Rect(0, 0, 400, 220)
    history.execute(edits.move(doc, [outer], 10, 10))
    assert (doc[a.id].x, doc[c.id].y) == (10, 210)
    history.execute(edits.ungroup(doc, [outer]))
    assert outer not in doc and doc[inner].parent is None
    assert isinstance(doc[inner], Group)


def test_frames_carry_their_members_and_nest() -> None:
    doc = Diagram()
    history = History(doc)
    outer = Frame(x=0, y=0, w=500, h=500, text="Outer")
    inner = Frame(x=50, y=50, w=200, h=200, text="Inner", parent=outer.id)
    shape = Shape(x=60, y=60, w=50, h=50, parent=inner.id)
    history.execute(edits.add_elements(doc, [outer, inner, shape]))
    history.execute(edits.move(doc, [outer.id], 100, 0))
    assert (doc[inner.id].x, doc[shape.id].x) == (150, 160)
    history.execute(edits.reparent(doc, [shape.id], None))
    history.execute(edits.move(doc, [outer.id], 100, 0))
    assert doc[shape.id].x == 160
    # A frame cannot be put inside itself or its own descendants.
    assert not edits.reparent(doc, [outer.id], inner.id)


def test_reorder_front_back_forward_backward() -> None:
    doc = Diagram()
    shapes = [Shape(x=0, y=0, w=10, h=10, text=str(i)) for i in range(4)]
    doc.execute(edits.add_elements(doc, shapes))
    ids = [s.id for s in shapes]
    doc.execute(edits.reorder(doc, [ids[0]], "front"))
    assert doc.ids() == [ids[1], ids[2], ids[3], ids[0]]
    doc.execute(edits.reorder(doc, [ids[0]], "back"))
    assert doc.ids() == ids
    doc.execute(edits.reorder(doc, [ids[1]], "forward"))
    assert doc.ids() == [ids[0], ids[2], ids[1], ids[3]]
    doc.execute(edits.reorder(doc, [ids[1]], "backward"))
    assert doc.ids() == ids
    assert not edits.reorder(doc, [ids[3]], "front")


def test_hit_testing_follows_outlines_rotation_and_z_order() -> None:
    doc = Diagram()
    bottom = Shape(x=0, y=0, w=100, h=100)
    top = Shape(x=50, y=50, w=100, h=100, shape="ellipse")
    rotated = Shape(x=300, y=0, w=200, h=20, rotation=90)
    doc.execute(edits.add_elements(doc, [bottom, top, rotated]))
    assert [e.id for e in doc.elements_at(75, 75)] == [top.id, bottom.id]
    assert [e.id for e in doc.elements_at(55, 55, tolerance=0)] == [bottom.id]  # outside the ellipse's curve
    assert [e.id for e in doc.elements_at(400, 80, tolerance=0)] == [rotated.id]
    assert doc.elements_at(480, 10, tolerance=0) == []


def test_duplicate_keeps_connections_among_copies() -> None:
    doc, history, a, b, cid = _doc_with_pair()
    txn, new_ids = edits.duplicate(doc, [a.id, b.id, cid])
    history.execute(txn)
    copies = [doc[i] for i in new_ids]
    conns = [c for c in copies if isinstance(c, Connector)]
    assert len(conns) == 1
    assert {conns[0].source.element, conns[0].target.element} <= set(new_ids)
    assert len(doc) == 6


def test_change_events_report_added_removed_and_updated() -> None:
    doc, history, a, b, cid = _doc_with_pair()
    seen = []
    doc.subscribe(lambda d, changes: seen.append(changes))
    history.execute(edits.move(doc, [a.id], 5, 0))
    assert seen[-1].updated.keys() == {a.id, cid}
    history.execute(edits.delete(doc, [b.id]))
    assert set(seen[-1].removed) == {b.id, cid}
    history.undo()
    assert set(seen[-1].added) == {b.id, cid}


def test_spatial_query_matches_a_full_scan() -> None:
    import random

    rng = random.Random(7)
    doc = Diagram()
    shapes = [Shape(x=rng.uniform(-5000, 5000), y=rng.uniform(-5000, 5000), w=rng.uniform(1, 300),
                    h=rng.uniform(1, 300)) for _ in range(2000)]
    shapes.append(Shape(x=-20000, y=-20000, w=40000, h=40000))  # a huge frame-like element
    doc.execute(edits.add_elements(doc, shapes))
    for _ in range(50):
        view = Rect(rng.uniform(-6000, 5000), rng.uniform(-6000, 5000), rng.uniform(10, 2000), rng.uniform(10, 2000))
        expected = {s.id for s in shapes if s.rect.intersects(view)}
        assert {e.id for e in doc.elements_in_rect(view)} == expected


def test_resizing_a_group_with_a_connector_scales_from_its_shapes() -> None:
    """A group's box is its members' as drawn (connectors by their points, not their wide index boxes), so
    doubling its width doubles the distances between its shapes."""
    from autograph_desktop.model import Connector, Endpoint, Shape

    doc = Diagram()
    a, b = Shape(x=100, y=100, w=100, h=60), Shape(x=400, y=260, w=100, h=60)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    doc.execute(edits.add_elements(doc, [a, b, conn]))
    txn, group_id = edits.group(doc, [a.id, b.id, conn.id])
    doc.execute(txn)
    box = doc.bounds(group_id)
    assert box is not None and (box.x, box.y, box.w, box.h) == (100, 100, 400, 220)
    doc.execute(edits.set_geometry(doc, group_id, 100, 100, 800, 220))
    assert (doc[a.id].x, doc[a.id].w) == (100, 200)
    assert (doc[b.id].x, doc[b.id].w) == (700, 200)
