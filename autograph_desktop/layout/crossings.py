"""Crossing counting between adjacent layers and the transposition heuristic that reduces it."""

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


def _pair_crossings(a_nbrs: list[int], b_nbrs: list[int], pos: list[int]) -> tuple[int, int]:
    """Crossings among the edges of two neighbouring vertices, as placed (a, b) and swapped (b, a)."""
    if len(a_nbrs) == 1 and len(b_nbrs) == 1:
        pa, pb = pos[a_nbrs[0]], pos[b_nbrs[0]]
        return (1, 0) if pa > pb else (0, 1) if pa < pb else (0, 0)
    ab = ba = 0
    bs = [pos[y] for y in b_nbrs]
    for x in a_nbrs:
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
) -> None:
    """Swap neighbours of the same group while that lowers local crossings (Gansner et al., 1993).

    Only vertices with equal ``group`` (their innermost cluster) are swapped, so clusters stay contiguous.
    ``allow_equal`` also swaps pairs whose crossings tie (and are not zero), as dot does on alternate
    sweeps to leave plateaus. Works in place on ``layers`` and ``pos``.
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
                uv, uw, dv, dw = up[v], up[w], down[v], down[w]
                c1 = c2 = d1 = d2 = 0
                if uv and uw:
                    c1, c2 = _pair_crossings(uv, uw, pos)
                if dv and dw:
                    d1, d2 = _pair_crossings(dv, dw, pos)
                before, after = c1 + d1, c2 + d2
                if after < before or (allow_equal and after == before and before > 0):
                    layer[i], layer[i + 1] = w, v
                    pos[v], pos[w] = i + 1, i
                    if after < before:
                        improved = True
                        dirty[r] = True
                        if r > 0:
                            dirty[r - 1] = True
                        if r + 1 < len(layers):
                            dirty[r + 1] = True
                i += 1
        if not improved:
            break


def sift(
    layers: list[list[int]], up: list[list[int]], down: list[list[int]], pos: list[int], group: list[int]
) -> None:
    """Move each vertex to the best slot of its layer (sifting, Matuszewski et al. 1999), in place.

    A vertex only moves within the run of neighbours that share its group, so clusters stay
    contiguous. Sliding a vertex one place to the right changes the crossings by the difference of
    its two pair counts with the vertex it passes, so each vertex costs O(run length * degree^2).
    """
    for layer in layers:
        if len(layer) < 3:
            continue
        for v in list(layer):
            if not up[v] and not down[v]:
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
            best_k = current = best = 0
            for k, u in enumerate(others):
                vu = uv = 0
                if up[v] and up[u]:
                    a, b = _pair_crossings(up[v], up[u], pos)
                    vu += a
                    uv += b
                if down[v] and down[u]:
                    a, b = _pair_crossings(down[v], down[u], pos)
                    vu += a
                    uv += b
                current += uv - vu
                if current < best:
                    best, best_k = current, k + 1
            run = [*others[:best_k], v, *others[best_k:]]
            if run != layer[lo : hi + 1]:
                layer[lo : hi + 1] = run
                for j in range(lo, hi + 1):
                    pos[layer[j]] = j
