"""Helpers for the chart-type tests: read text into a document, find marks by role, compare specs."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from autograph_desktop.mermaid.common import MermaidSpec
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.reader import read
from autograph_desktop.model import Diagram, Element, Group
from autograph_desktop.model.problems import InvalidInput

#: Fields that say where something was written, or how, rather than what the diagram is.
NOT_STRUCTURE = frozenset({"line", "column", "warnings", "declared", "acc_title", "acc_descr", "by_axis", "indent"})


def doc(text: str) -> Diagram:
    result = read(text.encode(), "chart.mmd")
    assert len(result.diagrams) == 1
    return result.diagrams[0]


def marks(diagram: Diagram, role: str, **data: str) -> list[Element]:
    return [e for e in diagram if e.get("role") == role and all(e.get(k) == v for k, v in data.items())]


def canon(value: Any) -> Any:
    """A spec as plain data without locations: what a round trip must keep."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canon(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in NOT_STRUCTURE}
    if isinstance(value, dict):
        return {k: canon(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    if isinstance(value, set):
        return sorted(value)
    return value


def round_trip(text: str) -> tuple[MermaidSpec, MermaidSpec, str]:
    """(spec of the text, spec of its export from the built document, the exported text)."""
    first = parse(text)
    exported = to_mermaid(doc(text))
    return first, parse(exported), exported


def assert_round_trip(text: str) -> str:
    first, second, exported = round_trip(text)
    assert canon(second) == canon(first), exported
    return exported


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def located(text: str, line: int, word: str) -> None:
    """The text fails with a problem on `line` whose message mentions `word`, with a column and a hint."""
    problem = fails(text).problems[0]
    assert problem.line == line, problem
    assert word in problem.message, problem
    assert problem.column is not None and problem.column >= 1, problem
    assert problem.hint, problem


def one_group(diagram: Diagram) -> Group:
    """The chart is one group, and everything else in the document belongs to it."""
    groups = [e for e in diagram if isinstance(e, Group)]
    assert len(groups) == 1
    assert all(e.parent == groups[0].id for e in diagram if e is not groups[0])
    return groups[0]
