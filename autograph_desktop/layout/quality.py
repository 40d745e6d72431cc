"""Drawing quality metrics: crossings, edge length, area, overlaps and spacing (for tests and benchmarks)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping

from .graph import EdgeRoute, LayoutCluster, LayoutGraph, LayoutResult, Point, Rect

Segment = tuple[Point, Point]


def flatten_route(route: EdgeRoute, steps: int = 8) -> list[Point]:
    """Polyline approximation of a route; Bézier segments are sampled ``steps`` times each."""
    if route.kind != "spline":
        return list(route.points)
    return flatten_bezier(route.points, steps)


def flatten_bezier(points: list[Point], steps: int = 8) -> list[Point]:
    """Sample a cubic Bézier chain ``[p0, c1, c2, p1, ...]`` into a polyline."""
    if len(points) < 4:
        return list(points)
    out = [points[0]]
    for k in range(0, len(points) - 3, 3):
        p0, c1, c2, p1 = points[k], points[k + 1], points[k + 2], points[k + 3]
        for s in range(1, steps + 1):
            t = s / steps
            a = (1 - t) ** 3
            b = 3 * (1 - t) ** 2 * t
            c = 3 * (1 - t) * t * t
            d = t**3
            out.append(
                (
                    a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0],
                    a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1],
                )
            )
    return out


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(s: Segment, t: Segment, eps: float = 1e-7) -> bool:
    """Proper crossing: the interiors intersect in one point (touching ends and collinear overlap excluded)."""
    a, b = s
    c, d = t
    o1, o2 = _orient(a, b, c), _orient(a, b, d)
    o3, o4 = _orient(c, d, a), _orient(c, d, b)
    return ((o1 > eps and o2 < -eps) or (o1 < -eps and o2 > eps)) and (
        (o3 > eps and o4 < -eps) or (o3 < -eps and o4 > eps)
    )


def count_crossings(polylines: Iterable[list[Point]]) -> int:
    """Crossings between different polylines, found by hashing segments into a uniform grid."""
    segs: list[tuple[int, Segment]] = []
    for idx, line in enumerate(polylines):
        for a, b in itertools.pairwise(line):
            if a != b:
                segs.append((idx, (a, b)))
    if len(segs) < 2:
        return 0
    total_len = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for _, (a, b) in segs)
    cell = max(total_len / len(segs), 1.0)
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (_, (a, b)) in enumerate(segs):
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        for gx in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
            for gy in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                grid.setdefault((gx, gy), []).append(k)
    seen: set[tuple[int, int]] = set()
    crossings = 0
    for members in grid.values():
        for i in range(len(members)):
            si = members[i]
            li, s = segs[si]
            for j in range(i + 1, len(members)):
                sj = members[j]
                lj, t = segs[sj]
                if li == lj:
                    continue
                key = (si, sj) if si < sj else (sj, si)
                if key in seen:
                    continue
                seen.add(key)
                if segments_cross(s, t):
                    crossings += 1
    return crossings


def edge_crossings(result: LayoutResult) -> int:
    """Number of crossings between the routes of different edges."""
    return count_crossings(flatten_route(r) for r in result.edges.values())


def polyline_length(points: list[Point]) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(points))


def total_edge_length(result: LayoutResult) -> float:
    return sum(polyline_length(flatten_route(r)) for r in result.edges.values())


def area(result: LayoutResult) -> float:
    b = result.bounds
    return b.w * b.h


def node_overlaps(rects: Mapping[str, Rect], gap: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of boxes closer than ``gap`` on both axes (0: whose interiors overlap), by a sweep over x."""
    items = sorted(rects.items(), key=lambda kv: kv[1].x)
    out: list[tuple[str, str]] = []
    active: list[tuple[str, Rect]] = []
    for key, r in items:
        active = [(k, a) for k, a in active if a.right + gap > r.x + 1e-6]
        for k, a in active:
            if a.intersects(r, gap):
                out.append((k, key) if k < key else (key, k))
        active.append((key, r))
    return sorted(out)


def min_node_spacing(rects: Mapping[str, Rect]) -> float:
    """Smallest separation between two boxes, measured on the axis where they are farthest apart.

    Negative means an overlap; ``inf`` for fewer than two boxes.
    """
    items = sorted(rects.values(), key=lambda r: r.x)
    best = math.inf
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if b.x - a.right >= best:
                break
            gap = max(b.x - a.right, a.x - b.right, b.y - a.bottom, a.y - b.bottom)
            best = min(best, gap)
    return best


def label_overlaps(result: LayoutResult) -> list[tuple[str, str]]:
    """(edge id, node id) pairs whose label box overlaps a node."""
    boxes = {f"label:{eid}": r.label_rect() for eid, r in result.edges.items() if r.label_rect() is not None}
    merged: dict[str, Rect] = {k: v for k, v in boxes.items() if v is not None}
    merged.update({f"node:{k}": v for k, v in result.nodes.items()})
    pairs = []
    for a, b in node_overlaps(merged):
        if a.startswith("label:") != b.startswith("label:"):
            lab, node = (a, b) if a.startswith("label:") else (b, a)
            pairs.append((lab[6:], node[5:]))
    return pairs


def _cluster_members(cluster: LayoutCluster) -> set[str]:
    out = set(cluster.members)
    for child in cluster.children:
        out |= _cluster_members(child)
    return out


def _segment_enters(a: Point, b: Point, r: Rect, shrink: float = 0.5) -> bool:
    """Whether segment a-b passes through the interior of ``r`` (shrunk a little), by clipping."""
    x0, y0, x1, y1 = r.x + shrink, r.y + shrink, r.right - shrink, r.bottom - shrink
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def routes_through_nodes(graph: LayoutGraph, result: LayoutResult) -> list[tuple[str, str]]:
    """(edge id, node id) pairs where a route passes through a node other than its own two ends."""
    out = []
    for e in graph.edges:
        line = flatten_route(result.edges[e.id])
        for nid, r in result.nodes.items():
            if nid in (e.source, e.target):
                continue
            if any(_segment_enters(a, b, r) for a, b in itertools.pairwise(line)):
                out.append((e.id, nid))
    return out


def routes_through_clusters(graph: LayoutGraph, result: LayoutResult, shrink: float = 0.5) -> list[tuple[str, str]]:
    """(edge id, cluster id) pairs where a route enters a cluster that holds neither of its ends."""
    members = {c.id: _cluster_members(c) for c in graph.all_clusters()}
    out = []
    for e in graph.edges:
        route = result.edges.get(e.id)
        if route is None:
            continue
        line = flatten_route(route)
        for cid, inside in members.items():
            box = result.clusters.get(cid)
            if box is None or e.source in inside or e.target in inside:
                continue
            if any(_segment_enters(a, b, box, shrink) for a, b in itertools.pairwise(line)):
                out.append((e.id, cid))
    return out


def layout_problems(graph: LayoutGraph, result: LayoutResult, min_spacing: float = 0.0) -> list[str]:
    """Human-readable violations of the layout contract; an empty list means the drawing is sound.

    Checked: every node placed at its size without overlaps (and ``min_spacing`` apart), every edge
    routed from its source border to its target border, clusters containing their members and child
    clusters, keeping non-members out, and sibling clusters disjoint.
    """
    problems: list[str] = []
    for nd in graph.nodes:
        r = result.nodes.get(nd.id)
        if r is None:
            problems.append(f"node {nd.id} not placed")
        elif abs(r.w - nd.width) > 1e-6 or abs(r.h - nd.height) > 1e-6:
            problems.append(f"node {nd.id} resized")
    problems.extend(f"nodes {a} and {b} overlap" for a, b in node_overlaps(result.nodes))
    if min_spacing > 0 and len(result.nodes) > 1:
        gap = min_node_spacing(result.nodes)
        if gap < min_spacing - 1e-6:
            problems.append(f"nodes only {gap:.2f} apart")
    for e in graph.edges:
        route = result.edges.get(e.id)
        if route is None or len(route.points) < 2:
            problems.append(f"edge {e.id} not routed")
            continue
        if route.kind == "spline" and (len(route.points) - 1) % 3:
            problems.append(f"edge {e.id} spline has {len(route.points)} points")
        if not result.nodes[e.source].on_border(route.points[0]):
            problems.append(f"edge {e.id} does not start on {e.source}'s border")
        if not result.nodes[e.target].on_border(route.points[-1]):
            problems.append(f"edge {e.id} does not end on {e.target}'s border")
    for cluster in graph.all_clusters():
        box = result.clusters.get(cluster.id)
        if box is None:
            problems.append(f"cluster {cluster.id} has no box")
            continue
        members = _cluster_members(cluster)
        for nid in members:
            if not box.contains_rect(result.nodes[nid]):
                problems.append(f"cluster {cluster.id} does not contain {nid}")
        for nid, r in result.nodes.items():
            if nid not in members and box.intersects(r):
                problems.append(f"cluster {cluster.id} overlaps non-member {nid}")
        title = result.cluster_titles.get(cluster.id)
        if title is not None:
            if not box.contains_rect(title):
                problems.append(f"cluster {cluster.id} title sticks out")
            for nid, r in result.nodes.items():
                if title.intersects(r):
                    problems.append(f"cluster {cluster.id} title overlaps {nid}")
            for other in cluster.children:
                inner_box = result.clusters.get(other.id)
                if inner_box is not None and title.intersects(inner_box):
                    problems.append(f"cluster {cluster.id} title overlaps cluster {other.id}")
        for child in cluster.children:
            inner = result.clusters.get(child.id)
            if inner is not None and not box.contains_rect(inner):
                problems.append(f"cluster {cluster.id} does not contain cluster {child.id}")
    for siblings in [graph.clusters] + [c.children for c in graph.all_clusters()]:
        for i, a in enumerate(siblings):
            for b in siblings[i + 1 :]:
                ra, rb = result.clusters.get(a.id), result.clusters.get(b.id)
                if ra is not None and rb is not None and ra.intersects(rb):
                    problems.append(f"clusters {a.id} and {b.id} overlap")
    return problems
