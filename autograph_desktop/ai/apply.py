"""Putting a generated diagram onto a canvas: one transaction, beside what is already there.

When the canvas is empty the diagram also gives the document its type and Mermaid source (so that a
later refinement of a sequence or ER diagram can start from the exact text the model wrote).
"""

from __future__ import annotations

from autograph_desktop.model import (
    AddElement,
    Connector,
    Diagram,
    Element,
    Endpoint,
    Group,
    Operation,
    Transaction,
    keys_between,
    update_meta,
)

GAP = 80.0


def moved(el: Element, dx: float, dy: float) -> Element:
    """An element shifted by (dx, dy); attached connector ends follow their elements by themselves."""
    if isinstance(el, Connector):
        return el.evolve(waypoints=tuple((x + dx, y + dy) for x, y in el.waypoints),
                         source=_shift_end(el.source, dx, dy), target=_shift_end(el.target, dx, dy))
    if isinstance(el, Group):
        return el
    return el.evolve(x=el.x + dx, y=el.y + dy)


def _shift_end(end: Endpoint, dx: float, dy: float) -> Endpoint:
    return end if end.element is not None else Endpoint(None, end.side, end.ratio, end.x + dx, end.y + dy)


def insert_transaction(doc: Diagram, new: Diagram, label: str = "AI: generate") -> Transaction:
    """Add `new` to `doc` as one undo step: at its own place on an empty canvas, else to the right."""
    dx = dy = 0.0
    here, there = doc.bbox(), new.bbox()
    if here is not None and there is not None:
        dx, dy = here.right + GAP - there.x, here.y - there.y
    keys = keys_between(doc.last_key(), None, len(new))
    ops: list[Operation] = [AddElement((moved(el, dx, dy) if dx or dy else el).evolve(z=key))
                            for el, key in zip(new, keys, strict=True)]
    if len(doc) == 0:
        changes = {"kind": new.meta.kind, "source": new.meta.source, "source_kind": new.meta.source_kind}
        if doc.meta.title.startswith("Untitled") and new.meta.title:
            changes["title"] = new.meta.title
        meta = update_meta(doc.meta, **changes)
        if meta is not None:
            ops.append(meta)
    return Transaction(tuple(ops), label)
