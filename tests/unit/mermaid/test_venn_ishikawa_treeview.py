"""venn-beta, ishikawa-beta and treeView-beta: structure, circles and overlaps, bones, rows, errors, round trips."""

from __future__ import annotations

import math

import pytest
from chart_helpers import assert_round_trip, doc, located, marks, one_group

from autograph_desktop.mermaid.build_venn import distance_for, lens_area
from autograph_desktop.mermaid.ishikawa import IshikawaSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.treeview import TreeViewSpec
from autograph_desktop.mermaid.venn import VennSpec
from autograph_desktop.model import Element, Shape

TEAMS = """venn-beta
  title "Skills"
  set Web["Web"]:20
    text W1["CSS"]
  set Data:10
  set "Ops team"
  union Web,Data["Dashboards"]:4
    text D1["Charts"]
  style Web fill:#ff6b6b
  style Web,Data color:#333333
"""


def _circle(el: Element) -> tuple[float, float, float]:
    return el.x + el.w / 2, el.y + el.h / 2, el.w / 2


def test_venn_sets_unions_texts_and_styles() -> None:
    spec = parse(TEAMS)
    assert isinstance(spec, VennSpec)
    assert [(s.id, s.label, s.size) for s in spec.sets] == [("Web", "Web", 20), ("Data", "Data", 10),
                                                            ("Ops team", "Ops team", None)]
    assert [(u.ids, u.label, u.size) for u in spec.unions] == [(("Web", "Data"), "Dashboards", 4)]
    assert [(t.id, t.owner) for t in spec.texts] == [("W1", ("set", 0)), ("D1", ("union", 0))]
    assert spec.counts() == (3, 1)


def test_venn_circles_overlap_by_the_union_size_and_apart_otherwise() -> None:
    diagram = doc(TEAMS)
    one_group(diagram)
    circles = {c.get("id"): c for c in marks(diagram, "set")}
    assert all(isinstance(c, Shape) and c.shape == "circle" for c in circles.values())
    web, data, ops = (_circle(circles[k]) for k in ("Web", "Data", "Ops team"))
    assert (web[2] / data[2]) ** 2 == pytest.approx(2)  # areas follow sizes 20 : 10
    shared = lens_area(web[2], data[2], math.dist(web[:2], data[:2]))
    assert shared / (math.pi * data[2] ** 2) == pytest.approx(4 / 10, abs=0.05)
    assert math.dist(web[:2], ops[:2]) > web[2] + ops[2]
    assert circles["Web"].style.fill == "#ff6b6b"
    (label,) = marks(diagram, "union-label")
    assert label.text == "Dashboards" and label.style.text_color == "#333333"
    assert {t.text for t in marks(diagram, "text-node")} == {"CSS", "Charts"}


def test_lens_distance_inverts_lens_area() -> None:
    for area in (10.0, 500.0, 2000.0):
        assert lens_area(40, 30, distance_for(40, 30, area)) == pytest.approx(area, rel=1e-6)


@pytest.mark.parametrize(("text", "line", "word"), [
    ("venn-beta\n  set A\n  union A,B", 3, "not declared"),
    ("venn-beta\n  set A\n  union A", 3, "two or more"),
    ("venn-beta\n  set A\n  set A", 3, "twice"),
    ("venn-beta\n  text T", 2, "before any set"),
    ("venn-beta\n  set A:-1", 2, "zero or more"),
    ("venn-beta\n  set A:big", 2, "not a number"),
    ("venn-beta\n  set A\n  style B fill:red", 3, "not a set"),
    ("venn-beta\n  circle A", 2, "cannot understand"),
    ("venn-beta\n  title x", 1, "no sets"),
])
def test_venn_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_venn_round_trips() -> None:
    assert_round_trip(TEAMS)


FISH = """ishikawa-beta
    Slow pages
    Backend
        Database
            Missing index
        N+1 queries
    Frontend
        Large images
    Network
"""


def test_ishikawa_event_and_causes() -> None:
    spec = parse(FISH)
    assert isinstance(spec, IshikawaSpec)
    assert spec.event == "Slow pages"
    assert [(c.text, c.parent, c.depth) for c in spec.causes] == [
        ("Backend", None, 0), ("Database", 0, 1), ("Missing index", 1, 2), ("N+1 queries", 0, 1),
        ("Frontend", None, 0), ("Large images", 4, 1), ("Network", None, 0)]
    assert spec.bones() == [0, 4, 6] and spec.counts() == (8, 7)


def test_ishikawa_bones_alternate_and_reach_the_spine() -> None:
    diagram = doc(FISH)
    one_group(diagram)
    (spine,) = marks(diagram, "spine")
    (head,) = marks(diagram, "event")
    assert head.text == "Slow pages" and head.x >= spine.x + spine.w - 1
    bones = marks(diagram, "bone")
    assert len(bones) == 3
    spine_y = spine.y
    above = [b for b in bones if b.y < spine_y - 1]
    below = [b for b in bones if b.y >= spine_y - 1]
    assert len(above) == 2 and len(below) == 1
    for bone in bones:  # every bone ends on the spine
        assert min(bone.y, bone.y + bone.h) == pytest.approx(spine_y) or bone.y + bone.h == pytest.approx(spine_y)
    texts = {c.text for c in marks(diagram, "cause")}
    assert texts == {"Backend", "Database", "Missing index", "N+1 queries", "Frontend", "Large images", "Network"}


def test_ishikawa_round_trips_and_errors() -> None:
    assert_round_trip(FISH)
    assert_round_trip("---\ntitle: Why\n---\nishikawa\nLate\n  People\n    Leave\n")
    located("ishikawa-beta", 1, "no event")


TREE = """treeView-beta
    "app"
        "src"
            "main.py"
        "docs/"
    README.md
"""


def test_treeview_entries_and_rows() -> None:
    spec = parse(TREE)
    assert isinstance(spec, TreeViewSpec)
    assert [(e.name, e.parent, e.depth, e.folder) for e in spec.entries] == [
        ("app", None, 0, True), ("src", 0, 1, True), ("main.py", 1, 2, False), ("docs/", 0, 1, True),
        ("README.md", None, 0, False)]
    diagram = doc(TREE)
    one_group(diagram)
    rows = marks(diagram, "entry")
    assert [r.text for r in rows] == ["app", "src", "main.py", "docs/", "README.md"]
    assert [r.y for r in rows] == sorted(r.y for r in rows)
    assert rows[2].x > rows[1].x > rows[0].x == rows[4].x
    assert len(marks(diagram, "branch")) == 3 + 2  # a tick per child, a trunk per folder with children


def test_treeview_config_and_round_trip() -> None:
    text = ('---\nconfig:\n  treeView:\n    rowIndent: 40\n  themeVariables:\n    treeView:\n'
            "      labelColor: '#ff0000'\n---\n" + TREE)
    rows = marks(doc(text), "entry")
    assert {r.style.text_color for r in rows} == {"#ff0000"}
    assert rows[1].x - rows[0].x == pytest.approx(56)
    assert_round_trip(TREE)
    located('treeView-beta\n  ""', 2, "no name")
