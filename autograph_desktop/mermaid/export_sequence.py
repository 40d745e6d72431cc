"""A drawn sequence diagram as `sequenceDiagram` text, read top to bottom as the canvas shows it.

Participants come in their left-to-right order, messages, notes and block borders in the order of their
height (so a message dragged lower is written later), and each message's sender and receiver are the
lifelines nearest its ends. Arrow kinds, `+`/`-` activations and numbering come from what the builder
stored; labels and texts from the canvas.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import diagram_title, escape
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Path, Shape

_HEADS = {"triangle": ">>", "cross": "x", "arrow": ")", "none": ""}
_ID = re.compile(r"^[^\s,;:+\-<>\"]+$")
_KINDS = {"actor": "actor", "cylinder": "database", "document": "collections", "circle": "control",
          "ellipse": "entity"}


def _text(value: str) -> str:
    return escape(value, ";")


class _Writer:
    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.participants = sorted((el for el in diagram if isinstance(el, Shape) and el.get("role") == "participant"),
                                   key=lambda el: el.rect.center[0])
        self.names: dict[str, str] = {}
        for n, p in enumerate(self.participants):
            wanted = p.get("mermaid_id")
            self.names[p.id] = wanted if wanted and _ID.match(wanted) and wanted not in self.names.values() else f"p{n}"
        self.lines: list[str] = ["sequenceDiagram"]

    def nearest(self, x: float) -> Shape:
        return min(self.participants, key=lambda p: abs(p.rect.center[0] - x))

    def run(self) -> str:
        title = diagram_title(self.diagram, "Mermaid sequence")
        if title:
            self.lines.append(f"    title {_text(title)}")
        messages = sorted((c for c in self.diagram if isinstance(c, Connector) and c.get("role") == "message"),
                          key=lambda c: c.source.y)
        numbers = [m.get("seq_number") for m in messages if m.get("seq_number")]
        if numbers:
            self.lines.append("    autonumber" + self.numbering(numbers))
        self.declarations(messages)
        events: list[tuple[float, int, str, Element]] = []
        for msg in messages:
            events.append((msg.source.y, 2, "message", msg))
        for el in self.diagram:
            role = el.get("role")
            if role == "note" and isinstance(el, Shape):
                events.append((el.y, 2, "note", el))
            elif role.startswith("block:") and isinstance(el, Frame):
                events.append((el.y, 1, "start", el))
                events.append((el.rect.bottom, 0, "end", el))
            elif role == "block_section" and isinstance(el, Path):
                events.append((el.y, 1, "section", el))
        events.sort(key=lambda e: (e[0], e[1], -e[3].h if e[2] == "start" else e[3].h if e[2] == "end" else 0))
        created = {p.get("seq_created_at"): p for p in self.participants if p.get("seq_created_at")}
        destroyed = {p.get("seq_destroyed_at"): p for p in self.participants if p.get("seq_destroyed_at")}
        depth = 0
        for _, _, kind, el in events:
            start = len(self.lines)
            if kind == "end":
                depth = max(0, depth - 1)
            if kind == "message" and isinstance(el, Connector):
                index = el.get("mermaid_index")
                if index in created:
                    p = created[index]
                    self.lines.append(f"    create {p.get('seq_kind') or 'participant'} {self.declare(p)}")
                if index in destroyed:
                    self.lines.append(f"    destroy {self.names[destroyed[index].id]}")
                self.message(el)
            elif kind == "note" and isinstance(el, Shape):
                self.note(el)
            elif kind == "start" and isinstance(el, Frame):
                self.block(el)
            elif kind == "section":
                keyword, label = el.get("seq_keyword") or "else", el.get("seq_label")
                self.lines.append(f"    {keyword} {_text(label)}".rstrip())
            else:
                self.lines.append("    end")
            pad = "    " * (depth - (kind == "section"))
            self.lines[start:] = [pad + line for line in self.lines[start:]]
            depth += kind == "start"
        return "\n".join(self.lines) + "\n"

    def numbering(self, numbers: list[str]) -> str:
        try:
            first = float(numbers[0])
            step = float(numbers[1]) - first if len(numbers) > 1 else 1.0
        except ValueError:
            return ""
        if (first, step) == (1.0, 1.0):
            return ""
        return f" {first:g} {step:g}"

    def declare(self, p: Shape) -> str:
        name = self.names[p.id]
        return name if p.text == name else f"{name} as {_text(p.text)}"

    def declarations(self, messages: list[Connector]) -> None:
        boxes = sorted((f for f in self.diagram if isinstance(f, Frame) and f.get("role") == "box"), key=lambda f: f.x)
        in_box: dict[str, Frame] = {}
        for box in boxes:
            for p in self.participants:
                if box.x <= p.rect.center[0] <= box.rect.right:
                    in_box.setdefault(p.id, box)
        opened: Frame | None = None
        for p in self.participants:
            if p.get("seq_created_at"):
                continue
            holder = in_box.get(p.id)
            if holder is not opened:
                if opened is not None:
                    self.lines.append("    end")
                if holder is not None:
                    colour = holder.get("seq_color")
                    self.lines.append(f"    box {colour + ' ' if colour else ''}{_text(holder.text)}".rstrip())
                opened = holder
            kind = p.get("seq_kind") or _KINDS.get(p.shape, "participant")
            self.lines.append(f"    {kind} {self.declare(p)}")
        if opened is not None:
            self.lines.append("    end")

    def message(self, msg: Connector) -> None:
        source = self.nearest(msg.source.x)
        target = source if msg.waypoints else self.nearest(msg.target.x)
        arrow = msg.get("seq_arrow") or self.arrow(msg)
        text = " ".join(label.text for label in msg.labels).strip()
        number = msg.get("seq_number")
        if number and text.startswith(number):
            text = text[len(number):].strip()
        flags = msg.get("seq_activate")
        marks = ("+" if "+" in flags else "") + ("-" if "-" in flags else "")
        target_name = marks + self.names[target.id]
        self.lines.append(f"    {self.names[source.id]}{arrow}{target_name}: {_text(text)}".rstrip())

    def arrow(self, msg: Connector) -> str:
        body = "--" if msg.style.dash in ("dashed", "dotted") else "-"
        head = _HEADS.get(msg.end_arrow, ">>")
        if msg.start_arrow != "none" and msg.end_arrow != "none":
            return ("<<" + body + ">>") if body == "-" else "<<-->>"
        return body + (head or ">")

    def note(self, note: Shape) -> None:
        placement = note.get("seq_placement") or "over"
        covered = [p for p in self.participants if note.x <= p.rect.center[0] <= note.rect.right]
        if placement == "over" and covered:
            who = [self.names[covered[0].id]] + ([self.names[covered[-1].id]] if len(covered) > 1 else [])
        else:
            edge_x = note.rect.right if placement == "left_of" else note.x
            who = [self.names[self.nearest(edge_x).id]]
        where = {"left_of": "left of", "right_of": "right of"}.get(placement, "over")
        self.lines.append(f"    Note {where} {','.join(who)}: {_text(note.text)}")

    def block(self, frame: Frame) -> None:
        kind = frame.get("role").split(":", 1)[1]
        if kind == "rect":
            self.lines.append(f"    rect {frame.get('seq_color') or 'rgb(240, 240, 240)'}")
            return
        label = frame.get("seq_label")
        shown = frame.text
        if shown.startswith(kind.replace("_", " ")) or shown.startswith(kind):
            shown = re.sub(r"^\S+\s*", "", shown)
            label = shown[1:-1] if shown.startswith("[") and shown.endswith("]") else shown or label
        self.lines.append(f"    {kind} {_text(label)}".rstrip())


def to_mermaid(diagram: Diagram) -> str:
    return _Writer(diagram).run()
