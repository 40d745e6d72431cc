"""Mermaid `architecture-beta` -> `ArchitectureSpec`: groups, services with icons, junctions, sided edges.

Statements: `group id(icon)[Title] in parent`, `service id(icon)[Title] in group`, `junction id in group`,
and edges `a:R --> L:b` (sides L/R/T/B, `<` and `>` arrows, `-[label]-` for a labelled line,
`a{group}:B -- T:b{group}` to attach to the services' groups). Declarations may come in any order, as
Mermaid collects them before it links edges; every reference is checked and errors point at the name.

`counts()`: nodes = services + junctions, edges = edges (groups become frames).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.icon_names import IconResolver
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import InvalidInput, Problem

SIDES = {"L": "left", "R": "right", "T": "top", "B": "bottom"}
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
DECLARE_HINT = "write  service id(icon)[Title] in group  (icon, title and 'in' are optional)"
EDGE_HINT = "an edge looks like  a:R --> L:b  (sides L, R, T, B; arrows <-- --> <-->)"


@dataclass(slots=True)
class ArchNode:
    """A group, service or junction. `icon` is our catalogue id (empty: none), `icon_name` what was written."""

    id: str
    kind: str
    title: str = ""
    icon: str = ""
    icon_name: str = ""
    parent: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class ArchEdge:
    source: str
    source_side: str
    target: str
    target_side: str
    source_arrow: bool = False
    target_arrow: bool = False
    source_group: bool = False
    target_group: bool = False
    label: str = ""
    line: int = 0


@dataclass
class ArchitectureSpec:
    groups: dict[str, ArchNode] = field(default_factory=dict)
    services: dict[str, ArchNode] = field(default_factory=dict)
    junctions: dict[str, ArchNode] = field(default_factory=dict)
    edges: list[ArchEdge] = field(default_factory=list)
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "architecture"

    def counts(self) -> tuple[int, int]:
        """Services and junctions; edges."""
        return len(self.services) + len(self.junctions), len(self.edges)

    def node(self, node_id: str) -> ArchNode | None:
        return self.services.get(node_id) or self.junctions.get(node_id) or self.groups.get(node_id)


class _Cursor:
    """Reads one statement left to right; every failure names the column it stopped at."""

    def __init__(self, parser: _Parser, st: Statement) -> None:
        self.parser, self.st, self.text, self.pos = parser, st, st.text, 0

    def fail(self, message: str, hint: str, at: int | None = None) -> InvalidInput:
        column = self.st.column + (self.pos if at is None else at)
        return error(self.st.line, message, column=column, hint=hint, source=self.parser.prepared.source)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def name(self, what: str, hint: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _ID_CHARS:
            if self.text[self.pos] == "-" and self.text.startswith(("--", "-[", "->"), self.pos):
                break
            self.pos += 1
        if self.pos == start:
            found = self.text[start:start + 12] or "the end of the line"
            raise self.fail(f"expected {what}, found '{found}'", hint)
        return self.text[start:self.pos]

    def enclosed(self, opener: str, closer: str, what: str, hint: str) -> str | None:
        if not self.peek(opener):
            return None
        end = self.text.find(closer, self.pos + 1)
        if end == -1:
            raise self.fail(f"unclosed '{opener}' in the {what}", hint)
        inner = self.text[self.pos + 1:end]
        self.pos = end + 1
        return inner

    def at_end(self) -> bool:
        self.skip_space()
        return self.pos >= len(self.text)


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = ArchitectureSpec(title=prepared.title)
        self.lines: dict[str, tuple[SourceLine, int]] = {}
        self.icons = IconResolver()

    def run(self) -> ArchitectureSpec:
        if self.prepared.header_rest:
            self.spec.warnings.append(warning(self.prepared.header, f"ignored '{self.prepared.header_rest}' "
                                              f"after {self.prepared.keyword}"))
        statements = split_statements(self.prepared.lines, semicolons=False)
        pending: list[Statement] = []
        for st in body_statements(statements, self.spec):
            word = st.text.split(None, 1)[0]
            if word in ("group", "service", "junction"):
                self.declare(st, word)
            elif word == "title" or st.text.startswith("title:"):
                self.spec.title = parse_title(st.text) or ""
            else:
                pending.append(st)
        self.check_parents()
        for st in pending:
            self.edge(st)
        self.spec.warnings = [*self.prepared.warnings, *self.spec.warnings]
        return self.spec

    def declare(self, st: Statement, kind: str) -> None:
        cur = _Cursor(self, st)
        cur.pos = len(kind)
        cur.skip_space()
        node_id = cur.name(f"the {kind}'s id", DECLARE_HINT)
        column = st.column + cur.pos - len(node_id)
        node = ArchNode(node_id, kind, line=st.line.number)
        if kind != "junction":
            icon = cur.enclosed("(", ")", f"icon of {kind} '{node_id}'", "close the icon name with ')'")
            if icon is not None and icon.strip():
                node.icon_name = icon.strip()
                choice = self.icons.resolve(node.icon_name)
                node.icon = choice.icon
                if choice.note:
                    self.spec.warnings.append(warning(st.line, choice.note, column=column))
            cur.skip_space()
            quoted = cur.enclosed('"', '"', f"text of {kind} '{node_id}'", 'close the text with "')
            cur.skip_space()
            title = cur.enclosed("[", "]", f"title of {kind} '{node_id}'", "close the title with ']'")
            node.title = clean_label(title.strip().strip('"')) if title is not None else clean_label(quoted or "")
        cur.skip_space()
        if cur.peek("in") and (cur.pos + 2 >= len(cur.text) or cur.text[cur.pos + 2] in " \t"):
            cur.pos += 2
            cur.skip_space()
            node.parent = cur.name("the id of the group it is in", f"write  {kind} {node_id} in group_id")
            self.lines[f"parent:{node_id}"] = (st.line, st.column + cur.pos - len(node.parent))
        if not cur.at_end():
            raise cur.fail(f"unexpected '{cur.text[cur.pos:cur.pos + 20]}' after {kind} '{node_id}'", DECLARE_HINT)
        if node_id in self.lines:
            first, _ = self.lines[node_id]
            raise error(st.line, f"'{node_id}' is already declared on line {first.number}", column=column,
                        hint="give every group, service and junction its own id", source=self.prepared.source)
        self.lines[node_id] = (st.line, column)
        {"group": self.spec.groups, "service": self.spec.services, "junction": self.spec.junctions}[kind][node_id] = node

    def check_parents(self) -> None:
        for node in [*self.spec.groups.values(), *self.spec.services.values(), *self.spec.junctions.values()]:
            if node.parent is None:
                continue
            line, column = self.lines[f"parent:{node.id}"]
            if node.parent not in self.spec.groups:
                other = self.spec.node(node.parent)
                message = (f"'{node.parent}' is a {other.kind}, not a group" if other else
                           f"group '{node.parent}' is not declared")
                raise error(line, message, column=column, hint=f"declare it:  group {node.parent}[Title]",
                            source=self.prepared.source)
        for group in self.spec.groups.values():
            seen = {group.id}
            parent = group.parent
            while parent is not None:
                if parent in seen:
                    line, column = self.lines[f"parent:{group.id}"]
                    raise error(line, f"group '{group.id}' ends up inside itself", column=column,
                                hint="a group cannot be in one of its own subgroups", source=self.prepared.source)
                seen.add(parent)
                parent = self.spec.groups[parent].parent

    def endpoint(self, cur: _Cursor) -> tuple[str, bool, int]:
        start = cur.pos
        node_id = cur.name("a service or junction id", EDGE_HINT)
        grouped = False
        if cur.peek("{"):
            modifier = cur.enclosed("{", "}", "edge", "close the modifier with '}'")
            if modifier != "group":
                raise cur.fail(f"unknown modifier '{{{modifier}}}'", "the only modifier is {group}", at=start)
            grouped = True
        return node_id, grouped, start

    def side(self, cur: _Cursor) -> str:
        letter = cur.text[cur.pos:cur.pos + 1]
        if letter.upper() in SIDES and letter not in SIDES:
            raise cur.fail(f"side '{letter}' must be upper case", f"write {letter.upper()}")
        if letter not in SIDES:
            raise cur.fail(f"expected a side L, R, T or B, found '{letter or 'the end of the line'}'", EDGE_HINT)
        cur.pos += 1
        return SIDES[letter]

    def edge(self, st: Statement) -> None:
        cur = _Cursor(self, st)
        source, source_group, source_at = self.endpoint(cur)
        if not cur.peek(":"):
            if st.text.split(None, 1)[0] in ("groups", "services", "edge", "node"):
                raise cur.fail(f"unknown statement '{st.text.split()[0]}'", DECLARE_HINT, at=0)
            raise cur.fail(f"expected ':' and a side after '{source}'", EDGE_HINT)
        cur.pos += 1
        source_side = self.side(cur)
        cur.skip_space()
        source_arrow = cur.peek("<")
        cur.pos += source_arrow
        if not cur.peek("-"):
            raise cur.fail("expected '--' between the two ends", EDGE_HINT)
        cur.pos += 1
        label = ""
        if cur.peek("["):
            label = clean_label((cur.enclosed("[", "]", "edge label", "close the label with ']'") or "").strip('"'))
        if not cur.peek("-"):
            raise cur.fail("expected '--' between the two ends", EDGE_HINT)
        cur.pos += 1
        target_arrow = cur.peek(">")
        cur.pos += target_arrow
        cur.skip_space()
        target_side = self.side(cur)
        if not cur.peek(":"):
            raise cur.fail("expected ':' between the side and the target", EDGE_HINT)
        cur.pos += 1
        target, target_group, target_at = self.endpoint(cur)
        if not cur.at_end():
            raise cur.fail(f"unexpected '{cur.text[cur.pos:cur.pos + 20]}' after the edge", EDGE_HINT)
        for node_id, grouped, at in ((source, source_group, source_at), (target, target_group, target_at)):
            self.check_end(cur, node_id, grouped, at)
        if source_group and target_group and self.spec.services[source].parent == self.spec.services[target].parent:
            raise cur.fail(f"both ends are in group '{self.spec.services[source].parent}'",
                           "{group} connects two different groups; drop it to connect the services", at=0)
        self.spec.edges.append(ArchEdge(source, source_side, target, target_side, source_arrow, target_arrow,
                                        source_group, target_group, label, st.line.number))

    def check_end(self, cur: _Cursor, node_id: str, grouped: bool, at: int) -> None:
        node = self.spec.node(node_id)
        if node is None:
            raise cur.fail(f"'{node_id}' is not declared", f"declare it first:  service {node_id}(server)[{node_id}]",
                           at=at)
        if node.kind == "group":
            raise cur.fail(f"'{node_id}' is a group; edges connect services and junctions", "to attach to a group, "
                           "name a service in it with {group}:  svc{group}:R --> L:other", at=at)
        if grouped and (node.kind != "service" or node.parent is None):
            raise cur.fail(f"'{node_id}' is not in a group, so {{group}} has nothing to attach to",
                           "use {group} only on services declared with 'in group'", at=at)


def parse(prepared: Prepared) -> ArchitectureSpec:
    """Parse a prepared architecture diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()
