"""The one transaction that turns a document into another state of it (a version, a new Mermaid build).

Restoring a version and applying a rebuilt diagram are then ordinary operations: undoable, saved row by
row, journaled and synced like any edit.
"""

from __future__ import annotations

from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import field_names
from autograph_desktop.model.operations import (
    AddElement,
    DeleteElement,
    Operation,
    Transaction,
    UpdateElement,
    UpdateMeta,
)

#: Meta fields a transition brings over (identity and timestamps stay those of the live diagram).
RESTORED_META = ("title", "kind", "theme", "background", "source", "source_kind")


def transition(current: Diagram, target: Diagram, label: str = "Restore version") -> Transaction:
    """The operations that turn `current` into `target`'s content: deletes, then updates, then adds.

    Applied to `current` (through its History) it is one undo step; its inverse brings the present back.
    """
    ops: list[Operation] = []
    for el in current:
        other = target.get(el.id)
        if other is None or type(other) is not type(el):
            ops.append(DeleteElement(el))
    for el in target:
        old = current.get(el.id)
        if old is None or type(old) is not type(el):
            continue
        if old != el:
            names = [n for n in field_names(type(el)) if n != "id" and getattr(old, n) != getattr(el, n)]
            ops.append(UpdateElement(el.id, {n: getattr(old, n) for n in names}, {n: getattr(el, n) for n in names}))
    for el in target:
        old = current.get(el.id)
        if old is None or type(old) is not type(el):
            ops.append(AddElement(el))
    meta_op = _meta_update(current.meta, target.meta)
    if meta_op is not None:
        ops.append(meta_op)
    return Transaction(tuple(ops), label)


def _meta_update(current: DiagramMeta, target: DiagramMeta) -> UpdateMeta | None:
    changed = [n for n in RESTORED_META if getattr(current, n) != getattr(target, n)]
    if not changed:
        return None
    return UpdateMeta({n: getattr(current, n) for n in changed}, {n: getattr(target, n) for n in changed})


__all__ = ["RESTORED_META", "transition"]
