"""The hand-drawn look as Qt objects: built once per element from `sketch`, replayed by the painter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from autograph_desktop.model import Element
from autograph_desktop.model.shapes import Commands, definition_of
from autograph_desktop.model.shapes.paths import polygon
from autograph_desktop.render import qtstyle
from autograph_desktop.render.shapes import commands_to_path
from autograph_desktop.render.sketch import rough_polyline, rough_route, seeded, sketch_shape

Point = tuple[float, float]


#: Above this many device pixels an element's sketch is drawn straight, not through a cached image.
MAX_CACHED_PIXELS = 1_500_000


@dataclass(slots=True)
class SketchPaint:
    """A solid fill region, hatch lines with their pen, and outline strokes with theirs.

    `image` caches the drawing at one device scale and sub-pixel offset: stroking wobbly curves with a
    wide antialiased pen costs Qt several times a rectangle's fill, replaying an image almost nothing.
    """

    solid: QPainterPath | None
    brush: QBrush
    hatch: QPainterPath | None
    hatch_pen: Any
    strokes: QPainterPath | None
    pen: Any
    image: tuple[tuple[float, float, float], QImage, int, int] | None = None

    def moved(self, dx: float, dy: float) -> SketchPaint:
        return SketchPaint(_moved(self.solid, dx, dy), self.brush, _moved(self.hatch, dx, dy), self.hatch_pen,
                           _moved(self.strokes, dx, dy), self.pen,
                           self.image)  # reused where the move keeps its sub-pixel offset, else made again


def _moved(path: QPainterPath | None, dx: float, dy: float) -> QPainterPath | None:
    return path.translated(dx, dy) if path is not None else None


def _path(commands: Commands | None) -> QPainterPath | None:
    return commands_to_path(commands) if commands else None


def shape_sketch(el: Element, body: Commands, detail: Commands, fill: QColor | None,
                 stroke: QColor | None) -> SketchPaint:
    """A closed shape drawn by hand: its fill (solid, hachure or cross-hatch) and its doubled outline."""
    style = el.style
    sk = sketch_shape(el.id, body, detail, style.sketch, style.fill_style, style.stroke_width, fill is not None)
    solid = _path(sk.solid)
    if solid is not None:
        solid.setFillRule(Qt.FillRule.WindingFill)
    return SketchPaint(solid, qtstyle.brush(fill), _path(sk.hatch), qtstyle.pen(fill, sk.hatch_width, "solid", "line"),
                       _path(sk.strokes) if stroke is not None else None,
                       qtstyle.pen(stroke, style.stroke_width, style.dash, "line"))


def node_sketch(el: Element, fill: QColor | None, stroke: QColor | None) -> SketchPaint:
    """The hand-drawn look of a shape, text box, frame or path, from the outline its kind draws."""
    if el.kind == "path":
        pts = [(el.x + px, el.y + py) for px, py in getattr(el, "points", ())]
        if not getattr(el, "closed", False):
            return line_sketch(el, pts, stroke)
        return shape_sketch(el, polygon(pts), [], fill, stroke)
    if el.kind == "text":
        return shape_sketch(el, polygon([(el.x, el.y), (el.x + el.w, el.y), (el.x + el.w, el.y + el.h),
                                         (el.x, el.y + el.h)]), [], fill, stroke)
    h = 0.0 if getattr(el, "collapsed", False) else el.h
    outline = definition_of(el).outline_of(el.x, el.y, el.w, h, el.style.corner_radius)
    return shape_sketch(el, outline.body, outline.detail, fill, stroke)


def line_sketch(el: Element, points: list[tuple[float, float]], stroke: QColor | None,
                cubics: list[tuple[Point, Point, Point, Point]] | None = None) -> SketchPaint:
    """An open line (a connector's route, a freehand path) drawn by hand."""
    style = el.style
    if style.sketch <= 0:  # a hatched fill asked for on an open line: the line itself stays clean
        strokes: Commands = [("M", *points[0]), *(("L", *p) for p in points[1:])] if points else []
    elif cubics is not None or el.kind == "connector":
        strokes = rough_route(el.id, points, cubics, style.sketch)
    else:
        strokes = rough_polyline(points, float(max(1, min(2, style.sketch))), seeded(el.id))
    return SketchPaint(None, qtstyle.NO_BRUSH, None, Qt.PenStyle.NoPen, _path(strokes),
                       qtstyle.pen(stroke, style.stroke_width, style.dash, "line"))


def draw_sketch_cached(painter: QPainter, sketch: SketchPaint) -> None:
    """Draw through the cached image when the painter only scales and moves (the canvas, PNG exports);
    turned painters and vector devices get the strokes themselves."""
    t = painter.worldTransform()
    if t.type().value > QTransform.TransformationType.TxScale.value or t.m11() != t.m22() or t.m11() <= 0:
        draw_sketch(painter, sketch)
        return
    area = _extent(sketch)
    dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    if dpr != 1.0:  # a HiDPI screen: the image holds physical pixels, the painter speaks logical ones
        t = t * QTransform.fromScale(dpr, dpr)
    device = t.mapRect(area)
    x0, y0 = math.floor(device.x()), math.floor(device.y())
    w, h = math.ceil(device.right()) - x0 + 1, math.ceil(device.bottom()) - y0 + 1
    if w <= 0 or h <= 0 or w * h > MAX_CACHED_PIXELS:
        draw_sketch(painter, sketch)
        return
    # The same scale and the same sub-pixel offset draw the very same pixels wherever the image goes.
    key = (round(t.m11(), 6), round(device.x() - x0, 3), round(device.y() - y0, 3))
    if sketch.image is None or sketch.image[0] != key or (sketch.image[2], sketch.image[3]) != (w, h):
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        image.setDevicePixelRatio(dpr)
        qp = QPainter(image)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.setWorldTransform(t * QTransform.fromTranslate(-x0, -y0) * QTransform.fromScale(1 / dpr, 1 / dpr))
        draw_sketch(qp, sketch)
        qp.end()
        sketch.image = (key, image, w, h)
    painter.save()
    painter.resetTransform()
    painter.drawImage(QPointF(x0 / dpr, y0 / dpr), sketch.image[1])
    painter.restore()


def _extent(sketch: SketchPaint) -> QRectF:
    """Everything the sketch draws, pen widths included."""
    area = QRectF()
    for path, pen in ((sketch.solid, None), (sketch.hatch, sketch.hatch_pen), (sketch.strokes, sketch.pen)):
        if path is None:
            continue
        box = path.boundingRect()
        grow = (pen.widthF() if isinstance(pen, QPen) else 0.0) / 2 + 1.0
        area = area.united(box.adjusted(-grow, -grow, grow, grow))
    return area


def draw_sketch(painter: QPainter, sketch: SketchPaint) -> None:
    """Fill, hatch, then outline (the caller resets its remembered pen and brush afterwards)."""
    if sketch.solid is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(sketch.brush)
        painter.drawPath(sketch.solid)
    painter.setBrush(qtstyle.NO_BRUSH)
    if sketch.hatch is not None:
        painter.setPen(sketch.hatch_pen)
        painter.drawPath(sketch.hatch)
    if sketch.strokes is not None:
        painter.setPen(sketch.pen)
        painter.drawPath(sketch.strokes)
