"""Transactions of many updates (a drag of a big selection) are applied in one batched pass; the result,
the spatial index and the change report must be exactly those of applying the updates one at a time."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.model import (
    ChangeSet,
    Connector,
    Diagram,
    Endpoint,
    Frame,
    Group,
    OperationError,
    Rect,
    Shape,
    Transaction,
    UpdateElement,
    edits,
    keys_between,
    update,
)


def _diagram(count: int, rotated_every: int = 0) -> Diagram:
    """Shapes on a grid, each connected to the next; every fifth connector has waypoints; two groups."""
    shapes = [Shape(x=(i % 10) * 150.0, y=(i // 10) * 120.0, w=100, h=60, text=f"n{i}",
                    rotation=30.0 if rotated_every and i % rotated_every == 0 else 0.0) for i in range(count)]
    conns = [Connector(source=Endpoint(a.id, side="right", ratio=0.5), target=Endpoint(b.id),
                       waypoints=((a.x + 120, a.y + 200),) if i % 5 == 0 else ())
             for i, (a, b) in enumerate(pairwise(shapes))]
    loose = Connector(source=Endpoint(None, x=-50, y=-50), target=Endpoint(shapes[0].id))
    frame = Frame(x=-400, y=-400, w=300, h=300, text="frame")
    elements = [frame, *shapes, *conns, loose]
    keys = keys_between(None, None, len(elements))
    doc = Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])
    group_txn, _ = edits.group(doc, [shapes[3].id, shapes[4].id])
    doc.execute(group_txn)
    return doc


def _index_view(doc: Diagram) -> dict[str, Rect | None]:
    """What the spatial index says about every element, plus what a few area queries return."""
    view: dict[str, object] = {e.id: doc.bounds(e.id) for e in doc}
    for rect in (Rect(-500, -500, 400, 400), Rect(0, 0, 700, 500), Rect(300, 200, 2000, 2000)):
        view[f"area {rect}"] = sorted(doc.ids_in_rect(rect))
    return view  # type: ignore[return-value]


def _one_at_a_time(doc: Diagram, txn: Transaction) -> ChangeSet:
    """The reference: every operation in its own execute, the change reports merged."""
    merged = ChangeSet()
    for op in txn.operations:
        changes = doc.execute(op)
        for eid, names in changes.updated.items():
            merged.updated.setdefault(eid, set()).update(names)
    return merged


def _updates(doc: Diagram, data: st.DataObject) -> Transaction:
    """Many updates of kinds a big edit makes: moves, resizes, restyles, reorders, connector changes, a
    rotation, a reparent; now and then the same element twice."""
    ids = [e.id for e in doc if not isinstance(e, Group)]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=20, max_size=60, unique=True))
    ops: list[UpdateElement] = []
    for eid in chosen:
        el = doc[eid]
        change = data.draw(st.sampled_from(["move", "resize", "style", "z", "rotate", "waypoints", "parent"]))
        if isinstance(el, Connector):
            changes: dict[str, object] = {"waypoints": ((1.0, 2.0), (float(data.draw(st.integers(-99, 99))), 5.0))}
        elif change == "move":
            changes = {"x": el.x + data.draw(st.integers(-400, 400)), "y": el.y + 0.25}
        elif change == "resize":
            changes = {"w": el.w + 7, "h": el.h + 3}
        elif change == "style":
            changes = {"text": "changed"}
        elif change == "z":
            changes = {"z": el.z + "V"}
        elif change == "rotate":
            changes = {"rotation": 45.0, "x": el.x + 1}
        else:
            frames = [e.id for e in doc if isinstance(e, Frame)]
            changes = {"parent": frames[0] if el.parent is None and el.id not in frames else None}
        op = update(el, **changes)
        if op is not None:
            ops.append(op)
    if data.draw(st.booleans()) and ops:
        first = ops[0]
        el = doc[first.id].evolve(**first.after)
        again = update(el, text="twice")
        if again is not None:
            ops.append(again)
    return Transaction(tuple(ops), "Bulk")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_batched_updates_match_applying_them_one_by_one(data: st.DataObject) -> None:
    doc = _diagram(40, rotated_every=7)
    txn = _updates(doc, data)
    reference = doc.copy()
    expected_changes = _one_at_a_time(reference, txn)
    before = doc.snapshot()
    before_index = _index_view(doc)

    changes = doc.execute(txn)

    assert doc.snapshot() == reference.snapshot()
    assert _index_view(doc) == _index_view(reference)
    assert changes.updated == expected_changes.updated
    assert changes.added == [] and changes.removed == []
    doc.execute(txn.inverse())
    assert doc.snapshot() == before
    assert _index_view(doc) == before_index


def test_a_drag_of_many_shapes_moves_their_connectors_index_boxes() -> None:
    doc = _diagram(60)
    moving = [e.id for e in doc if isinstance(e, Shape)][:30]
    txn = edits.move(doc, moving, 1000.0, 0.0)
    assert len(txn.operations) >= 30
    changes = doc.execute(txn)
    for conn in doc:
        if isinstance(conn, Connector) and conn.source.element in moving and conn.target.element in moving:
            box = doc.bounds(conn.id)
            assert box is not None and box.x > 900, "an attached connector's index box follows its shapes"
            assert "geometry" in changes.updated[conn.id]
            assert conn.id in doc.ids_in_rect(Rect(box.x + 1, box.y + 1, 1, 1))


def test_a_batch_with_one_stale_update_changes_nothing() -> None:
    doc = _diagram(40)
    shapes = [e for e in doc if isinstance(e, Shape)]
    ops = [UpdateElement(s.id, {"x": s.x}, {"x": s.x + 5}) for s in shapes[:30]]
    stale = shapes[30]
    ops.insert(17, UpdateElement(stale.id, {"x": stale.x + 1}, {"x": 0.0}))
    before, before_index = doc.snapshot(), _index_view(doc)
    with pytest.raises(OperationError, match=rf"{stale.id}\.x"):
        doc.execute(Transaction(tuple(ops), "Move"))
    assert doc.snapshot() == before
    assert _index_view(doc) == before_index


@pytest.mark.parametrize(("before", "after", "message"), [
    ({"nonsense": 1}, {"x": 1.0}, "no field 'nonsense'"),
    ({"id": "x"}, {"x": 1.0}, "no field 'id'"),
])
def test_a_batch_refuses_unknown_fields_with_the_single_update_error(before: dict, after: dict,
                                                                   message: str) -> None:
    doc = _diagram(40)
    shapes = [e for e in doc if isinstance(e, Shape)]
    ops = [UpdateElement(s.id, {"x": s.x}, {"x": s.x + 5}) for s in shapes[:20]]
    ops.append(UpdateElement(shapes[25].id, before, after))
    before_snapshot = doc.snapshot()
    with pytest.raises(OperationError, match=message):
        doc.execute(Transaction(tuple(ops), "Edit"))
    assert doc.snapshot() == before_snapshot


def test_a_batch_naming_a_missing_element_changes_nothing() -> None:
    doc = _diagram(40)
    shapes = [e for e in doc if isinstance(e, Shape)]
    ops = [UpdateElement(s.id, {"y": s.y}, {"y": s.y - 5}) for s in shapes[:20]]
    ops.append(UpdateElement("gone", {"y": 0.0}, {"y": 1.0}))
    before = doc.snapshot()
    with pytest.raises(OperationError, match="gone: it does not exist"):
        doc.execute(Transaction(tuple(ops), "Move"))
    assert doc.snapshot() == before
