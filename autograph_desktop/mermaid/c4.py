"""Mermaid C4 (`C4Context`, `C4Container`, `C4Component`, `C4Dynamic`, `C4Deployment`) -> `C4Spec`.

Statements are C4-PlantUML macro calls: elements (`Person`, `System_Ext`, `ContainerDb`...), boundaries
that open a `{ ... }` block (`System_Boundary`, `Deployment_Node`...), relations (`Rel`, `BiRel`,
`Rel_U/D/L/R`, `Rel_Back`, `RelIndex`) and the style calls. Arguments are positional in the macro's
order or named with `$name=value`; the macro tables live in `c4_macros`.

`counts()`: nodes = elements (people, systems, containers, components), edges = relations; boundaries
and deployment nodes become frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograph_desktop.mermaid.c4_macros import (
    BOUNDARIES,
    ELEMENTS,
    IGNORED,
    RELATIONS,
    STYLE_CALLS,
    Arg,
    Call,
    close_names,
    read_call,
)
from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import InvalidInput, Problem

CALL_HINT = 'a statement looks like  Person(alias, "Label", "Description")  or  Rel(from, to, "Label")'


@dataclass(slots=True)
class C4Element:
    """A person, system, container or component; `macro` is the name it was declared with."""

    alias: str
    macro: str
    kind: str
    variant: str = ""
    external: bool = False
    label: str = ""
    techn: str = ""
    descr: str = ""
    sprite: str = ""
    tags: str = ""
    link: str = ""
    parent: str | None = None
    line: int = 0


@dataclass(slots=True)
class C4Boundary:
    alias: str
    macro: str
    kind: str
    label: str = ""
    type: str = ""
    descr: str = ""
    sprite: str = ""
    tags: str = ""
    link: str = ""
    parent: str | None = None
    line: int = 0


@dataclass(slots=True)
class C4Rel:
    macro: str
    source: str
    target: str
    label: str = ""
    techn: str = ""
    descr: str = ""
    index: str = ""
    sprite: str = ""
    tags: str = ""
    link: str = ""
    line: int = 0


@dataclass
class C4Spec:
    level: str = "C4Context"
    elements: dict[str, C4Element] = field(default_factory=dict)
    boundaries: dict[str, C4Boundary] = field(default_factory=dict)
    rels: list[C4Rel] = field(default_factory=list)
    #: Element and boundary aliases per container (None: top level), in statement order.
    children: dict[str | None, list[str]] = field(default_factory=dict)
    element_styles: dict[str, dict[str, str]] = field(default_factory=dict)
    rel_styles: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    shape_in_row: int = 4
    boundary_in_row: int = 2
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "c4"

    def counts(self) -> tuple[int, int]:
        """Elements; relations."""
        return len(self.elements), len(self.rels)


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = C4Spec(level=prepared.keyword, title=prepared.title)
        self.stack: list[tuple[str, SourceLine]] = []
        self.declared: dict[str, int] = {}
        self.pending_open: tuple[str, SourceLine] | None = None
        self.checks: list[tuple[Statement, Arg, str]] = []
        layout = prepared.config.get("c4")
        if isinstance(layout, dict):
            self.spec.shape_in_row = _count(layout.get("c4ShapeInRow"), 4)
            self.spec.boundary_in_row = _count(layout.get("c4BoundaryInRow"), 2)

    def fail(self, st: Statement, message: str, hint: str, at: int = 0) -> InvalidInput:
        return error(st.line, message, column=st.column + at, hint=hint, source=self.prepared.source)

    def run(self) -> C4Spec:
        if self.prepared.header_rest:
            self.spec.warnings.append(warning(self.prepared.header, f"ignored '{self.prepared.header_rest}' "
                                              f"after {self.prepared.keyword}"))
        statements = split_statements(self.prepared.lines, semicolons=False)
        for st in body_statements(statements, self.spec):
            self.statement(st)
        if self.stack:
            alias, line = self.stack[-1]
            raise error(line, f"boundary '{alias}' is not closed", column=1, hint="add a line with } after its content",
                        source=self.prepared.source)
        for st, arg, what in self.checks:
            if arg.value not in self.declared:
                close = close_names(arg.value, self.declared)
                raise self.fail(st, f"{what} '{arg.value}' is not declared", f"did you mean '{close[0]}'?" if close
                                else f"declare it first, e.g.  System({arg.value}, \"{arg.value}\")", arg.start)
        for alias in self.spec.element_styles:
            if alias not in self.declared:
                self.spec.warnings.append(Problem(f"UpdateElementStyle names '{alias}', which is not declared",
                                                  severity="warning"))
        for source, target in self.spec.rel_styles:
            if not any(r.source == source and r.target == target for r in self.spec.rels):
                self.spec.warnings.append(Problem(f"UpdateRelStyle names no relation from '{source}' to '{target}'",
                                                  severity="warning"))
        self.spec.warnings = [*self.prepared.warnings, *self.spec.warnings]
        return self.spec

    def statement(self, st: Statement) -> None:
        text = st.text
        if self.pending_open is not None:
            alias, line = self.pending_open
            self.pending_open = None
            if text.startswith("{"):
                self.stack.append((alias, line))
                text = text[1:].strip()
                if not text:
                    return
                st = Statement(st.line, text, st.column + len(st.text) - len(text))
        if text == "}" or text.startswith("}"):
            if not self.stack:
                raise self.fail(st, "'}' closes no boundary", "remove it, or open a boundary with  Boundary(b, \"Name\") {")
            self.stack.pop()
            rest = text[1:].strip()
            if rest:
                self.statement(Statement(st.line, rest, st.column + len(text) - len(rest)))
            return
        if text.startswith("title") and (len(text) == 5 or text[5] in " :\t"):
            self.spec.title = parse_title(text) or ""
            return
        call = read_call(text)
        if isinstance(call, str):
            raise self.fail(st, call, CALL_HINT)
        name = call.name
        if name in ELEMENTS:
            self.element(st, call)
        elif name in BOUNDARIES:
            self.boundary(st, call)
        elif name in RELATIONS:
            self.relation(st, call)
        elif name in STYLE_CALLS:
            self.style(st, call)
        elif name in IGNORED:
            self.spec.warnings.append(warning(st.line, f"{name} is not drawn (Mermaid's C4 does not support it)",
                                              column=st.column))
            if call.opens:
                raise self.fail(st, f"{name} cannot open a block", "remove the {", call.end)
        else:
            known = [*ELEMENTS, *BOUNDARIES, *RELATIONS, *STYLE_CALLS]
            close = close_names(name, known)
            raise self.fail(st, f"unknown C4 statement '{name}'", f"did you mean '{close[0]}'?" if close else CALL_HINT)
        if call.opens and name not in BOUNDARIES:
            raise self.fail(st, f"{name} cannot open a block", "only boundaries and deployment nodes take { ... }",
                            call.end)

    def values(self, st: Statement, call: Call, params: tuple[str, ...], required: int) -> dict[str, Arg]:
        """Positional and `$named` arguments by parameter name."""
        out: dict[str, Arg] = {}
        positional = [a for a in call.args if a.name is None]
        for arg in call.args:
            if arg.name is not None:
                key = arg.name.lower()
                match = next((p for p in params if p.lower() == key), None)
                if match is None:
                    self.spec.warnings.append(warning(st.line, f"{call.name} has no parameter ${arg.name}; ignored",
                                                      column=st.column + arg.start))
                    continue
                out[match] = arg
        if len(positional) > len(params):
            extra = positional[len(params)]
            self.spec.warnings.append(warning(st.line, f"{call.name} takes {len(params)} arguments; the rest are "
                                              "ignored", column=st.column + extra.start))
        for param, arg in zip(params, positional, strict=False):
            out.setdefault(param, arg)
        missing = [p for p in params[:required] if p not in out or not out[p].value]
        if missing:
            raise self.fail(st, f"{call.name} needs {', '.join(missing)}", f"write  {call.name}({', '.join(params[:max(required, 2)])})",
                            call.end)
        return out

    def declare(self, st: Statement, arg: Arg) -> None:
        if arg.value in self.declared:
            raise self.fail(st, f"'{arg.value}' is already declared on line {self.declared[arg.value]}",
                            "give every element and boundary its own alias", arg.start)
        self.declared[arg.value] = st.line.number
        parent = self.stack[-1][0] if self.stack else None
        self.spec.children.setdefault(parent, []).append(arg.value)

    def element(self, st: Statement, call: Call) -> None:
        kind, variant, external, params = ELEMENTS[call.name]
        values = self.values(st, call, params, 1)
        self.declare(st, values["alias"])
        text = {k: clean_label(v.value) for k, v in values.items()}
        self.spec.elements[values["alias"].value] = C4Element(
            values["alias"].value, call.name, kind, variant, external, text.get("label", ""), text.get("techn", ""),
            text.get("descr", ""), text.get("sprite", ""), text.get("tags", ""), values["link"].value
            if "link" in values else "", self.stack[-1][0] if self.stack else None, st.line.number)

    def boundary(self, st: Statement, call: Call) -> None:
        kind, params = BOUNDARIES[call.name]
        values = self.values(st, call, params, 1)
        self.declare(st, values["alias"])
        text = {k: clean_label(v.value) for k, v in values.items()}
        alias = values["alias"].value
        self.spec.boundaries[alias] = C4Boundary(
            alias, call.name, kind, text.get("label", ""), text.get("type", ""), text.get("descr", ""),
            text.get("sprite", ""), text.get("tags", ""), values["link"].value if "link" in values else "",
            self.stack[-1][0] if self.stack else None, st.line.number)
        if call.opens:
            self.stack.append((alias, st.line))
        else:
            self.pending_open = (alias, st.line)

    def relation(self, st: Statement, call: Call) -> None:
        params = RELATIONS[call.name]
        values = self.values(st, call, params, 3 if call.name == "RelIndex" else 2)
        for key in ("from", "to"):
            self.checks.append((st, values[key], "element"))
        text = {k: clean_label(v.value) for k, v in values.items()}
        self.spec.rels.append(C4Rel(call.name, values["from"].value, values["to"].value, text.get("label", ""),
                                    text.get("techn", ""), text.get("descr", ""), text.get("index", ""),
                                    text.get("sprite", ""), text.get("tags", ""),
                                    values["link"].value if "link" in values else "", st.line.number))

    def style(self, st: Statement, call: Call) -> None:
        params = STYLE_CALLS[call.name]
        if call.name == "UpdateLayoutConfig":
            values = self.values(st, call, params, 0)
            if "c4ShapeInRow" in values:
                self.spec.shape_in_row = _count(values["c4ShapeInRow"].value, self.spec.shape_in_row)
            if "c4BoundaryInRow" in values:
                self.spec.boundary_in_row = _count(values["c4BoundaryInRow"].value, self.spec.boundary_in_row)
            return
        if call.name == "UpdateRelStyle":
            values = self.values(st, call, params, 2)
            pair = (values["from"].value, values["to"].value)
            self.spec.rel_styles.setdefault(pair, {}).update(
                {k: v.value for k, v in values.items() if k not in ("from", "to")})
            return
        values = self.values(st, call, params, 1)
        self.spec.element_styles.setdefault(values["elementName"].value, {}).update(
            {k: v.value for k, v in values.items() if k != "elementName"})


def _count(value: Any, default: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        return default
    return number if 0 < number <= 100 else default


def parse(prepared: Prepared) -> C4Spec:
    """Parse a prepared C4 diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()
