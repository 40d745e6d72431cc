"""Behaviour of the layered (Sugiyama) layout: geometry contract, directions, clusters, labels, loops."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.layout import (
    LayoutCluster,
    LayoutGraph,
    LayoutOptions,
    Rect,
    edge_crossings,
    label_overlaps,
    layered_layout,
    layout_problems,
    min_node_spacing,
    routes_through_nodes,
)


def chain(n: int, direction: str = "TB") -> LayoutGraph:
    g = LayoutGraph(direction=direction)
    for i in range(n):
        g.add_node(f"n{i}", 100, 40)
    for i in range(n - 1):
        g.add_edge(f"n{i}", f"n{i + 1}")
    return g


def test_chain_goes_down_in_rank_order() -> None:
    res = layered_layout(chain(4))
    ys = [res.nodes[f"n{i}"].y for i in range(4)]
    assert ys == sorted(ys)
    assert all(b - a >= 40 + 60 - 1e-6 for a, b in itertools.pairwise(ys))
    # A straight chain is drawn as one vertical line.
    xs = {round(res.nodes[f"n{i}"].center[0], 6) for i in range(4)}
    assert len(xs) == 1


@pytest.mark.parametrize(
    ("direction", "axis", "sign"), [("TB", 1, 1), ("TD", 1, 1), ("BT", 1, -1), ("LR", 0, 1), ("RL", 0, -1)]
)
def test_directions(direction: str, axis: int, sign: int) -> None:
    res = layered_layout(chain(3, direction))
    centres = [res.nodes[f"n{i}"].center[axis] for i in range(3)]
    assert all(sign * (b - a) > 0 for a, b in itertools.pairwise(centres))
    for i in range(3):
        r = res.nodes[f"n{i}"]
        assert (r.w, r.h) == (100, 40)


def test_routes_of_reversed_edges_still_point_to_their_target() -> None:
    g = chain(3)
    g.add_edge("n2", "n0", "back")
    res = layered_layout(g)
    assert not layout_problems(g, res)
    route = res.edges["back"].points
    assert res.nodes["n2"].on_border(route[0])
    assert res.nodes["n0"].on_border(route[-1])


def test_no_crossings_for_a_tree_and_balanced_parent() -> None:
    g = LayoutGraph()
    for nid in "abcdefg":
        g.add_node(nid, 80, 40)
    for s, t in [("a", "b"), ("a", "c"), ("b", "d"), ("b", "e"), ("c", "f"), ("c", "g")]:
        g.add_edge(s, t)
    res = layered_layout(g)
    assert edge_crossings(res) == 0
    # Parents sit between their children.
    for parent, kids in (("b", "de"), ("c", "fg"), ("a", "bc")):
        xs = sorted(res.nodes[k].center[0] for k in kids)
        assert xs[0] <= res.nodes[parent].center[0] <= xs[-1]


def test_labels_get_room_and_never_overlap_nodes() -> None:
    g = chain(3)
    g.add_edge("n0", "n2", "long", label_width=120, label_height=30)
    g.edges[0].label_width, g.edges[0].label_height = 60, 20
    res = layered_layout(g)
    assert not layout_problems(g, res, min_spacing=50)
    assert not label_overlaps(res)
    assert set(res.edge_labels) == {"long", g.edges[0].id}
    assert res.bounds.contains_rect(res.edges["long"].label_rect() or Rect(0, 0, 0, 0))


def test_self_loops_and_multi_edges() -> None:
    g = chain(2)
    g.add_edge("n0", "n0", "loop1")
    g.add_edge("n0", "n0", "loop2", label_width=30, label_height=12)
    g.add_edge("n0", "n1", "twin")
    res = layered_layout(g)
    assert not layout_problems(g, res, min_spacing=50)
    assert res.edges["loop1"].points != res.edges["loop2"].points
    assert res.edges["twin"].points != res.edges["e0"].points
    assert res.bounds.contains_rect(res.edges["loop2"].label_rect() or Rect(0, 0, 0, 0))


def test_nested_clusters() -> None:
    g = LayoutGraph()
    for i in range(8):
        g.add_node(f"n{i}", 90, 40)
    for s, t in [(0, 1), (1, 2), (2, 3), (0, 4), (4, 5), (5, 6), (3, 7), (6, 7), (1, 5)]:
        g.add_edge(f"n{s}", f"n{t}")
    inner = LayoutCluster("inner", members=["n2"], title_width=60, title_height=18)
    outer = LayoutCluster("outer", members=["n1", "n3"], children=[inner], title_width=80, title_height=18)
    side = LayoutCluster("side", members=["n4", "n5"], title_width=40, title_height=18)
    g.clusters.extend([outer, side])
    res = layered_layout(g)
    assert not layout_problems(g, res, min_spacing=50)
    # Room for the title: the top member sits at least padding + title height below the cluster top.
    assert res.nodes["n1"].y - res.clusters["outer"].y >= 16 + 18 - 1e-6
    assert res.clusters["outer"].w >= 80


def test_empty_cluster_still_gets_a_box() -> None:
    g = chain(2)
    g.clusters.append(LayoutCluster("empty", title_width=70, title_height=18))
    res = layered_layout(g)
    assert "empty" in res.clusters
    assert not layout_problems(g, res, min_spacing=50)


def test_components_are_packed_side_by_side() -> None:
    g = chain(2)
    g.add_node("x", 100, 40)
    g.add_node("y", 100, 40)
    g.add_edge("x", "y")
    res = layered_layout(g)
    assert not layout_problems(g, res, min_spacing=50)
    assert res.nodes["x"].y == pytest.approx(res.nodes["n0"].y)


def test_custom_spacing_is_respected() -> None:
    g = LayoutGraph()
    g.add_node("r", 50, 50)
    for i in range(5):
        g.add_node(f"c{i}", 50, 50)
        g.add_edge("r", f"c{i}")
    res = layered_layout(g, LayoutOptions(node_spacing=80, rank_spacing=90))
    assert min_node_spacing(res.nodes) >= 80 - 1e-6
    assert res.nodes["c0"].y - res.nodes["r"].bottom >= 90 - 1e-6


def test_layout_is_deterministic() -> None:
    g = LayoutGraph()
    for i in range(30):
        g.add_node(f"n{i}", 60 + (i * 37) % 90, 40)
    for i in range(1, 30):
        g.add_edge(f"n{(i * 7) % i}", f"n{i}")
        g.add_edge(f"n{i}", f"n{(i * 5) % 30}")
    a = layered_layout(g)
    b = layered_layout(g)
    assert a.nodes == b.nodes
    assert {k: v.points for k, v in a.edges.items()} == {k: v.points for k, v in b.edges.items()}


def test_empty_graph() -> None:
    res = layered_layout(LayoutGraph())
    assert res.nodes == {}
    assert res.bounds.w == 0


def test_invalid_input_is_rejected() -> None:
    g = chain(2)
    g.add_edge("n0", "missing")
    with pytest.raises(ValueError):
        layered_layout(g)
    with pytest.raises(ValueError):
        layered_layout(LayoutGraph(direction="diagonal"))


# --- property tests ---------------------------------------------------------------------------------


@st.composite
def graphs(draw: st.DrawFn, with_clusters: bool = True) -> LayoutGraph:
    n = draw(st.integers(1, 18))
    g = LayoutGraph(direction=draw(st.sampled_from(["TB", "BT", "LR", "RL"])))
    for i in range(n):
        g.add_node(f"n{i}", draw(st.integers(10, 200)), draw(st.integers(10, 60)))
    m = draw(st.integers(0, 2 * n))
    for _ in range(m):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        labelled = draw(st.booleans()) and draw(st.booleans())
        g.add_edge(f"n{u}", f"n{v}", label_width=40 if labelled else 0, label_height=14 if labelled else 0)
    if with_clusters:
        pool = [f"n{i}" for i in draw(st.permutations(list(range(n))))]
        count = 0

        def make(depth: int) -> LayoutCluster:
            nonlocal count
            count += 1
            c = LayoutCluster(f"c{count}", title_width=draw(st.integers(0, 90)), title_height=18)
            for _ in range(draw(st.integers(0, min(3, len(pool))))):
                c.members.append(pool.pop())
            if depth < 2 and draw(st.booleans()):
                c.children.append(make(depth + 1))
            return c

        for _ in range(draw(st.integers(0, 3))):
            g.clusters.append(make(0))
    return g


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sampled_from(["orthogonal", "spline", "polyline"]))
def test_layered_contract_holds_for_random_graphs(g: LayoutGraph, routing: str) -> None:
    opts = LayoutOptions(edge_routing=routing)  # type: ignore[arg-type]
    res = layered_layout(g, opts)
    assert layout_problems(g, res, min_spacing=50) == []
    assert label_overlaps(res) == []
    assert routes_through_nodes(g, res) == []
    for r in res.nodes.values():
        assert res.bounds.contains_rect(r)


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_cluster_titles_sit_in_the_top_left_corner_in_every_direction(direction: str) -> None:
    g = chain(4, direction)
    inner = LayoutCluster("inner", members=["n2"], title_width=70, title_height=18)
    g.clusters.append(
        LayoutCluster("outer", members=["n1"], children=[inner], title_width=120, title_height=18)
    )
    res = layered_layout(g)
    assert layout_problems(g, res, min_spacing=50) == []
    for cid, width in (("outer", 120), ("inner", 70)):
        box, title = res.clusters[cid], res.cluster_titles[cid]
        assert (title.w, title.h) == (width, 18)
        assert box.contains_rect(title)
        # Closer to the top-left corner than to any other corner.
        assert title.x - box.x < box.right - title.right
        assert title.y - box.y < box.bottom - title.bottom
