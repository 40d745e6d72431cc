"""Outlined shapes drawn as two fills (a "ring") instead of a fill and an antialiased stroke.

Qt's raster engine strokes an outline by building the stroke's own polygon and filling that, which makes
an antialiased outlined ellipse or diamond cost 2-3x its fill alone. When the fill and the stroke are both
opaque and the stroke is solid, filling the outline grown by half the stroke width in the stroke colour and
then the outline shrunk by half the width in the fill colour paints the same pixels (each edge pixel blends
the same two colours by the same coverage) for about half the time. Shapes this cannot match exactly
(curves given as paths, joins past the pen's miter limit, outlines too thin to shrink) return None and
are stroked as usual.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPolygonF

#: The shape pen's miter limit (qtstyle.pen): sharper corners are bevelled by Qt, which a ring cannot copy.
MITER_LIMIT = 4.0

Prim = tuple[Any, tuple[Any, ...]]


def ring_prims(prim: Prim, width: float) -> tuple[Prim, Prim] | None:
    """(outer, inner) fills that together draw `prim` outlined with a centred stroke `width` wide."""
    if not 0 < width < math.inf:  # also refuses NaN: a hostile file's outline is left to the stroker
        return None
    half = width / 2
    fn, args = prim
    if fn is QPainter.drawRect or fn is QPainter.drawEllipse:
        rect: QRectF = args[0]
        if rect.width() <= width or rect.height() <= width:
            return None
        if fn is QPainter.drawEllipse and not _ellipse_offsets_closely(rect.width() / 2, rect.height() / 2, half):
            return None
        return ((fn, (rect.adjusted(-half, -half, half, half),)), (fn, (rect.adjusted(half, half, -half, -half),)))
    if fn is QPainter.drawRoundedRect:
        rect, rx, ry = args
        if rect.width() <= width or rect.height() <= width:
            return None
        # Qt clamps the radii to half the rectangle; clamp first so the offsets start from what is drawn.
        rx = min(max(rx, 0.0), rect.width() / 2)
        ry = min(max(ry, 0.0), rect.height() / 2)
        outer = (fn, (rect.adjusted(-half, -half, half, half), rx + half, ry + half))
        inner = (fn, (rect.adjusted(half, half, -half, -half), max(rx - half, 0.0), max(ry - half, 0.0)))
        return outer, inner
    if fn is QPainter.drawPolygon:
        points = [(p.x(), p.y()) for p in args[0]]
        grown = offset_polygon(points, half)
        shrunk = offset_polygon(points, -half)
        if grown is None or shrunk is None:
            return None
        return ((fn, (_polygon(grown),)), (fn, (_polygon(shrunk),)))
    return None


def _ellipse_offsets_closely(rx: float, ry: float, half: float) -> bool:
    """Whether the ellipse grown (or shrunk) by `half` stays within ~0.06 units of the stroke's true edge.

    An ellipse's offset curve is not an ellipse: it strays by about 0.1 * half * (1 - short/long) for
    moderate shapes, more for flat ones (0.4 units for a 200x20 ellipse with a 2-unit outline). Past this
    bound (a tenth of a pixel at 150%) the shape is stroked.
    """
    long, short = max(rx, ry), min(rx, ry)
    return half * (long - short) <= short


def offset_polygon(points: list[tuple[float, float]], distance: float) -> list[tuple[float, float]] | None:
    """The polygon's outline moved `distance` outwards (inwards when negative) with mitred corners.

    None when a mitred corner would pass the pen's miter limit, when the polygon is degenerate, or when
    shrinking would turn an edge round (the shape is thinner than the stroke there).
    """
    pts = _distinct(points)
    n = len(pts)
    if n < 3:
        return None
    area = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1] for i in range(n)) / 2
    if abs(area) < 1e-9:
        return None
    # Outward normal of an edge (dx, dy): (dy, -dx) for counter-clockwise order in y-down coordinates ...
    sign = 1.0 if area > 0 else -1.0
    normals = []
    for i in range(n):
        (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
        length = math.hypot(x1 - x0, y1 - y0)
        normals.append((sign * (y1 - y0) / length, -sign * (x1 - x0) / length))
    out = []
    for i in range(n):
        ax, ay = normals[i - 1]
        bx, by = normals[i]
        cos = ax * bx + ay * by
        if cos <= -0.999:
            return None  # a spike folding back on itself
        # The corner moves along the bisector by distance / cos(half the turn): the miter length.
        mx, my = ax + bx, ay + by
        scale = 2.0 / (mx * mx + my * my)  # |m|^2 = 2 + 2cos; d * m / (1 + cos) = d * 2m / |m|^2
        if math.sqrt(scale * 2.0) > MITER_LIMIT:  # miter ratio 1/cos(half angle) = sqrt(2 / (1 + cos))
            return None
        out.append((pts[i][0] + distance * mx * scale, pts[i][1] + distance * my * scale))
    for i in range(n):  # a shrunk edge must keep its direction, else the shape was too thin to shrink
        (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
        (u0, v0), (u1, v1) = out[i], out[(i + 1) % n]
        if (x1 - x0) * (u1 - u0) + (y1 - y0) * (v1 - v0) <= 0:
            return None
    return out


def _distinct(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points without consecutive repeats (and without a closing copy of the first)."""
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or abs(p[0] - out[-1][0]) > 1e-9 or abs(p[1] - out[-1][1]) > 1e-9:
            out.append(p)
    while len(out) > 1 and abs(out[0][0] - out[-1][0]) <= 1e-9 and abs(out[0][1] - out[-1][1]) <= 1e-9:
        out.pop()
    return out


def _polygon(points: list[tuple[float, float]]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])
