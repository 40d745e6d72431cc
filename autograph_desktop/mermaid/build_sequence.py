"""Sequence diagrams as native elements: participant boxes with lifelines, messages, notes, activation
bars and block frames, stacked top to bottom in the order the text gives them.

Lifelines are connectors attached to the participant's top and bottom boxes, so dragging a participant
box keeps its lifeline; messages are loose connectors at fixed heights, as in draw.io's UML shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, css_color, edge_style, node_style
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    Connector,
    ConnectorLabel,
    Element,
    Endpoint,
    Frame,
    Path,
    Shape,
    Text,
    new_id,
)
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.style import DEFAULT_STYLE

HEADS = {"none": "none", "arrow": "triangle", "cross": "cross", "open": "arrow", "bidirectional": "triangle",
         "half_top": "half_arrow", "half_bottom": "half_arrow", "stick_top": "half_arrow",
         "stick_bottom": "half_arrow"}
SHAPES = {"actor": "actor", "database": "cylinder", "collections": "document", "queue": "cylinder",
          "boundary": "rounded", "control": "circle", "entity": "ellipse"}
BOX_H = 50.0
GAP = 50.0
ROW = 24.0


@dataclass
class _Column:
    x: float  # centre
    width: float
    top: float = 0.0


def _columns(spec: Any) -> dict[str, _Column]:
    style = node_style(_THEME_FALLBACK)
    widths = {p.id: max(text_size(p.label, style, 200.0)[0] + 36.0, 110.0) for p in spec.participants}
    order = [p.id for p in spec.participants]
    index = {pid: i for i, pid in enumerate(order)}
    need: dict[int, float] = {}
    msg_style = edge_style(_THEME_FALLBACK)
    for msg in spec.messages:
        a, b = index.get(msg.source), index.get(msg.target)
        if a is None or b is None:
            continue
        lo, hi = sorted((a, b))
        width = text_size(msg.text, msg_style, 320.0)[0] + 40.0
        if lo == hi:
            need[lo] = max(need.get(lo, 0.0), width * 0.6)
        elif hi - lo == 1:
            need[lo] = max(need.get(lo, 0.0), width)
    columns: dict[str, _Column] = {}
    x = 0.0
    for i, pid in enumerate(order):
        if i == 0:
            x = widths[pid] / 2
        else:
            prev = order[i - 1]
            x += max(widths[prev] / 2 + widths[pid] / 2 + GAP, need.get(i - 1, 0.0))
        columns[pid] = _Column(x, widths[pid])
    return columns


_THEME_FALLBACK = MermaidTheme("default", "light", "#ececff", "#9370db", "#333333", "#333333", "#ffffde",
                               "#aaaa33", "#fff5ad", "#aaaa33", ("#4e79a7",))


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    """Lay out a SequenceSpec from top to bottom and return a new Diagram."""
    columns = _columns(spec)
    box_style = node_style(theme)
    note_style = node_style(theme).with_(fill=theme.note_fill, stroke=theme.note_stroke, font_size=13.0)
    life_style = edge_style(theme).with_(dash="dashed", stroke_width=1.0, stroke=theme.node_stroke)
    frames: list[Element] = []
    back: list[Element] = []
    front: list[Element] = []
    top_boxes: dict[str, str] = {}

    # Vertical cursor: walk every item in written order.
    events: list[tuple[int, str, Any]] = []
    events += [(m.order, "message", m) for m in spec.messages]
    events += [(n.order, "note", n) for n in spec.notes]
    for bi, block in enumerate(spec.blocks):
        events.append((block.start_order, "block_start", bi))
        for si, section in enumerate(block.sections[1:], start=1):
            events.append((section.order, "section", (bi, si)))
        events.append((block.end_order, "block_end", bi))
    events.sort(key=lambda e: (e[0], e[1] != "block_end"))
    y = BOX_H + 30.0
    order_y: dict[int, float] = {}
    message_y: dict[int, float] = {}
    block_top: dict[int, float] = {}
    section_y: dict[tuple[int, int], float] = {}
    block_bottom: dict[int, float] = {}
    created_y: dict[str, float] = {}
    destroyed_y: dict[str, float] = {}
    numbering = _numbers(spec)
    msg_style = edge_style(theme)
    for order, kind, item in events:
        if kind == "message":
            label = item.text if item.index not in numbering else f"{numbering[item.index]} {item.text}".strip()
            _, h = text_size(label, msg_style, 320.0)
            y += max(h, 14.0) + 14.0
            for pid, when in ((p.id, p.created_at) for p in spec.participants):
                if when == item.index:
                    created_y[pid] = y - BOX_H / 2 + 10
                    y += BOX_H / 2
            message_y[item.index] = y
            if item.source == item.target:
                y += 34.0
            for p in spec.participants:
                if p.destroyed_at == item.index:
                    destroyed_y[p.id] = y + 10
            y += 8.0
        elif kind == "note":
            _, h = text_size(item.text, note_style, 240.0)
            y += 12.0
            order_y[order] = y
            y += h + 20.0
        elif kind == "block_start":
            y += 38.0  # room for the frame's title tab above its top edge
            block_top[item] = y
            y += 10.0
        elif kind == "section":
            y += 14.0
            section_y[item] = y
            y += ROW
        else:
            y += 14.0
            block_bottom[item] = y
        order_y.setdefault(order, y)
    bottom = y + 30.0

    # Participants: a top box, a bottom box (unless destroyed) and a lifeline between them.
    for p in spec.participants:
        col = columns[p.id]
        shape = SHAPES.get(p.kind, "rectangle")
        top = created_y.get(p.id, 0.0)
        style = box_style.with_(vertical_align="bottom") if shape == "actor" else box_style
        top_id = new_id()
        top_boxes[p.id] = top_id
        life = {"seq_created_at": p.created_at, "seq_destroyed_at": p.destroyed_at}
        front.append(Shape(id=top_id, x=col.x - col.width / 2, y=top, w=col.width, h=BOX_H, shape=shape,
                           text=p.label, style=style,
                           data=tuple(sorted({"mermaid_id": p.id, "role": "participant", "seq_kind": p.kind,
                                              **{k: str(v) for k, v in life.items() if v is not None}}.items()))))
        end_y = destroyed_y.get(p.id)
        if end_y is None:
            bottom_id = new_id()
            front.append(Shape(id=bottom_id, x=col.x - col.width / 2, y=bottom, w=col.width, h=BOX_H,
                               shape=shape, text=p.label, style=style,
                               data=(("mermaid_id", p.id), ("role", "participant_end"))))
            target = Endpoint(bottom_id, "top", 0.5)
        else:
            target = Endpoint(x=col.x, y=end_y)
            front.append(Text(id=new_id(), x=col.x - 10, y=end_y - 12, w=20, h=24, text="✕",
                              style=DEFAULT_STYLE.with_(text_color=theme.edge, font_size=20.0)))
        back.append(Connector(id=new_id(), source=Endpoint(top_id, "bottom", 0.5), target=target,
                              end_arrow="none", style=life_style, data=(("role", "lifeline"),)))

    # Boxes around groups of participants.
    for box in spec.boxes:
        cols = [columns[pid] for pid in box.participants if pid in columns]
        if not cols:
            continue
        x1 = min(c.x - c.width / 2 for c in cols) - 12
        x2 = max(c.x + c.width / 2 for c in cols) + 12
        fill = css_color(box.color) if box.color else None
        frames.append(Frame(id=new_id(), x=x1, y=-36, w=x2 - x1, h=bottom + BOX_H + 48, text=box.label or "",
                            style=DEFAULT_STYLE.with_(fill=fill or "none", stroke=theme.cluster_stroke,
                                                      stroke_width=1.0, opacity=0.6 if fill else 1.0),
                            data=(("role", "box"), ("seq_color", box.color or ""))))

    # Blocks: a titled frame spanning the participants of their messages, with section dividers.
    all_x = [c.x for c in columns.values()] or [0.0]
    for bi, block in enumerate(spec.blocks):
        xs = [columns[pid].x for m in spec.messages[block.first_message:block.end_message]
              for pid in (m.source, m.target) if pid in columns] or all_x
        pad = 60.0 + 8.0 * (3 - min(block.depth, 3))
        x1, x2 = min(xs) - pad, max(xs) + pad
        top = block_top.get(bi, 0.0)
        bottom_y = block_bottom.get(bi, top + ROW)
        label = f"{block.kind} [{block.label}]" if block.label and block.kind != "rect" else block.kind
        fill = css_color(block.color) if block.kind == "rect" and block.color else None
        frames.append(Frame(id=new_id(), x=x1, y=top, w=x2 - x1, h=bottom_y - top,
                            text="" if block.kind == "rect" else label,
                            style=DEFAULT_STYLE.with_(fill=fill or "none", stroke=theme.node_stroke, stroke_width=1.0,
                                                      font_size=12.0, text_color=theme.text),
                            data=(("role", f"block:{block.kind}"), ("seq_color", block.color or ""),
                                  ("seq_label", block.label))))
        for si, section in enumerate(block.sections[1:], start=1):
            sy = section_y.get((bi, si))
            if sy is None:
                continue
            front.append(Path(id=new_id(), x=x1, y=sy, w=x2 - x1, h=1.0, points=((0.0, 0.0), (x2 - x1, 0.0)),
                              style=DEFAULT_STYLE.with_(stroke=theme.node_stroke, dash="dashed", stroke_width=1.0,
                                                        fill="none"),
                              data=(("role", "block_section"), ("seq_keyword", section.keyword),
                                    ("seq_label", section.label))))
            if section.label:
                front.append(Text(id=new_id(), x=x1 + 8, y=sy + 4, w=x2 - x1 - 16, h=18.0, text=f"[{section.label}]",
                                  style=DEFAULT_STYLE.with_(font_size=12.0, text_color=theme.text, fill="none",
                                                            stroke="none")))

    # Activation bars.
    for act in spec.activations:
        bar_col = columns.get(act.participant)
        if bar_col is None:
            continue
        start = message_y.get(act.start_message, order_y.get(act.start_order, BOX_H + 20)) \
            if act.start_message is not None else order_y.get(act.start_order, BOX_H + 20)
        if act.end_message is not None:
            end = message_y.get(act.end_message, bottom - 10)
        elif act.end_order is not None:
            end = order_y.get(act.end_order, bottom - 10)
        else:
            end = bottom - 10
        front.append(Shape(id=new_id(), x=bar_col.x - 6 + act.depth * 6, y=start, w=12, h=max(end - start, 12.0),
                           style=box_style.with_(fill="#f4f4f4" if theme.canvas == "light" else "#333333",
                                                 stroke=theme.node_stroke, stroke_width=1.0),
                           data=(("role", "activation"),)))

    # Messages.
    for msg in spec.messages:
        if msg.source not in columns or msg.target not in columns:
            continue
        my = message_y[msg.index]
        sx, tx = columns[msg.source].x, columns[msg.target].x
        head = HEADS.get(msg.head, "triangle")
        start_head = head if msg.head == "bidirectional" or msg.reverse_head else "none"
        end_head = "none" if msg.reverse_head else head
        style = msg_style.with_(dash="dashed" if msg.line_style == "dotted" else "solid")
        label = msg.text if msg.index not in numbering else f"{numbering[msg.index]} {msg.text}".strip()
        if msg.source == msg.target:
            waypoints: tuple[tuple[float, float], ...] = ((sx + 40, my), (sx + 40, my + 30))
            source, target = Endpoint(x=sx + 6, y=my), Endpoint(x=sx + 6, y=my + 30)
            labels = (ConnectorLabel(label, 0.0, 0.0),) if label else ()
        else:
            direction = 1 if tx > sx else -1
            source = Endpoint(x=sx + 6 * direction, y=my)
            target = Endpoint(x=tx - 6 * direction, y=my)
            waypoints = ()
            # Labels sit above the arrow: the offset is measured to the left of the direction of travel.
            labels = (ConnectorLabel(label, 0.5, -12.0 * direction),) if label else ()
        front.append(Connector(id=new_id(), source=source, target=target, waypoints=waypoints, start_arrow=start_head,
                               end_arrow=end_head, labels=labels, style=style,
                               data=tuple(sorted({"role": "message", "mermaid_index": str(msg.index),
                                                  "seq_arrow": msg.arrow,
                                                  "seq_activate": ("+" if msg.activate else "")
                                                  + ("-" if msg.deactivate else ""),
                                                  "seq_number": numbering.get(msg.index, "")}.items()))))

    # Notes.
    for note in spec.notes:
        cols = [columns[pid] for pid in note.participants if pid in columns]
        if not cols:
            continue
        w, h = text_size(note.text, note_style, 240.0)
        w, h = max(w + 24, 100.0), h + 16
        ny = order_y.get(note.order, 0.0)
        if note.placement == "left_of":
            x = cols[0].x - 16 - w
        elif note.placement == "right_of":
            x = cols[0].x + 16
        else:
            x1 = min(c.x for c in cols) - 30
            x2 = max(c.x for c in cols) + 30
            w = max(w, x2 - x1)
            x = (x1 + x2) / 2 - w / 2
        front.append(Shape(id=new_id(), x=x, y=ny, w=w, h=h, shape="note", text=note.text, style=note_style,
                           data=(("role", "note"), ("seq_participants", ",".join(note.participants)),
                                 ("seq_placement", note.placement))))

    elements = [*frames, *back, *front]
    keys = keys_after(None, len(elements))
    elements = [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)]
    return Diagram(DiagramMeta(title=spec.title or "Mermaid sequence", kind="sequence"), elements)


def _numbers(spec: Any) -> dict[int, str]:
    """Message index -> its autonumber label, following every `autonumber` statement in order."""
    out: dict[int, str] = {}
    rules = sorted(spec.autonumber, key=lambda a: a.at_message)
    if not rules:
        return out
    enabled, value, step = False, 1.0, 1.0
    rule_i = 0
    for msg in spec.messages:
        while rule_i < len(rules) and rules[rule_i].at_message <= msg.index:
            rule = rules[rule_i]
            enabled, value, step = rule.enabled, float(rule.start), float(rule.step)
            rule_i += 1
        if enabled:
            out[msg.index] = str(int(value)) if value.is_integer() else f"{value:g}"
            value += step
    return out
