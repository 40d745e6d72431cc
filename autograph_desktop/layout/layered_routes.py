"""Edge routes of a placed layered drawing: ports spread on node sides, then polyline, orthogonal or spline."""

from __future__ import annotations

from dataclasses import dataclass

from .graph import EdgeRoute, Point, RouteKind
from .routing import simplify_orthogonal, vertical_spline


@dataclass(slots=True)
class Chain:
    """One edge as a path of layered vertices from its upper end to its lower end."""

    edge_id: str
    items: list[int]
    reversed: bool
    label_item: int = -1
    label_w: float = 0.0
    label_h: float = 0.0
    lane: int = 0  # parallel edges share their dummies: each runs in its own lane across them
    lanes: int = 1


@dataclass(slots=True)
class Geometry:
    """Placed vertices and rank rows, all in top-to-bottom space."""

    x: list[float]
    y: list[float]
    width: list[float]
    height: list[float]
    rank: list[int]
    rank_top: list[float]
    rank_height: list[float]
    gap_band: list[tuple[float, float]]  # y range each gap between ranks leaves free of cluster borders


def _lane_xs(ch: Chain, g: Geometry, spacing: float) -> list[float]:
    """x of the chain at each of its items; across shared dummies each parallel edge keeps its lane."""
    xs = [g.x[v] for v in ch.items]
    if ch.lanes > 1:
        shift = (ch.lane - (ch.lanes - 1) / 2) * spacing
        for k in range(1, len(xs) - 1):
            xs[k] += shift
    return xs


def _port_positions(
    chains: list[Chain], all_xs: list[list[float]], g: Geometry, spacing: float
) -> tuple[list[float], list[float]]:
    """x of each chain's start (bottom side) and end (top side) port, spread so parallel edges separate."""
    starts: dict[int, list[tuple[float, int]]] = {}
    ends: dict[int, list[tuple[float, int]]] = {}
    for i, ch in enumerate(chains):
        starts.setdefault(ch.items[0], []).append((all_xs[i][1], i))
        ends.setdefault(ch.items[-1], []).append((all_xs[i][-2], i))
    start_x = [0.0] * len(chains)
    end_x = [0.0] * len(chains)
    for table, out in ((starts, start_x), (ends, end_x)):
        for v, lst in table.items():
            half = g.width[v] * 0.4
            lo, hi = g.x[v] - half, g.x[v] + half
            # Aim each port at its neighbour so edges drop straight down when they can.
            wish = sorted((min(max(nx, lo), hi), nx, i) for nx, i in lst)
            k = len(wish)
            if k == 1:
                out[wish[0][2]] = wish[0][0]
                continue
            step = min(spacing, 2 * half / (k - 1))
            ps = [w[0] for w in wish]
            for j in range(1, k):
                ps[j] = max(ps[j], ps[j - 1] + step)
            ps[-1] = min(ps[-1], hi)
            for j in range(k - 2, -1, -1):
                ps[j] = min(ps[j], ps[j + 1] - step)
            for j, (_, _, i) in enumerate(wish):
                out[i] = ps[j]
    return start_x, end_x


def _dedupe(points: list[Point]) -> list[Point]:
    out = [points[0]]
    for p in points[1:]:
        if abs(p[0] - out[-1][0]) > 1e-9 or abs(p[1] - out[-1][1]) > 1e-9:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def _order_jogs(jogs: list[tuple[float, float, int, int]]) -> list[tuple[float, float, int, int]]:
    """Top-to-bottom order of the horizontal jogs in one gap that adds no crossing to the ordering's.

    A jog runs from x=start (stub up to the rank above) to x=end (stub down to the rank below). Two jogs
    whose ends keep their left-to-right order cross nowhere if the one further along their common
    direction runs higher: right-going jogs by start descending, left-going ones by start ascending.
    Right- and left-going jogs that keep their order never overlap in x, so the two lists may simply
    interleave; jogs whose ends swap cross once in any order. (Swapping neighbours by their pair costs
    is not enough: jogs that do not overlap sit between ones that must swap and block the swap.)
    """
    right = sorted((j for j in jogs if j[1] > j[0]), key=lambda j: (-j[0], -j[1], j[2]))
    left = sorted((j for j in jogs if j[1] <= j[0]), key=lambda j: (j[0], j[1], j[2]))
    return right + left


def build_routes(chains: list[Chain], g: Geometry, style: RouteKind, spacing: float) -> dict[str, EdgeRoute]:
    """Routes from the source border to the target border; reversed edges are flipped back to point right."""
    all_xs = [_lane_xs(ch, g, spacing) for ch in chains]
    start_x, end_x = _port_positions(chains, all_xs, g, spacing)
    for i, xs in enumerate(all_xs):
        xs[0], xs[-1] = start_x[i], end_x[i]
    jog_y: dict[tuple[int, int], float] = {}
    if style == "orthogonal":
        # Horizontal jogs in the gap below rank r get distinct heights so parallel routes never coincide.
        per_gap: dict[int, list[tuple[float, float, int, int]]] = {}
        for i, ch in enumerate(chains):
            xs = all_xs[i]
            for k in range(len(ch.items) - 1):
                if abs(xs[k] - xs[k + 1]) > 0.5:
                    r = g.rank[ch.items[k]]
                    per_gap.setdefault(r, []).append((xs[k], xs[k + 1], i, k))
        for r, jogs in per_gap.items():
            top, bottom = g.gap_band[r]
            jogs = _order_jogs(jogs)
            count = len(jogs)
            for j, (_, _, i, k) in enumerate(jogs):
                jog_y[(i, k)] = top + (bottom - top) * (j + 1) / (count + 1)
    routes: dict[str, EdgeRoute] = {}
    for i, ch in enumerate(chains):
        xs = all_xs[i]
        u, v = ch.items[0], ch.items[-1]
        p0 = (xs[0], g.y[u] + g.height[u] / 2)
        p1 = (xs[-1], g.y[v] - g.height[v] / 2)
        points: list[Point]
        kind: RouteKind
        if style == "orthogonal":
            points = [p0]
            for k in range(len(ch.items) - 1):
                jy = jog_y.get((i, k))
                if jy is not None:
                    points.append((xs[k], jy))
                    points.append((xs[k + 1], jy))
            points.append(p1)
            points = simplify_orthogonal(points)
            kind = "orthogonal"
        else:
            # Cross every rank row vertically and slant only inside the gaps between rows, where no
            # node can be: a straight line from a port to a far dummy could otherwise clip a node.
            # Slant only inside the gap's band, clear of cluster borders, so no route cuts a box corner.
            poly = [p0]
            for k in range(len(ch.items) - 1):
                lo, hi = g.gap_band[g.rank[ch.items[k]]]
                poly.append((xs[k], lo))
                poly.append((xs[k + 1], hi))
            poly.append(p1)
            poly = simplify_orthogonal(poly) if style == "polyline" else _dedupe(poly)
            if style == "spline":
                points = vertical_spline(poly)
                kind = "spline"
            else:
                points = poly
                kind = "polyline"
        if ch.reversed:
            points.reverse()
        label: Point | None = None
        if ch.label_item >= 0:
            label = (g.x[ch.label_item], g.y[ch.label_item])
        routes[ch.edge_id] = EdgeRoute(points, kind, label, ch.label_w, ch.label_h)
    return routes


def self_loop_route(
    rect: tuple[float, float, float, float], index: int, style: RouteKind
) -> tuple[list[Point], float]:
    """A loop leaving and re-entering the right side of a node; returns the points and its reach."""
    x, y, w, h = rect
    reach = 16.0 + 12.0 * index
    right = x + w
    dy = h * 0.3 * (1.0 - 0.15 * min(index, 4))
    cy = y + h / 2
    a = (right, cy - dy)
    b = (right, cy + dy)
    if style == "spline":
        return [a, (right + reach * 1.3, cy - dy * 1.6), (right + reach * 1.3, cy + dy * 1.6), b], reach
    return [a, (right + reach, cy - dy), (right + reach, cy + dy), b], reach
