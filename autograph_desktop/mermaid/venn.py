"""Mermaid `venn-beta` (and `venn`) -> `VennSpec`: sets, their overlaps (unions), text nodes and styles.

`set A`, `set A["Alpha"]:20`, `set "Foo Bar"`; `union A,B["Shared"]:3` names an overlap of sets declared
earlier; an indented `text T["React"]` lines attaches to the last set or union; `style A fill:#f66` and
`style A,B color:#333` (the overlap A,B if there is one, else each of A and B) style them.

`counts()`: nodes = sets, edges = unions (an overlap relates its sets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, css_pairs, number, split_top
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import Problem

_NAME = re.compile(r'\s*(?P<id>"[^"]*"|[^\s,\[":]+)')
_TAIL = re.compile(r'\s*(?:\[\s*(?P<label>"[^"]*"|[^\]]*)\s*\])?\s*(?::\s*(?P<size>\S+))?\s*$')
_SET_HINT = 'write  set A["Alpha"]:20'
_UNION_HINT = 'write  union A,B["Both"]:5'


@dataclass
class VennSet:
    id: str
    label: str
    size: float | None = None
    line: int | None = None


@dataclass
class VennUnion:
    ids: tuple[str, ...]
    label: str
    size: float | None = None
    line: int | None = None


@dataclass
class VennText:
    id: str
    label: str
    owner: tuple[str, int]  # ("set" | "union", index)
    line: int | None = None


@dataclass
class VennSpec:
    title: str | None = None
    sets: list[VennSet] = field(default_factory=list)
    unions: list[VennUnion] = field(default_factory=list)
    texts: list[VennText] = field(default_factory=list)
    styles: list[tuple[tuple[str, ...], dict[str, str]]] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "venn"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = sets, edges = unions."""
        return len(self.sets), len(self.unions)

    def set_index(self, sid: str) -> int | None:
        return next((i for i, s in enumerate(self.sets) if s.id == sid), None)


def _ident(raw: str) -> str:
    return clean_label(unquote(raw)) if raw.startswith('"') else raw


def _tail(where: Where, text: str, offset: int, hint: str) -> tuple[str, float | None]:
    match = _TAIL.match(text)
    if not match:
        raise where.fail(f"cannot understand '{text.strip()[:40]}'", offset, hint)
    size = None
    if match.group("size") is not None:
        size = number(where, match.group("size"), offset + match.start("size"), "the size", hint)
        if size < 0:
            raise where.fail("a size is zero or more", offset + match.start("size"), hint)
    return clean_label(unquote(match.group("label") or "")), size


def _set(where: Where, spec: VennSpec, rest: str, offset: int) -> None:
    match = _NAME.match(rest)
    if not match:
        raise where.fail("the set has no name", offset, _SET_HINT)
    sid = _ident(match.group("id"))
    if not sid:
        raise where.fail("the set has no name", offset, _SET_HINT)
    if spec.set_index(sid) is not None:
        raise where.fail(f"set {sid} is declared twice", offset + match.start("id"), "give each set its own name")
    label, size = _tail(where, rest[match.end():], offset + match.end(), _SET_HINT)
    spec.sets.append(VennSet(sid, label or sid, size, where.st.line.number))


def _union(where: Where, spec: VennSpec, rest: str, offset: int) -> None:
    bracket = rest.find("[")
    colon = rest.rfind(":")
    cut = min(p for p in (bracket, colon if colon > rest.rfind('"') else -1, len(rest)) if p >= 0)
    ids: list[str] = []
    for part, at in split_top(rest[:cut]):
        sid = _ident(part.strip())
        if not sid:
            raise where.fail("a set name is missing between commas", offset + at, _UNION_HINT)
        if spec.set_index(sid) is None:
            raise where.fail(f"set {sid} is not declared before this union", offset + at + len(part) - len(part.lstrip()),
                             f"add  set {sid}  above this line")
        ids.append(sid)
    if len(set(ids)) < 2:
        raise where.fail("a union needs two or more different sets", offset, _UNION_HINT)
    label, size = _tail(where, rest[cut:], offset + cut, _UNION_HINT)
    spec.unions.append(VennUnion(tuple(ids), label, size, where.st.line.number))


def _style(where: Where, spec: VennSpec, rest: str, offset: int) -> None:
    match = re.match(r'\s*(?P<targets>(?:"[^"]*"|[^\s"])+)\s+(?P<decls>.+)$', rest, re.S)
    if not match:
        raise where.fail("style needs a target and styles", offset, "write  style A fill:#ff6b6b")
    targets = tuple(_ident(p.strip()) for p, _ in split_top(match.group("targets")) if p.strip())
    known = {s.id for s in spec.sets} | {t.id for t in spec.texts}
    for target in targets:
        if target not in known:
            raise where.fail(f"'{target}' is not a set or text node", offset + match.start("targets"),
                             "style a set, an overlap (style A,B ...) or a text node declared above")
    spec.styles.append((targets, css_pairs(match.group("decls"))))


def parse(prepared: Prepared) -> VennSpec:
    """Parse a prepared venn diagram; unions of undeclared sets and orphan text nodes are errors."""
    spec = VennSpec(title=prepared.title)
    owner: tuple[str, int] | None = None
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        where = Where(prepared, st)
        word = re.match(r"[A-Za-z]+", st.text)
        keyword = word.group(0) if word else ""
        rest = st.text[len(keyword):]
        if keyword == "title" and (not rest or rest[0] in " \t:"):
            spec.title = clean_label(unquote(parse_title(st.text) or ""))
        elif keyword == "set" and rest[:1].isspace():
            _set(where, spec, rest, len(keyword))
            owner = ("set", len(spec.sets) - 1)
        elif keyword == "union" and rest[:1].isspace():
            _union(where, spec, rest, len(keyword))
            owner = ("union", len(spec.unions) - 1)
        elif keyword == "text" and rest[:1].isspace():
            if owner is None:
                raise where.fail("a text node comes before any set", 0, "put text lines under a set or union")
            match = _NAME.match(rest)
            if not match:
                raise where.fail("the text node has no name", len(keyword), 'write  text T1["React"]')
            tid = _ident(match.group("id"))
            label, _ = _tail(where, rest[match.end():], len(keyword) + match.end(), 'write  text T1["React"]')
            spec.texts.append(VennText(tid, label or tid, owner, st.line.number))
        elif keyword == "style" and rest[:1].isspace():
            _style(where, spec, rest, len(keyword))
        else:
            raise where.fail(f"cannot understand '{st.text[:60]}'", 0,
                             "a venn diagram has title, set, union, text and style lines")
    if not spec.sets:
        raise error(prepared.header, "the venn diagram has no sets", column=1, hint=_SET_HINT, source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
