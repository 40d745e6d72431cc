"""A drawn state diagram as `stateDiagram-v2` text: frames as composite states (with `--` between their
concurrency regions), start and end dots as `[*]` in the scope they sit in, choices, forks and joins,
transitions with their labels, and notes beside their states."""

from __future__ import annotations

from autograph_desktop.mermaid.export_common import by_position, diagram_title, frame_of, main_direction
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Shape

PSEUDO = ("start", "end")


class _Writer:
    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.frames = {f.get("mermaid_id"): f for f in diagram if isinstance(f, Frame) and f.get("mermaid_id")}
        self.nodes = [el for el in diagram if isinstance(el, Shape) and el.get("state_kind")]
        self.names = {n.id: n.get("mermaid_id") for n in self.nodes}
        self.names.update({f.id: key for key, f in self.frames.items() if ":region" not in key})
        self.notes = [el for el in diagram if isinstance(el, Shape) and el.get("mermaid_id").startswith("note:")]
        self.connectors = [c for c in diagram if isinstance(c, Connector)]
        self.lines: list[str] = []
        self.written: set[str] = set()

    def scope(self, el: Element) -> str | None:
        frame = frame_of(self.diagram, el)
        return frame.get("mermaid_id") if frame is not None else None

    def end_name(self, element_id: str | None) -> str | None:
        el = self.diagram.get(element_id or "")
        if el is None or el.id not in self.names:
            return None
        return "[*]" if el.get("state_kind") in PSEUDO else self.names[el.id]

    def run(self) -> str:
        self.lines = ["stateDiagram-v2"]
        title = diagram_title(self.diagram, "Mermaid state")
        if title:
            self.lines = ["---", f'title: "{title}"', "---", *self.lines]
        direction = main_direction(self.diagram, self.names)
        if direction != "TB":
            self.lines.append(f"    direction {direction}")
        self.block(None, "    ")
        for conn in self.connectors:
            if conn.id not in self.written:
                self.transition(conn, "    ")
        for note in self.notes:
            self.note(note)
        return "\n".join(self.lines) + "\n"

    def block(self, composite: str | None, indent: str) -> None:
        regions = sorted((key for key in self.frames if composite and key.startswith(f"{composite}:region")),
                         key=lambda k: int(k.rsplit("region", 1)[1] or 0))
        for n, scope in enumerate(regions or [composite]):
            if n:
                self.lines.append(f"{indent}--")
            for node in by_position(n for n in self.nodes if self.scope(n) == scope):
                assert isinstance(node, Shape)
                self.declare(node, indent)
            for key, frame in self.frames.items():
                if ":region" in key or self.scope(frame) != scope:
                    continue
                head = f'state "{frame.text}" as {key}' if frame.text and frame.text != key else f"state {key}"
                self.lines.append(f"{indent}{head} {{")
                self.block(key, indent + "    ")
                self.lines.append(f"{indent}}}")
            for conn in self.connectors:
                ends = [self.diagram.get(e.element or "") for e in (conn.source, conn.target)]
                if any(e is not None and e.get("state_kind") in PSEUDO and self.scope(e) == scope for e in ends):
                    self.transition(conn, indent)

    def declare(self, node: Shape, indent: str) -> None:
        kind, name = node.get("state_kind"), self.names[node.id]
        if kind in PSEUDO:
            return
        if kind in ("choice", "fork", "join"):
            self.lines.append(f"{indent}state {name} <<{kind}>>")
        elif node.text and node.text != name:
            self.lines.extend(f"{indent}{name} : {line}" for line in node.text.split("\n"))
        else:
            self.lines.append(f"{indent}{name}")

    def transition(self, conn: Connector, indent: str) -> None:
        source, target = self.end_name(conn.source.element), self.end_name(conn.target.element)
        if source is None or target is None or conn.id in self.written:
            return
        self.written.add(conn.id)
        label = " ".join(lbl.text for lbl in conn.labels).strip()
        self.lines.append(f"{indent}{source} --> {target}" + (f" : {label}" if label else ""))

    def note(self, note: Shape) -> None:
        for conn in self.connectors:
            ends = (conn.source.element, conn.target.element)
            if note.id not in ends:
                continue
            other = self.diagram.get((ends[1] if ends[0] == note.id else ends[0]) or "")
            if other is None or other.id not in self.names:
                continue
            side = "left" if ends[0] == note.id else "right"
            name = self.names[other.id]
            if "\n" in note.text:
                self.lines.append(f"    note {side} of {name}")
                self.lines.extend(f"        {line}" for line in note.text.split("\n"))
                self.lines.append("    end note")
            else:
                self.lines.append(f"    note {side} of {name} : {note.text}")
            return


def to_mermaid(diagram: Diagram) -> str:
    return _Writer(diagram).run()
