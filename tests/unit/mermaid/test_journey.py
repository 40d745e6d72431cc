"""User journey parser: sections, tasks, score validation, actors."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.journey import JourneySpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput

EXAMPLE = """journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def journey(text: str) -> JourneySpec:
    spec = parse(text)
    assert isinstance(spec, JourneySpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def test_documented_example() -> None:
    spec = journey(EXAMPLE)
    assert spec.title == "My working day"
    assert [s.name for s in spec.sections] == ["Go to work", "Go home"]
    assert [(t.name, t.score, t.actors, t.section) for t in spec.tasks[:3]] == [
        ("Make tea", 5, ["Me"], 0), ("Go upstairs", 3, ["Me"], 0), ("Do work", 1, ["Me", "Cat"], 0)]
    assert spec.counts() == (5, 0) and spec.actors() == ["Me", "Cat"]


def test_task_without_actors_and_before_section() -> None:
    spec = journey("journey\nWake up: 2")
    assert spec.tasks[0].actors == [] and spec.tasks[0].section is None


@pytest.mark.parametrize(("line", "word"), [
    ("Tea: 0: Me", "outside"), ("Tea: 6: Me", "outside"), ("Tea: -1: Me", "outside"), ("Tea: x: Me", "whole"),
    ("Tea: : Me", "no score"), ("Tea", "cannot"), (": 5: Me", "no name"), ("Tea: 2.5: Me", "whole"),
    ("Tea: 99999999999999999999: Me", "outside"),
])
def test_bad_tasks(line: str, word: str) -> None:
    problem = fails("journey\nsection S\n" + line).problems[0]
    assert word in problem.message and problem.line == 3 and problem.hint


def test_score_column_points_at_score() -> None:
    problem = fails("journey\n  Tea: 9: Me").problems[0]
    assert problem.column == 8


def test_empty_section_name_is_an_error() -> None:
    assert "section" in fails("journey\nsection").problems[0].message


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_hostile_inputs() -> None:
    big = journey("journey\n" + "\n".join(f"t{i}: {i % 5 + 1}: a, b" for i in range(100_000)))
    assert big.counts() == (100_000, 0)
    for body in (":" * 1_000_000, "a: 1: " + "," * 1_000_000, ";" * 1_000_000):
        with contextlib.suppress(InvalidInput):
            journey("journey\n" + body)
