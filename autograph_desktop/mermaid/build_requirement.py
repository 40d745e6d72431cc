"""Requirement diagrams as a graph draft: a box per requirement or element with its kind and name on top
and its fields below, relations as labelled lines (`contains` with the containment circle, the others
dashed and open-headed, as SysML draws them)."""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.graph_build import DraftEdge, DraftNode, GraphDraft
from autograph_desktop.mermaid.requirement import KINDS, RequirementSpec
from autograph_desktop.mermaid.theme import MermaidTheme, edge_style, node_style


def requirement_fields(req: Any) -> str:
    return "\n".join(f"{key}: {value}" for key, value in (("ID", req.id), ("Text", req.text), ("Risk", req.risk),
                                                          ("Verification", req.verify)) if value)


def element_fields(el: Any) -> str:
    return "\n".join(f"{key}: {value}" for key, value in (("Type", el.type), ("Doc Ref", el.docref)) if value)


def draft(spec: RequirementSpec, theme: MermaidTheme) -> GraphDraft:
    result = GraphDraft("requirement", spec.direction, title=spec.title, theme=theme.canvas, rank_spacing=70.0)
    default = spec.class_defs.get("default", {})
    for req in spec.requirements.values():
        decls = [default] + [spec.class_defs.get(c, {}) for c in req.classes] + [req.style]
        fields = requirement_fields(req)
        result.nodes[req.name] = DraftNode(req.name, f"«{KINDS[req.kind.lower()]}»\n{req.name}", "rectangle",
                                           node_style(theme, *decls), sections=[fields] if fields else [""],
                                           data={"req_kind": req.kind, "req_direction": spec.direction})
    for el in spec.elements.values():
        decls = [default] + [spec.class_defs.get(c, {}) for c in el.classes] + [el.style]
        fields = element_fields(el)
        result.nodes[el.name] = DraftNode(el.name, f"«Element»\n{el.name}", "rectangle", node_style(theme, *decls),
                                          sections=[fields] if fields else [""],
                                          data={"req_kind": "element", "req_direction": spec.direction})
    for n, rel in enumerate(spec.relations):
        if rel.source not in result.nodes or rel.target not in result.nodes:
            continue
        contains = rel.kind == "contains"
        style = edge_style(theme, "normal" if contains else "dotted").with_(dash="solid" if contains else "dashed")
        result.edges.append(DraftEdge(f"rel:{n}", rel.source, rel.target, f"«{rel.kind}»", style,
                                      "open_circle" if contains else "none", "none" if contains else "arrow",
                                      data={"relation": rel.kind}))
    return result
