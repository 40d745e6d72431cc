"""Crossing counting between adjacent layers and the transposition heuristic that reduces it."""

from __future__ import annotations


def bilayer_crossings(upper: list[int], down: list[list[int]], pos: list[int], lower_size: int) -> int:
    """Crossings between one layer and the next, by the accumulator tree of Barth, Jünger and Mutzel.

    Edges are visited in lexicographic (upper, lower) order; each crossing is an inversion of lower
    positions, counted in O(E log V) with a complete binary tree of counters.
    """
    if lower_size <= 1:
        return 0
    first = 1
    while first < lower_size:
        first <<= 1
    tree = [0] * (2 * first - 1)
    first -= 1
    crossings = 0
    for u in upper:
        targets = down[u]
        if not targets:
            continue
        ps = [pos[v] for v in targets]
        if len(ps) > 1:
            ps.sort()
        for p in ps:
            idx = p + first
            tree[idx] += 1
            while idx > 0:
                if idx & 1:
                    crossings += tree[idx + 1]
                idx = (idx - 1) >> 1
                tree[idx] += 1
    return crossings


def total_crossings(layers: list[list[int]], down: list[list[int]], pos: list[int]) -> int:
    """Sum of crossings over all pairs of consecutive layers (``pos`` must match ``layers``)."""
    return sum(bilayer_crossings(layers[r], down, pos, len(layers[r + 1])) for r in range(len(layers) - 1))


def _pair_crossings(a_nbrs: list[int], b_nbrs: list[int], pos: list[int]) -> tuple[int, int]:
    """Crossings among the edges of two neighbouring vertices, as placed (a, b) and swapped (b, a)."""
    ab = ba = 0
    for x in a_nbrs:
        px = pos[x]
        for y in b_nbrs:
            py = pos[y]
            if px > py:
                ab += 1
            elif px < py:
                ba += 1
    return ab, ba


def transpose(
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    pos: list[int],
    group: list[int],
    max_passes: int = 4,
) -> None:
    """Swap neighbours of the same group while that lowers local crossings (Gansner et al., 1993).

    Only vertices with equal ``group`` (their innermost cluster) are swapped, so clusters stay contiguous.
    Works in place on ``layers`` and ``pos``.
    """
    dirty = [True] * len(layers)
    for _ in range(max_passes):
        improved = False
        for r, layer in enumerate(layers):
            if not dirty[r]:
                continue
            dirty[r] = False
            i = 0
            while i < len(layer) - 1:
                v, w = layer[i], layer[i + 1]
                if group[v] != group[w]:
                    i += 1
                    continue
                c1, c2 = _pair_crossings(up[v], up[w], pos)
                d1, d2 = _pair_crossings(down[v], down[w], pos)
                if c2 + d2 < c1 + d1:
                    layer[i], layer[i + 1] = w, v
                    pos[v], pos[w] = i + 1, i
                    improved = True
                    dirty[r] = True
                    if r > 0:
                        dirty[r - 1] = True
                    if r + 1 < len(layers):
                        dirty[r + 1] = True
                i += 1
        if not improved:
            break
