"""Sugiyama-style layered layout: cycle removal, network simplex ranks, ordering, placement and routing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from .cycles import feedback_edges
from .graph import (
    EdgeRoute,
    LayoutCluster,
    LayoutEdge,
    LayoutGraph,
    LayoutOptions,
    LayoutResult,
    Rect,
    RouteKind,
    normalize_direction,
)
from .layered_routes import Chain, Geometry, build_routes, self_loop_route
from .ordering import OrderingInput, order_layers
from .packing import components, map_direction, pack_results, transposed
from .positioning import EDGE_DUMMY, LABEL_DUMMY, PLACEHOLDER, REAL, Placement, PlacementInput, place
from .ranking import network_simplex_ranks

_LOOP_LABEL_GAP = 6.0


@dataclass(slots=True)
class _Prepared:
    """Graph-wide facts shared by all components (sizes already in top-to-bottom space)."""

    ids: list[str]
    width: list[float]  # layout footprint, widened for self-loops
    true_width: list[float]
    height: list[float]
    synthetic: list[bool]  # placeholder nodes standing in for empty clusters
    node_cluster: list[int]
    cluster_ids: list[str]
    cluster_parent: list[int]
    cluster_title_w: list[float]
    cluster_title_h: list[float]
    cluster_top: list[int]  # outermost ancestor of each cluster
    loops: dict[int, list[LayoutEdge]]


def _prepare(graph: LayoutGraph, swap: bool) -> _Prepared:
    ids = [n.id for n in graph.nodes]
    width = [n.height if swap else n.width for n in graph.nodes]
    height = [n.width if swap else n.height for n in graph.nodes]
    synthetic = [False] * len(ids)
    index = {nid: i for i, nid in enumerate(ids)}
    node_cluster = [-1] * len(ids)
    cluster_ids: list[str] = []
    parent: list[int] = []
    title_w: list[float] = []
    title_h: list[float] = []
    top: list[int] = []

    def visit(c_parent: int, c_top: int, cluster: LayoutCluster) -> int:
        ci = len(cluster_ids)
        cluster_ids.append(cluster.id)
        parent.append(c_parent)
        title_w.append(cluster.title_height if swap else cluster.title_width)
        title_h.append(cluster.title_width if swap else cluster.title_height)
        top.append(c_top if c_top >= 0 else ci)
        for m in cluster.members:
            node_cluster[index[m]] = ci  # deeper clusters are visited later and win
        for child in cluster.children:
            visit(ci, top[ci], child)
        return ci

    for cluster in graph.clusters:
        visit(-1, -1, cluster)
    has_node = [False] * len(cluster_ids)
    for c in node_cluster:
        while c >= 0 and not has_node[c]:
            has_node[c] = True
            c = parent[c]
    for c in range(len(cluster_ids)):
        if not has_node[c]:
            # An empty cluster still needs a box: a synthetic node as wide as its title holds its place.
            ids.append(f"\x00cluster:{cluster_ids[c]}")
            width.append(max(title_w[c], 20.0))
            height.append(max(title_h[c], 20.0) if swap else 20.0)
            synthetic.append(True)
            node_cluster.append(c)
            k = c
            while k >= 0 and not has_node[k]:
                has_node[k] = True
                k = parent[k]
    true_width = list(width)
    loops: dict[int, list[LayoutEdge]] = {}
    for e in graph.edges:
        if e.source == e.target:
            loops.setdefault(index[e.source], []).append(e)
    for v, es in loops.items():
        extra = 0.0
        for k, e in enumerate(es):
            _, reach = self_loop_route((0.0, 0.0, 1.0, 1.0), k, "polyline")
            lw = (e.label_height if swap else e.label_width) if e.has_label else 0.0
            extra = max(extra, reach + (lw + _LOOP_LABEL_GAP if lw else 0.0))
        width[v] += 2 * extra
    return _Prepared(
        ids,
        width,
        true_width,
        height,
        synthetic,
        node_cluster,
        cluster_ids,
        parent,
        title_w,
        title_h,
        top,
        loops,
    )


class _ComponentLayout:
    """Lays out one connected component (clusters never span two components) in top-to-bottom space."""

    def __init__(self, prep: _Prepared, opts: LayoutOptions, swap: bool, title_at_end: bool = False) -> None:
        self.p = prep
        self.o = opts
        self.swap = swap
        self.title_at_end = title_at_end

    def _lca(self, a: int, b: int, depth: dict[int, int]) -> int:
        parent = self.p.cluster_parent
        while a != b:
            if depth.get(a, 0) >= depth.get(b, 0) and a >= 0:
                a = parent[a]
            else:
                b = parent[b]
        return a

    def run(self, nodes: list[int], edges: list[LayoutEdge], index: dict[str, int]) -> LayoutResult:
        p, o = self.p, self.o
        local = {g: i for i, g in enumerate(nodes)}
        m = len(nodes)
        pairs = [(local[index[e.source]], local[index[e.target]]) for e in edges]
        rev = feedback_edges(m, pairs)
        oriented = [(b, a) if i in rev else (a, b) for i, (a, b) in enumerate(pairs)]
        factor = 2 if any(e.has_label for e in edges) else 1
        ranks = network_simplex_ranks(
            m,
            [(a, b, max(1, e.minlen) * factor, e.weight) for (a, b), e in zip(oriented, edges, strict=True)],
        )
        # Local clusters: those whose outermost ancestor holds a node of this component.
        tops = {p.cluster_top[p.node_cluster[g]] for g in nodes if p.node_cluster[g] >= 0}
        gclusters = [c for c in range(len(p.cluster_ids)) if p.cluster_top[c] in tops]
        lc = {c: i for i, c in enumerate(gclusters)}
        lparent = [lc[p.cluster_parent[c]] if p.cluster_parent[c] >= 0 else -1 for c in gclusters]
        depth: dict[int, int] = {-1: -1}
        for i in range(len(gclusters)):
            depth[i] = depth[lparent[i]] + 1
        width = [p.width[g] for g in nodes]
        height = [p.height[g] for g in nodes]
        kind = [REAL] * m
        rank = list(ranks)
        cluster_of = [lc[p.node_cluster[g]] if p.node_cluster[g] >= 0 else -1 for g in nodes]
        up: list[list[int]] = [[] for _ in range(m)]
        down: list[list[int]] = [[] for _ in range(m)]

        def new_item(w: float, h: float, k: int, r: int, c: int) -> int:
            width.append(w)
            height.append(h)
            kind.append(k)
            rank.append(r)
            cluster_of.append(c)
            up.append([])
            down.append([])
            return len(width) - 1

        chains: list[Chain] = []
        parallel: dict[tuple[int, int], int] = {}  # (upper, lower) -> first unlabelled chain between them
        extra: list[tuple[int, int]] = []  # layered edges counted once more for each parallel edge
        for i, e in enumerate(edges):
            a, b = oriented[i]
            first = parallel.get((a, b), -1) if not e.has_label else -1
            if first >= 0:
                # Parallel edges share one chain of dummies, widened by a lane each: they are ordered
                # as one heavier edge (as dot merges them), so no other edge can slip between them.
                base = chains[first]
                base.lanes += 1
                chains.append(Chain(e.id, base.items, i in rev, lane=base.lanes - 1))
                for v in base.items[1:-1]:
                    width[v] += o.edge_spacing
                extra.extend(itertools.pairwise(base.items))
                continue
            if not e.has_label:
                parallel[(a, b)] = len(chains)
            span = rank[b] - rank[a]
            c = self._lca(cluster_of[a], cluster_of[b], depth)
            items = [a]
            label_item = -1
            lw = (e.label_height if self.swap else e.label_width) if e.has_label else 0.0
            lh = (e.label_width if self.swap else e.label_height) if e.has_label else 0.0
            for s in range(1, span):
                if e.has_label and s == span // 2:
                    label_item = new_item(lw, lh, LABEL_DUMMY, rank[a] + s, c)
                    items.append(label_item)
                else:
                    items.append(new_item(0.0, 0.0, EDGE_DUMMY, rank[a] + s, c))
            items.append(b)
            for x, y in itertools.pairwise(items):
                down[x].append(y)
                up[y].append(x)
            chains.append(Chain(e.id, items, i in rev, label_item, lw, lh))
        for ch in chains:
            if ch.lane:
                ch.lanes = chains[parallel[(ch.items[0], ch.items[-1])]].lanes
        self._fill_cluster_gaps(len(gclusters), lparent, depth, rank, cluster_of, new_item)
        layers = self._initial_order(rank, down)
        w_up, w_down = up, down
        if extra:
            w_up, w_down = [list(x) for x in up], [list(x) for x in down]
            for x, y in extra:
                w_down[x].append(y)
                w_up[y].append(x)
        chain = [k in (EDGE_DUMMY, LABEL_DUMMY) for k in kind]
        layers = order_layers(OrderingInput(layers, w_up, w_down, cluster_of, lparent, self._sweeps(len(width)),
                                            thorough=o.thorough, chain=chain))
        placement = place(
            PlacementInput(
                layers, up, down, width, height, kind, rank, cluster_of, lparent,
                [p.cluster_title_w[c] for c in gclusters], [p.cluster_title_h[c] for c in gclusters],
                o.node_spacing, o.edge_spacing, o.cluster_padding, o.rank_spacing / factor, self.title_at_end,
            )
        )  # fmt: skip
        return self._result(
            nodes, edges, chains, placement.x, placement.y, width, height, rank, placement, gclusters
        )

    def _sweeps(self, items: int) -> int:
        """Fewer sweeps on huge graphs: later sweeps rarely pay for themselves there."""
        if items > 6000:
            return min(self.o.max_sweeps, 6)
        if items > 2500:
            return min(self.o.max_sweeps, 10)
        return self.o.max_sweeps

    @staticmethod
    def _fill_cluster_gaps(
        k: int,
        lparent: list[int],
        depth: dict[int, int],
        rank: list[int],
        cluster_of: list[int],
        new_item: Callable[[float, float, int, int, int], int],
    ) -> None:
        """Give every cluster an item on each rank it spans, so its box stays one contiguous block."""
        present: set[tuple[int, int]] = set()
        rmin = [1 << 30] * k
        rmax = [-1] * k
        for v, c in enumerate(cluster_of):
            while c >= 0:
                present.add((c, rank[v]))
                rmin[c] = min(rmin[c], rank[v])
                rmax[c] = max(rmax[c], rank[v])
                c = lparent[c]
        for c in sorted(range(k), key=lambda c: -depth[c]):
            for r in range(rmin[c], rmax[c] + 1):
                if (c, r) not in present:
                    new_item(0.0, 0.0, PLACEHOLDER, r, c)
                    j = c
                    while j >= 0:
                        present.add((j, r))
                        j = lparent[j]

    @staticmethod
    def _initial_order(rank: list[int], down: list[list[int]]) -> list[list[int]]:
        """Depth-first order from the top ranks, so connected vertices start close together."""
        h = max(rank) + 1 if rank else 0
        layers: list[list[int]] = [[] for _ in range(h)]
        seen = [False] * len(rank)
        for start in sorted(range(len(rank)), key=lambda v: rank[v]):
            if seen[start]:
                continue
            stack = [start]
            seen[start] = True
            while stack:
                v = stack.pop()
                layers[rank[v]].append(v)
                for w in reversed(down[v]):
                    if not seen[w]:
                        seen[w] = True
                        stack.append(w)
        return layers

    def _result(
        self,
        nodes: list[int],
        edges: list[LayoutEdge],
        chains: list[Chain],
        x: list[float],
        y: list[float],
        width: list[float],
        height: list[float],
        rank: list[int],
        placement: Placement,
        gclusters: list[int],
    ) -> LayoutResult:
        p, o = self.p, self.o
        res = LayoutResult()
        for i, g in enumerate(nodes):
            if p.synthetic[g]:
                continue
            tw = p.true_width[g]
            rect = Rect(x[i] - tw / 2, y[i] - height[i] / 2, tw, height[i])
            res.nodes[p.ids[g]] = rect
            for k, e in enumerate(p.loops.get(g, [])):
                pts, reach = self_loop_route((rect.x, rect.y, rect.w, rect.h), k, o.edge_routing)
                label = None
                lw = (e.label_height if self.swap else e.label_width) if e.has_label else 0.0
                lh = (e.label_width if self.swap else e.label_height) if e.has_label else 0.0
                if e.has_label:
                    label = (rect.right + reach + _LOOP_LABEL_GAP + lw / 2, rect.center[1])
                kind: RouteKind = "spline" if o.edge_routing == "spline" else "orthogonal"
                res.edges[e.id] = EdgeRoute(pts, kind, label, lw, lh)
        # Ports use the true node width, not the footprint widened for self-loops.
        port_width = list(width)
        for i, g in enumerate(nodes):
            port_width[i] = p.true_width[g]
        geometry = Geometry(x, y, port_width, height, rank, placement.rank_top, placement.rank_height,
                            placement.gap_band)
        res.edges.update(build_routes(chains, geometry, o.edge_routing, o.edge_spacing))
        for i, c in enumerate(gclusters):
            cx, cy, cw, ch = placement.cluster_rects[i]
            res.clusters[p.cluster_ids[c]] = Rect(cx, cy, cw, ch)
            res.cluster_titles[p.cluster_ids[c]] = Rect(*placement.title_rects[i])
        res.recompute_bounds()
        return res


def layered_layout(graph: LayoutGraph, options: LayoutOptions | None = None) -> LayoutResult:
    """Hierarchical (Sugiyama) layout of a directed graph in the graph's direction (TB, BT, LR, RL).

    Cycles are broken by reversing a small feedback arc set (routes still point from source to
    target); each connected component is laid out on its own and the components are packed side by side.
    """
    opts = options or LayoutOptions()
    graph.validate()
    direction = normalize_direction(graph.direction)
    swap = transposed(direction)
    prep = _prepare(graph, swap)
    index = {nid: i for i, nid in enumerate(prep.ids)}
    links: list[tuple[int, int]] = []
    for e in graph.edges:
        links.append((index[e.source], index[e.target]))
    first_in_top: dict[int, int] = {}
    for v, c in enumerate(prep.node_cluster):
        if c >= 0:
            t = prep.cluster_top[c]
            if t in first_in_top:
                links.append((first_in_top[t], v))
            else:
                first_in_top[t] = v
    groups = components(len(prep.ids), links)
    comp_of = [0] * len(prep.ids)
    for gi, group in enumerate(groups):
        for v in group:
            comp_of[v] = gi
    comp_edges: list[list[LayoutEdge]] = [[] for _ in groups]
    for e in graph.edges:
        if e.source != e.target:
            comp_edges[comp_of[index[e.source]]].append(e)
    # BT and RL mirror the top-to-bottom drawing: reserving the title band at the far end puts it
    # back at the top (BT) or left (RL), so titles always sit in the cluster's top-left corner.
    builder = _ComponentLayout(prep, opts, swap, title_at_end=direction in ("BT", "RL"))
    parts = [builder.run(group, comp_edges[gi], index) for gi, group in enumerate(groups)]
    result = pack_results(parts, opts.component_spacing)
    return map_direction(result, direction)
