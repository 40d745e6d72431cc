"""Mermaid themes and CSS-like style declarations (`classDef`, `style`) turned into model styles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograph_desktop.model.style import DEFAULT_STYLE, Style, is_color


@dataclass(frozen=True, slots=True)
class MermaidTheme:
    """The colours Mermaid's built-in themes use for nodes, clusters, edges and notes."""

    name: str
    canvas: str  # light or dark canvas
    node_fill: str
    node_stroke: str
    text: str
    edge: str
    cluster_fill: str
    cluster_stroke: str
    note_fill: str
    note_stroke: str
    accent: tuple[str, ...]


THEMES: dict[str, MermaidTheme] = {
    "default": MermaidTheme("default", "light", "#ececff", "#9370db", "#333333", "#333333", "#ffffde", "#aaaa33",
                            "#fff5ad", "#aaaa33",
                            ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                             "#ff9da7")),
    "neutral": MermaidTheme("neutral", "light", "#eeeeee", "#999999", "#333333", "#666666", "#f4f4f4", "#cccccc",
                            "#ffffde", "#999999",
                            ("#555555", "#888888", "#aaaaaa", "#333333", "#777777", "#bbbbbb", "#444444",
                             "#999999")),
    "dark": MermaidTheme("dark", "dark", "#1f2020", "#cccccc", "#e0dfdf", "#d3d3d3", "#2c2c2c", "#707070",
                         "#474949", "#cccccc",
                         ("#5c9dff", "#ffb86b", "#ff6b6b", "#6be0d5", "#7ed957", "#f2d45c", "#c792ea",
                          "#ff9cbd")),
    "forest": MermaidTheme("forest", "light", "#cde498", "#13540c", "#333333", "#000000", "#cdffb2", "#6eaa49",
                           "#fff5ad", "#6eaa49",
                           ("#13540c", "#6eaa49", "#cde498", "#487e3a", "#98c379", "#2f6b2a", "#b4d98c",
                            "#5d8f4a")),
}


def theme_named(name: object) -> MermaidTheme:
    return THEMES.get(str(name).lower(), THEMES["default"]) if name else THEMES["default"]


_NAMED_CSS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
              "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "pink": "#ffc0cb", "gray": "#808080",
              "grey": "#808080", "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3", "lightblue": "#add8e6",
              "lightgreen": "#90ee90", "darkgreen": "#006400", "darkblue": "#00008b", "navy": "#000080",
              "teal": "#008080", "aqua": "#00ffff", "cyan": "#00ffff", "magenta": "#ff00ff", "brown": "#a52a2a",
              "gold": "#ffd700", "silver": "#c0c0c0", "transparent": "none", "none": "none", "violet": "#ee82ee",
              "salmon": "#fa8072", "coral": "#ff7f50", "khaki": "#f0e68c", "olive": "#808000", "maroon": "#800000",
              "lime": "#00ff00", "indigo": "#4b0082", "beige": "#f5f5dc", "lavender": "#e6e6fa",
              "aliceblue": "#f0f8ff", "honeydew": "#f0fff0", "ivory": "#fffff0", "wheat": "#f5deb3",
              "tomato": "#ff6347", "orchid": "#da70d6", "plum": "#dda0dd", "tan": "#d2b48c"}


def css_color(value: str) -> str | None:
    """A CSS colour (`#abc`, `#aabbcc`, `rgb(...)`, a common name) as `#rrggbb`, `none`, or None if unknown."""
    text = value.strip().lower().rstrip(";").strip()
    if text in _NAMED_CSS:
        return _NAMED_CSS[text]
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:])
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", text):
        return text[:7]
    match = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", text)
    if match:
        r, g, b = (min(255, int(v)) for v in match.groups())
        return f"#{r:02x}{g:02x}{b:02x}"
    return None


def _px(value: str) -> float | None:
    match = re.match(r"\s*([\d.]+)", value)
    try:
        return float(match.group(1)) if match else None
    except ValueError:
        return None


def apply_css(style: Style, declarations: dict[str, str]) -> Style:
    """Apply `fill:#f9f,stroke:#333,stroke-width:4px,color:#fff,stroke-dasharray: 5 5` and friends."""
    changes: dict[str, object] = {}
    for key, value in declarations.items():
        key = key.strip().lower()
        if key in ("fill", "background", "background-color"):
            colour = css_color(value)
            if colour:
                changes["fill"] = colour
        elif key in ("stroke", "border-color"):
            colour = css_color(value)
            if colour:
                changes["stroke"] = colour
        elif key == "color":
            colour = css_color(value)
            if colour and colour != "none":
                changes["text_color"] = colour
        elif key == "stroke-width":
            width = _px(value)
            if width is not None:
                changes["stroke_width"] = min(width, 50.0)
        elif key == "stroke-dasharray":
            numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
            if numbers:
                changes["dash"] = "dotted" if numbers[0] <= 2 else "dashed"
        elif key == "opacity" or key == "fill-opacity":
            amount = _px(value)
            if amount is not None:
                changes["opacity"] = max(0.0, min(1.0, amount))
        elif key == "font-size":
            size = _px(value)
            if size:
                changes["font_size"] = min(max(size, 4.0), 200.0)
        elif key == "font-weight":
            changes["font_weight"] = 700 if value.strip() in ("bold", "bolder") or (_px(value) or 400) >= 600 else 400
        elif key == "font-style":
            changes["font_italic"] = "italic" in value
        elif key == "rx":
            radius = _px(value)
            if radius is not None:
                changes["corner_radius"] = radius
    return style.with_(**changes) if changes else style


def node_style(theme: MermaidTheme, *declarations: dict[str, str]) -> Style:
    style = DEFAULT_STYLE.with_(fill=theme.node_fill, stroke=theme.node_stroke, text_color=theme.text,
                                stroke_width=1.5, font_size=15.0)
    for decl in declarations:
        style = apply_css(style, decl)
    return style


def edge_style(theme: MermaidTheme, stroke: str = "normal", *declarations: dict[str, str]) -> Style:
    style = DEFAULT_STYLE.with_(stroke=theme.edge, text_color=theme.text, stroke_width=1.5, font_size=13.0,
                                fill="none")
    if stroke == "thick":
        style = style.with_(stroke_width=3.5)
    elif stroke == "dotted":
        style = style.with_(dash="dotted")
    elif stroke == "invisible":
        style = style.with_(opacity=0.0)
    for decl in declarations:
        style = apply_css(style, decl)
    return style


def cluster_style(theme: MermaidTheme, *declarations: dict[str, str]) -> Style:
    style = DEFAULT_STYLE.with_(fill=theme.cluster_fill, stroke=theme.cluster_stroke, text_color=theme.text,
                                stroke_width=1.0, font_size=14.0, text_align="center", vertical_align="top")
    for decl in declarations:
        style = apply_css(style, decl)
    return style


def valid_colour(value: str) -> bool:
    return is_color(value)


def tint(colour: str, amount: float, canvas: str = "light") -> str:
    """Mix a `#rrggbb` colour towards the canvas (white or near-black): a soft background that keeps
    text fully opaque, unlike lowering the element's opacity."""
    value = css_color(colour) or "#888888"
    if value == "none":
        return value
    base = (255, 255, 255) if canvas == "light" else (22, 22, 30)
    r, g, b = (int(value[i:i + 2], 16) for i in (1, 3, 5))
    mixed = [round(c + (t - c) * amount) for c, t in zip((r, g, b), base, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
