"""Cut outbox entries into push requests the server accepts (its limits are in `wire.py`).

Each diagram appears once per push with its operations in order; a diagram's `create_diagram` entry
becomes the entry's `create` metadata; `delete_diagram` ends the push before it and becomes a DELETE of
its own. An operation bigger than a whole push (a paste of 6,000 shapes) is opened into its primitives
and sent over several pushes. Requests are plain JSON, made once and kept verbatim until acknowledged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson

from autograph_desktop.store.outbox import CREATE_DIAGRAM, OutboxEntry
from autograph_desktop.wire import MAX_DIAGRAMS_PER_PUSH, MAX_OPS_PER_PUSH

#: Keep bodies well under the server's 8 MiB.
MAX_BODY = 4 * 1024 * 1024


def primitives(op: dict[str, Any]) -> list[dict[str, Any]]:
    if op.get("op") == "transaction":
        return [p for inner in op.get("operations", ()) for p in primitives(inner)]
    return [op]


def count(op: dict[str, Any]) -> int:
    if op.get("op") == "transaction":
        return sum(count(inner) for inner in op.get("operations", ()))
    return 1


class _Push:
    def __init__(self, max_ops: int) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.ops = 0
        self.size = 0
        self.max_ops = max_ops

    def fits(self, diagram_id: str, ops: int, size: int) -> bool:
        new = diagram_id not in self.entries
        return (self.ops + ops <= self.max_ops and self.size + size <= MAX_BODY
                and (not new or len(self.entries) < MAX_DIAGRAMS_PER_PUSH))

    def entry(self, diagram_id: str) -> dict[str, Any]:
        return self.entries.setdefault(diagram_id, {"diagram_id": diagram_id, "operations": []})

    def add(self, diagram_id: str, op: dict[str, Any], ops: int, size: int) -> None:
        self.entry(diagram_id)["operations"].append(op)
        self.ops += ops
        self.size += size


def build_requests(entries: Iterable[OutboxEntry], include: Callable[[str], bool],
                   max_ops: int = MAX_OPS_PER_PUSH) -> list[dict[str, Any]]:
    """`[{"push": {"diagrams": [...]}} | {"delete": diagram_id}]` in outbox order (client id and sequence
    numbers are added by the engine)."""
    out: list[dict[str, Any]] = []
    push = _Push(max_ops)

    def flush() -> None:
        nonlocal push
        if push.entries:
            out.append({"push": {"diagrams": list(push.entries.values())}})
        push = _Push(max_ops)

    for e in entries:
        if not include(e.diagram_id):
            continue
        kind = e.op.get("op")
        if kind == "delete_diagram":
            flush()
            out.append({"delete": e.diagram_id})
            continue
        if kind == CREATE_DIAGRAM:
            if not push.fits(e.diagram_id, 0, 0):
                flush()
            push.entry(e.diagram_id)["create"] = {"meta": e.op.get("meta", {})}
            continue
        n = count(e.op)
        size = len(orjson.dumps(e.op))
        if n > max_ops or size > MAX_BODY:
            for prim in primitives(e.op):
                prim_size = len(orjson.dumps(prim))
                if not push.fits(e.diagram_id, 1, prim_size):
                    flush()
                push.add(e.diagram_id, prim, 1, prim_size)
            continue
        if not push.fits(e.diagram_id, n, size):
            flush()
        push.add(e.diagram_id, e.op, n, size)
    flush()
    return out
