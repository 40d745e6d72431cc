"""Edge routes for the non-layered layouts: border-clipped straight lines, curves or obstacle-aware elbows."""

from __future__ import annotations

import itertools

from .graph import EdgeRoute, LayoutEdge, Point, Rect, RouteKind
from .layered_routes import self_loop_route
from .routing import nearest_side, route_orthogonal

_SIDE_POINT = {
    "top": lambda r: (r.x + r.w / 2, r.y),
    "bottom": lambda r: (r.x + r.w / 2, r.bottom),
    "left": lambda r: (r.x, r.y + r.h / 2),
    "right": lambda r: (r.right, r.y + r.h / 2),
}


def border_point(rect: Rect, toward: Point) -> Point:
    """Where the ray from the centre of ``rect`` to ``toward`` leaves the box (the centre if they coincide)."""
    cx, cy = rect.center
    dx, dy = toward[0] - cx, toward[1] - cy
    if abs(dx) < 1e-12 and abs(dy) < 1e-12:
        return (cx, rect.y)
    tx = (rect.w / 2) / abs(dx) if abs(dx) > 1e-12 else float("inf")
    ty = (rect.h / 2) / abs(dy) if abs(dy) > 1e-12 else float("inf")
    t = min(tx, ty)
    return (cx + dx * t, cy + dy * t)


def straight_route(src: Rect, dst: Rect, style: RouteKind) -> list[Point]:
    """Centre-to-centre line clipped to both borders; as a spline it is a straight cubic segment."""
    a = border_point(src, dst.center)
    b = border_point(dst, src.center)
    if style == "spline":
        return [a, (a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
                (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b]  # fmt: skip
    return [a, b]


def route_edges(
    edges: list[LayoutEdge], rects: dict[str, Rect], style: RouteKind, margin: float = 12.0
) -> dict[str, EdgeRoute]:
    """Routes for every edge; orthogonal routes avoid all other boxes, the others are straight.

    Parallel edges get their ends shifted apart so they stay distinguishable.
    """
    out: dict[str, EdgeRoute] = {}
    loops: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    obstacles = [(r.x, r.y, r.w, r.h) for r in rects.values()]
    for e in edges:
        src, dst = rects[e.source], rects[e.target]
        if e.source == e.target:
            k = loops.get(e.source, 0)
            loops[e.source] = k + 1
            pts, reach = self_loop_route((src.x, src.y, src.w, src.h), k, style)
            label = (src.right + reach + 6 + e.label_width / 2, src.center[1]) if e.has_label else None
            kind: RouteKind = "spline" if style == "spline" else "orthogonal"
            out[e.id] = EdgeRoute(pts, kind, label, e.label_width, e.label_height)
            continue
        key = (min(e.source, e.target), max(e.source, e.target))
        dup = seen.get(key, 0)
        seen[key] = dup + 1
        if style == "orthogonal":
            s_side = nearest_side((src.x, src.y, src.w, src.h), dst.center)
            t_side = nearest_side((dst.x, dst.y, dst.w, dst.h), src.center)
            start = _SIDE_POINT[s_side](src)
            end = _SIDE_POINT[t_side](dst)
            start, end = _offset(start, s_side, src, dup), _offset(end, t_side, dst, dup)
            pts = _route_near(start, s_side, end, t_side, obstacles, src, dst, margin)
        else:
            pts = straight_route(src, dst, style)
            if dup:
                pts = _bend_apart(pts, dup, style)
        label = place_label(pts, style, e.label_width, e.label_height, rects) if e.has_label else None
        out[e.id] = EdgeRoute(pts, style, label, e.label_width, e.label_height)
    return out


def _route_near(
    start: Point,
    s_side: str,
    end: Point,
    t_side: str,
    obstacles: list[tuple[float, float, float, float]],
    src: Rect,
    dst: Rect,
    margin: float,
) -> list[Point]:
    """Orthogonal route searched first among the obstacles near its two ends, then among all of them.

    The local search keeps the grid small on big drawings; its result is accepted only if it clears
    every other box, so the guarantee of the full search is kept.
    """
    box = Rect.union([src, dst]).expanded(4 * margin + 80.0)
    near = (box.x, box.y, box.w, box.h)
    pts = route_orthogonal(start, s_side, end, t_side, obstacles, margin, bounds=near)
    others = [
        o
        for o in obstacles
        if (o[0], o[1], o[2], o[3]) not in ((src.x, src.y, src.w, src.h), (dst.x, dst.y, dst.w, dst.h))
    ]
    if all(_clear_of(a, b, others) for a, b in itertools.pairwise(pts)):
        return pts
    return route_orthogonal(start, s_side, end, t_side, obstacles, margin)


def _clear_of(a: Point, b: Point, rects: list[tuple[float, float, float, float]]) -> bool:
    x0, x1 = min(a[0], b[0]), max(a[0], b[0])
    y0, y1 = min(a[1], b[1]), max(a[1], b[1])
    return all(not (x0 < rx + rw and x1 > rx and y0 < ry + rh and y1 > ry) for rx, ry, rw, rh in rects)


def _point_along(line: list[Point], t: float) -> Point:
    lengths = [abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in itertools.pairwise(line)]
    goal = sum(lengths) * t
    for (a, b), seg in zip(itertools.pairwise(line), lengths, strict=True):
        if goal <= seg and seg > 0:
            f = goal / seg
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
        goal -= seg
    return line[-1]


def place_label(
    points: list[Point], style: RouteKind, width: float, height: float, rects: dict[str, Rect]
) -> Point:
    """Centre for an edge label on its route, moved along (and then beside) it until it clears every box.

    Falls back to the route's middle when no candidate is free.
    """
    line = points if style != "spline" else [points[i] for i in range(0, len(points), 3)]
    boxes = list(rects.values())
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        cx, cy = _point_along(line, t)
        for ox, oy in ((0.0, 0.0), (0.0, -height), (0.0, height), (-width, 0.0), (width, 0.0)):
            box = Rect(cx + ox - width / 2, cy + oy - height / 2, width, height)
            if not any(box.intersects(r) for r in boxes):
                return (cx + ox, cy + oy)
    return _point_along(line, 0.5)


def _offset(p: Point, side: str, r: Rect, k: int) -> Point:
    """Shift the k-th parallel edge's port along the side, alternating around the middle."""
    if k == 0:
        return p
    step = 10.0 * ((k + 1) // 2) * (1 if k % 2 else -1)
    if side in ("top", "bottom"):
        return (min(max(p[0] + step, r.x + 2), r.right - 2), p[1])
    return (p[0], min(max(p[1] + step, r.y + 2), r.bottom - 2))


def _bend_apart(pts: list[Point], k: int, style: RouteKind) -> list[Point]:
    """Give the k-th parallel straight edge a bow so it does not hide the first one."""
    a, b = pts[0], pts[-1]
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    amount = 14.0 * ((k + 1) // 2) * (1 if k % 2 else -1)
    nx, ny = -dy / length * amount, dx / length * amount
    mid = ((a[0] + b[0]) / 2 + nx, (a[1] + b[1]) / 2 + ny)
    if style == "spline":
        c1 = (a[0] + dx / 3 + nx * 1.33, a[1] + dy / 3 + ny * 1.33)
        c2 = (a[0] + 2 * dx / 3 + nx * 1.33, a[1] + 2 * dy / 3 + ny * 1.33)
        return [a, c1, c2, b]
    return [a, mid, b]
