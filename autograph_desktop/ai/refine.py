"""Refinement as a diff: the model's new diagram is matched to the canvas by Mermaid id, and only what
changed is changed, in one transaction, so the nodes the user arranged stay where they are.

A node and what belongs to it (an icon group, a class box with its compartments) is one *unit*, named by
the Mermaid id of its box. Units in both diagrams with the same content are left alone; a single shape
whose label or outline changed is updated in place (its connectors stay attached); anything else that
changed is replaced where it stood. New units are placed beside the neighbour they are linked to, as the
fresh layout put them, and nudged until they overlap nothing. Links are matched by their two ends.
Diagram types with fixed layouts (sequence, gantt, ...) are replaced whole where they stood.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.ai.apply import moved
from autograph_desktop.ai.build import ROLE_ICON
from autograph_desktop.ai.units import (
    Unit,
    current_mermaid,
    edges_of,
    frame_key,
    frames_of,
    units_of,
    with_mermaid_ids,
)
from autograph_desktop.model import (
    AddElement,
    Connector,
    DeleteElement,
    Diagram,
    Element,
    Endpoint,
    Frame,
    Group,
    Operation,
    Rect,
    Shape,
    Transaction,
    edits,
    keys_between,
    update,
    update_meta,
)

__all__ = ["GRAPH_TYPES", "RefineDiff", "current_mermaid", "refine_transaction"]

#: Types drawn from the graph draft, whose nodes the diff can keep in place.
GRAPH_TYPES = frozenset({"flowchart", "class", "er", "state"})
GAP = 30.0
FRAME_PAD = 20.0


# ---------------------------------------------------------------------------- the diff
@dataclass
class RefineDiff:
    """What a refinement changes, by Mermaid id (shown to the user and asserted by tests)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    edges_added: int = 0
    edges_removed: int = 0
    edges_changed: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed", f"{len(self.changed)} changed"]
        edges = f"links +{self.edges_added} -{self.edges_removed}" + (f" ~{self.edges_changed}"
                                                                       if self.edges_changed else "")
        return ", ".join(parts) + "; " + edges


def refine_transaction(doc: Diagram, new: Diagram, label: str = "AI: refine") -> tuple[Transaction, RefineDiff]:
    """One transaction turning `doc` into what `new` describes, keeping unchanged nodes where they are."""
    source = with_mermaid_ids(doc) if doc.meta.kind in ("flowchart", "freeform") else doc
    if new.meta.kind not in GRAPH_TYPES or doc.meta.kind not in (*GRAPH_TYPES, "freeform"):
        return _replace_all(doc, new, label)
    planner = _Planner(doc, source, new)
    planner.plan()
    ops = planner.operations()
    meta = update_meta(doc.meta, kind=new.meta.kind, source=new.meta.source, source_kind="mermaid")
    if meta is not None:
        ops.append(meta)
    return Transaction(tuple(ops), label), planner.diff


def _replace_all(doc: Diagram, new: Diagram, label: str) -> tuple[Transaction, RefineDiff]:
    """Fixed-layout types: the new drawing replaces the old one, at the old one's top-left corner."""
    old_box = doc.bbox()
    new_box = new.bbox()
    dx = (old_box.x - new_box.x) if old_box and new_box else 0.0
    dy = (old_box.y - new_box.y) if old_box and new_box else 0.0
    deleted = edits.delete(doc, [el.id for el in doc if el.parent is None])
    ops: list[Operation] = list(deleted.operations)
    keys = keys_between(None, None, len(new))
    ops.extend(AddElement(moved(el, dx, dy).evolve(z=k)) for el, k in zip(new, keys, strict=True))
    meta = update_meta(doc.meta, kind=new.meta.kind, source=new.meta.source, source_kind="mermaid")
    if meta is not None:
        ops.append(meta)
    old_units, new_units = units_of(doc), units_of(new)
    diff = RefineDiff(added=sorted(new_units.keys() - old_units.keys()),
                      removed=sorted(old_units.keys() - new_units.keys()),
                      changed=sorted(k for k in old_units.keys() & new_units.keys()
                                     if old_units[k].signature() != new_units[k].signature()))
    return Transaction(tuple(ops), label), diff


class _Planner:
    """Works out the operations of one graph refinement (see the module docstring for the rules)."""

    def __init__(self, doc: Diagram, source: Diagram, new: Diagram) -> None:
        self.doc = doc
        self.source = source
        self.new = new
        self.old_units = units_of(source)
        self.new_units = units_of(new)
        self.old_frames = frames_of(source)
        self.new_frames = frames_of(new)
        self.old_edges = edges_of(source)
        self.new_edges = edges_of(new)
        self.diff = RefineDiff()
        self.updates: list[Operation] = []
        self.parents: dict[str, str | None] = {}  # element id -> new parent, applied after the adds
        self.delete_ids: list[str] = []
        self.adds: list[Element] = []
        self.replaced: set[str] = set()
        self.removed_frames: list[Frame] = []
        self.new_frame_ids: dict[str, str] = {}
        self.placed: dict[str, Rect] = {}  # unit key -> where it ends up (kept units: where they are)
        self.element_for: dict[str, str] = {}  # unit or frame key -> the element connectors attach to

    # ------------------------------------------------------------------ units
    def plan(self) -> None:
        old, new = self.old_units, self.new_units
        self._plan_frames()
        for key in sorted(old.keys() - new.keys()):
            self.diff.removed.append(key)
            self.delete_ids.append(old[key].root.id)
        for key, unit in old.items():
            if key not in new:
                continue
            self.placed[key] = unit.bounds()
            self.element_for[key] = unit.box.id
            if unit.signature() == new[key].signature():
                continue
            self.diff.changed.append(key)
            if len(unit.elements) == 1 and len(new[key].elements) == 1 and unit.box.kind == new[key].box.kind:
                self._update_in_place(key, unit.box, new[key].box)
            else:
                self.replaced.add(key)
                self.delete_ids.append(unit.root.id)
                self._add_unit(new[key], unit.bounds())
        added = [k for k in new if k not in old]
        self.diff.added.extend(added)
        self._place_new_units(added)
        self._plan_memberships()
        self._plan_edges()

    def _update_in_place(self, key: str, old: Element, new: Element) -> None:
        cx, cy = old.x + old.w / 2, old.y + old.h / 2
        changes: dict[str, object] = {"text": new.text, "w": new.w, "h": new.h, "x": cx - new.w / 2,
                                      "y": cy - new.h / 2}
        if isinstance(old, Shape) and isinstance(new, Shape):
            changes["shape"] = new.shape
        op = update(self.doc[old.id], **changes)
        if op is not None:
            self.updates.append(op)
        self.placed[key] = Rect(cx - new.w / 2, cy - new.h / 2, new.w, new.h)

    def _add_unit(self, unit: Unit, at: Rect) -> None:
        """Add a new unit's elements moved so that its top-left corner is at `at`, in its frame."""
        box = unit.bounds()
        dx, dy = at.x - box.x, at.y - box.y
        for el in unit.elements:
            shifted = moved(el, dx, dy).evolve(z="")
            if el is unit.root:
                shifted = shifted.evolve(parent=self.element_for.get(unit.frame) if unit.frame else None)
            self.adds.append(shifted)
        self.placed[unit.key] = Rect(at.x, at.y, box.w, box.h)
        self.element_for[unit.key] = unit.box.id

    def _neighbours(self, key: str) -> list[str]:
        out: list[str] = []
        for (a, b, _n) in self.new_edges:
            if a == key and b in self.placed:
                out.append(b)
            elif b == key and a in self.placed:
                out.append(a)
        return out

    def _place_new_units(self, keys: list[str]) -> None:
        """Place each new unit as the fresh layout did relative to a placed neighbour, then nudge it free."""
        kept = [k for k in self.new_units if k in self.old_units]
        shifts = sorted((self.placed[k].x - self.new_units[k].bounds().x,
                         self.placed[k].y - self.new_units[k].bounds().y) for k in kept)
        median = shifts[len(shifts) // 2] if shifts else self._beside_everything()
        pending = list(keys)
        while pending:
            ready = [k for k in pending if self._neighbours(k)]
            if not ready:
                break
            for key in ready:
                anchor = self._neighbours(key)[0]
                fresh = self.new_units[key].bounds()
                anchor_fresh = self.new_units[anchor].bounds()
                where = self.placed[anchor]
                want = Rect(where.x + fresh.x - anchor_fresh.x, where.y + fresh.y - anchor_fresh.y, fresh.w, fresh.h)
                self._add_unit(self.new_units[key], self._free_spot(want))
                pending.remove(key)
        for key in pending:
            fresh = self.new_units[key].bounds()
            want = Rect(fresh.x + median[0], fresh.y + median[1], fresh.w, fresh.h)
            self._add_unit(self.new_units[key], self._free_spot(want))

    def _beside_everything(self) -> tuple[float, float]:
        box, fresh = self.doc.bbox(), self.new.bbox()
        if box is None or fresh is None:
            return (0.0, 0.0)
        return (box.right + 80 - fresh.x, box.y - fresh.y)

    def _free_spot(self, want: Rect) -> Rect:
        taken = list(self.placed.values())
        taken.extend(Rect(e.x, e.y, e.w, e.h) for e in self.doc
                     if not isinstance(e, (Connector, Group, Frame)) and e.w > 0 and e.h > 0 and not e.get("mermaid_id")
                     and e.get("role") != ROLE_ICON)

        def clear(r: Rect) -> bool:
            return not any(r.x < t.right + GAP and t.x < r.right + GAP and r.y < t.bottom + GAP
                           and t.y < r.bottom + GAP for t in taken)

        step_x, step_y = want.w + GAP, want.h + GAP
        for ring in range(12):
            for dx, dy in ((0, 0),) if ring == 0 else ((ring, 0), (0, ring), (-ring, 0), (0, -ring), (ring, ring)):
                candidate = Rect(want.x + dx * step_x, want.y + dy * step_y, want.w, want.h)
                if clear(candidate):
                    return candidate
        bottom = max((t.bottom for t in taken), default=want.y)
        return Rect(want.x, bottom + GAP * 2, want.w, want.h)

    # ------------------------------------------------------------------ frames and membership
    def _plan_frames(self) -> None:
        for key, frame in self.old_frames.items():
            self.element_for[key] = frame.id
            fresh = self.new_frames.get(key)
            if fresh is None:
                self.removed_frames.append(frame)
            elif fresh.text != frame.text:
                op = update(self.doc[frame.id], text=fresh.text)
                if op is not None:
                    self.updates.append(op)
        for key, fresh in self.new_frames.items():
            if key not in self.old_frames:
                self.new_frame_ids[key] = fresh.id
                self.element_for[key] = fresh.id

    def _plan_memberships(self) -> None:
        """Kept units follow their frame in the new diagram; members of a removed frame are freed."""
        for key, unit in self.old_units.items():
            if key not in self.new_units or key in self.replaced:
                continue
            wanted = self.new_units[key].frame
            if wanted != unit.frame:
                self.parents[unit.root.id] = self.element_for.get(wanted) if wanted else None
        doomed = set(self.delete_ids)
        for frame in self.removed_frames:
            for child in self.doc.children(frame.id):
                if child.id not in doomed and child.id not in self.parents:
                    self.parents[child.id] = None

    # ------------------------------------------------------------------ edges
    def _plan_edges(self) -> None:
        touched = self.replaced | set(self.diff.removed)
        for key, conn in self.old_edges.items():
            a, b, _n = key
            if key not in self.new_edges or a in touched or b in touched:
                self.diff.edges_removed += 1
                self.delete_ids.append(conn.id)
        for key, conn in self.new_edges.items():
            a, b, _n = key
            old = self.old_edges.get(key)
            if old is not None and a not in touched and b not in touched:
                op = update(self.doc[old.id], labels=conn.labels, start_arrow=conn.start_arrow,
                            end_arrow=conn.end_arrow)
                if op is not None:
                    self.updates.append(op)
                    self.diff.edges_changed += 1
                continue
            source, target = self.element_for.get(a), self.element_for.get(b)
            if source is None or target is None:
                continue
            self.diff.edges_added += 1
            self.adds.append(conn.evolve(z="", parent=None, source=Endpoint(source), target=Endpoint(target),
                                         waypoints=()))

    # ------------------------------------------------------------------ operations
    def operations(self) -> list[Operation]:
        """Updates of what stays, deletions, additions, then re-parenting and frames grown round members."""
        ops: list[Operation] = list(self.updates)
        doomed = [i for i in dict.fromkeys(self.delete_ids) if i in self.doc]
        if doomed:
            ops.extend(edits.delete(self.doc, doomed).operations)
        ordered = [*self._new_frames(), *(e for e in self.adds if isinstance(e, Connector)),
                   *(e for e in self.adds if not isinstance(e, Connector))]
        keys = keys_between(self.doc.last_key(), None, len(ordered))
        ops.extend(AddElement(e.evolve(z=k)) for e, k in zip(ordered, keys, strict=True))
        for element_id, parent in self.parents.items():
            op = update(self.doc[element_id], parent=parent)
            if op is not None:
                ops.append(op)
        ops.extend(DeleteElement(frame) for frame in self.removed_frames if frame.id not in doomed)
        ops.extend(self._grow_frames())
        return ops

    def _members(self, key: str) -> list[Rect]:
        return [self.placed[k] for k, u in self.new_units.items() if u.frame == key and k in self.placed]

    def _new_frames(self) -> list[Element]:
        """New subgraphs drawn round where their members were placed (outer ones first)."""
        out: list[Element] = []
        for key, frame_id in self.new_frame_ids.items():
            fresh = self.new_frames[key]
            members = self._members(key)
            if not members:
                continue
            box = _union(members)
            parent_key = frame_key(self.new, fresh)
            out.append(fresh.evolve(id=frame_id, x=box.x - FRAME_PAD, y=box.y - FRAME_PAD * 2,
                                    w=box.w + FRAME_PAD * 2, h=box.h + FRAME_PAD * 3,
                                    parent=self.element_for.get(parent_key) if parent_key else None))
        return out

    def _grow_frames(self) -> list[Operation]:
        ops: list[Operation] = []
        for key, frame in self.old_frames.items():
            members = self._members(key)
            if key not in self.new_frames or not members:
                continue
            inside = Rect(frame.x, frame.y, frame.w, frame.h)
            if all(inside.contains_rect(m) for m in members):
                continue
            need = _union(members)
            x0, y0 = min(frame.x, need.x - FRAME_PAD), min(frame.y, need.y - FRAME_PAD * 2)
            x1, y1 = max(frame.x + frame.w, need.right + FRAME_PAD), max(frame.y + frame.h, need.bottom + FRAME_PAD)
            op = update(self.doc[frame.id], x=x0, y=y0, w=x1 - x0, h=y1 - y0)
            if op is not None:
                ops.append(op)
        return ops


def _union(rects: list[Rect]) -> Rect:
    x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x0, y0, max(r.right for r in rects) - x0, max(r.bottom for r in rects) - y0)
