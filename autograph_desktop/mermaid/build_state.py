"""State diagrams as a graph draft: states, start/end markers, choices, forks, composites as frames."""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.graph_build import DraftCluster, DraftEdge, DraftNode, GraphDraft
from autograph_desktop.mermaid.theme import MermaidTheme, cluster_style, edge_style, node_style


def draft(spec: Any, theme: MermaidTheme) -> GraphDraft:
    result = GraphDraft("state", spec.direction or "TB", title=spec.title, theme=theme.canvas)
    class_defs: dict[str, dict[str, str]] = spec.class_defs
    region_of: dict[str, str] = {}
    for state in spec.states.values():
        if state.kind == "composite":
            decls = [class_defs.get(c, {}) for c in state.classes] + [state.style]
            parent = region_of.get(state.id, state.parent)
            result.clusters[state.id] = DraftCluster(state.id, state.description or state.id, parent,
                                                     cluster_style(theme, *decls).with_(corner_radius=10.0))
            if len(state.regions) > 1:
                for n, members in enumerate(state.regions):
                    key = f"{state.id}:region{n}"
                    result.clusters[key] = DraftCluster(key, "", state.id,
                                                        cluster_style(theme).with_(dash="dashed", fill="none"))
                    for member in members:
                        region_of[member] = key
    # Parents may be declared after their children: fix region parents now that all are known.
    for key, draft_cluster in result.clusters.items():
        if ":region" not in key and draft_cluster.parent is not None:
            draft_cluster.parent = region_of.get(key, draft_cluster.parent)
    ink = theme.text
    for state in spec.states.values():
        if state.kind == "composite":
            continue
        decls = [class_defs.get(c, {}) for c in state.classes] + [state.style]
        style = node_style(theme, *decls)
        cluster = region_of.get(state.id, state.parent)
        cluster = cluster if cluster in result.clusters else None
        if state.kind == "start":
            node = DraftNode(state.id, "", "circle", style.with_(fill=ink, stroke=ink), cluster, width=20, height=20)
        elif state.kind == "end":
            node = DraftNode(state.id, "", "double_circle", style.with_(fill=ink, stroke=ink), cluster, width=24,
                             height=24)
        elif state.kind == "choice":
            node = DraftNode(state.id, "", "diamond", style, cluster, width=28, height=28)
        elif state.kind in ("fork", "join"):
            horizontal = (spec.direction or "TB") in ("TB", "BT")
            node = DraftNode(state.id, "", "rectangle", style.with_(fill=ink, stroke=ink), cluster,
                             width=70 if horizontal else 10, height=10 if horizontal else 70)
        else:
            node = DraftNode(state.id, state.description or state.id, "rounded",
                             style.with_(corner_radius=10.0), cluster)
        node.data["state_kind"] = state.kind
        result.nodes[state.id] = node
    for n, note in enumerate(spec.notes):
        key = f"note:{n}"
        target = note.state_id
        cluster = result.nodes[target].cluster if target in result.nodes else None
        result.nodes[key] = DraftNode(key, note.text, "note",
                                      node_style(theme).with_(fill=theme.note_fill, stroke=theme.note_stroke), cluster)
        if target in result.nodes or target in result.clusters:
            source, dest = (key, target) if note.side == "left" else (target, key)
            result.edges.append(DraftEdge(f"{key}:link", source, dest, style=edge_style(theme, "dotted"),
                                          end_arrow="none"))
    for n, transition in enumerate(spec.transitions):
        result.edges.append(DraftEdge(f"t:{n}", transition.source, transition.target, transition.label,
                                      edge_style(theme), "none", "triangle"))
    return result
