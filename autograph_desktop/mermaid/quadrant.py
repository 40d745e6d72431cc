"""Mermaid `quadrantChart` -> `QuadrantSpec`: axis labels, quadrant names, styled points and classes.

A point is `Name: [x, y]` with 0 <= x, y <= 1, optionally `Name:::cls: [x, y]` and direct styles after
the coordinates (`radius: 10, color: #f30, stroke-color: #333, stroke-width: 2px`); `classDef cls ...`
gives shared styles. Direct styles win over class styles, which win over the theme (Mermaid's order).

`counts()`: nodes = points, edges = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, bracketed, number, split_top
from autograph_desktop.mermaid.common import Prepared, error, warning
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import Problem

STYLE_KEYS = ("radius", "color", "stroke-color", "stroke-width")
_POINT = re.compile(r"(?P<name>\"[^\"]*\"|.+?)(?::::(?P<cls>[\w-]+))?\s*:\s*(?P<rest>\[.*)$", re.S)
_POINT_HINT = "a point looks like  Campaign A: [0.3, 0.6]"


@dataclass
class QuadrantPoint:
    name: str
    x: float
    y: float
    class_name: str = ""
    styles: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass
class QuadrantSpec:
    """A parsed quadrant chart; `quadrants[0]` is quadrant-1 (top right), then counter-clockwise."""

    title: str | None = None
    x_left: str = ""
    x_right: str = ""
    y_bottom: str = ""
    y_top: str = ""
    quadrants: list[str] = field(default_factory=lambda: ["", "", "", ""])
    points: list[QuadrantPoint] = field(default_factory=list)
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "quadrant"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = points, edges = 0."""
        return len(self.points), 0

    def point_style(self, point: QuadrantPoint) -> dict[str, str]:
        """The point's styles after Mermaid's precedence: class styles, then its own."""
        return {**self.class_defs.get(point.class_name, {}), **point.styles}


def _label(text: str) -> str:
    return clean_label(unquote(text.strip()))


def _axis(where: Where, rest: str) -> tuple[str, str]:
    """`low --> high` or `low`; either side may be quoted (then it may hold `-->` itself)."""
    text = rest.strip()
    start = len(where.st.text) - len(rest) + len(rest) - len(rest.lstrip())
    if text.startswith('"') and '"' in text[1:]:
        end = text.index('"', 1)
        low, after = text[: end + 1], text[end + 1:].strip()
    else:
        low, arrow, high = text.partition("-->")
        after = arrow + high
    if not low.strip():
        raise where.fail("the axis has no start label", start, "write  x-axis Low Reach --> High Reach")
    if after and not after.startswith("-->"):
        raise where.fail(f"unexpected text after the axis label: '{after[:30]}'", start + len(text) - len(after),
                         "write  x-axis Low Reach --> High Reach")
    return _label(low), _label(after[3:]) if after else ""


def _styles(where: Where, text: str, offset: int) -> dict[str, str]:
    """`radius: 12, color: #ff3300` after a point (or in a classDef), validated by key."""
    styles: dict[str, str] = {}
    for part, at in split_top(text):
        if not part.strip():
            continue
        key, colon, value = part.partition(":")
        key = key.strip().lower()
        if not colon or key not in STYLE_KEYS or not value.strip():
            raise where.fail(f"unknown point style '{part.strip()[:30]}'", offset + at,
                             "point styles are radius: 10, color: #ff3300, stroke-color: #333, stroke-width: 2px")
        if key == "radius":
            number(where, value, offset + at + len(part) - len(value), "the radius", "write  radius: 10")
        styles[key] = value.strip()
    return styles


def _point(where: Where, spec: QuadrantSpec) -> None:
    match = _POINT.match(where.st.text)
    if not match or not match.group("name").strip():
        raise where.fail(f"cannot understand '{where.st.text[:60]}'", 0, _POINT_HINT)
    inside, at, after = bracketed(where, match.group("rest"), match.start("rest"), "coordinates", _POINT_HINT)
    parts = split_top(inside)
    if len(parts) != 2:
        raise where.fail(f"a point needs two coordinates, not {len(parts)}", at, _POINT_HINT)
    coords = []
    for (part, part_at), axis in zip(parts, "xy", strict=True):
        value = number(where, part, at + part_at, f"the {axis} coordinate", _POINT_HINT)
        if not 0 <= value <= 1:
            raise where.fail(f"the {axis} coordinate {part.strip()} is outside 0..1", at + part_at,
                             "quadrant coordinates go from 0 (left, bottom) to 1 (right, top)")
        coords.append(value)
    offset = len(where.st.text) - len(after)
    styles = _styles(where, after, offset)
    spec.points.append(QuadrantPoint(_label(match.group("name")), coords[0], coords[1], match.group("cls") or "",
                                     styles, where.st.line.number))


def parse(prepared: Prepared) -> QuadrantSpec:
    """Parse a prepared quadrantChart; points outside the unit square are errors, as in Mermaid."""
    if prepared.header_rest.strip():
        raise error(prepared.header, f"unexpected text after quadrantChart: '{prepared.header_rest.strip()[:40]}'",
                    column=prepared.header.text.find(prepared.header_rest.strip()) + 1,
                    hint="put the title on its own line:  title My chart", source=prepared.source)
    spec = QuadrantSpec(title=prepared.title)
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        where = Where(prepared, st)
        word = re.match(r"[A-Za-z][\w-]*", st.text)
        keyword = word.group(0) if word else ""
        rest = st.text[len(keyword):]
        if keyword == "title" and (not rest or rest[0] in " \t:"):
            spec.title = _label(parse_title(st.text) or "")
        elif keyword in ("x-axis", "y-axis") and (not rest or rest[0].isspace()):
            low, high = _axis(where, rest)
            if keyword == "x-axis":
                spec.x_left, spec.x_right = low, high
            else:
                spec.y_bottom, spec.y_top = low, high
        elif re.fullmatch(r"quadrant-[1-4]", keyword) and (not rest or rest[0].isspace()):
            spec.quadrants[int(keyword[-1]) - 1] = _label(rest)
        elif re.fullmatch(r"quadrant-\d+", keyword):
            raise where.fail(f"there is no {keyword}", 0, "the quadrants are quadrant-1 to quadrant-4")
        elif keyword == "classDef" and rest[:1].isspace():
            name = re.match(r"\s*([\w-]+)", rest)
            if name is None or not rest[name.end():].strip():
                raise where.fail("classDef needs a name and styles", len(keyword),
                                 "write  classDef hot color: #ff3300, radius: 8")
            spec.class_defs[name.group(1)] = _styles(where, rest[name.end():], len(keyword) + name.end())
        else:
            _point(where, spec)
    for point in spec.points:
        if point.class_name and point.class_name not in spec.class_defs:
            line = next((ln for ln in prepared.lines if ln.number == point.line), None)
            spec.warnings.append(warning(line, f"class '{point.class_name}' is not defined; the point keeps the "
                                         "theme's style", hint=f"add  classDef {point.class_name} color: #ff3300"))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
