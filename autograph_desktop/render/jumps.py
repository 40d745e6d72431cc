"""Line jumps: a connector whose style asks for them hops over the connectors drawn before it where the two
cross (draw.io's `jumpStyle`: a half circle "arc", a "gap", or a "sharp" tent), so crossing lines read as
passing over, not joining. Qt-free: the painter turns the commands into a path, the SVG writer into `d`.
"""

from __future__ import annotations

import itertools
import math

from autograph_desktop.model import Connector, Diagram, Rect
from autograph_desktop.model.shapes import KAPPA, Commands
from autograph_desktop.render.routes import connector_path

Point = tuple[float, float]
JUMP_STYLES = ("arc", "gap", "sharp")
#: At most this many connectors are looked at for crossings (a dense diagram stays fast to draw).
MAX_OTHERS = 400


def _crossing(a: Point, b: Point, c: Point, d: Point) -> float | None:
    """Where segment ab crosses segment cd, as a fraction along ab (None when they do not cross inside)."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    denom = rx * sy - ry * sx
    if abs(denom) < 1e-9:
        return None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denom
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denom
    return t if 0.0 < t < 1.0 and 0.0 < u < 1.0 else None


def jump_commands(doc: Diagram, conn: Connector, line: list[Point]) -> Commands | None:
    """The connector's line with jumps where it crosses connectors below it, or None when it has no jump
    style, is curved, or crosses nothing."""
    style = conn.style.line_jumps
    if style not in JUMP_STYLES or conn.routing == "curved" or len(line) < 2:
        return None
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    area = doc.elements_in_rect(Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    others = [el for el in area if isinstance(el, Connector) and el.id != conn.id and (el.z, el.id) < (conn.z, conn.id)]
    paths = [connector_path(doc, other) for other in others[:MAX_OTHERS]]
    size = max(conn.style.line_jump_size, 1.0)
    out: Commands = [("M", *line[0])]
    crossed = False
    for a, b in itertools.pairwise(line):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        if length < 1e-9:
            continue
        hits = sorted(t for path in paths for c, d in itertools.pairwise(path)
                      if (t := _crossing(a, b, c, d)) is not None)
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        last = 0.0
        for t in hits:
            at = t * length
            if at - size < last or at + size > length:  # too near a bend or the previous jump: no room
                continue
            crossed = True
            start = (a[0] + ux * (at - size), a[1] + uy * (at - size))
            end = (a[0] + ux * (at + size), a[1] + uy * (at + size))
            out.append(("L", *start))
            out += _hop(style, start, end, (ux, uy), (uy, -ux) if uy <= 0 else (-uy, ux), size)
            last = at + size
        out.append(("L", *b))
    return out if crossed else None


def _hop(style: str, start: Point, end: Point, along: Point, normal: Point, size: float) -> Commands:
    """The jump from `start` to `end` (`along` the line), bulging towards `normal` (up, or left)."""
    (ux, uy), (nx, ny) = along, normal
    if style == "gap":
        return [("M", *end)]
    top = ((start[0] + end[0]) / 2 + nx * size, (start[1] + end[1]) / 2 + ny * size)
    if style == "sharp":
        return [("L", *top), ("L", *end)]
    k = size * KAPPA  # a half circle as two quarter circles
    return [("C", start[0] + nx * k, start[1] + ny * k, top[0] - ux * k, top[1] - uy * k, *top),
            ("C", top[0] + ux * k, top[1] + uy * k, end[0] + nx * k, end[1] + ny * k, *end)]
