"""A mind map built from Mermaid back to `mindmap` text: the tree by indentation, shapes, icons, classes."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import finish
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.mermaid.richlabels import markdown_label
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.richtext import RUNS_KEY

BRACKETS = {"square": ("[", "]"), "rounded": ("(", ")"), "circle": ("((", "))"), "bang": ("))", "(("),
            "cloud": (")", "("), "hexagon": ("{{", "}}")}


def _node(node_id: str, text: str, shape: str, markdown: bool) -> str:
    body = entities(text.strip())
    inner = f'"`{body}`"' if markdown else f'"{body}"'
    if shape == "default":
        return inner if markdown or not re.fullmatch(r"[\w .,'&-]+", body) or body[0] in "-" else body
    opening, closing = BRACKETS[shape]
    ident = node_id if re.fullmatch(r"[^\"()\[\]{}:]*", node_id) and not node_id.startswith(" ") else "n"
    return f"{ident}{opening}{inner}{closing}"


def to_mermaid(diagram: Diagram) -> str:
    nodes = sorted((e for e in diagram if e.get("role") == "node"), key=lambda e: int(e.get("index") or 0))
    lines = ["mindmap"]
    depth: dict[str, int] = {}
    for node in nodes:
        parent = node.get("parent")
        level = depth[parent] + 1 if parent in depth else 0
        depth[node.get("index")] = level
        pad = "  " * (level + 1)
        markdown = markdown_label(node.text, node.get(RUNS_KEY)) if node.get("markdown") else None
        lines.append(pad + _node(node.get("mermaid_id"), markdown if markdown is not None else node.text,
                                 node.get("shape", "default"), bool(node.get("markdown"))))
        if node.get("icon"):
            lines.append(pad + f"::icon({node.get('icon')})")
        if node.get("classes"):
            lines.append(pad + f":::{node.get('classes')}")
    return finish(lines)
