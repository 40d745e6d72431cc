"""Ishikawa (fishbone) diagrams as native elements: a spine to the problem, slanted bones, causes on them.

Main causes alternate above and below the spine; each bone is long enough for its causes, listed from
its far end towards the spine with deeper causes indented. Widths come from the measured text.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, palette
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.ishikawa import IshikawaSpec
from autograph_desktop.mermaid.theme import MermaidTheme, node_style, tint
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE

ROW = 22.0
SLANT = 0.45
INDENT = 16.0


def _rows(spec: IshikawaSpec, bone: int) -> list[tuple[int, int]]:
    """(cause index, depth below the bone) for a bone's causes in reading order (iterative preorder)."""
    out: list[tuple[int, int]] = []
    stack = [(c, 1) for c in reversed(spec.causes[bone].children)]
    while stack:
        index, depth = stack.pop()
        out.append((index, depth))
        stack.extend((c, depth + 1) for c in reversed(spec.causes[index].children))
    return out


def build(spec: IshikawaSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    chart = Chart("ishikawa", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    cause_style = LABEL.with_(font_size=13.0, text_color=theme.text, text_align="right")
    bone_label = node_style(theme).with_(font_size=14.0, font_weight=700, corner_radius=6.0)
    bones = spec.bones()
    layouts = []
    for bone in bones:
        rows = _rows(spec, bone)
        length = max(70.0, (len(rows) + 1) * ROW + 20)
        widest = max([text_size(spec.causes[c].text, cause_style, 260.0)[0] + INDENT * d for c, d in rows] + [0.0])
        label_w = text_size(spec.causes[bone].text, bone_label, 200.0)[0] + 24
        layouts.append((bone, rows, length, max(widest + 30, label_w / 2 + 10)))
    up = [lay for n, lay in enumerate(layouts) if n % 2 == 0]
    down = [lay for n, lay in enumerate(layouts) if n % 2 == 1]
    spine_y = top + 50 + max((lay[2] for lay in up), default=40.0)
    columns = max(len(up), len(down))
    x = 20.0
    spans: list[float] = []
    for col in range(columns):
        pair = [lay for lay in (up[col] if col < len(up) else None, down[col] if col < len(down) else None) if lay]
        spans.append(x)
        x += max(lay[3] + lay[2] * SLANT for lay in pair) + 30
    colours = palette(theme, config)
    line_style = DEFAULT_STYLE.with_(fill="none", stroke=theme.edge, stroke_width=1.2)
    for n, (bone, rows, length, width) in enumerate(layouts):
        col, above = n // 2, n % 2 == 0
        colour = colours[n % len(colours)]
        far_y = spine_y - length if above else spine_y + length
        x0 = spans[col] + width
        chart.line(x0, far_y, x0 + length * SLANT, spine_y,
                   DEFAULT_STYLE.with_(fill="none", stroke=colour, stroke_width=2.5), role="bone", index=str(bone))
        tw, th = text_size(spec.causes[bone].text, bone_label, 200.0)
        box_y = far_y - th - 20 if above else far_y
        chart.rect(x0 - tw / 2 - 12, box_y, tw + 24, th + 20,
                   bone_label.with_(fill=tint(colour, 0.75, theme.canvas), stroke=colour), shape="rounded",
                   text=spec.causes[bone].text, role="cause", index=str(bone), depth="0")
        for r, (cause, depth) in enumerate(rows):
            y = (far_y + 14 + r * ROW) if above else (spine_y + 18 + r * ROW)
            bx = x0 + (y - far_y) * SLANT if above else x0 + (far_y - y) * SLANT
            text = spec.causes[cause].text
            style = cause_style.with_(font_size=13.0 if depth == 1 else 12.0,
                                      text_color=theme.text if depth == 1 else tint(theme.text, 0.25, theme.canvas))
            cw, ch = text_size(text, style, 260.0)
            right = bx - 8 - INDENT * (depth - 1)
            chart.text(right - cw - 6, y - ch - 1, text, style, w=cw + 6, role="cause", index=str(cause),
                       depth=str(depth))
            chart.line(right - cw - 4 if depth == 1 else right - cw, y, bx if depth == 1 else right + 2, y,
                       line_style.with_(stroke_width=1.2 if depth == 1 else 0.8), role="cause-line")
    head_w, head_h = text_size(spec.event, node_style(theme).with_(font_weight=700), 200.0)
    chart.line(10.0, spine_y, x, spine_y, DEFAULT_STYLE.with_(fill="none", stroke=theme.edge, stroke_width=3.5),
               role="spine")
    chart.rect(x, spine_y - head_h / 2 - 18, head_w + 36, head_h + 36,
               node_style(theme).with_(font_weight=700, fill=theme.node_fill, corner_radius=12.0), shape="rounded",
               text=spec.event, role="event")
    return chart.finish(spec.title or "Ishikawa diagram")
