"""Mermaid `requirementDiagram` -> `RequirementSpec`: SysML requirements, elements and their relations.

Blocks `<kind> name { id: .. text: .. risk: .. verifymethod: .. }` (six requirement kinds) and
`element name { type: .. docref: .. }`; relations `a - satisfies -> b` or `b <- satisfies - a` (contains,
copies, derives, satisfies, verifies, refines, traces); `direction`, `style`, `classDef`, `class` and
`name:::class`. Names and values may be quoted.

`counts()`: nodes = requirements + elements, edges = relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.scanner import parse_styles
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import InvalidInput, Problem

KINDS: dict[str, str] = {
    "requirement": "Requirement", "functionalrequirement": "Functional Requirement",
    "interfacerequirement": "Interface Requirement", "performancerequirement": "Performance Requirement",
    "physicalrequirement": "Physical Requirement", "designconstraint": "Design Constraint",
}
KIND_NAMES: dict[str, str] = {k.lower(): k for k in ("requirement", "functionalRequirement", "interfaceRequirement",
                                                       "performanceRequirement", "physicalRequirement",
                                                       "designConstraint")}
RISKS = ("Low", "Medium", "High")
METHODS = ("Analysis", "Inspection", "Test", "Demonstration")
RELATIONS = ("contains", "copies", "derives", "satisfies", "verifies", "refines", "traces")
_NAME = r'(?:"[^"]*"|[\w][^\n{}<>\-=":]*?)'
_FORWARD = re.compile(rf"^(?P<a>{_NAME})\s*-\s*(?P<kind>\w+)\s*->\s*(?P<b>{_NAME})\s*$")
_BACKWARD = re.compile(rf"^(?P<b>{_NAME})\s*<-\s*(?P<kind>\w+)\s*-\s*(?P<a>{_NAME})\s*$")
_BLOCK = re.compile(rf"^(?P<kind>\w+)\s+(?P<name>{_NAME})\s*(?::::(?P<cls>[\w-]+(?:\s*,\s*[\w-]+)*))?\s*(?P<brace>\{{(?P<rest>.*))?$")
_CLASS_ONLY = re.compile(rf"^(?P<name>{_NAME})\s*:::\s*(?P<cls>[\w-]+(?:\s*,\s*[\w-]+)*)\s*$")
RELATION_HINT = "a relation looks like  a - satisfies -> b  (or  b <- satisfies - a)"


@dataclass(slots=True)
class Requirement:
    name: str
    kind: str
    id: str = ""
    text: str = ""
    risk: str = ""
    verify: str = ""
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(slots=True)
class ReqElement:
    name: str
    type: str = ""
    docref: str = ""
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True, slots=True)
class ReqRelation:
    source: str
    target: str
    kind: str
    line: int = 0


@dataclass
class RequirementSpec:
    requirements: dict[str, Requirement] = field(default_factory=dict)
    elements: dict[str, ReqElement] = field(default_factory=dict)
    relations: list[ReqRelation] = field(default_factory=list)
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    direction: str = "TB"
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "requirement"

    def counts(self) -> tuple[int, int]:
        """Requirements and elements; relations."""
        return len(self.requirements) + len(self.elements), len(self.relations)

    def node(self, name: str) -> Requirement | ReqElement | None:
        return self.requirements.get(name) or self.elements.get(name)


def _name(raw: str) -> str:
    return clean_label(unquote(raw.strip()))


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = RequirementSpec(title=prepared.title)
        self.open: tuple[Requirement | ReqElement, SourceLine] | None = None
        self.awaiting_brace: tuple[Requirement | ReqElement, SourceLine] | None = None
        self.relation_checks: list[tuple[Statement, str]] = []

    def fail(self, st: Statement, message: str, hint: str, at: int = 0) -> InvalidInput:
        return error(st.line, message, column=st.column + at, hint=hint, source=self.prepared.source)

    def run(self) -> RequirementSpec:
        if self.prepared.header_rest:
            self.spec.warnings.append(warning(self.prepared.header, f"ignored '{self.prepared.header_rest}' "
                                              f"after {self.prepared.keyword}"))
        for st in body_statements(split_statements(self.prepared.lines, semicolons=False), self.spec):
            self.statement(st)
        pending = self.open or self.awaiting_brace
        if pending is not None:
            raise error(pending[1], f"'{pending[0].name}' is not closed", column=1, hint="add a line with }",
                        source=self.prepared.source)
        for st, name in self.relation_checks:
            if self.spec.node(name) is None:
                raise self.fail(st, f"'{name}' is not declared", f"declare it:  element {name} {{ }}",
                                max(0, st.text.find(name)))
        nodes: list[Requirement | ReqElement] = [*self.spec.requirements.values(), *self.spec.elements.values()]
        for node in nodes:
            for cls in node.classes:
                if cls not in self.spec.class_defs:
                    self.spec.warnings.append(Problem(f"class '{cls}' is not defined", line=node.line,
                                                      severity="warning", hint=f"add  classDef {cls} fill:#f9f"))
        self.spec.warnings = [*self.prepared.warnings, *self.spec.warnings]
        return self.spec

    def statement(self, st: Statement) -> None:
        text = st.text
        if self.awaiting_brace is not None:
            if not text.startswith("{"):
                raise self.fail(st, f"expected '{{' to open '{self.awaiting_brace[0].name}'", "write  name {")
            self.open, self.awaiting_brace = self.awaiting_brace, None
            text = text[1:].strip()
            if not text:
                return
        if self.open is not None:
            self.field(st, text)
            return
        word = text.split(None, 1)[0] if text.split() else ""
        if word == "direction":
            value = text[len(word):].strip().upper()
            value = "TB" if value == "TD" else value
            if value not in ("TB", "BT", "LR", "RL"):
                raise self.fail(st, f"unknown direction '{value}'", "use TB, BT, LR or RL", len(word) + 1)
            self.spec.direction = value
        elif word in ("style", "classDef", "class"):
            self.styling(st, word, text[len(word):].strip())
        elif word == "title" and parse_title(text) is not None:
            self.spec.title = parse_title(text)
        elif word.lower() in KINDS or word == "element":
            self.block(st, word)
        else:
            self.relation(st)

    def block(self, st: Statement, word: str) -> None:
        match = _BLOCK.match(st.text)
        if not match:
            raise self.fail(st, f"cannot understand this {word}", f"write  {word} name {{", len(word) + 1)
        name = _name(match.group("name"))
        if word != "element" and word not in KIND_NAMES.values():
            raise self.fail(st, f"'{word}' must be written {KIND_NAMES[word.lower()]}", "requirement kinds are "
                            "case-sensitive")
        if self.spec.node(name) is not None:
            other = self.spec.node(name)
            raise self.fail(st, f"'{name}' is already declared on line {other.line if other else 0}",
                            "give every requirement and element its own name", match.start("name"))
        classes = [c.strip() for c in (match.group("cls") or "").split(",") if c.strip()]
        node: Requirement | ReqElement
        if word == "element":
            node = ReqElement(name, classes=classes, line=st.line.number)
            self.spec.elements[name] = node
        else:
            node = Requirement(name, word, classes=classes, line=st.line.number)
            self.spec.requirements[name] = node
        if match.group("brace"):
            self.open = (node, st.line)
            rest = (match.group("rest") or "").strip()
            if rest:  # `name { id: 1 }` on one line
                self.field(Statement(st.line, rest, st.column + match.start("rest")), rest)
        else:
            self.awaiting_brace = (node, st.line)

    def field(self, st: Statement, text: str) -> None:
        assert self.open is not None
        node, _ = self.open
        if text == "}" or text.endswith("}"):
            head = text[:-1].strip()
            if head:
                self.field(st, head)
            self.open = None
            return
        key, colon, value = text.partition(":")
        key = key.strip().lower()
        if not colon:
            raise self.fail(st, f"expected 'name: value' in '{node.name}'", "e.g.  risk: high")
        value = clean_label(unquote(value.strip()))
        at = len(text) - len(text.lstrip()) + text.find(":") + 2
        if isinstance(node, ReqElement):
            if key == "type":
                node.type = value
            elif key == "docref":
                node.docref = value
            else:
                raise self.fail(st, f"elements have no '{key}'", "an element has  type:  and  docref:")
            return
        if key == "id":
            node.id = value
        elif key == "text":
            node.text = value
        elif key == "risk":
            node.risk = self.choice(st, value, RISKS, "risk", at)
        elif key == "verifymethod":
            node.verify = self.choice(st, value, METHODS, "verify method", at)
        else:
            raise self.fail(st, f"requirements have no '{key}'", "a requirement has  id:  text:  risk:  verifymethod:")

    def choice(self, st: Statement, value: str, options: tuple[str, ...], what: str, at: int) -> str:
        for option in options:
            if value.lower() == option.lower():
                return option
        raise self.fail(st, f"unknown {what} '{value}'", f"use one of {', '.join(options)}", at)

    def relation(self, st: Statement) -> None:
        only = _CLASS_ONLY.match(st.text)
        if only:
            name = _name(only.group("name"))
            node = self.spec.node(name)
            if node is None:
                raise self.fail(st, f"'{name}' is not declared", "declare it before giving it a class")
            node.classes.extend(c.strip() for c in only.group("cls").split(","))
            return
        match = _FORWARD.match(st.text) or _BACKWARD.match(st.text)
        if not match:
            word = st.text.split(None, 1)[0]
            raise self.fail(st, f"cannot understand '{st.text[:40]}'", f"'{word}' is not a requirement kind; "
                            f"{RELATION_HINT}" if "-" not in st.text else RELATION_HINT)
        kind = match.group("kind").lower()
        if kind not in RELATIONS:
            raise self.fail(st, f"unknown relation '{match.group('kind')}'", f"use one of {', '.join(RELATIONS)}",
                            match.start("kind"))
        source, target = _name(match.group("a")), _name(match.group("b"))
        self.relation_checks.extend([(st, source), (st, target)])
        self.spec.relations.append(ReqRelation(source, target, kind, st.line.number))

    def styling(self, st: Statement, word: str, rest: str) -> None:
        names, _, css = rest.partition(" ")
        if not names or not css.strip():
            raise self.fail(st, f"{word} needs names and {'a class' if word == 'class' else 'styles'}",
                            f"write  {word} a,b {'important' if word == 'class' else 'fill:#f9f'}")
        targets = [_name(n) for n in names.split(",") if n.strip()]
        if word == "classDef":
            styles, _ = parse_styles(css)
            for target in targets:
                self.spec.class_defs.setdefault(target, {}).update(styles)
            return
        for target in targets:
            node = self.spec.node(target)
            if node is None:
                raise self.fail(st, f"'{target}' is not declared", "style and class apply to declared names",
                                len(word) + 1)
            if word == "class":
                node.classes.extend(c.strip() for c in css.split(",") if c.strip())
            else:
                node.style.update(parse_styles(css)[0])


def parse(prepared: Prepared) -> RequirementSpec:
    """Parse a prepared requirement diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()
