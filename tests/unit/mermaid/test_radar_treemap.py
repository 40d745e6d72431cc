"""radar-beta and treemap-beta: axes and curves, graticules, squarified areas, classes, errors, round trips."""

from __future__ import annotations

import math

import pytest
from chart_helpers import assert_round_trip, doc, located, marks, one_group

from autograph_desktop.mermaid.build_treemap import format_value, squarify
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.radar import RadarSpec
from autograph_desktop.mermaid.treemap import TreemapSpec
from autograph_desktop.model import Path, Shape

SKILLS = """radar-beta
  title Team skills
  axis fe["Frontend"], be["Backend"], ops
  axis qa["Testing"],
  curve ana["Ana"]{4, 2, 3, 5}
  curve raj{ qa: 1, ops: 4, fe: 2, be: 5 }
  max 5
  min 0
  ticks 4
  graticule polygon
  showLegend false
"""


def test_radar_reads_axes_curves_and_options() -> None:
    spec = parse(SKILLS)
    assert isinstance(spec, RadarSpec)
    assert spec.axes == [("fe", "Frontend"), ("be", "Backend"), ("ops", "ops"), ("qa", "Testing")]
    assert [(c.id, c.label, c.values) for c in spec.curves] == [("ana", "Ana", [4, 2, 3, 5]),
                                                                ("raj", "raj", [2, 5, 4, 1])]
    assert (spec.maximum, spec.minimum, spec.ticks, spec.graticule, spec.show_legend) == (5, 0, 4, "polygon", False)
    assert spec.counts() == (8, 0)


def test_radar_curve_points_lie_at_their_values() -> None:
    diagram = doc("%%{init: {\"radar\": {\"curveTension\": 0}}}%%\n" + SKILLS)
    one_group(diagram)
    spokes = marks(diagram, "axis")
    assert len(spokes) == 4 and len(marks(diagram, "graticule")) == 4
    assert all(isinstance(g, Path) and g.closed for g in marks(diagram, "graticule"))
    first = spokes[0]
    assert isinstance(first, Path)
    cx, cy = first.x + first.points[0][0], first.y + first.points[0][1]
    radius = math.hypot(first.points[1][0] - first.points[0][0], first.points[1][1] - first.points[0][1])
    (ana,) = marks(diagram, "curve", id="ana")
    assert isinstance(ana, Path) and ana.closed
    distances = [math.hypot(ana.x + px - cx, ana.y + py - cy) for px, py in ana.points]
    assert distances == pytest.approx([4 / 5 * radius, 2 / 5 * radius, 3 / 5 * radius, radius])
    assert not marks(diagram, "legend-label")


def test_radar_circle_graticule_and_legend_by_default() -> None:
    diagram = doc("radar-beta\n  axis a, b, c\n  curve x{1, 2, 3}")
    rings = marks(diagram, "graticule")
    assert len(rings) == 5 and all(isinstance(r, Shape) and r.shape == "circle" for r in rings)
    assert [t.text for t in marks(diagram, "legend-label")] == ["x"]


@pytest.mark.parametrize(("text", "line", "word"), [
    ("radar-beta\n  axis a, b\n  curve c{1, 2, 3}", 3, "3 values for 2 axes"),
    ("radar-beta\n  axis a, b\n  curve c{ a: 1, z: 2 }", 3, "not declared"),
    ("radar-beta\n  axis a, b\n  curve c{ a: 1 }", 3, "no value for axis"),
    ("radar-beta\n  axis a, a", 2, "twice"),
    ("radar-beta\n  axis a\n  curve c{x}", 3, "not a number"),
    ("radar-beta\n  axis a\n  curve c", 3, "no values"),
    ("radar-beta\n  axis a\n  graticule hexagon", 3, "circle or polygon"),
    ("radar-beta\n  axis a\n  ticks many", 3, "whole number"),
    ("radar-beta\n  axis a\n  showLegend maybe", 3, "true or false"),
    ("radar-beta\n  curve c{1}", 1, "no axes"),
    ("radar-beta\n  axis a,,b", 2, "missing"),
    ("radar-beta\n  spokes 5", 2, "cannot understand"),
])
def test_radar_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_radar_round_trips() -> None:
    assert_round_trip(SKILLS)
    assert_round_trip("radar-beta\n  axis a\n  curve a[\"Same id as the axis\"]{3}")


BUDGET = """treemap-beta
title Budget
"Engineering"
    "Salaries": 600
    "Cloud":::hot
        "Compute": 120
        "Storage": 60
"Sales"
    "Travel": 90
    "Events": 30:::hot
"Office": 100
classDef hot fill:#ff0000,color:#ffffff
"""


def test_treemap_hierarchy_values_and_classes() -> None:
    spec = parse(BUDGET)
    assert isinstance(spec, TreemapSpec)
    assert [(n.name, n.value, n.parent, n.class_name) for n in spec.nodes] == [
        ("Engineering", None, None, ""), ("Salaries", 600, 0, ""), ("Cloud", None, 0, "hot"), ("Compute", 120, 2, ""),
        ("Storage", 60, 2, ""), ("Sales", None, None, ""), ("Travel", 90, 5, ""), ("Events", 30, 5, "hot"),
        ("Office", 100, None, "")]
    assert spec.totals()[0] == 780 and spec.counts() == (9, 6)
    assert spec.class_defs["hot"] == {"fill": "#ff0000", "color": "#ffffff"}


def test_treemap_areas_are_proportional_within_a_section() -> None:
    diagram = doc(BUDGET)
    one_group(diagram)
    leaves = {n.get("name"): n for n in marks(diagram, "leaf")}
    sections = {n.text: n for n in marks(diagram, "section")}
    assert set(leaves) == {"Salaries", "Compute", "Storage", "Travel", "Events", "Office"}
    assert set(sections) == {"Engineering", "Cloud", "Sales"}

    def area(name: str) -> float:
        return leaves[name].w * leaves[name].h

    assert area("Compute") / area("Storage") == pytest.approx(2)
    assert area("Travel") / area("Events") == pytest.approx(3)
    for name, section in (("Compute", "Cloud"), ("Travel", "Sales"), ("Salaries", "Engineering")):
        leaf, box = leaves[name], sections[section]
        assert box.x <= leaf.x and leaf.x + leaf.w <= box.x + box.w + 1e-6
        assert box.y <= leaf.y and leaf.y + leaf.h <= box.y + box.h + 1e-6
    assert leaves["Events"].style.fill == "#ff0000" and sections["Cloud"].style.fill == "#ff0000"


def test_squarify_tiles_exactly_and_keeps_areas() -> None:
    rects = squarify([6, 6, 4, 3, 2, 2, 1], (0, 0, 600, 400))
    assert sum(w * h for _, _, w, h in rects) == pytest.approx(600 * 400)
    assert [w * h / (600 * 400 / 24) for _, _, w, h in rects] == pytest.approx([6, 6, 4, 3, 2, 2, 1])
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1:]:
            overlap_w = min(x1 + w1, x2 + w2) - max(x1, x2)
            overlap_h = min(y1 + h1, y2 + h2) - max(y1, y2)
            assert overlap_w <= 1e-6 or overlap_h <= 1e-6


def test_value_formats() -> None:
    assert format_value(1234567, ",") == "1,234,567"
    assert format_value(700000, "$0,0") == "$700,000"
    assert format_value(0.355, ".1%") == "35.5%"
    assert format_value(3.14159, ".2f") == "3.14"


@pytest.mark.parametrize(("text", "line", "word"), [
    ('treemap-beta\n"A"\n    "B": -4', 3, "negative"),
    ('treemap-beta\n"A"\n    "B": lots', 3, "not a number"),
    ('treemap-beta\n"A": 1: 2: 3', 2, "cannot understand"),
    ("treemap-beta\nclassDef x", 2, "classDef"),
    ("treemap-beta", 1, "empty"),
])
def test_treemap_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_treemap_round_trips() -> None:
    assert_round_trip(BUDGET)
