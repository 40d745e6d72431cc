"""Radial tree layout for mind maps: the root in the centre, each generation on a wider ring."""

from __future__ import annotations

import math

from .graph import LayoutGraph, LayoutOptions, LayoutResult, Rect
from .simple_routes import route_edges
from .tree import spanning_forest


def radial_layout(
    graph: LayoutGraph, options: LayoutOptions | None = None, root: str | None = None
) -> LayoutResult:
    """Place the BFS tree from ``root`` on concentric rings, each subtree in its own angular wedge.

    Wedges are proportional to the number of leaves below, so big branches get room. Ring radii grow
    until neighbouring boxes on a ring and boxes on adjacent rings cannot touch (their circumscribed
    circles are ``node_spacing`` apart), which rules out overlaps whatever the box sizes.
    """
    opts = options or LayoutOptions()
    graph.validate()
    n = len(graph.nodes)
    res = LayoutResult()
    if n == 0:
        return res
    if root is None:
        incoming = {e.target for e in graph.edges if e.source != e.target}
        root = next((nd.id for nd in graph.nodes if nd.id not in incoming), graph.nodes[0].id)
    forest = spanning_forest(graph, root)
    children = [*forest.children, list(forest.roots)]
    diag = [math.hypot(nd.width, nd.height) for nd in graph.nodes]
    # With several trees, a zero-size virtual centre holds them; with one, its root is the centre.
    centre = forest.roots[0] if len(forest.roots) == 1 else n
    diag.append(0.0)
    order = [centre]
    for v in order:
        order.extend(children[v])
    leaves = [1] * (n + 1)
    for v in reversed(order):
        if children[v]:
            leaves[v] = sum(leaves[c] for c in children[v])
    depth = [0] * (n + 1)
    angle = [0.0] * (n + 1)
    wedge = {centre: (-math.pi / 2, 3 * math.pi / 2)}
    for v in order:
        a, b = wedge[v]
        total = leaves[v]
        start = a
        for c in children[v]:
            span = (b - a) * leaves[c] / total
            wedge[c] = (start, start + span)
            angle[c] = start + span / 2
            depth[c] = depth[v] + 1
            start += span
    max_depth = max(depth[v] for v in order)
    rings: list[list[int]] = [[] for _ in range(max_depth + 1)]
    for v in order:
        rings[depth[v]].append(v)
    gap = opts.node_spacing
    radius = [0.0] * (max_depth + 1)
    max_diag = [max(diag[v] for v in ring) if ring else 0.0 for ring in rings]
    for d in range(1, max_depth + 1):
        r = radius[d - 1] + (max_diag[d - 1] + max_diag[d]) / 2 + gap
        ring = sorted(rings[d], key=lambda v: angle[v])
        if len(ring) > 1:
            for i, v in enumerate(ring):
                w = ring[(i + 1) % len(ring)]
                delta = (angle[w] - angle[v]) % (2 * math.pi)
                if delta < 1e-12:
                    delta = 2 * math.pi
                need = (diag[v] + diag[w]) / 2 + gap
                if delta < math.pi:
                    r = max(r, need / (2 * math.sin(delta / 2)))
        radius[d] = r
    for v in order:
        if v == n:
            continue
        nd = graph.nodes[v]
        cx = radius[depth[v]] * math.cos(angle[v])
        cy = radius[depth[v]] * math.sin(angle[v])
        res.nodes[nd.id] = Rect(cx - nd.width / 2, cy - nd.height / 2, nd.width, nd.height)
    res.edges = route_edges(graph.edges, res.nodes, opts.edge_routing)
    res.normalize()
    return res
