"""Mermaid class diagrams (`classDiagram`) -> ClassDiagramSpec.

Line-oriented, like Mermaid's grammar: class statements (with an optional `{ ... }` member body),
`Class : member` lines, relations `A "1" *-- "many" B : label`, annotations, namespaces, notes,
styling (classDef, cssClass, style, :::) and interaction (click, link, callback) kept as data.

Counting rule (`counts()`), as Mermaid's class db: nodes are the classes, including every class that
is only named by a relation, a member line or an annotation; notes, namespaces and the `()` end of a
lollipop (an interface, listed in `interfaces`) are not counted. Edges are the relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, decode_entities
from autograph_desktop.mermaid.scanner import LineParser, parse_styles, tokens, unquote
from autograph_desktop.model.problems import Problem

_NAME = r"(?:`[^`]+`|[\w$]+(?:-[\w$]+)*)(?:~[^~\n]*~)?"
_RELATION = re.compile(
    rf"^(?P<a>{_NAME})\s*(?:\"(?P<ca>[^\"]*)\")?\s*"
    r"(?P<lh><\||\*|o|<|\(\))?(?P<line>--|\.\.)(?P<rh>\|>|\*|o|>|\(\))?"
    rf"\s*(?:\"(?P<cb>[^\"]*)\")?\s*(?P<b>{_NAME})\s*(?::(?P<label>.*))?$"
)
_CLASS_STATEMENT = re.compile(
    rf"^class\s+(?P<name>{_NAME})\s*(?:\[\s*\"(?P<label>[^\"]*)\"\s*\])?\s*(?::::(?P<css>[\w-]+))?\s*"
    r"(?P<brace>\{.*)?$"
)
_MEMBER_LINE = re.compile(rf"^(?P<name>{_NAME})\s*:(?!::)\s*(?P<member>.*)$")
_ANNOTATION = re.compile(rf"^<<(?P<annotation>[^>]+)>>\s*(?P<name>{_NAME})$")
_NAMESPACE = re.compile(r"^namespace\s+(?P<name>[\w.$-]+)\s*\{\s*$")
_NOTE = re.compile(rf"^note\s+(?:for\s+(?P<name>{_NAME})\s+)?\"(?P<text>.*)\"$")
_SHORTHAND_CSS = re.compile(rf"^(?P<name>{_NAME}):::(?P<css>[\w-]+)$")
_VISIBILITY = frozenset("+-#~")
_CLASSIFIERS = frozenset("$*")
_DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
#: Something that looks like an attempted relation arrow, for the error message.
_ARROW_LIKE = re.compile(r"[<*o(]?\|?[-.=]{2,}\|?[>*o)]?|<\|?[-.=]+|[-.=]+\|?>")
_HEADS = {"<|": "triangle", "|>": "triangle", "*": "diamond_filled", "o": "diamond", "<": "arrow", ">": "arrow",
          "()": "lollipop"}
_ARROW_HINT = ("relations are <|--, --|>, *--, o--, -->, --, ..>, ..|>, .., ()-- with optional "
               '"cardinalities" and : label, e.g. A "1" *-- "many" B : has')


@dataclass(slots=True)
class Member:
    """An attribute or a method. `type` is the attribute's type or the method's return type."""

    text: str
    name: str
    is_method: bool
    visibility: str = ""
    type: str = ""
    parameters: str = ""
    is_static: bool = False
    is_abstract: bool = False


@dataclass(slots=True)
class ClassNode:
    name: str
    label: str
    generic: str = ""
    annotations: list[str] = field(default_factory=list)
    attributes: list[Member] = field(default_factory=list)
    methods: list[Member] = field(default_factory=list)
    css_classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    link_target: str | None = None
    tooltip: str | None = None
    callback: str | None = None
    namespace: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Relation:
    """`source` and `target` in written order; heads: none, triangle, diamond, diamond_filled, arrow, lollipop.

    kind: inheritance, realization, composition, aggregation, association, dependency, lollipop or link;
    line: solid or dashed.
    """

    source: str
    target: str
    kind: str
    line: str
    source_head: str
    target_head: str
    source_cardinality: str
    target_cardinality: str
    label: str
    line_number: int


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    for_class: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Interface:
    """The `()` end of a lollipop relation: an interface `name` provided by `for_class`."""

    name: str
    for_class: str
    line: int


@dataclass(slots=True)
class Namespace:
    name: str
    class_names: list[str] = field(default_factory=list)
    parent: str | None = None
    line: int = 0


@dataclass
class ClassDiagramSpec:
    classes: dict[str, ClassNode]
    relations: list[Relation]
    namespaces: list[Namespace]
    notes: list[Note]
    class_defs: dict[str, dict[str, str]]
    interfaces: list[Interface] = field(default_factory=list)
    direction: str = "TB"
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "class"

    def counts(self) -> tuple[int, int]:
        """(classes, relations) as Mermaid's class db counts them; see the module docstring."""
        return len(self.classes), len(self.relations)


def parse(prepared: Prepared) -> ClassDiagramSpec:
    """Parse a prepared class diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()


def generic_text(text: str) -> str:
    """Mermaid writes generics with tildes: `List~List~int~~` -> `List<List<int>>`."""
    if "~" not in text:
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        if char != "~":
            out.append(char)
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        opening = bool(before) and bool(after) and (before.isalnum() or before in "_`") and (
            after.isalnum() or after in "_[(")
        out.append("<" if opening else ">")
    return "".join(out)


def split_name(raw: str) -> tuple[str, str]:
    """`Square~Shape~` -> ('Square', 'Shape'); backticks around a name are removed."""
    name, tilde, rest = raw.partition("~")
    generic = generic_text(rest[:-1]) if tilde and rest.endswith("~") else ""
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == "`":
        name = name[1:-1]
    return name, generic


def parse_member(text: str) -> Member:
    """One attribute (`+String owner`, `-id: int$`) or method (`+deposit(amount) bool`, `area()*`)."""
    raw = text.strip()
    body = raw
    visibility = ""
    if body[:1] in _VISIBILITY:
        visibility, body = body[0], body[1:].lstrip()
    if "(" in body and ")" in body:
        open_at = body.index("(")
        close_at = body.rindex(")")
        name = body[:open_at].strip()
        params = body[open_at + 1:close_at].strip()
        tail = body[close_at + 1:]
        static = abstract = False
        tail_stripped = tail.strip()
        if tail[:1] in _CLASSIFIERS:
            static, abstract = tail[0] == "$", tail[0] == "*"
            tail_stripped = tail[1:].strip()
        if tail_stripped[-1:] in _CLASSIFIERS and not static and not abstract:
            static, abstract = tail_stripped[-1] == "$", tail_stripped[-1] == "*"
            tail_stripped = tail_stripped[:-1].strip()
        if tail_stripped.startswith(":"):
            tail_stripped = tail_stripped[1:].strip()
        return Member(raw, name, True, visibility, generic_text(tail_stripped), generic_text(params), static,
                      abstract)
    static = body.endswith("$")
    abstract = body.endswith("*")
    if static or abstract:
        body = body[:-1].rstrip()
    if ":" in body:
        name, _, type_text = body.partition(":")
        name, type_text = name.strip(), type_text.strip()
    else:
        words = body.rsplit(None, 1)
        if len(words) == 2:
            type_text, name = words
        else:
            type_text, name = "", body
    return Member(raw, name, False, visibility, generic_text(type_text), "", static, abstract)


class _Parser(LineParser):
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.classes: dict[str, ClassNode] = {}
        self.relations: list[Relation] = []
        self.namespaces: list[Namespace] = []
        self.notes: list[Note] = []
        self.interfaces: list[Interface] = []
        self.class_defs: dict[str, dict[str, str]] = {}
        self.warnings: list[Problem] = list(prepared.warnings)
        self.direction = "TB"
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.body_of: ClassNode | None = None
        self.body_line: SourceLine | None = None
        self.namespace_stack: list[tuple[Namespace, SourceLine]] = []

    def run(self) -> ClassDiagramSpec:
        self.warn_about_header_rest()
        lines = self.prepared.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            text = line.text.strip()
            if not text:
                continue
            if self.body_of is not None:
                self._body_line(line, text)
                continue
            if text.startswith("accDescr") and text[8:].lstrip().startswith("{"):
                index = self._acc_block(lines, index, line, text)
                continue
            self._statement(line, text)
        if self.body_of is not None and self.body_line is not None:
            raise self.fail(self.body_line, f"the body of class '{self.body_of.name}' is never closed",
                            hint="add a line with } after the members")
        if self.namespace_stack:
            namespace, where = self.namespace_stack[-1]
            raise self.fail(where, f"namespace '{namespace.name}' is never closed", hint="add a line with }")
        return ClassDiagramSpec(self.classes, self.relations, self.namespaces, self.notes, self.class_defs,
                                self.interfaces, self.direction, self.prepared.title, self.acc_title, self.acc_descr, self.warnings)

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

    def _class(self, raw: str, line: SourceLine) -> ClassNode:
        name, generic = split_name(raw)
        node = self.classes.get(name)
        if node is None:
            node = ClassNode(name=name, label=name, line=line.number)
            self.classes[name] = node
            if self.namespace_stack:
                namespace = self.namespace_stack[-1][0]
                node.namespace = namespace.name
                namespace.class_names.append(name)
        if generic:
            node.generic = generic
        return node

    def _body_line(self, line: SourceLine, text: str) -> None:
        assert self.body_of is not None
        closing = text.endswith("}")
        if closing:
            text = text[:-1].strip()
        if text:
            self._add_member(self.body_of, text)
        if closing:
            self.body_of = None

    def _add_member(self, node: ClassNode, text: str) -> None:
        text = decode_entities(text.strip())
        if text.startswith("<<") and text.endswith(">>"):
            node.annotations.append(text[2:-2].strip())
            return
        member = parse_member(text)
        (node.methods if member.is_method else node.attributes).append(member)

    def _statement(self, line: SourceLine, text: str) -> None:
        word = text.split(None, 1)[0]
        if text == "}":
            if not self.namespace_stack:
                raise self.fail(line, "'}' without an open class body or namespace", hint="remove this line")
            self.namespace_stack.pop()
            return
        if word == "class" and len(text) > 5 and text[5].isspace():
            self._class_statement(line, text)
            return
        handler = {
            "namespace": self._namespace, "note": self._note, "direction": self._direction,
            "classDef": self._class_def, "cssClass": self._css_class, "style": self._style,
            "click": self._click, "link": self._click, "callback": self._click,
        }.get(word)
        if handler is not None and len(text) > len(word) and text[len(word)].isspace():
            handler(line, text)
            return
        if word.startswith(("accTitle", "accDescr")) and ":" in text:
            key, _, value = text.partition(":")
            if key.strip() in ("accTitle", "accDescr"):
                setattr(self, "acc_title" if key.strip() == "accTitle" else "acc_descr", value.strip())
                return
        if word == "title" and not self.classes:
            self.warnings.append(Problem("a class diagram title belongs in the front matter (title: ...)",
                                         line=line.number, severity="warning"))
            return
        match = _RELATION.match(text)
        if match:
            self._relation(line, match)
            return
        match = _ANNOTATION.match(text)
        if match:
            self._class(match.group("name"), line).annotations.append(match.group("annotation").strip())
            return
        match = _MEMBER_LINE.match(text)
        if match:
            node = self._class(match.group("name"), line)
            member = match.group("member").strip()
            if member:
                self._add_member(node, member)
            return
        match = _SHORTHAND_CSS.match(text)
        if match:
            self._class(match.group("name"), line).css_classes.append(match.group("css"))
            return
        self._unknown(line, text)

    def _unknown(self, line: SourceLine, text: str) -> None:
        arrow = _ARROW_LIKE.search(text)
        if arrow:
            column = line.text.find(arrow.group(0)) + 1
            raise self.fail(line, f"unknown relation '{arrow.group(0).strip()}'", hint=_ARROW_HINT, column=column)
        if "{" in text:
            raise self.fail(line, "a class body must follow 'class Name'", hint="write: class Name {")
        raise self.fail(line, f"cannot read '{text[:60]}'",
                        hint="expected a class, a member (Class : +name), a relation (A <|-- B) or a note")

    def _class_statement(self, line: SourceLine, text: str) -> None:
        match = _CLASS_STATEMENT.match(text)
        if not match:
            raise self.fail(line, "expected a class name after 'class'",
                            hint='e.g. class Animal, class Box~T~, class A["Label"] or class A {')
        node = self._class(match.group("name"), line)
        if match.group("label") is not None:
            node.label = decode_entities(match.group("label"))
        if match.group("css"):
            node.css_classes.append(match.group("css"))
        brace = match.group("brace")
        if brace:
            inner = brace[1:].strip()
            if inner.endswith("}"):
                inner = inner[:-1].strip()
                if inner:
                    self._add_member(node, inner)
            else:
                if inner:
                    self._add_member(node, inner)
                self.body_of, self.body_line = node, line

    def _relation(self, line: SourceLine, match: re.Match[str]) -> None:
        left, right = match.group("lh") or "", match.group("rh") or ""
        # As in Mermaid, the `()` end of a lollipop is an interface of the class at the other end, not a class.
        if left == "()" and right != "()":
            source = split_name(match.group("a"))[0]
            target = self._class(match.group("b"), line).name
            self.interfaces.append(Interface(source, target, line.number))
        elif right == "()" and left != "()":
            source = self._class(match.group("a"), line).name
            target = split_name(match.group("b"))[0]
            self.interfaces.append(Interface(target, source, line.number))
        else:
            source = self._class(match.group("a"), line).name
            target = self._class(match.group("b"), line).name
        dashed = match.group("line") == ".."
        heads = {left, right} - {""}
        if heads & {"<|", "|>"}:
            kind = "realization" if dashed else "inheritance"
        elif "*" in heads:
            kind = "composition"
        elif "o" in heads:
            kind = "aggregation"
        elif heads & {"<", ">"}:
            kind = "dependency" if dashed else "association"
        elif "()" in heads:
            kind = "lollipop"
        else:
            kind = "link"
        label = decode_entities((match.group("label") or "").strip())
        self.relations.append(Relation(
            source, target, kind, "dashed" if dashed else "solid", _HEADS.get(left, "none"),
            _HEADS.get(right, "none"), match.group("ca") or "", match.group("cb") or "", label, line.number))

    def _namespace(self, line: SourceLine, text: str) -> None:
        match = _NAMESPACE.match(text)
        if not match:
            raise self.fail(line, "expected 'namespace Name {'", hint="open the namespace with { on the same line")
        parent = self.namespace_stack[-1][0].name if self.namespace_stack else None
        namespace = Namespace(match.group("name"), parent=parent, line=line.number)
        self.namespaces.append(namespace)
        self.namespace_stack.append((namespace, line))

    def _note(self, line: SourceLine, text: str) -> None:
        match = _NOTE.match(text)
        if not match:
            raise self.fail(line, "expected note \"text\" or note for Class \"text\"",
                            hint='quote the note text: note for Duck "can fly"')
        target = split_name(match.group("name"))[0] if match.group("name") else None
        self.notes.append(Note(decode_entities(match.group("text")).replace("\\n", "\n"), target, line.number))

    def _direction(self, line: SourceLine, text: str) -> None:
        value = text.split(None, 1)[1].strip()
        if value.upper() not in _DIRECTIONS:
            raise self.fail(line, f"unknown direction '{value}'", hint="use TB, BT, LR or RL")
        self.direction = _DIRECTIONS[value.upper()]

    def _class_def(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 2:
            raise self.fail(line, "classDef needs a name and styles", hint="e.g. classDef hot fill:#f96")
        styles, _ = parse_styles(parts[2] if len(parts) > 2 else "")
        for name in parts[1].split(","):
            self.class_defs.setdefault(name.strip(), {}).update(styles)

    def _css_class(self, line: SourceLine, text: str) -> None:
        words = tokens(text)
        if len(words) != 3:
            raise self.fail(line, "cssClass needs class names and a style class", hint='e.g. cssClass "A,B" hot')
        for name in unquote(words[1]).split(","):
            node = self.classes.get(split_name(name)[0])
            if node is not None:
                node.css_classes.append(words[2])

    def _style(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 3:
            raise self.fail(line, "style needs a class name and styles", hint="e.g. style Animal fill:#f9f")
        styles, _ = parse_styles(parts[2])
        node = self.classes.get(split_name(parts[1])[0])
        if node is None:  # Mermaid's class db ignores styles for classes it does not know yet.
            self.warnings.append(Problem(f"style for unknown class '{parts[1]}' is ignored", line=line.number,
                                         severity="warning"))
            return
        node.style.update(styles)

    def _click(self, line: SourceLine, text: str) -> None:
        words = tokens(text)
        if len(words) < 3:
            raise self.fail(line, f"{words[0]} needs a class name and a target",
                            hint='e.g. click Shape href "https://example.com" "tooltip"')
        keyword, name, rest = words[0], words[1], words[2:]
        node = self.classes.get(split_name(name)[0])
        if keyword == "click":
            if rest[0] in ("href", "call"):
                keyword = "link" if rest[0] == "href" else "callback"
                rest = rest[1:]
            else:
                keyword = "link" if rest[0].startswith('"') else "callback"
        if not rest:
            raise self.fail(line, "missing link or callback target")
        target = unquote(rest[0])
        tooltip = unquote(rest[1]) if len(rest) > 1 and rest[1].startswith('"') else None
        window = next((word for word in rest[1:] if word.startswith("_")), None)
        if node is None:
            self.warnings.append(Problem(f"{keyword} for unknown class '{name}'", line=line.number,
                                         severity="warning"))
            return
        if keyword == "link":
            node.link, node.link_target = target, window
        else:
            node.callback = target.split("(", 1)[0]
        if tooltip is not None:
            node.tooltip = tooltip
