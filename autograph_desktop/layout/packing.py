"""Connected components, shelf packing of partial layouts, and mapping top-to-bottom space to a direction."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .graph import Direction, EdgeRoute, LayoutResult, Point, Rect


def components(n: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Weakly connected groups of ``range(n)``, each sorted, ordered by their smallest member (deterministic)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for u, v in links:
        ru, rv = find(u), find(v)
        if ru != rv:
            if ru < rv:
                parent[rv] = ru
            else:
                parent[ru] = rv
    groups: dict[int, list[int]] = {}
    for v in range(n):
        groups.setdefault(find(v), []).append(v)
    return sorted(groups.values(), key=lambda g: g[0])


def pack_results(parts: list[LayoutResult], spacing: float) -> LayoutResult:
    """Place partial layouts in rows (shelves) side by side, each normalised to its own origin.

    The row width aims at a roughly square drawing so hundreds of isolated nodes do not become one line.
    """
    out = LayoutResult()
    if not parts:
        return out
    for p in parts:
        p.normalize()
    total_area = sum((p.bounds.w + spacing) * (p.bounds.h + spacing) for p in parts)
    widest = max(p.bounds.w for p in parts)
    row_limit = max(widest, math.sqrt(total_area) * 1.6)
    x = y = row_h = 0.0
    for p in parts:
        if x > 0 and x + p.bounds.w > row_limit:
            x = 0.0
            y += row_h + spacing
            row_h = 0.0
        p.translate(x, y)
        out.nodes.update(p.nodes)
        out.edges.update(p.edges)
        out.clusters.update(p.clusters)
        out.cluster_titles.update(p.cluster_titles)
        x += p.bounds.w + spacing
        row_h = max(row_h, p.bounds.h)
    out.recompute_bounds()
    return out


def _map_point(p: Point, direction: Direction) -> Point:
    x, y = p
    if direction == "TB":
        return (x, y)
    if direction == "BT":
        return (x, -y)
    if direction == "LR":
        return (y, x)
    return (-y, x)


def _map_rect(r: Rect, direction: Direction) -> Rect:
    if direction == "TB":
        return r
    if direction == "BT":
        return Rect(r.x, -(r.y + r.h), r.w, r.h)
    if direction == "LR":
        return Rect(r.y, r.x, r.h, r.w)
    return Rect(-(r.y + r.h), r.x, r.h, r.w)


def map_direction(result: LayoutResult, direction: Direction) -> LayoutResult:
    """Turn a layout computed top-to-bottom into ``direction`` and move it to the origin.

    Sizes were transposed before layout for LR/RL, so transposing back restores each node's true size.
    """
    if direction != "TB":
        result.nodes = {k: _map_rect(r, direction) for k, r in result.nodes.items()}
        result.clusters = {k: _map_rect(r, direction) for k, r in result.clusters.items()}
        result.cluster_titles = {k: _map_rect(r, direction) for k, r in result.cluster_titles.items()}
        for route in result.edges.values():
            route.points = [_map_point(p, direction) for p in route.points]
            if route.label_center is not None:
                route.label_center = _map_point(route.label_center, direction)
                if direction in ("LR", "RL"):
                    route.label_width, route.label_height = route.label_height, route.label_width
    result.normalize()
    return result


def transposed(direction: Direction) -> bool:
    """Whether node sizes must be swapped so the layout can run top-to-bottom."""
    return direction in ("LR", "RL")


def route_bounds(route: EdgeRoute) -> Rect:
    xs = [p[0] for p in route.points]
    ys = [p[1] for p in route.points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
