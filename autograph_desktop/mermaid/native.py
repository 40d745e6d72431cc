"""What the grid-laid builders (architecture, C4, block, kanban) share: titles, order keys, routes.

Each of those types places its boxes itself and then routes connectors orthogonally between named sides
with the same router the canvas uses live, so the stored waypoints are exactly what the painter would
draw and stay orthogonal when the user later nudges a box.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from autograph_desktop.layout import Rect as LayoutRect
from autograph_desktop.layout import route_orthogonal
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Element, Text
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.style import DEFAULT_STYLE

Point = tuple[float, float]
ROUTE_MARGIN = 14.0
ROUTE_REACH = 80.0


def pairs(data: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Element `data` from a dict, in the sorted form the model stores."""
    return tuple(sorted((k, v) for k, v in data.items() if v != ""))


def side_point(rect: LayoutRect, side: str, ratio: float = 0.5) -> Point:
    """The point on `side` of `rect` at `ratio` along it, as the document computes a bound connector end."""
    if side == "top":
        return rect.x + rect.w * ratio, rect.y
    if side == "bottom":
        return rect.x + rect.w * ratio, rect.bottom
    if side == "left":
        return rect.x, rect.y + rect.h * ratio
    return rect.right, rect.y + rect.h * ratio


def orthogonal_route(start: Point, start_side: str, end: Point, end_side: str,
                     obstacles: Iterable[LayoutRect], margin: float = ROUTE_MARGIN) -> tuple[Point, ...]:
    """Waypoints of an orthogonal route between two bound ends that keeps `margin` clear of `obstacles`."""
    boxes = [(r.x, r.y, r.w, r.h) for r in obstacles]
    simple = _simple_route(start, start_side, end, end_side, boxes, margin)
    if simple is not None:
        return simple
    # Search near the two ends first (fast on big diagrams); only a route that has to go further looks wider.
    x0, y0 = min(start[0], end[0]) - ROUTE_REACH, min(start[1], end[1]) - ROUTE_REACH
    near = (x0, y0, abs(start[0] - end[0]) + 2 * ROUTE_REACH, abs(start[1] - end[1]) + 2 * ROUTE_REACH)
    points = route_orthogonal(start, start_side, end, end_side, boxes, margin=margin, bounds=near)
    if not _clear(points, boxes):
        points = route_orthogonal(start, start_side, end, end_side, boxes, margin=margin)
    inner = tuple((float(x), float(y)) for x, y in points[1:-1])
    if not inner and abs(start[0] - end[0]) + abs(start[1] - end[1]) < 3 * ROUTE_MARGIN:
        # Too short for the canvas's live router (it keeps a margin off both ends): pin the straight line.
        return (((start[0] + end[0]) / 2, (start[1] + end[1]) / 2),)
    return inner


_OUT = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "top": (0.0, -1.0), "bottom": (0.0, 1.0)}


def _simple_route(start: Point, start_side: str, end: Point, end_side: str,
                  boxes: list[tuple[float, float, float, float]], margin: float) -> tuple[Point, ...] | None:
    """The clear straight, L or Z route with the fewest bends (then the shortest), or None.

    Most edges of a grid-placed diagram need nothing more, and trying these few shapes first spares the
    grid search, which on a 200-service diagram costs a second per edge.
    """
    (sdx, sdy), (edx, edy) = _OUT[start_side], _OUT[end_side]
    s = (start[0] + sdx * margin, start[1] + sdy * margin)
    e = (end[0] + edx * margin, end[1] + edy * margin)
    mx, my = (s[0] + e[0]) / 2, (s[1] + e[1]) / 2
    candidates = [[s, e], [s, (e[0], s[1]), e], [s, (s[0], e[1]), e],
                  [s, (mx, s[1]), (mx, e[1]), e], [s, (s[0], my), (e[0], my), e]]
    best: tuple[int, float, list[Point]] | None = None
    for middle in candidates:
        points = _dedupe([start, *middle, end])
        if any(a[0] != b[0] and a[1] != b[1] for a, b in itertools.pairwise(points)):
            continue
        headings = [(_sign(b[0] - a[0]), _sign(b[1] - a[1])) for a, b in itertools.pairwise(points)]
        if any(h[0] == -k[0] and h[1] == -k[1] for h, k in itertools.pairwise(headings)):
            continue  # a U-turn
        if headings[0] != (_sign(sdx), _sign(sdy)) or headings[-1] != (-_sign(edx), -_sign(edy)):
            continue
        if not _clear(points, boxes):
            continue
        bends = sum(1 for h, k in itertools.pairwise(headings) if h != k)
        length = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in itertools.pairwise(points))
        if best is None or (bends, length) < best[:2]:
            best = (bends, length, points)
    return tuple(best[2][1:-1]) if best is not None else None


def _sign(value: float) -> int:
    return (value > 1e-9) - (value < -1e-9)


def _dedupe(points: list[Point]) -> list[Point]:
    """Drop repeated points and the middle of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-9 and abs(out[-1][1] - p[1]) < 1e-9:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (a[0] == b[0] == p[0] and (b[1] - a[1]) * (p[1] - b[1]) > 0) or \
                    (a[1] == b[1] == p[1] and (b[0] - a[0]) * (p[0] - b[0]) > 0):
                out[-1] = p
                continue
        out.append(p)
    return out


def _clear(points: list[Point], boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether no leg of an orthogonal route runs through the inside of a box."""
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        lo_x, hi_x, lo_y, hi_y = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        for x, y, w, h in boxes:
            if lo_x < x + w - 1 and hi_x > x + 1 and lo_y < y + h - 1 and hi_y > y + 1:
                return False
    return True


def facing_sides(a: LayoutRect, b: LayoutRect) -> tuple[str, str]:
    """The sides two boxes should connect on: the axis along which they are further apart."""
    (ax, ay), (bx, by) = a.center, b.center
    gap_x = max(b.x - a.right, a.x - b.right)
    gap_y = max(b.y - a.bottom, a.y - b.bottom)
    if gap_x >= gap_y:
        return ("right", "left") if bx >= ax else ("left", "right")
    return ("bottom", "top") if by >= ay else ("top", "bottom")


def spread_ratios(ends: Iterable[tuple[str, str, int, Point]]) -> dict[tuple[str, str, int], float]:
    """Where along its side each connector end sits: ends sharing a node's side are spread evenly, ordered by
    where their other end lies so that they do not cross. `ends` are (node, side, connector index, other
    end's centre)."""
    sides: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for node, side, index, (ox, oy) in ends:
        sides.setdefault((node, side), []).append((oy if side in ("left", "right") else ox, index))
    out: dict[tuple[str, str, int], float] = {}
    for (node, side), items in sides.items():
        items.sort()
        for n, (_, index) in enumerate(items):
            out[(node, side, index)] = (n + 1) / (len(items) + 1)
    return out


def title_text(title: str | None, theme: MermaidTheme, x: float, y: float) -> tuple[Text | None, float]:
    """A bold title above a diagram whose content starts at (x, y); returns it and its height with a gap."""
    if not title:
        return None, 0.0
    style = DEFAULT_STYLE.with_(fill="none", stroke="none", text_color=theme.text, font_size=20.0,
                                font_weight=700, text_align="left")
    w, h = text_size(title, style, None)
    return Text(x=x, y=y - h - 24, w=w + 4, h=h, text=title, style=style, auto_size=False,
                data=(("role", "title"),)), h + 24


def finish(elements: list[Element], meta: DiagramMeta) -> Diagram:
    """Give elements order keys in list order (first drawn first) and wrap them in a Diagram."""
    keys = keys_after(None, len(elements))
    return Diagram(meta, [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])
