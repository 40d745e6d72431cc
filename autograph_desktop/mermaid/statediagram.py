"""Mermaid state diagrams (`stateDiagram`, `stateDiagram-v2`) -> StateDiagramSpec.

Line-based with an explicit stack of open composite states (so 10,000 nested composites cost no
recursion): state declarations (`s1`, `state "desc" as s1`, `s1 : desc`, `state s <<choice>>`),
transitions `a --> b : label`, composites `state X { ... }` with concurrency regions split by `--`,
notes (one-line or `note ... end note`), direction, classDef / class / `:::` / style.

Counting rule (`counts()`), as Mermaid's state db after its document translation: nodes are the states;
`[*]` becomes one start state per enclosing composite (or root, or concurrency region) when used as a
source (`<parent>_start`) and one end state when used as a target (`<parent>_end`), however often it is
written there. Concurrency regions and notes are not states. Edges are the transitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, decode_entities
from autograph_desktop.mermaid.scanner import LineParser, parse_styles
from autograph_desktop.model.problems import Problem

_ID = r"[^\s:\"{}<>\[\]-](?:[^\s:\"{}<>\[\]]*?)"
_END_POINT = rf"(?:\[\*\]|{_ID})"
_TRANSITION = re.compile(
    rf"^(?P<a>{_END_POINT})(?::::(?P<ca>[\w-]+))?\s*-->\s*(?P<b>{_END_POINT})(?::::(?P<cb>[\w-]+))?"
    r"\s*(?::(?P<label>.*))?$"
)
_STATE_AS = re.compile(r"^state\s+\"(?P<desc>[^\"]*)\"\s+as\s+(?P<id>[^\s{:<]+)\s*(?P<rest>.*)$")
_STATE_ID = re.compile(r"^state\s+(?P<id>[^\s{:<\"]+)\s*(?P<rest>.*)$")
_DESCRIPTION = re.compile(rf"^(?P<id>{_ID})\s*:(?!::)\s*(?P<desc>.*)$")
_PLAIN_STATE = re.compile(rf"^(?P<id>{_END_POINT})(?::::(?P<css>[\w-]+))?$")
_NOTE = re.compile(r"^note\s+(?P<side>left|right)\s+of\s+(?P<id>[^\s:]+)\s*(?::\s*(?P<text>.*))?$")
_KIND_TAG = re.compile(r"^<<(?P<kind>choice|fork|join|note)>>$")
_DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_ROOT = "root"


@dataclass(slots=True)
class State:
    """A state. kind: normal, start, end, choice, fork, join or composite.

    `description` joins every description given (`state "d" as s`, `s : d`); `regions` lists, for a
    composite with `--` dividers, the child ids of each concurrency region (empty when there are none).
    """

    id: str
    kind: str = "normal"
    description: str = ""
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    regions: list[list[str]] = field(default_factory=list)
    direction: str | None = None
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True, slots=True)
class Transition:
    source: str
    target: str
    label: str
    parent: str | None
    line: int


@dataclass(frozen=True, slots=True)
class StateNote:
    state_id: str
    side: str
    text: str
    line: int


@dataclass
class StateDiagramSpec:
    states: dict[str, State]
    transitions: list[Transition]
    notes: list[StateNote]
    class_defs: dict[str, dict[str, str]]
    direction: str = "TB"
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "state"

    def counts(self) -> tuple[int, int]:
        """(states, transitions) as Mermaid's state db counts them; see the module docstring."""
        return len(self.states), len(self.transitions)


def parse(prepared: Prepared) -> StateDiagramSpec:
    """Parse a prepared state diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()


@dataclass(slots=True)
class _Scope:
    """An open composite (or the root): where `[*]` and new states belong."""

    state: State | None
    line: SourceLine | None
    region: int = 0

    @property
    def pseudo_parent(self) -> str:
        base = self.state.id if self.state is not None else _ROOT
        return base if self.region == 0 else f"{base}_region{self.region}"


class _Parser(LineParser):
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.states: dict[str, State] = {}
        self.transitions: list[Transition] = []
        self.notes: list[StateNote] = []
        self.class_defs: dict[str, dict[str, str]] = {}
        self.warnings: list[Problem] = list(prepared.warnings)
        self.direction = "TB"
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.scopes: list[_Scope] = [_Scope(None, None)]

    # --- driver -------------------------------------------------------------------------------------

    def run(self) -> StateDiagramSpec:
        self.warn_about_header_rest()
        lines = self.prepared.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            text = line.text.strip()
            if not text:
                continue
            if text.startswith("note ") and ":" not in text:
                index = self._note_block(lines, index, line, text)
                continue
            if text.startswith("accDescr") and text[8:].lstrip().startswith("{"):
                index = self._acc_block(lines, index, line, text)
                continue
            self._statement(line, text)
        if len(self.scopes) > 1:
            scope = self.scopes[-1]
            assert scope.state is not None and scope.line is not None
            raise self.fail(scope.line, f"composite state '{scope.state.id}' is never closed",
                            hint="add a line with } after its content")
        return StateDiagramSpec(self.states, self.transitions, self.notes, self.class_defs, self.direction,
                                self.prepared.title, self.acc_title, self.acc_descr, self.warnings)

    def _acc_block(self, lines: list[SourceLine], index: int, line: SourceLine, text: str) -> int:
        after = text[text.index("{") + 1:]
        parts: list[str] = []
        while "}" not in after:
            parts.append(after.strip())
            if index >= len(lines):
                raise self.fail(line, "accDescr { is never closed", hint="end the description with }")
            after = lines[index].text
            index += 1
        parts.append(after[:after.index("}")].strip())
        self.acc_descr = "\n".join(part for part in parts if part)
        return index

    def _note_block(self, lines: list[SourceLine], index: int, line: SourceLine, text: str) -> int:
        match = _NOTE.match(text)
        if not match:
            raise self.fail(line, "expected 'note left of State' or 'note right of State'",
                            hint="e.g. note right of Active : text, or a block ending with 'end note'")
        body: list[str] = []
        while True:
            if index >= len(lines):
                raise self.fail(line, "the note is never closed", hint="add a line with 'end note'")
            current = lines[index]
            index += 1
            if current.text.strip() == "end note":
                break
            body.append(current.text.strip())
        self._ensure(match.group("id"), line)
        self.notes.append(StateNote(match.group("id"), match.group("side"), decode_entities("\n".join(body)),
                                    line.number))
        return index

    # --- statements ---------------------------------------------------------------------------------

    def _statement(self, line: SourceLine, text: str) -> None:
        if text == "}":
            if len(self.scopes) == 1:
                raise self.fail(line, "'}' without an open composite state", hint="remove this line")
            self.scopes.pop()
            return
        if text == "--":
            scope = self.scopes[-1]
            if scope.state is None:
                raise self.fail(line, "'--' (a concurrency divider) is only allowed inside a composite state",
                                hint="put the regions inside state Name { ... -- ... }")
            if not scope.state.regions:
                scope.state.regions.append(list(scope.state.children))
            scope.state.regions.append([])
            scope.region += 1
            return
        word = text.split(None, 1)[0]
        if word == "state" and len(text) > 5 and text[5].isspace():
            self._state_statement(line, text)
            return
        handler = {"direction": self._direction, "classDef": self._class_def, "class": self._class,
                   "style": self._style, "note": self._note, "hide": self._ignored, "scale": self._ignored}.get(word)
        if handler is not None and len(text) > len(word) and text[len(word)].isspace():
            handler(line, text)
            return
        if word.startswith(("accTitle", "accDescr")) and ":" in text:
            key, _, value = text.partition(":")
            if key.strip() in ("accTitle", "accDescr"):
                setattr(self, "acc_title" if key.strip() == "accTitle" else "acc_descr", value.strip())
                return
        match = _TRANSITION.match(text)
        if match:
            self._transition(line, match)
            return
        match = _DESCRIPTION.match(text)
        if match:
            self._describe(self._ensure(match.group("id"), line), match.group("desc"))
            return
        match = _PLAIN_STATE.match(text)
        if match:
            if match.group("id") == "[*]":
                raise self.fail(line, "[*] needs a transition", hint="write [*] --> State or State --> [*]")
            state = self._ensure(match.group("id"), line)
            if match.group("css"):
                state.classes.append(match.group("css"))
            return
        self._unknown(line, text)

    def _unknown(self, line: SourceLine, text: str) -> None:
        arrow = re.search(r"<-+>?|-+>|=+>|(?<=\s)-{2,}(?=\s)", text)
        if arrow and arrow.group(0) != "-->":
            raise self.fail(line, f"unknown transition arrow '{arrow.group(0)}'",
                            hint="transitions are written State1 --> State2 : label",
                            column=line.text.find(arrow.group(0)) + 1)
        if "{" in text:
            raise self.fail(line, "a composite state starts with 'state Name {'", hint="write: state Name {")
        raise self.fail(line, f"cannot read '{text[:60]}'",
                        hint="expected a state, a transition (A --> B), 'state Name {', a note or '}'")

    def _ignored(self, line: SourceLine, text: str) -> None:
        self.warnings.append(Problem(f"ignored '{text}' (not supported by stateDiagram-v2)", line=line.number,
                                     severity="warning"))

    def _ensure(self, state_id: str, line: SourceLine) -> State:
        """The state `state_id`, created in the current composite on first mention."""
        state = self.states.get(state_id)
        if state is None:
            scope = self.scopes[-1]
            parent = scope.state.id if scope.state is not None else None
            state = State(id=state_id, parent=parent, line=line.number)
            self.states[state_id] = state
            if scope.state is not None:
                scope.state.children.append(state_id)
                if scope.state.regions:
                    scope.state.regions[-1].append(state_id)
        return state

    def _pseudo(self, as_source: bool, line: SourceLine) -> str:
        """The start (as source) or end (as target) state that `[*]` means in the current scope."""
        scope = self.scopes[-1]
        state_id = f"{scope.pseudo_parent}_{'start' if as_source else 'end'}"
        state = self._ensure(state_id, line)
        state.kind = "start" if as_source else "end"
        return state_id

    @staticmethod
    def _describe(state: State, description: str) -> None:
        text = decode_entities(description.strip())
        if text:
            state.description = f"{state.description}\n{text}" if state.description else text

    def _transition(self, line: SourceLine, match: re.Match[str]) -> None:
        raw_a, raw_b = match.group("a"), match.group("b")
        source = self._pseudo(True, line) if raw_a == "[*]" else self._ensure(raw_a, line).id
        target = self._pseudo(False, line) if raw_b == "[*]" else self._ensure(raw_b, line).id
        for state_id, css in ((source, match.group("ca")), (target, match.group("cb"))):
            if css and css not in self.states[state_id].classes:
                self.states[state_id].classes.append(css)
        label = decode_entities((match.group("label") or "").strip())
        scope = self.scopes[-1]
        self.transitions.append(Transition(source, target, label,
                                           scope.state.id if scope.state is not None else None, line.number))

    def _state_statement(self, line: SourceLine, text: str) -> None:
        match = _STATE_AS.match(text) or _STATE_ID.match(text)
        if not match:
            raise self.fail(line, "expected a state id after 'state'",
                            hint='e.g. state Idle, state "Long name" as Idle, state Idle <<choice>>, state Idle {')
        state = self._ensure(match.group("id"), line)
        if "desc" in match.groupdict() and match.group("desc") is not None:
            self._describe(state, match.group("desc"))
        rest = match.group("rest").strip()
        if rest.startswith(":") and not rest.startswith(":::"):
            self._describe(state, rest[1:])
            return
        if rest.startswith(":::"):
            css = re.match(r":::([\w-]+)\s*", rest)
            if css:
                state.classes.append(css.group(1))
                rest = rest[css.end():]
        if rest.startswith("<<"):
            kind = _KIND_TAG.match(rest)
            if not kind:
                raise self.fail(line, f"unknown state type '{rest}'", hint="use <<choice>>, <<fork>> or <<join>>",
                                column=line.text.find("<<") + 1)
            if kind.group("kind") != "note":
                state.kind = kind.group("kind")
            return
        if rest.startswith("{"):
            state.kind = "composite"
            inner = rest[1:].strip()
            self.scopes.append(_Scope(state, line))
            if inner:
                closes = inner.endswith("}")
                inner = inner[:-1].strip() if closes else inner
                if inner:
                    self._statement(line, inner)
                if closes:
                    self.scopes.pop()
            return
        if rest:
            raise self.fail(line, f"unexpected '{rest}' after the state",
                            hint='expected { to open a composite, <<choice>>/<<fork>>/<<join>>, or ": description"',
                            column=line.text.find(rest) + 1)

    def _note(self, line: SourceLine, text: str) -> None:
        match = _NOTE.match(text)
        if not match:
            raise self.fail(line, "expected 'note left of State : text' or 'note right of State : text'",
                            hint="e.g. note right of Active : Important information")
        self._ensure(match.group("id"), line)
        self.notes.append(StateNote(match.group("id"), match.group("side"),
                                    decode_entities((match.group("text") or "").strip()), line.number))

    def _direction(self, line: SourceLine, text: str) -> None:
        value = text.split(None, 1)[1].strip()
        if value.upper() not in _DIRECTIONS:
            raise self.fail(line, f"unknown direction '{value}'", hint="use TB, BT, LR or RL")
        scope = self.scopes[-1]
        if scope.state is not None:
            scope.state.direction = _DIRECTIONS[value.upper()]
        else:
            self.direction = _DIRECTIONS[value.upper()]

    def _class_def(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 2:
            raise self.fail(line, "classDef needs a name and styles", hint="e.g. classDef hot fill:#f96")
        styles, _ = parse_styles(parts[2] if len(parts) > 2 else "")
        for name in parts[1].split(","):
            self.class_defs.setdefault(name.strip(), {}).update(styles)

    def _class(self, line: SourceLine, text: str) -> None:
        body = text.split(None, 1)[1].strip()
        ids, _, name = body.rpartition(" ")
        if not ids.strip() or not name:
            raise self.fail(line, "class needs state ids and a class name", hint="e.g. class Moving, Crash movement")
        for state_id in (item.strip() for item in ids.split(",")):
            if state_id:
                state = self._ensure(state_id, line)
                if name not in state.classes:
                    state.classes.append(name)

    def _style(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 3:
            raise self.fail(line, "style needs a state id and styles", hint="e.g. style Idle fill:#f9f")
        styles, _ = parse_styles(parts[2])
        for state_id in parts[1].split(","):
            self._ensure(state_id.strip(), line).style.update(styles)
