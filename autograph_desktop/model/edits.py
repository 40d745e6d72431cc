"""Edits a user makes, as transactions of primitive operations: what the GUI, Mermaid and AI call.

Each function reads the document and returns a Transaction (possibly empty) without applying it;
`History.execute` (or `Diagram.execute`) applies it. This keeps "what would change" testable alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Literal

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Endpoint, Frame, Group, Path, new_id
from autograph_desktop.model.fractional import key_between, keys_between
from autograph_desktop.model.operations import (
    AddElement,
    DeleteElement,
    Operation,
    Transaction,
    UpdateElement,
    update,
)
from autograph_desktop.model.style import Style

ZOrder = Literal["front", "back", "forward", "backward"]


def add_elements(doc: Diagram, elements: Sequence[Element], label: str = "Add") -> Transaction:
    """Add elements on top of everything; elements without an order key get one, in the given order."""
    missing = [e for e in elements if not e.z]
    keys = iter(keys_between(doc.last_key(), None, len(missing)))
    ops: list[Operation] = [AddElement(e if e.z else replace(e, z=next(keys))) for e in elements]
    return Transaction(tuple(ops), label)


def add(doc: Diagram, element: Element, label: str = "Add") -> Transaction:
    return add_elements(doc, [element], label)


def _expand(doc: Diagram, ids: Iterable[str]) -> list[str]:
    """Ids plus all members of the groups and frames among them, without duplicates."""
    out: dict[str, None] = {}
    for eid in ids:
        if eid not in doc:
            continue
        out[eid] = None
        for d in doc.descendants(eid):
            out[d.id] = None
    return list(out)


def delete(doc: Diagram, ids: Iterable[str], detach: bool = False, label: str = "Delete") -> Transaction:
    """Delete elements with their members; connectors attached to them go too, or with `detach`
    keep their other end and become loose at the point where they were attached."""
    doomed = set(_expand(doc, ids))
    ops: list[Operation] = []
    updates: dict[str, Connector] = {}
    for eid in list(doomed):
        for conn in doc.connectors_of(eid):
            if conn.id in doomed:
                continue
            other = conn.target if conn.source.element == eid else conn.source
            survives = other.element is not None and other.element not in doomed and other.element in doc
            if detach and survives:
                current = updates.get(conn.id, conn)
                points = doc.connector_points(conn)
                source, target = current.source, current.target
                if source.element in doomed:
                    source = Endpoint(x=points[0][0], y=points[0][1])
                if target.element in doomed:
                    target = Endpoint(x=points[-1][0], y=points[-1][1])
                updates[conn.id] = replace(current, source=source, target=target)
            else:
                doomed.add(conn.id)
    for cid, new in updates.items():
        if cid not in doomed:
            old = doc[cid]
            op = update(old, source=new.source, target=new.target)
            if op:
                ops.append(op)
    # Groups left with no members disappear with them, as in draw.io and Excalidraw.
    for eid in list(doomed):
        parent = doc[eid].parent
        while parent is not None and parent in doc and isinstance(doc[parent], Group):
            if all(m.id in doomed for m in doc.children(parent)):
                doomed.add(parent)
                parent = doc[parent].parent
            else:
                break
    # Connectors first, then elements deepest-first, so undo re-adds containers before members.
    def depth(e: Element) -> int:
        return len(doc.ancestors(e.id))

    elements = [doc[i] for i in doomed]
    elements.sort(key=lambda e: (not isinstance(e, Connector), -depth(e), e.z, e.id))
    ops.extend(DeleteElement(e) for e in elements)
    return Transaction(tuple(ops), label)


def move(doc: Diagram, ids: Iterable[str], dx: float, dy: float, label: str = "Move") -> Transaction:
    """Move elements (with their members); connectors whose both ends move carry their waypoints along."""
    if not dx and not dy:
        return Transaction((), label)
    moving = [el for i in _expand(doc, ids) if not (el := doc[i]).locked]
    moving_set = {el.id for el in moving}
    ops: list[Operation] = []
    touched_connectors: set[str] = set()
    connector_ids_of = doc.connector_ids_of
    for el in moving:
        if isinstance(el, Group):
            continue
        if isinstance(el, Connector):
            touched_connectors.add(el.id)
            continue
        # Built directly (not through `update`): a drag makes this op for a thousand elements per mouse move.
        x, y = el.x, el.y
        ops.append(UpdateElement(el.id, {"x": x, "y": y}, {"x": x + dx, "y": y + dy}))
        touched_connectors.update(connector_ids_of(el.id))
    # Attached ends follow their elements: only connectors with waypoints or loose ends change themselves.
    changing = [c for cid in touched_connectors
                if isinstance(c := doc[cid], Connector) and (c.waypoints or cid in moving_set)]
    changing.sort(key=lambda c: c.id)
    for conn in changing:
        cid = conn.id
        ends_move = [
            (end.element is None and cid in moving_set) or end.element in moving_set for end in (conn.source, conn.target)
        ]
        changes: dict[str, Any] = {}
        if all(ends_move) and conn.waypoints:
            changes["waypoints"] = tuple((x + dx, y + dy) for x, y in conn.waypoints)
        if cid in moving_set:
            for name, end in (("source", conn.source), ("target", conn.target)):
                if end.element is None:
                    changes[name] = replace(end, x=end.x + dx, y=end.y + dy)
        if changes:
            op = update(conn, **changes)
            if op:
                ops.append(op)
    return Transaction(tuple(ops), label)


def set_geometry(doc: Diagram, element_id: str, x: float, y: float, w: float, h: float,
                 label: str = "Resize") -> Transaction:
    """Resize one element; frames and groups scale their members' positions proportionally."""
    el = doc[element_id]
    ops: list[Operation] = []
    old = doc.bounds(element_id) if isinstance(el, Group) else el.rect
    if old is None:
        return Transaction((), label)
    if not isinstance(el, Group):
        op = update(el, x=x, y=y, w=max(w, 1.0), h=max(h, 1.0))
        if op:
            ops.append(op)
    if isinstance(el, Group):
        sx = w / old.w if old.w else 1.0
        sy = h / old.h if old.h else 1.0
        for member in doc.descendants(element_id):
            if isinstance(member, (Group, Connector)):
                continue
            nx = x + (member.x - old.x) * sx
            ny = y + (member.y - old.y) * sy
            changes: dict[str, Any] = {"x": nx, "y": ny, "w": max(member.w * sx, 1.0), "h": max(member.h * sy, 1.0)}
            if isinstance(member, Path):
                changes["points"] = tuple((px * sx, py * sy) for px, py in member.points)
            op = update(member, **changes)
            if op:
                ops.append(op)
    return Transaction(tuple(ops), label)


def set_style(doc: Diagram, ids: Iterable[str], label: str = "Style", **changes: Any) -> Transaction:
    """Change style fields on every element at once (groups pass it to their members)."""
    ops: list[Operation] = []
    for eid in _expand(doc, ids):
        el = doc[eid]
        if isinstance(el, Group):
            continue
        op = update(el, style=el.style.with_(**changes))
        if op:
            ops.append(op)
    return Transaction(tuple(ops), label)


def paste_style(doc: Diagram, ids: Iterable[str], style: Style, label: str = "Paste style") -> Transaction:
    ops = [op for eid in _expand(doc, ids) if not isinstance(doc[eid], Group) and (op := update(doc[eid], style=style))]
    return Transaction(tuple(ops), label)


def set_fields(doc: Diagram, ids: Iterable[str], label: str = "Edit", **changes: Any) -> Transaction:
    """Set the same fields (text, locked, hidden, routing, arrows...) on several elements."""
    ops: list[Operation] = []
    for eid in dict.fromkeys(ids):
        el = doc.get(eid)
        if el is None:
            continue
        valid = {k: v for k, v in changes.items() if hasattr(el, k)}
        op = update(el, **valid)
        if op:
            ops.append(op)
    return Transaction(tuple(ops), label)


def reorder(doc: Diagram, ids: Iterable[str], where: ZOrder, label: str = "Reorder") -> Transaction:
    """Bring to front / send to back / one step forward or backward, keeping the selection's own order."""
    chosen = set(_expand(doc, ids))
    if not chosen:
        return Transaction((), label)
    order = doc.ids()
    selected = [i for i in order if i in chosen]
    ops: list[Operation] = []
    if where == "front":
        if order[-len(selected):] == selected:
            return Transaction((), label)
        keys = keys_between(doc.last_key(), None, len(selected))
    elif where == "back":
        if order[: len(selected)] == selected:
            return Transaction((), label)
        keys = keys_between(None, doc.first_key(), len(selected))
    else:
        others = [i for i in order if i not in chosen]
        pos = {eid: n for n, eid in enumerate(order)}
        low: str | None
        high: str | None
        if where == "forward":
            top = max(pos[i] for i in selected)
            above = [i for i in others if pos[i] > top]
            if not above:
                return Transaction((), label)
            low = doc[above[0]].z
            high = doc[above[1]].z if len(above) > 1 else None
        else:
            bottom = min(pos[i] for i in selected)
            below = [i for i in others if pos[i] < bottom]
            if not below:
                return Transaction((), label)
            high = doc[below[-1]].z
            low = doc[below[-2]].z if len(below) > 1 else None
        keys = keys_between(low, high, len(selected))
    for eid, key in zip(selected, keys, strict=True):
        op = update(doc[eid], z=key)
        if op:
            ops.append(op)
    return Transaction(tuple(ops), label)


def group(doc: Diagram, ids: Sequence[str], label: str = "Group") -> tuple[Transaction, str]:
    """Group elements (each replaced by its outermost group); returns the transaction and the group id."""
    members: dict[str, None] = {}
    for eid in ids:
        if eid in doc:
            members[doc.outermost_group(eid).id] = None
    if len(members) < 2:
        return Transaction((), label), ""
    parents = {doc[m].parent for m in members}
    parent = parents.pop() if len(parents) == 1 else None
    top = max(doc[m].z for m in members)
    _, above = doc.neighbour_keys(next(m for m in members if doc[m].z == top))
    group_el = Group(id=new_id(), z=key_between(top, above), parent=parent)
    ops: list[Operation] = [AddElement(group_el)]
    for m in members:
        op = update(doc[m], parent=group_el.id)
        if op:
            ops.append(op)
    return Transaction(tuple(ops), label), group_el.id


def ungroup(doc: Diagram, group_ids: Iterable[str], label: str = "Ungroup") -> Transaction:
    ops: list[Operation] = []
    groups = [g for g in dict.fromkeys(group_ids) if isinstance(doc.get(g), Group)]
    # Ungrouping nested groups changes what the next step sees: work on a scratch copy.
    work = doc.copy() if len(groups) > 1 else doc
    for gid in groups:
        group_el = work[gid]
        step: list[Operation] = [
            UpdateElement(member.id, {"parent": gid}, {"parent": group_el.parent}) for member in work.children(gid)
        ]
        step.append(DeleteElement(group_el))
        if work is not doc:
            work.execute(Transaction(tuple(step)))
        ops.extend(step)
    return Transaction(tuple(ops), label)


def reparent(doc: Diagram, ids: Iterable[str], frame_id: str | None, label: str = "Move into frame") -> Transaction:
    """Put elements into a frame (or take them out with None), as when dropping them on it."""
    if frame_id is not None and not isinstance(doc.get(frame_id), Frame):
        raise ValueError(f"{frame_id} is not a frame")
    ops: list[Operation] = []
    banned = {frame_id} | {a.id for a in doc.ancestors(frame_id)} if frame_id else set()
    for eid in dict.fromkeys(ids):
        el = doc.get(eid)
        if el is None or eid in banned:
            continue
        op = update(el, parent=frame_id)
        if op:
            ops.append(op)
    return Transaction(tuple(ops), label)


def connect(doc: Diagram, source_id: str, target_id: str, label: str = "Connect", **fields: Any) -> tuple[Transaction, str]:
    """A connector between two elements; `source`/`target` Endpoints in `fields` pick sides, else they float."""
    fields.setdefault("source", Endpoint(source_id))
    fields.setdefault("target", Endpoint(target_id))
    conn = Connector(id=new_id(), **fields)
    return add(doc, conn, label), conn.id


def duplicate(doc: Diagram, ids: Iterable[str], dx: float = 20, dy: float = 20,
              label: str = "Duplicate") -> tuple[Transaction, list[str]]:
    """Copies with fresh ids, offset; connections and membership among the copies are kept."""
    originals = [doc[i] for i in _expand(doc, ids)]
    originals.sort(key=lambda e: (e.z, e.id))
    copies = clone_elements(originals, dx, dy, doc)
    txn = add_elements(doc, copies, label)
    roots = {e.id for e in originals}
    top_ids = [c.id for o, c in zip(originals, copies, strict=True) if o.parent not in roots]
    return txn, top_ids


def clone_elements(elements: Sequence[Element], dx: float = 0, dy: float = 0,
                   doc: Diagram | None = None) -> list[Element]:
    """Copies with new ids and no order keys; references among them are remapped, and connector ends
    attached outside the copied set become loose at their current point (resolved through `doc`)."""
    mapping = {e.id: new_id() for e in elements}
    out: list[Element] = []
    for e in elements:
        changes: dict[str, Any] = {"id": mapping[e.id], "z": "", "x": e.x + dx, "y": e.y + dy}
        changes["parent"] = mapping.get(e.parent) if e.parent else None
        if isinstance(e, Connector):
            ends = []
            points = doc.connector_points(e) if doc is not None else None
            for n, end in enumerate((e.source, e.target)):
                if end.element is not None and end.element in mapping:
                    ends.append(replace(end, element=mapping[end.element]))
                elif end.element is not None:
                    px, py = points[-n] if points else (end.x, end.y)
                    ends.append(Endpoint(x=px + dx, y=py + dy))
                else:
                    ends.append(replace(end, x=end.x + dx, y=end.y + dy))
            changes["source"], changes["target"] = ends
            changes["waypoints"] = tuple((x + dx, y + dy) for x, y in e.waypoints)
        out.append(replace(e, **changes))
    return out
