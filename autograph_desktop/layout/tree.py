"""Tidy tree layout (Reingold-Tilford style contour packing) in any of the four directions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .graph import EdgeRoute, LayoutGraph, LayoutOptions, LayoutResult, Point, Rect, normalize_direction
from .packing import map_direction, transposed
from .routing import simplify_orthogonal, vertical_spline
from .simple_routes import place_label, route_edges


@dataclass(slots=True)
class Forest:
    """A spanning forest of a graph: the tree edges drive the layout, the rest are routed afterwards."""

    roots: list[int]
    children: list[list[int]]
    parent: list[int]
    tree_edge_ids: set[str]


def spanning_forest(graph: LayoutGraph, root: str | None = None) -> Forest:
    """Breadth-first forest from ``root`` (or every node without incoming edges), covering all nodes.

    Any node still unreached (it sits on a cycle) starts a further tree, so every node is placed once.
    """
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    n = len(graph.nodes)
    out: list[list[tuple[int, str]]] = [[] for _ in range(n)]
    indeg = [0] * n
    for e in graph.edges:
        if e.source == e.target:
            continue
        out[index[e.source]].append((index[e.target], e.id))
        indeg[index[e.target]] += 1
    if root is not None:
        if root not in index:
            raise ValueError(f"unknown root {root!r}")
        starts = [index[root]]
    else:
        starts = [v for v in range(n) if indeg[v] == 0]
    parent = [-1] * n
    children: list[list[int]] = [[] for _ in range(n)]
    seen = [False] * n
    roots: list[int] = []
    tree_ids: set[str] = set()
    candidates = starts + list(range(n))
    for s in candidates:
        if seen[s]:
            continue
        seen[s] = True
        roots.append(s)
        queue = [s]
        i = 0
        while i < len(queue):
            v = queue[i]
            i += 1
            for w, eid in out[v]:
                if not seen[w]:
                    seen[w] = True
                    parent[w] = v
                    children[v].append(w)
                    tree_ids.add(eid)
                    queue.append(w)
    return Forest(roots, children, parent, tree_ids)


def _postorder(roots: list[int], children: list[list[int]]) -> list[int]:
    order: list[int] = []
    stack = list(reversed(roots))
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(children[v]))
    order.reverse()
    return order


def tree_layout(
    graph: LayoutGraph, options: LayoutOptions | None = None, root: str | None = None
) -> LayoutResult:
    """Tidy drawing of a tree (or the BFS forest of any graph): parents centred over their children.

    Subtrees are pushed together until their contours are ``node_spacing`` apart, depth rows are
    ``rank_spacing`` apart, so no two boxes overlap. Non-tree edges are routed afterwards.
    """
    opts = options or LayoutOptions()
    graph.validate()
    direction = normalize_direction(graph.direction)
    swap = transposed(direction)
    n = len(graph.nodes)
    width = [nd.height if swap else nd.width for nd in graph.nodes]
    height = [nd.width if swap else nd.height for nd in graph.nodes]
    forest = spanning_forest(graph)
    children = forest.children
    # A virtual root (index n) holds the forest so separate trees pack like sibling subtrees.
    children = [*children, list(forest.roots)]
    width.append(0.0)
    height.append(0.0)
    depth = [0] * (n + 1)
    depth[n] = -1
    for v in reversed(_postorder([n], children)):
        for c in children[v]:
            depth[c] = depth[v] + 1
    offset = [0.0] * (n + 1)
    contour: dict[int, tuple[list[float], list[float]]] = {}
    gap = opts.node_spacing
    for v in _postorder([n], children):
        half = width[v] / 2
        ch = children[v]
        if not ch:
            contour[v] = ([-half], [half])
            continue
        acc_l, acc_r = (list(x) for x in contour.pop(ch[0]))
        shifts = [0.0]
        for c in ch[1:]:
            cl, cr = contour.pop(c)
            common = min(len(cl), len(acc_r))
            shift = max(acc_r[k] - cl[k] for k in range(common)) + gap
            shifts.append(shift)
            for k in range(len(cl)):
                if k < len(acc_l):
                    acc_l[k] = min(acc_l[k], cl[k] + shift)
                    acc_r[k] = max(acc_r[k], cr[k] + shift)
                else:
                    acc_l.append(cl[k] + shift)
                    acc_r.append(cr[k] + shift)
        centre = (shifts[0] + shifts[-1]) / 2
        for c, s in zip(ch, shifts, strict=True):
            offset[c] = s - centre
        contour[v] = ([-half] + [x - centre for x in acc_l], [half] + [x - centre for x in acc_r])
    x = [0.0] * (n + 1)
    for v in reversed(_postorder([n], children)):
        for c in children[v]:
            x[c] = x[v] + offset[c]
    max_depth = max(depth[:n], default=0)
    row_h = [0.0] * (max_depth + 1)
    for v in range(n):
        row_h[depth[v]] = max(row_h[depth[v]], height[v])
    row_top = [0.0] * (max_depth + 1)
    for d in range(1, max_depth + 1):
        row_top[d] = row_top[d - 1] + row_h[d - 1] + opts.rank_spacing
    res = LayoutResult()
    rects: list[Rect] = []
    for v in range(n):
        r = Rect(
            x[v] - width[v] / 2, row_top[depth[v]] + (row_h[depth[v]] - height[v]) / 2, width[v], height[v]
        )
        rects.append(r)
        res.nodes[graph.nodes[v].id] = r
    index = {nd.id: i for i, nd in enumerate(graph.nodes)}
    others = []
    for e in graph.edges:
        if e.id not in forest.tree_edge_ids:
            others.append(e)
            continue
        prect, crect = rects[index[e.source]], rects[index[e.target]]
        a = (prect.x + prect.w / 2, prect.bottom)
        b = (crect.x + crect.w / 2, crect.y)
        label = None
        if opts.edge_routing == "orthogonal":
            mid_y = row_top[depth[index[e.source]]] + row_h[depth[index[e.source]]] + opts.rank_spacing / 2
            pts: list[Point] = simplify_orthogonal([a, (a[0], mid_y), (b[0], mid_y), b])
            label = (b[0], (mid_y + b[1]) / 2)
        elif opts.edge_routing == "spline":
            pts = vertical_spline([a, b])
        else:
            pts = [a, b]
        if label is None:
            label = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        lw = (e.label_height if swap else e.label_width) if e.has_label else 0.0
        lh = (e.label_width if swap else e.label_height) if e.has_label else 0.0
        if e.has_label:
            box = Rect(label[0] - lw / 2, label[1] - lh / 2, lw, lh)
            if any(box.intersects(r) for r in rects):
                label = place_label(pts, opts.edge_routing, lw, lh, res.nodes)
        res.edges[e.id] = EdgeRoute(pts, opts.edge_routing, label if e.has_label else None, lw, lh)
    if swap:
        # Routed in top-to-bottom space, so label sizes are transposed like the node sizes.
        others = [replace(e, label_width=e.label_height, label_height=e.label_width) for e in others]
    res.edges.update(route_edges(others, res.nodes, opts.edge_routing))
    res.recompute_bounds()
    return map_direction(res, direction)
