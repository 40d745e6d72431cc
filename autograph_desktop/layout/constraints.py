"""Separation-constraint projection (the VPSC "satisfy" step of Dwyer, Marriott and Stuckey)."""

from __future__ import annotations

Constraint = tuple[int, int, float]  # (left variable, right variable, gap): x[right] - x[left] >= gap


def _topological_order(n: int, constraints: list[Constraint]) -> list[int] | None:
    out: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v, _ in constraints:
        out[u].append(v)
        indeg[v] += 1
    order = [v for v in range(n) if indeg[v] == 0]
    i = 0
    while i < len(order):
        u = order[i]
        i += 1
        for v in out[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                order.append(v)
    return order if len(order) == n else None


class Projector:
    """Projects many wish lists onto one fixed set of separation constraints.

    The topological order and the per-variable constraint lists are built once, so repeated
    projections (the coordinate tightening rounds) only pay for the block merging itself.
    """

    def __init__(self, n: int, constraints: list[Constraint]) -> None:
        order = _topological_order(n, constraints)
        if order is None:
            raise ValueError("separation constraints contain a cycle")
        self.n = n
        self.order = order
        self.incoming: list[list[Constraint]] = [[] for _ in range(n)]
        for c in constraints:
            self.incoming[c[1]].append(c)

    def project(self, desired: list[float], weights: list[float]) -> list[float]:
        """Positions close to ``desired`` (weighted least squares, greedily) satisfying every constraint.

        Blocks of variables held together by active constraints are merged left to right in
        topological order, each placed at the weighted mean of its members' wishes. A final
        longest-path pass guarantees feasibility where the greedy merge leaves a tiny violation.
        """
        n = self.n
        incoming = self.incoming
        offset = [0.0] * n
        block = list(range(n))  # block id = the variable that founded it
        wts = [w if w > 0 else 1e-6 for w in weights]
        wpos = [w * d for w, d in zip(wts, desired, strict=True)]
        wsum = list(wts)
        members: list[list[int]] = [[v] for v in range(n)]
        inc: list[list[Constraint]] = [list(lst) for lst in incoming]
        # A block is rescanned only after it changed; other members of an unchanged block would find
        # the same constraints satisfied (the final pass repairs the rare case of a moved neighbour).
        clean = [False] * n
        for v in self.order:
            b = block[v]
            if clean[b]:
                continue
            while inc[b]:
                worst: Constraint | None = None
                worst_violation = 1e-9
                kept: list[Constraint] = []
                pb = wpos[b] / wsum[b]
                for c in inc[b]:
                    u, r, gap = c
                    bu = block[u]
                    if bu == b:
                        continue
                    kept.append(c)
                    violation = wpos[bu] / wsum[bu] + offset[u] + gap - pb - offset[r]
                    if violation > worst_violation:
                        worst_violation = violation
                        worst = c
                inc[b] = kept
                if worst is None:
                    break
                clean[b] = False
                u, r, gap = worst
                left = block[u]
                dist = offset[u] + gap - offset[r]  # shift of b's offsets into left's frame
                if len(members[left]) >= len(members[b]):
                    big, small, shift = left, b, dist
                else:
                    big, small, shift = b, left, -dist
                for m in members[small]:
                    offset[m] += shift
                    block[m] = big
                    wpos[big] += wts[m] * (desired[m] - offset[m])
                wsum[big] += wsum[small]
                members[big].extend(members[small])
                members[small] = []
                inc[big].extend(inc[small])
                inc[small] = []
                b = big
            clean[b] = True
        x = [wpos[block[v]] / wsum[block[v]] + offset[v] for v in range(n)]
        for v in self.order:
            for u, _, gap in incoming[v]:
                if x[u] + gap > x[v]:
                    x[v] = x[u] + gap
        return x


def project(desired: list[float], weights: list[float], constraints: list[Constraint]) -> list[float]:
    """One-off projection of ``desired`` onto acyclic separation ``constraints`` (see ``Projector``)."""
    return Projector(len(desired), constraints).project(desired, weights)


def project_chain(desired: list[float], weights: list[float], offsets: list[float]) -> list[float]:
    """Exact weighted least-squares projection onto one chain x[i+1] - x[i] >= gap[i].

    With ``offsets[i]`` the sum of the gaps before ``i``, the problem becomes isotonic regression of
    ``desired - offsets``, solved by pool-adjacent-violators in linear time. Used for the layers of
    a drawing without clusters, where every layer is such a chain.
    """
    sums: list[float] = []  # weighted sum of targets per block
    wts: list[float] = []
    sizes: list[int] = []
    for d, w, off in zip(desired, weights, offsets, strict=True):
        w = w if w > 0 else 1e-6
        s, ws, size = w * (d - off), w, 1
        while sums and sums[-1] / wts[-1] >= s / ws:
            s += sums.pop()
            ws += wts.pop()
            size += sizes.pop()
        sums.append(s)
        wts.append(ws)
        sizes.append(size)
    out: list[float] = []
    i = 0
    for s, ws, size in zip(sums, wts, sizes, strict=True):
        level = s / ws
        for _ in range(size):
            out.append(level + offsets[i])
            i += 1
    return out
