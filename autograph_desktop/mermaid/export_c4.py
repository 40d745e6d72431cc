"""A drawn C4 diagram as Mermaid C4 text: frames as boundaries, grouped boxes as elements, connectors as
relations, colours the user changed as `UpdateElementStyle` / `UpdateRelStyle`.

Names, technologies and descriptions are read from the texts on the canvas (so edits there are kept);
the macro names, tags and links come from what the builder stored.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.build_c4 import COLOURS
from autograph_desktop.mermaid.c4_macros import BOUNDARIES, ELEMENTS
from autograph_desktop.mermaid.export_common import IdMaker, by_position, diagram_title, escape, frame_of
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Shape, Text
from autograph_desktop.model.style import resolve_color

LEVELS = ("C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment")
_TECH = re.compile(r"^\[[^\]:]*:\s*(.*)\]$", re.S)


def _q(text: str) -> str:
    return '"' + escape(text, '"') + '"'


def _args(*values: str, named: dict[str, str] | None = None, aliases: int = 1) -> str:
    """The first `aliases` values bare, the rest quoted (trailing empty ones dropped), then `$name=value`s."""
    items = list(values)
    while len(items) > aliases and not items[-1]:
        items.pop()
    parts = [v if n < aliases else _q(v) for n, v in enumerate(items)]
    parts += [f"${k}={_q(v)}" for k, v in (named or {}).items() if v]
    return ", ".join(parts)


class _Writer:
    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.ids = IdMaker()
        self.lines: list[str] = []
        self.texts: dict[str, dict[str, Text]] = {}
        for el in diagram:
            if isinstance(el, Text) and el.parent and el.get("role", "").startswith("c4_"):
                self.texts.setdefault(el.parent, {})[el.get("role")] = el
        self.bodies = [el for el in diagram if isinstance(el, Shape) and not el.get("role")]
        self.frames = [el for el in diagram if isinstance(el, Frame)]
        for el in [*self.frames, *self.bodies]:
            self.ids.add(el, "b" if isinstance(el, Frame) else "e")
        sample = next((el for el in [*self.bodies, *self.frames] if el.get("c4_level")), None)
        self.level = sample.get("c4_level") if sample and sample.get("c4_level") in LEVELS else self.guess_level()
        self.layout = (sample.get("c4_shape_in_row", "4"), sample.get("c4_boundary_in_row", "2")) if sample \
            else ("4", "2")

    def guess_level(self) -> str:
        macros = {el.get("c4_macro") for el in [*self.bodies, *self.frames]}
        for prefix, level in (("Node", "C4Deployment"), ("Deployment", "C4Deployment"),
                              ("Component", "C4Component"), ("Container", "C4Container")):
            if any(m.startswith(prefix) for m in macros):
                return level
        return "C4Context"

    def run(self) -> str:
        self.lines = [self.level]
        title = diagram_title(self.diagram, self.level)
        if title:
            self.lines.append(f"    title {escape(title)}")
        self.container(None, "    ")
        for conn in (el for el in self.diagram if isinstance(el, Connector)):
            self.relation(conn)
        for body in self.bodies:
            self.element_style(body)
        if self.layout != ("4", "2"):
            self.lines.append(f'    UpdateLayoutConfig($c4ShapeInRow="{self.layout[0]}", '
                              f'$c4BoundaryInRow="{self.layout[1]}")')
        return "\n".join(self.lines) + "\n"

    def holder(self, el: Element) -> Frame | None:
        frame = frame_of(self.diagram, el)
        return frame if frame is not None and frame.id in self.ids.ids else None

    def container(self, frame: Frame | None, indent: str) -> None:
        inside = [el for el in [*self.bodies, *self.frames] if self.holder(el) is frame]
        for el in by_position([e for e in inside if isinstance(e, Shape)]):
            assert isinstance(el, Shape)
            self.element(el, indent)
        for el in by_position([e for e in inside if isinstance(e, Frame)]):
            assert isinstance(el, Frame)
            self.boundary(el, indent)

    def element(self, body: Shape, indent: str) -> None:
        macro = body.get("c4_macro")
        if macro not in ELEMENTS:
            macro = "SystemDb" if body.shape == "cylinder" else "System"
        kind = ELEMENTS[macro][0]
        texts = self.texts.get(body.parent or "", {})
        label = texts["c4_label"].text if "c4_label" in texts else body.text
        descr = texts["c4_descr"].text if "c4_descr" in texts else ""
        techn = body.get("c4_techn")
        if "c4_type" in texts and kind in ("container", "component"):
            match = _TECH.match(texts["c4_type"].text.strip())
            techn = match.group(1).strip() if match else ""
        named = {"tags": body.get("c4_tags"), "link": body.link, "sprite": body.get("c4_sprite")}
        values = [self.ids.ids[body.id], label] + ([techn] if kind in ("container", "component") else []) + [descr]
        self.lines.append(f"{indent}{macro}({_args(*values, named=named)})")

    def boundary(self, frame: Frame, indent: str) -> None:
        macro = frame.get("c4_macro") if frame.get("c4_macro") in BOUNDARIES else "Boundary"
        params = BOUNDARIES[macro][1]
        note = next((el for el in self.diagram if isinstance(el, Text) and el.parent == frame.id
                     and el.get("role") in ("c4_type", "c4_type_descr")), None)
        btype = note.get("c4_type") if note is not None else ""
        descr = note.get("c4_descr") if note is not None else ""
        values = [self.ids.ids[frame.id], frame.text]
        if "type" in params:
            values.append(btype)
        if "descr" in params:
            values.append(descr)
        named = {"tags": frame.get("c4_tags"), "link": frame.link, "sprite": frame.get("c4_sprite")}
        self.lines.append(f"{indent}{macro}({_args(*values, named=named)}) {{")
        self.container(frame, indent + "    ")
        self.lines.append(f"{indent}}}")

    def relation(self, conn: Connector) -> None:
        source = self.ids.get(conn.source.element)
        target = self.ids.get(conn.target.element)
        if source is None or target is None:
            self.lines.append("    %% a connector without an element at both ends was left out")
            return
        text = conn.labels[0].text if conn.labels else ""
        if self.level == "C4Dynamic":
            text = re.sub(r"^\d+:\s?", "", text)
        label, _, techn = text.partition("\n[")
        techn = techn[:-1] if techn.endswith("]") else techn
        macro = conn.get("c4_macro") or "Rel"
        starts, ends = conn.start_arrow != "none", conn.end_arrow != "none"
        if starts and ends:
            macro = "BiRel"
        elif starts:
            macro = "Rel_Back"
        elif macro in ("BiRel", "Rel_Back"):
            macro = "Rel"
        named = {"tags": conn.get("c4_tags"), "link": conn.get("c4_link"), "sprite": conn.get("c4_sprite")}
        values = [source, target, label, techn, conn.get("c4_descr")]
        if macro == "RelIndex":
            values = [conn.get("c4_index") or "0", *values]
            call = ", ".join([values[0], _args(*values[1:], named=named, aliases=2)])
        else:
            call = _args(*values, named=named, aliases=2)
        self.lines.append(f"    {macro}({call})")
        styles = {}
        if conn.style.stroke != conn.get("c4_default_line", conn.style.stroke):
            styles["lineColor"] = resolve_color(conn.style.stroke) or "none"
        if conn.style.text_color != conn.get("c4_default_text", conn.style.text_color):
            styles["textColor"] = resolve_color(conn.style.text_color, "light", "text") or "none"
        for key in ("offsetX", "offsetY"):
            if conn.get(f"c4_offset_{key[-1].lower()}"):
                styles[key] = conn.get(f"c4_offset_{key[-1].lower()}")
        if styles:
            pairs = ", ".join(f'${k}="{v}"' for k, v in styles.items())
            self.lines.append(f"    UpdateRelStyle({source}, {target}, {pairs})")

    def element_style(self, body: Shape) -> None:
        macro = body.get("c4_macro")
        if macro not in ELEMENTS:
            return
        kind, _, external, _ = ELEMENTS[macro]
        fill, border, ink = COLOURS[(kind, external)]
        texts = self.texts.get(body.parent or "", {})
        label = texts.get("c4_label")
        styles = {}
        if body.style.fill != fill:
            styles["bgColor"] = resolve_color(body.style.fill, "light", "fill") or "none"
        if body.style.stroke != border:
            styles["borderColor"] = resolve_color(body.style.stroke) or "none"
        if label is not None and label.style.text_color != ink:
            styles["fontColor"] = resolve_color(label.style.text_color, "light", "text") or "none"
        if styles:
            pairs = ", ".join(f'${k}="{v}"' for k, v in styles.items())
            self.lines.append(f"    UpdateElementStyle({self.ids.ids[body.id]}, {pairs})")


def to_mermaid(diagram: Diagram) -> str:
    return _Writer(diagram).run()


__all__ = ["to_mermaid"]
