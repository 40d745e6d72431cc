"""Gantt parser: settings, tags, start/end forms, date arithmetic with excludes, `after`/`until`, errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from autograph_desktop.mermaid.gantt import GanttSpec
from autograph_desktop.mermaid.ganttdates import compile_format
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput

DOC_EXAMPLE = """gantt
    dateFormat  YYYY-MM-DD
    title       Adding GANTT diagram functionality to mermaid
    excludes    weekends

    section A section
    Completed task            :done,    des1, 2014-01-06,2014-01-08
    Active task               :active,  des2, 2014-01-09, 3d
    Future task               :         des3, after des2, 5d
    Future task2              :         des4, after des3, 5d

    section Critical tasks
    Completed task in the critical line :crit, done, 2014-01-06,24h
    Implement parser and jison          :crit, done, after des1, 2d
    Create tests for parser             :crit, active, 3d
    Future task in critical line        :crit, 5d
    Create tests for renderer           :2d
    Add to mermaid                      :until isadded
    Functionality added                 :milestone, isadded, 2014-01-25, 0d

    section Documentation
    Describe gantt syntax               :active, a1, after des1, 3d
    Add gantt diagram to demo page      :after a1  , 20h
    Add another diagram to demo page    :doc1, after a1  , 48h
"""


def gantt(text: str) -> GanttSpec:
    spec = parse(text)
    assert isinstance(spec, GanttSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def d(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_documented_example() -> None:
    spec = gantt(DOC_EXAMPLE)
    assert spec.title == "Adding GANTT diagram functionality to mermaid"
    assert [s.name for s in spec.sections] == ["A section", "Critical tasks", "Documentation"]
    by_id = {t.id: t for t in spec.tasks}
    assert (by_id["des1"].start, by_id["des1"].end) == (d("2014-01-06"), d("2014-01-08"))
    # Thursday + 3 working days, skipping the weekend, ends Tuesday 00:00.
    assert (by_id["des2"].start, by_id["des2"].end) == (d("2014-01-09"), d("2014-01-14"))
    assert by_id["des3"].start == d("2014-01-14") and by_id["des3"].after == ["des2"]
    # Only tasks without an id are numbered, as in Mermaid.
    assert by_id["des2"].tags == ["active"] and by_id["task1"].tags == ["crit", "done"]
    assert by_id["isadded"].start == d("2014-01-25") and by_id["isadded"].milestone
    # `until` ends are not "manual" in Mermaid, so the excluded weekend still pushes this one to Monday.
    assert by_id["task6"].end == d("2014-01-27")
    assert by_id["task7"].end == d("2014-01-13T20:00")
    assert spec.counts() == (14, 6)


def test_sequential_default_and_simple_example() -> None:
    spec = gantt("gantt\n    title A Gantt Diagram\n    dateFormat YYYY-MM-DD\n    section Section\n"
                 "        A task          :a1, 2014-01-01, 30d\n        Another task    :after a1, 20d\n"
                 "    section Another\n        Task in Another :2014-01-12, 12d\n        another task    :24d")
    starts = [t.start for t in spec.tasks]
    assert starts == [d("2014-01-01"), d("2014-01-31"), d("2014-01-12"), d("2014-01-24")]
    assert spec.tasks[3].end == d("2014-02-17") and spec.tasks[2].section == 1


def test_multiple_after_and_until() -> None:
    spec = gantt("gantt\n    apple :a, 2017-07-20, 1w\n    banana :crit, b, 2017-07-23, 1d\n"
                 "    cherry :active, c, after b a, 1d\n    kiwi   :d, 2017-07-20, until b c")
    by_id = {t.id: t for t in spec.tasks}
    assert by_id["c"].start == d("2017-07-27") and by_id["c"].after == ["b", "a"]
    assert by_id["d"].end == d("2017-07-23")
    assert spec.counts() == (4, 2)


def test_forward_reference_resolves() -> None:
    spec = gantt("gantt\n    later :l, after first, 1d\n    first :first, 2024-01-01, 2d")
    assert spec.tasks[0].start == d("2024-01-03")


def test_cycle_is_an_error() -> None:
    problem = fails("gantt\n    a :a, after b, 1d\n    b :b, after a, 1d").problems[0]
    assert "circle" in problem.message and problem.line == 2


def test_unknown_after_warns_and_falls_back() -> None:
    spec = gantt("gantt\n    a :a, 2024-01-01, 1d\n    b :b, after nope, 1d")
    assert spec.tasks[1].start == d("2024-01-02") and spec.warnings


def test_first_task_needs_a_start() -> None:
    problem = fails("gantt\n    a : 3d").problems[0]
    assert "no start" in problem.message and problem.hint


def test_bad_date_for_date_format() -> None:
    problem = fails("gantt\n    dateFormat DD-MM-YYYY\n    a :a, 2024-99-01, 3d").problems[0]
    assert problem.line == 3 and problem.column == 11 and "DD-MM-YYYY" in problem.message


def test_impossible_date() -> None:
    problem = fails("gantt\n    a :a, 2024-02-30, 3d").problems[0]
    assert "not a real date" in problem.message


def test_iso_fallback_warns() -> None:
    spec = gantt("gantt\n    dateFormat DD-MM-YYYY\n    a :a, 2024-03-01, 3d")
    assert spec.tasks[0].start == d("2024-03-01") and spec.warnings


def test_custom_formats_and_times() -> None:
    spec = gantt("gantt\n    dateFormat HH:mm\n    axisFormat %H:%M\n    Initial milestone : milestone, m1, 17:49, 2m\n"
                 "    Task A : 10m\n    Task B : 5m\n    Final milestone : milestone, m2, 18:08, 4m")
    assert spec.tasks[0].start == d("1970-01-01T17:49") and spec.tasks[2].end == d("1970-01-01T18:06")
    assert spec.axis_format == "%H:%M"


@pytest.mark.parametrize(("fmt", "text", "expected"), [
    ("YYYY-MM-DD", "2024-02-29", "2024-02-29"), ("DD/MM/YY", "05/06/24", "2024-06-05"),
    ("MMM D, YYYY", "Mar 7, 2023", "2023-03-07"), ("MMMM Do YYYY", "March 7th 2023", "2023-03-07"),
    ("YYYY-MM-DD HH:mm:ss", "2024-01-01 13:14:15", "2024-01-01T13:14:15"),
    ("YYYY-MM-DD hh:mm a", "2024-01-01 01:30 pm", "2024-01-01T13:30"), ("X", "86400", "1970-01-02"),
    ("x", "86400000", "1970-01-02"), ("YYYY [week] Q", "2024 week 3", "2024-07-01"),
    ("YYYY-DDDD", "2024-060", "2024-02-29"),
])
def test_date_formats(fmt: str, text: str, expected: str) -> None:
    assert compile_format(fmt).parse(text) == d(expected)


def test_strict_format_rejects_unpadded() -> None:
    assert compile_format("YYYY-MM-DD").parse("2024-1-5") is None


def test_excludes_dates_weekdays_and_friday_weekend() -> None:
    spec = gantt("gantt\n    dateFormat YYYY-MM-DD\n    excludes 2024-01-03, sunday\n    excludes 2024-01-05\n"
                 "    a :a, 2024-01-01, 4d")
    # Mon + 4 days: Wed 3rd and Fri 5th are excluded, Sunday 7th too.
    assert spec.tasks[0].end == d("2024-01-08")
    spec = gantt("gantt\n    excludes weekends\n    weekend friday\n    a :a, 2024-01-03, 2d")
    assert spec.tasks[0].end == d("2024-01-07")


def test_includes_override_excludes() -> None:
    spec = gantt("gantt\n    excludes weekends\n    includes 2024-01-06\n    a :a, 2024-01-05, 2d")
    assert spec.tasks[0].end == d("2024-01-08")


def test_explicit_end_is_not_extended_and_inclusive_end_dates() -> None:
    spec = gantt("gantt\n    excludes weekends\n    a :a, 2024-01-05, 2024-01-08")
    assert spec.tasks[0].end == d("2024-01-08")
    # Mermaid's quirk: only ends written as YYYY-MM-DD count as manual; others are pushed past exclusions.
    spec = gantt("gantt\n    dateFormat DD.MM.YYYY\n    excludes weekends\n    a :a, 05.01.2024, 06.01.2024")
    assert spec.tasks[0].end == d("2024-01-08")
    spec = gantt("gantt\n    inclusiveEndDates\n    a :a, 2024-01-05, 2024-01-08")
    assert spec.tasks[0].end == d("2024-01-09")


def test_excluding_every_day_is_an_error() -> None:
    text = "gantt\n    excludes weekends monday tuesday wednesday thursday friday\n    a :a, 2024-01-01, 1d"
    assert "every day" in fails(text).problems[0].message


def test_unreadable_excludes_are_ignored_with_a_warning() -> None:
    spec = gantt("gantt\n    excludes weekdays, holidays, 2024-02-30\n    includes nope\n    a :a, 2024-01-01, 1d")
    assert [w.column for w in spec.warnings] == [14, 24, 34, 14]
    assert not spec.exclusions and spec.tasks[0].end == d("2024-01-02")
    many = gantt("gantt\n    excludes " + "x " * 1000 + "\n    a :a, 2024-01-01, 1d")
    assert len(many.warnings) == 20


def test_durations_all_units() -> None:
    # dayjs arithmetic: 1.5d rounds to 2 whole days; 1M from Jan 31 clamps to the end of February.
    spec = gantt("gantt\n    a :a, 2024-01-31, 1M\n    b :b, 2024-01-01, 1y\n    c :c, 2024-01-01, 1.5d\n"
                 "    e :e, 2024-01-01, 500ms\n    f :f, 2024-01-01, 2w")
    assert [t.end for t in spec.tasks] == [d("2024-02-29"), d("2025-01-01"), d("2024-01-03"),
                                          d("2024-01-01T00:00:00.500"), d("2024-01-15")]


def test_invalid_duration_is_zero_length_with_warning() -> None:
    spec = gantt("gantt\n    a :a, 2024-01-01, 3dX")
    assert spec.tasks[0].end == spec.tasks[0].start and spec.warnings


def test_settings() -> None:
    spec = gantt("gantt\n    tickInterval 1week\n    weekday monday\n    todayMarker off\n    topAxis\n"
                 "    displayMode compact\n    axisFormat %Y-%m\n    accTitle: t\n    a :a, 2024-01-01, 1d\n"
                 '    click a href "https://example.com"\n    click a call cb(1)')
    assert (spec.tick_interval, spec.weekday, spec.today_marker, spec.top_axis, spec.display_mode) == (
        "1week", "monday", "off", True, "compact")
    assert spec.clicks[0].href == "https://example.com" and spec.clicks[1].callback == "cb(1)"
    assert gantt("gantt\n    tickInterval 2fortnights\n    a :a, 2024-01-01, 1d").warnings


@pytest.mark.parametrize(("line", "word"), [
    ("a :a, b, c, d, e", "too many"), ("just words", "cannot understand"), (": 3d", "no name"),
    ("a :a b, 2024-01-01, 1d", "not a valid task id"), ("a :x, 2024-01-01, 1d\nsection", "no name"),
    ("a :2024-01-01, 99999y", "outside years"),
])
def test_errors(line: str, word: str) -> None:
    problem = fails("gantt\n    " + line).problems[0]
    assert word in problem.message and problem.hint and problem.column


def test_tags_after_id_are_an_error_with_hint() -> None:
    problem = fails("gantt\n    a :a1, done, 1d").problems[0]
    assert "tags" in (problem.hint or "")


# Hostile inputs: sizes where a quadratic algorithm would take minutes; limits are generous for loaded CI.

@pytest.mark.timeout(180)  # a hang guard: linear parsing finishes in seconds
def test_long_after_chains_in_both_directions() -> None:
    chain = "gantt\n    t0 :t0, 2024-01-01, 1d\n" + "\n".join(f"    t{i} :t{i}, after t{i - 1}, 1d"
                                                           for i in range(1, 30_000))
    assert gantt(chain).counts() == (30_000, 29_999)
    backwards = "gantt\n" + "\n".join(f"    t{i} :t{i}, after t{i + 1}, 1d" for i in range(20_000)) + \
        "\n    last :t20000, 2024-01-01, 1d"
    assert gantt(backwards).tasks[0].start is not None


@pytest.mark.timeout(180)  # a hang guard: linear parsing finishes in seconds
def test_100k_sequential_tasks_with_excludes() -> None:
    seq = gantt("gantt\n    excludes weekends\n    a :2024-01-01, 1d\n" + "    b :1d\n" * 100_000)
    assert seq.counts() == (100_001, 0)


@pytest.mark.parametrize("body", [
    "a :" + "," * 1_000_000, "a :a, after " + "x " * 500_000 + ", 1d", "a :a, " + "9" * 1_000_000,
    "a :a, 2024-01-01, " + "9" * 1_000_000 + "d", "excludes " + "2024-01-01 " * 100_000,
    "a :a, 2024-01-01, 1d\n" + "b :b, after " + "nope " * 200_000 + ", 1d",
])
@pytest.mark.timeout(90)  # a hang guard: linear parsing finishes in seconds
def test_megabyte_lines(body: str) -> None:
    try:
        spec = gantt("gantt\n" + body)
        assert len(spec.warnings) < 50
    except InvalidInput:
        pass


def test_huge_duration_with_excludes_is_cut_short() -> None:
    spec = gantt("gantt\n    excludes weekends\n    a :a, 2024-01-01, 3000y")
    assert spec.warnings and spec.tasks[0].end is not None


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_absurd_date_format_is_refused_quickly() -> None:
    for c in "[a%:":
        with pytest.raises(InvalidInput):
            gantt("gantt\n    dateFormat " + c * 100_000 + "\n    a :a, 2024-01-01, 1d")


def test_after_without_end_hints_at_a_duration() -> None:
    spec = gantt("gantt\n    a :a, 2024-01-01, 1d\n    b :after a")
    assert spec.tasks[1].start == spec.tasks[1].end == d("2024-01-02")
    assert "after a, 3d" in (spec.warnings[0].hint or "")
