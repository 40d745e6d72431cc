"""Path commands, the Qt-free language of outlines: what the painter, the SVG writer and hit tests all read.

A command is ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y) or ("Z",), in element (scene)
coordinates. The painter turns commands into QPainterPaths, the SVG writer into `d` attributes, and
`flatten` into polygons for hit tests and connector anchoring, so all three follow the same curves.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

#: One path command: ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x, y) | ("Z",)
Command = tuple[Any, ...]
Commands = list[Command]
Point = tuple[float, float]

#: Control-point distance that makes a cubic follow a quarter circle (also what Qt uses for ellipses).
KAPPA = 0.5522847498


class Outline(NamedTuple):
    """`body` is filled and stroked; `detail` is stroked only (a cylinder's rim, a note's fold); `marks`
    are filled with the stroke's colour.

    `box_radius` / `is_ellipse` say that the body is exactly a (rounded) rectangle or an ellipse filling
    the box, so a painter may draw it with a cheaper primitive than a general path. (A named tuple: the
    painter builds one per element, and a frozen dataclass costs several times more to make.)
    """

    body: Commands
    detail: Commands
    box_radius: float | None = None
    is_ellipse: bool = False
    #: Filled in the stroke colour (a stencil's solid glyph: a gateway's cross, a person's head).
    marks: Commands = []  # noqa: RUF012  (never mutated: outlines are built fresh)
    #: The body is filled but not outlined (its lines are all in `detail`: a box with some sides drawn).
    unstroked: bool = False


def ellipse(cx: float, cy: float, rx: float, ry: float) -> Commands:
    kx, ky = rx * KAPPA, ry * KAPPA
    return [
        ("M", cx + rx, cy),
        ("C", cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        ("C", cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        ("C", cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        ("C", cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
        ("Z",),
    ]


def polygon(points: list[Point]) -> Commands:
    out: Commands = [("M", *points[0])]
    out.extend(("L", *p) for p in points[1:])
    out.append(("Z",))
    return out


def clamp_radius(radius: float, w: float, h: float) -> float:
    """A corner radius as drawn: never more than half a side, never negative (NaN counts as none)."""
    if not radius > 0:
        return 0.0
    return max(0.0, min(radius, w / 2, h / 2))


def rounded_rect(x: float, y: float, w: float, h: float, r: float) -> Commands:
    r = clamp_radius(r, w, h)
    if r <= 0.01:
        return polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
    k = r * (1 - KAPPA)
    right, bottom = x + w, y + h
    return [
        ("M", x + r, y),
        ("L", right - r, y),
        ("C", right - k, y, right, y + k, right, y + r),
        ("L", right, bottom - r),
        ("C", right, bottom - k, right - k, bottom, right - r, bottom),
        ("L", x + r, bottom),
        ("C", x + k, bottom, x, bottom - k, x, bottom - r),
        ("L", x, y + r),
        ("C", x, y + k, x + k, y, x + r, y),
        ("Z",),
    ]


def scaled(unit: Commands, x: float, y: float, w: float, h: float) -> Commands:
    """Commands drawn in a unit square, stretched over the box (x, y, w, h)."""
    return [(c[0], *[(x + v * w if i % 2 == 0 else y + v * h) for i, v in enumerate(c[1:])]) for c in unit]


def _cubic_steps(p0: Point, c0: Point, c1: Point, p1: Point, tolerance: float) -> int:
    """How many chords keep a cubic within `tolerance` of its polyline (from the bound on its second
    derivative), capped so that a huge or hostile shape cannot cost unbounded work."""
    ddx = max(abs(p0[0] - 2 * c0[0] + c1[0]), abs(c0[0] - 2 * c1[0] + p1[0]))
    ddy = max(abs(p0[1] - 2 * c0[1] + c1[1]), abs(c0[1] - 2 * c1[1] + p1[1]))
    bend = math.hypot(ddx, ddy)
    if not bend > 0:
        return 1
    if not math.isfinite(bend):
        return 64
    return max(1, min(256, math.ceil(math.sqrt(0.75 * bend / tolerance))))


def flatten(commands: Commands, tolerance: float = 0.02) -> list[list[Point]]:
    """The closed rings of a path as polygons, curves cut into chords no further than `tolerance` from
    them. Open subpaths count as closed (a filled path is closed by the painter too)."""
    rings: list[list[Point]] = []
    ring: list[Point] = []
    cur: Point = (0.0, 0.0)
    for cmd in commands:
        op = cmd[0]
        if op == "M":
            if len(ring) >= 2:
                rings.append(ring)
            cur = (float(cmd[1]), float(cmd[2]))
            ring = [cur]
        elif op == "L":
            cur = (float(cmd[1]), float(cmd[2]))
            ring.append(cur)
        elif op == "C":
            c0, c1, p1 = (cmd[1], cmd[2]), (cmd[3], cmd[4]), (float(cmd[5]), float(cmd[6]))
            steps = _cubic_steps(cur, c0, c1, p1, tolerance)
            x0, y0 = cur
            for s in range(1, steps):
                t = s / steps
                mt = 1 - t
                a, b, c, d = mt * mt * mt, 3 * mt * mt * t, 3 * mt * t * t, t * t * t
                ring.append((a * x0 + b * c0[0] + c * c1[0] + d * p1[0], a * y0 + b * c0[1] + c * c1[1] + d * p1[1]))
            ring.append(p1)
            cur = p1
        elif op == "Z":
            if len(ring) >= 2:
                rings.append(ring)
            cur = ring[0] if ring else cur
            ring = [cur]
    if len(ring) >= 2:
        rings.append(ring)
    # A ring's closing point repeats its first one: the closing edge is implicit.
    return [r[:-1] if len(r) > 2 and r[-1] == r[0] else r for r in rings]
