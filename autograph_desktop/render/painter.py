"""The one painter: draws a diagram straight from the model with QPainter, for the canvas and every export.

Elements are immutable, so per-element caches (paths, pens, laid-out text) are keyed by the element
object itself: a changed element is a new object and misses the cache on its own. Connectors also depend
on what they attach to, so their entries remember those objects too; `invalidate` exists for what
identity cannot see (orthogonal routes around other shapes, a new icon image).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QStaticText

from autograph_desktop.model import ChangeSet, Connector, Diagram, Element, Rect, Style
from autograph_desktop.model.style import BACKGROUNDS
from autograph_desktop.render import qtstyle
from autograph_desktop.render.arrows import head_paths
from autograph_desktop.render.fonts import make_font, register_fonts
from autograph_desktop.render.outlines import arrow_size, shape_outline
from autograph_desktop.render.routes import connector_geometry, point_along
from autograph_desktop.render.routes import connector_path as _connector_path
from autograph_desktop.render.shapes import commands_to_path, shape_paths
from autograph_desktop.render.textlayout import (
    FRAME_TITLE_SIZE,
    TextLayout,
    element_text_layout,
    frame_title_layout,
    label_layout,
)

ImageLike = QImage | QPixmap
Provider = Callable[[str], ImageLike | None]
Point = tuple[float, float]

#: Below this many screen pixels of font size, text is not drawn (it would be unreadable noise).
MIN_TEXT_PX = 4.0
#: Below this many screen pixels, an element is drawn as a plain filled rectangle.
MIN_SHAPE_PX = 3.0
#: Arrowheads smaller than this on screen are left out (a dot of that size says nothing).
MIN_ARROW_PX = 2.5
#: Documents at least this big are drawn from merged per-style paths when zoomed far out.
OVERVIEW_MIN_ELEMENTS = 1500
HIGHLIGHT_COLOR = "#1c7ed6"
TAB_REACH = 24.0
_RESET = object()


def connector_path(doc: Diagram, conn: Connector) -> list[Point]:
    """The polyline the painter draws for a connector (curves flattened), for hit tests."""
    return _connector_path(doc, conn)


@dataclass(slots=True)
class _Text:
    layout: TextLayout
    items: list[tuple[QStaticText, QPointF]]
    color: QColor
    dpi: float


@dataclass(slots=True)
class _Entry:
    """Everything needed to draw one element again without recomputing it."""

    key: tuple[Any, ...]
    body: QPainterPath | None
    detail: QPainterPath | None
    pen: Any
    brush: Any
    text: _Text | None = None
    heads: list[tuple[QPainterPath, str]] | None = None
    labels: list[tuple[QRectF, TextLayout]] | None = None
    label_texts: list[_Text] | None = None
    tiny: QColor | None = None
    bounds: QRectF | None = None
    tab: tuple[QPainterPath, QColor] | None = None
    prim: tuple[Any, ...] | None = None
    text_pending: bool = False
    head_prims: list[tuple[tuple[Any, ...], str]] | None = None


class DiagramPainter:
    """Draws a Diagram; holds caches, so keep one per document and view (or export)."""

    def __init__(self, doc: Diagram, theme: str = "light", icon_provider: Provider | None = None,
                 image_provider: Provider | None = None) -> None:
        register_fonts()
        self.doc = doc
        self.theme = "dark" if theme == "dark" else "light"
        self.icon_provider = icon_provider
        self.image_provider = image_provider
        self._cache: dict[str, _Entry] = {}
        # What was last set on the QPainter during this paint(): each skipped setPen/setBrush/setFont saves
        # a Python-to-Qt call, and neighbouring elements usually share their style.
        self._sp: Any = _RESET
        self._sb: Any = _RESET
        self._sf: Any = _RESET
        self._heads: dict[tuple[int, int], tuple[Any, Any, list[tuple[Any, ...]]]] = {}
        self._images: dict[tuple[str, str], ImageLike | None] = {}
        bg = doc.meta.background or BACKGROUNDS[self.theme]
        self.background = qtstyle.color(bg) or QColor(BACKGROUNDS[self.theme])
        self._version = 0
        self._stats: tuple[int, Rect | None, float] | None = None
        self._plan: tuple[int, str, list[list[Any]]] | None = None
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
        self._version += 1
        for i in changes.removed:
            self._cache.pop(i, None)

    # ----------------------------------------------------------------- cache control
    def invalidate(self, ids: Iterable[str] | None = None) -> None:
        """Drop cached drawing data for these ids (all when None).

        A changed shape can change the orthogonal route of connectors that merely pass near it, so when
        a non-connector changes, orthogonal connector routes are dropped as well (they are recomputed
        lazily, only for connectors that become visible).
        """
        if ids is None:
            self._cache.clear()
            self._images.clear()
            return
        cache = self._cache
        reroute = False
        for i in ids:
            entry = cache.pop(i, None)
            el = self.doc.get(i)
            if (entry is None or el is None or el.kind != "connector") and (el is None or el.kind != "group"):
                reroute = True
        if reroute:
            for cid in [k for k, e in cache.items() if e.key and e.key[0] == "ortho"]:
                del cache[cid]

    def set_theme(self, theme: str) -> None:
        self.theme = "dark" if theme == "dark" else "light"
        self.background = qtstyle.color(self.doc.meta.background or BACKGROUNDS[self.theme]) or QColor()
        self.invalidate()

    # ----------------------------------------------------------------- drawing
    def paint(self, painter: QPainter, visible: Rect, scale: float, *, skip: Iterable[str] = frozenset(),
              highlight: dict[str, str] | str | None = None) -> None:
        """Draw every element that intersects `visible` (scene coordinates) in z-order.

        The caller has already set the painter's transform; `scale` is device pixels per scene unit and
        only picks the level of detail.
        """
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._reset()
        dpi = float(painter.device().logicalDpiY()) if painter.device() is not None else 72.0
        skip_set = skip if isinstance(skip, (set, frozenset)) else set(skip)
        marks: dict[str, str] = {highlight: HIGHLIGHT_COLOR} if isinstance(highlight, str) else (highlight or {})
        doc = self.doc
        if not skip_set and len(doc) >= OVERVIEW_MIN_ELEMENTS and self._overview(visible, scale):
            self._paint_plan(painter, scale)
            for eid, color in marks.items():
                marked = doc.get(eid)
                if marked is not None and marked.kind != "group":
                    self._draw_highlight(painter, marked, scale, color, dpi)
            return
        hidden_parent: dict[str, bool] = {}
        tiny_batch: dict[int, tuple[QColor, list[QRectF]]] = {}
        # Frames' title tabs sit just above their bounds: look a tab's height further so they are not cut.
        for el in doc.elements_in_rect(visible.inflated(TAB_REACH)):
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

    # ----------------------------------------------------------------- overview (zoomed far out)
    def _overview(self, visible: Rect, scale: float) -> bool:
        """Whether to draw from the batched plan: no text would be readable and most of the diagram shows."""
        if self._stats is None or self._stats[0] != self._version:
            bbox = self.doc.bbox()
            sizes = [e.style.font_size for e in self.doc if e.text or (isinstance(e, Connector) and e.labels)]
            if any(e.kind == "frame" and e.text for e in self.doc):
                sizes.append(FRAME_TITLE_SIZE)
            self._stats = (self._version, bbox, max(sizes, default=0.0))
        _, bbox, max_font = self._stats
        if bbox is None or max_font * scale >= MIN_TEXT_PX:
            return False
        ix = max(0.0, min(visible.right, bbox.right) - max(visible.x, bbox.x))
        iy = max(0.0, min(visible.bottom, bbox.bottom) - max(visible.y, bbox.y))
        return ix * iy >= 0.25 * max(bbox.w * bbox.h, 1.0)

    def _build_plan(self) -> list[list[Any]]:
        """Runs of consecutive same-style elements merged into one path each, in z-order.

        One drawPath of a merged path costs about as much as a few single ones, so a 10k-element
        overview becomes a few dozen Qt calls. Within a run, fills come before strokes and lines before
        arrowheads: a difference only where same-style elements overlap, invisible at this zoom.
        """
        ops: list[list[Any]] = []
        cur: list[Any] | None = None
        cur_key: tuple[Any, ...] | None = None
        memo: dict[str, bool] = {}
        for el in self.doc:
            if el.hidden or el.kind == "group":
                continue
            if el.parent is not None and self._inside_collapsed(el.parent, memo):
                continue
            if el.kind in ("frame", "icon", "image") or el.rotation % 360 or el.style.opacity < 1.0:
                ops.append(["el", el])
                cur_key = None
                continue
            entry = self._entry(el, 72.0)
            if el.kind == "connector":
                key: tuple[Any, ...] = ("c", id(entry.pen))
                if key != cur_key or cur is None:
                    cur = ["c", entry.pen, QPainterPath(), {"fill": QPainterPath(), "hollow": QPainterPath(),
                                                           "stroke": QPainterPath()}, el.style.stroke_width]
                    ops.append(cur)
                    cur_key = key
                if entry.body is not None:
                    cur[2].addPath(entry.body)
                for path, mode in entry.heads or ():
                    cur[3][mode].addPath(path)
                continue
            if entry.body is None:
                continue
            key = ("n", id(entry.pen), id(entry.brush))
            if key != cur_key or cur is None:
                body = QPainterPath()
                body.setFillRule(Qt.FillRule.WindingFill)
                cur = ["n", entry.pen, entry.brush, body, QPainterPath()]
                ops.append(cur)
                cur_key = key
            cur[3].addPath(entry.body)
            if entry.detail is not None:
                cur[4].addPath(entry.detail)
        return ops

    def _paint_plan(self, painter: QPainter, scale: float) -> None:
        if self._plan is None or self._plan[0] != self._version or self._plan[1] != self.theme:
            self._plan = (self._version, self.theme, self._build_plan())
        for op in self._plan[2]:
            if op[0] == "n":
                # Qt fills a merged path of thousands of shapes 20x faster without antialiasing; the
                # antialiased outline drawn over it hides the difference at overview sizes.
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(op[2])
                painter.drawPath(op[3])
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(_thin(op[1], scale))
                painter.setBrush(qtstyle.NO_BRUSH)
                painter.drawPath(op[3])
                if not op[4].isEmpty():
                    painter.drawPath(op[4])
            elif op[0] == "c":
                pen = op[1]
                painter.setPen(_thin(pen, scale))
                painter.setBrush(qtstyle.NO_BRUSH)
                painter.drawPath(op[2])
                if not isinstance(pen, QPen) or arrow_size(op[4]) * scale < MIN_ARROW_PX:
                    continue
                color = pen.color()
                solid = qtstyle.pen(color, op[4], "solid", "line")
                heads = op[3]
                if not heads["fill"].isEmpty():
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(qtstyle.brush(color))
                    painter.drawPath(heads["fill"])
                painter.setPen(solid)
                if not heads["hollow"].isEmpty():
                    painter.setBrush(self.background)
                    painter.drawPath(heads["hollow"])
                if not heads["stroke"].isEmpty():
                    painter.setBrush(qtstyle.NO_BRUSH)
                    painter.drawPath(heads["stroke"])
            else:
                self._reset()
                self._draw(painter, op[1], scale, 72.0)
                self._flush_heads(painter)

    def paint_element(self, painter: QPainter, element: Element, scale: float) -> None:
        """Draw one element (for drag previews and thumbnails of a single element)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._reset()
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
                _draw_prim(painter, prim)
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
            return ("ortho" if el.routing == "orthogonal" else "conn", el, src, dst, self.theme)
        return ("node", el, None, None, self.theme)

    def _entry(self, el: Element, dpi: float) -> _Entry:
        """The cached drawing data of an element, rebuilt when the element (or what it attaches to) changed."""
        entry = self._cache.get(el.id)
        if entry is not None:
            k = entry.key
            if k[1] is el and k[4] == self.theme:
                if k[0] == "node":
                    return entry
                doc = self.doc
                src = doc.get(el.source.element) if el.source.element else None  # type: ignore[attr-defined]
                dst = doc.get(el.target.element) if el.target.element else None  # type: ignore[attr-defined]
                if k[2] is src and k[3] is dst:
                    return entry
        key = self._key(el)
        entry = self._build_connector(el, key) if isinstance(el, Connector) else self._build_node(el, key)
        self._cache[el.id] = entry
        return entry

    def _text(self, layout: TextLayout | None, color_value: str, dpi: float) -> _Text | None:
        if layout is None or not layout.lines:
            return None
        color = qtstyle.color(color_value, self.theme, "text") or QColor(0, 0, 0, 0)
        return _Text(layout, [], color, -1.0)

    def _build_node(self, el: Element, key: tuple[Any, ...]) -> _Entry:
        style = el.style
        theme = self.theme
        kind = el.kind
        fill = qtstyle.color(style.fill, theme, "fill")
        stroke = qtstyle.color(style.stroke, theme, "stroke")
        pen = qtstyle.pen(stroke, style.stroke_width, style.dash, "shape")
        brush = qtstyle.brush(fill)
        body: QPainterPath | None = None
        detail: QPainterPath | None = None
        tab = None
        if kind == "shape":
            body, detail = shape_paths(getattr(el, "shape", "rectangle"), el.x, el.y, el.w, el.h,
                                       style.corner_radius)
        elif kind == "text":
            # Text defaults to the "ink" palette entry; only a colour the user chose draws a box.
            fill = fill if style.fill != "ink" else None
            stroke = stroke if style.stroke != "ink" else None
            pen = qtstyle.pen(stroke, style.stroke_width, style.dash, "shape")
            brush = qtstyle.brush(fill)
            if fill is not None or stroke is not None:
                body = QPainterPath()
                body.addRect(QRectF(el.x, el.y, el.w, el.h))
        elif kind == "frame":
            body, _ = shape_paths("rectangle", el.x, el.y, el.w, 0 if getattr(el, "collapsed", False) else el.h,
                                  style.corner_radius)
            titled = frame_title_layout(el)
            if titled is not None:
                tx, ty, tw, th = titled[1]
                tab_path = commands_to_path(_tab_commands(tx, ty, tw, th))
                tab = (tab_path, stroke or QColor(BACKGROUNDS["dark" if theme == "light" else "light"]))
        elif kind == "path":
            pts: tuple[tuple[float, float], ...] = getattr(el, "points", ())
            if len(pts) >= 2:
                body = QPainterPath(QPointF(el.x + pts[0][0], el.y + pts[0][1]))
                for px, py in pts[1:]:
                    body.lineTo(QPointF(el.x + px, el.y + py))
                if getattr(el, "closed", False):
                    body.closeSubpath()
                else:
                    brush = qtstyle.brush(None)
        entry = _Entry(key, body, detail, pen, brush)
        entry.bounds = QRectF(el.x, el.y, el.w, el.h)
        if body is not None:
            entry.prim = _node_prim(el, body)
        entry.tiny = fill if fill is not None and kind not in ("text", "path") else stroke
        if kind == "frame":
            titled = frame_title_layout(el)
            if titled is not None and tab is not None:
                entry.text = _Text(titled[0], [], self.background, -1.0)
            entry.tab = tab
        else:
            # Laid out on first readable draw: an overview of 10k elements never pays for their text.
            entry.text_pending = bool(el.text)
        return entry

    def _build_connector(self, conn: Connector, key: tuple[Any, ...]) -> _Entry:
        style = conn.style
        stroke = qtstyle.color(style.stroke, self.theme, "stroke")
        geo = connector_geometry(self.doc, conn)
        path = QPainterPath()
        if geo.cubics:
            path.moveTo(QPointF(*geo.cubics[0][0]))
            for _p0, c0, c1, p1 in geo.cubics:
                path.cubicTo(QPointF(*c0), QPointF(*c1), QPointF(*p1))
        elif geo.line:
            path.moveTo(QPointF(*geo.line[0]))
            for p in geo.line[1:]:
                path.lineTo(QPointF(*p))
        entry = _Entry(key, path, None, qtstyle.pen(stroke, style.stroke_width, style.dash, "line"),
                       qtstyle.brush(None))
        entry.heads = head_paths(geo.heads)
        entry.head_prims = [(_commands_prim(h.commands) or (0, path), mode)
                            for h, (path, mode) in zip(geo.heads, entry.heads, strict=True)]
        if geo.cubics is None and geo.line:
            entry.prim = (5, QPolygonF([QPointF(*p) for p in geo.line]))
        else:
            entry.prim = (0, path)
        entry.tiny = stroke
        entry.labels = []
        entry.label_texts = []
        for label in conn.labels:
            if not label.text:
                continue
            (px, py), (nx, ny) = point_along(geo.polyline, label.position)
            layout = label_layout(label.text, style, (px + nx * label.offset, py + ny * label.offset))
            x, y, w, h = layout.bounds
            entry.labels.append((QRectF(x - 3, y - 1, w + 6, h + 2), layout))
            text = self._text(layout, style.text_color, 0.0)
            if text is not None:
                entry.label_texts.append(text)
        return entry

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

    def _draw_entry(self, painter: QPainter, el: Element, entry: _Entry, scale: float, dpi: float,
                    style: Style) -> None:
        kind = el.kind
        if kind == "connector":
            self._draw_connector(painter, entry, scale, dpi, style)
            return
        if kind in ("icon", "image"):
            self._draw_picture(painter, el, entry)
        elif entry.prim is not None:
            self._use(painter, entry.pen, entry.brush)
            _draw_prim(painter, entry.prim)
            if entry.detail is not None:
                self._use(painter, entry.pen, qtstyle.NO_BRUSH)
                painter.drawPath(entry.detail)
        if entry.tab is not None:
            self._use(painter, Qt.PenStyle.NoPen, entry.tab[1])
            painter.drawPath(entry.tab[0])
        if entry.text_pending and el.style.font_size * scale >= MIN_TEXT_PX:
            entry.text = self._text(element_text_layout(el), el.style.text_color, 0.0)
            entry.text_pending = False
        if entry.text is not None and entry.text.layout.font_size * scale >= MIN_TEXT_PX:
            self._draw_text(painter, entry.text, dpi)

    def _draw_connector(self, painter: QPainter, entry: _Entry, scale: float, dpi: float, style: Style) -> None:
        self._use(painter, entry.pen, qtstyle.NO_BRUSH)
        if entry.prim is not None:
            _draw_prim(painter, entry.prim)
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

    def _draw_text(self, painter: QPainter, text: _Text, dpi: float) -> None:
        layout = text.layout
        if text.dpi != dpi:
            text.items = qtstyle.static_lines(layout, dpi)
            text.dpi = dpi
        font = make_font(layout.font_size, layout.bold, layout.italic, layout.mono, dpi)
        if font is not self._sf:
            painter.setFont(font)
            self._sf = font
        pen = qtstyle.text_pen(text.color)
        if pen is not self._sp:
            painter.setPen(pen)
            self._sp = pen
        for static, pos in text.items:
            painter.drawStaticText(pos, static)

    def _image(self, kind: str, ref: str) -> ImageLike | None:
        key = (kind, ref)
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
            self._images[key] = found
        return self._images[key]

    def _draw_picture(self, painter: QPainter, el: Element, entry: _Entry) -> None:
        ref = getattr(el, "icon", "") if el.kind == "icon" else getattr(el, "sha256", "")
        picture = self._image(el.kind, ref)
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
        if entry.body is not None and not entry.body.isEmpty():
            painter.drawPath(entry.body)
        else:
            painter.drawRect(QRectF(el.x, el.y, el.w, el.h))
        painter.restore()
        self._reset()


def _thin(pen: QPen | Qt.PenStyle, scale: float) -> QPen | Qt.PenStyle:
    """A cosmetic (hairline) pen when a line would be under 1.5 device pixels: Qt draws those without the
    path stroker, which is most of the cost of an overview frame; they look the same at that size."""
    if not isinstance(pen, QPen) or pen.widthF() * scale >= 1.5:
        return pen
    return qtstyle.cosmetic(pen.color(), max(pen.widthF() * scale, 0.5))


def _draw_prim(painter: QPainter, prim: tuple[Any, ...]) -> None:
    """Draw with the cheapest QPainter call that gives the same outline (drawRect beats drawPath ~3x)."""
    op = prim[0]
    if op == 1:
        painter.drawRect(prim[1])
    elif op == 2:
        painter.drawRoundedRect(prim[1], prim[2], prim[2])
    elif op == 3:
        painter.drawEllipse(prim[1])
    elif op == 4:
        painter.drawPolygon(prim[1])
    elif op == 5:
        painter.drawPolyline(prim[1])
    else:
        painter.drawPath(prim[1])


def _commands_prim(commands: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    """A polygon or polyline primitive for commands made of one M followed by L's (and maybe Z)."""
    if not commands or commands[0][0] != "M" or any(c[0] == "M" for c in commands[1:]):
        return None
    if any(c[0] not in ("M", "L", "Z") for c in commands):
        return None
    poly = QPolygonF([QPointF(c[1], c[2]) for c in commands if c[0] != "Z"])
    return (4, poly) if commands[-1][0] == "Z" else (5, poly)


def _node_prim(el: Element, body: QPainterPath) -> tuple[Any, ...]:
    shape = getattr(el, "shape", "rectangle") if el.kind == "shape" else "rectangle"
    if el.kind == "path":
        return (0, body)
    rect = QRectF(el.x, el.y, el.w, el.h)
    m = min(el.w, el.h)
    radius = el.style.corner_radius
    if shape == "rectangle":
        radius = min(radius, el.w / 2, el.h / 2)
        return (2, rect, radius) if radius > 0.01 else (1, rect)
    if shape == "rounded":
        return (2, rect, min(radius or min(12.0, m * 0.25), el.w / 2, el.h / 2))
    if shape == "stadium":
        return (2, rect, m / 2)
    if shape in ("ellipse", "circle"):
        return (3, rect)
    if shape in ("diamond", "parallelogram", "parallelogram_alt", "trapezoid", "trapezoid_alt", "hexagon",
                 "triangle", "asymmetric", "card", "cross", "star"):
        outline = shape_outline(shape, el.x, el.y, el.w, el.h, radius)
        return _commands_prim(outline.body) or (0, body)
    return (0, body)


def _tab_commands(x: float, y: float, w: float, h: float) -> list[tuple[object, ...]]:
    r = min(5.0, h / 2)
    k = r * 0.45
    return [("M", x, y + h), ("L", x, y + r), ("C", x, y + k, x + k, y, x + r, y), ("L", x + w - r, y),
            ("C", x + w - k, y, x + w, y + k, x + w, y + r), ("L", x + w, y + h), ("Z",)]
