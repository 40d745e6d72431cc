"""Mermaid `pie` -> `PieSpec`: title, showData and the slices in clockwise order.

`counts()`: nodes = slices, edges = 0 (a pie has no connections).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, error, warning
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import Problem

_SLICE = re.compile(r"""(?P<q>["'])(?P<label>.*?)(?P=q)\s*:\s*(?P<value>\S*)\s*$""", re.S)


@dataclass
class Slice:
    """One slice; `value` is the number as written (not normalised to a share of the whole)."""

    label: str
    value: float
    line: int | None = None


@dataclass
class PieSpec:
    """A parsed pie chart."""

    title: str | None = None
    show_data: bool = False
    slices: list[Slice] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "pie"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = slices, edges = 0."""
        return len(self.slices), 0

    def total(self) -> float:
        return math.fsum(s.value for s in self.slices)


def _header(prepared: Prepared, spec: PieSpec) -> None:
    """`pie [showData] [title ...]` on the header line."""
    rest = prepared.header_rest
    match = re.match(r"showData\b\s*", rest, re.I)
    if match:
        spec.show_data = True
        rest = rest[match.end():]
    if rest:
        title = parse_title(rest)
        if title is None:
            raise error(prepared.header, f"unexpected text after 'pie': '{rest}'",
                        column=prepared.header.text.find(rest) + 1, hint="write  pie showData title My title",
                        source=prepared.source)
        spec.title = title or None  # an empty title is no title (and exports as none)


def _slice(prepared: Prepared, st: Statement, seen: dict[str, int], spec: PieSpec) -> None:
    match = _SLICE.match(st.text)
    if not match:
        hint = 'a slice looks like  "Dogs" : 386'
        if ":" in st.text and not st.text.startswith(('"', "'")):
            hint = 'put the label in double quotes:  "' + st.text.split(":", 1)[0].strip() + '" : ...'
        raise error(st.line, f"cannot understand '{st.text[:60]}'", column=st.column, hint=hint,
                    source=prepared.source)
    raw = match.group("value")
    column = st.column + match.start("value")
    if not raw:
        raise error(st.line, "the slice has no value", column=column, hint='write  "Dogs" : 386',
                    source=prepared.source)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", raw):
        raise error(st.line, f"'{raw}' is not a number", column=column,
                    hint="slice values are plain numbers such as 42 or 42.5", source=prepared.source)
    value = float(raw)
    if not math.isfinite(value):
        raise error(st.line, f"'{raw}' is too large", column=column, hint="use a smaller number",
                    source=prepared.source)
    if value < 0:
        raise error(st.line, f"negative value {raw} for \"{match.group('label')}\"", column=column,
                    hint="pie slices must be zero or positive", source=prepared.source)
    label = clean_label(match.group("label"))
    if label in seen:
        # Mermaid keeps the first value of a repeated label.
        spec.warnings.append(warning(st.line, f"slice \"{label}\" repeats the one on line {seen[label]}; "
                                     "the first value is used", column=st.column,
                                     hint="give each slice a distinct label"))
        return
    seen[label] = st.line.number
    spec.slices.append(Slice(label, value, st.line.number))


def parse(prepared: Prepared) -> PieSpec:
    """Parse a prepared `pie`; negative or non-numeric values are errors, as in Mermaid."""
    spec = PieSpec(title=prepared.title)
    _header(prepared, spec)
    statements = split_statements(prepared.lines, semicolons=False)
    seen: dict[str, int] = {}
    for st in body_statements(statements, spec):
        if st.text.lower().startswith("title"):
            title = parse_title(st.text)
            if title is not None:
                spec.title = title or None
                continue
        if st.text.lower() == "showdata":
            spec.show_data = True
            continue
        _slice(prepared, st, seen, spec)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
