"""Kanban boards as native elements: a frame per column, and in it a card per task (a rounded box with the
task's text, a coloured priority bar, and its ticket - linked through `ticketBaseUrl` - and assignee)."""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.kanban import KanbanCard, KanbanSpec
from autograph_desktop.mermaid.native import finish, pairs, title_text
from autograph_desktop.mermaid.theme import MermaidTheme, cluster_style, node_style
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Element, Frame, Group, Shape, Text, new_id
from autograph_desktop.model.style import DEFAULT_STYLE

COLUMN_W = 220.0
GAP = 24.0
PAD = 10.0
BAR = 5.0
FOOTER = 18.0
PRIORITY_COLOURS = {"Very High": "#d9363e", "High": "#e8590c", "Medium": "#f2c94c", "Low": "#1c7ed6",
                    "Very Low": "#74c0fc"}


class _Builder:
    def __init__(self, spec: KanbanSpec, theme: MermaidTheme) -> None:
        self.spec, self.theme = spec, theme
        light = theme.canvas == "light"
        self.card_style = node_style(theme).with_(fill="#ffffff" if light else "#26262e", stroke=theme.cluster_stroke,
                                                  stroke_width=1.0, corner_radius=6.0, font_size=14.0,
                                                  text_align="left", vertical_align="top")
        self.small = DEFAULT_STYLE.with_(fill="none", stroke="none", text_color=theme.text, font_size=11.0)

    def card_height(self, card: KanbanCard) -> float:
        _, h = text_size(card.text, self.card_style, COLUMN_W - 2 * PAD - 16)  # the box's text inset is 8
        return max(h + 16 + (FOOTER if card.ticket or card.assigned else 0.0), 40.0)

    def build(self) -> Diagram:
        elements: list[Element] = []
        heights = [sum(self.card_height(c) + PAD for c in col.cards) for col in self.spec.columns]
        column_h = max(heights, default=0.0) + 2 * PAD + 10.0
        frames: list[Element] = []
        cards: list[Element] = []
        for n, column in enumerate(self.spec.columns):
            x = n * (COLUMN_W + GAP)
            frame_id = new_id()
            frames.append(Frame(id=frame_id, x=x, y=0.0, w=COLUMN_W, h=column_h, text=column.title,
                                style=cluster_style(self.theme).with_(corner_radius=8.0),
                                data=pairs({"mermaid_id": column.id, "kanban": "column",
                                            "kanban_ticket_base": self.spec.ticket_base_url})))
            y = PAD + 10.0
            for card in column.cards:
                height = self.card_height(card)
                cards.extend(self.card(card, x + PAD, y, COLUMN_W - 2 * PAD, height, frame_id))
                y += height + PAD
        elements.extend(frames)
        elements.extend(cards)
        title, _ = title_text(self.spec.title, self.theme, 0.0, -16.0)
        if title:
            elements.append(title)
        meta = DiagramMeta(title=self.spec.title or "Kanban board", kind="kanban", theme=self.theme.canvas)
        return finish(elements, meta)

    def card(self, card: KanbanCard, x: float, y: float, w: float, h: float, frame: str) -> list[Element]:
        group = new_id()
        url = self.spec.ticket_url(card.ticket)
        out: list[Element] = [Group(id=group, parent=frame),
                              Shape(x=x, y=y, w=w, h=h, shape="rectangle", text=card.text, style=self.card_style,
                                    parent=group, link=url,
                                    data=pairs({"mermaid_id": card.id, "kanban": "card",
                                                "kanban_priority": card.priority}))]
        if card.priority:
            colour = PRIORITY_COLOURS[card.priority]
            out.append(Shape(x=x, y=y, w=BAR, h=h, shape="rectangle", parent=group,
                             style=DEFAULT_STYLE.with_(fill=colour, stroke=colour, stroke_width=0.5),
                             data=pairs({"role": "kanban_priority", "kanban_priority": card.priority})))
        footer_y = y + h - FOOTER - 2
        if card.ticket:
            out.append(Text(x=x + PAD, y=footer_y, w=w / 2 - PAD, h=FOOTER, text=card.ticket, link=url, auto_size=False,
                            style=self.small.with_(text_align="left", text_color="#1c7ed6" if url else self.theme.text),
                            parent=group, data=(("role", "kanban_ticket"),)))
        if card.assigned:
            out.append(Text(x=x + w / 2, y=footer_y, w=w / 2 - PAD, h=FOOTER, text=card.assigned, auto_size=False,
                            style=self.small.with_(text_align="right"), parent=group,
                            data=(("role", "kanban_assigned"),)))
        return out


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    """A new Diagram for a KanbanSpec."""
    return _Builder(spec, theme).build()
