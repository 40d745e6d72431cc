"""ZenUML as native elements: the statement tree becomes a `SequenceSpec`, drawn by our sequence builder.

So a ZenUML diagram looks exactly like a sequence diagram: lifelines, messages (sync solid with a filled
head, async with an open head, replies dashed), activation bars for call bodies, and fragment frames
(loop, alt, opt, par, try). Each message and frame then records its ZenUML statement in `data` (`zen_*`
keys: kind, nesting, texts) so the exporter can write the code back with its nesting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, cast

from autograph_desktop.mermaid.build_sequence import build as build_sequence
from autograph_desktop.mermaid.sequence import (
    Activation,
    Block,
    BlockKind,
    BlockSection,
    HeadKind,
    LineStyle,
    Message,
    Note,
    Participant,
    ParticipantKind,
    SequenceSpec,
)
from autograph_desktop.mermaid.theme import MermaidTheme
from autograph_desktop.mermaid.zenuml import LOOPS, ZenNode, ZenSpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element

STARTER = "_starter"
BLOCK_KINDS = {"if": "alt", "opt": "opt", "par": "par", "try": "critical", "critical": "critical",
               "section": "rect", "frame": "rect"}


@dataclass
class _Open:
    """A list of statements being walked, with who is speaking inside it and who to reply to."""

    nodes: list[ZenNode]
    caller: str
    reply_to: str
    parent: str
    section: str
    at: int = 0
    on_exit: list[tuple[str, int]] = field(default_factory=list)


class _Walk:
    def __init__(self, zen: ZenSpec) -> None:
        self.zen = zen
        self.seq = SequenceSpec(title=zen.title, diagram_type="sequence")
        self.order = 0
        self.message_tags: dict[int, dict[str, str]] = {}
        self.block_tags: dict[int, dict[str, str]] = {}
        self.next_id = 0
        self.block_stack: list[int] = []
        self.seen: set[str] = set()

    def tick(self) -> int:
        self.order += 1
        return self.order - 1

    def message(self, source: str, target: str, text: str, reply: bool, head: str, tags: dict[str, str]) -> int:
        index = len(self.seq.messages)
        line: LineStyle = "dotted" if reply else "solid"
        kind: HeadKind = "open" if head == "open" else "arrow"
        self.seq.messages.append(Message(index, self.tick(), source, target, "-->>" if reply else "->>", line, kind,
                                         False, text))
        self.message_tags[index] = tags
        self.seen.update((source, target))
        return index

    def run(self) -> SequenceSpec:
        stack = [_Open(self.zen.statements, "", "", "", "")]
        while stack:
            top = stack[-1]
            if top.at >= len(top.nodes):
                stack.pop()
                self.leave(top)
                continue
            node = top.nodes[top.at]
            top.at += 1
            zid = str(self.next_id)
            self.next_id += 1
            tags = {"zen_id": zid, "zen_parent": top.parent, "zen_section": top.section, "zen_kind": node.kind,
                    "zen_comment": node.comment}
            if node.kind == "fragment":
                self.fragment(stack, node, top, tags)
                continue
            caller = node.source or top.caller or STARTER
            if node.comment:
                self.seq.notes.append(Note(self.tick(), "over", (caller,), node.comment, len(self.seq.messages) - 1))
            if node.kind == "async":
                tags.update(zen_source=node.source, zen_target=node.target, zen_reply="1" if node.reply else "")
                self.message(node.source, node.target, node.text, node.reply, "open", tags)
            elif node.kind == "return":
                tags.update(zen_text=node.text)
                self.message(caller, top.reply_to or STARTER, node.text, True, "open", tags)
            else:  # sync or new
                created = node.kind == "new" and node.target not in self.seen
                text = f"«create»{node.text}" if node.kind == "new" else node.text
                tags.update(zen_caller=node.source, zen_target=node.target,
                            zen_call=node.text, zen_assign=node.assign, zen_type=node.assign_type,
                            zen_body="1" if node.body is not None else "")
                index = self.message(caller, node.target, text, False, "arrow", tags)
                if created:
                    for p in self.seq.participants:
                        if p.id == node.target:
                            p.created_at = index
                if node.body is not None:
                    self.seq.activations.append(Activation(node.target, 0, self.order, index))
                    inner = _Open(node.body, node.target, caller, zid, "body")
                    inner.on_exit.append(("activation", len(self.seq.activations) - 1))
                    if node.assign:
                        inner.on_exit.append(("assign", index))
                    stack.append(inner)
                elif node.assign:
                    self.assign_reply(index)
        return self.seq

    def assign_reply(self, index: int) -> None:
        call = self.seq.messages[index]
        self.message(call.target, call.source, self.message_tags[index]["zen_assign"], True, "open",
                     {"zen_kind": "assign-reply"})

    def fragment(self, stack: list[_Open], node: ZenNode, top: _Open, tags: dict[str, str]) -> None:
        first = node.sections[0]
        kind = "loop" if first.keyword in LOOPS else BLOCK_KINDS.get(first.keyword, "rect")
        index = len(self.seq.blocks)
        label = first.condition if kind in ("loop", "alt") else first.keyword if kind != "opt" else first.condition
        self.seq.blocks.append(Block(cast(BlockKind, kind), label, self.block_stack[-1] if self.block_stack else None,
                                     len(self.block_stack), self.tick(), len(self.seq.messages), line=node.line))
        self.block_stack.append(index)
        tags.update(zen_keywords="\t".join(s.keyword for s in node.sections),
                    zen_conditions="\t".join(s.condition for s in node.sections))
        self.block_tags[index] = tags
        if node.comment:
            self.seq.notes.append(Note(self.tick(), "over", (top.caller or STARTER,), node.comment,
                                       len(self.seq.messages) - 1))
        # Sections are walked last to first on the stack, so push them in reverse.
        opened = [_Open(section.children, top.caller, top.reply_to, tags["zen_id"], str(n))
                  for n, section in enumerate(node.sections)]
        for n, frame in enumerate(opened):
            frame.on_exit.append(("section", index * 1000 + n))
        opened[-1].on_exit.append(("block", index))
        for frame in reversed(opened):
            stack.append(frame)
        self.start_section(index, 0)

    def start_section(self, block: int, n: int) -> None:
        spec_block = self.seq.blocks[block]
        keywords = self.block_tags[block]["zen_keywords"].split("\t")
        conditions = self.block_tags[block]["zen_conditions"].split("\t")
        label = conditions[n] if n == 0 else " ".join(p for p in (keywords[n], conditions[n]) if p)
        order = spec_block.start_order if n == 0 else self.tick()
        spec_block.sections.append(BlockSection(keywords[n], label, order, len(self.seq.messages)))

    def leave(self, frame: _Open) -> None:
        for action, value in frame.on_exit:
            if action == "activation":
                act = self.seq.activations[value]
                act.end_order = self.tick()
                act.end_message = len(self.seq.messages) - 1 if self.seq.messages else None
            elif action == "assign":
                self.assign_reply(value)
            elif action == "section":
                block, n = divmod(value, 1000)
                self.seq.blocks[block].sections[n].end_message = len(self.seq.messages)
                if n + 1 < len(self.block_tags[block]["zen_keywords"].split("\t")):
                    self.start_section(block, n + 1)
            elif action == "block":
                spec_block = self.seq.blocks[value]
                spec_block.end_order = self.tick()
                spec_block.end_message = len(self.seq.messages)
                self.block_stack.pop()


def to_sequence(zen: ZenSpec) -> tuple[SequenceSpec, dict[int, dict[str, str]], dict[int, dict[str, str]]]:
    """The sequence spec for a ZenUML tree, with the zen tags for its messages and blocks."""
    walk = _Walk(zen)
    walk.seq.participants = [Participant(p.id, p.label, cast(ParticipantKind, p.kind), p.declared)
                             for p in zen.participants]
    seq = walk.run()
    if STARTER in walk.seen:
        label = "Client" if all(p.label != "Client" for p in zen.participants) else "Starter"
        seq.participants.insert(0, Participant(STARTER, label, "actor"))
    return seq, walk.message_tags, walk.block_tags


def build(spec: ZenSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    seq, message_tags, block_tags = to_sequence(spec)
    drawn = build_sequence(seq, theme)
    participants = {p.id: p for p in spec.participants}
    blocks = iter(sorted(block_tags))
    elements: list[Element] = []
    for el in drawn:
        extra: dict[str, str] = {}
        role = el.get("role")
        if role == "message" and el.get("mermaid_index").isdigit():
            extra = message_tags.get(int(el.get("mermaid_index")), {})
        elif role.startswith("block:"):
            index = next(blocks, None)
            extra = block_tags.get(index, {}) if index is not None else {}
            keyword = extra.get("zen_keywords", "").split("\t")[0]
            if keyword and keyword not in LOOPS and keyword != "if":
                condition = extra.get("zen_conditions", "").split("\t")[0]
                el = el.evolve(text=f"{keyword} [{condition}]" if condition else keyword)
        elif role == "participant":
            pid = el.get("mermaid_id")
            if pid == STARTER:
                extra = {"zen_implicit": "1"}
            elif pid in participants:
                p = participants[pid]
                extra = {"zen_annotator": p.annotator, "zen_declared": "1" if p.declared else ""}
        if extra:
            el = el.evolve(data=tuple(sorted({**dict(el.data), **extra}.items())))
        elements.append(el)
    return Diagram(replace(drawn.meta, kind="zenuml", title=spec.title or "ZenUML"), elements)
