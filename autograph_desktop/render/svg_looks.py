"""The SVG writer's part of the looks other tools draw, mirroring `looks` for the painter: per-part
opacity, exact dash patterns, drop shadows, glass highlights, label backgrounds and turned labels."""

from __future__ import annotations

import re

from autograph_desktop.model import Element, resolve_color
from autograph_desktop.render.labels import SHADOW_OFFSET, label_box, lane_band, pivot, turned
from autograph_desktop.render.qtfree import fmt, hex_and_alpha, safe_id
from autograph_desktop.render.textlayout import TextLayout

_OPACITY = {kind: re.compile(rf' {kind}-opacity="([0-9.eE+-]+)"') for kind in ("fill", "stroke")}
_DASHES = re.compile(r' stroke-dasharray="[^"]*"')


def faded(attrs: str, kind: str, opacity: float) -> str:
    """Paint attributes with their opacity scaled (an existing `<kind>-opacity` multiplied, or one added)."""
    if opacity >= 1.0 or f' {kind}="none"' in attrs:
        return attrs
    found = _OPACITY[kind].search(attrs)
    if found is None:
        return attrs + f' {kind}-opacity="{fmt(max(opacity, 0.0))}"'
    value = float(found.group(1)) * max(opacity, 0.0)
    return attrs[:found.start()] + f' {kind}-opacity="{fmt(value)}"' + attrs[found.end():]


def stroked(attrs: str, el: Element) -> str:
    """Stroke attributes with the style's stroke opacity and exact dash pattern."""
    style = el.style
    out = faded(attrs, "stroke", style.stroke_opacity)
    if style.dash_pattern and ' stroke="none"' not in out:
        try:
            lengths = [max(float(v), 0.01) * style.stroke_width for v in style.dash_pattern.split()][:8]
        except ValueError:
            return out
        if len(lengths) >= 2:
            out = _DASHES.sub("", out) + f' stroke-dasharray="{" ".join(fmt(v) for v in lengths)}"'
    return out


def shadow(d: str) -> str:
    return (f'<path d="{d}" transform="translate({fmt(SHADOW_OFFSET)} {fmt(SHADOW_OFFSET)})" fill="#000000" '
            f'fill-opacity="0.25" stroke="none"/>')


def glass(el: Element, d: str) -> list[str]:
    clip = f"glass-{safe_id(el.id)}"
    return [f'<clipPath id="{clip}"><path d="{d}"/></clipPath>',
            f'<rect x="{fmt(el.x)}" y="{fmt(el.y)}" width="{fmt(el.w)}" height="{fmt(el.h * 0.45)}" fill="#ffffff" '
            f'fill-opacity="0.35" clip-path="url(#{clip})"/>']


def label(el: Element, layout: TextLayout | None, text: list[str], theme: str) -> list[str]:
    """A label's text with its background box, turned upright where the style says so."""
    if layout is None or not text:
        return text
    style = el.style
    out: list[str] = []
    if style.label_background != "none" or style.label_border != "none":
        x, y, w, h = label_box(layout)
        fill = resolve_color(style.label_background, "dark" if theme == "dark" else "light", "fill")
        border = resolve_color(style.label_border, "dark" if theme == "dark" else "light", "stroke")
        paint = f' fill="{hex_and_alpha(fill)[0]}"' if fill else ' fill="none"'
        line = f' stroke="{hex_and_alpha(border)[0]}" stroke-width="1"' if border else ""
        out.append(f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"{paint}{line}/>')
    out += text
    if style.text_opacity < 1.0:
        out = [f'<g opacity="{fmt(max(style.text_opacity, 0.0))}">', *out, "</g>"]
    if turned(el):
        cx, cy = pivot(el)
        out = [f'<g transform="rotate(-90 {fmt(cx)} {fmt(cy)})">', *out, "</g>"]
    return out



def lane(el: Element, theme: str, body: str, stroke: str) -> list[str]:
    """A lane's (draw.io swimlane's) box and its header band in the fill colour (the title is a label)."""
    fill = resolve_color(el.style.fill, "dark" if theme == "dark" else "light", "fill")
    paint = f' fill="{hex_and_alpha(fill)[0]}"' if fill else ' fill="none"'
    x, y, w, h = lane_band(el)
    out = [f'<path d="{body}" fill="none"{stroke}/>']
    if fill:  # (a lane without a fill has no band: an AWS group's title simply sits inside its top)
        out.append(f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"{paint}{stroke}/>')
    return out
