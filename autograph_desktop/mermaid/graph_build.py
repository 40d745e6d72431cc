"""Graph-like diagrams (flowchart, class, ER, state) as a draft of nodes, edges and clusters, laid out
by our layered layout and turned into ordinary model elements in one pass.

Every type's adapter fills a `GraphDraft`; this module sizes nodes with the same font metrics the painter
uses, runs the layout, and builds shapes, frames and attached connectors, so all four types share one
well-tested path from text to canvas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop import textmetrics
from autograph_desktop.layout import LayoutCluster, LayoutGraph, LayoutOptions, layered_layout
from autograph_desktop.layout.graph import Rect as LayoutRect
from autograph_desktop.mermaid.richlabels import prepare_labels, sizing_bold
from autograph_desktop.mermaid.shapes import EMPTY_SIZES, MERMAID_SHAPES, kind_of
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    Connector,
    ConnectorLabel,
    Element,
    Endpoint,
    Frame,
    Group,
    Path,
    Shape,
    Text,
    new_id,
)
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.shapes import definition
from autograph_desktop.model.style import DEFAULT_STYLE, Style
from autograph_desktop.model.textbox import box_for_text

#: Mermaid's extra shapes drawn as the nearest shape the painter knows (the table is `mermaid.shapes`).
SHAPE_FALLBACKS = {row.name: row.kind for row in MERMAID_SHAPES if row.name != row.kind}
PADDING_X = 18.0
PADDING_Y = 12.0
MAX_LABEL_WIDTH = 220.0


@dataclass
class DraftNode:
    key: str
    text: str = ""
    shape: str = "rectangle"
    style: Style = DEFAULT_STYLE
    cluster: str | None = None
    sections: list[str] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    link: str = ""
    data: dict[str, str] = field(default_factory=dict)
    as_text: bool = False


@dataclass
class DraftEdge:
    key: str
    source: str
    target: str
    label: str = ""
    style: Style = DEFAULT_STYLE
    start_arrow: str = "none"
    end_arrow: str = "arrow"
    source_label: str = ""
    target_label: str = ""
    minlen: int = 1
    routing: str = "orthogonal"
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class DraftCluster:
    key: str
    title: str = ""
    parent: str | None = None
    style: Style = DEFAULT_STYLE
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class GraphDraft:
    kind: str
    direction: str = "TB"
    nodes: dict[str, DraftNode] = field(default_factory=dict)
    edges: list[DraftEdge] = field(default_factory=list)
    clusters: dict[str, DraftCluster] = field(default_factory=dict)
    title: str | None = None
    theme: str = "light"
    node_spacing: float = 50.0
    rank_spacing: float = 60.0


def _face(style: Style) -> tuple[bool, bool, str]:
    return textmetrics.face_for(style.font_family, style.font_weight, style.font_italic)


def text_size(text: str, style: Style, max_width: float | None = MAX_LABEL_WIDTH) -> tuple[float, float]:
    """The block a label needs wrapped at `max_width`: Mermaid's rule, a word wider than that widens the
    block (and so the box built around it) instead of being split."""
    bold, italic, mono = _face(style)
    if not text:
        return 0.0, 0.0
    return textmetrics.text_block_size(text, style.font_size, max_width, bold, italic, mono, "overflow")


def node_size(node: DraftNode) -> tuple[float, float]:
    """The box a node needs for its label (and sections), shaped like Mermaid's."""
    if node.width is not None and node.height is not None:
        return node.width, node.height
    if node.sections:
        header_w, header_h = text_size(node.text, node.style.with_(font_weight=700), None)
        widths = [header_w]
        height = header_h + 2 * PADDING_Y
        for section in node.sections:
            w, h = text_size(section, node.style, None)
            widths.append(w)
            height += max(h, 4.0) + PADDING_Y
        return max(max(widths) + 2 * PADDING_X, 120.0), max(height, 60.0)
    shape = kind_of(node.shape)
    if not node.text:
        return EMPTY_SIZES.get(shape, (60.0, 40.0))
    w, h = text_size(node.text, node.style.with_(font_weight=700) if sizing_bold(node.data) else node.style)
    w, h = box_for_text(shape, w, h, margin=PADDING_X / 2)
    if definition(shape).square:
        w = h = max(w, h)
    return max(w, 60.0), max(h, 40.0)


def _cluster_tree(draft: GraphDraft) -> list[LayoutCluster]:
    made: dict[str, LayoutCluster] = {}
    for key, cluster in draft.clusters.items():
        w, h = text_size(cluster.title, cluster.style, None)
        made[key] = LayoutCluster(key, title_width=w + 2 * PADDING_X if cluster.title else 0.0,
                                  title_height=h + PADDING_Y if cluster.title else 0.0)
    for node in draft.nodes.values():
        if node.cluster in made:
            made[node.cluster].members.append(node.key)
    roots = []
    for key, cluster in draft.clusters.items():
        if cluster.parent in made and cluster.parent != key:
            made[cluster.parent].children.append(made[key])
        else:
            roots.append(made[key])
    return [c for c in roots if any(True for _ in _members(c))]


def _members(cluster: LayoutCluster) -> list[str]:
    return [m for c in cluster.walk() for m in c.members]


def layout_graph(draft: GraphDraft) -> LayoutGraph:
    """The layout's input for a draft: nodes sized by their text, labelled edges, nested clusters.

    Edges to clusters are left out (they are drawn after layout, attached to the frames). Public so
    that benchmarks hand exactly this graph to Graphviz for comparison.
    """
    graph = LayoutGraph(direction=draft.direction)
    for node in draft.nodes.values():
        w, h = node_size(node)
        graph.add_node(node.key, w, h)
    for edge in draft.edges:
        if edge.source not in draft.nodes or edge.target not in draft.nodes:
            continue
        lw, lh = text_size(edge.label, edge.style, 160.0)
        graph.add_edge(edge.source, edge.target, edge.key, label_width=lw + 8 if edge.label else 0.0,
                       label_height=lh + 4 if edge.label else 0.0, minlen=max(1, edge.minlen))
    graph.clusters = _cluster_tree(draft)
    return graph


def layout_options(draft: GraphDraft, thorough: bool = True) -> LayoutOptions:
    """The options every graph-like diagram is laid out with (spacing from the draft, orthogonal routes)."""
    return LayoutOptions(node_spacing=draft.node_spacing, rank_spacing=draft.rank_spacing,
                         edge_routing="orthogonal", thorough=thorough)


def lay_out(draft: GraphDraft, thorough: bool = True) -> tuple[dict[str, LayoutRect], dict[str, list[tuple[float, float]]],
                                         dict[str, LayoutRect]]:
    result = layered_layout(layout_graph(draft), layout_options(draft, thorough))
    routes = {key: route.polyline() for key, route in result.edges.items()}
    return result.nodes, routes, result.clusters


def _side_and_ratio(rect: LayoutRect, point: tuple[float, float]) -> tuple[str, float]:
    x, y = point
    distances = {"left": abs(x - rect.x), "right": abs(x - rect.right), "top": abs(y - rect.y),
                 "bottom": abs(y - rect.bottom)}
    side = min(distances, key=distances.__getitem__)
    if side in ("left", "right"):
        ratio = (y - rect.y) / rect.h if rect.h else 0.5
    else:
        ratio = (x - rect.x) / rect.w if rect.w else 0.5
    return side, min(1.0, max(0.0, ratio))


def _pairs(data: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(data.items()))


def build_diagram(draft: GraphDraft, hints: dict[str, tuple[float, float]] | None = None,
                  meta: DiagramMeta | None = None, thorough: bool = True) -> Diagram:
    """Lay out a draft and turn it into a new Diagram (one element per node, edge and cluster)."""
    prepare_labels(draft)
    boxes, routes, cluster_rects = lay_out(draft, thorough)
    hints = {k: v for k, v in (hints or {}).items() if k in boxes}
    for key, (hx, hy) in hints.items():
        box = boxes[key]
        boxes[key] = LayoutRect(hx, hy, box.w, box.h)
    frame_ids = {key: new_id() for key in draft.clusters if key in cluster_rects}
    node_ids = {key: new_id() for key in draft.nodes}
    frames: list[Element] = []
    for key, cluster in draft.clusters.items():
        if key not in frame_ids:
            continue
        rect = cluster_rects[key]
        parent = frame_ids.get(cluster.parent) if cluster.parent else None
        frames.append(Frame(id=frame_ids[key], x=rect.x, y=rect.y, w=rect.w, h=rect.h, text=cluster.title,
                            style=cluster.style, parent=parent, data=_pairs({"mermaid_id": key, **cluster.data})))
    # Outer frames first so that inner ones draw on top of them.
    depth = {f.id: 0 for f in frames}
    by_id = {f.id: f for f in frames}
    for f in frames:
        p, d = f.parent, 0
        while p is not None and d < 1000:
            d += 1
            p = by_id[p].parent if p in by_id else None
        depth[f.id] = d
    frames.sort(key=lambda f: depth[f.id])

    nodes: list[Element] = []
    for key, node in draft.nodes.items():
        box = boxes[key]
        parent = frame_ids.get(node.cluster) if node.cluster else None
        data = _pairs({"mermaid_id": key, **node.data})
        if node.sections:
            nodes.extend(_sectioned_node(node, node_ids[key], box, parent, data))
            continue
        if node.as_text:
            nodes.append(Text(id=node_ids[key], x=box.x, y=box.y, w=box.w, h=box.h, text=node.text,
                              style=node.style, parent=parent, link=node.link, data=data, auto_size=False))
            continue
        shape = kind_of(node.shape)
        nodes.append(Shape(id=node_ids[key], x=box.x, y=box.y, w=box.w, h=box.h, shape=shape, text=node.text,
                           style=node.style, parent=parent, link=node.link, data=data))

    connectors: list[Element] = []
    anchors = {**frame_ids, **node_ids}
    for edge in draft.edges:
        if edge.source not in draft.nodes or edge.target not in draft.nodes:
            if edge.source in anchors and edge.target in anchors:
                connectors.append(Connector(id=new_id(), source=Endpoint(anchors[edge.source]),
                                            target=Endpoint(anchors[edge.target]), routing=edge.routing,
                                            start_arrow=edge.start_arrow, end_arrow=edge.end_arrow,
                                            labels=(ConnectorLabel(edge.label),) if edge.label else (),
                                            style=edge.style, data=_pairs({"mermaid_id": edge.key, **edge.data})))
            continue
        route = routes.get(edge.key, [])
        touched = edge.source in hints or edge.target in hints
        if len(route) >= 2 and not touched:
            s_side, s_ratio = _side_and_ratio(boxes[edge.source], route[0])
            t_side, t_ratio = _side_and_ratio(boxes[edge.target], route[-1])
            source = Endpoint(node_ids[edge.source], s_side, s_ratio)
            target = Endpoint(node_ids[edge.target], t_side, t_ratio)
            waypoints = tuple(route[1:-1])
        else:
            source, target, waypoints = Endpoint(node_ids[edge.source]), Endpoint(node_ids[edge.target]), ()
        labels = []
        if edge.label:
            labels.append(ConnectorLabel(edge.label))
        if edge.source_label:
            labels.append(ConnectorLabel(edge.source_label, 0.08, -12.0))
        if edge.target_label:
            labels.append(ConnectorLabel(edge.target_label, 0.92, -12.0))
        if edge.source == edge.target and not waypoints:
            box = boxes[edge.source]
            source = Endpoint(node_ids[edge.source], "right", 0.3)
            target = Endpoint(node_ids[edge.source], "top", 0.7)
            waypoints = ((box.right + 30, box.y + box.h * 0.3), (box.right + 30, box.y - 30),
                         (box.x + box.w * 0.7, box.y - 30))
        connectors.append(Connector(id=new_id(), source=source, target=target, routing=edge.routing,
                                    waypoints=waypoints, start_arrow=edge.start_arrow, end_arrow=edge.end_arrow,
                                    labels=tuple(labels), style=edge.style,
                                    data=_pairs({"mermaid_id": edge.key, **edge.data})))

    elements = [*frames, *connectors, *nodes]
    keys = keys_after(None, len(elements))
    elements = [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)]
    meta = meta or DiagramMeta(title=draft.title or f"Mermaid {draft.kind}", kind=draft.kind, theme=draft.theme)
    return Diagram(meta, elements)


def _sectioned_node(node: DraftNode, box_id: str, box: LayoutRect, parent: str | None,
                    data: tuple[tuple[str, str], ...]) -> list[Element]:
    """A class or entity: a box with a bold title and compartments, grouped so they move together."""
    group_id = new_id()
    header_style = node.style.with_(font_weight=700, vertical_align="top")
    _, header_h = text_size(node.text, header_style, None)
    out: list[Element] = [Group(id=group_id, parent=parent)]
    out.append(Shape(id=box_id, x=box.x, y=box.y, w=box.w, h=box.h, shape="rectangle", text=node.text,
                     style=header_style.with_(vertical_align="top"), parent=group_id, link=node.link, data=data))
    y = box.y + header_h + PADDING_Y * 1.5
    line_style = DEFAULT_STYLE.with_(stroke=node.style.stroke, stroke_width=1.0, fill="none")
    text_style = node.style.with_(fill="none", stroke="none", text_align="left", vertical_align="top")
    for section in node.sections:
        out.append(Path(id=new_id(), x=box.x, y=y, w=box.w, h=1.0, points=((0.0, 0.0), (box.w, 0.0)),
                        style=line_style, parent=group_id))
        _, h = text_size(section, text_style, None)
        height = max(h, 4.0)
        out.append(Text(id=new_id(), x=box.x + PADDING_X * 0.6, y=y + PADDING_Y * 0.5, w=box.w - PADDING_X * 1.2,
                        h=height, text=section, style=text_style, parent=group_id, auto_size=False))
        y += height + PADDING_Y
    return out
