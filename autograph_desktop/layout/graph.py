"""Input and output types of the layout engine, independent of the project's document model."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Point = tuple[float, float]
Direction = Literal["TB", "BT", "LR", "RL"]
EdgeRouting = Literal["orthogonal", "spline", "polyline"]
RouteKind = Literal["orthogonal", "spline", "polyline"]

_DIRECTION_ALIASES: dict[str, Direction] = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}


def normalize_direction(direction: str) -> Direction:
    """Map user spellings (``TD``, lower case) to the four canonical directions, so callers can pass Mermaid's."""
    key = direction.strip().upper()
    if key not in _DIRECTION_ALIASES:
        raise ValueError(f"unknown layout direction {direction!r}; expected one of TB, TD, BT, LR, RL")
    return _DIRECTION_ALIASES[key]


@dataclass(frozen=True, slots=True)
class Rect:
    """Axis-aligned box given by its top-left corner; every layout output uses this one shape."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> Point:
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)

    def intersects(self, other: Rect, gap: float = 0.0) -> bool:
        """True when the interiors overlap (touching edges do not count), optionally with a required gap."""
        eps = 1e-6
        return (
            self.x < other.right + gap - eps
            and other.x < self.right + gap - eps
            and self.y < other.bottom + gap - eps
            and other.y < self.bottom + gap - eps
        )

    def contains_rect(self, other: Rect, eps: float = 1e-6) -> bool:
        return (
            other.x >= self.x - eps
            and other.y >= self.y - eps
            and other.right <= self.right + eps
            and other.bottom <= self.bottom + eps
        )

    def contains_point(self, p: Point, eps: float = 1e-6) -> bool:
        return self.x - eps <= p[0] <= self.right + eps and self.y - eps <= p[1] <= self.bottom + eps

    def on_border(self, p: Point, eps: float = 0.5) -> bool:
        """Whether ``p`` lies on the outline; routes must start and end there, not inside or in mid-air."""
        if not self.contains_point(p, eps):
            return False
        return (
            abs(p[0] - self.x) <= eps
            or abs(p[0] - self.right) <= eps
            or abs(p[1] - self.y) <= eps
            or abs(p[1] - self.bottom) <= eps
        )

    def expanded(self, margin: float) -> Rect:
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)

    def translated(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    @staticmethod
    def union(rects: Iterable[Rect]) -> Rect:
        """Bounding box of several boxes; an empty input gives an empty box at the origin."""
        items = list(rects)
        if not items:
            return Rect(0.0, 0.0, 0.0, 0.0)
        x0 = min(r.x for r in items)
        y0 = min(r.y for r in items)
        x1 = max(r.right for r in items)
        y1 = max(r.bottom for r in items)
        return Rect(x0, y0, x1 - x0, y1 - y0)


@dataclass(slots=True)
class LayoutNode:
    """A box to place; only its size matters to the layout."""

    id: str
    width: float
    height: float


@dataclass(slots=True)
class LayoutEdge:
    """A directed connection; the label size reserves room so labels never overlap nodes."""

    id: str
    source: str
    target: str
    label_width: float = 0.0
    label_height: float = 0.0
    weight: float = 1.0
    minlen: int = 1

    @property
    def has_label(self) -> bool:
        return self.label_width > 0 and self.label_height > 0


@dataclass(slots=True)
class LayoutCluster:
    """A group drawn as a rectangle around its members and child clusters, with a title band on top."""

    id: str
    members: list[str] = field(default_factory=list)
    children: list[LayoutCluster] = field(default_factory=list)
    title_width: float = 0.0
    title_height: float = 0.0

    def walk(self) -> Iterator[LayoutCluster]:
        """This cluster and all nested ones, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class LayoutGraph:
    """The whole layout input: nodes, edges, nested clusters and the flow direction."""

    nodes: list[LayoutNode] = field(default_factory=list)
    edges: list[LayoutEdge] = field(default_factory=list)
    clusters: list[LayoutCluster] = field(default_factory=list)
    direction: str = "TB"

    def add_node(self, node_id: str, width: float, height: float) -> LayoutNode:
        node = LayoutNode(node_id, float(width), float(height))
        self.nodes.append(node)
        return node

    def add_edge(
        self,
        source: str,
        target: str,
        edge_id: str | None = None,
        *,
        label_width: float = 0.0,
        label_height: float = 0.0,
        weight: float = 1.0,
        minlen: int = 1,
    ) -> LayoutEdge:
        eid = edge_id if edge_id is not None else f"e{len(self.edges)}"
        edge = LayoutEdge(
            eid, source, target, float(label_width), float(label_height), float(weight), int(minlen)
        )
        self.edges.append(edge)
        return edge

    def add_cluster(self, cluster: LayoutCluster) -> LayoutCluster:
        self.clusters.append(cluster)
        return cluster

    def all_clusters(self) -> list[LayoutCluster]:
        return [c for top in self.clusters for c in top.walk()]

    def validate(self) -> None:
        """Reject inputs the algorithms cannot honour, early and with a clear message."""
        ids: set[str] = set()
        for n in self.nodes:
            if n.id in ids:
                raise ValueError(f"duplicate node id {n.id!r}")
            if n.width < 0 or n.height < 0:
                raise ValueError(f"node {n.id!r} has a negative size")
            ids.add(n.id)
        edge_ids: set[str] = set()
        for e in self.edges:
            if e.id in edge_ids:
                raise ValueError(f"duplicate edge id {e.id!r}")
            edge_ids.add(e.id)
            if e.source not in ids or e.target not in ids:
                raise ValueError(f"edge {e.id!r} refers to an unknown node")
            if e.minlen < 0:
                raise ValueError(f"edge {e.id!r} has a negative minlen")
        cluster_ids: set[str] = set()
        for c in self.all_clusters():
            if c.id in cluster_ids:
                raise ValueError(f"duplicate cluster id {c.id!r}")
            cluster_ids.add(c.id)
            for m in c.members:
                if m not in ids:
                    raise ValueError(f"cluster {c.id!r} lists unknown node {m!r}")


@dataclass(slots=True)
class LayoutOptions:
    """Tunable distances and styles; defaults match the editor's house style.

    ``node_spacing``: least gap between two boxes side by side (also kept with edges between them);
    ``rank_spacing``: gap between consecutive layers (tree rows); ``edge_spacing``: gap between two
    parallel edges, and between ports on one side; ``cluster_padding``: room inside a cluster box
    around its content; ``component_spacing``: gap between packed components; ``max_sweeps``:
    ordering effort; ``seed``: makes the force layout reproducible; ``thorough``: refine the layer
    orders (local and whole-graph restarts, global sifting) for fewer crossings. ``thorough=False`` is
    for live previews: graphs up to about 200 flowchart nodes (400 layered vertices) are still refined,
    so the preview is the very drawing the final layout makes; bigger ones keep dot's schedule only.
    """

    node_spacing: float = 50.0
    rank_spacing: float = 60.0
    edge_spacing: float = 20.0
    cluster_padding: float = 16.0
    edge_routing: EdgeRouting = "orthogonal"
    component_spacing: float = 50.0
    max_sweeps: int = 24
    seed: int = 0
    thorough: bool = True


@dataclass(slots=True)
class EdgeRoute:
    """Route of one edge from the source border to the target border.

    For ``kind == "spline"`` the points are cubic Bézier segments chained as
    ``[p0, c1, c2, p1, c1, c2, p2, ...]`` (so ``len(points) == 3k + 1``); otherwise they are polyline vertices.
    """

    points: list[Point]
    kind: RouteKind = "polyline"
    label_center: Point | None = None
    label_width: float = 0.0
    label_height: float = 0.0

    def label_rect(self) -> Rect | None:
        """Box reserved for the label, centred on ``label_center``."""
        if self.label_center is None:
            return None
        cx, cy = self.label_center
        return Rect(
            cx - self.label_width / 2, cy - self.label_height / 2, self.label_width, self.label_height
        )

    @property
    def is_spline(self) -> bool:
        return self.kind == "spline"

    def polyline(self) -> list[Point]:
        """The vertices a renderer or metric can treat as straight segments (spline: its anchor points)."""
        if self.kind != "spline":
            return list(self.points)
        return [self.points[i] for i in range(0, len(self.points), 3)]


@dataclass(slots=True)
class LayoutResult:
    """Placed boxes, routed edges and cluster rectangles, all in one coordinate space.

    ``cluster_titles`` holds, per cluster, the box reserved for its title: inside the cluster, at its
    top-left corner, clear of every node and nested cluster.
    """

    nodes: dict[str, Rect] = field(default_factory=dict)
    edges: dict[str, EdgeRoute] = field(default_factory=dict)
    clusters: dict[str, Rect] = field(default_factory=dict)
    cluster_titles: dict[str, Rect] = field(default_factory=dict)
    bounds: Rect = field(default_factory=lambda: Rect(0.0, 0.0, 0.0, 0.0))

    @property
    def edge_labels(self) -> dict[str, Point]:
        return {eid: r.label_center for eid, r in self.edges.items() if r.label_center is not None}

    def translate(self, dx: float, dy: float) -> None:
        """Shift everything in place; used when packing components and normalising to the origin."""
        if dx == 0 and dy == 0:
            return
        self.nodes = {k: r.translated(dx, dy) for k, r in self.nodes.items()}
        self.clusters = {k: r.translated(dx, dy) for k, r in self.clusters.items()}
        self.cluster_titles = {k: r.translated(dx, dy) for k, r in self.cluster_titles.items()}
        for route in self.edges.values():
            route.points = [(x + dx, y + dy) for x, y in route.points]
            if route.label_center is not None:
                route.label_center = (route.label_center[0] + dx, route.label_center[1] + dy)
        self.bounds = self.bounds.translated(dx, dy)

    def recompute_bounds(self) -> Rect:
        """Bounding box of boxes, clusters, routes and labels, so nothing is drawn outside it."""
        x0 = y0 = float("inf")
        x1 = y1 = float("-inf")
        for r in (*self.nodes.values(), *self.clusters.values()):
            x0, y0 = min(x0, r.x), min(y0, r.y)
            x1, y1 = max(x1, r.x + r.w), max(y1, r.y + r.h)
        for route in self.edges.values():
            xs = [p[0] for p in route.points]
            ys = [p[1] for p in route.points]
            if xs:
                x0, y0 = min(x0, min(xs)), min(y0, min(ys))
                x1, y1 = max(x1, max(xs)), max(y1, max(ys))
            label = route.label_rect()
            if label is not None:
                x0, y0 = min(x0, label.x), min(y0, label.y)
                x1, y1 = max(x1, label.right), max(y1, label.bottom)
        self.bounds = Rect(0.0, 0.0, 0.0, 0.0) if x0 == float("inf") else Rect(x0, y0, x1 - x0, y1 - y0)
        return self.bounds

    def normalize(self) -> None:
        """Move the drawing so its bounding box starts at (0, 0)."""
        b = self.recompute_bounds()
        self.translate(-b.x, -b.y)
