"""Tree, radial, force-directed and grid layouts, and the quality metrics used to judge them."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.layout import (
    EdgeRoute,
    LayoutGraph,
    LayoutOptions,
    LayoutResult,
    Rect,
    edge_crossings,
    force_layout,
    grid_layout,
    layout_problems,
    min_node_spacing,
    node_overlaps,
    radial_layout,
    remove_overlaps,
    total_edge_length,
    tree_layout,
)
from autograph_desktop.layout.quality import count_crossings, flatten_bezier


def binary_tree(depth: int, direction: str = "TB") -> LayoutGraph:
    g = LayoutGraph(direction=direction)
    g.add_node("0", 80, 40)
    k = 0
    frontier = ["0"]
    for _ in range(depth):
        nxt = []
        for p in frontier:
            for _ in range(2):
                k += 1
                g.add_node(str(k), 60 + (k * 13) % 70, 30 + (k * 7) % 25)
                g.add_edge(p, str(k))
                nxt.append(str(k))
        frontier = nxt
    return g


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_tidy_tree_centres_parents_and_keeps_depth_rows(direction: str) -> None:
    g = binary_tree(3, direction)
    res = tree_layout(g)
    assert not layout_problems(g, res, min_spacing=50)
    assert edge_crossings(res) == 0
    along = 0 if direction in ("TB", "BT") else 1  # the axis siblings spread along
    for e in g.edges:
        siblings = [x.target for x in g.edges if x.source == e.source]
        lo = min(res.nodes[s].center[along] for s in siblings)
        hi = max(res.nodes[s].center[along] for s in siblings)
        assert res.nodes[e.source].center[along] == pytest.approx((lo + hi) / 2)


def test_tree_handles_forests_and_cycles() -> None:
    g = binary_tree(2)
    g.add_node("solo", 50, 50)
    g.add_node("c1", 50, 50)
    g.add_node("c2", 50, 50)
    g.add_edge("c1", "c2")
    g.add_edge("c2", "c1")
    g.add_edge("3", "0")  # a back edge into the root
    res = tree_layout(g)
    assert not layout_problems(g, res, min_spacing=50)


def test_radial_puts_root_in_the_middle() -> None:
    g = LayoutGraph()
    g.add_node("root", 120, 50)
    for i in range(8):
        g.add_node(f"b{i}", 90, 30)
        g.add_edge("root", f"b{i}")
        for j in range(2):
            g.add_node(f"l{i}{j}", 70, 30)
            g.add_edge(f"b{i}", f"l{i}{j}")
    res = radial_layout(g)
    assert not layout_problems(g, res)
    cx, cy = res.nodes["root"].center
    assert cx == pytest.approx(res.bounds.x + res.bounds.w / 2, rel=0.2)
    r1 = [math.dist(res.nodes[f"b{i}"].center, (cx, cy)) for i in range(8)]
    r2 = [math.dist(res.nodes[f"l{i}0"].center, (cx, cy)) for i in range(8)]
    assert max(r1) < min(r2)
    assert max(r1) - min(r1) < 1e-6  # one ring per generation


def test_force_layout_is_deterministic_and_overlap_free() -> None:
    g = LayoutGraph()
    for i in range(25):
        g.add_node(f"n{i}", 80, 40)
    for i in range(25):
        g.add_edge(f"n{i}", f"n{(i * 3 + 1) % 25}")
    a = force_layout(g, LayoutOptions(seed=3))
    b = force_layout(g, LayoutOptions(seed=3))
    c = force_layout(g, LayoutOptions(seed=4))
    assert a.nodes == b.nodes
    assert a.nodes != c.nodes
    assert not layout_problems(g, a, min_spacing=50)


def test_force_layout_keeps_neighbours_closer_than_strangers() -> None:
    g = LayoutGraph()
    for i in range(12):
        g.add_node(f"n{i}", 40, 40)
    for i in range(11):
        g.add_edge(f"n{i}", f"n{i + 1}")
    res = force_layout(g)
    near = math.dist(res.nodes["n0"].center, res.nodes["n1"].center)
    far = math.dist(res.nodes["n0"].center, res.nodes["n11"].center)
    assert near < far


def test_grid_layout_rows_and_columns() -> None:
    g = LayoutGraph()
    for i in range(7):
        g.add_node(f"n{i}", 50 + 10 * i, 30)
    g.add_edge("n0", "n6")
    res = grid_layout(g, columns=3)
    assert not layout_problems(g, res, min_spacing=50)
    assert res.nodes["n0"].center[1] == res.nodes["n2"].center[1]
    assert res.nodes["n3"].center[1] > res.nodes["n0"].center[1]
    assert res.nodes["n0"].center[0] == res.nodes["n3"].center[0]


@st.composite
def undirected(draw: st.DrawFn) -> LayoutGraph:
    n = draw(st.integers(1, 20))
    g = LayoutGraph(direction=draw(st.sampled_from(["TB", "LR", "BT", "RL"])))
    for i in range(n):
        g.add_node(f"n{i}", draw(st.integers(10, 160)), draw(st.integers(10, 60)))
    for _ in range(draw(st.integers(0, 2 * n))):
        g.add_edge(f"n{draw(st.integers(0, n - 1))}", f"n{draw(st.integers(0, n - 1))}")
    return g


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(undirected(), st.sampled_from(["orthogonal", "spline", "polyline"]))
def test_all_simple_layouts_respect_the_contract(g: LayoutGraph, routing: str) -> None:
    opts = LayoutOptions(edge_routing=routing)  # type: ignore[arg-type]
    for layout in (tree_layout, force_layout, grid_layout):
        assert layout_problems(g, layout(g, opts), min_spacing=50) == [], layout.__name__
    assert layout_problems(g, radial_layout(g, opts)) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 300), st.integers(0, 300), st.integers(5, 80), st.integers(5, 80)),
        max_size=25,
    )
)
def test_overlap_removal_separates_any_boxes(boxes: list[tuple[int, int, int, int]]) -> None:
    cx = [float(b[0]) for b in boxes]
    cy = [float(b[1]) for b in boxes]
    w = [float(b[2]) for b in boxes]
    h = [float(b[3]) for b in boxes]
    nx, ny = remove_overlaps(cx, cy, w, h, 10.0)
    rects = {str(i): Rect(nx[i] - w[i] / 2, ny[i] - h[i] / 2, w[i], h[i]) for i in range(len(boxes))}
    assert node_overlaps(rects) == []
    if len(rects) > 1:
        assert min_node_spacing(rects) >= 10 - 1e-6


# --- metrics ------------------------------------------------------------------------------------


def test_crossing_count_on_known_shapes() -> None:
    x = [[(0.0, 0.0), (10.0, 10.0)], [(0.0, 10.0), (10.0, 0.0)]]
    assert count_crossings(x) == 1
    touching = [[(0.0, 0.0), (10.0, 0.0)], [(10.0, 0.0), (10.0, 10.0)]]
    assert count_crossings(touching) == 0
    grid = [[(float(i), -1.0), (float(i), 10.0)] for i in range(5)] + [
        [(-1.0, float(j)), (10.0, float(j))] for j in range(4)
    ]
    assert count_crossings(grid) == 20


def test_length_area_and_overlap_metrics() -> None:
    res = LayoutResult()
    res.nodes = {"a": Rect(0, 0, 10, 10), "b": Rect(5, 5, 10, 10), "c": Rect(40, 0, 10, 10)}
    res.edges = {"e": EdgeRoute([(0, 0), (3, 4), (3, 10)])}
    res.recompute_bounds()
    assert total_edge_length(res) == pytest.approx(11.0)
    assert node_overlaps(res.nodes) == [("a", "b")]
    assert min_node_spacing({"a": res.nodes["a"], "c": res.nodes["c"]}) == pytest.approx(30.0)
    assert res.bounds == Rect(0, 0, 50, 15)


def test_flattened_bezier_keeps_its_ends() -> None:
    pts = flatten_bezier([(0, 0), (0, 10), (10, 10), (10, 20)], steps=4)
    assert pts[0] == (0, 0) and pts[-1] == pytest.approx((10, 20))
    assert len(pts) == 5
