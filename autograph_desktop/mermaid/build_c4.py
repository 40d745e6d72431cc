"""C4 diagrams as native elements in C4's colours: each element a grouped box (people with a head) holding
its name, technology and description as texts, boundaries as dashed frames, relations routed orthogonally.

Placement is Mermaid's own rule for C4: statement order, `c4ShapeInRow` elements per row and then
`c4BoundaryInRow` boundaries per row, nested boundaries laid out inside out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograph_desktop.layout import Rect as LayoutRect
from autograph_desktop.mermaid.c4 import C4Element, C4Rel, C4Spec
from autograph_desktop.mermaid.c4_macros import REL_SIDES
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.native import (
    facing_sides,
    finish,
    orthogonal_route,
    pairs,
    side_point,
    spread_ratios,
    title_text,
)
from autograph_desktop.mermaid.theme import MermaidTheme, css_color
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    Connector,
    ConnectorLabel,
    Element,
    Endpoint,
    Frame,
    Group,
    Shape,
    Text,
    new_id,
)
from autograph_desktop.model.style import DEFAULT_STYLE, Style

SHAPE_W = 216.0
PAD = 12.0
GAP = 70.0
HEAD = 40.0
BOUNDARY_PAD = 22.0
#: (fill, border, text) for each kind, internal and external: the C4 model's usual colours.
COLOURS: dict[tuple[str, bool], tuple[str, str, str]] = {
    ("person", False): ("#08427b", "#073b6f", "#ffffff"), ("person", True): ("#686868", "#8a8a8a", "#ffffff"),
    ("system", False): ("#1168bd", "#3c7fc0", "#ffffff"), ("system", True): ("#999999", "#8a8a8a", "#ffffff"),
    ("container", False): ("#438dd5", "#3c7fc0", "#ffffff"), ("container", True): ("#b3b3b3", "#a6a6a6", "#ffffff"),
    ("component", False): ("#85bbf0", "#78a8d8", "#000000"), ("component", True): ("#cccccc", "#bfbfbf", "#000000"),
}
BODY_SHAPES = {"": "rounded", "db": "cylinder", "queue": "stadium"}


def element_colours(el: C4Element, styles: dict[str, str] | None = None) -> tuple[str, str, str]:
    """Fill, border and text colour of an element, after `UpdateElementStyle`."""
    fill, border, ink = COLOURS[(el.kind, el.external)]
    styles = styles or {}
    return (css_color(styles.get("bgColor", "")) or fill, css_color(styles.get("borderColor", "")) or border,
            css_color(styles.get("fontColor", "")) or ink)


def type_line(el: C4Element) -> str:
    """`[Container: Java]` for containers and components, `«external person»` style for the others."""
    if el.kind in ("container", "component"):
        name = el.kind.capitalize() + (" Db" if el.variant == "db" else " Queue" if el.variant == "queue" else "")
        return f"[{name}: {el.techn}]" if el.techn else f"[{name}]"
    words = (["external"] if el.external else []) + [el.kind] + ([el.variant] if el.variant else [])
    return "«" + " ".join(words) + "»"


@dataclass
class _Card:
    """An element's texts with their sizes; `top` is the head (people) or cap (databases) above the text."""

    el: C4Element
    lines: list[tuple[str, str, Style, float]]
    height: float
    top: float


class _Builder:
    def __init__(self, spec: C4Spec, theme: MermaidTheme) -> None:
        self.spec, self.theme = spec, theme
        self.boundary_ink = "#444444" if theme.canvas == "light" else "#aaaaaa"
        self.cards = {alias: self.card(el) for alias, el in spec.elements.items()}
        self.places: dict[str, LayoutRect] = {}
        self.bodies: dict[str, LayoutRect] = {}
        self.ids: dict[str, str] = {}
        self.offsets: dict[str, tuple[float, float]] = {}
        self.frame_ids = {alias: new_id() for alias in spec.boundaries}
        #: Kept on every element so that the export writes the same header and row sizes back.
        self.layout_data = {"c4_level": spec.level, "c4_shape_in_row": str(spec.shape_in_row),
                            "c4_boundary_in_row": str(spec.boundary_in_row)}

    def card(self, el: C4Element) -> _Card:
        fill, _, ink = element_colours(el, self.spec.element_styles.get(el.alias))
        base = DEFAULT_STYLE.with_(fill="none", stroke="none", text_color=ink, font_size=12.0)
        lines = [("c4_type", type_line(el), base.with_(font_size=11.0)),
                 ("c4_label", el.label or el.alias, base.with_(font_size=15.0, font_weight=700))]
        if el.descr:
            lines.append(("c4_descr", el.descr, base))
        sized = [(role, text, style, text_size(text, style, SHAPE_W - 2 * PAD)[1]) for role, text, style in lines]
        top = HEAD / 2 if el.kind == "person" else 14.0 if el.variant == "db" else 0.0
        height = 2 * top + PAD * 2 + sum(h for *_, h in sized) + 4 * (len(sized) - 1)
        return _Card(el, sized, max(height, 70.0 + top), top)

    # ------------------------------------------------------------------ placement
    def size(self, container: str | None) -> tuple[float, float]:
        """Lay out a container's content relative to (0, 0): elements in rows, then boundaries in rows."""
        items = self.spec.children.get(container, [])
        shapes = [a for a in items if a in self.spec.elements]
        boundaries = [a for a in items if a in self.spec.boundaries]
        y = 0.0
        width = 0.0
        per_row = self.spec.shape_in_row
        for start in range(0, len(shapes), per_row):
            row = shapes[start:start + per_row]
            top = HEAD / 2 if any(self.spec.elements[a].kind == "person" for a in row) else 0.0
            for n, alias in enumerate(row):
                card = self.cards[alias]
                self.places[alias] = LayoutRect(n * (SHAPE_W + GAP), y + top - card.top, SHAPE_W, card.height)
            height = max(self.cards[a].height - self.cards[a].top for a in row) + top
            width = max(width, len(row) * (SHAPE_W + GAP) - GAP)
            y += height + GAP
        per_row = self.spec.boundary_in_row
        for start in range(0, len(boundaries), per_row):
            x, height = 0.0, 0.0
            for alias in boundaries[start:start + per_row]:
                w, h = self.size(alias)
                boundary = self.spec.boundaries[alias]
                title = 26.0 if boundary.type or boundary.descr else 10.0
                self.places[alias] = LayoutRect(x, y, w + 2 * BOUNDARY_PAD, h + 2 * BOUNDARY_PAD + title)
                self.offsets[alias] = (x + BOUNDARY_PAD, y + BOUNDARY_PAD + title)
                x += w + 2 * BOUNDARY_PAD + GAP
                height = max(height, h + 2 * BOUNDARY_PAD + title)
            width = max(width, x - GAP)
            y += height + GAP
        return max(width, 120.0), max(y - GAP, 40.0)

    def absolute(self, container: str | None, ox: float, oy: float) -> None:
        for alias in self.spec.children.get(container, []):
            rect = self.places[alias].translated(ox, oy)
            self.places[alias] = rect
            if alias in self.spec.boundaries:
                dx, dy = self.offsets[alias]
                self.absolute(alias, ox + dx, oy + dy)

    # ------------------------------------------------------------------ elements
    def build(self) -> Diagram:
        self.size(None)
        self.absolute(None, 0.0, 0.0)
        frames: list[Element] = []
        frame_ids = self.frame_ids
        for alias in self._outer_first():
            frames.extend(self.boundary(alias, frame_ids))
        nodes: list[Element] = []
        for alias in self.spec.elements:
            nodes.extend(self.element(alias, frame_ids))
        connectors = self.connectors()
        # Relations avoid the boxes, so they go on top: their labels stay readable where boxes are close.
        elements: list[Element] = [*frames, *nodes, *connectors]
        title, _ = title_text(self.spec.title, self.theme, 0.0,
                              min((r.y - 24 for r in self.places.values()), default=0.0))
        if title:
            elements.append(title)
        meta = DiagramMeta(title=self.spec.title or self.spec.level, kind="c4", theme=self.theme.canvas)
        return finish(elements, meta)

    def _outer_first(self) -> list[str]:
        order: list[str] = []
        queue: list[str | None] = [None]
        while queue:
            container = queue.pop(0)
            for alias in self.spec.children.get(container, []):
                if alias in self.spec.boundaries:
                    order.append(alias)
                    queue.append(alias)
        return order

    def boundary(self, alias: str, frame_ids: dict[str, str]) -> list[Element]:
        b = self.spec.boundaries[alias]
        rect = self.places[alias]
        ink = css_color(self.spec.element_styles.get(alias, {}).get("borderColor", "")) or self.boundary_ink
        style = DEFAULT_STYLE.with_(fill="none", stroke=ink, text_color=ink, stroke_width=1.0,
                                    dash="solid" if b.kind == "node" else "dashed", corner_radius=4.0)
        parent = frame_ids.get(b.parent) if b.parent else None
        out: list[Element] = [Frame(id=frame_ids[alias], x=rect.x, y=rect.y, w=rect.w, h=rect.h,
                                    text=b.label or alias, style=style, parent=parent, link=b.link,
                                    data=pairs({"mermaid_id": alias, "c4_macro": b.macro, "c4_tags": b.tags,
                                                "c4_sprite": b.sprite, **self.layout_data}))]
        if b.type or b.descr:
            text = f"[{b.type}]" if b.type else ""
            role = "c4_type"
            if b.descr:
                text, role = (text + "\n" if text else "") + b.descr, "c4_type_descr"
            small = DEFAULT_STYLE.with_(fill="none", stroke="none", text_color=ink, font_size=11.0,
                                        font_italic=True, text_align="left")
            w, h = text_size(text, small, rect.w - 2 * BOUNDARY_PAD)
            out.append(Text(x=rect.x + 10, y=rect.y + 6, w=w + 4, h=h, text=text, style=small, auto_size=False,
                            parent=frame_ids[alias], data=pairs({"role": role, "c4_type": b.type,
                                                                 "c4_descr": b.descr})))
        return out

    def element(self, alias: str, frame_ids: dict[str, str]) -> list[Element]:
        card = self.cards[alias]
        el = card.el
        rect = self.places[alias]
        fill, border, _ = element_colours(el, self.spec.element_styles.get(alias))
        group_id = new_id()
        parent = frame_ids.get(el.parent) if el.parent else None
        out: list[Element] = [Group(id=group_id, parent=parent)]
        body = LayoutRect(rect.x, rect.y + card.top, rect.w, rect.h - card.top)
        if el.variant == "db":
            body = LayoutRect(rect.x, rect.y, rect.w, rect.h)
        self.bodies[alias] = body
        body_id = new_id()
        self.ids[alias] = body_id
        style = DEFAULT_STYLE.with_(fill=fill, stroke=border, stroke_width=1.5, corner_radius=10.0)
        out.append(Shape(id=body_id, x=body.x, y=body.y, w=body.w, h=body.h, shape=BODY_SHAPES[el.variant],
                         style=style, parent=group_id, link=el.link,
                         data=pairs({"mermaid_id": alias, "c4_macro": el.macro, "c4_tags": el.tags,
                                     "c4_sprite": el.sprite, "c4_techn": el.techn, **self.layout_data})))
        if el.kind == "person":
            out.append(Shape(x=rect.x + (rect.w - HEAD) / 2, y=rect.y, w=HEAD, h=HEAD, shape="circle", style=style,
                             parent=group_id, data=(("role", "c4_head"),)))
        y = rect.y + 2 * card.top + PAD
        for role, text, text_style, height in card.lines:
            out.append(Text(x=rect.x + PAD, y=y, w=rect.w - 2 * PAD, h=height, text=text, style=text_style,
                            parent=group_id, auto_size=False, data=(("role", role),)))
            y += height + 4
        return out

    # ------------------------------------------------------------------ relations
    def connectors(self) -> list[Element]:
        anchors: dict[str, LayoutRect] = {**self.bodies, **{a: self.places[a] for a in self.spec.boundaries}}
        sides = [self.sides(rel, anchors) for rel in self.spec.rels]
        ratios = spread_ratios([(rel.source, s, n, anchors[rel.target].center)
                                for n, (rel, (s, _)) in enumerate(zip(self.spec.rels, sides, strict=True))]
                               + [(rel.target, t, n, anchors[rel.source].center)
                                  for n, (rel, (_, t)) in enumerate(zip(self.spec.rels, sides, strict=True))])
        out: list[Element] = []
        for n, (rel, (s_side, t_side)) in enumerate(zip(self.spec.rels, sides, strict=True)):
            out.append(self.connector(n, rel, s_side, t_side, anchors, ratios))
        return out

    def sides(self, rel: C4Rel, anchors: dict[str, LayoutRect]) -> tuple[str, str]:
        a, b = anchors[rel.source], anchors[rel.target]
        if rel.macro in REL_SIDES:
            # A direction is a wish about placement; honoured when the target does lie that way.
            out, into = REL_SIDES[rel.macro]
            beyond = {"top": b.bottom <= a.y, "bottom": b.y >= a.bottom, "left": b.right <= a.x,
                      "right": b.x >= a.right}
            if beyond[out]:
                return out, into
        return facing_sides(a, b)

    def connector(self, n: int, rel: C4Rel, s_side: str, t_side: str, anchors: dict[str, LayoutRect],
                  ratios: dict[tuple[str, str, int], float]) -> Connector:
        s_ratio, t_ratio = ratios[(rel.source, s_side, n)], ratios[(rel.target, t_side, n)]
        start = side_point(anchors[rel.source], s_side, s_ratio)
        end = side_point(anchors[rel.target], t_side, t_ratio)
        obstacles = [r for a, r in self.bodies.items() if a not in (rel.source, rel.target)]
        obstacles += [self.bodies[a] for a in (rel.source, rel.target) if a in self.bodies]
        waypoints = orthogonal_route(start, s_side, end, t_side, obstacles) if rel.source != rel.target else ()
        styles = self.spec.rel_styles.get((rel.source, rel.target), {})
        default_line = "#707070" if self.theme.canvas == "light" else "#a0a0a0"
        line = css_color(styles.get("lineColor", "")) or default_line
        ink = css_color(styles.get("textColor", "")) or self.theme.text
        style = DEFAULT_STYLE.with_(stroke=line, text_color=ink, stroke_width=1.2, font_size=13.0, fill="none",
                                    dash="dashed" if self.spec.level == "C4Dynamic" else "solid")
        text = rel.label + (f"\n[{rel.techn}]" if rel.techn else "")
        if self.spec.level == "C4Dynamic":
            text = f"{n + 1}: {text}"
        offset = _number(styles.get("offsetY"))
        back = rel.macro == "Rel_Back"
        return Connector(id=new_id(), source=Endpoint(self.element_id(rel.source), s_side, s_ratio),
                         target=Endpoint(self.element_id(rel.target), t_side, t_ratio), routing="orthogonal",
                         waypoints=waypoints, start_arrow="triangle" if back or rel.macro == "BiRel" else "none",
                         end_arrow="none" if back else "triangle",
                         labels=(ConnectorLabel(text, 0.5, offset),) if text else (), style=style,
                         data=pairs({"mermaid_id": f"rel{n}", "c4_macro": rel.macro, "c4_index": rel.index,
                                     "c4_label": rel.label, "c4_techn": rel.techn, "c4_descr": rel.descr,
                                     "c4_tags": rel.tags, "c4_link": rel.link, "c4_sprite": rel.sprite,
                                     "c4_offset_x": styles.get("offsetX", ""), "c4_offset_y": styles.get("offsetY", ""),
                                     "c4_default_line": default_line, "c4_default_text": self.theme.text}))

    def element_id(self, alias: str) -> str:
        return self.ids.get(alias) or self.frame_ids[alias]


def _number(value: str | None) -> float:
    try:
        return max(-500.0, min(500.0, float(value or 0)))
    except ValueError:
        return 0.0


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    """A new Diagram for a C4Spec (`hints` are not used: statement order decides the places)."""
    return _Builder(spec, theme).build()
