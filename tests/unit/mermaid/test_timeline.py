"""Timeline parser: periods, events, continuation lines, sections, direction, count rule."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.timeline import TimelineSpec
from autograph_desktop.model.problems import InvalidInput


def timeline(text: str) -> TimelineSpec:
    spec = parse(text)
    assert isinstance(spec, TimelineSpec)
    return spec


def test_documented_example_with_continuation() -> None:
    spec = timeline("timeline\n    title History of Social Media Platform\n    2002 : LinkedIn\n"
                    "    2004 : Facebook\n         : Google\n    2005 : YouTube : Other\n    2006 : Twitter")
    assert spec.title == "History of Social Media Platform"
    assert [(p.label, p.events) for p in spec.periods] == [
        ("2002", ["LinkedIn"]), ("2004", ["Facebook", "Google"]), ("2005", ["YouTube", "Other"]),
        ("2006", ["Twitter"])]
    # nodes = periods + events
    assert spec.counts() == (4 + 6, 0)


def test_sections_and_line_breaks() -> None:
    spec = timeline("timeline\nsection 17th-20th century\nIndustry 1.0 : Machinery, Water power, Steam <br>power\n"
                    "section 21st century\nIndustry 4.0 : Internet")
    assert [s.name for s in spec.sections] == ["17th-20th century", "21st century"]
    assert spec.periods[0].events == ["Machinery, Water power, Steam \npower"]
    assert [p.section for p in spec.periods] == [0, 1]


def test_colon_without_space_stays_in_text() -> None:
    spec = timeline("timeline\n2021-10-12 14:00 : Launch : at 10:30")
    assert spec.periods[0].label == "2021-10-12 14:00"
    assert spec.periods[0].events == ["Launch", "at 10:30"]


def test_period_without_events() -> None:
    assert timeline("timeline\n2020").periods[0].events == []


def test_direction() -> None:
    assert timeline("timeline TD\n2020 : x").direction == "TD"
    assert timeline("timeline\n2020 : x").direction == "LR"
    with pytest.raises(InvalidInput):
        timeline("timeline sideways\n2020 : x")


def test_continuation_before_period_is_an_error() -> None:
    with pytest.raises(InvalidInput) as info:
        timeline("timeline\n  : orphan")
    problem = info.value.problems[0]
    assert problem.line == 2 and problem.column == 3 and problem.hint


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_hostile_inputs() -> None:
    big = timeline("timeline\n" + "\n".join(f"{i} : a : b" for i in range(50_000)))
    assert big.counts() == (150_000, 0)
    for body in (": " * 500_000, "a" + " :" * 500_000, ":" * 1_000_000):
        with contextlib.suppress(InvalidInput):
            timeline("timeline\n" + body)
