"""Tree views as native elements: one row per entry, a folder or file mark, and the branch lines.

Honours `treeView.rowIndent/paddingX/paddingY/lineThickness` and `themeVariables.treeView`
`labelFontSize/labelColor/lineColor`.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, colour, section, setting, theme_vars
from autograph_desktop.mermaid.theme import MermaidTheme, tint
from autograph_desktop.mermaid.treeview import TreeViewSpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE


def build(spec: TreeViewSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "treeView", "fileTree")
    variables = theme_vars(config, "treeView", "fileTree")
    font = setting(variables, "labelFontSize", setting(variables, "fontSize", 15.0, 4.0, 60.0), 4.0, 60.0)
    indent = setting(options, "rowIndent", 10.0, 0.0, 200.0) + 16
    pad_x = setting(options, "paddingX", 5.0, 0.0, 60.0)
    pad_y = setting(options, "paddingY", 5.0, 0.0, 60.0)
    row = font * 1.3 + 2 * pad_y
    line_style = DEFAULT_STYLE.with_(fill="none", stroke=colour(variables.get("lineColor"), theme.edge),
                                     stroke_width=setting(options, "lineThickness", 1.0, 0.1, 20.0))
    label = LABEL.with_(font_size=font, text_color=colour(variables.get("labelColor"), theme.text), text_align="left")
    chart = Chart("treeview", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    mark = font * 0.8
    row_y = [top + i * row for i in range(len(spec.entries))]
    for entry in spec.entries:
        x = entry.depth * indent
        cy = row_y[entry.index] + row / 2
        folder = entry.folder
        fill = tint(theme.accent[1] if folder else theme.accent[0], 0.35, theme.canvas)
        chart.rect(x, cy - mark / 2, mark * (1.2 if folder else 0.85), mark,
                   DEFAULT_STYLE.with_(fill=fill, stroke=theme.edge, stroke_width=0.8),
                   shape="card" if folder else "document", role="mark")
        chart.text(x + mark * 1.3 + pad_x, cy - font * 0.65 - 2, entry.name, label, h=font * 1.3 + 4, role="entry",
                   index=str(entry.index), depth=str(entry.depth))
        if entry.parent is not None:
            px = spec.entries[entry.parent].depth * indent + mark / 2
            chart.line(px, cy, x - 3, cy, line_style, role="branch")
        if entry.children:
            last = row_y[entry.children[-1]] + row / 2
            chart.line(x + mark / 2, cy + mark / 2, x + mark / 2, last, line_style, role="branch")
    return chart.finish(spec.title or "Tree view")
