"""SVG export: plain string building that mirrors the painter element for element, with no Qt.

Shapes (their definitions' outlines), arrowheads, routes and text lines come from the same Qt-free
modules the painter uses (`model.shapes`, `arrowheads`, `routes`, `textlayout`), so an SVG and a PNG
of one diagram put every curve and every wrapped line in the same place. Each element is one `<g id=...>` so the output stays easy to post-edit.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from autograph_desktop.icons.tint import icon_tint
from autograph_desktop.model import Connector, Diagram, Element, resolve_color
from autograph_desktop.model.shapes import Commands, definition_of
from autograph_desktop.model.style import BACKGROUNDS
from autograph_desktop.render import svg_looks
from autograph_desktop.render.jumps import jump_commands
from autograph_desktop.render.labels import has_band, is_lane, lane_title_layout, placed_text_layout
from autograph_desktop.render.qtfree import DASHES, escape, fmt, hex_and_alpha, quoteattr, safe_id
from autograph_desktop.render.region import Region, export_region
from autograph_desktop.render.routes import connector_geometry, point_along
from autograph_desktop.render.textlayout import (
    TextLayout,
    frame_title_layout,
    label_layout,
)

FONT_STACK = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif"
MONO_STACK = "'DejaVu Sans Mono', 'Bitstream Vera Sans Mono', Menlo, Consolas, monospace"
_NO_FILL = ' fill="none"'
#: (kind, icon id or image hash, tint colour or None) -> (mime type, bytes), or None to draw the placeholder.
#: A tint colour asks for a monochrome icon drawn in that colour (see `icons.tint`).
ImageSource = Callable[[str, str, str | None], tuple[str, bytes] | None]


def path_data(commands: Commands) -> str:
    parts: list[str] = []
    for cmd in commands:
        op = cmd[0]
        if op == "Z":
            parts.append("Z")
        else:
            parts.append(op + " ".join(fmt(v) for v in cmd[1:]))
    return "".join(parts)


def _color(value: str, theme: str, role: str) -> tuple[str, str | None]:
    """SVG paint and opacity for a palette name or hex colour ("none" when there is none)."""
    resolved = resolve_color(value, "dark" if theme == "dark" else "light", role)  # type: ignore[arg-type]
    if resolved is None:
        return "none", None
    return hex_and_alpha(resolved)


def _paint_attrs(kind: str, value: str, theme: str, role: str) -> str:
    paint, alpha = _color(value, theme, role)
    out = f' {kind}="{paint}"'
    if alpha is not None:
        out += f' {kind}-opacity="{alpha}"'
    return out


def _stroke_attrs(el: Element, theme: str, line: bool) -> str:
    style = el.style
    if style.stroke_width <= 0:
        return ' stroke="none"'
    out = _paint_attrs("stroke", style.stroke, theme, "stroke")
    out += f' stroke-width="{fmt(style.stroke_width)}"'
    if style.dash in DASHES:
        out += f' stroke-dasharray="{" ".join(fmt(d * style.stroke_width) for d in DASHES[style.dash])}"'
        out += ' stroke-linecap="butt"'
    elif line:
        out += ' stroke-linecap="round"'
    out += ' stroke-linejoin="round"' if line else ' stroke-miterlimit="4"'
    return out


def _text(layout: TextLayout | None, color: str, theme: str) -> list[str]:
    if layout is None:
        return []
    paint, alpha = _color(color, theme, "text")
    attrs = f' font-size="{fmt(layout.font_size)}"'
    if layout.mono:
        attrs += f' font-family="{MONO_STACK}"'
    if layout.bold:
        attrs += ' font-weight="bold"'
    if layout.italic:
        attrs += ' font-style="italic"'
    attrs += f' fill="{paint}"' + (f' fill-opacity="{alpha}"' if alpha is not None else "")
    out = []
    for line in layout.lines:
        if not line.text.strip():
            continue
        if layout.align == "center":
            x, anchor = line.x + line.width / 2, ' text-anchor="middle"'
        elif layout.align == "right":
            x, anchor = line.x + line.width, ' text-anchor="end"'
        else:
            x, anchor = line.x, ""
        out.append(f'<text x="{fmt(x)}" y="{fmt(line.baseline)}"{anchor}{attrs}>{escape(line.text)}</text>')
    return out


def _node(doc: Diagram, el: Element, theme: str, background: str, images: ImageSource | None) -> list[str]:
    style = el.style
    out: list[str] = []
    fill = svg_looks.faded(_paint_attrs("fill", style.fill, theme, "fill"), "fill", style.fill_opacity)
    stroke = svg_looks.stroked(_stroke_attrs(el, theme, line=False), el)
    if el.kind == "shape":
        outline = definition_of(el).outline_of(el.x, el.y, el.w, el.h, style.corner_radius)
        body = path_data(outline.body)
        if style.shadow:
            out.append(svg_looks.shadow(body))
        outlined = ' stroke="none"' if outline.unstroked else stroke
        out.append(f'<path d="{body}"{fill}{outlined}/>')
        if style.glass:
            out.extend(svg_looks.glass(el, body))
        ink, role = (style.stroke, "stroke") if style.stroke != "none" else (style.fill, "fill")  # (as the painter)
        if outline.detail:
            lines = stroke if style.stroke != "none" else svg_looks.stroked(
                _paint_attrs("stroke", ink, theme, role) + f' stroke-width="{fmt(max(style.stroke_width, 1.0))}"', el)
            out.append(f'<path d="{path_data(outline.detail)}" fill="none"{lines}/>')
        if outline.marks and ink != "none":
            marks = _paint_attrs("fill", ink, theme, role)
            out.append(f'<path d="{path_data(outline.marks)}" fill-rule="evenodd"{marks}/>')
    elif el.kind == "text":
        has_fill, has_stroke = style.fill not in ("ink", "none"), style.stroke not in ("ink", "none")
        if has_fill or has_stroke:
            box_fill = fill if has_fill else _NO_FILL
            box_stroke = stroke if has_stroke else ' stroke="none"'
            out.append(f'<rect x="{fmt(el.x)}" y="{fmt(el.y)}" width="{fmt(el.w)}" height="{fmt(el.h)}"'
                       f'{box_fill}{box_stroke}/>')
    elif el.kind == "frame":
        h = 0.0 if getattr(el, "collapsed", False) else el.h
        outline = definition_of(el).outline_of(el.x, el.y, el.w, h, style.corner_radius)
        if is_lane(el):
            title = lane_title_layout(el)
            if has_band(el):
                out += svg_looks.lane(el, theme, path_data(outline.body), stroke)
            else:
                out.append(f'<path d="{path_data(outline.body)}"{fill}{stroke}/>')
            return out + svg_looks.label(el, title, _text(title, style.text_color, theme), theme)
        out.append(f'<path d="{path_data(outline.body)}"{fill}{stroke}/>')
        titled = frame_title_layout(el)
        if titled is not None:
            layout, (tx, ty, tw, th) = titled
            tab_fill = _paint_attrs("fill", style.stroke, theme, "stroke")
            r = min(5.0, th / 2)
            out.append(f'<path d="M{fmt(tx)} {fmt(ty + th)}V{fmt(ty + r)}Q{fmt(tx)} {fmt(ty)} {fmt(tx + r)} {fmt(ty)}'
                       f'H{fmt(tx + tw - r)}Q{fmt(tx + tw)} {fmt(ty)} {fmt(tx + tw)} {fmt(ty + r)}V{fmt(ty + th)}Z"'
                       f'{tab_fill}/>')
            out.extend(_text(layout, background, theme))
        return out
    elif el.kind == "path":
        pts = getattr(el, "points", ())
        if len(pts) >= 2:
            d = "M" + "L".join(f"{fmt(el.x + px)} {fmt(el.y + py)}" for px, py in pts)
            closed = getattr(el, "closed", False)
            path_fill = fill if closed else _NO_FILL
            out.append(f'<path d="{d}{"Z" if closed else ""}"{path_fill}{_stroke_attrs(el, theme, line=True)}/>')
    elif el.kind in ("icon", "image"):
        ref = getattr(el, "icon", "") if el.kind == "icon" else getattr(el, "sha256", "")
        tint = icon_tint(ref, style.stroke, "dark" if theme == "dark" else "light") if el.kind == "icon" else None
        found = images(el.kind, ref, tint) if images is not None and ref else None
        if found is None and el.kind == "image" and el.get("image.base64"):
            found = _carried_picture(el)
        if found is not None:
            mime, data = found
            uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            out.append(f'<image x="{fmt(el.x)}" y="{fmt(el.y)}" width="{fmt(el.w)}" height="{fmt(el.h)}" '
                       f'preserveAspectRatio="xMidYMid meet" href={quoteattr(uri)}/>')
        else:
            grey, soft = ("#5c6370", "#eef0f3") if theme == "light" else ("#a8afbd", "#2f333b")
            out.append(f'<rect x="{fmt(el.x)}" y="{fmt(el.y)}" width="{fmt(el.w)}" height="{fmt(el.h)}" rx="4" '
                       f'fill="{soft}" stroke="{grey}" stroke-width="1.5" stroke-dasharray="3 2"/>')
            out.append(_placeholder_mark(el, grey))
    placed = placed_text_layout(el)
    out.extend(svg_looks.label(el, placed, _text(placed, style.text_color, theme), theme))
    return out


def _carried_picture(el: Element) -> tuple[str, bytes] | None:
    """The picture an Image element carries in its own data (as draw.io files embed them), if it decodes."""
    try:
        return (getattr(el, "mime", "image/png"), base64.b64decode(el.get("image.base64"), validate=True))
    except (binascii.Error, ValueError):
        return None


def _placeholder_mark(el: Element, grey: str) -> str:
    """The glyph inside a missing icon (a circle) or image (hills and a sun), as the painter draws it."""
    m = min(el.w, el.h)
    cx, cy = el.x + el.w / 2, el.y + el.h / 2
    stroke = f'fill="none" stroke="{grey}" stroke-width="1.2"'
    if el.kind == "icon":
        return f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(m * 0.22)}" {stroke}/>'
    left, right = el.x + m * 0.2, el.x + el.w - m * 0.2
    top, bottom = el.y + m * 0.2, el.y + el.h - m * 0.2
    peak = cx - m * 0.05
    return (f'<path d="M{fmt(left)} {fmt(bottom)}L{fmt(peak)} {fmt(cy)}L{fmt(right)} {fmt(bottom)}" {stroke}/>'
            f'<circle cx="{fmt(right - m * 0.12)}" cy="{fmt(top + m * 0.12)}" r="{fmt(m * 0.06)}" {stroke}/>')


def _connector(doc: Diagram, conn: Connector, theme: str, background: str) -> list[str]:
    geo = connector_geometry(doc, conn)
    if len(geo.line) < 2:
        return []
    out: list[str] = []
    stroke = svg_looks.stroked(_stroke_attrs(conn, theme, line=True), conn)
    if geo.cubics:
        d = f"M{fmt(geo.cubics[0][0][0])} {fmt(geo.cubics[0][0][1])}" + "".join(
            f"C{fmt(c0[0])} {fmt(c0[1])} {fmt(c1[0])} {fmt(c1[1])} {fmt(p1[0])} {fmt(p1[1])}"
            for _p0, c0, c1, p1 in geo.cubics)
    elif conn.style.line_jumps and (hops := jump_commands(doc, conn, geo.line)) is not None:
        d = path_data(hops)
    else:
        d = "M" + "L".join(f"{fmt(x)} {fmt(y)}" for x, y in geo.line)
    out.append(f'<path d="{d}" fill="none"{stroke}/>')
    color, alpha = _color(conn.style.stroke, theme, "stroke")
    width = fmt(conn.style.stroke_width)
    for head in geo.heads:
        opacity = f' fill-opacity="{alpha}" stroke-opacity="{alpha}"' if alpha else ""
        if head.mode == "fill":
            out.append(f'<path d="{path_data(head.commands)}" fill="{color}" stroke="none"{opacity}/>')
        else:
            fill = background if head.mode == "hollow" else "none"
            out.append(f'<path d="{path_data(head.commands)}" fill="{fill}" stroke="{color}" stroke-width="{width}" '
                       f'stroke-linejoin="round" stroke-linecap="round"{opacity}/>')
    for label in conn.labels:
        if not label.text:
            continue
        (px, py), (nx, ny) = point_along(geo.polyline, label.position)
        layout = label_layout(label.text, conn.style, (px + nx * label.offset, py + ny * label.offset))
        x, y, w, h = layout.bounds
        out.append(f'<rect x="{fmt(x - 3)}" y="{fmt(y - 1)}" width="{fmt(w + 6)}" height="{fmt(h + 2)}" rx="3" '
                   f'fill="{background}"/>')
        out.extend(_text(layout, conn.style.text_color, theme))
    return out


def render_region(doc: Diagram, region: Region, *, theme: str = "light", background: str | None = "theme",
                  images: ImageSource | None = None, metadata: str | None = None) -> str:
    """An SVG document for a region; `background` is "theme", "transparent"/None, or a colour."""
    theme = "dark" if theme == "dark" else "light"
    theme_bg = doc.meta.background or BACKGROUNDS[theme]
    theme_bg = hex_and_alpha(theme_bg)[0] if theme_bg.startswith("#") else BACKGROUNDS[theme]
    r = region.rect
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{fmt(r.w)}" height="{fmt(r.h)}" '
            f'viewBox="{fmt(r.x)} {fmt(r.y)} {fmt(r.w)} {fmt(r.h)}" font-family="{FONT_STACK}">')
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', head, f"<title>{escape(doc.meta.title)}</title>"]
    if metadata:
        parts.append(metadata)
    bg = theme_bg if background == "theme" else (None if background in (None, "", "transparent") else background)
    if bg is not None:
        parts.append(f'<rect class="background" x="{fmt(r.x)}" y="{fmt(r.y)}" width="{fmt(r.w)}" height="{fmt(r.h)}" '
                     f'fill="{escape(bg)}"/>')
    hidden = _collapsed_members(doc, region)
    for el in region.elements:
        if el.kind == "group" or el.id in hidden:
            continue
        body = (_connector(doc, el, theme, theme_bg) if isinstance(el, Connector)
                else _node(doc, el, theme, theme_bg, images))
        if not body:
            continue
        attrs = f' id="{safe_id(el.id)}" data-kind="{el.kind}"'
        if el.style.opacity < 1.0:
            attrs += f' opacity="{fmt(max(el.style.opacity, 0.0))}"'
        if el.rotation % 360 and el.kind != "connector":
            attrs += f' transform="rotate({fmt(el.rotation)} {fmt(el.x + el.w / 2)} {fmt(el.y + el.h / 2)})"'
        if el.link and el.link.startswith(("http://", "https://", "mailto:")):
            parts.append(f"<a href={quoteattr(el.link)}><g{attrs}>{''.join(body)}</g></a>")
        else:
            parts.append(f"<g{attrs}>{''.join(body)}</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _collapsed_members(doc: Diagram, region: Region) -> set[str]:
    out: set[str] = set()
    for el in region.elements:
        if el.kind == "frame" and getattr(el, "collapsed", False):
            out.update(d.id for d in doc.descendants(el.id))
    return out


def to_svg(doc: Diagram, *, theme: str = "light", background: str | None = "theme", padding: float = 20.0,
           ids: list[str] | set[str] | None = None, frame: str | None = None, images: ImageSource | None = None,
           metadata: str | None = None) -> str:
    """The diagram (or a selection, or a frame) as an SVG string.

    `metadata` is a ready `<metadata>` element placed in the file as it is: the format registry passes the
    embedded diagram there (`formats.embedded.svg_metadata`), so that the SVG opens again as a diagram.
    """
    region = export_region(doc, ids=ids, frame=frame, padding=padding)
    return render_region(doc, region, theme=theme, background=background, images=images, metadata=metadata)
