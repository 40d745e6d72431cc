"""Parsed Mermaid specs -> native diagrams: one adapter per diagram type, all ending in model elements.

Graph-like types fill a `GraphDraft` (laid out by our layered layout); sequence and the timeline-like
types have dedicated layouts in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograph_desktop.mermaid.common import MermaidSpec
from autograph_desktop.mermaid.graph_build import (
    DraftCluster,
    DraftEdge,
    DraftNode,
    GraphDraft,
    build_diagram,
)
from autograph_desktop.mermaid.theme import (
    MermaidTheme,
    apply_css,
    cluster_style,
    edge_style,
    node_style,
    theme_named,
)
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.problems import InvalidInput, Problem

FLOW_ARROWS = {"none": "none", "arrow": "triangle", "circle": "circle", "cross": "cross"}
CLASS_HEADS = {"none": "none", "triangle": "open_triangle", "diamond": "open_diamond",
               "diamond_filled": "diamond", "arrow": "arrow", "lollipop": "open_circle"}

Builder = Callable[[Any, MermaidTheme, dict[str, tuple[float, float]] | None], Diagram]


def dedicated_builder(kind: str) -> Builder | None:
    """`build(spec, theme, hints) -> Diagram` for the types with their own layout (imported on first use)."""
    if kind == "sequence":
        from autograph_desktop.mermaid.build_sequence import build as sequence
        return sequence
    if kind in ("gantt", "pie", "timeline", "journey"):
        from autograph_desktop.mermaid.build_charts import build as charts
        return charts
    if kind in ("gitgraph", "mindmap"):
        from autograph_desktop.mermaid.build_trees import build as trees
        return trees
    return _diagram_a_builder(kind)


def _diagram_a_builder(kind: str) -> Builder | None:
    """Architecture, C4, block and kanban (kept together so other types merge apart)."""
    if kind == "architecture":
        from autograph_desktop.mermaid.build_architecture import build as architecture
        return architecture
    if kind == "c4":
        from autograph_desktop.mermaid.build_c4 import build as c4
        return c4
    if kind == "block":
        from autograph_desktop.mermaid.build_block import build as block
        return block
    if kind == "kanban":
        from autograph_desktop.mermaid.build_kanban import build as kanban
        return kanban
    return None


def _theme_for(config: dict[str, Any] | None) -> MermaidTheme:
    return theme_named((config or {}).get("theme"))


def flowchart_draft(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> GraphDraft:
    draft = GraphDraft("flowchart", spec.direction or "TB", title=spec.title, theme=theme.canvas)
    curve = str(((config or {}).get("flowchart") or {}).get("curve", "")).lower()
    default_routing = "curved" if curve in ("basis", "cardinal", "monotonex", "monotoney", "natural",
                                            "catmullrom") else "orthogonal"
    class_defs: dict[str, dict[str, str]] = spec.class_defs
    default_decl = class_defs.get("default", {})
    for sub in spec.subgraphs:
        decls = [class_defs.get(c, {}) for c in sub.classes] + [sub.style]
        draft.clusters[sub.id] = DraftCluster(sub.id, sub.title, sub.parent, cluster_style(theme, *decls))
    member_of: dict[str, str] = {}
    for sub in spec.subgraphs:
        for node_id in sub.node_ids:
            member_of[node_id] = sub.id  # later (inner) subgraphs win, as in Mermaid
    for node in spec.nodes.values():
        decls = [default_decl] + [class_defs.get(c, {}) for c in node.classes] + [node.style]
        data = {"mermaid_shape": node.shape_name or node.shape}
        if node.is_markdown:
            data["markdown"] = "1"
        if node.tooltip:
            data["tooltip"] = node.tooltip
        draft.nodes[node.id] = DraftNode(node.id, node.label, node.shape, node_style(theme, *decls),
                                         member_of.get(node.id), link=node.link or "", data=data,
                                         as_text=node.shape == "text")
    for edge in spec.edges:
        routing = default_routing
        if edge.interpolate:
            routing = "straight" if edge.interpolate.lower() == "linear" else "curved"
        data = {"stroke": edge.stroke} if edge.stroke != "normal" else {}
        if edge.is_markdown:
            data["markdown"] = "1"
        draft.edges.append(DraftEdge(edge.id, edge.source, edge.target, edge.label,
                                     edge_style(theme, edge.stroke, edge.style),
                                     FLOW_ARROWS.get(edge.start_arrow, "none"), FLOW_ARROWS.get(edge.end_arrow, "none"),
                                     minlen=edge.min_length, routing=routing, data=data))
    return draft


def class_draft(spec: Any, theme: MermaidTheme) -> GraphDraft:
    draft = GraphDraft("class", spec.direction or "TB", title=spec.title, theme=theme.canvas)
    class_defs: dict[str, dict[str, str]] = spec.class_defs
    ns_of: dict[str, str] = {}
    for ns in spec.namespaces:
        draft.clusters[f"ns:{ns.name}"] = DraftCluster(f"ns:{ns.name}", ns.name,
                                                      f"ns:{ns.parent}" if ns.parent else None,
                                                      cluster_style(theme))
        for name in ns.class_names:
            ns_of[name] = f"ns:{ns.name}"
    for cls in spec.classes.values():
        title = cls.label + (f"<{cls.generic}>" if cls.generic else "")
        if cls.annotations:
            title = "\n".join(f"«{a}»" for a in cls.annotations) + "\n" + title
        decls = [class_defs.get(c, {}) for c in cls.css_classes] + [cls.style]
        sections = ["\n".join(m.text for m in cls.attributes), "\n".join(m.text for m in cls.methods)]
        draft.nodes[cls.name] = DraftNode(cls.name, title, "rectangle", node_style(theme, *decls),
                                          ns_of.get(cls.name), sections=sections, link=cls.link or "")
    for n, note in enumerate(spec.notes):
        key = f"note:{n}"
        draft.nodes[key] = DraftNode(key, note.text, "note",
                                     node_style(theme).with_(fill=theme.note_fill, stroke=theme.note_stroke))
        if note.for_class and note.for_class in draft.nodes:
            draft.edges.append(DraftEdge(f"{key}:link", key, note.for_class, style=edge_style(theme, "dotted"),
                                         end_arrow="none"))
    for n, iface in enumerate(spec.interfaces):
        key = f"iface:{n}"
        draft.nodes[key] = DraftNode(key, iface.name, "circle", node_style(theme), width=16, height=16)
        if iface.for_class in draft.nodes:
            draft.edges.append(DraftEdge(f"{key}:link", iface.for_class, key, style=edge_style(theme),
                                         end_arrow="none"))
    for n, rel in enumerate(spec.relations):
        if rel.source not in draft.nodes or rel.target not in draft.nodes:
            continue
        stroke = "dotted" if rel.line == "dashed" else "normal"
        draft.edges.append(DraftEdge(f"rel:{n}", rel.source, rel.target, rel.label, edge_style(theme, stroke),
                                     CLASS_HEADS.get(rel.source_head, "none"), CLASS_HEADS.get(rel.target_head, "none"),
                                     source_label=rel.source_cardinality, target_label=rel.target_cardinality,
                                     data={"relation": rel.kind}))
    return draft


def graph_draft(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None) -> GraphDraft | None:
    kind = spec.diagram_type
    if kind == "flowchart":
        return flowchart_draft(spec, theme, config)
    if kind == "class":
        return class_draft(spec, theme)
    if kind == "er":
        from autograph_desktop.mermaid.build_er import draft as er_draft
        return er_draft(spec, theme)
    if kind == "state":
        from autograph_desktop.mermaid.build_state import draft as state_draft
        return state_draft(spec, theme)
    if kind == "requirement":
        from autograph_desktop.mermaid.build_requirement import draft as requirement_draft
        return requirement_draft(spec, theme)
    return None


def spec_to_diagram(spec: MermaidSpec, config: dict[str, Any] | None = None,
                    hints: dict[str, tuple[float, float]] | None = None, source_text: str = "",
                    thorough: bool = True) -> Diagram:
    """A new Diagram for a parsed spec; `hints` pin nodes (by Mermaid id) where the user dragged them;
    `thorough=False` is the editor's live preview: the same drawing up to ~200 nodes, fewer refinements
    (a few more crossings) beyond, see `LayoutOptions`."""
    theme = _theme_for(config)
    draft = graph_draft(spec, theme, config)
    if draft is not None:
        meta = DiagramMeta(title=spec.title or f"Mermaid {spec.diagram_type}", kind=spec.diagram_type,
                           theme=theme.canvas, source=source_text, source_kind="mermaid" if source_text else "")
        return build_diagram(draft, hints, meta, thorough)
    from autograph_desktop.mermaid.chart_types import build as build_chart

    chart = build_chart(spec, config, source_text)
    if chart is not None:
        return chart
    builder = dedicated_builder(spec.diagram_type)
    if builder is None:
        raise InvalidInput([Problem(f"{spec.diagram_type} diagrams cannot be drawn yet")])
    diagram = builder(spec, theme, hints)
    if source_text:
        from dataclasses import replace

        diagram.meta = replace(diagram.meta, source=source_text, source_kind="mermaid", theme=theme.canvas)
    return diagram


__all__ = ["apply_css", "spec_to_diagram"]
