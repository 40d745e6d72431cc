"""A drawn kanban board as `kanban` text: frames left to right as columns, the boxes in each frame top to
bottom as cards, with the ticket, assignee and priority shown on the card."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import diagram_title, escape, frame_of
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Frame, Shape, Text

_ID = re.compile(r"^[A-Za-z0-9_][\w.-]*$")


def _node(node_id: str, text: str) -> str:
    """`id[text]`; text with brackets is quoted, and a generated id (`_3`) is left out."""
    plain = not any(c in text for c in "[]\"'") and text == text.strip()
    body = escape(text, '"') if plain else '"' + escape(text, '"') + '"'
    if node_id.startswith("_") or not _ID.match(node_id):
        return f"[{body}]"
    return f"{node_id}[{body}]"


def _meta_value(value: str) -> str:
    return "'" + escape(value, "'") + "'"


def to_mermaid(diagram: Diagram) -> str:
    columns = sorted((el for el in diagram if isinstance(el, Frame)), key=lambda f: (f.x, f.y))
    parts: dict[str | None, dict[str, Text]] = {}
    for el in diagram:
        if isinstance(el, Text) and el.get("role", "").startswith("kanban_"):
            parts.setdefault(el.parent, {})[el.get("role")] = el
    bars = {el.parent: el.get("kanban_priority") for el in diagram
            if isinstance(el, Shape) and el.get("role") == "kanban_priority"}
    lines = []
    title = diagram_title(diagram, "Kanban board")
    base = next((c.get("kanban_ticket_base") for c in columns if c.get("kanban_ticket_base")), "")
    if title or base:
        lines.append("---")
        lines += [f'title: "{title}"'] if title else []
        lines += ["config:", "  kanban:", f"    ticketBaseUrl: '{base}'"] if base else []
        lines.append("---")
    lines.append("kanban")
    for column in columns:
        lines.append("  " + _node(column.get("mermaid_id"), column.text))
        cards = [el for el in diagram if isinstance(el, Shape) and not el.get("role") and frame_of(diagram, el) is column]
        for card in sorted(cards, key=lambda c: (c.y, c.x)):
            extra = parts.get(card.parent, {})
            meta = {}
            if "kanban_ticket" in extra:
                meta["ticket"] = extra["kanban_ticket"].text
            if "kanban_assigned" in extra:
                meta["assigned"] = extra["kanban_assigned"].text
            priority = bars.get(card.parent) or card.get("kanban_priority")
            if priority:
                meta["priority"] = priority
            tail = "@{ " + ", ".join(f"{k}: {_meta_value(v)}" for k, v in meta.items()) + " }" if meta else ""
            lines.append("    " + _node(card.get("mermaid_id"), card.text) + tail)
    return "\n".join(lines) + "\n"
