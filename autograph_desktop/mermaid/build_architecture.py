"""Architecture diagrams as native elements: services as icons, groups as frames, sided orthogonal edges.

Placement follows the sides the author named (`a:R -- L:b` puts b right of a) through the side-constrained
grid layout; each edge then leaves and enters at exactly those sides, routed around the other services.
Edges with `{group}` attach to the service's frame beside the service. What could not be honoured (a
cycle of contradictory sides) is reported as a warning on the edge's line.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.layout import Rect as LayoutRect
from autograph_desktop.layout.sided import SideConstraint, SidedBox, SidedCluster, sided_layout
from autograph_desktop.mermaid.architecture import ArchEdge, ArchitectureSpec, ArchNode
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.native import finish, orthogonal_route, pairs, side_point, title_text
from autograph_desktop.mermaid.theme import MermaidTheme, cluster_style, edge_style, node_style
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    Connector,
    ConnectorLabel,
    Element,
    Endpoint,
    Frame,
    Icon,
    Shape,
    new_id,
)
from autograph_desktop.model.problems import Problem

ICON = 72.0
JUNCTION = 10.0
GROUP_ICON = 20.0
LABEL_GAP = 4.0
SPACING = 70.0


class _Builder:
    def __init__(self, spec: ArchitectureSpec, theme: MermaidTheme) -> None:
        self.spec, self.theme = spec, theme
        self.label_style = node_style(theme).with_(fill="none", stroke="none", font_size=13.0)
        self.body: dict[str, LayoutRect] = {}  # what connectors attach to (icon, box or dot)
        self.ids: dict[str, str] = {}

    def footprint(self, node: ArchNode) -> SidedBox:
        """Icon services are the icon plus the label under it; the anchor is the icon's centre."""
        if node.kind == "junction":
            return SidedBox(node.id, JUNCTION, JUNCTION, node.parent)
        if node.icon:
            label_w, label_h = text_size(node.title, self.label_style, max(ICON * 2.5, 120.0))
            width = max(ICON, label_w + 4)
            height = ICON + (LABEL_GAP + label_h if node.title else 0.0)
            return SidedBox(node.id, width, height, node.parent, anchor=(width / 2, ICON / 2))
        label_w, _ = text_size(node.title or node.id, self.label_style, 160.0)
        return SidedBox(node.id, max(ICON * 1.5, label_w + 24), ICON, node.parent)

    def layout(self) -> tuple[dict[str, LayoutRect], dict[str, LayoutRect]]:
        nodes = [*self.spec.services.values(), *self.spec.junctions.values()]
        boxes = [self.footprint(n) for n in nodes]
        clusters = [SidedCluster(g.id, g.parent, title_height=GROUP_ICON + 6 if g.icon else 0.0, padding=28.0)
                    for g in self.spec.groups.values()]
        constraints = [SideConstraint(e.source, e.source_side, e.target, e.target_side) for e in self.spec.edges]
        result = sided_layout(boxes, clusters, constraints, spacing=SPACING)
        for index in result.unmet:
            edge = self.spec.edges[index]
            self.spec.warnings.append(Problem(
                f"the edge {edge.source} -- {edge.target} cannot leave {edge.source} on its {edge.source_side} "
                "side with the other edges as they are; it is drawn anyway", line=edge.line, severity="warning",
                hint="check for edges whose sides contradict each other"))
        return result.boxes, result.clusters

    def build(self) -> Diagram:
        footprints, group_rects = self.layout()
        elements: list[Element] = []
        frames = self.frames(group_rects, elements)
        nodes: list[Element] = []
        for node in [*self.spec.services.values(), *self.spec.junctions.values()]:
            nodes.append(self.node(node, footprints[node.id], frames))
        connectors = [self.connector(n, e, footprints, group_rects, frames) for n, e in enumerate(self.spec.edges)]
        elements.extend(connectors)
        elements.extend(nodes)
        title, _ = title_text(self.spec.title, self.theme, min((r.x for r in footprints.values()), default=0.0),
                              min([r.y for r in footprints.values()] + [r.y - 24 for r in group_rects.values()],
                                  default=0.0))
        if title:
            elements.append(title)
        meta = DiagramMeta(title=self.spec.title or "Architecture", kind="architecture", theme=self.theme.canvas)
        return finish(elements, meta)

    def frames(self, rects: dict[str, LayoutRect], out: list[Element]) -> dict[str, str]:
        ids = {gid: new_id() for gid in self.spec.groups}
        depth = {gid: self._depth(gid) for gid in self.spec.groups}
        style = cluster_style(self.theme).with_(dash="dashed", fill="none", corner_radius=6.0)
        for gid in sorted(self.spec.groups, key=depth.__getitem__):
            group, rect = self.spec.groups[gid], rects[gid]
            parent = ids[group.parent] if group.parent else None
            out.append(Frame(id=ids[gid], x=rect.x, y=rect.y, w=rect.w, h=rect.h, text=group.title,
                             style=style, parent=parent,
                             data=pairs({"mermaid_id": gid, "arch": "group", "mermaid_icon": group.icon_name})))
            if group.icon:
                out.append(Icon(x=rect.x + 8, y=rect.y + 8, w=GROUP_ICON, h=GROUP_ICON, icon=group.icon,
                                parent=ids[gid], data=pairs({"role": "group_icon", "mermaid_icon": group.icon_name,
                                            "built_icon": group.icon})))
        return ids

    def _depth(self, gid: str) -> int:
        depth, parent = 0, self.spec.groups[gid].parent
        while parent is not None and depth < len(self.spec.groups):
            depth, parent = depth + 1, self.spec.groups[parent].parent
        return depth

    def node(self, node: ArchNode, rect: LayoutRect, frames: dict[str, str]) -> Element:
        parent = frames.get(node.parent) if node.parent else None
        element_id = new_id()
        self.ids[node.id] = element_id
        data = {"mermaid_id": node.id, "arch": node.kind, "mermaid_icon": node.icon_name, "built_icon": node.icon}
        if node.kind == "junction":
            self.body[node.id] = rect
            style = node_style(self.theme).with_(fill=self.theme.edge, stroke=self.theme.edge)
            return Shape(id=element_id, x=rect.x, y=rect.y, w=rect.w, h=rect.h, shape="circle", style=style,
                         parent=parent, data=pairs(data))
        if node.icon:
            body = LayoutRect(rect.x + (rect.w - ICON) / 2, rect.y, ICON, ICON)
            self.body[node.id] = body
            return Icon(id=element_id, x=body.x, y=body.y, w=ICON, h=ICON, icon=node.icon, text=node.title,
                        style=self.label_style, parent=parent, data=pairs(data))
        self.body[node.id] = rect
        style = node_style(self.theme).with_(corner_radius=8.0)
        return Shape(id=element_id, x=rect.x, y=rect.y, w=rect.w, h=rect.h, shape="rounded",
                     text=node.title, style=style, parent=parent, data=pairs(data))

    def connector(self, index: int, edge: ArchEdge, footprints: dict[str, LayoutRect],
                  group_rects: dict[str, LayoutRect], frames: dict[str, str]) -> Connector:
        ends: list[tuple[Endpoint, Any]] = []
        for node_id, side, grouped in ((edge.source, edge.source_side, edge.source_group),
                                       (edge.target, edge.target_side, edge.target_group)):
            body = self.body[node_id]
            if grouped:
                group = self.spec.services[node_id].parent or ""
                frame = group_rects[group]
                cx, cy = body.center
                ratio = (cy - frame.y) / frame.h if side in ("left", "right") else (cx - frame.x) / frame.w
                ratio = min(0.95, max(0.05, ratio))
                ends.append((Endpoint(frames[group], side, ratio), side_point(frame, side, ratio)))
            else:
                ratio = self.ratio(node_id, side, index)
                ends.append((Endpoint(self.ids[node_id], side, ratio), side_point(body, side, ratio)))
        (source, start), (target, end) = self.straighten(index, edge, ends)
        # An end attached to a node avoids that node's label only; an end on a group frame avoids all.
        attached = {k for k, grouped in ((edge.source, edge.source_group), (edge.target, edge.target_group))
                    if not grouped}
        obstacles = [r for key, r in footprints.items() if key not in attached]
        obstacles += [self.body[k] for k in attached]
        waypoints = orthogonal_route(start, edge.source_side, end, edge.target_side, obstacles)
        return Connector(id=new_id(), source=source, target=target, routing="orthogonal", waypoints=waypoints,
                         start_arrow="triangle" if edge.source_arrow else "none",
                         end_arrow="triangle" if edge.target_arrow else "none",
                         labels=(ConnectorLabel(edge.label),) if edge.label else (), style=edge_style(self.theme),
                         data=pairs({"mermaid_id": f"e{index}", "arch": "edge",
                                     "source_group": "true" if edge.source_group else "",
                                     "target_group": "true" if edge.target_group else ""}))

    def straighten(self, index: int, edge: ArchEdge, ends: list[tuple[Endpoint, Any]]) -> list[tuple[Endpoint, Any]]:
        """When one end of a vertical edge moved off-centre to pass its label, move the other end to match
        so that neighbours in one column keep a straight line."""
        if {edge.source_side, edge.target_side} != {"top", "bottom"} or edge.source_group or edge.target_group \
                or edge.source == edge.target:
            return ends
        out = list(ends)
        for moved, fixed, node_id, side in ((1, 0, edge.target, edge.target_side),
                                            (0, 1, edge.source, edge.source_side)):
            if out[fixed][0].ratio == 0.5 or out[moved][0].ratio != 0.5 or node_id in self.spec.junctions \
                    or len(self.sharing(node_id, side)) != 1:
                continue
            body = self.body[node_id]
            ratio = (out[fixed][1][0] - body.x) / body.w
            if 0.05 <= ratio <= 0.95:
                end = out[moved][0]
                out[moved] = (Endpoint(end.element, end.side, ratio), side_point(body, side, ratio))
            break
        return out

    def sharing(self, node_id: str, side: str) -> list[int]:
        return [n for n, e in enumerate(self.spec.edges)
                if (e.source == node_id and e.source_side == side and not e.source_group)
                or (e.target == node_id and e.target_side == side and not e.target_group)]

    def ratio(self, node_id: str, side: str, index: int) -> float:
        """Several edges on one side of a service are spread along it; a junction keeps them at its middle."""
        if node_id in self.spec.junctions:
            return 0.5
        sharing = self.sharing(node_id, side)
        if len(sharing) == 1 and side == "bottom":
            return self.beside_label(node_id, index)
        if len(sharing) <= 1:
            return 0.5
        axis = 1 if side in ("left", "right") else 0

        def across(n: int) -> float:
            e = self.spec.edges[n]
            return self.body[e.target if e.source == node_id else e.source].center[axis]

        sharing.sort(key=lambda n: (across(n), n))
        return (sharing.index(index) + 1) / (len(sharing) + 1)


    def beside_label(self, node_id: str, index: int) -> float:
        """A line leaving an icon downwards passes beside its label when the label is narrow enough."""
        node = self.spec.services[node_id]
        if not node.icon or not node.title:
            return 0.5
        label_w, _ = text_size(node.title, self.label_style, max(ICON * 2.5, 120.0))
        margin = (ICON - label_w) / 2 - 3
        if margin < 4:
            return 0.5
        edge = self.spec.edges[index]
        other = self.body[edge.target if edge.source == node_id else edge.source]
        toward_right = other.center[0] >= self.body[node_id].center[0]
        return 1 - margin / ICON if toward_right else margin / ICON


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    """A new Diagram for an ArchitectureSpec (`hints` are not used: the sides decide the places)."""
    return _Builder(spec, theme).build()
