"""Mermaid `xychart-beta` (and `xychart`) -> `XYChartSpec`: title, axes, bar and line series, orientation.

The x-axis is categorical (`x-axis "Month" [jan, feb]`) or a numeric range (`x-axis Score 0 --> 100`); the
y-axis is a numeric range or only a title (the range then comes from the data). Each `bar`/`line` statement
is one series, optionally named: `bar "Revenue" [10, 20]`.

`counts()`: nodes = data points over every series (a bar or a point on a line each), edges = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from autograph_desktop.mermaid.chartsyntax import Where, bracketed, number, numbers, split_top, word_or_quoted
from autograph_desktop.mermaid.common import Prepared, error, warning
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import Problem

_RANGE = re.compile(r"\s*(?P<low>\S+)\s*-->\s*(?P<high>\S+)\s*$")
_SERIES_HINT = "a series looks like  bar [10, 20, 30]  or  line \"Trend\" [1.5, 2, 4]"


@dataclass
class Axis:
    """`categories` for a categorical x-axis; `low`/`high` for a written numeric range (None: from the data)."""

    title: str = ""
    categories: list[str] | None = None
    low: float | None = None
    high: float | None = None
    line: int | None = None


@dataclass
class Series:
    kind: Literal["bar", "line"]
    values: list[float]
    title: str = ""
    line: int | None = None


@dataclass
class XYChartSpec:
    """A parsed XY chart; `horizontal` draws the categories down the side and the values across."""

    title: str | None = None
    horizontal: bool = False
    x_axis: Axis = field(default_factory=Axis)
    y_axis: Axis = field(default_factory=Axis)
    series: list[Series] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "xychart"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = data points over all series (bars and line points), edges = 0."""
        return sum(len(s.values) for s in self.series), 0

    def categories(self) -> list[str]:
        """The x categories as drawn: the written ones, else 1..n for the longest series."""
        if self.x_axis.categories is not None:
            return self.x_axis.categories
        longest = max((len(s.values) for s in self.series), default=0)
        return [str(i + 1) for i in range(longest)]


def _orientation(prepared: Prepared) -> bool:
    rest = prepared.header_rest.strip().lower()
    if rest in ("", "vertical"):
        return False
    if rest == "horizontal":
        return True
    raise error(prepared.header, f"unknown orientation '{prepared.header_rest.strip()[:40]}'",
                column=prepared.header.text.find(prepared.header_rest.strip()) + 1,
                hint="write  xychart-beta horizontal  or leave the orientation out", source=prepared.source)


def _axis(where: Where, rest: str, offset: int, categorical: bool) -> Axis:
    """`title? ([categories] | low --> high)?` after `x-axis`/`y-axis`."""
    axis = Axis(line=where.st.line.number)
    text = rest
    if text.strip() and not text.lstrip().startswith("[") and not _RANGE.match(text):
        title, after, _ = word_or_quoted(text)
        axis.title = title
        offset += len(text) - len(after)
        text = after
    if text.strip().startswith("["):
        if not categorical:
            raise where.fail("the y-axis cannot have categories", offset + len(text) - len(text.lstrip()),
                             "give the y-axis a range instead:  y-axis \"Revenue\" 0 --> 100")
        inside, at, after = bracketed(where, text, offset, "categories", 'write  x-axis [jan, feb, "mar 2"]')
        if after.strip():
            raise where.fail(f"unexpected text after the categories: '{after.strip()[:30]}'",
                             offset + len(text) - len(after), "nothing may follow the ]")
        axis.categories = []
        for part, part_at in split_top(inside):
            label = clean_label(unquote(part.strip()))
            if not part.strip():
                raise where.fail("a category is empty", at + part_at, 'write  x-axis [jan, feb, "mar 2"]')
            axis.categories.append(label)
        return axis
    if text.strip():
        match = _RANGE.match(text)
        if not match:
            raise where.fail(f"cannot understand '{text.strip()[:40]}'", offset + len(text) - len(text.lstrip()),
                             "an axis range looks like  0 --> 100")
        hint = "an axis range looks like  0 --> 100"
        axis.low = number(where, match.group("low"), offset + match.start("low"), "the range start", hint)
        axis.high = number(where, match.group("high"), offset + match.start("high"), "the range end", hint)
        if axis.high <= axis.low:
            raise where.fail(f"the range end {match.group('high')} is not above its start {match.group('low')}",
                             offset + match.start("high"), "write the smaller number first:  0 --> 100")
    return axis


def _series(where: Where, kind: Literal["bar", "line"], rest: str) -> Series:
    offset = len(kind)
    title = ""
    text = rest
    if text.strip() and not text.lstrip().startswith("["):
        title, after, _ = word_or_quoted(text)
        offset += len(text) - len(after)
        text = after
    inside, at, after = bracketed(where, text, offset, "values", _SERIES_HINT)
    if after.strip():
        raise where.fail(f"unexpected text after the values: '{after.strip()[:30]}'", offset + len(text) - len(after),
                         "nothing may follow the ]")
    return Series(kind, numbers(where, inside, at, "a value", _SERIES_HINT), title, where.st.line.number)


def parse(prepared: Prepared) -> XYChartSpec:
    """Parse a prepared xychart; unknown statements, bad numbers and inverted ranges are located errors."""
    spec = XYChartSpec(title=prepared.title, horizontal=_orientation(prepared))
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        where = Where(prepared, st)
        word = re.match(r"[A-Za-z-]+", st.text)
        keyword = word.group(0).lower() if word else ""
        rest = st.text[len(keyword):] if word else st.text
        if keyword == "title":
            spec.title = clean_label(unquote(parse_title(st.text) or ""))
        elif keyword in ("x-axis", "y-axis"):
            axis = _axis(where, rest, len(keyword), keyword == "x-axis")
            if keyword == "x-axis":
                spec.x_axis = axis
            else:
                spec.y_axis = axis
        elif keyword in ("bar", "line"):
            spec.series.append(_series(where, "bar" if keyword == "bar" else "line", rest))
        else:
            raise where.fail(f"cannot understand '{st.text[:60]}'", 0,
                             "an xychart has title, x-axis, y-axis, bar and line statements")
    if not spec.series:
        raise error(prepared.header, "the chart has no data", column=1,
                    hint="add a series such as  bar [10, 20, 30]", source=prepared.source)
    categories = spec.x_axis.categories
    if categories is not None:
        for series in spec.series:
            if len(series.values) != len(categories):
                spec.warnings.append(warning(
                    next((ln for ln in prepared.lines if ln.number == series.line), None),
                    f"the {series.kind} has {len(series.values)} values for {len(categories)} categories",
                    hint="give one value per category"))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
