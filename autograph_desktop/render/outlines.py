"""Shape outlines and arrowheads as plain path commands, shared by the QPainter painter and the SVG writer.

Keeping the geometry here, free of Qt, is what makes an SVG export and a PNG export of the same diagram
draw the very same curves: `shapes.py`/`arrows.py` turn these commands into QPainterPaths, `svg.py` into
`d` attributes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from autograph_desktop.model.textbox import text_box as _model_text_box

#: One path command: ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x, y) | ("Z",)
Command = tuple[Any, ...]
Commands = list[Command]

_KAPPA = 0.5522847498


@dataclass(frozen=True, slots=True)
class Outline:
    """`body` is filled and stroked; `detail` is stroked only (a cylinder's rim, a note's fold)."""

    body: Commands
    detail: Commands


def ellipse(cx: float, cy: float, rx: float, ry: float) -> Commands:
    kx, ky = rx * _KAPPA, ry * _KAPPA
    return [
        ("M", cx + rx, cy),
        ("C", cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        ("C", cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        ("C", cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        ("C", cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
        ("Z",),
    ]


def polygon(points: list[tuple[float, float]]) -> Commands:
    out: Commands = [("M", *points[0])]
    out.extend(("L", *p) for p in points[1:])
    out.append(("Z",))
    return out


def rounded_rect(x: float, y: float, w: float, h: float, r: float) -> Commands:
    r = max(0.0, min(r, w / 2, h / 2))
    if r <= 0.01:
        return polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
    k = r * (1 - _KAPPA)
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


def _unit_cloud() -> Commands:
    """Eight bumps around an ellipse in a unit square; each bump bulges outwards between its neighbours."""
    n = 8
    angles = [math.pi * 2 * i / n + math.pi / n for i in range(n)]
    pts = [(0.5 + 0.40 * math.cos(a), 0.5 + 0.36 * math.sin(a)) for a in angles]
    out: Commands = [("M", *pts[0])]
    for i in range(n):
        a0, a1 = angles[i], angles[(i + 1) % n] + (2 * math.pi if i == n - 1 else 0)
        p0, p1 = pts[i], pts[(i + 1) % n]
        c0 = (p0[0] + 0.31 * math.cos(a0 + 0.35), p0[1] + 0.31 * math.sin(a0 + 0.35))
        c1 = (p1[0] + 0.31 * math.cos(a1 - 0.35), p1[1] + 0.31 * math.sin(a1 - 0.35))
        out.append(("C", *c0, *c1, *p1))
    out.append(("Z",))
    # Scale so the curve itself (not just its end points) fills the unit square exactly.
    xs: list[float] = []
    ys: list[float] = []
    cur = pts[0]
    for cmd in out[1:-1]:
        for k in range(1, 33):
            t = k / 32
            mt = 1 - t
            xs.append(mt ** 3 * cur[0] + 3 * mt * mt * t * cmd[1] + 3 * mt * t * t * cmd[3] + t ** 3 * cmd[5])
            ys.append(mt ** 3 * cur[1] + 3 * mt * mt * t * cmd[2] + 3 * mt * t * t * cmd[4] + t ** 3 * cmd[6])
        cur = (cmd[5], cmd[6])
    x0, y0 = min(xs), min(ys)
    sx, sy = 1 / (max(xs) - x0), 1 / (max(ys) - y0)
    return [(c[0], *[(v - (x0 if i % 2 == 0 else y0)) * (sx if i % 2 == 0 else sy) for i, v in enumerate(c[1:])])
            for c in out]


_CLOUD = _unit_cloud()


def _cloud(x: float, y: float, w: float, h: float) -> Commands:
    return [(c[0], *[(x + v * w if i % 2 == 0 else y + v * h) for i, v in enumerate(c[1:])]) for c in _CLOUD]


def _star(x: float, y: float, w: float, h: float) -> Commands:
    cx, cy = x + w / 2, y + h / 2 + h * 0.04
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        r = 1.0 if i % 2 == 0 else 0.42
        pts.append((cx + w / 2 * r * math.cos(a), cy + h / 2 * 1.06 * r * math.sin(a)))
    return polygon(pts)


def _actor(x: float, y: float, w: float, h: float) -> Outline:
    """A stick person: the head is the filled body, limbs are detail strokes."""
    head = min(w * 0.5, h * 0.24)
    cx = x + w / 2
    neck = y + head
    hip = y + h * 0.64
    arms = y + head + (hip - neck) * 0.3
    body = ellipse(cx, y + head / 2, head / 2, head / 2)
    detail: Commands = [
        ("M", cx, neck), ("L", cx, hip),
        ("M", x + w * 0.08, arms), ("L", x + w * 0.92, arms),
        ("M", cx, hip), ("L", x + w * 0.12, y + h),
        ("M", cx, hip), ("L", x + w * 0.88, y + h),
    ]
    return Outline(body, detail)


def shape_outline(shape: str, x: float, y: float, w: float, h: float, corner_radius: float = 0.0) -> Outline:
    """The outline of a shape kind inside the rectangle (x, y, w, h); unknown kinds draw as rectangles."""
    w = max(w, 0.0)
    h = max(h, 0.0)
    r, b = x + w, y + h
    m = min(w, h)
    if shape == "rounded":
        return Outline(rounded_rect(x, y, w, h, corner_radius or min(12.0, m * 0.25)), [])
    if shape in ("ellipse", "circle"):
        return Outline(ellipse(x + w / 2, y + h / 2, w / 2, h / 2), [])
    if shape == "double_circle":
        gap = min(5.0, m * 0.08)
        return Outline(ellipse(x + w / 2, y + h / 2, w / 2, h / 2),
                       ellipse(x + w / 2, y + h / 2, max(w / 2 - gap, 0), max(h / 2 - gap, 0)))
    if shape == "diamond":
        return Outline(polygon([(x + w / 2, y), (r, y + h / 2), (x + w / 2, b), (x, y + h / 2)]), [])
    if shape in ("parallelogram", "parallelogram_alt"):
        s = min(w * 0.2, h * 0.6)
        if shape == "parallelogram":
            return Outline(polygon([(x + s, y), (r, y), (r - s, b), (x, b)]), [])
        return Outline(polygon([(x, y), (r - s, y), (r, b), (x + s, b)]), [])
    if shape in ("trapezoid", "trapezoid_alt"):
        s = min(w * 0.2, h * 0.6)
        if shape == "trapezoid":
            return Outline(polygon([(x + s, y), (r - s, y), (r, b), (x, b)]), [])
        return Outline(polygon([(x, y), (r, y), (r - s, b), (x + s, b)]), [])
    if shape == "hexagon":
        s = w * 0.2
        return Outline(polygon([(x + s, y), (r - s, y), (r, y + h / 2), (r - s, b), (x + s, b), (x, y + h / 2)]), [])
    if shape == "triangle":
        return Outline(polygon([(x + w / 2, y), (r, b), (x, b)]), [])
    if shape == "cylinder":
        ry = min(h * 0.15, w * 0.2)
        k, kx = ry * _KAPPA, w / 2 * _KAPPA
        cx = x + w / 2
        body: Commands = [
            ("M", x, y + ry),
            ("C", x, y + ry - k, cx - kx, y, cx, y),
            ("C", cx + kx, y, r, y + ry - k, r, y + ry),
            ("L", r, b - ry),
            ("C", r, b - ry + k, cx + kx, b, cx, b),
            ("C", cx - kx, b, x, b - ry + k, x, b - ry),
            ("Z",),
        ]
        rim: Commands = [
            ("M", x, y + ry),
            ("C", x, y + ry + k, cx - kx, y + 2 * ry, cx, y + 2 * ry),
            ("C", cx + kx, y + 2 * ry, r, y + ry + k, r, y + ry),
        ]
        return Outline(body, rim)
    if shape == "cloud":
        return Outline(_cloud(x, y, w, h), [])
    if shape == "document":
        a = min(h * 0.1, 14.0)
        c = a * 4 / 3
        return Outline([
            ("M", x, y), ("L", r, y), ("L", r, b - a),
            ("C", x + w * 0.75, b - a - c, x + w * 0.75 - 0.0, b - a - c, x + w / 2, b - a),
            ("C", x + w * 0.25, b - a + c, x + w * 0.25, b - a + c, x, b - a),
            ("Z",),
        ], [])
    if shape == "actor":
        return _actor(x, y, w, h)
    if shape == "note":
        f = min(16.0, m * 0.3)
        return Outline(polygon([(x, y), (r - f, y), (r, y + f), (r, b), (x, b)]),
                       [("M", r - f, y), ("L", r - f, y + f), ("L", r, y + f)])
    if shape == "stadium":
        return Outline(rounded_rect(x, y, w, h, m / 2), [])
    if shape == "subroutine":
        d = min(w * 0.1, 12.0)
        return Outline(polygon([(x, y), (r, y), (r, b), (x, b)]),
                       [("M", x + d, y), ("L", x + d, b), ("M", r - d, y), ("L", r - d, b)])
    if shape == "asymmetric":
        s = min(w * 0.2, h * 0.5)
        return Outline(polygon([(x, y), (r, y), (r, b), (x, b), (x + s, y + h / 2)]), [])
    if shape == "card":
        c = min(16.0, m * 0.3)
        return Outline(polygon([(x + c, y), (r, y), (r, b), (x, b), (x, y + c)]), [])
    if shape == "callout":
        body_h = h * 0.78
        rad = min(10.0, m * 0.2)
        box = rounded_rect(x, y, w, body_h, rad)[:-1]
        # Cut a tail into the bottom edge, a fifth of the way in from the left.
        tail_l, tail_r = x + w * 0.18, x + w * 0.34
        out: Commands = box[:5]
        out.append(("L", tail_r, y + body_h))
        out.append(("L", x + w * 0.14, b))
        out.append(("L", tail_l, y + body_h))
        out.extend(box[5:])
        out.append(("Z",))
        return Outline(out, [])
    if shape == "cross":
        t = m / 3
        cx, cy = x + w / 2, y + h / 2
        return Outline(polygon([
            (cx - t / 2, y), (cx + t / 2, y), (cx + t / 2, cy - t / 2), (r, cy - t / 2), (r, cy + t / 2),
            (cx + t / 2, cy + t / 2), (cx + t / 2, b), (cx - t / 2, b), (cx - t / 2, cy + t / 2),
            (x, cy + t / 2), (x, cy - t / 2), (cx - t / 2, cy - t / 2),
        ]), [])
    if shape == "star":
        return Outline(_star(x, y, w, h), [])
    return Outline(rounded_rect(x, y, w, h, corner_radius), [])


def text_box(shape: str, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """Where a shape's label goes: the model's rule, whose inverse sizes generated nodes for their labels.

    Clamped to at least 1x1: the model's triangle rule gives a zero-wide box for a zero-wide shape, and
    wrapping to zero width would put every character on its own line.
    """
    bx, by, bw, bh = _model_text_box(shape, x, y, w, h)
    return (bx, by, max(bw, 1.0), max(bh, 1.0))


# --------------------------------------------------------------------------- arrowheads
@dataclass(frozen=True, slots=True)
class Arrowhead:
    """Commands in scene coordinates; `mode` is "fill" (stroke colour), "hollow" (background fill) or
    "stroke"; `inset` is how far the line must stop short of the tip so it does not poke through."""

    commands: Commands
    mode: str
    inset: float


def arrow_size(stroke_width: float) -> float:
    return 8.0 + 2.5 * stroke_width


def _local(kind: str, size: float) -> tuple[list[list[tuple[float, float]]], bool, str, float]:
    """(polylines in tip-local units, closed, mode, inset): x runs from the tip back along the line."""
    L = size
    tri = [[(0, 0), (-L, -0.42 * L), (-L, 0.42 * L)]]
    dia = [[(0, 0), (-0.75 * L, -0.38 * L), (-1.5 * L, 0), (-0.75 * L, 0.38 * L)]]
    fork = [[(0, -0.5 * L), (-L, 0), (0, 0.5 * L)]]
    table: dict[str, tuple[list[list[tuple[float, float]]], bool, str, float]] = {
        "arrow": ([[(0, 0), (-L, -0.45 * L), (-0.72 * L, 0), (-L, 0.45 * L)]], True, "fill", 0.72 * L),
        "triangle": (tri, True, "fill", L),
        "open_triangle": (tri, True, "hollow", L),
        "diamond": (dia, True, "fill", 1.5 * L),
        "open_diamond": (dia, True, "hollow", 1.5 * L),
        "bar": ([[(-0.25 * L, -0.5 * L), (-0.25 * L, 0.5 * L)]], False, "stroke", 0.0),
        "cross": ([[(-0.8 * L, -0.3 * L), (-0.2 * L, 0.3 * L)], [(-0.8 * L, 0.3 * L), (-0.2 * L, -0.3 * L)]],
                  False, "stroke", 0.0),
        "half_arrow": ([[(0, 0), (-L, -0.45 * L)]], False, "stroke", 0.0),
        "crow_one": ([[(-0.5 * L, -0.5 * L), (-0.5 * L, 0.5 * L)], [(-0.85 * L, -0.5 * L), (-0.85 * L, 0.5 * L)]],
                     False, "stroke", 0.0),
        "crow_many": (fork, False, "stroke", 0.0),
        "crow_one_many": ([*fork, [(-1.25 * L, -0.5 * L), (-1.25 * L, 0.5 * L)]], False, "stroke", 0.0),
    }
    return table.get(kind, ([], False, "stroke", 0.0))


def arrowhead(kind: str, tip: tuple[float, float], came_from: tuple[float, float],
              stroke_width: float) -> list[Arrowhead]:
    """The parts of an arrowhead at `tip` on a line arriving from `came_from` (empty for "none")."""
    if kind == "none" or not kind:
        return []
    dx, dy = tip[0] - came_from[0], tip[1] - came_from[1]
    length = math.hypot(dx, dy)
    ux, uy = (dx / length, dy / length) if length > 1e-9 else (1.0, 0.0)
    nx, ny = -uy, ux
    size = arrow_size(stroke_width)

    def to_scene(u: float, v: float) -> tuple[float, float]:
        return (tip[0] + u * ux + v * nx, tip[1] + u * uy + v * ny)

    def circle_at(u: float, radius: float) -> Commands:
        cx, cy = to_scene(u, 0.0)
        return ellipse(cx, cy, radius, radius)

    if kind in ("circle", "open_circle"):
        rad = size * 0.4
        return [Arrowhead(circle_at(-rad, rad), "fill" if kind == "circle" else "hollow", 2 * rad)]
    if kind in ("crow_zero_one", "crow_zero_many"):
        parts = [Arrowhead(circle_at(-1.55 * size if kind == "crow_zero_many" else -1.2 * size, size * 0.25),
                           "hollow", 0.0)]
        base = "crow_many" if kind == "crow_zero_many" else "bar"
        lines, _closed, mode, _inset = _local(base, size)
        if base == "bar":
            lines = [[(-0.55 * size, -0.5 * size), (-0.55 * size, 0.5 * size)]]
        cmds: Commands = []
        for line in lines:
            cmds.append(("M", *to_scene(*line[0])))
            cmds.extend(("L", *to_scene(*p)) for p in line[1:])
        return [Arrowhead(cmds, mode, 0.0), *parts]
    lines, closed, mode, inset = _local(kind, size)
    if not lines:
        return []
    cmds = []
    for line in lines:
        cmds.append(("M", *to_scene(*line[0])))
        cmds.extend(("L", *to_scene(*p)) for p in line[1:])
        if closed:
            cmds.append(("Z",))
    return [Arrowhead(cmds, mode, inset)]
