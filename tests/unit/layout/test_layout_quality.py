"""Layout quality that must not regress: crossings against exact optima and against Graphviz dot, routes that
add no crossings, clusters kept whole and clear of foreign edges, determinism. No timing here: speed is
measured by benchmarks/bench_mermaid.py."""

from __future__ import annotations

import copy
import itertools
import random

import pytest

from autograph_desktop.layout import (
    LayoutCluster,
    LayoutGraph,
    LayoutOptions,
    LayoutResult,
    Rect,
    edge_crossings,
    layered_layout,
    layout_problems,
)
from autograph_desktop.layout.crossings import bilayer_crossings, sift, total_crossings, transpose
from autograph_desktop.layout.cycles import feedback_edges
from autograph_desktop.layout.global_sifting import global_sift
from autograph_desktop.layout.layered_routes import _order_jogs
from autograph_desktop.layout.ordering import OrderingInput, order_layers
from autograph_desktop.layout.quality import count_crossings, routes_through_clusters

# --- orders against the exact optimum ------------------------------------------------------------


def layered_graph(seed: int, widths: tuple[int, int], depth: tuple[int, int], fan: int
                  ) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    """A random proper layered graph: every vertex below the top has 1..fan parents in the layer above."""
    rng = random.Random(seed)
    layers: list[list[int]] = []
    start = 0
    for _ in range(rng.randint(*depth)):
        size = rng.randint(*widths)
        layers.append(list(range(start, start + size)))
        start += size
    up: list[list[int]] = [[] for _ in range(start)]
    down: list[list[int]] = [[] for _ in range(start)]
    for upper, lower in itertools.pairwise(layers):
        for v in lower:
            for u in rng.sample(upper, rng.randint(1, min(fan, len(upper)))):
                down[u].append(v)
                up[v].append(u)
    for layer in layers:
        rng.shuffle(layer)
    return layers, up, down


def positions(layers: list[list[int]], n: int) -> list[int]:
    pos = [0] * n
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i
    return pos


def optimum(layers: list[list[int]], down: list[list[int]]) -> int:
    """Fewest crossings over all orders, by dynamic programming over the permutations of each layer."""
    pos = [0] * sum(map(len, layers))
    perms = [list(itertools.permutations(layer)) for layer in layers]
    best = [0] * len(perms[0])
    for r in range(len(layers) - 1):
        nxt = []
        for lower in perms[r + 1]:
            for i, v in enumerate(lower):
                pos[v] = i
            cheapest = 1 << 30
            for k, upper in enumerate(perms[r]):
                if best[k] >= cheapest:
                    continue
                for i, v in enumerate(upper):
                    pos[v] = i
                cheapest = min(cheapest, best[k] + bilayer_crossings(list(upper), down, pos, len(lower)))
            nxt.append(cheapest)
        best = nxt
    return min(best)


# Seeds 7, 9 and 31 are ones where dot's schedule alone stays one crossing above the optimum.
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31])
def test_ordering_reaches_the_optimum_on_small_layered_graphs(seed: int) -> None:
    layers, up, down = layered_graph(seed, (3, 4), (6, 9), 3)
    best = optimum(layers, down)
    result = order_layers(OrderingInput([list(layer) for layer in layers], up, down, [-1] * len(up)))
    assert sorted(map(sorted, result)) == sorted(map(sorted, layers))
    assert total_crossings(result, down, positions(result, len(up))) == best


@pytest.mark.parametrize("seed", range(12))
def test_every_move_reports_exactly_the_crossings_it_removed(seed: int) -> None:
    layers, up, down = layered_graph(seed, (2, 7), (3, 8), 3)
    n = len(up)
    rng = random.Random(seed)
    chain = [rng.random() < 0.4 for _ in range(n)]  # any vertex may act as a dummy of a long edge
    for v in range(n):
        if len(up[v]) != 1 or len(down[v]) != 1:
            chain[v] = False
    group = [-1] * n
    pos = positions(layers, n)
    before = total_crossings(layers, down, pos)
    for move in ("global", "transpose", "sift"):
        if move == "global":
            gained = global_sift(layers, up, down, pos, chain, 2)
        elif move == "transpose":
            gained = transpose(layers, up, down, pos, group, 20)
        else:
            gained = sift(layers, up, down, pos, group)
        assert pos == positions(layers, n)
        after = total_crossings(layers, down, pos)
        assert gained >= 0
        assert before - after == gained
        before = after


# --- drawings against Graphviz dot -------------------------------------------------------------------


def flowchart(n: int, seed: int) -> LayoutGraph:
    """Flowchart-like DAG as in benchmarks/bench_mermaid.py: 1-2 links to nearby later steps per step."""
    rng = random.Random(seed)
    g = LayoutGraph()
    for i in range(n):
        g.add_node(f"n{i}", rng.randint(90, 150), 40)
    for i in range(n - 1):
        for _ in range(1 if rng.random() < 0.5 else 2):
            g.add_edge(f"n{i}", f"n{min(n - 1, i + 1 + int(rng.expovariate(0.3)))}")
    return g


# Crossings of Graphviz 2.43's drawing of the same graphs (same node sizes and spacing, counted on its
# splines the way benchmarks/bench_mermaid.py counts them).
DOT_CROSSINGS = {(50, 1): 11, (50, 2): 17, (50, 3): 8, (50, 5): 12, (50, 8): 10, (200, 1): 33, (200, 4): 48}


@pytest.mark.parametrize(("n", "seed"), sorted(DOT_CROSSINGS))
def test_flowcharts_cross_no_more_than_graphviz_dot(n: int, seed: int) -> None:
    g = flowchart(n, seed)
    result = layered_layout(g)
    assert layout_problems(g, result) == []
    assert edge_crossings(result) <= DOT_CROSSINGS[(n, seed)]


@pytest.mark.parametrize("seed", range(40))
def test_jogs_in_one_gap_cross_only_where_their_ends_swap(seed: int) -> None:
    rng = random.Random(seed)
    k = rng.randint(2, 9)
    # Distinct ports above and below, as the items of one layer never share an x.
    starts, ends = rng.sample(range(0, 300, 10), k), rng.sample(range(5, 300, 10), k)
    jogs = [(float(a), float(b), i, 0) for i, (a, b) in enumerate(zip(starts, ends, strict=True))]
    order = _order_jogs(jogs)
    assert sorted(order) == sorted(jogs)
    # Draw each jog as an orthogonal route through the gap [0, 100] at its height, and count.
    routes = [[(a, -10.0), (a, 100.0 * (k + 1) / (len(order) + 1)), (b, 100.0 * (k + 1) / (len(order) + 1)),
               (b, 110.0)] for k, (a, b, _, _) in enumerate(order)]
    swapped = sum(1 for (a, b, _, _), (c, d, _, _) in itertools.combinations(jogs, 2) if (a - c) * (b - d) < 0)
    assert count_crossings(routes) == swapped


def test_parallel_edges_run_side_by_side_and_are_crossed_together() -> None:
    g = LayoutGraph()
    for name in ("a", "b", "c", "d", "x", "y"):
        g.add_node(name, 80, 40)
    g.add_edge("a", "c", "p1")
    g.add_edge("a", "c", "p2")
    g.add_edge("a", "c", "p3")
    g.add_edge("c", "d")
    g.add_edge("a", "b")
    g.add_edge("b", "d")
    g.add_edge("x", "y")
    g.add_edge("a", "y")
    g.add_edge("x", "d", minlen=2)
    res = layered_layout(g)
    assert layout_problems(g, res) == []
    lanes = [res.edges[e].points for e in ("p1", "p2", "p3")]
    assert count_crossings(lanes) == 0
    assert len({tuple(p) for p in lanes}) == 3  # three distinct routes, none drawn over another
    others = [r.points for k, r in res.edges.items() if not k.startswith("p")]
    crossed = [count_crossings([lane, *others]) for lane in lanes]
    assert crossed == [crossed[0]] * 3


def test_the_edge_written_last_in_a_cycle_is_the_one_that_points_back() -> None:
    # idle -> running -> paused -> running, running -> failed -> running: "resume"/"retry" point back.
    names = ["idle", "running", "paused", "failed", "done"]
    edges = [(0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 4)]
    reversed_edges = feedback_edges(len(names), edges)
    assert {edges[i] for i in reversed_edges} == {(2, 1), (3, 1)}


# --- clusters ------------------------------------------------------------------------------------------


def build(direction: str, edges: str, clusters: list[LayoutCluster]) -> LayoutGraph:
    """A graph from 'a>b c>d' edges; nodes sized like short labels."""
    g = LayoutGraph(direction=direction)
    seen: set[str] = set()
    for pair in edges.split():
        for name in pair.split(">"):
            if name not in seen:
                seen.add(name)
                g.add_node(name, 60 + 9 * len(name), 40)
        a, b = pair.split(">")
        g.add_edge(a, b)
    g.clusters = clusters
    return g


def cluster(cid: str, members: str, *children: LayoutCluster) -> LayoutCluster:
    return LayoutCluster(cid, members.split(), list(children), title_width=70, title_height=18)


# Our equivalents of the nested subgraph examples in the Mermaid documentation.
NESTED = {
    "tiers": build("TB", "client>lb lb>w1 lb>w2 w1>orders w1>search w2>billing w2>search orders>primary "
                   "orders>cache billing>primary search>index search>cache primary>replica billing>mail "
                   "orders>queue queue>billing",
                   [cluster("cloud", "", cluster("web", "w1 w2"), cluster("app", "orders billing search"),
                            cluster("data", "cache index", cluster("sql", "primary replica")))]),
    "services": build("TB", "user>gw gw>auth gw>rate o1>o2 o2>o3 p1>p2 k1>k2 auth>redis rate>redis gw>o1 "
                      "gw>k1 o3>p1 o3>bus p2>bus bus>mail o1>pg p1>pg k2>s3 k1>pg k2>o1 mail>s3",
                      [cluster("edge", "gw auth rate"),
                       cluster("core", "", cluster("orders", "o1 o2 o3"), cluster("payments", "p1 p2"),
                               cluster("catalog", "k1 k2")),
                       cluster("infra", "bus pg redis s3")]),
    "pipeline": build("LR", "commit>lint commit>unit lint>wheel unit>wheel unit>docs wheel>image image>staging "
                      "staging>prod staging>rollback docs>site prod>notify rollback>notify lint>notify",
                      [cluster("build", "wheel image docs"), cluster("deploy", "staging prod rollback")]),
}


def members_of(c: LayoutCluster) -> set[str]:
    return set(c.members).union(*(members_of(k) for k in c.children))


def assert_clusters_sound(g: LayoutGraph, res: LayoutResult) -> None:
    """Every cluster box holds its members and child boxes and no other node; siblings never overlap."""
    for c in g.all_clusters():
        box = res.clusters[c.id]
        inside = members_of(c)
        for nid, rect in res.nodes.items():
            if nid in inside:
                assert box.contains_rect(rect), (c.id, nid)
            else:
                assert not box.intersects(rect), (c.id, nid)
        for k in c.children:
            assert box.contains_rect(res.clusters[k.id])
        for a, b in itertools.combinations(c.children, 2):
            assert not res.clusters[a.id].intersects(res.clusters[b.id])


@pytest.mark.parametrize("name", sorted(NESTED))
def test_nested_subgraphs_stay_whole_and_no_edge_crosses_a_foreign_one(name: str) -> None:
    g = NESTED[name]
    res = layered_layout(g)
    assert layout_problems(g, res) == []
    assert_clusters_sound(g, res)
    assert routes_through_clusters(g, res) == []


def test_a_cycle_of_three_subgraphs_needs_only_one_edge_through_a_cluster() -> None:
    # one -> two -> three -> one: whatever their order, one link passes the middle subgraph.
    g = build("TB", "c1>a2 a1>a2 b1>b2 c1>c2 a1>b2 b1>c2",
              [cluster("one", "a1 a2"), cluster("two", "b1 b2"), cluster("three", "c1 c2")])
    res = layered_layout(g)
    assert_clusters_sound(g, res)
    assert len(routes_through_clusters(g, res)) <= 1


def random_clustered(seed: int) -> LayoutGraph:
    rng = random.Random(seed)
    n = rng.randint(12, 40)
    g = LayoutGraph(direction=rng.choice(["TB", "LR"]))
    for i in range(n):
        g.add_node(f"n{i}", rng.randint(40, 120), rng.randint(30, 50))
    for i in range(1, n):
        g.add_edge(f"n{rng.randrange(i)}", f"n{i}")
    for _ in range(n // 3):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            g.add_edge(f"n{min(a, b)}", f"n{max(a, b)}")
    pool = [f"n{i}" for i in range(n)]
    rng.shuffle(pool)

    def make(depth: int, name: str) -> LayoutCluster:
        c = LayoutCluster(name, title_width=50, title_height=16)
        for _ in range(rng.randint(1, 4)):
            if pool:
                c.members.append(pool.pop())
        if depth < 2 and rng.random() < 0.5:
            c.children.append(make(depth + 1, name + "c"))
        return c

    g.clusters = [make(0, f"c{j}") for j in range(rng.randint(1, 4))]
    return g


def test_random_nested_clusters_stay_whole_and_edges_mostly_keep_out() -> None:
    through = crossings = 0
    for seed in range(20):
        g = random_clustered(seed)
        res = layered_layout(g)
        assert layout_problems(g, res) == [], seed
        assert_clusters_sound(g, res)
        through += len(routes_through_clusters(g, res))
        crossings += edge_crossings(res)
    # Recorded when the keep-out rules came in: 37 and 211 (without them: 182 routes through foreign
    # clusters, 135 crossings). What is left are mostly links between two subgraphs that pass a third
    # standing between them, and parents counted again with their children.
    assert through <= 40
    assert crossings <= 230


def test_members_of_a_cluster_are_contiguous_in_every_layer() -> None:
    layers, up, down = layered_graph(3, (4, 7), (5, 7), 2)
    n = len(up)
    rng = random.Random(3)
    parent = [-1, 0, -1]  # cluster 1 nests in cluster 0
    cluster_of = [rng.choice([-1, -1, 0, 1, 2]) for _ in range(n)]
    result = order_layers(OrderingInput([list(layer) for layer in layers], up, down, cluster_of, parent))
    for layer in result:
        for c in range(3):
            inside = [i for i, v in enumerate(layer) if cluster_of[v] == c or (c == 0 and cluster_of[v] == 1)]
            assert inside == list(range(inside[0], inside[0] + len(inside))) if inside else True


# --- determinism and the live preview ------------------------------------------------------------------


def snapshot(res: LayoutResult) -> tuple[dict[str, Rect], dict[str, list[tuple[float, float]]], dict[str, Rect]]:
    return res.nodes, {k: list(r.points) for k, r in res.edges.items()}, res.clusters


def test_same_input_same_drawing() -> None:
    g = flowchart(120, 5)
    g.clusters = [cluster("a", "n3 n4 n5"), cluster("b", "n20 n21", cluster("b1", "n22 n23"))]
    first = snapshot(layered_layout(copy.deepcopy(g)))
    assert snapshot(layered_layout(copy.deepcopy(g))) == first


@pytest.mark.parametrize("seed", [1, 3])
def test_live_preview_draws_small_graphs_exactly_as_the_final_layout(seed: int) -> None:
    g = flowchart(60, seed)
    assert snapshot(layered_layout(g, LayoutOptions(thorough=False))) == snapshot(layered_layout(g))
