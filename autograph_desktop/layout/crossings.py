"""Crossing counting between adjacent layers, and the local moves that lower it: transposition and sifting.

Everything here is exact: a layered graph is drawn with straight segments between consecutive layers, two
edges between the same two layers cross when their ends are in opposite orders, and edges that share an
end never cross. Parallel edges are listed once per edge, so they weigh as many crossings as they are.
"""

from __future__ import annotations

from bisect import bisect_right, insort


def bilayer_crossings(upper: list[int], down: list[list[int]], pos: list[int], lower_size: int) -> int:
    """Crossings between one layer and the next, counted as inversions (Barth, Jünger and Mutzel).

    Edges are visited in lexicographic (upper, lower) order; each crossing is an inversion of lower
    positions. Inversions are counted against a sorted list kept with ``bisect`` (C speed in CPython),
    which is faster here than an accumulator tree walked in Python.
    """
    if lower_size <= 1:
        return 0
    seen: list[int] = []
    crossings = 0
    for u in upper:
        targets = down[u]
        if not targets:
            continue
        if len(targets) == 1:
            p = pos[targets[0]]
            k = bisect_right(seen, p)
            crossings += len(seen) - k
            seen.insert(k, p)
            continue
        ps = sorted(pos[v] for v in targets)
        # Edges of one vertex never cross each other: count against earlier vertices only.
        for p in ps:
            crossings += len(seen) - bisect_right(seen, p)
        for p in ps:
            insort(seen, p)
    return crossings


def total_crossings(layers: list[list[int]], down: list[list[int]], pos: list[int]) -> int:
    """Sum of crossings over all pairs of consecutive layers (``pos`` must match ``layers``)."""
    return sum(bilayer_crossings(layers[r], down, pos, len(layers[r + 1])) for r in range(len(layers) - 1))


def edge_pair_crossings(a: list[int], b: list[int], pos: list[int]) -> tuple[int, int]:
    """Crossings among the edges from two neighbouring vertices to one adjacent layer (``a`` and ``b``
    are their neighbours there), placed (a, b) and swapped (b, a). Degrees are small: a double loop
    beats sorting."""
    ab = ba = 0
    bs = [pos[y] for y in b]
    for x in a:
        px = pos[x]
        for py in bs:
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
    allow_equal: bool = False,
) -> int:
    """Swap neighbours of the same group while that lowers local crossings (Gansner et al., 1993).

    Only vertices with equal ``group`` (their innermost cluster) are swapped, so clusters stay contiguous.
    ``allow_equal`` also swaps pairs whose crossings tie (and are not zero), as dot does on alternate
    sweeps to leave plateaus. Works in place on ``layers`` and ``pos``; returns the crossings removed.
    """
    h = len(layers)
    dirty = [True] * h
    removed = 0
    for _ in range(max_passes):
        improved = False
        for r in range(h):
            if not dirty[r]:
                continue
            dirty[r] = False
            layer = layers[r]
            gained = 0
            for i in range(len(layer) - 1):
                v, w = layer[i], layer[i + 1]
                if group[v] != group[w]:
                    continue
                before = after = 0
                nv, nw = up[v], up[w]
                if nv and nw:
                    if len(nv) == 1 and len(nw) == 1:
                        pa, pb = pos[nv[0]], pos[nw[0]]
                        before, after = (1, 0) if pa > pb else (0, 1) if pa < pb else (0, 0)
                    else:
                        before, after = edge_pair_crossings(nv, nw, pos)
                nv, nw = down[v], down[w]
                if nv and nw:
                    if len(nv) == 1 and len(nw) == 1:
                        pa, pb = pos[nv[0]], pos[nw[0]]
                        if pa > pb:
                            before += 1
                        elif pa < pb:
                            after += 1
                    else:
                        x, y = edge_pair_crossings(nv, nw, pos)
                        before += x
                        after += y
                if after < before or (allow_equal and after == before and before > 0):
                    layer[i], layer[i + 1] = w, v
                    pos[v], pos[w] = i + 1, i
                    gained += before - after
            if gained:
                removed += gained
                improved = True
                dirty[r] = True
                if r > 0:
                    dirty[r - 1] = True
                if r + 1 < h:
                    dirty[r + 1] = True
        if not improved:
            break
    return removed


def sift(
    layers: list[list[int]], up: list[list[int]], down: list[list[int]], pos: list[int], group: list[int]
) -> int:
    """Move each vertex to the best slot of its layer (sifting, Matuszewski et al. 1999), in place.

    A vertex only moves within the run of neighbours that share its group, so clusters stay
    contiguous. Sliding a vertex one place to the right changes the crossings by the difference of
    its two pair counts with the vertex it passes. Returns the crossings removed.
    """
    removed = 0
    for layer in layers:
        if len(layer) < 2:
            continue
        for v in list(layer):
            uv, dv = up[v], down[v]
            if not uv and not dv:
                continue
            i = pos[v]
            g = group[v]
            lo = i
            while lo > 0 and group[layer[lo - 1]] == g:
                lo -= 1
            hi = i
            while hi < len(layer) - 1 and group[layer[hi + 1]] == g:
                hi += 1
            if hi - lo < 1:
                continue
            others = layer[lo:i] + layer[i + 1 : hi + 1]
            # Cost of each slot relative to the leftmost one; the current slot is i - lo.
            cost = best = here = 0
            best_slot = 0
            for k, u in enumerate(others):
                a1, a2 = edge_pair_crossings(uv, up[u], pos) if uv and up[u] else (0, 0)
                b1, b2 = edge_pair_crossings(dv, down[u], pos) if dv and down[u] else (0, 0)
                cost += (a2 + b2) - (a1 + b1)
                if k + 1 == i - lo:
                    here = cost
                if cost < best:
                    best, best_slot = cost, k + 1
            if best < here:
                removed += here - best
                layer[lo : hi + 1] = [*others[:best_slot], v, *others[best_slot:]]
                for j in range(lo, hi + 1):
                    pos[layer[j]] = j
    return removed
