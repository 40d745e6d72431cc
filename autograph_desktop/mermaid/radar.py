"""Mermaid `radar-beta` -> `RadarSpec`: axes, curves of values, and the scale and graticule options.

`axis id["Label"], id2` declares axes (several per line); `curve id["Label"]{1, 2, 3}` gives values in axis
order, `curve id{ speed: 3, cost: 1 }` by axis id. Options: `max`, `min`, `ticks`, `graticule circle|polygon`,
`showLegend true|false`. Curves are checked against the axes once everything is read, so order is free.

`counts()`: nodes = data points (curves x axes), edges = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, number, split_top
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import Problem

_ITEM = re.compile(r'\s*(?P<id>[A-Za-z_][\w-]*)\s*(?:\[\s*(?P<label>"[^"]*"|[^\]]*)\s*\])?\s*')
_AXIS_HINT = 'write  axis speed["Speed"], cost["Cost"]'
_CURVE_HINT = 'write  curve a["Team A"]{3, 4, 5}  or  curve a{ speed: 3, cost: 4 }'


@dataclass
class RadarCurve:
    id: str
    label: str
    values: list[float] = field(default_factory=list)
    by_axis: dict[str, float] | None = None
    line: int | None = None
    column: int = 1


@dataclass
class RadarSpec:
    title: str | None = None
    axes: list[tuple[str, str]] = field(default_factory=list)
    curves: list[RadarCurve] = field(default_factory=list)
    show_legend: bool = True
    maximum: float | None = None
    minimum: float = 0.0
    graticule: str = "circle"
    ticks: int = 5
    explicit: set[str] = field(default_factory=set)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "radar"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = data points (a value per axis per curve), edges = 0."""
        return sum(len(c.values) for c in self.curves), 0

    def scale(self) -> tuple[float, float]:
        """(min, max) of the value scale: the written max, else the largest value."""
        top = self.maximum
        if top is None:
            top = max((v for c in self.curves for v in c.values), default=self.minimum + 1)
        return self.minimum, top if top > self.minimum else self.minimum + 1


def _items(where: Where, text: str, offset: int, hint: str) -> list[tuple[str, str, int, str, int]]:
    """`id["Label"]{...}, id2 ...` -> (id, label, its offset, the text after it up to the next item, that
    text's offset)."""
    out: list[tuple[str, str, int, str, int]] = []
    for part, at in split_top(_mask_braces(text)):
        if not part.strip():
            if at + len(part) >= len(text) and out:
                continue  # a trailing comma
            raise where.fail("an item is missing between commas", offset + at, hint)
        original = text[at:at + len(part)]
        match = _ITEM.match(original)
        if not match:
            raise where.fail(f"cannot understand '{original.strip()[:40]}'", offset + at, hint)
        label = clean_label(unquote(match.group("label") or "")) or match.group("id")
        out.append((match.group("id"), label, offset + at + match.start("id"), original[match.end():],
                    offset + at + match.end()))
    return out


def _mask_braces(text: str) -> str:
    """Commas inside `{...}` hidden (as `;`) so that splitting by comma splits only between curves."""
    depth = 0
    out = []
    for ch in text:
        depth += ch == "{"
        out.append(";" if ch == "," and depth > 0 else ch)
        depth -= ch == "}" and depth > 0
    return "".join(out)


def _curve(where: Where, cid: str, label: str, at: int, tail: str, tail_at: int) -> RadarCurve:
    body = tail.strip()
    if not body.startswith("{") or not body.endswith("}"):
        raise where.fail(f"curve {cid} has no values in braces", at, _CURVE_HINT)
    inside = body[1:-1]
    start = tail_at + tail.find("{") + 1
    curve = RadarCurve(cid, label, line=where.st.line.number, column=at)
    if ":" in inside:
        curve.by_axis = {}
        for part, part_at in split_top(inside):
            key, colon, value = part.partition(":")
            if not colon or not key.strip():
                raise where.fail(f"'{part.strip()[:30]}' is not  axis: value", start + part_at, _CURVE_HINT)
            curve.by_axis[key.strip()] = number(where, value, start + part_at + len(key) + 1, "a value", _CURVE_HINT)
    else:
        if not inside.strip():
            raise where.fail(f"curve {cid} has no values", start, _CURVE_HINT)
        curve.values = [number(where, part, start + part_at, "a value", _CURVE_HINT)
                        for part, part_at in split_top(inside)]
    return curve


def _option(where: Where, spec: RadarSpec, word: str, rest: str) -> None:
    value = rest.strip()
    at = len(word) + len(rest) - len(rest.lstrip())
    spec.explicit.add(word)
    if word == "showlegend":
        if value.lower() not in ("true", "false"):
            raise where.fail(f"showLegend takes true or false, not '{value[:20]}'", at, "write  showLegend false")
        spec.show_legend = value.lower() == "true"
    elif word in ("max", "min"):
        number_ = number(where, value, at, f"the {word}imum", f"write  {word} 100")
        if word == "max":
            spec.maximum = number_
        else:
            spec.minimum = number_
    elif word == "ticks":
        if not re.fullmatch(r"\d{1,3}", value) or int(value) < 1:
            raise where.fail(f"ticks takes a whole number from 1 to 999, not '{value[:20]}'", at, "write  ticks 5")
        spec.ticks = int(value)
    elif value.lower() not in ("circle", "polygon"):
        raise where.fail(f"the graticule is circle or polygon, not '{value[:20]}'", at, "write  graticule polygon")
    else:
        spec.graticule = value.lower()


def _resolve(prepared: Prepared, spec: RadarSpec) -> None:
    """Give every curve one value per axis, in axis order."""
    ids = [a for a, _ in spec.axes]
    for curve in spec.curves:
        line = next((ln for ln in prepared.lines if ln.number == curve.line), prepared.header)
        if curve.by_axis is not None:
            unknown = [k for k in curve.by_axis if k not in ids]
            if unknown:
                raise error(line, f"curve {curve.id} names axis '{unknown[0]}', which is not declared",
                            column=curve.column + 1, hint=f"the axes are: {', '.join(ids) or 'none yet'}",
                            source=prepared.source)
            missing = [a for a in ids if a not in curve.by_axis]
            if missing:
                raise error(line, f"curve {curve.id} has no value for axis '{missing[0]}'", column=curve.column + 1,
                            hint="give a value for every axis", source=prepared.source)
            curve.values = [curve.by_axis[a] for a in ids]
        elif len(curve.values) != len(ids):
            raise error(line, f"curve {curve.id} has {len(curve.values)} values for {len(ids)} axes",
                        column=curve.column + 1, hint="give one value per axis, in the order the axes are declared",
                        source=prepared.source)


def parse(prepared: Prepared) -> RadarSpec:
    """Parse a prepared radar chart; value counts are checked against the axes at the end."""
    spec = RadarSpec(title=prepared.title)
    seen: set[str] = set()
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        where = Where(prepared, st)
        word_match = re.match(r"[A-Za-z]+", st.text)
        word = word_match.group(0).lower() if word_match else ""
        rest = st.text[len(word):]
        if word == "title" and (not rest or rest[0] in " \t:"):
            spec.title = clean_label(unquote(parse_title(st.text) or ""))
        elif word == "axis" and rest[:1].isspace():
            for aid, label, at, tail, _ in _items(where, rest, len(word), _AXIS_HINT):
                if tail.strip():
                    raise where.fail(f"unexpected text after axis {aid}: '{tail.strip()[:30]}'", at, _AXIS_HINT)
                if aid in seen:
                    raise where.fail(f"axis {aid} is declared twice", at, "give each axis its own id")
                seen.add(aid)
                spec.axes.append((aid, label))
        elif word == "curve" and rest[:1].isspace():
            for cid, label, at, tail, tail_at in _items(where, rest, len(word), _CURVE_HINT):
                spec.curves.append(_curve(where, cid, label, at, tail, tail_at))
        elif word in ("showlegend", "max", "min", "ticks", "graticule") and rest[:1].isspace():
            _option(where, spec, word, rest)
        else:
            raise where.fail(f"cannot understand '{st.text[:60]}'", 0,
                             "a radar chart has title, axis, curve, max, min, ticks, graticule and showLegend")
    if not spec.axes:
        raise error(prepared.header, "the radar chart has no axes", column=1, hint=_AXIS_HINT, source=prepared.source)
    _resolve(prepared, spec)
    if spec.maximum is not None and spec.maximum <= spec.minimum:
        raise error(prepared.header, f"max {spec.maximum:g} is not above min {spec.minimum:g}", column=1,
                    hint="make max larger than min", source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
