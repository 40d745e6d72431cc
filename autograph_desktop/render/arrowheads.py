"""Arrowheads as plain path commands, shared by the QPainter painter and the SVG writer.

Keeping the geometry free of Qt is what makes an SVG export and a PNG export of the same diagram draw
the very same heads; shape outlines come from the shape definitions (`model.shapes`) the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograph_desktop.model.shapes import Commands, ellipse


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
        # Two strokes meeting at the tip: Excalidraw's "arrow", draw.io's "open".
        "open_arrow": ([[(-L, -0.45 * L), (0, 0), (-L, 0.45 * L)]], False, "stroke", 0.0),
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
