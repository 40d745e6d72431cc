"""The chart-like and newer Mermaid types in one registry: parser, builder and exporter per type.

`parse.py`, `to_model.py` and `export.py` each ask this module first, so adding a type here is the only
change they need. Exporters are also found for gantt, pie, timeline, journey, gitGraph and mindmap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from autograph_desktop.mermaid import (
    build_charts,
    build_eventmodel,
    build_ishikawa,
    build_packet,
    build_quadrant,
    build_radar,
    build_sankey,
    build_treemap,
    build_trees,
    build_treeview,
    build_venn,
    build_wardley,
    build_xychart,
    build_zenuml,
    eventmodel,
    export_eventmodel,
    export_gantt,
    export_gitgraph,
    export_ishikawa,
    export_journey,
    export_mindmap,
    export_packet,
    export_pie,
    export_quadrant,
    export_radar,
    export_sankey,
    export_timeline,
    export_treemap,
    export_treeview,
    export_venn,
    export_wardley,
    export_xychart,
    export_zenuml,
    ishikawa,
    packet,
    quadrant,
    radar,
    sankey,
    treemap,
    treeview,
    venn,
    wardley,
    xychart,
    zenuml,
)
from autograph_desktop.mermaid.chartexport import config_lines
from autograph_desktop.mermaid.chartkit import themed
from autograph_desktop.mermaid.common import MermaidSpec, Prepared
from autograph_desktop.mermaid.theme import MermaidTheme, theme_named
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Group

Parser = Callable[[Prepared], Any]
Builder = Callable[[Any, MermaidTheme, dict[str, Any]], Diagram]
Exporter = Callable[[Diagram], str]

PARSERS: dict[str, Parser] = {
    "xychart": xychart.parse,
    "quadrant": quadrant.parse,
    "sankey": sankey.parse,
    "packet": packet.parse,
    "radar": radar.parse,
    "treemap": treemap.parse,
    "venn": venn.parse,
    "ishikawa": ishikawa.parse,
    "treeview": treeview.parse,
    "eventmodeling": eventmodel.parse,
    "wardley": wardley.parse,
    "zenuml": zenuml.parse,
}
BUILDERS: dict[str, Builder] = {
    "xychart": build_xychart.build,
    "quadrant": build_quadrant.build,
    "sankey": build_sankey.build,
    "packet": build_packet.build,
    "radar": build_radar.build,
    "treemap": build_treemap.build,
    "venn": build_venn.build,
    "ishikawa": build_ishikawa.build,
    "treeview": build_treeview.build,
    "eventmodeling": build_eventmodel.build,
    "wardley": build_wardley.build,
    "zenuml": build_zenuml.build,
    # The older chart types, built here so that they get the configuration too.
    "gantt": build_charts.build_gantt,
    "pie": build_charts.build_pie,
    "timeline": build_charts.build_timeline,
    "journey": build_charts.build_journey,
    "gitgraph": build_trees.build_gitgraph,
    "mindmap": build_trees.build_mindmap,
}
EXPORTERS: dict[str, Exporter] = {
    "xychart": export_xychart.to_mermaid,
    "quadrant": export_quadrant.to_mermaid,
    "sankey": export_sankey.to_mermaid,
    "packet": export_packet.to_mermaid,
    "radar": export_radar.to_mermaid,
    "treemap": export_treemap.to_mermaid,
    "venn": export_venn.to_mermaid,
    "ishikawa": export_ishikawa.to_mermaid,
    "treeview": export_treeview.to_mermaid,
    "eventmodeling": export_eventmodel.to_mermaid,
    "wardley": export_wardley.to_mermaid,
    "zenuml": export_zenuml.to_mermaid,
    "gantt": export_gantt.to_mermaid,
    "pie": export_pie.to_mermaid,
    "timeline": export_timeline.to_mermaid,
    "journey": export_journey.to_mermaid,
    "gitgraph": export_gitgraph.to_mermaid,
    "mindmap": export_mindmap.to_mermaid,
}


def parse(prepared: Prepared) -> MermaidSpec | None:
    """The spec for a prepared source of one of these types; None for the other types."""
    parser = PARSERS.get(prepared.diagram_type)
    if parser is None:
        return None
    spec: MermaidSpec = parser(prepared)
    return spec


def build(spec: MermaidSpec, config: dict[str, Any] | None, source_text: str = "") -> Diagram | None:
    """A new Diagram for a spec of one of these types (None for the other types)."""
    builder = BUILDERS.get(spec.diagram_type)
    if builder is None:
        return None
    theme = themed(theme_named((config or {}).get("theme")), config)
    diagram = builder(spec, theme, config or {})
    if source_text:
        diagram.meta = replace(diagram.meta, source=source_text, source_kind="mermaid", theme=theme.canvas)
    else:
        diagram.meta = replace(diagram.meta, theme=theme.canvas)
    return diagram


def chart_kind(diagram: Diagram) -> str:
    """The type a diagram was built as: its `meta.kind`, else the kind its only chart group records."""
    if diagram.meta.kind in EXPORTERS:
        return diagram.meta.kind
    kinds = {e.get("chart") for e in diagram if isinstance(e, Group) and e.get("chart") in EXPORTERS}
    return kinds.pop() if len(kinds) == 1 else ""


def export(diagram: Diagram) -> str | None:
    """Mermaid text for a diagram built from one of these types (None when it is something else), with the
    configuration it was made with as a directive after any front matter."""
    kind = chart_kind(diagram)
    if not kind:
        return None
    text = EXPORTERS[kind](diagram)
    config = config_lines(diagram)
    if not config:
        return text
    lines = text.split("\n")
    at = lines.index("---", 1) + 1 if lines[0] == "---" and "---" in lines[1:] else 0
    return "\n".join([*lines[:at], *config, *lines[at:]])
