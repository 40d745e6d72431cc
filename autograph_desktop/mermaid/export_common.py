"""Helpers the per-type Mermaid exporters share: stable ids, escaped text, frames and connector sides.

Exporters read what is on the canvas now (texts the user edited, frames they moved things into), using
the `data` our builders left (`mermaid_id`, roles) only to recover what the picture does not show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Text

_SAFE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class IdMaker:
    """Mermaid ids for elements: their own `mermaid_id` when usable, else `<prefix><n>`; never two alike."""

    def __init__(self, pattern: re.Pattern[str] = _SAFE_ID, reserved: Iterable[str] = ()) -> None:
        self.pattern = pattern
        self.used: set[str] = set(reserved)
        self.ids: dict[str, str] = {}

    def add(self, el: Element, prefix: str = "n") -> str:
        wanted = el.get("mermaid_id")
        if not wanted or not self.pattern.match(wanted) or wanted in self.used:
            n = len(self.ids) + 1
            wanted = f"{prefix}{n}"
            while wanted in self.used:
                n += 1
                wanted = f"{prefix}{n}"
        self.used.add(wanted)
        self.ids[el.id] = wanted
        return wanted

    def get(self, element_id: str | None) -> str | None:
        return self.ids.get(element_id or "")


def escape(text: str, forbidden: str = "") -> str:
    """Text for a label: line breaks as `<br>`, `#` and the characters in `forbidden` as entity codes."""
    out = text.replace("\r\n", "\n").replace("#", "#35;")
    for char in forbidden:
        out = out.replace(char, f"#{ord(char)};")
    return out.replace("\n", "<br>")


def quoted(text: str) -> str:
    """A double-quoted string whose quotes are entity codes (so it reads back to the same text)."""
    return '"' + escape(text, '"') + '"'


def frame_of(diagram: Diagram, el: Element) -> Frame | None:
    """The nearest frame holding `el` (through groups), or None."""
    parent, steps = el.parent, 0
    while parent is not None and steps < 10_000:
        owner = diagram.get(parent)
        if owner is None:
            return None
        if isinstance(owner, Frame):
            return owner
        parent, steps = owner.parent, steps + 1
    return None


def diagram_title(diagram: Diagram, default: str) -> str:
    """The title shown on the canvas (a text with role `title`), else the document's unless it is a default."""
    for el in diagram:
        if isinstance(el, Text) and el.get("role") == "title":
            return el.text.replace("\n", " ").strip()
    title = diagram.meta.title
    return "" if title in ("", "Untitled diagram", default) or title.startswith("Mermaid ") else title


def end_side(diagram: Diagram, conn: Connector, which: str) -> str:
    """The side a connector end is bound to, or the side of its element facing the other end."""
    end = conn.source if which == "source" else conn.target
    if end.side:
        return end.side
    own = diagram.get(end.element or "")
    other_end = conn.target if which == "source" else conn.source
    other = diagram.get(other_end.element or "")
    if own is None:
        return "right"
    (ox, oy) = other.rect.center if other is not None else (other_end.x, other_end.y)
    cx, cy = own.rect.center
    if abs(ox - cx) * max(own.h, 1.0) >= abs(oy - cy) * max(own.w, 1.0):
        return "right" if ox >= cx else "left"
    return "bottom" if oy >= cy else "top"


def by_position(elements: Iterable[Element]) -> list[Element]:
    """Reading order: top to bottom, then left to right."""
    return sorted(elements, key=lambda e: (round(e.y), round(e.x)))


def connected(diagram: Diagram, ids: dict[str, str],
              accept: Callable[[Element], bool] | None = None) -> list[Connector]:
    """Connectors whose both ends are elements with ids, in document order."""
    out: list[Connector] = []
    for el in diagram:
        if not isinstance(el, Connector):
            continue
        ends = [diagram.get(e.element or "") for e in (el.source, el.target)]
        if all(end is not None and end.id in ids and (accept is None or accept(end)) for end in ends):
            out.append(el)
    return out


def main_direction(diagram: Diagram, ids: dict[str, str]) -> str:
    """TB, BT, LR or RL: the way the connectors between named elements mostly run (a layered layout's ranks)."""
    dx = dy = 0.0
    for conn in connected(diagram, ids):
        a, b = diagram.get(conn.source.element or ""), diagram.get(conn.target.element or "")
        if a is None or b is None:
            continue
        (ax, ay), (bx, by) = a.rect.center, b.rect.center
        dx, dy = dx + bx - ax, dy + by - ay
    if abs(dx) > abs(dy):
        return "LR" if dx >= 0 else "RL"
    return "BT" if dy < 0 else "TB"


def section_texts(diagram: Diagram, group: str | None) -> list[Text]:
    """The compartment texts of a boxed class or entity (its group), top to bottom."""
    if group is None:
        return []
    return sorted((el for el in diagram if isinstance(el, Text) and el.parent == group and not el.get("role")),
                  key=lambda t: t.y)
