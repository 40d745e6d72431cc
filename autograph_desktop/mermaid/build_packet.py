"""Packet diagrams as native elements: rows of `bitsPerRow` bits, a labelled rectangle per field segment.

A field crossing a row's end is split into one rectangle per row, each labelled (as Mermaid draws it).
Honours `packet.bitsPerRow/bitWidth/rowHeight/showBits/paddingX/paddingY` and the
`themeVariables.packet` block colours.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, colour, flag, section, setting, theme_vars
from autograph_desktop.mermaid.packet import PacketSpec
from autograph_desktop.mermaid.theme import MermaidTheme
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE


def segments(start: int, end: int, per_row: int) -> list[tuple[int, int]]:
    """The pieces of bits start..end that fall in each row."""
    out: list[tuple[int, int]] = []
    bit = start
    while bit <= end:
        row_end = (bit // per_row + 1) * per_row - 1
        out.append((bit, min(end, row_end)))
        bit = min(end, row_end) + 1
    return out


def build(spec: PacketSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "packet")
    variables = theme_vars(config, "packet")
    per_row = int(setting(options, "bitsPerRow", 32.0, 1.0, 256.0))
    bit_w = setting(options, "bitWidth", 32.0, 4.0, 200.0)
    row_h = setting(options, "rowHeight", 32.0, 10.0, 200.0)
    pad_x = setting(options, "paddingX", 5.0, 0.0, 50.0)
    pad_y = setting(options, "paddingY", 5.0, 0.0, 50.0)
    show_bits = flag(options, "showBits", True)
    chart = Chart("packet", theme)
    top = chart.title(spec.title, 0.0, 0.0, colour(variables.get("titleColor"), theme.text))
    if show_bits:
        pad_y += 12.0
    fill = colour(variables.get("blockFillColor"), "#efefef" if theme.canvas == "light" else "#2c2c34")
    stroke = colour(variables.get("blockStrokeColor"), theme.text)
    text = colour(variables.get("labelColor"), theme.text)
    bits_colour = colour(variables.get("startByteColor"), theme.text)
    block = DEFAULT_STYLE.with_(fill=fill, stroke=stroke, stroke_width=setting(variables, "blockStrokeWidth", 1.0, 0.0,
                                                                               10.0),
                                text_color=text, font_size=setting(variables, "labelFontSize", 12.0, 4.0, 40.0))
    bit_style = LABEL.with_(font_size=9.0, text_color=bits_colour)
    for index, fld in enumerate(spec.fields):
        for seg_start, seg_end in segments(fld.start, fld.end, per_row):
            row = seg_start // per_row
            x = (seg_start % per_row) * bit_w + pad_x / 2
            y = top + row * (row_h + pad_y) + pad_y
            w = (seg_end - seg_start + 1) * bit_w - pad_x
            chart.rect(x, y, w, row_h, block, text=fld.label, role="field", index=str(index), start=str(fld.start),
                       end=str(fld.end), relative="1" if fld.relative else "", segment=f"{seg_start}-{seg_end}")
            if show_bits:
                chart.text(x, y - 13, str(seg_start), bit_style.with_(text_align="left"), w=28.0, h=12.0,
                           role="bit")
                if seg_end != seg_start:
                    chart.text(x + w - 28, y - 13, str(seg_end), bit_style.with_(text_align="right"), w=28.0,
                               h=12.0, role="bit")
    return chart.finish(spec.title or "Packet", bits_per_row=str(per_row))
