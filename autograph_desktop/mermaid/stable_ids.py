"""Keep element ids (and z-order keys) stable when Mermaid code is built again after an edit.

Every build makes fresh elements. Turning the drawn document into the new build by deleting everything
and adding it again would make each keystroke pause rewrite the whole diagram in the library, the sync
outbox and the undo history. So each built element takes the id of the drawn element that is "the same
thing": the same kind with the same Mermaid id (nodes, edges, subgraphs), or, for parts without one (a
class's member lines, a chart's bars), the same kind at the same place among the same parent's children.
Then the change from the drawn document to the new build touches only what really changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Endpoint
from autograph_desktop.model.fractional import key_between

Key = tuple[str, ...]


def _keys(elements: Iterable[Element]) -> dict[str, Key]:
    """A structural key per element id: (kind, Mermaid id) or (parent's key, kind, ordinal)."""
    ordered = list(elements)
    by_id = {el.id: el for el in ordered}
    keys: dict[str, Key] = {}
    ordinals: dict[tuple[Key, str], int] = {}

    def key_of(el: Element, depth: int = 0) -> Key:
        found = keys.get(el.id)
        if found is not None:
            return found
        mermaid_id = el.get("mermaid_id")
        if mermaid_id:
            key: Key = (el.kind, "m", mermaid_id)
        else:
            parent = by_id.get(el.parent) if el.parent else None
            parent_key: Key = key_of(parent, depth + 1) if parent is not None and depth < 64 else ("root",)
            slot = (parent_key, el.kind)
            ordinals[slot] = ordinals.get(slot, 0) + 1
            key = (*parent_key, el.kind, str(ordinals[slot]))
        keys[el.id] = key
        return key

    for el in ordered:
        key_of(el)
    return keys


def adopt_ids(current: Diagram, built: Diagram) -> Diagram:
    """`built` with the ids and z keys of `current`'s matching elements, references rewritten to match."""
    old_by_key: dict[Key, Element] = {}
    for eid, key in _keys(current).items():
        old_by_key.setdefault(key, current[eid])
    new_elements = list(built)
    rename: dict[str, str] = {}
    taken: set[str] = set()
    for eid, key in _keys(new_elements).items():
        old = old_by_key.get(key)
        if old is not None and old.id not in taken:
            rename[eid] = old.id
            taken.add(old.id)
    fresh_ids = {el.id for el in new_elements} - rename.keys()
    clash = fresh_ids & ({el.id for el in current} - taken)
    if clash:  # a built id equal to an unmatched old one (never with random ids; be safe anyway)
        raise ValueError("built element ids collide with the drawn document's")

    def ref(eid: str | None) -> str | None:
        return rename.get(eid, eid) if eid is not None else None

    def end(point: Endpoint) -> Endpoint:
        return point if point.element is None else Endpoint(ref(point.element), point.side, point.ratio,
                                                             point.x, point.y)

    out: list[Element] = []
    previous_z: str | None = None
    ordered = sorted(new_elements, key=lambda el: el.z)
    for index, el in enumerate(ordered):
        new_id = rename.get(el.id, el.id)
        old = current.get(new_id)
        # Keep the drawn z key while the order allows it, so unchanged elements are not rewritten.
        if old is not None and (previous_z is None or old.z > previous_z):
            z = old.z
        else:
            upper = next((current[rename[n.id]].z for n in ordered[index + 1:] if n.id in rename
                          and current[rename[n.id]].z > (previous_z or "")), None)
            z = key_between(previous_z, upper)
        previous_z = z
        changes: dict[str, object] = {"id": new_id, "z": z, "parent": ref(el.parent)}
        if isinstance(el, Connector):
            changes["source"] = end(el.source)
            changes["target"] = end(el.target)
        out.append(el.evolve(**changes))
    return Diagram(built.meta, out)


__all__ = ["adopt_ids"]
