"""Side-constrained grid placement: sides face each other, nothing overlaps, clusters hold their boxes."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from autograph_desktop.layout.sided import (
    SideConstraint,
    SidedBox,
    SidedCluster,
    grid_offset,
    sided_layout,
)

VECTORS = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


def test_grid_offsets_follow_the_sides() -> None:
    assert grid_offset("right", "left") == (1, 0) and grid_offset("top", "bottom") == (0, -1)
    assert grid_offset("top", "left") == (1, -1), "leave upwards, enter from the left: up and to the right"
    assert grid_offset("right", "right") == (0, 1)


def test_a_taken_cell_opens_a_column_and_keeps_neighbours_adjacent() -> None:
    boxes = [SidedBox(n, 50, 30) for n in "abc"]
    result = sided_layout(boxes, [], [SideConstraint("a", "right", "b", "left"),
                                      SideConstraint("a", "right", "c", "left")], spacing=20)
    a, b, c = (result.boxes[n] for n in "abc")
    assert b.x > a.right and c.x > a.right and not result.unmet
    assert {b.x, c.x} == {a.right + 20, a.right + 90}, "c gets a new column next to a; b moves one over"


def test_contradictions_are_reported() -> None:
    result = sided_layout([SidedBox("a", 10, 10), SidedBox("b", 10, 10)], [],
                          [SideConstraint("a", "right", "b", "left"), SideConstraint("b", "right", "a", "left")])
    assert result.unmet == [1]


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[SidedBox], list[SidedCluster], list[SideConstraint]]:
    clusters = [SidedCluster(f"c{i}", draw(st.sampled_from([None, *[f"c{j}" for j in range(i)]])), 40, 20)
                for i in range(draw(st.integers(0, 3)))]
    boxes = [SidedBox(f"b{i}", draw(st.integers(10, 90)), draw(st.integers(10, 60)),
                      draw(st.sampled_from([None, *[c.id for c in clusters]]))) for i in range(draw(st.integers(1, 9)))]
    sides = st.sampled_from(sorted(VECTORS))
    constraints = [SideConstraint(draw(st.sampled_from(boxes)).id, draw(sides), draw(st.sampled_from(boxes)).id,
                                  draw(sides)) for _ in range(draw(st.integers(0, 10)))]
    return boxes, clusters, constraints


@settings(max_examples=150, deadline=None)
@given(problems())
def test_placement_contract(problem: tuple[list[SidedBox], list[SidedCluster], list[SideConstraint]]) -> None:
    boxes, clusters, constraints = problem
    result = sided_layout(boxes, clusters, constraints, spacing=30)
    assert set(result.boxes) == {b.id for b in boxes}
    for a, b in itertools.combinations(result.boxes.values(), 2):
        assert not a.intersects(b)
    for box in boxes:
        if box.parent:
            assert result.clusters[box.parent].contains_rect(result.boxes[box.id])
    for cluster in clusters:
        if cluster.id in result.clusters and cluster.parent in result.clusters:
            assert result.clusters[cluster.parent].contains_rect(result.clusters[cluster.id])
    for n, con in enumerate(constraints):
        if n in result.unmet or con.source == con.target or con.source_side == con.target_side:
            continue
        a, b = result.boxes[con.source].center, result.boxes[con.target].center
        (sx, sy), (tx, ty) = VECTORS[con.source_side], VECTORS[con.target_side]
        assert (b[0] - a[0]) * sx + (b[1] - a[1]) * sy > 0 and (a[0] - b[0]) * tx + (a[1] - b[1]) * ty > 0
