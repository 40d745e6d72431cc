"""Force-directed layout for undirected graphs (Fruchterman-Reingold), seeded and overlap-free."""

from __future__ import annotations

import math
import random

from .graph import LayoutEdge, LayoutGraph, LayoutOptions, LayoutResult, Rect
from .overlap import remove_overlaps
from .packing import components, pack_results
from .simple_routes import route_edges


def _spring_positions(
    sizes: list[tuple[float, float]],
    links: list[tuple[int, int]],
    k: float,
    iterations: int,
    rng: random.Random,
) -> tuple[list[float], list[float]]:
    """Fruchterman-Reingold with linear cooling; repulsion only within 3k (grid buckets) to stay fast."""
    n = len(sizes)
    side = k * math.sqrt(n) + 1.0
    xs = [rng.uniform(0, side) for _ in range(n)]
    ys = [rng.uniform(0, side) for _ in range(n)]
    if n == 1:
        return [0.0], [0.0]
    t0 = side / 4
    cutoff = 3 * k
    for it in range(iterations):
        temp = t0 * (1 - it / iterations) + 0.5
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cutoff), int(ys[i] // cutoff)), []).append(i)
        for (gx, gy), members in grid.items():
            near: list[int] = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((gx + ox, gy + oy), ()))
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-9:
                        ddx, ddy, d2 = rng.uniform(-1, 1), rng.uniform(-1, 1), 1.0
                    if d2 < cutoff * cutoff:
                        f = k * k / d2
                        fx += ddx * f
                        fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for u, v in links:
            ddx, ddy = xs[u] - xs[v], ys[u] - ys[v]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 1e-9
            f = d / k
            dx[u] -= ddx * f
            dy[u] -= ddy * f
            dx[v] += ddx * f
            dy[v] += ddy * f
        for i in range(n):
            d = math.hypot(dx[i], dy[i])
            if d > 0:
                step = min(d, temp) / d
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
    return xs, ys


def force_layout(
    graph: LayoutGraph, options: LayoutOptions | None = None, iterations: int = 200
) -> LayoutResult:
    """Spring embedding of each connected component, packed side by side; edge directions are ignored.

    The same graph and ``options.seed`` always give the same drawing. A final overlap-removal pass
    keeps every pair of boxes ``node_spacing`` apart.
    """
    opts = options or LayoutOptions()
    graph.validate()
    index = {nd.id: i for i, nd in enumerate(graph.nodes)}
    links = [(index[e.source], index[e.target]) for e in graph.edges if e.source != e.target]
    groups = components(len(graph.nodes), links)
    comp_of = {v: gi for gi, g in enumerate(groups) for v in g}
    edges_by_comp: list[list[LayoutEdge]] = [[] for _ in groups]
    for e in graph.edges:
        edges_by_comp[comp_of[index[e.source]]].append(e)
    parts: list[LayoutResult] = []
    rng = random.Random(opts.seed)
    for gi, group in enumerate(groups):
        local = {v: i for i, v in enumerate(group)}
        nodes = [graph.nodes[v] for v in group]
        sizes = [(nd.width, nd.height) for nd in nodes]
        mean_diag = sum(math.hypot(w, h) for w, h in sizes) / len(sizes)
        k = mean_diag + opts.node_spacing
        comp_links = sorted({(local[index[e.source]], local[index[e.target]]) for e in edges_by_comp[gi]
                             if e.source != e.target})  # fmt: skip
        xs, ys = _spring_positions(sizes, comp_links, k, iterations, rng)
        xs, ys = remove_overlaps(xs, ys, [w for w, _ in sizes], [h for _, h in sizes], opts.node_spacing)
        part = LayoutResult()
        for nd, x, y in zip(nodes, xs, ys, strict=True):
            part.nodes[nd.id] = Rect(x - nd.width / 2, y - nd.height / 2, nd.width, nd.height)
        part.edges = route_edges(edges_by_comp[gi], part.nodes, opts.edge_routing)
        part.recompute_bounds()
        parts.append(part)
    return pack_results(parts, opts.component_spacing)
