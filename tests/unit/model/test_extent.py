"""The document's rough extent: a cheap superset of its drawn bounds, at most a grid cell larger per side,
that follows every kind of change (the painter asks it on every frame)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.model import Diagram, Rect, Shape, edits

CELL = 256.0


def _check(doc: Diagram) -> None:
    rough, exact = doc.rough_extent(), doc.bbox()
    if exact is None:
        assert rough is None
        return
    assert rough is not None
    assert rough.contains_rect(exact)
    assert exact.x - rough.x <= CELL and exact.y - rough.y <= CELL
    assert rough.right - exact.right <= CELL and rough.bottom - exact.bottom <= CELL


def test_an_empty_document_has_no_extent() -> None:
    assert Diagram().rough_extent() is None


def test_a_huge_element_counts_exactly() -> None:
    doc = Diagram()
    doc.execute(edits.add(doc, Shape(x=-5000, y=-3000, w=20000, h=9000)))
    assert doc.rough_extent() == Rect(-5000, -3000, 20000, 9000)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_extent_follows_adds_moves_and_deletes(data: st.DataObject) -> None:
    coord = st.integers(-3000, 3000)
    doc = Diagram()
    doc.execute(edits.add_elements(doc, [Shape(x=data.draw(coord), y=data.draw(coord), w=40, h=30) for _ in range(5)]))
    _check(doc)
    for _ in range(data.draw(st.integers(1, 12))):
        ids = [e.id for e in doc]
        action = data.draw(st.sampled_from(["add", "move", "delete", "huge"]))
        if action == "add" or not ids:
            doc.execute(edits.add(doc, Shape(x=data.draw(coord), y=data.draw(coord), w=60, h=20)))
        elif action == "huge":
            doc.execute(edits.add(doc, Shape(x=data.draw(coord), y=data.draw(coord), w=30000, h=100)))
        elif action == "move":
            doc.execute(edits.move(doc, [data.draw(st.sampled_from(ids))], data.draw(coord), data.draw(coord)))
        else:
            doc.execute(edits.delete(doc, [data.draw(st.sampled_from(ids))]))
        _check(doc)
