"""Turn the server's effective operations into a transaction that fits the local document.

A pulled operation's `before` is the server's state; the local copy may differ where this client has
changes the server has not seen yet (made after the last push). Those pending values win on the server
once pushed (later in its order), so here they are kept: the remote operation is applied to every other
field, as the server's per-property rule says, and the pending ones are left alone (the rebase the
protocol asks for). Edits win over deletes: a remote delete of an element with pending local edits is
skipped, the push that follows brings it back on the server. Pure model code: no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from autograph_desktop.model import (
    AddElement,
    DeleteElement,
    Diagram,
    DiagramMeta,
    Element,
    Operation,
    Transaction,
    UpdateElement,
    UpdateMeta,
    element_from_dict,
    element_to_dict,
)
from autograph_desktop.model.elements import decode_value, field_set

#: The pseudo element id under which pending metadata fields are protected.
META = ""
_META_NAMES = frozenset(f.name for f in fields(DiagramMeta)) - {"id"}
#: A protected element whose every field is pending (added here and not pushed yet).
ALL = "*"


@dataclass
class Pending:
    """What this client changed and has not pushed: (element id, field) pairs, and ids touched at all."""

    fields: set[tuple[str, str]] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)

    def protects(self, element_id: str, name: str) -> bool:
        return (element_id, name) in self.fields or (element_id, ALL) in self.fields

    @classmethod
    def from_json(cls, operations: Iterable[dict[str, Any]]) -> Pending:
        out = cls()
        for op in operations:
            out._add(op)
        return out

    def _add(self, op: dict[str, Any]) -> None:
        kind = op.get("op")
        if kind == "transaction":
            for inner in op.get("operations", ()):
                self._add(inner)
        elif kind == "update":
            self.elements.add(op["id"])
            self.fields.update((op["id"], name) for name in op["after"])
        elif kind == "add":
            self.elements.add(op["element"]["id"])
            self.fields.add((op["element"]["id"], ALL))
        elif kind == "delete":
            self.elements.add(op["element"]["id"])
        elif kind == "meta":
            self.fields.update((META, name) for name in op["after"])


@dataclass(frozen=True)
class Conflict:
    """A local value that a remote change replaced (kept in the version recorded before applying)."""

    element_id: str | None
    field: str
    local: Any
    remote: Any


@dataclass
class Rebased:
    transaction: Transaction
    conflicts: list[Conflict] = field(default_factory=list)
    #: Remote changes left out because a pending local change wins (it is pushed next).
    kept_local: int = 0


def rebase(doc: Diagram, operations: Iterable[dict[str, Any]], pending: Pending, label: str = "Sync",
           authored: Pending | None = None) -> Rebased:
    """The transaction that brings `doc` to the remote state, except where `pending` local changes win.

    `authored` names fields holding values of ours that the server says a change of these operations
    replaced unseen: where the document ends with another value there, the local value is a `Conflict`.
    """
    work = doc.copy()
    out: list[Operation] = []
    result = Rebased(Transaction((), label))
    for op in operations:
        for local in _localise(work, op, pending, result):
            local.apply(work)
            out.append(local)
    result.transaction = Transaction(tuple(out), label)
    if authored is not None:
        result.conflicts = _lost(doc, work, out, authored)
    return result


def _lost(before: Diagram, after: Diagram, ops: list[Operation], authored: Pending) -> list[Conflict]:
    """Values of ours that the remote operations replaced, comparing the document before and after them."""
    touched: dict[str | None, set[str]] = {}
    for op in ops:
        if isinstance(op, UpdateElement):
            touched.setdefault(op.id, set()).update(op.after)
        elif isinstance(op, DeleteElement):
            touched.setdefault(op.element.id, set()).add(ALL)
        elif isinstance(op, UpdateMeta):
            touched.setdefault(None, set()).update(op.after)
    out: list[Conflict] = []
    for eid, names in touched.items():
        if eid is None:
            for name in sorted(names):
                old, new = getattr(before.meta, name), getattr(after.meta, name)
                if old != new and (META, name) in authored.fields:
                    out.append(Conflict(None, name, old, new))
            continue
        was, now = before.get(eid), after.get(eid)
        if was is None:
            continue
        if now is None or type(now) is not type(was):
            if eid in authored.elements:
                out.append(Conflict(eid, ALL, element_to_dict(was), None if now is None else element_to_dict(now)))
            continue
        for name in sorted(names - {ALL}):
            old, new = getattr(was, name), getattr(now, name)
            if old != new and authored.protects(eid, name):
                out.append(Conflict(eid, name, old, new))
    return out


def _localise(doc: Diagram, op: dict[str, Any], pending: Pending, result: Rebased) -> list[Operation]:
    kind = op.get("op")
    if kind == "transaction":
        return [x for inner in op.get("operations", ()) for x in _localise(doc, inner, pending, result)]
    if kind == "add":
        return _add(doc, element_from_dict(op["element"]), pending, result)
    if kind == "delete":
        current = doc.get(str(op["element"]["id"]))
        if current is None:
            return []
        if current.id in pending.elements:
            result.kept_local += 1  # an edit here wins over the delete there
            return []
        return [DeleteElement(current)]
    if kind == "update":
        current = doc.get(str(op["id"]))
        if current is None:
            return []  # deleted here and not pushed yet: the server decides when the delete arrives
        before = {k: decode_value(k, v) for k, v in op["before"].items()}
        after = {k: decode_value(k, v) for k, v in op["after"].items()}
        return _update(current, before, after, pending, result)
    if kind == "meta":
        return _meta(doc, op["before"], op["after"], pending, result)
    return []


def _add(doc: Diagram, element: Element, pending: Pending, result: Rebased) -> list[Operation]:
    current = doc.get(element.id)
    if current is None:
        return [AddElement(element)]
    if type(current) is not type(element):
        if current.id in pending.elements:
            result.kept_local += 1
            return []
        return [DeleteElement(current), AddElement(element)]
    names = field_set(type(element)) - {"id"}
    after = {n: getattr(element, n) for n in names if getattr(current, n) != getattr(element, n)}
    # An add saw none of the local values: each one it replaces is an overwritten local value.
    return _update(current, {n: getattr(current, n) for n in after}, after, pending, result)


def _update(current: Element, before: dict[str, Any], after: dict[str, Any], pending: Pending,
            result: Rebased) -> list[Operation]:
    names = field_set(type(current))
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name, value in after.items():
        if name not in names or name == "id":
            continue
        local = getattr(current, name)
        if local == value:
            continue
        if pending.protects(current.id, name):
            result.kept_local += 1
            continue
        old[name] = local
        new[name] = value
    return [UpdateElement(current.id, old, new)] if new else []


def _meta(doc: Diagram, before: dict[str, Any], after: dict[str, Any], pending: Pending,
          result: Rebased) -> list[Operation]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name, value in after.items():
        if name not in _META_NAMES:
            continue
        local = getattr(doc.meta, name)
        if local == value:
            continue
        if (META, name) in pending.fields:
            result.kept_local += 1
            continue
        old[name] = local
        new[name] = value
    return [UpdateMeta(old, new)] if new else []
