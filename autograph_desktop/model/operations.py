"""Operations: the only way a document changes. Each has an exact inverse and a JSON form.

There are a few primitive operations (add, delete, update fields, update metadata) and a Transaction
that groups them into one undoable step with a label. Higher-level edits (move, resize, reorder, group,
ungroup, delete-with-connectors) are built from primitives in `edits.py`, so undo, incremental save and
sync each deal with only these few shapes of change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from autograph_desktop.model.elements import (
    KINDS,
    Element,
    decode_value,
    element_from_dict,
    element_to_dict,
    encode_value,
    evolve,
    field_set,
    moved,
)

if TYPE_CHECKING:
    from autograph_desktop.model.document import Diagram, DiagramMeta


class OperationError(ValueError):
    """An operation that does not fit the document it is applied to (a bug or a sync conflict)."""


class Operation(Protocol):
    def apply(self, doc: Diagram) -> None: ...
    def inverse(self) -> Operation: ...
    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class AddElement:
    element: Element

    def apply(self, doc: Diagram) -> None:
        if self.element.id in doc:
            raise OperationError(f"cannot add {self.element.id}: it already exists")
        doc.insert(self.element)

    def inverse(self) -> DeleteElement:
        return DeleteElement(self.element)

    def to_json(self) -> dict[str, Any]:
        return {"op": "add", "element": element_to_dict(self.element)}


@dataclass(frozen=True, slots=True)
class DeleteElement:
    """Delete one element; it carries the whole element so that its inverse can restore it."""

    element: Element

    def apply(self, doc: Diagram) -> None:
        current = doc.get(self.element.id)
        if current is None:
            raise OperationError(f"cannot delete {self.element.id}: it does not exist")
        if current != self.element:
            raise OperationError(f"cannot delete {self.element.id}: it changed since the operation was made")
        doc.remove(self.element.id)

    def inverse(self) -> AddElement:
        return AddElement(self.element)

    def to_json(self) -> dict[str, Any]:
        return {"op": "delete", "element": element_to_dict(self.element)}


@dataclass(frozen=True, slots=True)
class UpdateElement:
    """Change some fields of one element from `before` to `after` (model values, not JSON)."""

    id: str
    before: dict[str, Any]
    after: dict[str, Any]

    def apply(self, doc: Diagram) -> None:
        current = doc.get(self.id)
        if current is None:
            raise OperationError(f"cannot update {self.id}: it does not exist")
        names = field_set(type(current))
        for name, value in self.before.items():
            if name not in names or name == "id":
                raise OperationError(f"{current.kind} has no field {name!r}")
            if getattr(current, name) != value:
                raise OperationError(f"cannot update {self.id}.{name}: it is not what the operation expects")
        doc.replace(evolve(current, self.after), self.after.keys())

    def inverse(self) -> UpdateElement:
        return UpdateElement(self.id, self.after, self.before)

    def to_json(self) -> dict[str, Any]:
        return {
            "op": "update",
            "id": self.id,
            "before": {k: encode_value(k, v) for k, v in self.before.items()},
            "after": {k: encode_value(k, v) for k, v in self.after.items()},
        }


@dataclass(frozen=True, slots=True)
class UpdateMeta:
    before: dict[str, Any]
    after: dict[str, Any]

    def apply(self, doc: Diagram) -> None:
        for name, value in self.before.items():
            if getattr(doc.meta, name) != value:
                raise OperationError(f"cannot update diagram {name}: it is not what the operation expects")
        doc.set_meta(replace(doc.meta, **self.after))

    def inverse(self) -> UpdateMeta:
        return UpdateMeta(self.after, self.before)

    def to_json(self) -> dict[str, Any]:
        return {"op": "meta", "before": dict(self.before), "after": dict(self.after)}


@dataclass(frozen=True, slots=True)
class Transaction:
    """Operations applied together as one undo step. If one fails, those before it are rolled back."""

    operations: tuple[Operation, ...]
    label: str = ""

    def apply(self, doc: Diagram) -> None:
        done: list[Operation] = []
        ops = self.operations
        try:
            i, n = 0, len(ops)
            while i < n:
                op = ops[i]
                if type(op) is UpdateElement:
                    j = i + 1
                    while j < n and type(ops[j]) is UpdateElement:
                        j += 1
                    if j - i >= _BATCH_MIN:
                        run = ops[i:j]
                        _apply_updates(doc, run)  # type: ignore[arg-type]
                        done.extend(run)
                        i = j
                        continue
                op.apply(doc)
                done.append(op)
                i += 1
        except Exception:
            for op in reversed(done):
                op.inverse().apply(doc)
            raise

    def inverse(self) -> Transaction:
        return Transaction(tuple(op.inverse() for op in reversed(self.operations)), self.label)

    def to_json(self) -> dict[str, Any]:
        return {"op": "transaction", "label": self.label, "operations": [op.to_json() for op in self.operations]}

    def __bool__(self) -> bool:
        return bool(self.operations)


_XY = frozenset({"x", "y"})
#: From how many consecutive updates a transaction applies them as one batch (a drag of many elements).
_BATCH_MIN = 16


def _reject(doc: Diagram, op: UpdateElement) -> NoReturn:
    """Raise the error `UpdateElement.apply` gives for an update that does not fit the document."""
    op.apply(doc)
    raise AssertionError(f"update of {op.id} was expected not to fit")


def _apply_updates(doc: Diagram, run: tuple[UpdateElement, ...]) -> None:
    """Apply consecutive updates of distinct elements in one pass: all of them or none.

    The same checks as `UpdateElement.apply`, made for every update before the document changes, then one
    `Diagram.replace_many` that indexes the elements and their connectors once. Runs that touch an element
    twice go one by one, since each update must see the one before it.
    """
    if len({op.id for op in run}) != len(run):
        done: list[UpdateElement] = []
        try:
            for op in run:
                op.apply(doc)
                done.append(op)
        except Exception:
            for op in reversed(done):
                op.inverse().apply(doc)
            raise
        return
    get = doc.get
    news: list[tuple[Element, Any]] = []
    for op in run:
        current = get(op.id)
        before, after = op.before, op.after
        if current is None:
            _reject(doc, op)
        elif before.keys() == _XY and after.keys() == _XY:  # a drag: checked and copied the quick way
            if current.x != before["x"] or current.y != before["y"]:
                _reject(doc, op)
            news.append((moved(current, after["x"], after["y"]), _XY))
            continue
        if not before.keys() <= field_set(type(current)) or "id" in before:
            _reject(doc, op)
        for name, value in before.items():
            if getattr(current, name) != value:
                _reject(doc, op)
        news.append((evolve(current, after), after.keys()))
    doc.replace_many(news)


def operation_from_json(data: dict[str, Any]) -> Operation:
    """Rebuild an operation from `to_json` output (from the outbox or the sync server)."""
    kind = data.get("op")
    if kind == "add":
        return AddElement(element_from_dict(data["element"]))
    if kind == "delete":
        return DeleteElement(element_from_dict(data["element"]))
    if kind == "update":
        return UpdateElement(
            data["id"],
            {k: decode_value(k, v) for k, v in data["before"].items()},
            {k: decode_value(k, v) for k, v in data["after"].items()},
        )
    if kind == "meta":
        return UpdateMeta(dict(data["before"]), dict(data["after"]))
    if kind == "transaction":
        return Transaction(tuple(operation_from_json(op) for op in data["operations"]), data.get("label", ""))
    raise OperationError(f"unknown operation {kind!r}")


def update(element: Element, **after: Any) -> UpdateElement | None:
    """An UpdateElement for the fields that really change, or None when nothing would."""
    changed = {k: v for k, v in after.items() if getattr(element, k) != v}
    if not changed:
        return None
    return UpdateElement(element.id, {k: getattr(element, k) for k in changed}, changed)


def update_meta(meta: DiagramMeta, **after: Any) -> UpdateMeta | None:
    changed = {k: v for k, v in after.items() if getattr(meta, k) != v}
    if not changed:
        return None
    return UpdateMeta({k: getattr(meta, k) for k in changed}, changed)


def squash(operations: list[Operation]) -> list[Operation]:
    """Merge consecutive updates of the same element (a drag's many moves become one update)."""
    out: list[Operation] = []
    last_update: dict[str, int] = {}
    for op in operations:
        if isinstance(op, UpdateElement) and op.id in last_update:
            i = last_update[op.id]
            prev = out[i]
            assert isinstance(prev, UpdateElement)
            before = dict(op.before)
            before.update(prev.before)
            after = dict(prev.after)
            after.update(op.after)
            out[i] = UpdateElement(op.id, before, after)
            continue
        if isinstance(op, UpdateElement):
            last_update[op.id] = len(out)
        else:
            last_update.clear()
        out.append(op)
    return out




__all__ = [
    "KINDS",
    "AddElement",
    "DeleteElement",
    "Operation",
    "OperationError",
    "Transaction",
    "UpdateElement",
    "UpdateMeta",
    "operation_from_json",
    "squash",
    "update",
    "update_meta",
]
