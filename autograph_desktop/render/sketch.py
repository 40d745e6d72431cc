"""The hand-drawn look: outlines traced twice with a wobbling pen, and hachure or cross-hatch fills.

Pure geometry (no Qt), so the painter and the SVG writer draw the same strokes. Every random choice
comes from a generator seeded by the element's id, so an element looks the same in every frame and
every export, and only changes when its geometry does. Roughness 1 is a steady hand (Excalidraw's
"artist"), 2 a looser one ("cartoonist").
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass
from itertools import pairwise

from autograph_desktop.model.shapes import Commands
from autograph_desktop.model.shapes.paths import flatten

Point = tuple[float, float]

#: The angle of hachure lines, in degrees (Excalidraw's fills lean this way).
HACHURE_ANGLE = -41.0
#: Beyond this many hachure lines per direction, lines are spaced wider: a huge shape stays cheap to draw.
MAX_HATCH_LINES = 400


@dataclass(frozen=True, slots=True)
class Sketch:
    """What to draw for one element: the outline strokes, the hatch lines (drawn in the fill colour) and
    the region a solid fill covers (None: no solid fill)."""

    strokes: Commands
    hatch: Commands
    hatch_width: float
    solid: Commands | None


def wants_sketch(sketch: int, fill_style: str) -> bool:
    """Whether a style asks for anything but clean lines and solid fills (the painter's only cost when not)."""
    return sketch > 0 or fill_style != "solid"


def seeded(element_id: str, salt: str = "") -> random.Random:
    """A generator that gives the same numbers for the same element in every run."""
    return random.Random(zlib.crc32((element_id + salt).encode("utf-8")))


def _wobble(rnd: random.Random, amount: float) -> float:
    return (rnd.random() * 2.0 - 1.0) * amount


def rough_line(p0: Point, p1: Point, roughness: float, rnd: random.Random, overshoot: bool = True) -> Commands:
    """One pen stroke from near `p0` to near `p1`: ends moved a little, the middle bowed to one side,
    and (for outlines) running a touch past the corners, as a quick hand draws."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length = math.hypot(dx, dy)
    if length < 1e-9 or not math.isfinite(length):
        return []
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    shake = roughness * min(1.6, 0.35 + length * 0.02)
    reach = roughness * min(2.5, length * 0.025) if overshoot else 0.0
    back, ahead = reach * rnd.random(), reach * rnd.random()
    ax = p0[0] - ux * back + _wobble(rnd, shake)
    ay = p0[1] - uy * back + _wobble(rnd, shake)
    bx = p1[0] + ux * ahead + _wobble(rnd, shake)
    by = p1[1] + uy * ahead + _wobble(rnd, shake)
    bow = _wobble(rnd, roughness * min(3.5, length * 0.015))
    t1, t2 = 0.3 + _wobble(rnd, 0.06), 0.7 + _wobble(rnd, 0.06)
    bow2 = bow * (0.6 + 0.6 * rnd.random())
    c1 = (ax + (bx - ax) * t1 + nx * bow, ay + (by - ay) * t1 + ny * bow)
    c2 = (ax + (bx - ax) * t2 + nx * bow2, ay + (by - ay) * t2 + ny * bow2)
    return [("M", ax, ay), ("C", c1[0], c1[1], c2[0], c2[1], bx, by)]


def _subpaths(commands: Commands) -> list[Commands]:
    out: list[Commands] = []
    for cmd in commands:
        if cmd[0] == "M" or not out:
            out.append([])
        out[-1].append(cmd)
    return [sub for sub in out if len(sub) >= 2]


def _corners(sub: Commands) -> list[Point]:
    """The points of a subpath made only of straight lines (its first point again at the end when closed)."""
    pts: list[Point] = []
    for cmd in sub:
        if cmd[0] in ("M", "L"):
            pts.append((float(cmd[1]), float(cmd[2])))
        elif cmd[0] == "Z" and pts:
            pts.append(pts[0])
    return pts


def _shaky_curve(sub: Commands, roughness: float, rnd: random.Random) -> Commands:
    """A curved subpath traced once with every point moved a little (shared ends stay shared)."""
    xs = [float(v) for cmd in sub for v in cmd[1::2]]
    ys = [float(v) for cmd in sub for v in cmd[2::2]]
    size = math.hypot(max(xs) - min(xs), max(ys) - min(ys)) if xs else 0.0
    shake = roughness * min(2.0, 0.5 + size * 0.01)
    out: Commands = []
    start: Point | None = None
    for cmd in sub:
        op = cmd[0]
        if op == "Z":
            if start is not None:
                # close past the start a little: a hand rarely meets its own line exactly
                out.append(("L", start[0] + _wobble(rnd, shake), start[1] + _wobble(rnd, shake)))
            continue
        moved = [float(v) + _wobble(rnd, shake) for v in cmd[1:]]
        out.append((op, *moved))
        if op == "M":
            start = (moved[0], moved[1])
    return out


def rough_outline(commands: Commands, roughness: float, rnd: random.Random, passes: int = 2) -> Commands:
    """An outline (M/L/C/Z commands) as hand-drawn strokes: straight edges one stroke each, curves traced
    whole; everything `passes` times, each time a little differently."""
    out: Commands = []
    for sub in _subpaths(commands):
        straight = all(cmd[0] in ("M", "L", "Z") for cmd in sub)
        for _ in range(passes):
            if straight:
                pts = _corners(sub)
                for a, b in pairwise(pts):
                    out += rough_line(a, b, roughness, rnd)
            else:
                out += _shaky_curve(sub, roughness, rnd)
    return out


def rough_polyline(points: list[Point], roughness: float, rnd: random.Random, passes: int = 2) -> Commands:
    """An open line through `points` (a connector's route) drawn by hand: one stroke per segment."""
    out: Commands = []
    for _ in range(passes):
        for a, b in pairwise(points):
            out += rough_line(a, b, roughness, rnd, overshoot=False)
    return out


def rough_route(element_id: str, line: list[Point], cubics: list[tuple[Point, Point, Point, Point]] | None,
                roughness: int) -> Commands:
    """A connector's route drawn by hand: straight segments one stroke each, a curve traced whole."""
    rnd = seeded(element_id)
    level = float(max(1, min(2, roughness)))
    if cubics:
        commands: Commands = [("M", *cubics[0][0])]
        commands += [("C", *c0, *c1, *p1) for _p0, c0, c1, p1 in cubics]
        return [cmd for _ in range(2) for cmd in _shaky_curve(commands, level, rnd)]
    return rough_polyline(line, level, rnd)


def hachure_segments(rings: list[list[Point]], gap: float, angle: float = HACHURE_ANGLE) -> list[tuple[Point, Point]]:
    """Parallel lines `gap` apart at `angle` degrees, cut to the inside of `rings` (even-odd rule)."""
    pts = [p for ring in rings for p in ring]
    if not pts or gap <= 0 or not math.isfinite(gap):
        return []
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    # Turn the shape so the lines are horizontal, cut it with scan lines, and turn the cuts back.
    turned = [[(x * cos + y * sin, -x * sin + y * cos) for x, y in ring] for ring in rings]
    lo = min(p[1] for ring in turned for p in ring)
    hi = max(p[1] for ring in turned for p in ring)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    gap = max(gap, (hi - lo) / MAX_HATCH_LINES)
    edges = [(ring[i - 1], ring[i]) for ring in turned for i in range(len(ring)) if len(ring) >= 3]
    out: list[tuple[Point, Point]] = []
    y = lo + gap / 2
    while y < hi:
        xs = sorted(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                    for a, b in edges if (a[1] <= y < b[1]) or (b[1] <= y < a[1]))
        for x0, x1 in zip(xs[0::2], xs[1::2], strict=False):
            if x1 - x0 > 0.5:
                out.append(((x0 * cos - y * sin, x0 * sin + y * cos), (x1 * cos - y * sin, x1 * sin + y * cos)))
        y += gap
    return out


def sketch_shape(element_id: str, body: Commands, detail: Commands, roughness: int, fill_style: str,
                 stroke_width: float, filled: bool) -> Sketch:
    """The hand-drawn strokes and fill of a closed shape's outline (`body`) and inner lines (`detail`)."""
    rnd = seeded(element_id)
    level = float(max(0, min(2, roughness)))
    strokes: Commands = []
    if level > 0:
        strokes = rough_outline(body, level, rnd) + (rough_outline(detail, level, rnd) if detail else [])
    else:
        strokes = list(body) + list(detail)
    hatch: Commands = []
    solid: Commands | None = body if filled else None
    width = max(stroke_width, 0.5)
    if filled and fill_style in ("hachure", "cross-hatch"):
        solid = None
        rings = flatten(body, 0.5)
        gap = width * 4
        angles = (HACHURE_ANGLE, HACHURE_ANGLE + 90) if fill_style == "cross-hatch" else (HACHURE_ANGLE,)
        hand = max(level, 0.5)
        for angle in angles:
            for a, b in hachure_segments(rings, gap, angle):
                hatch += rough_line(a, b, hand * 0.6, rnd, overshoot=False)
    return Sketch(strokes, hatch, width / 2, solid)
