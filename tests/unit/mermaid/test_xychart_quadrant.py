"""xychart-beta and quadrantChart: parsing, located errors, grouped native marks, geometry, round trips."""

from __future__ import annotations

import pytest
from chart_helpers import assert_round_trip, doc, located, marks, one_group

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.quadrant import QuadrantSpec
from autograph_desktop.mermaid.xychart import XYChartSpec
from autograph_desktop.model import Path, Shape

SALES = """xychart-beta
    title "Tickets closed"
    x-axis "Sprint" [S1, S2, "S3 (short)", S4]
    y-axis "Tickets"
    bar [12, 30, 6, 24]
    line "Goal" [20, 20, 10, 20]
"""


def test_xychart_parses_axes_and_series() -> None:
    spec = parse(SALES)
    assert isinstance(spec, XYChartSpec)
    assert spec.title == "Tickets closed" and not spec.horizontal
    assert spec.x_axis.title == "Sprint" and spec.x_axis.categories == ["S1", "S2", "S3 (short)", "S4"]
    assert spec.y_axis.title == "Tickets" and spec.y_axis.low is None
    assert [(s.kind, s.title, s.values) for s in spec.series] == [("bar", "", [12, 30, 6, 24]),
                                                                  ("line", "Goal", [20, 20, 10, 20])]
    assert spec.counts() == (8, 0)


def test_xychart_keyword_forms_and_numbers() -> None:
    spec = parse("xychart horizontal\n  x-axis Score 0 --> 50\n  y-axis 10 --> 20\n  line [+1.5, .5, -2, 1e1]")
    assert isinstance(spec, XYChartSpec) and spec.horizontal
    assert (spec.x_axis.title, spec.x_axis.low, spec.x_axis.high) == ("Score", 0, 50)
    assert (spec.y_axis.low, spec.y_axis.high) == (10, 20)
    assert spec.series[0].values == [1.5, 0.5, -2, 10]


def test_bars_are_grouped_rectangles_with_heights_proportional_to_values() -> None:
    diagram = doc(SALES)
    one_group(diagram)
    bars = sorted(marks(diagram, "bar"), key=lambda b: b.x)
    assert [b.get("value") for b in bars] == ["12", "30", "6", "24"]
    assert all(isinstance(b, Shape) for b in bars)
    base = bars[0].y + bars[0].h  # all bars stand on the same zero line
    assert all(b.y + b.h == pytest.approx(base) for b in bars)
    for bar in bars:
        assert bar.h / bars[1].h == pytest.approx(float(bar.get("value")) / 30)
    (line,) = marks(diagram, "line")
    assert isinstance(line, Path) and len(line.points) == 4 and not line.closed
    assert [t.text for t in sorted(marks(diagram, "category"), key=lambda t: t.x)] == ["S1", "S2", "S3 (short)", "S4"]


def test_horizontal_bars_grow_to_the_right() -> None:
    diagram = doc("xychart-beta horizontal\n  x-axis [a, b]\n  bar [10, 40]")
    first, second = sorted(marks(diagram, "bar"), key=lambda b: b.y)
    assert second.w == pytest.approx(4 * first.w) and first.x == pytest.approx(second.x)
    assert first.h == pytest.approx(second.h)


def test_config_and_theme_variables_are_honoured() -> None:
    text = """---
config:
  xyChart:
    width: 900
    height: 300
    showDataLabel: true
  themeVariables:
    xyChart:
      plotColorPalette: "#ff0000, #00ff00"
      titleColor: "#0000ff"
---
xychart-beta
  title T
  bar [1, 2]
  bar [3, 4]
"""
    diagram = doc(text)
    fills = {b.get("series"): b.style.fill for b in marks(diagram, "bar")}
    assert fills == {"0": "#ff0000", "1": "#00ff00"}
    assert marks(diagram, "title")[0].style.text_color == "#0000ff"
    assert len(marks(diagram, "data-label")) == 4
    box = diagram.bounds(one_group(diagram).id)
    assert box is not None and box.w <= 900 and box.h <= 300 + 40


def test_init_directive_turns_the_chart() -> None:
    diagram = doc('%%{init: {"xyChart": {"chartOrientation": "horizontal"}}}%%\nxychart-beta\n  bar [1, 3]')
    first, second = sorted(marks(diagram, "bar"), key=lambda b: b.y)
    assert second.w == pytest.approx(3 * first.w)


@pytest.mark.parametrize(("text", "line", "word"), [
    ("xychart-beta\n  bar [1, two, 3]", 2, "not a number"),
    ("xychart-beta\n  bar 1, 2", 2, "square brackets"),
    ("xychart-beta\n  bar [1, 2", 2, "not closed"),
    ("xychart-beta\n  y-axis [a, b]\n  bar [1]", 2, "categories"),
    ("xychart-beta\n  y-axis 10 --> 5\n  bar [1]", 2, "not above"),
    ("xychart-beta\n  pie [1]", 2, "cannot understand"),
    ("xychart-beta sideways\n  bar [1]", 1, "orientation"),
    ("xychart-beta\n  x-axis [a, , b]\n  bar [1]", 2, "empty"),
    ("xychart-beta\n  title Only", 1, "no data"),
    ("xychart-beta\n  bar [1e999]", 2, "too large"),
])
def test_xychart_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_xychart_value_count_mismatch_is_a_warning() -> None:
    spec = parse("xychart-beta\n  x-axis [a, b, c]\n  bar [1, 2]")
    assert spec.warnings and spec.warnings[0].line == 3


def test_xychart_round_trips() -> None:
    assert_round_trip(SALES)
    assert_round_trip("xychart-beta horizontal\n  x-axis t 1 --> 9\n  y-axis \"v\" -5 --> 5\n  line [1, -2.5, 3]")


QUADRANT = """quadrantChart
    title Bets
    x-axis Low effort --> High effort
    y-axis Low value --> "High value"
    quadrant-1 Plan
    quadrant-2 Do now
    quadrant-3 Later
    quadrant-4 Drop
    Search: [0.2, 0.9]
    Sync:::hot: [0.8, 0.75] radius: 12
    Themes: [0.5, 0.1] color: #ff0000, stroke-color: #000000, stroke-width: 2px
    classDef hot color: #f08c00, radius: 9
"""


def test_quadrant_parses_labels_points_and_classes() -> None:
    spec = parse(QUADRANT)
    assert isinstance(spec, QuadrantSpec)
    assert (spec.x_left, spec.x_right, spec.y_bottom, spec.y_top) == ("Low effort", "High effort", "Low value",
                                                                      "High value")
    assert spec.quadrants == ["Plan", "Do now", "Later", "Drop"]
    assert [(p.name, p.x, p.y, p.class_name) for p in spec.points] == [("Search", 0.2, 0.9, ""),
                                                                       ("Sync", 0.8, 0.75, "hot"),
                                                                       ("Themes", 0.5, 0.1, "")]
    # Direct styles win over class styles.
    assert spec.point_style(spec.points[1]) == {"color": "#f08c00", "radius": "12"}
    assert spec.counts() == (3, 0)


def test_quadrant_points_sit_at_their_coordinates_with_their_styles() -> None:
    diagram = doc(QUADRANT)
    one_group(diagram)
    quads = {q.get("index"): q for q in marks(diagram, "quadrant")}
    assert [quads[str(i)].text for i in range(1, 5)] == ["Plan", "Do now", "Later", "Drop"]
    left, top = quads["2"].x, quads["2"].y
    width, height = quads["2"].w * 2, quads["2"].h * 2
    points = {p.get("index"): p for p in marks(diagram, "point")}
    for index, (x, y) in {"0": (0.2, 0.9), "1": (0.8, 0.75), "2": (0.5, 0.1)}.items():
        point = points[index]
        assert point.x + point.w / 2 == pytest.approx(left + x * width)
        assert point.y + point.h / 2 == pytest.approx(top + (1 - y) * height)
    assert points["1"].w == 24 and points["1"].style.fill == "#f08c00"
    assert points["2"].style.fill == "#ff0000" and points["2"].style.stroke == "#000000"
    assert points["2"].style.stroke_width == 2


def test_quadrant_theme_variables_fill_quadrants() -> None:
    diagram = doc('%%{init: {"themeVariables": {"quadrant1Fill": "#112233", "quadrant3TextFill": "#445566"}}}%%\n'
                  "quadrantChart\n  quadrant-1 A\n  quadrant-3 C\n  P: [0.1, 0.1]")
    quads = {q.get("index"): q for q in marks(diagram, "quadrant")}
    assert quads["1"].style.fill == "#112233" and quads["3"].style.text_color == "#445566"


@pytest.mark.parametrize(("text", "line", "word"), [
    ("quadrantChart\n  A: [1.5, 0.2]", 2, "outside 0..1"),
    ("quadrantChart\n  A: [0.5]", 2, "two coordinates"),
    ("quadrantChart\n  A: [0.5, x]", 2, "not a number"),
    ("quadrantChart\n  quadrant-5 Extra", 2, "quadrant-5"),
    ("quadrantChart\n  A: [0.5, 0.5] size: 3", 2, "point style"),
    ("quadrantChart\n  A: [0.5, 0.5] radius: big", 2, "not a number"),
    ("quadrantChart\n  just words", 2, "cannot understand"),
    ("quadrantChart\n  x-axis --> right", 2, "start label"),
    ("quadrantChart title X", 1, "unexpected"),
])
def test_quadrant_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_quadrant_round_trips() -> None:
    assert_round_trip(QUADRANT)
    assert_round_trip('quadrantChart\n  "a: [b]": [0, 1]\n  x-axis "x --> y"')
