"""The C4 macro tables (names, kinds, parameter orders) and the reader of one `Name(args) {` call."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_PERSON = ("alias", "label", "descr", "sprite", "tags", "link")
_TECH = ("alias", "label", "techn", "descr", "sprite", "tags", "link")


def _family(base: str, kind: str, params: tuple[str, ...]) -> dict[str, tuple[str, str, bool, tuple[str, ...]]]:
    out = {}
    for variant in ("", "Db", "Queue"):
        for external in (False, True):
            out[f"{base}{variant}{'_Ext' if external else ''}"] = (kind, variant.lower(), external, params)
    return out


#: Element macro -> (kind, variant "", "db" or "queue", external, parameters).
ELEMENTS: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {
    "Person": ("person", "", False, _PERSON),
    "Person_Ext": ("person", "", True, _PERSON),
    **_family("System", "system", _PERSON),
    **_family("Container", "container", _TECH),
    **_family("Component", "component", _TECH),
}
#: Boundary macro -> (kind, parameters).
BOUNDARIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Boundary": ("boundary", ("alias", "label", "type", "tags", "link")),
    "Enterprise_Boundary": ("enterprise", ("alias", "label", "tags", "link")),
    "System_Boundary": ("system", ("alias", "label", "tags", "link")),
    "Container_Boundary": ("container", ("alias", "label", "tags", "link")),
    **{name: ("node", ("alias", "label", "type", "descr", "sprite", "tags", "link"))
       for name in ("Deployment_Node", "Node", "Node_L", "Node_R")},
}
_REL = ("from", "to", "label", "techn", "descr", "sprite", "tags", "link")
RELATIONS: dict[str, tuple[str, ...]] = {
    **{name: _REL for name in ("Rel", "BiRel", "Rel_U", "Rel_Up", "Rel_D", "Rel_Down", "Rel_L", "Rel_Left",
                               "Rel_R", "Rel_Right", "Rel_Back")},
    "RelIndex": ("index", *_REL),
}
#: Which way a directional relation runs, as (side it leaves, side it enters).
REL_SIDES: dict[str, tuple[str, str]] = {
    "Rel_U": ("top", "bottom"), "Rel_Up": ("top", "bottom"), "Rel_D": ("bottom", "top"),
    "Rel_Down": ("bottom", "top"), "Rel_L": ("left", "right"), "Rel_Left": ("left", "right"),
    "Rel_R": ("right", "left"), "Rel_Right": ("right", "left"),
}
STYLE_CALLS: dict[str, tuple[str, ...]] = {
    "UpdateElementStyle": ("elementName", "bgColor", "fontColor", "borderColor", "shadowing", "shape", "sprite",
                           "techn", "legendText", "legendSprite"),
    "UpdateRelStyle": ("from", "to", "textColor", "lineColor", "offsetX", "offsetY"),
    "UpdateLayoutConfig": ("c4ShapeInRow", "c4BoundaryInRow"),
}
#: C4-PlantUML statements Mermaid accepts but does not draw (Mermaid places by statement order).
IGNORED = frozenset({"Lay_U", "Lay_Up", "Lay_D", "Lay_Down", "Lay_L", "Lay_Left", "Lay_R", "Lay_Right",
                     "AddElementTag", "AddRelTag", "UpdateBoundaryStyle", "SHOW_LEGEND", "LAYOUT_WITH_LEGEND",
                     "LAYOUT_TOP_DOWN", "LAYOUT_LEFT_RIGHT", "LAYOUT_LANDSCAPE", "HIDE_STEREOTYPE"})

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument: `value` unquoted, `name` for `$name=value`, `start` its 0-based offset in the statement."""

    value: str
    name: str | None
    start: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Arg, ...]
    opens: bool
    end: int


def _split_args(text: str, offset: int) -> list[tuple[str, int]] | str:
    """Top-level comma-separated pieces with their offsets; a message for an unclosed quote."""
    pieces: list[tuple[str, int]] = []
    start = 0
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            pieces.append((text[start:i], offset + start))
            start = i + 1
    if quoted:
        return "unclosed quote in the arguments"
    pieces.append((text[start:], offset + start))
    return pieces


def _arg(piece: str, at: int) -> Arg | str:
    lead = len(piece) - len(piece.lstrip())
    body = piece.strip()
    at += lead
    name = None
    if body.startswith("$"):
        match = re.match(r"\$([A-Za-z_]\w*)\s*=\s*", body)
        if not match:
            return f"'{body[:20]}' is not a named argument"
        name = match.group(1)
        body = body[match.end():]
    if body.startswith('"'):
        if not body.endswith('"') or len(body) < 2:
            return f"unexpected text after the quoted argument '{body[:20]}'"
        return Arg(body[1:-1], name, at)
    if '"' in body:
        return f"a quote in the middle of '{body[:20]}'"
    return Arg(body, name, at)


def read_call(text: str) -> Call | str:
    """`Name(args)`, optionally followed by `{`; a message (str) when the statement is not one."""
    match = _NAME.match(text)
    if not match:
        return f"cannot understand '{text[:30]}'"
    name = match.group(0)
    pos = match.end()
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos >= len(text) and name in IGNORED:
        return Call(name, (), False, pos)
    if pos >= len(text) or text[pos] != "(":
        return f"expected '(' after {name}"
    quoted = False
    close = -1
    for i in range(pos + 1, len(text)):
        if text[i] == '"':
            quoted = not quoted
        elif text[i] == ")" and not quoted:
            close = i
    if close == -1:
        return "unclosed quote in the arguments" if quoted else f"missing ')' after the arguments of {name}"
    inner = text[pos + 1:close]
    pieces = _split_args(inner, pos + 1)
    if isinstance(pieces, str):
        return pieces
    args: list[Arg] = []
    if inner.strip():
        for piece, at in pieces:
            arg = _arg(piece, at)
            if isinstance(arg, str):
                return arg
            args.append(arg)
    rest = text[close + 1:].strip()
    if rest not in ("", "{"):
        return f"unexpected '{rest[:20]}' after {name}(...)"
    return Call(name, tuple(args), rest == "{", close + 1)


def close_names(word: str, known: Iterable[str]) -> list[str]:
    """Known names that look like `word` (a typo's likely meaning)."""
    return difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
