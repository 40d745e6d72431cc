"""Unit tests of the building blocks: cycle removal, network simplex, crossing counting, ordering, projection."""

from __future__ import annotations

import itertools
import random

import pytest

from autograph_desktop.layout.constraints import project, project_chain
from autograph_desktop.layout.crossings import bilayer_crossings, sift, total_crossings
from autograph_desktop.layout.cycles import feedback_edges, is_acyclic
from autograph_desktop.layout.ordering import OrderingInput, order_layers
from autograph_desktop.layout.ranking import _Simplex, longest_path_ranks, network_simplex_ranks


def _random_dag(n: int, m: int, seed: int) -> list[tuple[int, int, int, float]]:
    rng = random.Random(seed)
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    rng.shuffle(pairs)
    return [(u, v, rng.choice([1, 1, 2]), rng.choice([1.0, 1.0, 3.0])) for u, v in pairs[:m]]


# --- cycle removal ---------------------------------------------------------------------------------


def test_simple_cycle_reverses_exactly_one_edge() -> None:
    edges = [(0, 1), (1, 2), (2, 3), (3, 0)]
    rev = feedback_edges(4, edges)
    assert len(rev) == 1
    fixed = [(v, u) if i in rev else (u, v) for i, (u, v) in enumerate(edges)]
    assert is_acyclic(4, fixed)


def test_dag_needs_no_reversal() -> None:
    edges = [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)]
    assert feedback_edges(5, edges) == set()


@pytest.mark.parametrize("seed", range(20))
def test_feedback_set_makes_random_graphs_acyclic(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 30)
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(1, 3 * n))]
    edges = [(u, v) for u, v in edges if u != v]
    rev = feedback_edges(n, edges)
    fixed = [(v, u) if i in rev else (u, v) for i, (u, v) in enumerate(edges)]
    assert is_acyclic(n, fixed)
    # Greedy FAS guarantee (Eades et al.): at most m/2 - n/6 reversed edges.
    assert len(rev) <= len(edges) / 2


# --- ranking ------------------------------------------------------------------------------------


def _objective(ranks: list[int], edges: list[tuple[int, int, int, float]]) -> float:
    return sum(w * (ranks[v] - ranks[u]) for u, v, _, w in edges)


@pytest.mark.parametrize("seed", range(40))
def test_network_simplex_is_optimal_on_small_dags(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    edges = _random_dag(n, rng.randint(1, n * (n - 1) // 2), seed)
    ranks = network_simplex_ranks(n, edges)
    assert all(ranks[v] - ranks[u] >= m for u, v, m, _ in edges)
    best = min(
        _objective(list(c), edges)
        for c in itertools.product(range(9), repeat=n)
        if all(c[v] - c[u] >= m for u, v, m, _ in edges)
    )
    assert _objective(ranks, edges) == pytest.approx(best)


def test_network_simplex_pulls_short_branch_down() -> None:
    # 0 -> 1 -> 2 -> 3 and 4 -> 3: longest path puts 4 on rank 0, the optimum puts it on rank 2.
    edges = [(0, 1, 1, 1.0), (1, 2, 1, 1.0), (2, 3, 1, 1.0), (4, 3, 1, 1.0)]
    assert longest_path_ranks(5, [(u, v, m) for u, v, m, _ in edges])[4] == 0
    assert network_simplex_ranks(5, edges) == [0, 1, 2, 3, 2]


@pytest.mark.parametrize("seed", range(10))
def test_incremental_cut_values_match_full_recomputation(seed: int) -> None:
    n = 30
    edges = _random_dag(n, 50, seed) + [(i, i + 1, 1, 1.0) for i in range(n - 1)]
    merged = list({(u, v): (u, v, m, w) for u, v, m, w in edges}.values())
    s = _Simplex(
        n, [e[0] for e in merged], [e[1] for e in merged], [e[2] for e in merged], [e[3] for e in merged]
    )
    s.feasible_tree()
    s.dfs_range(0, -1, 0)
    s.init_cut_values()
    start = 0
    for _ in range(500):
        slot = s.leave_edge(start)
        if slot < 0:
            break
        s.exchange(slot, s.enter_edge(s.tree_edges[slot]))
        start = slot + 1
        incremental = list(s.cut)
        s.dfs_range(0, -1, 0)
        s.init_cut_values()
        for e in s.tree_edges:
            assert incremental[e] == pytest.approx(s.cut[e])
            assert s.slack(e) == 0


def test_disconnected_components_each_start_at_rank_zero() -> None:
    ranks = network_simplex_ranks(5, [(0, 1, 1, 1.0), (2, 3, 2, 1.0)])
    assert ranks == [0, 1, 0, 2, 0]


# --- crossings and ordering ---------------------------------------------------------------------


def _brute_crossings(upper: list[int], lower: list[int], edges: list[tuple[int, int]]) -> int:
    pu = {v: i for i, v in enumerate(upper)}
    pl = {v: i for i, v in enumerate(lower)}
    count = 0
    for (a, b), (c, d) in itertools.combinations(edges, 2):
        if (pu[a] - pu[c]) * (pl[b] - pl[d]) < 0:
            count += 1
    return count


@pytest.mark.parametrize("seed", range(30))
def test_accumulator_tree_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    nu, nl = rng.randint(1, 8), rng.randint(1, 8)
    upper = list(range(nu))
    lower = list(range(nu, nu + nl))
    rng.shuffle(upper)
    rng.shuffle(lower)
    edges = [(rng.choice(upper), rng.choice(lower)) for _ in range(rng.randint(0, 15))]
    down: list[list[int]] = [[] for _ in range(nu + nl)]
    for u, v in edges:
        down[u].append(v)
    pos = [0] * (nu + nl)
    for layer in (upper, lower):
        for i, v in enumerate(layer):
            pos[v] = i
    assert bilayer_crossings(upper, down, pos, nl) == _brute_crossings(upper, lower, edges)


def test_k22_has_one_unavoidable_crossing() -> None:
    layers = [[0, 1], [2, 3]]
    down = [[2, 3], [2, 3], [], []]
    up = [[], [], [0, 1], [0, 1]]
    result = order_layers(OrderingInput(layers, up, down, [-1] * 4))
    pos = {v: i for layer in result for i, v in enumerate(layer)}
    assert total_crossings(result, down, [pos[v] for v in range(4)]) == 1


def test_ordering_untangles_a_planar_graph() -> None:
    # Two parallel chains drawn crossed: 0->3, 1->2 with lower layer [2, 3] must become crossing-free.
    layers = [[0, 1], [2, 3], [4, 5]]
    down = [[3], [2], [5], [4], [], []]
    up = [[], [], [1], [0], [3], [2]]
    result = order_layers(OrderingInput(layers, up, down, [-1] * 6))
    pos = [0] * 6
    for layer in result:
        for i, v in enumerate(layer):
            pos[v] = i
    assert total_crossings(result, down, pos) == 0


def test_ordering_keeps_clusters_contiguous() -> None:
    # Nodes 0..5 in one layer below a root; cluster 0 = {1, 3, 5} must stay together.
    layers = [[6], [0, 1, 2, 3, 4, 5]]
    down = [[] for _ in range(7)]
    up: list[list[int]] = [[6] for _ in range(6)] + [[]]
    down[6] = [0, 1, 2, 3, 4, 5]
    cluster_of = [-1, 0, -1, 0, -1, 0, -1]
    result = order_layers(OrderingInput(layers, up, down, cluster_of, [-1]))
    idx = sorted(result[1].index(v) for v in (1, 3, 5))
    assert idx[2] - idx[0] == 2


# --- separation projection ----------------------------------------------------------------------


def test_projection_satisfies_constraints_and_moves_little() -> None:
    desired = [0.0, 1.0, 2.0, 100.0]
    cons = [(0, 1, 10.0), (1, 2, 10.0), (2, 3, 10.0)]
    x = project(desired, [1.0] * 4, cons)
    for u, v, g in cons:
        assert x[v] - x[u] >= g - 1e-9
    # The three squeezed variables centre on their mean; the far one stays put.
    assert x[1] == pytest.approx(1.0)
    assert x[3] == pytest.approx(100.0)


def test_projection_rejects_cycles() -> None:
    with pytest.raises(ValueError):
        project([0.0, 0.0], [1.0, 1.0], [(0, 1, 1.0), (1, 0, 1.0)])


@pytest.mark.parametrize("seed", range(15))
def test_sifting_never_adds_crossings_and_keeps_groups_together(seed: int) -> None:
    rng = random.Random(seed)
    sizes = [rng.randint(2, 7) for _ in range(4)]
    layers, start = [], 0
    for size in sizes:
        layers.append(list(range(start, start + size)))
        start += size
    n = start
    up: list[list[int]] = [[] for _ in range(n)]
    down: list[list[int]] = [[] for _ in range(n)]
    for r in range(len(layers) - 1):
        for _ in range(rng.randint(1, 10)):
            u, v = rng.choice(layers[r]), rng.choice(layers[r + 1])
            down[u].append(v)
            up[v].append(u)
    group = [rng.choice([-1, 0]) for _ in range(n)]
    for layer in layers:  # make each group contiguous to start with
        layer.sort(key=lambda v: group[v])
    pos = [0] * n
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i
    before = total_crossings(layers, down, pos)
    sift(layers, up, down, pos, group)
    assert total_crossings(layers, down, pos) <= before
    for layer in layers:
        assert all(pos[v] == i for i, v in enumerate(layer))
        runs = [group[v] for i, v in enumerate(layer) if i == 0 or group[layer[i - 1]] != group[v]]
        assert len(runs) == len(set(runs))


@pytest.mark.parametrize("seed", range(20))
def test_chain_projection_is_feasible_and_at_least_as_good_as_greedy(seed: int) -> None:
    rng = random.Random(seed)
    k = rng.randint(1, 12)
    desired = [rng.uniform(0, 100) for _ in range(k)]
    weights = [rng.uniform(0.5, 3) for _ in range(k)]
    gaps = [rng.uniform(5, 30) for _ in range(k - 1)]
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    exact = project_chain(desired, weights, offsets)
    greedy = project(desired, weights, [(i, i + 1, gaps[i]) for i in range(k - 1)])
    for i, gap in enumerate(gaps):
        assert exact[i + 1] - exact[i] >= gap - 1e-9

    def cost(x: list[float]) -> float:
        return sum(w * (a - d) ** 2 for w, a, d in zip(weights, x, desired, strict=True))

    assert cost(exact) <= cost(greedy) + 1e-6
