"""Comparing two states of a diagram, and the transaction that turns one into the other.

`diff_versions` feeds the version timeline's visual diff; `transition` makes restoring a version an
ordinary undoable Transaction on the live document rather than a reload.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from autograph_desktop.model import (
    Diagram,
    Element,
)
from autograph_desktop.model.elements import encode_value, field_names
from autograph_desktop.model.transition import RESTORED_META, transition


@dataclass(frozen=True, slots=True)
class ElementChange:
    """One element present in both states with different values: property -> (old, new), as JSON values.
    Style properties are reported one by one (`style.fill`), which is what a user thinks of as changed."""

    id: str
    kind: str
    changes: dict[str, tuple[Any, Any]]

    @property
    def names(self) -> list[str]:
        return sorted(self.changes)


@dataclass(frozen=True, slots=True)
class VersionDiff:
    added: list[Element] = field(default_factory=list)
    removed: list[Element] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    meta: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.meta)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"


def _element_changes(old: Element, new: Element) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    if type(old) is not type(new):
        return {"kind": (old.kind, new.kind)}
    for name in field_names(type(old)):
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if name == "style":
            for f in fields(a):
                sa, sb = getattr(a, f.name), getattr(b, f.name)
                if sa != sb:
                    out[f"style.{f.name}"] = (sa, sb)
        else:
            out[name] = (encode_value(name, a), encode_value(name, b))
    return out


def diff_versions(a: Diagram, b: Diagram) -> VersionDiff:
    """What changed going from `a` (older) to `b` (newer). Lists follow `b`'s (or `a`'s) z-order."""
    added = [e for e in b if e.id not in a]
    removed = [e for e in a if e.id not in b]
    changed: list[ElementChange] = []
    for new in b:
        old = a.get(new.id)
        if old is not None and old != new:
            changed.append(ElementChange(new.id, new.kind, _element_changes(old, new)))
    meta = {name: (getattr(a.meta, name), getattr(b.meta, name)) for name in RESTORED_META
            if getattr(a.meta, name) != getattr(b.meta, name)}
    return VersionDiff(added, removed, changed, meta)




__all__ = ["ElementChange", "VersionDiff", "diff_versions", "transition"]
