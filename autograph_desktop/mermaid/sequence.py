"""Mermaid `sequenceDiagram` -> `SequenceSpec`: participants, messages, notes, blocks, activations, boxes.

The parser is a single forward pass over statements with explicit stacks (blocks, boxes, activations), so
deeply nested input never recurses. Every item carries `order`, its position among all items, so the
layout stage can stack messages, notes and block borders top to bottom exactly as written.

`counts()` follows Mermaid's model: nodes = participants (actors of every kind), edges = messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.textutil import (
    Statement,
    clean_label,
    leading_keyword,
    load_json,
    parse_title,
    split_statements,
    take_accessibility,
)
from autograph_desktop.model.problems import Problem

ParticipantKind = Literal["participant", "actor", "boundary", "control", "entity", "database", "collections",
                          "queue"]
PARTICIPANT_KINDS: frozenset[str] = frozenset(
    ("participant", "actor", "boundary", "control", "entity", "database", "collections", "queue"))
LineStyle = Literal["solid", "dotted"]
#: none | arrow | cross | open (async) | bidirectional, plus the v11.12 half arrows.
HeadKind = Literal["none", "arrow", "cross", "open", "bidirectional", "half_top", "half_bottom", "stick_top",
                   "stick_bottom"]
BlockKind = Literal["loop", "alt", "opt", "par", "par_over", "critical", "break", "rect"]

#: arrow text -> (line style, head, head at the sender instead of the receiver). Longest first matters.
ARROWS: dict[str, tuple[LineStyle, HeadKind, bool]] = {
    "<<-->>": ("dotted", "bidirectional", False),
    "<<->>": ("solid", "bidirectional", False),
    "-->>": ("dotted", "arrow", False),
    "->>": ("solid", "arrow", False),
    "--x": ("dotted", "cross", False),
    "-x": ("solid", "cross", False),
    "--)": ("dotted", "open", False),
    "-)": ("solid", "open", False),
    "--|\\": ("dotted", "half_top", False),
    "-|\\": ("solid", "half_top", False),
    "--|/": ("dotted", "half_bottom", False),
    "-|/": ("solid", "half_bottom", False),
    "--\\\\": ("dotted", "stick_top", False),
    "-\\\\": ("solid", "stick_top", False),
    "--//": ("dotted", "stick_bottom", False),
    "-//": ("solid", "stick_bottom", False),
    "/|--": ("dotted", "half_top", True),
    "/|-": ("solid", "half_top", True),
    "\\|--": ("dotted", "half_bottom", True),
    "\\|-": ("solid", "half_bottom", True),
    "//--": ("dotted", "stick_top", True),
    "//-": ("solid", "stick_top", True),
    "\\\\--": ("dotted", "stick_bottom", True),
    "\\\\-": ("solid", "stick_bottom", True),
    "-->": ("dotted", "none", False),
    "->": ("solid", "none", False),
}
_ARROW_RE = re.compile("|".join(re.escape(a) for a in sorted(ARROWS, key=len, reverse=True)))
# Every repeat starts at the beginning of its run (look-behind), so a megabyte of '<' stays linear.
_LOOSE_ARROW_RE = re.compile(r"(?<!<)<+-+>*|(?<!-)-+[>x)(|/\\<=]+|(?<!=)=+>+|(?<!-)-{2,}|(?<!~)~+>")

_BLOCK_OPENERS: frozenset[str] = frozenset(("loop", "alt", "opt", "par", "par_over", "critical", "break", "rect"))
#: section keyword -> the block kinds it may continue.
_SECTIONS: dict[str, tuple[str, ...]] = {"else": ("alt",), "and": ("par", "par_over"), "option": ("critical",)}
_KEYWORDS: frozenset[str] = frozenset(
    {*PARTICIPANT_KINDS, "create", "destroy", "activate", "deactivate", "note", "autonumber", "box", "end",
     "link", "links", "properties", "details", *_BLOCK_OPENERS, *_SECTIONS})


@dataclass
class Participant:
    """A lifeline. `created_at`/`destroyed_at` are message indexes; `box` indexes `SequenceSpec.boxes`."""

    id: str
    label: str
    kind: ParticipantKind = "participant"
    explicit: bool = False
    created_at: int | None = None
    destroyed_at: int | None = None
    box: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass
class Message:
    """One arrow. `activate`: `+` (activates the receiver); `deactivate`: `-` (deactivates the sender)."""

    index: int
    order: int
    source: str
    target: str
    arrow: str
    line_style: LineStyle
    head: HeadKind
    reverse_head: bool
    text: str
    activate: bool = False
    deactivate: bool = False
    number: float | None = None
    source_central: bool = False
    target_central: bool = False
    wrap: bool | None = None
    line: int | None = None


@dataclass
class Activation:
    """A bar on a lifeline from `start_order` to `end_order` (None: still open at the end); depth 0 outermost."""

    participant: str
    depth: int
    start_order: int
    start_message: int | None
    end_order: int | None = None
    end_message: int | None = None
    line: int | None = None


@dataclass
class Note:
    """`placement`: left_of | right_of | over; `participants` has one id, or two for `over A,B`."""

    order: int
    placement: Literal["left_of", "right_of", "over"]
    participants: tuple[str, ...]
    text: str
    after_message: int | None
    line: int | None = None


@dataclass
class BlockSection:
    """One part of a block: the opening part, then one per else/and/option, with the messages it spans."""

    keyword: str
    label: str
    order: int
    first_message: int
    end_message: int = -1
    line: int | None = None


@dataclass
class Block:
    """loop/alt/opt/par/critical/break/rect; `parent` indexes `SequenceSpec.blocks`; messages [first, end)."""

    kind: BlockKind
    label: str
    parent: int | None
    depth: int
    start_order: int
    first_message: int
    sections: list[BlockSection] = field(default_factory=list)
    end_order: int = -1
    end_message: int = -1
    color: str | None = None
    line: int | None = None
    end_line: int | None = None


@dataclass
class Box:
    """A vertical group of participants (`box Aqua Title ... end`)."""

    label: str
    color: str | None
    participants: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class Autonumber:
    """From message `at_message` on, numbering is `enabled` starting at `start`, increasing by `step`."""

    at_message: int
    enabled: bool
    start: float = 1
    step: float = 1
    line: int | None = None


@dataclass
class SequenceSpec:
    """A parsed sequence diagram."""

    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    participants: list[Participant] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    activations: list[Activation] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    autonumber: list[Autonumber] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "sequence"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = participants (all kinds), edges = messages."""
        return len(self.participants), len(self.messages)

    def participant(self, pid: str) -> Participant | None:
        for p in self.participants:
            if p.id == pid:
                return p
        return None


@dataclass
class _Open:
    """A block or box still waiting for its `end`."""

    kind: str
    statement: Statement
    block: int | None = None
    box: int | None = None


@dataclass
class _Pending:
    """A `create`/`destroy` waiting for the message that gives it meaning."""

    action: Literal["create", "destroy"]
    pid: str
    statement: Statement


class _Parser:
    """One pass over the statements; state lives here instead of in recursion."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = SequenceSpec(title=prepared.title)
        self.by_id: dict[str, Participant] = {}
        self.stack: list[_Open] = []
        self.active: dict[str, list[Activation]] = {}
        self.pending: list[_Pending] = []
        self.order = 0
        self.numbering = False
        self.next_number: float = 1
        self.step: float = 1
        seq_config = prepared.config.get("sequence")
        if isinstance(seq_config, dict) and seq_config.get("showSequenceNumbers") is True:
            self.numbering = True
            self.spec.autonumber.append(Autonumber(0, True, 1, 1, None))

    # -- helpers ---------------------------------------------------------------------------------------
    def fail(self, st: Statement, message: str, hint: str | None = None, column: int | None = None) -> Exception:
        return error(st.line, message, column=column or st.column, hint=hint, source=self.prepared.source)

    def next_order(self) -> int:
        self.order += 1
        return self.order - 1

    def ensure(self, pid: str, st: Statement, column: int | None = None) -> Participant:
        """Return participant `pid`, creating it implicitly on first mention (Mermaid's behaviour)."""
        p = self.by_id.get(pid)
        if p is None:
            if not pid:
                raise self.fail(st, "a participant name is missing", column=column,
                                hint="write the message as  Alice->>Bob: text")
            p = Participant(pid, pid, line=st.line.number)
            self.by_id[pid] = p
            self.spec.participants.append(p)
        return p

    # -- statements -------------------------------------------------------------------------------------
    def run(self) -> SequenceSpec:
        statements = split_statements(self.prepared.lines)
        i = 0
        while i < len(statements):
            after = take_accessibility(statements, i, self.spec)
            if after is not None:
                i = after
                continue
            st = statements[i]
            i += 1
            text = st.text
            title = parse_title(text) if text[:5].lower() == "title" else None
            if title is not None and not _ARROW_RE.search(text.split(":", 1)[0]):
                self.spec.title = title
                continue
            kw = leading_keyword(text, _KEYWORDS)
            if kw is None:
                self.message(st)
                continue
            word, rest = kw
            if word == "note" and ":" not in rest:
                i = self.multiline_note(statements, i, st, rest)
                continue
            self.keyword(st, word, rest)
        self.finish(statements)
        return self.spec

    def keyword(self, st: Statement, word: str, rest: str) -> None:
        if self.stack and self.stack[-1].kind == "box" and word not in ("participant", "actor", "end", "create",
                                                                          *PARTICIPANT_KINDS):
            raise self.fail(st, f"'{word}' cannot go inside a box",
                            hint="a box holds only participant/actor declarations; close it with 'end' first")
        if word in PARTICIPANT_KINDS:
            self.declare(st, word, rest)
        elif word == "create":
            kw = leading_keyword(rest, PARTICIPANT_KINDS)
            if kw is None:
                raise self.fail(st, "'create' must be followed by 'participant' or 'actor'",
                                hint="write  create participant B  before the message that creates B")
            p = self.declare(st, kw[0], kw[1], creating=True)
            self.pending.append(_Pending("create", p.id, st))
        elif word == "destroy":
            pid = rest.strip()
            if not pid:
                raise self.fail(st, "'destroy' needs a participant", hint="write  destroy B  before a message to or from B")
            self.ensure(pid, st)
            self.pending.append(_Pending("destroy", pid, st))
        elif word in ("activate", "deactivate"):
            pid = rest.strip()
            if not pid:
                raise self.fail(st, f"'{word}' needs a participant", hint=f"write  {word} Alice")
            self.ensure(pid, st)
            last = len(self.spec.messages) - 1 if self.spec.messages else None
            if word == "activate":
                self.activate(pid, st, last)
            else:
                self.deactivate(pid, st, last)
        elif word == "note":
            self.note(st, rest)
        elif word == "autonumber":
            self.autonumber(st, rest)
        elif word == "box":
            self.box(st, rest)
        elif word == "end":
            self.end(st, rest)
        elif word in ("link", "links", "properties", "details"):
            self.menu(st, word, rest)
        elif word in _BLOCK_OPENERS:
            self.open_block(st, word, rest)
        elif word in _SECTIONS:
            self.section(st, word, rest)

    def declare(self, st: Statement, kind: str, rest: str, creating: bool = False) -> Participant:
        """`participant ID[@{json}] [as Label]` and `actor ...`; re-declaring updates label and kind."""
        config: dict[str, Any] = {}
        alias: str | None = None
        body = rest
        at = body.find("@{")
        if at == -1:
            match = re.search(r"\sas\s", body)
            if match:
                body, alias = body[: match.start()], body[match.end() :]
        if at != -1:
            close = body.rfind("}")
            if close < at:
                raise self.fail(st, "the participant's @{ ... } configuration is not closed",
                                hint='write  participant A@{ "type": "database" }')
            config = self._config(st, body[at + 1 : close + 1])
            trailing = body[close + 1 :].strip()
            body = body[:at]
            if trailing:
                am = re.match(r"as\s+(.*)$", trailing, re.S)
                if not am:
                    raise self.fail(st, f"unexpected text after the configuration: '{trailing}'",
                                    hint="only  as Label  may follow the @{ ... } block")
                alias = am.group(1)
        pid = body.strip()
        if not pid:
            raise self.fail(st, f"'{kind}' needs a name", hint=f"write  {kind} Alice  or  {kind} A as Alice")
        if any(c in pid for c in ":,") or _ARROW_RE.search(pid):
            raise self.fail(st, f"'{pid}' is not a valid participant name",
                            hint="names cannot contain ':' ',' or arrows; use  participant A as Any Label")
        chosen_kind = kind
        ctype = config.get("type")
        if isinstance(ctype, str):
            if ctype in PARTICIPANT_KINDS:
                chosen_kind = ctype
            else:
                self.spec.warnings.append(warning(
                    st.line, f"unknown participant type '{ctype}'; drawing a plain participant",
                    hint="types: " + ", ".join(sorted(PARTICIPANT_KINDS))))
        if alias is None and isinstance(config.get("alias"), str):
            alias = config["alias"]
        existing = self.by_id.get(pid)
        if creating and existing is not None:
            raise self.fail(st, f"'{pid}' already exists and cannot be created again",
                            hint="'create' introduces a new participant; pick a new name")
        p = self.ensure(pid, st)
        p.kind = chosen_kind  # type: ignore[assignment]
        p.explicit = True
        if alias is not None:
            p.label = clean_label(alias)
        elif existing is None:
            p.label = clean_label(pid)
        p.properties.update({k: v for k, v in config.items() if k not in ("type", "alias")})
        if self.stack and self.stack[-1].kind == "box":
            self.add_to_box(st, p, self.stack[-1].box)
        return p

    def _config(self, st: Statement, text: str) -> dict[str, Any]:
        for candidate in (text, text.replace("'", '"'), re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', text)):
            value = load_json(candidate)
            if isinstance(value, dict):
                return value
        out: dict[str, Any] = {}
        for key, val in re.findall(r"(?<!\w)([A-Za-z_]\w*)\s*:\s*\"?([^\",}]*)\"?", text):
            out[key] = val.strip()
        if not out:
            raise self.fail(st, "the participant configuration is not valid", hint='write  @{ "type": "database" }')
        return out

    def add_to_box(self, st: Statement, p: Participant, box: int | None) -> None:
        if box is None:
            return
        if p.box is not None and p.box != box:
            raise self.fail(st, f"'{p.id}' is already in another box",
                            hint="a participant can belong to one box only")
        if p.box is None:
            p.box = box
            self.spec.boxes[box].participants.append(p.id)

    def message(self, st: Statement) -> None:
        text = st.text
        if self.stack and self.stack[-1].kind == "box":
            raise self.fail(st, "messages cannot go inside a box",
                            hint="a box holds only participant/actor declarations; close it with 'end' first")
        colon = text.find(":")
        head = text if colon == -1 else text[:colon]
        match = _ARROW_RE.search(head)
        if match is None:
            loose = _LOOSE_ARROW_RE.search(head)
            if loose:
                raise self.fail(st, f"unknown arrow '{loose.group(0).strip()}'", column=st.column + loose.start(),
                                hint="arrows are ->  -->  ->>  -->>  -x  --x  -)  --)  <<->>  <<-->>")
            word = re.match(r"[A-Za-z]+", text)
            close = [k for k in _KEYWORDS if word and k == word.group(0).lower()[: len(k)] and k != word.group(0)]
            hint = (f"did you mean '{close[0]}'?" if close else
                    "a message looks like  Alice->>Bob: text; other statements start with a keyword "
                    "(participant, note, loop, alt, ...)")
            raise self.fail(st, f"cannot understand '{_short(text)}'", hint=hint)
        arrow = match.group(0)
        left = head[: match.start()]
        right = head[match.end() :]
        activate = deactivate = False
        source_central = target_central = False
        ls = left.rstrip()
        if ls.endswith("()"):
            source_central = True
            left = ls[:-2]
        rs = right.lstrip()
        while rs[:1] in ("+", "-") or rs.startswith("()"):
            if rs.startswith("()"):
                target_central = True
                rs = rs[2:].lstrip()
            elif rs[0] == "+":
                activate = True
                rs = rs[1:].lstrip()
            else:
                deactivate = True
                rs = rs[1:].lstrip()
        source, target = left.strip(), rs.strip()
        if not source:
            raise self.fail(st, "the message has no sender", column=st.column + match.start(),
                            hint="write  Alice->>Bob: text")
        if not target:
            raise self.fail(st, "the message has no receiver", column=st.column + match.end(),
                            hint="write  Alice->>Bob: text")
        if colon == -1:
            raise self.fail(st, "the message has no text", column=st.column + len(text),
                            hint=f"add ':' and the message text, e.g.  {source}{arrow}{target}: hello")
        for name, col in ((source, st.column), (target, st.column + match.end())):
            if any(c in name for c in ",") or _ARROW_RE.search(name):
                raise self.fail(st, f"'{name}' is not a valid participant name", column=col,
                                hint="only one arrow per message; use an alias for names with commas")
        body = text[colon + 1 :]
        wrap: bool | None = None
        wm = re.match(r"\s*(no)?wrap:", body)
        if wm:
            wrap = wm.group(1) is None
            body = body[wm.end() :]
        index = len(self.spec.messages)
        self.handle_pending(st, source, target, index)
        self.ensure(source, st)
        self.ensure(target, st, st.column + match.end())
        line_style, head_kind, reverse = ARROWS[arrow]
        number: float | None = None
        if self.numbering:
            number = self.next_number
            self.next_number = _round(self.next_number + self.step)
        msg = Message(index, self.next_order(), source, target, arrow, line_style, head_kind, reverse,
                      clean_label(body), activate, deactivate, number, source_central, target_central, wrap,
                      st.line.number)
        self.spec.messages.append(msg)
        if activate:
            self.activate(target, st, index)
        if deactivate:
            self.deactivate(source, st, index)

    def handle_pending(self, st: Statement, source: str, target: str, index: int) -> None:
        """Attach waiting `create`/`destroy` statements to this message, as Mermaid does."""
        for pending in self.pending:
            p = self.by_id[pending.pid]
            if pending.action == "create":
                if pending.pid != target:
                    raise self.fail(pending.statement, f"the created participant '{pending.pid}' is not the "
                                    "receiver of the next message",
                                    hint=f"follow 'create' with a message to it, e.g.  {source}->>{pending.pid}: hi")
                p.created_at = index
            else:
                if pending.pid not in (source, target):
                    raise self.fail(pending.statement, f"the destroyed participant '{pending.pid}' does not send "
                                    "or receive the next message",
                                    hint=f"follow 'destroy' with a message to or from {pending.pid}")
                p.destroyed_at = index
        self.pending.clear()

    def activate(self, pid: str, st: Statement, message: int | None) -> None:
        stack = self.active.setdefault(pid, [])
        act = Activation(pid, len(stack), self.next_order(), message, line=st.line.number)
        stack.append(act)
        self.spec.activations.append(act)

    def deactivate(self, pid: str, st: Statement, message: int | None) -> None:
        stack = self.active.get(pid)
        if not stack:
            raise self.fail(st, f"'{pid}' is deactivated but it is not active",
                            hint=f"remove this deactivation, or activate {pid} before (activate {pid} or ->>+)")
        act = stack.pop()
        act.end_order = self.next_order()
        act.end_message = message

    def multiline_note(self, statements: list[Statement], i: int, st: Statement, rest: str) -> int:
        """`note right of A` then text lines up to `end` (Mermaid's multi-line note form)."""
        j = i
        while j < len(statements) and statements[j].text.lower() != "end":
            j += 1
        if j == len(statements):
            raise self.fail(st, "this note has no ':' and no closing 'end'",
                            hint="write  Note right of A: text  on one line, or end a multi-line note with 'end'")
        self.note(st, rest + ":" + "\n".join(s.text for s in statements[i:j]))
        return j + 1

    def note(self, st: Statement, rest: str) -> None:
        head, colon, note_text = rest.partition(":")
        match = re.match(r"(left\s+of|right\s+of|over)\s+(.*)$", head.strip(), re.I | re.S)
        if not match or not colon:
            raise self.fail(st, "cannot understand this note",
                            hint="write  Note right of Alice: text,  Note left of Alice: text  or  "
                                 "Note over Alice,Bob: text")
        placement = re.sub(r"\s+", "_", match.group(1).lower())
        names = tuple(n.strip() for n in match.group(2).split(","))
        if any(not n for n in names) or len(names) > 2:
            raise self.fail(st, "a note names one participant, or two separated by a comma",
                            hint="write  Note over Alice,Bob: text")
        if len(names) == 2 and placement != "over":
            raise self.fail(st, "only 'over' notes can span two participants", hint="write  Note over A,B: text")
        for n in names:
            self.ensure(n, st)
        last = len(self.spec.messages) - 1 if self.spec.messages else None
        self.spec.notes.append(Note(self.next_order(), placement, names,  # type: ignore[arg-type]
                                    clean_label(note_text), last, st.line.number))

    def autonumber(self, st: Statement, rest: str) -> None:
        at = len(self.spec.messages)
        if rest.lower() == "off":
            self.numbering = False
            self.spec.autonumber.append(Autonumber(at, False, self.next_number, self.step, st.line.number))
            return
        parts = rest.split()
        if len(parts) > 2:
            raise self.fail(st, "autonumber takes at most a start and a step",
                            hint="write  autonumber,  autonumber 10,  autonumber 10 5  or  autonumber off")
        values: list[float] = []
        for part in parts:
            try:
                value = float(part)
            except ValueError:
                raise self.fail(st, f"'{part}' is not a number", column=st.column + st.text.find(part),
                                hint="write  autonumber 10 5  (start, step)") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise self.fail(st, f"'{part}' is not a finite number", hint="write  autonumber 10 5")
            values.append(value)
        if values:
            self.next_number = _round(values[0])
            self.step = _round(values[1]) if len(values) > 1 else 1
        self.numbering = True
        self.spec.autonumber.append(Autonumber(at, True, self.next_number, self.step, st.line.number))

    def box(self, st: Statement, rest: str) -> None:
        if self.stack:
            raise self.fail(st, "a box cannot be inside a block or another box",
                            hint="close the open block with 'end' before 'box'")
        color, label = _box_color(rest)
        self.spec.boxes.append(Box(clean_label(label), color, line=st.line.number))
        self.stack.append(_Open("box", st, box=len(self.spec.boxes) - 1))

    def open_block(self, st: Statement, kind: str, rest: str) -> None:
        # Boxes never contain blocks, so everything on the stack is a block: O(1) parent and depth.
        parent = self.stack[-1].block if self.stack else None
        depth = len(self.stack)
        first = len(self.spec.messages)
        order = self.next_order()
        color: str | None = None
        label = rest
        if kind == "rect":
            color = rest.strip() or None
            label = ""
        block = Block(kind, clean_label(label), parent, depth, order, first, color=color,  # type: ignore[arg-type]
                      line=st.line.number)
        block.sections.append(BlockSection(kind, block.label, order, first, line=st.line.number))
        self.spec.blocks.append(block)
        self.stack.append(_Open(kind, st, block=len(self.spec.blocks) - 1))

    def section(self, st: Statement, word: str, rest: str) -> None:
        allowed = _SECTIONS[word]
        top = self.stack[-1] if self.stack else None
        if top is None or top.kind not in allowed:
            inside = f" (the open block is '{top.kind}')" if top else ""
            raise self.fail(st, f"'{word}' outside {' or '.join(allowed)}{inside}",
                            hint=f"'{word}' belongs between '{allowed[0]}' and its 'end'")
        assert top.block is not None
        block = self.spec.blocks[top.block]
        at = len(self.spec.messages)
        block.sections[-1].end_message = at
        block.sections.append(BlockSection(word, clean_label(rest), self.next_order(), at, line=st.line.number))

    def end(self, st: Statement, rest: str) -> None:
        if rest:
            raise self.fail(st, f"unexpected text after 'end': '{_short(rest)}'",
                            hint="'end' stands alone on its line; quote labels that contain the word end")
        if not self.stack:
            raise self.fail(st, "'end' without an open block",
                            hint="remove this 'end', or open a block (loop, alt, opt, par, critical, break, "
                                 "rect, box) before it")
        top = self.stack.pop()
        if top.block is not None:
            block = self.spec.blocks[top.block]
            at = len(self.spec.messages)
            block.end_message = at
            block.sections[-1].end_message = at
            block.end_order = self.next_order()
            block.end_line = st.line.number

    def menu(self, st: Statement, word: str, rest: str) -> None:
        name, colon, body = rest.partition(":")
        if not colon or not name.strip():
            raise self.fail(st, f"cannot understand this '{word}' line",
                            hint="write  link Alice: Dashboard @ https://example.com  or  "
                                 'links Alice: {"Wiki": "https://example.com"}')
        p = self.ensure(name.strip(), st)
        body = body.strip()
        if word == "link":
            label, sep, url = body.rpartition("@")
            if not sep or not label.strip() or not url.strip():
                raise self.fail(st, "a link needs a label and a URL separated by '@'",
                                hint="write  link Alice: Dashboard @ https://example.com")
            p.links[clean_label(label)] = url.strip()
            return
        value = load_json(body)
        if value is None:
            raise self.fail(st, f"the {word} of '{p.id}' are not valid JSON",
                            hint='write  links Alice: {"Wiki": "https://example.com"}')
        if not isinstance(value, dict):
            raise self.fail(st, f"the {word} of '{p.id}' must be a JSON object", hint='write {"name": "value"}')
        if word == "links":
            p.links.update({str(k): str(v) for k, v in value.items()})
        else:
            p.properties.update(value)

    def finish(self, statements: list[Statement]) -> None:
        if self.stack:
            top = self.stack[-1]
            what = "box" if top.kind == "box" else f"'{top.kind}' block"
            raise self.fail(top.statement, f"this {what} is never closed",
                            hint=f"add 'end' after the last statement of the {what}"
                                 f" ({len(self.stack)} block(s) still open at the end)")
        if self.pending:
            pending = self.pending[0]
            raise self.fail(pending.statement, f"'{pending.action}' of '{pending.pid}' is not followed by a message",
                            hint=f"add a message to {pending.pid} right after this line")


def _box_color(rest: str) -> tuple[str | None, str]:
    """Split `box [color] [label]`: a color is rgb()/rgba()/hsl(), #hex, `transparent` or a named color."""
    text = rest.strip()
    match = re.match(r"((?:rgba?|hsla?)\s*\([^)]*\)|#[0-9A-Fa-f]{3,8}\b|transparent\b)\s*(.*)$", text, re.I | re.S)
    if match:
        color = match.group(1)
        return (None if color.lower() == "transparent" else color), match.group(2)
    word, _, tail = text.partition(" ")
    if word.lower() in _CSS_COLORS:
        return word, tail
    return None, text


def _round(value: float) -> float:
    """Keep autonumber values tidy (Mermaid allows two decimals)."""
    rounded = round(value, 2)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CSS_COLORS: frozenset[str] = frozenset("""aliceblue antiquewhite aqua aquamarine azure beige bisque black
blanchedalmond blue blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson
cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange
darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold
goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen
lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink
lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace
olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff
peru pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen
seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato
turquoise violet wheat white whitesmoke yellow yellowgreen""".lower().split())


def parse(prepared: Prepared) -> SequenceSpec:
    """Parse a prepared `sequenceDiagram`; raises InvalidInput with the line, column and a hint."""
    spec = _Parser(prepared).run()
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec


__all__ = ["ARROWS", "Activation", "Autonumber", "Block", "BlockSection", "Box", "Message", "Note", "Participant",
           "SequenceSpec", "SourceLine", "parse"]
