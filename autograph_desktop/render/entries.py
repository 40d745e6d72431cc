"""Per-element drawing data for the painter: Qt paths, pens, primitives and text, built once and cached.

The painter keys these by the (immutable) element object, so building is the only place where model
values turn into Qt objects; drawing then only replays them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QStaticText

from autograph_desktop.model import KINDS, Connector, Diagram, Element, Rect
from autograph_desktop.model.elements import field_names
from autograph_desktop.model.geometry import rotate_point
from autograph_desktop.model.shapes import Outline, definition_of
from autograph_desktop.model.style import BACKGROUNDS, Style
from autograph_desktop.render import looks, qtstyle
from autograph_desktop.render.jumps import jump_commands
from autograph_desktop.render.labels import (
    has_band,
    is_lane,
    lane_band,
    lane_title_layout,
    placed_text_layout,
)
from autograph_desktop.render.rings import ring_prims
from autograph_desktop.render.routes import connector_geometry, point_along
from autograph_desktop.render.shapes import commands_to_path
from autograph_desktop.render.textlayout import (
    TextLayout,
    frame_title_layout,
    label_layout,
    translate_layout,
)

#: A drawing call chosen once per element: (unbound QPainter method, its arguments).
Prim = tuple[Callable[..., None], tuple[Any, ...]]


@dataclass(slots=True)
class Text:
    """Laid-out lines of text and, once drawn on a device, their QStaticTexts."""

    layout: TextLayout
    items: list[tuple[QStaticText, QPointF]]
    color: QColor
    dpi: float
    font: QFont | None = None
    pen: QPen | None = None


@dataclass(slots=True)
class Entry:
    """Everything needed to draw one element again without recomputing it."""

    key: tuple[Any, ...]
    body: QPainterPath | None
    detail: QPainterPath | None
    pen: Any
    brush: Any
    text: Text | None = None
    labels: list[tuple[QRectF, TextLayout]] | None = None
    label_texts: list[Text] | None = None
    tiny: QColor | None = None
    bounds: QRectF | None = None
    tab: tuple[QPainterPath, QColor | QBrush] | None = None
    prim: Prim | None = None
    text_pending: bool = False
    head_prims: list[tuple[Prim, str]] | None = None
    #: A connector's whole route (curves flattened): what hit tests and selection outlines follow.
    polyline: list[tuple[float, float]] | None = None
    #: An opaque, solidly outlined shape drawn as two fills (render/rings.py): (stroke brush, grown prim,
    #: fill brush, shrunk prim); `prim`, `pen` and `brush` still describe the outline for everything else.
    ring: tuple[Any, Prim, Any, Prim] | None = None
    #: A shape whose ring is worked out when first drawn in detail (`outline_ring`): an overview of 10k
    #: elements never needs one.
    ring_pending: bool = False
    #: A stencil's solid parts, filled in the stroke colour (`Outline.marks`): (path, brush).
    marks: tuple[QPainterPath, Any] | None = None
    #: The body is filled only; its drawn sides are in `detail` (`Outline.unstroked`).
    unstroked: bool = False
    #: The pen of `detail` when it differs from `pen` (a glyph without an outline draws its lines in its fill).
    detail_pen: Any = None


def entry_extent(el: Element, entry: Entry) -> Rect:
    """Everything `entry` draws for `el` (outline, stroke, text, labels, arrowheads, frame tab), in scene
    units: what must be repainted when the element moves away or changes."""
    boxes: list[QRectF] = []
    for value in (entry.body, entry.detail, entry.bounds, entry.tab[0] if entry.tab else None,
                  *(entry.prim[1] if entry.prim else ()),
                  *(arg for prim, _mode in entry.head_prims or () for arg in prim[1])):
        if isinstance(value, QRectF):
            boxes.append(value)
        elif isinstance(value, (QPolygonF, QPainterPath)):
            boxes.append(value.boundingRect())
    boxes += [rect for rect, _layout in entry.labels or ()]
    layouts = [entry.text.layout] if entry.text is not None else []
    if entry.text_pending and (pending := placed_text_layout(el)) is not None:
        layouts.append(pending)
    boxes += [QRectF(*layout.bounds) for layout in layouts]
    if not boxes:
        return Rect(el.x, el.y, el.w, el.h)
    box = boxes[0]
    for other in boxes[1:]:
        box = box.united(other)
    out = Rect(box.x(), box.y(), box.width(), box.height()).inflated(el.style.stroke_width + 2)
    if el.rotation % 360 and el.kind != "connector":
        cx, cy = el.x + el.w / 2, el.y + el.h / 2
        corners = [rotate_point(x, y, cx, cy, el.rotation)
                   for x, y in ((out.x, out.y), (out.right, out.y), (out.x, out.bottom), (out.right, out.bottom))]
        out = Rect.from_points(corners)
    return out


#: Per kind, the fields that change how an element looks, apart from where it is.
_LOOKS: dict[type[Element], Callable[[Element], Any]] = {
    cls: attrgetter(*(n for n in field_names(cls) if n not in ("id", "x", "y", "z", "parent", "locked")))
    for cls in KINDS.values()
}


def moved_by(old: Element | None, new: Element | None) -> tuple[float, float] | None:
    """How far `new` is from `old` when it is the same element and only its position differs, else None."""
    if old is None or new is None or type(old) is not type(new) or old.id != new.id:
        return None
    looks = _LOOKS[type(old)]
    if looks(old) != looks(new):
        return None
    return (new.x - old.x, new.y - old.y)


def translated_entry(entry: Entry, dx: float, dy: float, key: tuple[Any, ...]) -> Entry:
    """A copy of `entry` moved by (dx, dy), for an element that only moved.

    Moving the Qt objects is several times cheaper than building them again, above all for text, whose
    wrapping and QStaticText preparation are kept; a drag of a thousand shapes redraws them every frame.
    """
    out = Entry(key, _moved(entry.body, dx, dy), _moved(entry.detail, dx, dy), entry.pen, entry.brush)
    out.text = _moved_text(entry.text, dx, dy)
    if entry.labels is not None:
        out.labels = [(rect.translated(dx, dy), translate_layout(layout, dx, dy)) for rect, layout in entry.labels]
    if entry.label_texts is not None:
        out.label_texts = [t for text in entry.label_texts if (t := _moved_text(text, dx, dy)) is not None]
    out.tiny = entry.tiny
    out.bounds = _moved(entry.bounds, dx, dy)
    out.tab = (entry.tab[0].translated(dx, dy), entry.tab[1]) if entry.tab is not None else None
    out.prim = _moved_prim(entry.prim, dx, dy) if entry.prim is not None else None
    out.text_pending = entry.text_pending
    if entry.head_prims is not None:
        out.head_prims = [(_moved_prim(prim, dx, dy), mode) for prim, mode in entry.head_prims]
    if entry.polyline is not None:
        out.polyline = [(x + dx, y + dy) for x, y in entry.polyline]
    out.ring_pending = entry.ring_pending
    if entry.marks is not None:
        out.marks = (entry.marks[0].translated(dx, dy), entry.marks[1])
    out.unstroked = entry.unstroked
    out.detail_pen = entry.detail_pen
    if entry.ring is not None:
        outer_brush, outer, inner_brush, inner = entry.ring
        out.ring = (outer_brush, _moved_prim(outer, dx, dy), inner_brush, _moved_prim(inner, dx, dy))
    return out


def _moved(value: Any, dx: float, dy: float) -> Any:
    """QRectF, QPolygonF and QPainterPath moved by (dx, dy); anything else (radii, None) unchanged."""
    if isinstance(value, (QRectF, QPolygonF, QPainterPath)):
        return value.translated(dx, dy)
    return value


def _moved_prim(prim: Prim, dx: float, dy: float) -> Prim:
    return (prim[0], tuple(_moved(arg, dx, dy) for arg in prim[1]))


def _moved_text(text: Text | None, dx: float, dy: float) -> Text | None:
    if text is None:
        return None
    offset = QPointF(dx, dy)
    return Text(translate_layout(text.layout, dx, dy), [(st, pos + offset) for st, pos in text.items], text.color,
                text.dpi, text.font, text.pen)


def text_item(layout: TextLayout | None, color_value: str, theme: str) -> Text | None:
    if layout is None or not layout.lines:
        return None
    color = qtstyle.color(color_value, theme, "text") or QColor(0, 0, 0, 0)
    return Text(layout, [], color, -1.0)


def build_node(el: Element, key: tuple[Any, ...], theme: str, background: QColor) -> Entry:
    """Paths, pens and text placement of a shape, text, frame or path (icons/images need only bounds)."""
    style = el.style
    kind = el.kind
    fill = looks.faded(qtstyle.color(style.fill, theme, "fill"), style.fill_opacity)
    stroke = looks.faded(qtstyle.color(style.stroke, theme, "stroke"), style.stroke_opacity)
    pen = looks.dashed_pen(qtstyle.pen(stroke, style.stroke_width, style.dash, "shape"), style)
    brush = qtstyle.brush(fill)
    body: QPainterPath | None = None
    detail: QPainterPath | None = None
    prim: Prim | None = None
    tab: tuple[QPainterPath, QColor | QBrush] | None = None
    marks = None
    detail_pen: Any = None
    unstroked = False
    if kind == "shape":
        outline = definition_of(el).outline_of(el.x, el.y, el.w, el.h, style.corner_radius)
        prim = node_prim(el.x, el.y, el.w, el.h, outline)
        if prim is None:
            body = commands_to_path(outline.body)
            prim = path_prim(body)
        if outline.detail:
            detail = commands_to_path(outline.detail)
        ink = stroke if stroke is not None else fill  # a stencil's glyph without an outline: in its fill
        if outline.marks and ink is not None:
            marks = (commands_to_path(outline.marks), qtstyle.brush(ink))
        if detail is not None and stroke is None and fill is not None:
            detail_pen = qtstyle.pen(fill, max(style.stroke_width, 1.0), style.dash, "shape")
        unstroked = outline.unstroked
    elif kind == "text":
        # Text defaults to the "ink" palette entry; only a colour the user chose draws a box.
        fill = fill if style.fill != "ink" else None
        stroke = stroke if style.stroke != "ink" else None
        pen = qtstyle.pen(stroke, style.stroke_width, style.dash, "shape")
        brush = qtstyle.brush(fill)
        if fill is not None or stroke is not None:
            prim = (QPainter.drawRect, (QRectF(el.x, el.y, el.w, el.h),))
    elif kind == "frame":
        h = 0.0 if getattr(el, "collapsed", False) else el.h  # a collapsed frame is only its title bar
        prim = node_prim(el.x, el.y, el.w, h, definition_of(el).outline_of(el.x, el.y, el.w, h, style.corner_radius))
        titled = frame_title_layout(el)
        if is_lane(el):  # draw.io's swimlanes and group boxes: the title inside, maybe on a header band
            titled = None
            if has_band(el) and fill is not None:
                band = QRectF(*lane_band(el))
                tab, detail, brush = (_rect_path(band), brush), _rect_path(band), qtstyle.NO_BRUSH
        if titled is not None:
            tx, ty, tw, th = titled[1]
            tab_path = commands_to_path(tab_commands(tx, ty, tw, th))
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
            prim = path_prim(body)
    entry = Entry(key, body, detail, pen, brush)
    entry.bounds = QRectF(el.x, el.y, el.w, el.h)
    entry.prim = prim
    entry.marks = marks
    entry.detail_pen = detail_pen
    entry.unstroked = unstroked
    entry.ring_pending = kind == "shape" and prim is not None and not unstroked
    entry.tiny = fill if fill is not None and kind not in ("text", "path") else stroke
    if kind == "frame":
        titled = frame_title_layout(el)
        if is_lane(el):
            entry.text = text_item(lane_title_layout(el), style.text_color, theme)
        elif titled is not None and tab is not None:
            entry.text = Text(titled[0], [], background, -1.0)
        entry.tab = tab
    else:
        # Laid out on first readable draw: an overview of 10k elements never pays for their text.
        entry.text_pending = bool(el.text)
    return entry


def _rect_path(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(rect)
    return path


def outline_ring(entry: Entry, style: Style) -> tuple[Any, Prim, Any, Prim] | None:
    """Two fills for an opaque shape with a solid opaque outline; None where only a stroke is exact
    (see-through fill or stroke, dashes, a translucent element, or a shape rings cannot offset)."""
    pen, prim = entry.pen, entry.prim
    if prim is None or style.opacity < 1.0 or not isinstance(pen, QPen) or pen.style() != Qt.PenStyle.SolidLine:
        return None
    fill, stroke = entry.brush.color(), pen.color()
    if entry.brush.style() != Qt.BrushStyle.SolidPattern or fill.alpha() != 255 or stroke.alpha() != 255:
        return None
    fills = ring_prims(prim, style.stroke_width)
    if fills is None:
        return None
    return (qtstyle.brush(stroke), fills[0], entry.brush, fills[1])


def build_connector(doc: Diagram, conn: Connector, key: tuple[Any, ...], theme: str) -> Entry:
    """The route, arrowheads and labels of a connector as Qt objects."""
    style = conn.style
    stroke = qtstyle.color(style.stroke, theme, "stroke")
    geo = connector_geometry(doc, conn)
    path: QPainterPath | None = None
    if geo.cubics:
        path = QPainterPath(QPointF(*geo.cubics[0][0]))
        for _p0, c0, c1, p1 in geo.cubics:
            path.cubicTo(QPointF(*c0), QPointF(*c1), QPointF(*p1))
    stroke = looks.faded(stroke, style.stroke_opacity)
    entry = Entry(key, path, None, looks.dashed_pen(qtstyle.pen(stroke, style.stroke_width, style.dash, "line"), style),
                  qtstyle.brush(None))
    entry.head_prims = [(commands_prim(h.commands) or path_prim(commands_to_path(h.commands)), h.mode)
                        for h in geo.heads]
    if path is None and style.line_jumps and (hops := jump_commands(doc, conn, geo.line)) is not None:
        path = commands_to_path(hops)
    if path is not None:
        entry.prim = path_prim(path)
    elif len(geo.line) >= 2:
        entry.prim = (QPainter.drawPolyline, (QPolygonF([QPointF(*p) for p in geo.line]),))
    entry.tiny = stroke
    entry.polyline = geo.polyline
    entry.labels = []
    entry.label_texts = []
    for label in conn.labels:
        if not label.text:
            continue
        (px, py), (nx, ny) = point_along(geo.polyline, label.position)
        layout = label_layout(label.text, style, (px + nx * label.offset, py + ny * label.offset))
        x, y, w, h = layout.bounds
        entry.labels.append((QRectF(x - 3, y - 1, w + 6, h + 2), layout))
        text = text_item(layout, style.text_color, theme)
        if text is not None:
            entry.label_texts.append(text)
    return entry


def draw_prim(painter: QPainter, prim: Prim) -> None:
    """Draw with the cheapest QPainter call that gives the same outline (drawRect beats drawPath ~3x).

    A primitive is (unbound QPainter method, arguments), chosen once when the entry is built.
    """
    prim[0](painter, *prim[1])


def path_prim(path: QPainterPath) -> Prim:
    return (QPainter.drawPath, (path,))


def commands_prim(commands: list[tuple[Any, ...]]) -> Prim | None:
    """A polygon or polyline primitive for commands made of one M followed by L's (and maybe Z)."""
    if not commands or commands[0][0] != "M" or any(c[0] == "M" for c in commands[1:]):
        return None
    if any(c[0] not in ("M", "L", "Z") for c in commands):
        return None
    poly = QPolygonF([QPointF(c[1], c[2]) for c in commands if c[0] != "Z"])
    return (QPainter.drawPolygon, (poly,)) if commands[-1][0] == "Z" else (QPainter.drawPolyline, (poly,))


def node_prim(x: float, y: float, w: float, h: float, outline: Outline) -> Prim | None:
    """The cheapest drawing call for an outline in the box (x, y, w, h), or None when only a QPainterPath
    can draw it: the definition says when its body is exactly a (rounded) box or an ellipse filling it."""
    if outline.box_radius is not None:
        r = outline.box_radius
        return ((QPainter.drawRoundedRect, (QRectF(x, y, w, h), r, r)) if r > 0.01
                else (QPainter.drawRect, (QRectF(x, y, w, h),)))
    if outline.is_ellipse:
        return (QPainter.drawEllipse, (QRectF(x, y, w, h),))
    return commands_prim(outline.body)


_ADD: dict[Any, Callable[..., Any]] = {QPainter.drawRect: QPainterPath.addRect, QPainter.drawEllipse: QPainterPath.addEllipse,
        QPainter.drawPath: QPainterPath.addPath}


def add_to_path(path: QPainterPath, prim: Prim) -> None:
    """Append a primitive's outline to a merged path (the overview mode draws runs of them at once)."""
    fn, args = prim
    if fn is QPainter.drawRoundedRect:
        path.addRoundedRect(args[0], args[1], args[2])
    elif fn is QPainter.drawPolygon:
        path.addPolygon(args[0])
        path.closeSubpath()
    elif fn is QPainter.drawPolyline:
        path.addPolygon(args[0])
    else:
        _ADD[fn](path, args[0])


def tab_commands(x: float, y: float, w: float, h: float) -> list[tuple[object, ...]]:
    r = min(5.0, h / 2)
    k = r * 0.45
    return [("M", x, y + h), ("L", x, y + r), ("C", x, y + k, x + k, y, x + r, y), ("L", x + w - r, y),
            ("C", x + w - k, y, x + w, y + k, x + w, y + r), ("L", x + w, y + h), ("Z",)]
