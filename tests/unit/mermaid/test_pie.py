"""Pie parser: header forms, slices, number validation, duplicates, hostile input."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.pie import PieSpec
from autograph_desktop.model.problems import InvalidInput


def pie(text: str) -> PieSpec:
    spec = parse(text)
    assert isinstance(spec, PieSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def test_documented_example() -> None:
    spec = pie('pie title Pets adopted by volunteers\n    "Dogs" : 386\n    "Cats" : 85\n    "Rats" : 15')
    assert spec.title == "Pets adopted by volunteers"
    assert [(s.label, s.value) for s in spec.slices] == [("Dogs", 386), ("Cats", 85), ("Rats", 15)]
    assert spec.counts() == (3, 0) and spec.diagram_type == "pie" and not spec.show_data


def test_show_data_and_title_line() -> None:
    spec = pie('pie showData\n    title Key elements\n    "Calcium" : 42.96\n    "Iron" :  5')
    assert spec.show_data and spec.title == "Key elements"
    assert spec.slices[0].value == 42.96 and spec.total() == pytest.approx(47.96)


def test_zero_is_allowed_and_single_quotes() -> None:
    assert pie("pie\n'A' : 0").slices[0].value == 0


@pytest.mark.parametrize(("line", "word"), [
    ('"A" : -1', "negative"), ('"A" : ten', "not a number"), ('"A" :', "no value"), ("A : 5", "cannot"),
    ('"A" : 1e999', "too large"), ('"A" 5', "cannot"),
])
def test_bad_slices(line: str, word: str) -> None:
    err = fails("pie\n" + line)
    problem = err.problems[0]
    assert word in problem.message and problem.line == 2 and problem.hint and problem.column


def test_unquoted_label_hint_suggests_quotes() -> None:
    assert '"Dogs"' in (fails("pie\nDogs : 5").problems[0].hint or "")


def test_duplicate_label_keeps_first_with_warning() -> None:
    spec = pie('pie\n"A" : 1\n"A" : 2')
    assert [s.value for s in spec.slices] == [1] and spec.warnings


def test_front_matter_title_and_acc() -> None:
    spec = pie('---\ntitle: FM\n---\npie\naccTitle: t\naccDescr: d\n"A": 1')
    assert (spec.title, spec.acc_title, spec.acc_descr) == ("FM", "t", "d")


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_hostile_inputs() -> None:
    big = pie("pie\n" + "\n".join(f'"s{i}" : {i}' for i in range(100_000)))
    assert big.counts() == (100_000, 0)
    for body in ('"' * 1_000_000, '"a"' + " " * 1_000_000 + "x", ":" * 1_000_000, '"a": ' + "9" * 1_000_000):
        with contextlib.suppress(InvalidInput):
            pie("pie\n" + body)
