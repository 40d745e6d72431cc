"""The merge rule: how pushed operations change a diagram's server state, in server order.

The server keeps per diagram the current JSON of each element (canonical: fields at their default are
left out, as `element_to_dict` does) and a tombstone flag, and the metadata. Operations apply one by one
in the order the server gives them (the owner's sequence); each that changes something gets the next
sequence number and is logged as its *effective* operation, whose `before` is the server's state, so a
client at that state can apply it as it is. Per operation:

- `update`: sets the `after` fields. Where the server's value differs from the op's `before` (someone
  else changed it and this client had not seen it) and from its `after`, the server's value is
  overwritten and returned as an `Overwritten` record (diagram, element, field, value, the sequence of
  the change that wrote it): per element property the later operation in server order wins, and nothing
  is silently lost. Fields whose value already equals `after` do not change; an update that changes
  nothing is a `noop`.
- edits win over deletes, in both orders: an `update` of a tombstoned element brings it back with the
  update applied (`resurrected`, logged as an `add` of the whole element); a `delete` whose element
  differs from the server's current element (edited unseen) is `refused`, and the reply carries the
  current element so the client can restore it. A `delete` that matches leaves a tombstone that pull
  returns (logged as a `delete` of the whole element).
- `add` of an id that is live is an update of the differing fields (each differing server value is
  reported overwritten, since an add saw none of them); of a tombstoned id it is a plain re-add (undo of
  a delete). An add with another kind than the existing element, or an update of an unknown element or
  of a field its kind lacks, is `rejected`.
- `meta`: as `update`, on the diagram's metadata (overwritten records have `element_id` None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograph_desktop.wire import (
    ALWAYS_WRITTEN,
    ELEMENT_DEFAULTS,
    META_DEFAULTS,
    AddOp,
    DeleteOp,
    MetaOp,
    PrimitiveOp,
)


@dataclass(slots=True)
class ElementRow:
    """One element's server state as loaded for a push, and whether the push changed it."""

    data: dict[str, Any]
    deleted: bool
    created_seq: int
    seq: int
    field_seqs: dict[str, int]
    new: bool = False
    dirty: bool = False

    def value(self, name: str) -> Any:
        return self.data.get(name, ELEMENT_DEFAULTS[self.data["kind"]][name])

    def written(self, name: str) -> int:
        return self.field_seqs.get(name, self.created_seq)


def canonical(element: dict[str, Any]) -> dict[str, Any]:
    """The element's JSON without fields at their default (`z` always kept): one form to compare and store."""
    defaults = ELEMENT_DEFAULTS[element["kind"]]
    out = {"id": element["id"], "kind": element["kind"], "z": element.get("z", "")}
    for name, value in element.items():
        if name not in ALWAYS_WRITTEN and value != defaults[name]:
            out[name] = value
    return out


def _set(data: dict[str, Any], name: str, value: Any) -> None:
    if name not in ALWAYS_WRITTEN and value == ELEMENT_DEFAULTS[data["kind"]][name]:
        data.pop(name, None)
    else:
        data[name] = value


class Sequence:
    """The next numbers of one owner's order, handed out as changes are accepted."""

    def __init__(self, last: int) -> None:
        self.start = last
        self.last = last

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass
class DiagramMerge:
    """Applies one diagram's primitive operations to its loaded state, collecting the outcome."""

    diagram_id: str
    meta: dict[str, str]
    meta_seqs: dict[str, int]
    rows: dict[str, ElementRow]
    seqs: Sequence
    entry: int = 0
    #: (seq, kind, body) of each accepted change, in order.
    changes: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    overwritten: list[dict[str, Any]] = field(default_factory=list)
    meta_changed: bool = False
    count_delta: int = 0

    def apply(self, index: int, op: PrimitiveOp) -> None:
        if isinstance(op, MetaOp):
            self._meta(index, op.before, op.after)
        elif isinstance(op, AddOp):
            self._add(index, canonical(op.element))
        elif isinstance(op, DeleteOp):
            self._delete(index, canonical(op.element))
        else:
            self._update(index, op.id, op.before, op.after)

    # --- outcomes ---

    def _result(self, index: int, element_id: str | None, status: str, reason: str, **extra: Any) -> None:
        self.results.append({"entry": self.entry, "index": index, "diagram_id": self.diagram_id,
                             "element_id": element_id, "status": status, "reason": reason, **extra})

    def _log(self, kind: str, body: dict[str, Any]) -> int:
        seq = self.seqs.next()
        self.changes.append((seq, kind, body))
        return seq

    def _lost(self, element_id: str | None, name: str, value: Any, written: int) -> dict[str, Any]:
        record = {"diagram_id": self.diagram_id, "element_id": element_id, "field": name, "value": value,
                  "written_seq": written, "seq": 0}
        self.overwritten.append(record)
        return record

    # --- the four primitives ---

    def _update(self, index: int, element_id: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        row = self.rows.get(element_id)
        if row is None:
            self._result(index, element_id, "rejected", "the element does not exist on the server")
            return
        defaults = ELEMENT_DEFAULTS[row.data["kind"]]
        unknown = sorted(after.keys() - defaults.keys())
        if unknown:
            self._result(index, element_id, "rejected", f"a {row.data['kind']} has no field(s) {', '.join(unknown)}")
            return
        if row.deleted:
            data = dict(row.data)
            for name, value in after.items():
                _set(data, name, value)
            seq = self._log("op", {"op": "add", "element": data})
            row.data, row.deleted, row.seq, row.dirty = data, False, seq, True
            row.field_seqs.update(dict.fromkeys(after, seq))
            self.count_delta += 1
            self._result(index, element_id, "resurrected",
                         "the element had been deleted; the edit brought it back", seq=seq, element=data)
            return
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        lost: list[dict[str, Any]] = []
        for name, value in after.items():
            current = row.value(name)
            if value == current:
                continue
            if name in before and before[name] != current:
                lost.append(self._lost(element_id, name, current, row.written(name)))
            old[name], new[name] = current, value
        if not new:
            self._result(index, element_id, "noop", "the element already has these values")
            return
        self._write_fields(row, element_id, old, new, lost)

    def _add(self, index: int, element: dict[str, Any]) -> None:
        element_id = element["id"]
        row = self.rows.get(element_id)
        if row is None or row.deleted:
            seq = self._log("op", {"op": "add", "element": element})
            if row is None:
                self.rows[element_id] = ElementRow(element, False, seq, seq, {}, new=True, dirty=True)
            else:
                row.data, row.deleted, row.created_seq, row.seq, row.field_seqs, row.dirty = (
                    element, False, seq, seq, {}, True)
            self.count_delta += 1
            return
        if row.data["kind"] != element["kind"]:
            self._result(index, element_id, "rejected",
                         f"an element with this id exists as a {row.data['kind']}, not a {element['kind']}")
            return
        defaults = ELEMENT_DEFAULTS[element["kind"]]
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        lost: list[dict[str, Any]] = []
        for name in defaults:
            value, current = element.get(name, defaults[name]), row.value(name)
            if value != current:
                lost.append(self._lost(element_id, name, current, row.written(name)))
                old[name], new[name] = current, value
        if not new:
            self._result(index, element_id, "noop", "the element already exists as added")
            return
        self._write_fields(row, element_id, old, new, lost)

    def _write_fields(self, row: ElementRow, element_id: str, old: dict[str, Any], new: dict[str, Any],
                      lost: list[dict[str, Any]]) -> None:
        seq = self._log("op", {"op": "update", "id": element_id, "before": old, "after": new})
        data = dict(row.data)
        for name, value in new.items():
            _set(data, name, value)
            row.field_seqs[name] = seq
        row.data, row.seq, row.dirty = data, seq, True
        for record in lost:
            record["seq"] = seq

    def _delete(self, index: int, element: dict[str, Any]) -> None:
        element_id = element["id"]
        row = self.rows.get(element_id)
        if row is None:
            self._result(index, element_id, "noop", "the element does not exist on the server")
        elif row.deleted:
            self._result(index, element_id, "noop", "the element was already deleted")
        elif row.data != element:
            self._result(index, element_id, "refused",
                         "the element changed since the deleting client saw it; it was kept", element=row.data)
        else:
            seq = self._log("op", {"op": "delete", "element": row.data})
            row.deleted, row.seq, row.dirty = True, seq, True
            self.count_delta -= 1

    def _meta(self, index: int, before: Mapping[Any, str], after: Mapping[Any, str]) -> None:
        old: dict[str, str] = {}
        new: dict[str, str] = {}
        lost: list[dict[str, Any]] = []
        for name, value in after.items():
            current = self.meta.get(name, META_DEFAULTS[name])
            if value == current:
                continue
            if before.get(name, current) != current:
                lost.append(self._lost(None, name, current, self.meta_seqs.get(name, 0)))
            old[name], new[name] = current, value
        if not new:
            self._result(index, None, "noop", "the diagram already has these values")
            return
        seq = self._log("op", {"op": "meta", "before": old, "after": new})
        self.meta = {**self.meta, **new}
        self.meta_seqs.update(dict.fromkeys(new, seq))
        self.meta_changed = True
        for record in lost:
            record["seq"] = seq


def image_blob(row: ElementRow) -> str | None:
    """The blob an element references (an image's `sha256`), or None."""
    if row.data["kind"] != "image":
        return None
    value = row.data.get("sha256", "")
    return value or None
