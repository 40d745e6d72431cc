"""Horizontal coordinates by Brandes and Köpf (2001): four vertical alignments, compacted and balanced."""

from __future__ import annotations

from collections.abc import Callable

SeparationFn = Callable[[int, int], float]


def mark_type1_conflicts(
    layers: list[list[int]], up: list[list[int]], is_dummy: list[bool]
) -> set[tuple[int, int]]:
    """Non-inner segments that cross an inner (dummy-to-dummy) segment; alignment must skip them.

    Returns pairs (upper, lower). Inner segments win so long edges become straight vertical lines.
    """
    marked: set[tuple[int, int]] = set()
    pos = {v: i for layer in layers for i, v in enumerate(layer)}
    for i in range(len(layers) - 1):
        upper, lower = layers[i], layers[i + 1]
        if not upper or not lower:
            continue
        k0 = 0
        scan = 0
        last = len(lower) - 1
        for l1, v in enumerate(lower):
            inner_w = -1
            if is_dummy[v]:
                for u in up[v]:
                    if is_dummy[u]:
                        inner_w = u
                        break
            if l1 == last or inner_w >= 0:
                k1 = pos[inner_w] if inner_w >= 0 else len(upper) - 1
                while scan <= l1:
                    w = lower[scan]
                    for u in up[w]:
                        k = pos[u]
                        if (k < k0 or k > k1) and not (is_dummy[u] and is_dummy[w]):
                            marked.add((u, w))
                    scan += 1
                k0 = k1
    return marked


def _vertical_alignment(
    layers: list[list[int]], nbrs: list[list[int]], conflicts: set[tuple[int, int]], n: int, flipped: bool
) -> tuple[list[int], list[int]]:
    root = list(range(n))
    align = list(range(n))
    pos = [0] * n
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i
    for layer in layers[1:]:
        r = -1
        for v in layer:
            ns = nbrs[v]
            if not ns:
                continue
            ordered = sorted(ns, key=pos.__getitem__) if len(ns) > 1 else ns
            d = len(ordered)
            for m in ((d - 1) // 2, d // 2) if d % 2 == 0 else ((d - 1) // 2,):
                if align[v] != v:
                    break
                u = ordered[m]
                pair = (v, u) if flipped else (u, v)
                if pair not in conflicts and r < pos[u]:
                    align[u] = v
                    root[v] = root[u]
                    align[v] = root[v]
                    r = pos[u]
    return root, align


def _horizontal_compaction(
    layers: list[list[int]], root: list[int], sep: SeparationFn, n: int
) -> list[float]:
    """Place blocks left to right by longest path in the block graph, then pull them right where free."""
    succ: dict[int, dict[int, float]] = {}
    indeg: dict[int, int] = {}
    for layer in layers:
        prev = -1
        for v in layer:
            rv = root[v]
            indeg.setdefault(rv, 0)
            if prev >= 0:
                ru = root[prev]
                d = sep(prev, v)
                out = succ.setdefault(ru, {})
                if rv in out:
                    if d > out[rv]:
                        out[rv] = d
                else:
                    out[rv] = d
                    indeg[rv] += 1
            prev = v
    order: list[int] = [b for b, k in indeg.items() if k == 0]
    i = 0
    remaining = dict(indeg)
    while i < len(order):
        b = order[i]
        i += 1
        for s in succ.get(b, {}):
            remaining[s] -= 1
            if remaining[s] == 0:
                order.append(s)
    xb: dict[int, float] = {}
    for b in order:
        xb.setdefault(b, 0.0)
        xv = xb[b]
        for s, d in succ.get(b, {}).items():
            if xv + d > xb.get(s, float("-inf")):
                xb[s] = xv + d
    for b in reversed(order):
        nxt = succ.get(b)
        if nxt:
            limit = min(xb[s] - d for s, d in nxt.items())
            if limit > xb[b]:
                xb[b] = limit
    x = [0.0] * n
    for layer in layers:
        for v in layer:
            x[v] = xb.get(root[v], 0.0)
    return x


def brandes_koepf(
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    widths: list[float],
    is_dummy: list[bool],
    sep: SeparationFn,
    balance: bool = True,
) -> list[float]:
    """Centre x of every vertex from the four vertical alignments (up/down x left/right).

    With ``balance`` the classic result: the median of the four layouts after aligning them to the
    narrowest. Without it, the narrowest layout alone; the layered layout prefers that as the start
    of its own least-squares tightening, because the averaged layouts drift apart on deep graphs.
    ``sep(a, b)`` is the minimum centre distance of a vertex ``a`` placed directly left of ``b``.
    """
    n = len(widths)
    conflicts = mark_type1_conflicts(layers, up, is_dummy)
    results: list[list[float]] = []
    kinds: list[bool] = []
    for vertical in ("down", "up"):
        base = layers if vertical == "down" else layers[::-1]
        nbrs = up if vertical == "down" else down
        for horizontal in ("left", "right"):
            if horizontal == "left":
                ls = base
                root, _align = _vertical_alignment(ls, nbrs, conflicts, n, vertical == "up")
                x = _horizontal_compaction(ls, root, sep, n)
            else:
                ls = [layer[::-1] for layer in base]
                root, _align = _vertical_alignment(ls, nbrs, conflicts, n, vertical == "up")
                x = _horizontal_compaction(ls, root, lambda a, b: sep(b, a), n)
                x = [-v for v in x]
            results.append(x)
            kinds.append(horizontal == "left")
    items = [v for layer in layers for v in layer]
    if not items:
        return [0.0] * n
    spans = []
    for x in results:
        lo = min(x[v] - widths[v] / 2 for v in items)
        hi = max(x[v] + widths[v] / 2 for v in items)
        spans.append((lo, hi))
    best = min(range(4), key=lambda k: spans[k][1] - spans[k][0])
    for k in range(4):
        shift = spans[best][0] - spans[k][0] if kinds[k] else spans[best][1] - spans[k][1]
        if shift:
            results[k] = [v + shift for v in results[k]]
    out = [0.0] * n
    if not balance:
        for v in items:
            out[v] = results[best][v]
        return out
    for v in items:
        vals = sorted((results[0][v], results[1][v], results[2][v], results[3][v]))
        out[v] = (vals[1] + vals[2]) / 2
    return out
