"""Mermaid `wardley-beta` -> `WardleySpec`: components on visibility/evolution, links, evolution, notes.

Coordinates are OnlineWardleyMaps' `[visibility, evolution]`, both 0..1. Statements: `title`, `size [w, h]`,
`evolution A -> B@0.4 -> C -> D`, `anchor`/`component Name [v, e] label [dx, dy] (build) (inertia)`, links
`A -> B`, `A +> B`, `A +< B`, `A +<> B`, `A +'text'> B`, `A -> B; context`, `evolve Name 0.8`, `note "t" [v, e]`,
`annotations [v, e]`, `annotation 1,[v, e] "t"`, `area Name [v, e]`, `accelerator`/`deaccelerator "t" [v, e]`,
`pipeline Parent { component "X" [e] ... }` and trends `Name -.- (x, y)`. A ` # ` starts a comment.

`counts()`: nodes = anchors and components (pipeline members included), edges = links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, number, split_top
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import Statement, clean_label, parse_title, split_statements, unquote
from autograph_desktop.model.problems import Problem

DECORATORS = frozenset({"build", "buy", "outsource", "market", "inertia"})
_NAME = r'(?:"[^"]*"|[^\[\]"(){}]+?)'
_ITEM = re.compile(rf"(?P<kw>anchor|component)\s+(?P<name>{_NAME})\s*\[(?P<coords>[^\]]*)\](?P<rest>.*)$", re.S)
_LINK = re.compile(rf"(?P<a>{_NAME})\s*(?P<op>\+<>|\+<|\+'(?P<flow>[^']*)'>|\+>|->)\s*(?P<b>{_NAME})\s*"
                   r"(?:;\s*(?P<label>.*))?$", re.S)
_PLACED = re.compile(r'(?P<kw>note|accelerator|deaccelerator|area)\s+(?P<name>"[^"]*"|[^\[]+?)\s*\[(?P<coords>[^\]]*)\]\s*$',
                     re.S)
_HINT = "a component looks like  component Kettle [0.43, 0.35]  ([visibility, evolution], both 0..1)"


@dataclass
class Component:
    name: str
    visibility: float
    evolution: float
    anchor: bool = False
    decorators: list[str] = field(default_factory=list)
    label_offset: tuple[float, float] | None = None
    pipeline: str | None = None
    line: int | None = None


@dataclass
class Link:
    source: str
    target: str
    op: str = "->"
    flow_label: str = ""
    label: str = ""


@dataclass
class Placed:
    """A note, area, accelerator or deaccelerator at a [visibility, evolution] position."""

    kind: str
    text: str
    visibility: float
    evolution: float


@dataclass
class WardleySpec:
    title: str | None = None
    size: tuple[float, float] | None = None
    stages: list[tuple[str, float | None]] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    evolves: list[tuple[str, float]] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    annotations: list[tuple[int, float, float, str]] = field(default_factory=list)
    annotations_at: tuple[float, float] | None = None
    trends: list[tuple[str, float, float]] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "wardley"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = anchors and components, edges = links."""
        return len(self.components), len(self.links)

    def find(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)


def _name(raw: str) -> str:
    return clean_label(unquote(raw.strip()))


def strip_hash_comment(text: str) -> str:
    """Text before a ` # comment` (a `#` after a blank, outside double quotes)."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text


def _coords(where: Where, text: str, offset: int, count: int, hint: str = _HINT) -> list[float]:
    parts = split_top(text)
    if len(parts) != count:
        raise where.fail(f"expected {count} number{'s' if count > 1 else ''} in brackets, found {len(parts)}", offset,
                         hint)
    values = [number(where, part, offset + at, "a coordinate", hint) for part, at in parts]
    for value, (_, at) in zip(values, parts, strict=True):
        if not 0 <= value <= 1:
            raise where.fail(f"the coordinate {value:g} is outside 0..1", offset + at, hint)
    return values


def _component(where: Where, spec: WardleySpec, match: re.Match[str], pipeline: str | None = None) -> None:
    name = _name(match.group("name"))
    if not name:
        raise where.fail("the component has no name", match.start("name"), _HINT)
    if spec.find(name) is not None:
        raise where.fail(f"'{name}' is declared twice", match.start("name"), "give each component its own name")
    count = 1 if pipeline else 2
    coords = _coords(where, match.group("coords"), match.start("coords"), count,
                     'inside a pipeline write  component "X" [0.5]  (the evolution only)' if pipeline else _HINT)
    parent = spec.find(pipeline) if pipeline else None
    vis, evo = (parent.visibility if parent else 0.5, coords[0]) if pipeline else (coords[0], coords[1])
    item = Component(name, vis, evo, match.group("kw") == "anchor", pipeline=pipeline, line=where.st.line.number)
    rest, offset = match.group("rest"), match.start("rest")
    while rest.strip():
        label = re.match(r"\s*label\s*\[([^\]]*)\]", rest)
        deco = re.match(r"\s*\(\s*(\w+)\s*\)", rest)
        if label:
            parts = split_top(label.group(1))
            if len(parts) != 2:
                raise where.fail("label takes two offsets", offset, "write  label [-40, 10]")
            item.label_offset = (number(where, parts[0][0], offset, "an offset", "write  label [-40, 10]"),
                                 number(where, parts[1][0], offset, "an offset", "write  label [-40, 10]"))
            step = label.end()
        elif deco and deco.group(1).lower() in DECORATORS:
            item.decorators.append(deco.group(1).lower())
            step = deco.end()
        else:
            raise where.fail(f"unexpected text '{rest.strip()[:30]}'", offset + len(rest) - len(rest.lstrip()),
                             "after the coordinates come  label [dx, dy]  and decorators such as (build) (inertia)")
        rest, offset = rest[step:], offset + step
    spec.components.append(item)


def _statement(where: Where, spec: WardleySpec, text: str) -> None:
    word = re.match(r"[A-Za-z]+", text)
    keyword = word.group(0).lower() if word else ""
    rest = text[len(keyword):]
    if keyword == "title" and (not rest or rest[0] in " \t:"):
        spec.title = _name(parse_title(text) or "")
    elif keyword == "size" and rest[:1].isspace():
        match = re.fullmatch(r"\s*\[([^\]]*)\]\s*", rest)
        parts = split_top(match.group(1)) if match else []
        if len(parts) != 2:
            raise where.fail("size takes a width and a height", len(keyword), "write  size [1100, 600]")
        w, h = (number(where, p, len(keyword), "a size", "write  size [1100, 600]") for p, _ in parts)
        spec.size = (min(max(w, 200.0), 8000.0), min(max(h, 150.0), 8000.0))
    elif keyword == "evolution" and rest[:1].isspace():
        for part in rest.split("->"):
            label, _, boundary = part.strip().partition("@")
            where_at = len(keyword)
            spec.stages.append((_name(label), number(where, boundary, where_at, "a stage boundary", "write  Custom@0.4")
                                if boundary else None))
    elif keyword == "evolve" and rest[:1].isspace():
        match = re.fullmatch(r"\s*(.+?)\s+(\S+)\s*", rest)
        if not match:
            raise where.fail("evolve takes a component and a target evolution", len(keyword), "write  evolve Kettle 0.62")
        target = _coords(where, match.group(2), len(keyword) + match.start(2), 1, "write  evolve Kettle 0.62")[0]
        spec.evolves.append((_name(match.group(1)), target))
    elif keyword == "annotations" and rest[:1].isspace():
        match = re.fullmatch(r"\s*\[([^\]]*)\]\s*", rest)
        if not match:
            raise where.fail("annotations takes a position", len(keyword), "write  annotations [0.1, 0.9]")
        v, e = _coords(where, match.group(1), len(keyword) + match.start(1), 2)
        spec.annotations_at = (v, e)
    elif keyword == "annotation" and rest[:1].isspace():
        match = re.fullmatch(r'\s*(\d{1,4})\s*,\s*\[([^\]]*)\]\s*"([^"]*)"\s*', rest)
        if not match:
            raise where.fail("cannot understand this annotation", len(keyword), 'write  annotation 1,[0.5, 0.6] "Text"')
        v, e = _coords(where, match.group(2), len(keyword) + match.start(2), 2)
        spec.annotations.append((int(match.group(1)), v, e, clean_label(match.group(3))))
    elif (placed := _PLACED.fullmatch(text)) is not None:
        v, e = _coords(where, placed.group("coords"), placed.start("coords"), 2)
        spec.placed.append(Placed(placed.group("kw"), _name(placed.group("name")), v, e))
    elif (item := _ITEM.match(text)) is not None:
        _component(where, spec, item)
    elif (trend := re.fullmatch(rf"(?P<name>{_NAME})\s*-\.-\s*\((?P<coords>[^)]*)\)\s*", text)) is not None:
        x, y = _coords(where, trend.group("coords"), trend.start("coords"), 2, "write  Kettle -.- (0.7, 0.4)")
        spec.trends.append((_name(trend.group("name")), x, y))
    elif (link := _LINK.fullmatch(text)) is not None:
        spec.links.append(Link(_name(link.group("a")), _name(link.group("b")),
                               "+'>" if link.group("flow") is not None else link.group("op"),
                               link.group("flow") or "", clean_label(link.group("label") or "")))
    else:
        raise where.fail(f"cannot understand '{text[:60]}'", 0, "a wardley map has components, anchors, links (A -> B), "
                         "evolve, note, pipeline... lines")


def _check(prepared: Prepared, spec: WardleySpec, statements: list[Statement]) -> None:
    names = {c.name for c in spec.components}

    def unknown(name: str, what: str) -> None:
        st = next((s for s in statements if name in s.text), statements[0] if statements else None)
        raise error(st.line if st else prepared.header, f"{what} '{name[:40]}' is not a declared component",
                    column=(st.line.text.find(name) + 1) if st else 1,
                    hint=f"declare it first:  component {name} [0.5, 0.5]", source=prepared.source)

    for link in spec.links:
        for name in (link.source, link.target):
            if name not in names:
                unknown(name, "the link end")
    for name, _ in spec.evolves:
        if name not in names:
            unknown(name, "evolve names")


def parse(prepared: Prepared) -> WardleySpec:
    """Parse a prepared wardley map; coordinates outside 0..1 and unknown components are located errors."""
    spec = WardleySpec(title=prepared.title)
    statements = split_statements(prepared.lines, semicolons=False)
    pipeline: str | None = None
    for st in statements:
        text = strip_hash_comment(st.text)
        if not text:
            continue
        where = Where(prepared, st)
        if pipeline is not None:
            if text == "}":
                pipeline = None
                continue
            item = _ITEM.match(text)
            if not item or item.group("kw") != "component":
                raise where.fail("a pipeline holds only  component \"Name\" [evolution]  lines", 0,
                                 "close the pipeline with }")
            _component(where, spec, item, pipeline)
            continue
        opening = re.fullmatch(rf"pipeline\s+(?P<name>{_NAME})\s*\{{\s*", text)
        if opening:
            pipeline = _name(opening.group("name"))
            if spec.find(pipeline) is None:
                raise where.fail(f"pipeline '{pipeline}' names no declared component", len("pipeline "),
                                 "declare the component before its pipeline")
            continue
        _statement(where, spec, text)
    if pipeline is not None:
        raise error(statements[-1].line, f"pipeline {pipeline} is not closed", column=1, hint="add a line with  }",
                    source=prepared.source)
    _check(prepared, spec, statements)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
