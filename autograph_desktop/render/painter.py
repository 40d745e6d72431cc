"""The one painter: draws a diagram straight from the model with QPainter, for the canvas and every export.

Elements are immutable, so per-element caches (paths, pens, laid-out text) are keyed by the element
object itself: a changed element is a new object and misses the cache on its own. Connectors also depend
on what they attach to, so their entries remember those objects too; `invalidate` exists for what
identity cannot see (orthogonal routes around other shapes, a new icon image).
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter, QPen, QPixmap

from autograph_desktop.icons.tint import icon_tint
from autograph_desktop.model import ChangeSet, Connector, Diagram, Element, Icon, Rect, Style
from autograph_desktop.model.style import BACKGROUNDS, Theme
from autograph_desktop.render import looks, overview, qtstyle
from autograph_desktop.render.arrowheads import arrow_size
from autograph_desktop.render.entries import (
    Entry,
    Text,
    build_connector,
    build_node,
    draw_prim,
    entry_extent,
    moved_by,
    outline_ring,
    text_item,
    translated_entry,
)
from autograph_desktop.render.fonts import make_font, register_fonts
from autograph_desktop.render.inline_images import inline_image
from autograph_desktop.render.labels import placed_text_layout
from autograph_desktop.render.overview import MIN_ARROW_PX, MIN_TEXT_PX
from autograph_desktop.render.routes import (
    OBSTACLE_KINDS,
    ROUTE_REACH,
    changed_node_boxes,
    may_overhang,
    obstacle_reach,
    overhang_beyond_route,
)
from autograph_desktop.render.routes import connector_path as _connector_path

ImageLike = QImage | QPixmap
Provider = Callable[[str], ImageLike | None]
Point = tuple[float, float]

#: Below this many screen pixels, an element is drawn as a plain filled rectangle.
MIN_SHAPE_PX = 3.0
#: Documents at least this big are drawn from merged per-style paths when zoomed far out.
OVERVIEW_MIN_ELEMENTS = 1500
HIGHLIGHT_COLOR = "#1c7ed6"
TAB_REACH = 24.0
_RESET = object()
#: Beyond this many changed elements between two frames, the view repaints everything instead.
REPAINT_REGION_LIMIT = 64
#: Changed fields that can change the largest font size in a diagram ("*": a whole element replaced).
_FONT_FIELDS = frozenset({"style", "text", "labels", "*"})
#: Changed fields that can change how far beyond its index box a connector may be drawn.
_REACH_FIELDS = frozenset({"w", "h", "labels", "style", "routing", "*"})


def connector_path(doc: Diagram, conn: Connector) -> list[Point]:
    """The polyline the painter draws for a connector (curves flattened), for hit tests."""
    return _connector_path(doc, conn)


class DiagramPainter:
    """Draws a Diagram; holds caches, so keep one per document and view (or export)."""

    def __init__(self, doc: Diagram, theme: str = "light", icon_provider: Provider | None = None,
                 image_provider: Provider | None = None) -> None:
        register_fonts()
        self.doc = doc
        self.theme = "dark" if theme == "dark" else "light"
        self.icon_provider = icon_provider
        self.image_provider = image_provider
        self._cache: dict[str, Entry] = {}
        # What was last set on the QPainter during this paint(): each skipped setPen/setBrush/setFont saves
        # a Python-to-Qt call, and neighbouring elements usually share their style.
        self._sp: Any = _RESET
        self._sb: Any = _RESET
        self._sf: Any = _RESET
        self._heads: dict[tuple[int, int], tuple[Any, Any, list[tuple[Any, ...]]]] = {}
        #: Whether this pass may draw outlined shapes as rings (see `_rings_allowed`).
        self._rings = True
        self._images: dict[tuple[str, str, str | None], ImageLike | None] = {}
        bg = doc.meta.background or BACKGROUNDS[self.theme]
        self.background = qtstyle.color(bg) or QColor(BACKGROUNDS[self.theme])
        #: What changed since `take_repaint_regions` was last asked: where it was drawn (known now, from
        #: the entries about to be replaced) and the ids whose new look is measured when asked.
        self._erased: list[Rect] = []
        #: Ids of cached orthogonal routes (some may since have been replaced by other entries).
        self._routed: set[str] = set()
        #: Connectors drawn beyond their index box, with where they are drawn (see `_track_reach`).
        self._reaching: dict[str, Rect] = {}
        #: Connectors that may be drawn beyond their index box (`may_overhang`); those of them whose
        #: drawing is not known as they are now (never built, or their ends or the shapes they go round
        #: changed); and how far beyond its index box such a connector can be drawn at most (only ever
        #: raised). Before a frame is drawn, `_resolve_reach` builds the unresolved ones that could reach
        #: it, so that `_reaching` shows a detour even where the painter never looked before.
        self._overhang: set[str] = set()
        self._unresolved: set[str] = set()
        self._node_reach = 0.0
        self._label_reach = 0.0
        for el in doc:
            self._note_overhang(el)
        self._repaint_ids: set[str] = set()
        self._repaint_overflow = False
        #: The largest font size in the diagram (None: to be measured again); text and style edits reset it.
        self._max_font: float | None = None
        #: How far any text drawn so far stood out of its element's box (only ever raised): frames look
        #: that much further for elements to draw, so repainting a strip of overflowing text (a long word
        #: in a small shape, a big font) draws it again.
        self._text_reach = 0.0
        self._plan: overview.OverviewPlan | None = None
        ref = weakref.ref(self)

        def on_change(_doc: Diagram, changes: ChangeSet) -> None:
            me = ref()
            if me is not None:
                me._changed(changes)

        self._unsubscribe = doc.subscribe(on_change)

    def close(self) -> None:
        """Stop following the document (the painter then only reacts to `invalidate`)."""
        self._unsubscribe()

    def _changed(self, changes: ChangeSet) -> None:
        doc = self.doc
        for i in (*changes.added, *changes.removed, *changes.updated):
            self._note_repaint(i)
        if "collapsed" in changes.fields or "*" in changes.fields:
            # A frame that closes or opens hides or shows its members, which may hang over its edges.
            for i, fields in changes.updated.items():
                if ("collapsed" in fields or "*" in fields) and i in doc:
                    for member in doc.descendants(i):
                        self._note_repaint(member.id)
        if changes.added or not _REACH_FIELDS.isdisjoint(changes.fields):
            for i in (*changes.added, *changes.updated):
                if (el := doc.get(i)) is not None:
                    self._note_overhang(el)
        rerouted = self._drop_routes_near(changes)
        self._overhang.difference_update(changes.removed)
        self._unresolved.difference_update(changes.removed)
        for i in changes.removed:
            self._forget(i)
        if self._overhang:
            self._note_unresolved(changes)
        if changes.added or changes.removed or not _FONT_FIELDS.isdisjoint(changes.fields):
            self._max_font = None
        if self._plan is not None:
            self._plan.mark((*changes.added, *changes.removed, *changes.updated, *rerouted))

    def _drop_routes_near(self, changes: ChangeSet) -> list[str]:
        """Forget the routes of orthogonal connectors that pass near elements that came, went or moved
        (they route around them); returns their ids. Connectors attached to a changed element are
        rebuilt anyway: their entry remembers the elements it was made from."""
        cache = self._cache
        boxes = changed_node_boxes(self.doc, changes.operations, limit=REPAINT_REGION_LIMIT)
        if boxes is None:  # too many to look up one by one (a big drag): drop them all
            near: Iterable[str] = self._routed
        else:
            near = set()
            for box in boxes:
                near |= self.doc.ids_in_rect(box.inflated(ROUTE_REACH))
        dropped = [cid for cid in near if (e := cache.get(cid)) is not None and e.key[0] == "ortho"]
        self._routed.difference_update(dropped)
        for cid in dropped:
            self._note_repaint(cid)
            self._forget(cid)
        return dropped

    def _note_unresolved(self, changes: ChangeSet) -> None:
        """Connectors that may overhang and whose drawing this change may have moved: those changed or
        attached to something changed (routes dropped near changed shapes are noted by `_forget`)."""
        overhang, unresolved, doc = self._overhang, self._unresolved, self.doc
        for i in changes.updated:
            if i in overhang:
                unresolved.add(i)
            attached = doc.connector_ids_of(i)
            if attached:
                unresolved.update(overhang.intersection(attached))

    def _forget(self, element_id: str) -> None:
        """Drop an element's drawing data (it is built again when next drawn)."""
        self._cache.pop(element_id, None)
        self._reaching.pop(element_id, None)
        if element_id in self._overhang:
            self._unresolved.add(element_id)

    def _note_repaint(self, element_id: str) -> None:
        if self._repaint_overflow:
            return
        if len(self._repaint_ids) >= REPAINT_REGION_LIMIT:
            self._repaint_overflow = True
            self._erased.clear()
            self._repaint_ids.clear()
            return
        if element_id in self._repaint_ids:
            return
        self._repaint_ids.add(element_id)
        entry = self._cache.get(element_id)
        if entry is not None:  # it may have been drawn: its pixels must go
            self._erased.append(entry_extent(entry.key[1], entry))

    def take_repaint_regions(self) -> list[Rect] | None:
        """Where the drawing changed since the last call: what changed elements covered before and cover
        now, in scene units; None when too much changed to be worth listing (repaint everything)."""
        overflow, erased, ids = self._repaint_overflow, self._erased, self._repaint_ids
        self._repaint_overflow, self._erased, self._repaint_ids = False, [], set()
        if overflow:
            return None
        regions = erased
        doc = self.doc
        for eid in ids:
            el = doc.get(eid)
            if el is not None and not el.hidden and el.kind != "group":
                regions.append(entry_extent(el, self._entry(el, 72.0)))
        return regions

    # ----------------------------------------------------------------- cache control
    def invalidate(self, ids: Iterable[str] | None = None) -> None:
        """Forget cached drawing data for these ids (all when None), e.g. when an icon they show loads.

        Document changes need no call: the painter follows the document and checks every cached entry
        against the element it was made from.
        """
        if ids is None:
            self._cache.clear()
            self._routed.clear()
            self._reaching.clear()
            self._unresolved = set(self._overhang)
            self._images.clear()
            self._plan = None
            return
        ids = list(ids)
        for i in ids:
            self._forget(i)
        if self._plan is not None:
            self._plan.mark(ids)

    def set_theme(self, theme: str) -> None:
        self.theme = "dark" if theme == "dark" else "light"
        bg = self.doc.meta.background or BACKGROUNDS[self.theme]
        self.background = qtstyle.color(bg) or QColor(BACKGROUNDS[self.theme])
        self.invalidate()

    # ----------------------------------------------------------------- drawing
    def paint(self, painter: QPainter, visible: Rect, scale: float, *, skip: Iterable[str] = frozenset(),
              highlight: dict[str, str] | str | None = None, frame: Rect | None = None) -> None:
        """Draw every element that intersects `visible` (scene coordinates) in z-order.

        The caller has already set the painter's transform; `scale` is device pixels per scene unit and
        only picks the level of detail. `frame` is the whole view when `visible` is only a part of it being
        repainted, so that the part gets the same level of detail as the rest.
        """
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._reset()
        self._rings = _rings_allowed(painter)
        dpi = float(painter.device().logicalDpiY()) if painter.device() is not None else 72.0
        skip_set = skip if isinstance(skip, (set, frozenset)) else set(skip)
        marks: dict[str, str] = {highlight: HIGHLIGHT_COLOR} if isinstance(highlight, str) else (highlight or {})
        doc = self.doc
        if not skip_set and self.uses_overview(frame or visible, scale):
            overview.paint_plan(self, painter, scale)
            for eid, color in marks.items():
                marked = doc.get(eid)
                if marked is not None and marked.kind != "group":
                    self._draw_highlight(painter, marked, scale, color, dpi)
            return
        if self._unresolved:
            self._resolve_reach(visible)
        hidden_parent: dict[str, bool] = {}
        tiny_batch: dict[int, tuple[QColor, list[QRectF]]] = {}
        # Frames' title tabs sit just above their bounds, and text may stand out of its element: look that
        # much further so they are not cut.
        found = doc.elements_in_rect(visible.inflated(max(TAB_REACH, self._text_reach)))
        if self._reaching:
            have = {e.id for e in found}
            extra = [e for i in self._reaching_ids(visible) if i not in have
                     and (e := doc.get(i)) is not None and not e.hidden]
            if extra:
                found = sorted(found + extra, key=lambda e: (e.z, e.id))
        for el in found:
            if el.id in skip_set or el.kind == "group":
                continue
            if el.parent is not None and self._inside_collapsed(el.parent, hidden_parent):
                continue
            if el.kind != "connector" and el.kind != "frame" and max(el.w, el.h) * scale < MIN_SHAPE_PX:
                entry = self._entry(el, dpi)
                if entry.tiny is not None and entry.bounds is not None:
                    rgba = entry.tiny.rgba()
                    batch = tiny_batch.get(rgba)
                    if batch is None:
                        tiny_batch[rgba] = (entry.tiny, [entry.bounds])
                    else:
                        batch[1].append(entry.bounds)
                continue
            if tiny_batch:
                self._flush_tiny(painter, tiny_batch)
            if self._heads and (el.kind != "connector" or el.labels):  # type: ignore[attr-defined]
                self._flush_heads(painter)
            self._draw(painter, el, scale, dpi)
            mark = marks.get(el.id)
            if mark:
                self._flush_heads(painter)
                self._draw_highlight(painter, el, scale, mark, dpi)
        if self._heads:
            self._flush_heads(painter)
        if tiny_batch:
            self._flush_tiny(painter, tiny_batch)

    def route(self, conn: Connector) -> list[Point]:
        """The polyline drawn for a connector, from the drawing cache when it is current."""
        polyline = self._entry(conn, 72.0).polyline
        return polyline if polyline is not None else _connector_path(self.doc, conn)

    def prepare_overview(self, budget_s: float) -> bool:
        """Build drawing data ahead of need, for about `budget_s` seconds; True when all is done. Called
        while the app is idle: where detouring connectors are drawn (so frames need not route them first),
        then a big diagram's zoomed-out drawing (so the first zoom out does not wait for all of it)."""
        started = time.perf_counter()
        if not self._resolve_reach(None, budget_s):
            return False
        if len(self.doc) < OVERVIEW_MIN_ELEMENTS:
            return True
        _plan, complete = overview.current_plan(self, started + budget_s)
        return complete

    def uses_overview(self, visible: Rect, scale: float) -> bool:
        """Whether a frame of `visible` at `scale` is drawn as the batched overview (one pass)."""
        return len(self.doc) >= OVERVIEW_MIN_ELEMENTS and overview.applies(self, visible, scale)

    def paint_element(self, painter: QPainter, element: Element, scale: float) -> None:
        """Draw one element (for drag previews and thumbnails of a single element)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._reset()
        self._rings = _rings_allowed(painter)
        dpi = float(painter.device().logicalDpiY()) if painter.device() is not None else 72.0
        if element.kind != "group":
            self._draw(painter, element, scale, dpi)
            self._flush_heads(painter)

    # ----------------------------------------------------------------- internals
    def _inside_collapsed(self, parent: str, memo: dict[str, bool]) -> bool:
        known = memo.get(parent)
        if known is not None:
            return known
        el = self.doc.get(parent)
        result = False
        memo[parent] = False  # a parent cycle in a hostile file must end the walk, not recurse forever
        if el is not None:
            result = bool(getattr(el, "collapsed", False)) or (
                el.parent is not None and el.parent != parent and self._inside_collapsed(el.parent, memo))
        memo[parent] = result
        return result

    def _flush_heads(self, painter: QPainter) -> None:
        """Draw the arrowheads collected over a run of connectors, grouped by pen and brush.

        Deferring them to the end of the run saves two pen changes per connector; a head then lies over
        the lines of the connectors right after it in z-order, which nobody can tell at 10 px.
        """
        for pen, brush, prims in self._heads.values():
            self._use(painter, pen, brush)
            for prim in prims:
                draw_prim(painter, prim)
        self._heads.clear()

    def _reset(self) -> None:
        self._sp = self._sb = self._sf = _RESET

    def _use(self, painter: QPainter, pen: Any, brush: Any) -> None:
        if pen is not self._sp:
            painter.setPen(pen)
            self._sp = pen
        if brush is not self._sb:
            painter.setBrush(brush)
            self._sb = brush

    def _flush_tiny(self, painter: QPainter, batch: dict[int, tuple[QColor, list[QRectF]]]) -> None:
        for color, rects in batch.values():
            self._use(painter, Qt.PenStyle.NoPen, color)
            painter.drawRects(rects)
        batch.clear()

    def _key(self, el: Element) -> tuple[Any, ...]:
        if isinstance(el, Connector):
            doc = self.doc
            src = doc.get(el.source.element) if el.source.element else None
            dst = doc.get(el.target.element) if el.target.element else None
            # (line jumps follow the connectors around them: rebuilt as orthogonal routes are, near changes)
            routed = el.routing == "orthogonal" or bool(el.style.line_jumps)
            return ("ortho" if routed else "conn", el, src, dst, self.theme)
        return ("node", el, None, None, self.theme)

    def _entry(self, el: Element, dpi: float) -> Entry:
        """The cached drawing data of an element: reused while the element (and what it attaches to) is the
        same, moved when it only moved, rebuilt otherwise."""
        entry = self._cache.get(el.id)
        if entry is not None and entry.key[4] == self.theme:
            k = entry.key
            if k[0] == "node":
                if k[1] is el:
                    return entry
                offset = moved_by(k[1], el)
                if offset is not None:
                    entry = translated_entry(entry, *offset, ("node", el, None, None, self.theme))
                    self._cache[el.id] = entry
                    return entry
            elif k[1] is el:
                doc = self.doc
                src = doc.get(el.source.element) if el.source.element else None  # type: ignore[attr-defined]
                dst = doc.get(el.target.element) if el.target.element else None  # type: ignore[attr-defined]
                if k[2] is src and k[3] is dst:
                    return entry
                if k[0] == "conn" and src is not None and dst is not None:
                    # Both ends moved by one offset (a dragged selection): the route moves as a whole.
                    offset = moved_by(k[2], src)
                    if offset is not None and offset == moved_by(k[3], dst):
                        entry = translated_entry(entry, *offset, (k[0], el, src, dst, self.theme))
                        self._cache[el.id] = entry
                        self._track_reach(el, entry)
                        return entry
        key = self._key(el)
        if isinstance(el, Connector):
            entry = build_connector(self.doc, el, key, self.theme)
            self._track_reach(el, entry)
        else:
            entry = build_node(el, key, self.theme, self.background)
        self._cache[el.id] = entry
        if key[0] == "ortho":
            self._routed.add(el.id)
        return entry

    def reaching_into(self, rect: Rect) -> list[str]:
        """Connectors drawn inside `rect` although their index box is elsewhere (see `_track_reach`)."""
        if self._unresolved:
            self._resolve_reach(rect)
        return self._reaching_ids(rect)

    def _reaching_ids(self, rect: Rect) -> list[str]:
        return [i for i, extent in self._reaching.items() if extent.intersects(rect)]

    def _note_text_overflow(self, el: Element, bounds: tuple[float, float, float, float]) -> None:
        """Raise `_text_reach` to how far this element's laid-out text stands out of its box."""
        x, y, w, h = bounds
        out = max(el.x - x, x + w - el.x - el.w, el.y - y, y + h - el.y - el.h, 0.0)
        if el.rotation % 360:
            out *= 1.5  # turned, the overflow reaches past the turned box's bounds by up to sqrt(2) times
        if math.isfinite(out) and out + 2 > self._text_reach:
            self._text_reach = out + 2

    def _note_overhang(self, el: Element) -> None:
        """Keep `_overhang` and the reach bounds up to date for an element that came or changed."""
        if isinstance(el, Connector):
            if may_overhang(el):
                self._overhang.add(el.id)
                self._unresolved.add(el.id)
                self._label_reach = max(self._label_reach, overhang_beyond_route(el))
            else:
                self._overhang.discard(el.id)
                self._unresolved.discard(el.id)
        elif el.kind in OBSTACLE_KINDS:
            # An orthogonal route goes round the shapes near its ends: up to a shape's size beyond them.
            self._node_reach = max(self._node_reach, obstacle_reach(el))

    def _resolve_reach(self, rect: Rect | None, budget_s: float | None = None) -> bool:
        """Build the drawing of every unresolved connector that could be drawn inside `rect` (all of them
        when `rect` is None), so that `_reaching` knows where they are drawn now; True when none is left.

        With `budget_s`, stops after about that many seconds (idle-time preparation).
        """
        unresolved, doc = self._unresolved, self.doc
        if not unresolved:
            return True
        if rect is None:
            todo = list(unresolved)
        else:
            area = rect.inflated(self._node_reach + self._label_reach)
            todo = [i for i in unresolved if (b := doc.bounds(i)) is None or b.intersects(area)]
        deadline = None if budget_s is None else time.perf_counter() + budget_s
        for i in todo:
            el = doc.get(i)
            if el is not None and not el.hidden:  # (showing a hidden one again is an update, noted then)
                self._entry(el, 72.0)  # built or checked: `_reaching` knows where it is drawn now
            unresolved.discard(i)
            if deadline is not None and time.perf_counter() > deadline:
                break
        return not unresolved

    def _track_reach(self, el: Element, entry: Entry) -> None:
        """Remember connectors drawn beyond their index box (a long detour, a wide label, a big arrowhead),
        so that a frame showing only that part still draws them."""
        assert isinstance(el, Connector)
        self._unresolved.discard(el.id)
        if not may_overhang(el):
            return  # the index box's margin holds everything such a connector draws
        extent = entry_extent(el, entry)
        box = self.doc.bounds(el.id)
        if box is None or not box.contains_rect(extent):
            self._reaching[el.id] = extent
        else:
            self._reaching.pop(el.id, None)

    def _draw(self, painter: QPainter, el: Element, scale: float, dpi: float) -> None:
        entry = self._entry(el, dpi)
        style = el.style
        rotated = bool(el.rotation % 360) and el.kind != "connector"
        if rotated or style.opacity < 1.0:
            if self._heads:
                self._flush_heads(painter)
            painter.save()
            if style.opacity < 1.0:
                painter.setOpacity(max(style.opacity, 0.0) * painter.opacity())
            if rotated:
                cx, cy = el.x + el.w / 2, el.y + el.h / 2
                painter.translate(cx, cy)
                painter.rotate(el.rotation)
                painter.translate(-cx, -cy)
            self._draw_entry(painter, el, entry, scale, dpi, style)
            if self._heads:
                self._flush_heads(painter)  # with this element's opacity
            painter.restore()
            self._reset()
        else:
            self._draw_entry(painter, el, entry, scale, dpi, style)

    def _draw_entry(self, painter: QPainter, el: Element, entry: Entry, scale: float, dpi: float,
                    style: Style) -> None:
        kind = el.kind
        if kind == "connector":
            self._draw_connector(painter, entry, scale, dpi, style)
            return
        if entry.tab is not None:  # (first: a lane's header band lies inside its box, under its outline)
            self._use(painter, Qt.PenStyle.NoPen, entry.tab[1])
            painter.drawPath(entry.tab[0])
        if kind in ("icon", "image"):
            self._draw_picture(painter, el, entry)
        elif entry.prim is not None:
            if style.shadow:
                looks.draw_shadow(painter, entry.prim)
                self._reset()
            if entry.ring_pending:
                entry.ring = outline_ring(entry, style)
                entry.ring_pending = False
            if entry.ring is not None and self._rings:  # fill and outline as two fills: half a stroke's cost
                outer_brush, outer, inner_brush, inner = entry.ring
                self._use(painter, Qt.PenStyle.NoPen, outer_brush)
                draw_prim(painter, outer)
                self._use(painter, Qt.PenStyle.NoPen, inner_brush)
                draw_prim(painter, inner)
            else:
                self._use(painter, Qt.PenStyle.NoPen if entry.unstroked else entry.pen, entry.brush)
                draw_prim(painter, entry.prim)
            if style.glass and entry.body is not None:
                looks.draw_glass(painter, el, entry.body)
                self._reset()
            if entry.detail is not None:
                self._use(painter, entry.detail_pen or entry.pen, qtstyle.NO_BRUSH)
                painter.drawPath(entry.detail)
            if entry.marks is not None:
                self._use(painter, Qt.PenStyle.NoPen, entry.marks[1])
                painter.drawPath(entry.marks[0])
        if entry.text_pending and el.style.font_size * scale >= MIN_TEXT_PX:
            entry.text = text_item(placed_text_layout(el), el.style.text_color, self.theme)
            entry.text_pending = False
            if entry.text is not None:
                entry.text.color = looks.faded(entry.text.color, el.style.text_opacity) or entry.text.color
                self._note_text_overflow(el, entry.text.layout.bounds)
        if entry.text is not None and entry.text.layout.font_size * scale >= MIN_TEXT_PX:
            text = entry.text
            if looks.needs_label_drawing(el):
                looks.draw_label(painter, el, text.layout, self.theme, lambda: self._draw_text_afresh(painter, text, dpi))
                self._reset()
            else:
                self._draw_text(painter, text, dpi)

    def _draw_connector(self, painter: QPainter, entry: Entry, scale: float, dpi: float, style: Style) -> None:
        self._use(painter, entry.pen, qtstyle.NO_BRUSH)
        if entry.prim is not None:
            draw_prim(painter, entry.prim)
        if entry.head_prims and isinstance(entry.pen, QPen) and arrow_size(style.stroke_width) * scale >= MIN_ARROW_PX:
            color = entry.pen.color()
            solid = qtstyle.pen(color, style.stroke_width, "solid", "line")
            heads = self._heads
            for prim, mode in entry.head_prims:
                if mode == "fill":
                    # Filled heads need no outline: an antialiased stroke costs more than the fill.
                    pen_brush: tuple[Any, Any] = (Qt.PenStyle.NoPen, qtstyle.brush(color))
                else:
                    pen_brush = (solid, self.background if mode == "hollow" else qtstyle.NO_BRUSH)
                key = (id(pen_brush[0]), id(pen_brush[1]))  # shared objects: identity is the style
                found = heads.get(key)
                if found is None:
                    heads[key] = (pen_brush[0], pen_brush[1], [prim])
                else:
                    found[2].append(prim)
        if entry.labels and style.font_size * 0.875 * scale >= MIN_TEXT_PX:
            self._use(painter, Qt.PenStyle.NoPen, self.background)
            for rect, _layout in entry.labels:
                painter.drawRoundedRect(rect, 3, 3)
            for text in entry.label_texts or ():
                self._draw_text(painter, text, dpi)

    def _draw_text_afresh(self, painter: QPainter, text: Text, dpi: float) -> None:
        """`_draw_text` after something else set the pen (a label's box): nothing set before is assumed."""
        self._reset()
        self._draw_text(painter, text, dpi)

    def _draw_text(self, painter: QPainter, text: Text, dpi: float) -> None:
        layout = text.layout
        if text.dpi != dpi or text.font is None:
            text.items = qtstyle.static_lines(layout, dpi)
            text.dpi = dpi
            text.font = make_font(layout.font_size, layout.bold, layout.italic, layout.mono, dpi)
            text.pen = qtstyle.text_pen(text.color)
        font = text.font
        if font is not self._sf:
            painter.setFont(font)
            self._sf = font
        pen = text.pen
        if pen is not self._sp:
            painter.setPen(pen)
            self._sp = pen
        for static, pos in text.items:
            painter.drawStaticText(pos, static)

    def _image(self, kind: str, ref: str, tint: str | None = None) -> ImageLike | None:
        key = (kind, ref, tint)
        if key not in self._images:
            provider = self.icon_provider if kind == "icon" else self.image_provider
            found: ImageLike | None = None
            if provider is not None and ref:
                try:
                    found = provider(ref)
                except Exception:  # a broken icon pack or image store must not stop the drawing
                    found = None
                if found is not None and found.isNull():
                    found = None
            if found is not None and tint is not None:
                found = qtstyle.tinted(found, tint)
            self._images[key] = found
        return self._images[key]

    def _draw_picture(self, painter: QPainter, el: Element, entry: Entry) -> None:
        if isinstance(el, Icon):
            picture = self._image("icon", el.icon, icon_tint(el.icon, el.style.stroke, self._theme_name()))
        else:
            picture = self._image(el.kind, getattr(el, "sha256", ""))
            if picture is None:
                picture = inline_image(el)
        target = QRectF(el.x, el.y, el.w, el.h)
        if picture is None:
            qtstyle.draw_placeholder(painter, target, el.kind, self.theme)
            self._reset()
            return
        pw, ph = picture.width(), picture.height()
        if pw <= 0 or ph <= 0 or el.w <= 0 or el.h <= 0:
            return
        k = min(el.w / pw, el.h / ph)
        w, h = pw * k, ph * k
        fitted = QRectF(el.x + (el.w - w) / 2, el.y + (el.h - h) / 2, w, h)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if isinstance(picture, QImage):
            painter.drawImage(fitted, picture)
        else:
            painter.drawPixmap(fitted, picture, QRectF(picture.rect()))

    def _theme_name(self) -> Theme:
        return "dark" if self.theme == "dark" else "light"

    def _draw_highlight(self, painter: QPainter, el: Element, scale: float, color: str, dpi: float) -> None:
        entry = self._entry(el, dpi)
        pen = qtstyle.pen(QColor(color), 2.0 / max(scale, 1e-6), "solid", "line")
        painter.save()
        if el.rotation % 360 and el.kind != "connector":
            cx, cy = el.x + el.w / 2, el.y + el.h / 2
            painter.translate(cx, cy)
            painter.rotate(el.rotation)
            painter.translate(-cx, -cy)
        painter.setPen(pen)
        painter.setBrush(qtstyle.NO_BRUSH)
        if entry.prim is not None:
            draw_prim(painter, entry.prim)
        else:
            painter.drawRect(QRectF(el.x, el.y, el.w, el.h))
        painter.restore()
        self._reset()


def _rings_allowed(painter: QPainter) -> bool:
    """Rings (render/rings.py) are for pixels: not under a see-through painter, where the inner fill would
    let the outer one show through (a version diff's ghosts of removed elements), and not into PDF or other
    vector output, which keeps true strokes that stay exact however far a reader zooms in."""
    engine = painter.paintEngine()
    return painter.opacity() >= 1.0 and engine is not None and engine.type() == QPaintEngine.Type.Raster
