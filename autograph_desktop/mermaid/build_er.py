"""ER diagrams as a graph draft: entities with an attribute compartment, relationships with crow's feet."""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.graph_build import DraftEdge, DraftNode, GraphDraft
from autograph_desktop.mermaid.theme import MermaidTheme, edge_style, node_style

#: Cardinality -> the arrowhead drawn at that end of the relationship line.
CROWS_FEET = {"exactly_one": "crow_one", "zero_or_one": "crow_zero_one", "zero_or_more": "crow_zero_many",
              "one_or_more": "crow_one_many"}


def _attribute_line(attr: Any) -> str:
    keys = ", ".join(attr.keys)
    text = f"{attr.type} {attr.name}"
    if keys:
        text += f"  {keys}"
    if attr.comment:
        text += f'  "{attr.comment}"'
    return text


def draft(spec: Any, theme: MermaidTheme) -> GraphDraft:
    result = GraphDraft("er", spec.direction or "TB", title=spec.title, theme=theme.canvas, rank_spacing=80.0)
    class_defs: dict[str, dict[str, str]] = spec.class_defs
    for entity in spec.entities.values():
        decls = [class_defs.get(c, {}) for c in entity.classes] + [entity.style]
        sections = ["\n".join(_attribute_line(a) for a in entity.attributes)] if entity.attributes else []
        result.nodes[entity.name] = DraftNode(entity.name, entity.alias or entity.name, "rectangle",
                                              node_style(theme, *decls), sections=sections)
    for n, rel in enumerate(spec.relationships):
        if rel.source not in result.nodes or rel.target not in result.nodes:
            continue
        style = edge_style(theme, "normal" if rel.identifying else "dotted")
        result.edges.append(DraftEdge(f"rel:{n}", rel.source, rel.target, rel.label, style,
                                      CROWS_FEET.get(rel.source_cardinality, "none"),
                                      CROWS_FEET.get(rel.target_cardinality, "none"),
                                      data={"identifying": str(rel.identifying).lower()}))
    return result
