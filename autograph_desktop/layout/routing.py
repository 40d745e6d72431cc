"""Live connector routing: orthogonal A* around obstacles, plus spline and side helpers."""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left
from typing import Literal

from .graph import Point

Side = Literal["top", "right", "bottom", "left"]
RectTuple = tuple[float, float, float, float]

_DIRS: dict[str, tuple[int, int]] = {"right": (1, 0), "left": (-1, 0), "bottom": (0, 1), "top": (0, -1)}
# Direction codes for the search: 0 +x, 1 -x, 2 +y, 3 -y.
_STEP = ((1, 0), (-1, 0), (0, 1), (0, -1))
_CODE = {(1, 0): 0, (-1, 0): 1, (0, 1): 2, (0, -1): 3}


def nearest_side(rect: RectTuple, point: Point) -> Side:
    """The side of ``rect`` closest to ``point``; the canvas uses it to pick a port for a dragged end."""
    x, y, w, h = rect
    px, py = point
    cx, cy = x + w / 2, y + h / 2
    if w > 0 and h > 0:
        # Compare in the rectangle's own aspect so a point far outside picks the side it faces.
        dx, dy = (px - cx) / w, (py - cy) / h
        if abs(dx) >= abs(dy):
            return "right" if dx >= 0 else "left"
        return "bottom" if dy >= 0 else "top"
    return "right" if px >= cx else "left"


def simplify_orthogonal(points: list[Point], eps: float = 1e-6) -> list[Point]:
    """Drop repeated points and middle points of straight runs; keeps the two ends."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) <= eps and abs(out[-1][1] - p[1]) <= eps:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
            dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1])
            if abs(cross) <= eps and dot >= 0:
                out[-1] = p
                continue
        out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def vertical_spline(points: list[Point]) -> list[Point]:
    """Cubic Bézier chain through ``points`` with vertical tangents at each point (layered edges).

    Output is ``[p0, c1, c2, p1, c1, c2, p2, ...]``; vertical tangents make the joins smooth.
    """
    if len(points) < 2:
        return list(points) * 2 if points else []
    out: list[Point] = [points[0]]
    for a, b in itertools.pairwise(points):
        dy = (b[1] - a[1]) / 2
        out.extend(((a[0], a[1] + dy), (b[0], b[1] - dy), b))
    return out


def smooth_spline(points: list[Point], tension: float = 1.0) -> list[Point]:
    """Catmull-Rom curve through ``points`` as a cubic Bézier chain ``[p0, c1, c2, p1, ...]``.

    Used for spline connectors: the curve passes through every given point with continuous tangents.
    """
    n = len(points)
    if n < 2:
        return list(points) * 2 if points else []
    out: list[Point] = [points[0]]
    k = tension / 6.0
    for i in range(n - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < n else p2
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        out.extend((c1, c2, p2))
    return out


def _escape(point: Point, side: str | None, margin: float) -> tuple[Point, int]:
    if side is None:
        return point, -1
    dx, dy = _DIRS[side]
    return (point[0] + dx * margin, point[1] + dy * margin), _CODE[(dx, dy)]


def _inside_box(b: RectTuple, p: Point) -> bool:
    """Strictly inside a box given by its corners (x0, y0, x1, y1)."""
    return b[0] < p[0] < b[2] and b[1] < p[1] < b[3]


def elbow_route(
    start: Point, start_side: str | None, end: Point, end_side: str | None, margin: float
) -> list[Point]:
    """A plain orthogonal connector ignoring obstacles: the fallback when no clear route exists."""
    s, _ = _escape(start, start_side, margin)
    e, _ = _escape(end, end_side, margin)
    horizontal_first = start_side in ("left", "right") or (
        start_side is None and abs(e[0] - s[0]) >= abs(e[1] - s[1])
    )
    mid = (e[0], s[1]) if horizontal_first else (s[0], e[1])
    return simplify_orthogonal([start, s, mid, e, end])


def route_orthogonal(
    start: Point,
    start_side: str | None,
    end: Point,
    end_side: str | None,
    obstacles: list[RectTuple],
    margin: float = 12.0,
    bounds: RectTuple | None = None,
    bend_penalty: float = 40.0,
) -> list[Point]:
    """Orthogonal connector from ``start`` to ``end`` that keeps ``margin`` away from every obstacle.

    A* over the sparse grid of lines through the inflated obstacle borders and the two escape points;
    cost is length plus ``bend_penalty`` per bend. The route leaves ``start`` perpendicular to
    ``start_side`` and enters ``end`` perpendicular to ``end_side``. ``bounds`` limits the obstacles and
    grid considered. If the ends are enclosed, a simple elbow is returned instead.
    """
    s, s_dir = _escape(start, start_side, margin)
    e, e_dir_out = _escape(end, end_side, margin)
    goal_dir = -1
    if e_dir_out >= 0:
        goal_dir = e_dir_out ^ 1  # arrive moving towards the end shape
    # Work on corner coordinates rounded to 1e-6 so an escape point computed as border + margin lands
    # exactly on the inflated border instead of a hair inside or outside it.
    exact_x = {round(s[0], 6): s[0], round(e[0], 6): e[0]}
    exact_y = {round(s[1], 6): s[1], round(e[1], 6): e[1]}
    s = (round(s[0], 6), round(s[1], 6))
    e = (round(e[0], 6), round(e[1], 6))
    boxes: list[RectTuple] = []  # (x0, y0, x1, y1)
    for ox, oy, ow, oh in obstacles:
        if bounds is not None:
            bx, by, bw, bh = bounds
            if ox > bx + bw or oy > by + bh or ox + ow < bx or oy + oh < by:
                continue
        grown = (
            round(ox - margin, 6),
            round(oy - margin, 6),
            round((ox + ow) + margin, 6),
            round((oy + oh) + margin, 6),
        )
        if _inside_box(grown, s) or _inside_box(grown, e):
            raw = (round(ox, 6), round(oy, 6), round(ox + ow, 6), round(oy + oh, 6))
            if _inside_box(raw, s) or _inside_box(raw, e):
                continue  # the ends sit in this shape (overlapping shapes): it cannot be avoided
            grown = raw
        boxes.append(grown)
    if s_dir >= 0 and goal_dir >= 0:
        quick = _simple_route(s, s_dir, e, goal_dir, boxes, bend_penalty)
        if quick is not None:
            quick = [(exact_x.get(x, x), exact_y.get(y, y)) for x, y in quick]
            return simplify_orthogonal([start, *quick, end])
    xs_set = {s[0], e[0]}
    ys_set = {s[1], e[1]}
    for x0, y0, x1, y1 in boxes:
        xs_set.update((x0, x1))
        ys_set.update((y0, y1))
    lo_x, hi_x = min(xs_set) - margin, max(xs_set) + margin
    lo_y, hi_y = min(ys_set) - margin, max(ys_set) + margin
    xs_set.update((lo_x, hi_x))
    ys_set.update((lo_y, hi_y))
    xs = sorted(xs_set)
    ys = sorted(ys_set)
    nx, ny = len(xs), len(ys)
    # blocked_h[j*nx+i]: segment (xs[i], ys[j])-(xs[i+1], ys[j]) runs through an obstacle interior;
    # blocked_v[j*nx+i]: segment (xs[i], ys[j])-(xs[i], ys[j+1]) likewise.
    blocked_h = bytearray(nx * ny)
    blocked_v = bytearray(nx * ny)
    for x0, y0, x1, y1 in boxes:
        i0 = bisect_left(xs, x0)
        i1 = bisect_left(xs, x1)
        j0 = bisect_left(ys, y0)
        j1 = bisect_left(ys, y1)
        for j in range(j0 + 1, j1):
            row = j * nx
            for i in range(i0, i1):
                blocked_h[row + i] = 1
        for j in range(j0, j1):
            row = j * nx
            for i in range(i0 + 1, i1):
                blocked_v[row + i] = 1
    si, sj = bisect_left(xs, s[0]), bisect_left(ys, s[1])
    ei, ej = bisect_left(xs, e[0]), bisect_left(ys, e[1])
    path = _astar(xs, ys, blocked_h, blocked_v, (si, sj, s_dir), (ei, ej, goal_dir), bend_penalty)
    if path is None:
        return elbow_route(start, start_side, end, end_side, margin)
    # Restore the exact escape coordinates so the first and last legs are exactly perpendicular.
    path = [(exact_x.get(x, x), exact_y.get(y, y)) for x, y in path]
    return simplify_orthogonal([start, *path, end])


def _clear(a: Point, b: Point, boxes: list[RectTuple]) -> bool:
    """Whether the axis-parallel segment a-b stays out of every box interior."""
    x0, x1 = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
    y0, y1 = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
    for bx0, by0, bx1, by1 in boxes:
        if x0 < bx1 and x1 > bx0 and y0 < by1 and y1 > by0:
            if x0 == x1 and not (bx0 < x0 < bx1):
                continue
            if y0 == y1 and not (by0 < y0 < by1):
                continue
            return False
    return True


def _heading(a: Point, b: Point) -> int:
    if b[0] > a[0]:
        return 0
    if b[0] < a[0]:
        return 1
    return 2 if b[1] > a[1] else 3


def _simple_route(
    s: Point, s_dir: int, e: Point, goal_dir: int, boxes: list[RectTuple], bend: float
) -> list[Point] | None:
    """The cheapest straight, L or Z route between the escape points, if it is clear and provably optimal.

    Most connectors on a canvas need nothing more; proving optimality against the A* lower bound
    (Manhattan length plus unavoidable bends) lets the router skip the grid search for them.
    """
    dx, dy = e[0] - s[0], e[1] - s[1]
    bound = abs(dx) + abs(dy) + bend * _bends_to_goal(s_dir, dx, dy, goal_dir)
    mx, my = (s[0] + e[0]) / 2, (s[1] + e[1]) / 2
    candidates = [
        [s, e],
        [s, (e[0], s[1]), e],
        [s, (s[0], e[1]), e],
        [s, (mx, s[1]), (mx, e[1]), e],
        [s, (s[0], my), (e[0], my), e],
    ]
    best: list[Point] | None = None
    best_cost = float("inf")
    for cand in candidates:
        pts = [p for i, p in enumerate(cand) if i == 0 or p != cand[i - 1]]
        if len(pts) < 2 or any(a[0] != b[0] and a[1] != b[1] for a, b in itertools.pairwise(pts)):
            continue
        heading = s_dir
        bends = 0
        for a, b in itertools.pairwise(pts):
            h = _heading(a, b)
            if h == heading ^ 1:
                bends = -1  # a U-turn is never allowed
                break
            bends += h != heading
            heading = h
        if bends < 0 or heading == goal_dir ^ 1:
            continue
        bends += heading != goal_dir
        cost = abs(dx) + abs(dy) + bend * bends
        if cost < best_cost and all(_clear(a, b, boxes) for a, b in itertools.pairwise(pts)):
            best, best_cost = pts, cost
    if best is not None and best_cost <= bound + 1e-9:
        return best
    return None


def _min_bends(d: int, dx: float, dy: float) -> int:
    """Fewest turns needed to reach a point offset (dx, dy) when heading ``d`` (admissible estimate)."""
    eps = 1e-9
    ux, uy = _STEP[d]
    ahead = dx * ux + dy * uy
    side = abs(dx * uy - dy * ux) > eps
    if ahead >= -eps:
        return 1 if side else 0
    return 2


def _bends_to_goal(d: int, dx: float, dy: float, gd: int) -> int:
    """Fewest turns from heading ``d`` to a goal at offset (dx, dy) that must be entered heading ``gd``.

    Never more than reaching the goal in any heading and turning there, so A* stays admissible.
    """
    free = _min_bends(d, dx, dy)
    if gd < 0:
        return free
    eps = 1e-9
    ux, uy = _STEP[d]
    ahead = dx * ux + dy * uy
    side = abs(dx * uy - dy * ux) > eps
    if gd == d:
        exact = (2 if side else 0) if ahead > eps else 4
    elif gd == d ^ 1:
        exact = 2 if side else 4
    else:
        gx, gy = _STEP[gd]
        further = dx * gx + dy * gy
        exact = 1 if ahead >= -eps and further > eps else 3
    return min(exact, free + 1)


def _astar(
    xs: list[float],
    ys: list[float],
    blocked_h: bytearray,
    blocked_v: bytearray,
    source: tuple[int, int, int],
    goal: tuple[int, int, int],
    bend: float,
) -> list[Point] | None:
    """Shortest path with bend costs over grid states (cell, heading); None when unreachable.

    The estimate adds the unavoidable bends to the Manhattan distance, and ties prefer deeper states,
    which keeps the number of expanded states small on open canvases.
    """
    nx, ny = len(xs), len(ys)
    si, sj, sd = source
    gi, gj, gd = goal
    gx, gy = xs[gi], ys[gj]
    best: dict[int, float] = {}
    came: dict[int, int] = {}
    heap: list[tuple[float, float, int, int, int]] = []
    for d in [sd] if sd >= 0 else [0, 1, 2, 3]:
        st = (sj * nx + si) * 4 + d
        best[st] = 0.0
        dx, dy = gx - xs[si], gy - ys[sj]
        h = abs(dx) + abs(dy) + bend * _bends_to_goal(d, dx, dy, gd)
        heapq.heappush(heap, (h, 0.0, si, sj, d))
    final = -1
    inf = float("inf")
    while heap:
        _, neg_g, i, j, d = heapq.heappop(heap)
        g = -neg_g
        cell = j * nx + i
        st = cell * 4 + d
        if g > best.get(st, inf):
            continue
        if i == gi and j == gj:
            if gd < 0 or d == gd:
                final = st
                break
            # Reached the goal with the wrong heading: turning there costs one bend.
            alt = cell * 4 + gd
            cost = g + bend
            if cost < best.get(alt, inf):
                best[alt] = cost
                came[alt] = st
                heapq.heappush(heap, (cost, -cost, i, j, gd))
        x0, y0 = xs[i], ys[j]
        back = d ^ 1
        for nd in range(4):
            if nd == back:
                continue
            if nd == 0:
                if i + 1 >= nx or blocked_h[cell]:
                    continue
                ni, nj = i + 1, j
            elif nd == 1:
                if i == 0 or blocked_h[cell - 1]:
                    continue
                ni, nj = i - 1, j
            elif nd == 2:
                if j + 1 >= ny or blocked_v[cell]:
                    continue
                ni, nj = i, j + 1
            else:
                if j == 0 or blocked_v[cell - nx]:
                    continue
                ni, nj = i, j - 1
            x1, y1 = xs[ni], ys[nj]
            cost = g + abs(x1 - x0) + abs(y1 - y0) + (bend if nd != d else 0.0)
            nst = (nj * nx + ni) * 4 + nd
            if cost < best.get(nst, inf):
                best[nst] = cost
                came[nst] = st
                dx, dy = gx - x1, gy - y1
                est = abs(dx) + abs(dy) + bend * _bends_to_goal(nd, dx, dy, gd)
                heapq.heappush(heap, (cost + est, -cost, ni, nj, nd))
    if final < 0:
        return None
    pts: list[Point] = []
    st = final
    while True:
        cell = st // 4
        j, i = divmod(cell, nx)
        pts.append((xs[i], ys[j]))
        if st not in came:
            break
        st = came[st]
    pts.reverse()
    return pts
