"""Canvas -> code for flowcharts: Mermaid lines for the nodes and links the user drew on the canvas."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export import SHAPE_SYNTAX, label_text, link_token
from autograph_desktop.mermaid.flowchart_spec import FlowchartSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model import Connector, Diagram, Icon, Image, Shape, Text
from autograph_desktop.model.problems import InvalidInput
from autograph_desktop.model.shapes import definition_of

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def canvas_additions(doc: Diagram, code: str) -> tuple[list[str], dict[str, tuple[float, float]]]:
    """Lines to append to `code` for canvas-made nodes and links, and where those nodes sit (layout hints)."""
    try:
        spec = parse(code)
    except InvalidInput:
        return [], {}
    if not isinstance(spec, FlowchartSpec):
        return [], {}
    known_nodes: set[str] = set(spec.nodes)
    known_edges = {(e.source, e.target, e.label) for e in spec.edges}
    ids: dict[str, str] = {}
    lines: list[str] = []
    hints: dict[str, tuple[float, float]] = {}
    counter = 1
    for el in doc:
        if not isinstance(el, (Shape, Text, Icon, Image)):
            continue
        mermaid_id = el.get("mermaid_id")
        if mermaid_id and _ID.match(mermaid_id) and mermaid_id in known_nodes:
            ids[el.id] = mermaid_id
            continue
        if el.get("role"):
            continue  # parts of a built diagram (titles, compartments), not user nodes
        while f"n{counter}" in known_nodes:
            counter += 1
        new = f"n{counter}"
        known_nodes.add(new)
        ids[el.id] = new
        opener, closer = SHAPE_SYNTAX.get(definition_of(el).name, ("[", "]"))
        lines.append(f"    {new}{opener}{label_text(el.text or new)}{closer}")
        hints[new] = (el.x, el.y)
    for conn in doc:
        if not isinstance(conn, Connector):
            continue
        source, target = ids.get(conn.source.element or ""), ids.get(conn.target.element or "")
        if source is None or target is None:
            continue
        label = " ".join(lbl.text for lbl in conn.labels if lbl.text)
        if (source, target, label) in known_edges:
            continue
        known_edges.add((source, target, label))
        text = f"|{label_text(label)}|" if label else ""
        lines.append(f"    {source} {link_token(conn)}{text} {target}")
    return lines, hints
