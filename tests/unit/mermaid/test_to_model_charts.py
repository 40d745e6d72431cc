"""Gantt, pie, timeline, journey, gitGraph and mindmap: each becomes editable elements laid out sensibly."""

from __future__ import annotations

import itertools

from autograph_desktop.mermaid.reader import read
from autograph_desktop.model import Connector, Diagram, Path, Shape


def _doc(text: str) -> Diagram:
    result = read(text.encode(), "x.mmd")
    assert len(result.diagrams) == 1
    return result.diagrams[0]


def _shapes(doc: Diagram, **data: str) -> list[Shape]:
    return [e for e in doc if isinstance(e, Shape) and all(e.get(k) == v for k, v in data.items())]


def test_gantt_bars_follow_dates_and_dependencies_attach() -> None:
    doc = _doc("""gantt
  dateFormat YYYY-MM-DD
  section A
    First  :a1, 2024-01-01, 10d
    Second :a2, after a1, 5d
    Done   :milestone, m1, 2024-01-20, 0d
""")
    bars = {s.get("mermaid_id"): s for s in doc if isinstance(s, Shape) and s.get("mermaid_id")}
    first, second = bars["a1"], bars["a2"]
    assert second.x == first.x + first.w  # starts when the first ends
    assert second.w == first.w / 2
    assert bars["m1"].shape == "diamond"
    (dependency,) = [c for c in doc if isinstance(c, Connector) and c.get("role") == "dependency"]
    assert (dependency.source.element, dependency.target.element) == (first.id, second.id)


def test_pie_slices_are_proportional_closed_paths() -> None:
    doc = _doc('pie showData\n  title Pets\n  "Dogs" : 30\n  "Cats" : 10\n')
    slices = [e for e in doc if isinstance(e, Path) and e.closed]
    assert [s.get("label") for s in slices] == ["Dogs", "Cats"]
    assert len(slices[0].points) > len(slices[1].points)  # 270 degrees against 90
    texts = {e.text for e in doc}
    assert {"75%", "25%", "Dogs [30]", "Cats [10]", "Pets"} <= texts


def test_gitgraph_lanes_commits_and_merge_parents() -> None:
    doc = _doc("gitGraph\n  commit\n  branch dev\n  checkout dev\n  commit\n  checkout main\n  merge dev\n")
    commits = [s for s in doc if isinstance(s, Shape) and s.get("branch") and s.get("mermaid_id")]
    assert len(commits) == 3
    lanes = {s.get("branch"): s.y for s in commits}
    assert lanes["main"] != lanes["dev"]
    parents = [c for c in doc if isinstance(c, Connector) and c.get("role") == "parent"]
    assert len(parents) == 3  # one, then a merge with two parents
    merge = max(commits, key=lambda s: s.x)
    assert merge.shape == "double_circle"
    assert sum(1 for c in parents if c.target.element == merge.id) == 2


def test_mindmap_tree_has_no_overlaps_and_links_every_child() -> None:
    doc = _doc("""mindmap
  root((Plan))
    Alpha
      A1
      A2
    Beta
      B1
    Gamma
    Delta
      D1
        D11
""")
    shapes = [s for s in doc if isinstance(s, Shape)]
    assert len(shapes) == 10
    for a, b in itertools.combinations(shapes, 2):
        assert not a.rect.intersects(b.rect), (a.text, b.text)
    links = [c for c in doc if isinstance(c, Connector)]
    assert len(links) == 9 and all(c.source.element and c.target.element for c in links)
    root = next(s for s in shapes if s.text == "Plan")
    left = [s for s in shapes if s.x + s.w <= root.x]
    right = [s for s in shapes if s.x >= root.x + root.w]
    assert left and right  # branches on both sides of the root


def test_timeline_and_journey() -> None:
    timeline = _doc("timeline\n  title T\n  section S\n    2020 : a : b\n    2021 : c\n")
    periods = _shapes(timeline, role="period")
    events = _shapes(timeline, role="event")
    assert [p.text for p in periods] == ["2020", "2021"] and len(events) == 3
    assert all(e.y > periods[0].y + periods[0].h for e in events)
    journey = _doc("journey\n  section Day\n    Tea: 5: Me\n    Work: 1: Me, Cat\n")
    scores = _shapes(journey, role="score")
    assert [s.text for s in scores] == ["5", "1"]
    assert scores[0].y < scores[1].y  # happier is higher
    assert len([e for e in journey if isinstance(e, Shape) and e.get("actor")]) == 3
