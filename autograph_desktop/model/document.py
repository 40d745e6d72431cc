"""The diagram document: elements in z-order with the indexes every view and query needs.

Only operations (see `operations.py`) change a document; each `execute` tells subscribers what changed,
so the canvas, the library's incremental save and sync all follow the same stream of changes.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from autograph_desktop.model.elements import NODE_KINDS, Connector, Element, Endpoint, Group, Shape, new_id
from autograph_desktop.model.geometry import (
    Rect,
    distance_to_polyline,
    perimeter_point,
    point_in_outline,
    project_to_outline,
    rotate_point,
    rotated_bounds,
    union_all,
)
from autograph_desktop.model.spatial import GridIndex

if TYPE_CHECKING:
    from autograph_desktop.model.operations import Operation

#: How far outside its points a connector's bounds reach, to cover elbows, arrowheads and labels.
CONNECTOR_MARGIN = 24.0
#: The same for orthogonal and curved connectors, whose routes detour around shapes or bulge: enough for
#: nearly all of them (the painter also draws the rare ones reaching further where they really are).
ROUTED_CONNECTOR_MARGIN = 120.0


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class DiagramMeta:
    """What describes a diagram as a whole. `source` holds diagram-as-code text when there is one."""

    id: str = field(default_factory=new_id)
    title: str = "Untitled diagram"
    kind: str = "freeform"
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    theme: str = "light"
    background: str = ""
    source: str = ""
    source_kind: str = ""


@dataclass
class ChangeSet:
    """What one `execute` changed: ids added, removed, and updated (with the field names)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    updated: dict[str, set[str]] = field(default_factory=dict)
    #: Every field name in `updated`, for listeners that only care whether some kind of change happened.
    fields: set[str] = field(default_factory=set)
    meta: bool = False
    operations: list[Operation] = field(default_factory=list)


Listener = Callable[["Diagram", ChangeSet], None]


class Diagram:
    """A document: metadata plus elements kept in z-order, with spatial and relationship indexes."""

    def __init__(self, meta: DiagramMeta | None = None, elements: Iterable[Element] = ()) -> None:
        self.meta = meta or DiagramMeta()
        self._elements: dict[str, Element] = {}
        self._order: list[tuple[str, str]] = []
        self._index = GridIndex()
        self._attached: dict[str, set[str]] = {}
        self._children: dict[str, set[str]] = {}
        self._listeners: list[Listener] = []
        #: How many elements of each kind (a status bar asks on every change; counting would walk them all).
        self._kind_counts: dict[str, int] = {}
        self._pending: ChangeSet | None = None
        #: Connectors whose index box must be recomputed when the current execute ends (each once).
        self._stale_connectors: set[str] = set()
        kind_counts = self._kind_counts
        for element in elements:
            self._elements[element.id] = element
            self._link(element)
            kind_counts[element.kind] = kind_counts.get(element.kind, 0) + 1
        self._order = sorted([(e.z, e.id) for e in self._elements.values()])
        compute = self._compute_bounds
        self._index.insert_many([(e.id, r) for e in self._elements.values() if (r := compute(e)) is not None])

    # ----------------------------------------------------------------- reading
    def __len__(self) -> int:
        return len(self._elements)

    def count(self, kind: str) -> int:
        """How many elements of one kind the document holds."""
        return self._kind_counts.get(kind, 0)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._elements

    def __iter__(self) -> Iterator[Element]:
        """Elements bottom to top."""
        elements = self._elements
        return (elements[eid] for _, eid in self._order)

    def get(self, element_id: str) -> Element | None:
        return self._elements.get(element_id)

    def __getitem__(self, element_id: str) -> Element:
        return self._elements[element_id]

    @property
    def elements(self) -> list[Element]:
        return list(self)

    def ids(self) -> list[str]:
        return [eid for _, eid in self._order]

    def first_key(self) -> str | None:
        return self._order[0][0] if self._order else None

    def last_key(self) -> str | None:
        return self._order[-1][0] if self._order else None

    def neighbour_keys(self, element_id: str) -> tuple[str | None, str | None]:
        """The order keys just below and just above an element."""
        el = self._elements[element_id]
        i = bisect.bisect_left(self._order, (el.z, el.id))
        below = self._order[i - 1][0] if i > 0 else None
        above = self._order[i + 1][0] if i + 1 < len(self._order) else None
        return below, above

    def elements_in_order(self, start: tuple[str, str] | None, stop: tuple[str, str] | None) -> list[Element]:
        """Elements whose (order key, id) lies in [start, stop), bottom to top; None leaves a side open."""
        order = self._order
        lo = bisect.bisect_left(order, start) if start is not None else 0
        hi = bisect.bisect_left(order, stop) if stop is not None else len(order)
        elements = self._elements
        return [elements[eid] for _, eid in order[lo:hi]]

    def children(self, element_id: str) -> list[Element]:
        """Direct members of a group or frame, bottom to top."""
        ids = self._children.get(element_id, ())
        return sorted((self._elements[i] for i in ids), key=lambda e: (e.z, e.id))

    def descendants(self, element_id: str) -> list[Element]:
        if element_id not in self._children:
            return []  # most elements are leaves: no walk, no sets
        out: list[Element] = []
        stack = [element_id]
        seen = {element_id}
        while stack:
            for child_id in self._children.get(stack.pop(), ()):
                if child_id not in seen:
                    seen.add(child_id)
                    out.append(self._elements[child_id])
                    stack.append(child_id)
        return out

    def ancestors(self, element_id: str) -> list[Element]:
        """Parents from the nearest outwards."""
        out: list[Element] = []
        parent = self._elements[element_id].parent
        while parent is not None and parent in self._elements and len(out) < 10_000:
            out.append(self._elements[parent])
            parent = self._elements[parent].parent
        return out

    def outermost_group(self, element_id: str) -> Element:
        """What a click selects: the outermost group around an element, or the element itself."""
        top = self._elements[element_id]
        for ancestor in self.ancestors(element_id):
            if isinstance(ancestor, Group):
                top = ancestor
        return top

    def connector_ids_of(self, element_id: str) -> frozenset[str] | set[str]:
        """Ids of connectors attached to an element (cheaper than `connectors_of` for bulk edits)."""
        return self._attached.get(element_id) or frozenset()

    def connectors_of(self, element_id: str) -> list[Connector]:
        """Connectors with an end attached to this element."""
        return [c for c in (self._elements[i] for i in self._attached.get(element_id, ())) if isinstance(c, Connector)]

    # ----------------------------------------------------------------- geometry
    def bounds(self, element_id: str) -> Rect | None:
        """The axis-aligned bounds of an element (groups: of their members; connectors: of their path)."""
        el = self._elements.get(element_id)
        if el is None:
            return None
        if isinstance(el, Group):
            return union_all([r for d in self.descendants(el.id) if (r := self._member_box(d)) is not None])
        return self._index.bounds(element_id) or self._compute_bounds(el)

    def _member_box(self, el: Element) -> Rect | None:
        """What a group member adds to the group's box: a connector its points, not its index box, which
        reaches past them (so that a query finds a route that detours); a nested group nothing of its own."""
        if isinstance(el, Group):
            return None
        if isinstance(el, Connector):
            return Rect.from_points(self.connector_points(el))
        return self._index.bounds(el.id)

    def bbox(self) -> Rect | None:
        """The drawn extent: element bounds, and connectors by their actual points (not their index box)."""
        rects = []
        for el in self._elements.values():
            if isinstance(el, Connector):
                rects.append(Rect.from_points(self.connector_points(el)))
            elif (r := self._index.bounds(el.id)) is not None:
                rects.append(r)
        return union_all(rects)

    def rough_extent(self) -> Rect | None:
        """A cheap superset of `bbox` (up to a grid cell larger on each side): for decisions made every
        frame, such as whether the whole diagram is in view, where `bbox` would walk every element."""
        return self._index.extent()

    def endpoint_point(self, endpoint: Endpoint, toward: tuple[float, float] | None = None) -> tuple[float, float]:
        """Where a connector end sits now."""
        target = self._elements.get(endpoint.element) if endpoint.element else None
        if target is None or isinstance(target, (Connector, Group)):
            return (endpoint.x, endpoint.y)
        rect = target.rect
        cx, cy = rect.center
        if endpoint.side is None:
            if toward is None:
                return (cx, cy)
            tx, ty = rotate_point(toward[0], toward[1], cx, cy, -target.rotation)
            shape = target.shape if isinstance(target, Shape) else "rectangle"
            px, py = perimeter_point(shape, rect, tx, ty)
        else:
            r = min(max(endpoint.ratio, 0.0), 1.0)
            side = endpoint.side
            if side == "top":
                px, py = rect.x + rect.w * r, rect.y
            elif side == "bottom":
                px, py = rect.x + rect.w * r, rect.bottom
            elif side == "left":
                px, py = rect.x, rect.y + rect.h * r
            else:
                px, py = rect.right, rect.y + rect.h * r
            if isinstance(target, Shape):
                px, py = project_to_outline(target.shape, rect, side, px, py)
        return rotate_point(px, py, cx, cy, target.rotation)

    def _reference_point(self, endpoint: Endpoint) -> tuple[float, float]:
        target = self._elements.get(endpoint.element) if endpoint.element else None
        if target is None or isinstance(target, (Connector, Group)):
            return (endpoint.x, endpoint.y)
        if endpoint.side is not None:
            return self.endpoint_point(endpoint)
        return target.rect.center

    def connector_points(self, connector: Connector) -> list[tuple[float, float]]:
        """Source point, waypoints, target point: the connector's control polyline."""
        waypoints = list(connector.waypoints)
        first_toward = waypoints[0] if waypoints else self._reference_point(connector.target)
        last_toward = waypoints[-1] if waypoints else self._reference_point(connector.source)
        start = self.endpoint_point(connector.source, first_toward)
        end = self.endpoint_point(connector.target, last_toward)
        return [start, *waypoints, end]

    def _end_box(self, end: Endpoint) -> tuple[float, float, float, float]:
        target = self._elements.get(end.element) if end.element else None
        if target is None or isinstance(target, (Connector, Group)):
            return (end.x, end.y, end.x, end.y)
        if target.rotation:
            r = rotated_bounds(target.rect, target.rotation)
            return (r.x, r.y, r.right, r.bottom)
        return (target.x, target.y, target.x + target.w, target.y + target.h)

    def _connector_box(self, el: Connector) -> Rect:
        """A superset of the path: the attached elements' boxes contain the ends wherever they sit on the
        outline, so no perimeter maths is needed to index a connector."""
        x1, y1, x2, y2 = self._end_box(el.source)
        bx1, by1, bx2, by2 = self._end_box(el.target)
        if bx1 < x1:
            x1 = bx1
        if by1 < y1:
            y1 = by1
        if bx2 > x2:
            x2 = bx2
        if by2 > y2:
            y2 = by2
        for px, py in el.waypoints:
            x1, y1, x2, y2 = min(x1, px), min(y1, py), max(x2, px), max(y2, py)
        if el.routing == "straight":
            m = CONNECTOR_MARGIN
        elif el.routing == "curved":
            # A curve's control points lie at most a third of the span beyond its points (render/routes.py
            # `_curve`), and the curve within their hull: a long curve bulges further than the fixed margin.
            m = max(ROUTED_CONNECTOR_MARGIN, math.hypot(x2 - x1, y2 - y1) / 3 + CONNECTOR_MARGIN)
        else:
            m = ROUTED_CONNECTOR_MARGIN
        return Rect(x1 - m, y1 - m, x2 - x1 + 2 * m, y2 - y1 + 2 * m)

    def _compute_bounds(self, el: Element) -> Rect | None:
        if isinstance(el, Group):
            return None
        if isinstance(el, Connector):
            return self._connector_box(el)
        if el.rotation:
            return rotated_bounds(el.rect, el.rotation)
        return Rect(el.x, el.y, el.w, el.h)

    # ----------------------------------------------------------------- queries
    def elements_at(self, x: float, y: float, tolerance: float = 4.0) -> list[Element]:
        """Visible leaf elements under a point, topmost first (connectors by distance to their path)."""
        hits: list[Element] = []
        for eid in self._index.query_point(x, y, tolerance):
            el = self._elements[eid]
            if el.hidden:
                continue
            if isinstance(el, Connector):
                if distance_to_polyline(x, y, self.connector_points(el)) > tolerance + el.style.stroke_width:
                    continue
            else:
                cx, cy = el.rect.center
                lx, ly = rotate_point(x, y, cx, cy, -el.rotation)
                shape = el.shape if isinstance(el, Shape) else "rectangle"
                if not point_in_outline(shape, el.rect.inflated(tolerance), lx, ly):
                    continue
            hits.append(el)
        hits.sort(key=lambda e: (e.z, e.id), reverse=True)
        return hits

    def ids_in_rect(self, rect: Rect, contained: bool = False) -> set[str]:
        """Ids of indexed elements intersecting (or, with `contained`, inside) a rectangle."""
        found = self._index.query(rect)
        if contained:
            bounds = self._index.bounds
            found = {i for i in found if (b := bounds(i)) is not None and rect.contains_rect(b)}
        return found

    def elements_in_rect(self, rect: Rect, contained: bool = False) -> list[Element]:
        """Visible elements in a rectangle, bottom to top."""
        els = self._elements
        found = [els[i] for i in self.ids_in_rect(rect, contained)]
        found = [e for e in found if not e.hidden]
        found.sort(key=lambda e: (e.z, e.id))
        return found

    # ----------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def execute(self, operation: Operation) -> ChangeSet:
        """Apply an operation (or transaction) and tell subscribers what changed."""
        outer = self._pending is None
        if outer:
            self._pending = ChangeSet()
        changes = self._pending
        assert changes is not None
        try:
            operation.apply(self)
            changes.operations.append(operation)
        finally:
            if outer:
                self._flush_connectors()
                self._pending = None
        if outer:
            for listener in list(self._listeners):
                listener(self, changes)
        return changes

    # ----------------------------------------------------------------- mutation (operations only)
    def _note(self, kind: str, element_id: str, names: Iterable[str] = ()) -> None:
        changes = self._pending
        if changes is None:
            return
        if kind == "added":
            if element_id in changes.removed:
                changes.removed.remove(element_id)
                changes.updated.setdefault(element_id, set()).add("*")
                changes.fields.add("*")
            else:
                changes.added.append(element_id)
        elif kind == "removed":
            if element_id in changes.added:
                changes.added.remove(element_id)
                changes.updated.pop(element_id, None)
            else:
                changes.removed.append(element_id)
                changes.updated.pop(element_id, None)
        elif element_id not in changes.added:
            names = set(names)
            changes.updated.setdefault(element_id, set()).update(names)
            changes.fields.update(names)

    def _link(self, el: Element) -> None:
        if el.parent is not None:
            self._children.setdefault(el.parent, set()).add(el.id)
        if isinstance(el, Connector):
            for end in (el.source, el.target):
                if end.element is not None:
                    self._attached.setdefault(end.element, set()).add(el.id)

    def _unlink(self, el: Element) -> None:
        if el.parent is not None:
            siblings = self._children.get(el.parent)
            if siblings is not None:
                siblings.discard(el.id)
                if not siblings:
                    del self._children[el.parent]
        if isinstance(el, Connector):
            for end in (el.source, el.target):
                if end.element is not None:
                    attached = self._attached.get(end.element)
                    if attached is not None:
                        attached.discard(el.id)
                        if not attached:
                            del self._attached[end.element]

    def _reindex(self, el: Element) -> None:
        rect = self._compute_bounds(el)
        if rect is None:
            self._index.remove(el.id)
        else:
            self._index.insert(el.id, rect)

    def _reindex_connectors_of(self, element_id: str) -> None:
        attached = self._attached.get(element_id)
        if not attached:
            return
        if self._pending is not None:
            # Inside an execute: moving both ends of a connector must not reindex it twice.
            for cid in attached:
                if cid not in self._stale_connectors:
                    self._stale_connectors.add(cid)
                    self._note("updated", cid, ("geometry",))
            return
        for cid in attached:
            connector = self._elements.get(cid)
            if connector is not None:
                self._reindex(connector)

    def _flush_connectors(self) -> None:
        """Index the connectors whose ends moved, each once (inlined: a drag flushes a thousand of them)."""
        stale, self._stale_connectors = self._stale_connectors, set()
        elements = self._elements
        insert = self._index.insert
        connector_box = self._connector_box
        for cid in stale:
            connector = elements.get(cid)
            if not isinstance(connector, Connector):
                continue
            insert(cid, connector_box(connector))

    def insert(self, el: Element) -> None:
        if el.id in self._elements:
            raise ValueError(f"element {el.id} already exists")
        self._elements[el.id] = el
        self._kind_counts[el.kind] = self._kind_counts.get(el.kind, 0) + 1
        bisect.insort(self._order, (el.z, el.id))
        self._link(el)
        self._reindex(el)
        self._reindex_connectors_of(el.id)
        self._note("added", el.id)

    def remove(self, element_id: str) -> Element:
        el = self._elements.pop(element_id)
        self._kind_counts[el.kind] -= 1
        i = bisect.bisect_left(self._order, (el.z, el.id))
        del self._order[i]
        self._unlink(el)
        self._index.remove(el.id)
        self._reindex_connectors_of(el.id)
        self._note("removed", el.id)
        return el

    def replace(self, new: Element, names: Iterable[str] = ()) -> None:
        old = self._elements[new.id]
        if type(old) is not type(new):
            raise ValueError(f"element {new.id} cannot change kind")
        self._elements[new.id] = new
        if old.z != new.z:
            i = bisect.bisect_left(self._order, (old.z, old.id))
            del self._order[i]
            bisect.insort(self._order, (new.z, new.id))
        if (old.parent != new.parent or isinstance(new, Connector)):
            self._unlink(old)
            self._link(new)
        self._reindex(new)
        if (old.x, old.y, old.w, old.h, old.rotation) != (new.x, new.y, new.w, new.h, new.rotation):
            self._reindex_connectors_of(new.id)
        self._note("updated", new.id, names)

    def replace_many(self, items: list[tuple[Element, Iterable[str]]]) -> None:
        """`replace` for many distinct elements at once, with the common case (a node moved or restyled)
        inlined: the same result as calling `replace` for each, in a third less time."""
        elements = self._elements
        index_insert = self._index.insert
        changes = self._pending
        stale = self._stale_connectors
        attached = self._attached
        added = set(changes.added) if changes is not None else set()
        updated = changes.updated if changes is not None else {}
        fields = changes.fields if changes is not None else set()
        last_names: Iterable[str] | None = None
        for new, names in items:
            eid = new.id
            old = elements[eid]
            if type(old) is not type(new):
                raise ValueError(f"element {eid} cannot change kind")
            if (old.z != new.z or old.parent != new.parent or isinstance(new, (Connector, Group))
                    or new.rotation or changes is None):
                self.replace(new, names)
                continue
            elements[eid] = new
            index_insert(eid, Rect(new.x, new.y, new.w, new.h))
            if ((old.x != new.x or old.y != new.y or old.w != new.w or old.h != new.h or old.rotation)
                    and (connected := attached.get(eid))):
                for cid in connected:
                    if cid not in stale:
                        stale.add(cid)
                        if cid not in added:
                            updated.setdefault(cid, set()).add("geometry")
                            fields.add("geometry")
            if eid not in added:
                updated.setdefault(eid, set()).update(names)
                if names is not last_names:  # a drag passes one shared set of names for every element
                    fields.update(names)
                    last_names = names

    def set_meta(self, meta: DiagramMeta) -> None:
        self.meta = meta
        if self._pending is not None:
            self._pending.meta = True

    def copy(self) -> Diagram:
        """An independent document with the same content (elements are immutable, so sharing is safe)."""
        return Diagram(replace(self.meta), self._elements.values())

    def copy_as_new(self, title: str) -> Diagram:
        """A new diagram with this one's content (a template's, say): new diagram and element ids, same order."""
        mapping = {el.id: new_id() for el in self._elements.values()}

        def end(point: Endpoint) -> Endpoint:
            return point if point.element is None else replace(point, element=mapping.get(point.element))

        copies: list[Element] = []
        for el in self._elements.values():
            changes: dict[str, Any] = {"id": mapping[el.id], "parent": mapping.get(el.parent) if el.parent else None}
            if isinstance(el, Connector):
                changes["source"], changes["target"] = end(el.source), end(el.target)
            copies.append(replace(el, **changes))
        m = self.meta
        meta = DiagramMeta(title=title, kind=m.kind, theme=m.theme, background=m.background, source=m.source,
                           source_kind=m.source_kind)
        return Diagram(meta, copies)

    def snapshot(self) -> tuple[Any, ...]:
        """A value that compares equal exactly when two documents have the same content."""
        return (self.meta, tuple(self))

    def node_count(self) -> int:
        return sum(1 for e in self._elements.values() if e.kind in NODE_KINDS and e.kind != "frame")
