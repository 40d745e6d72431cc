"""Separation-constraint projection (the VPSC "satisfy" step of Dwyer, Marriott and Stuckey)."""

from __future__ import annotations

from dataclasses import dataclass

Constraint = tuple[int, int, float]  # (left variable, right variable, gap): x[right] - x[left] >= gap


@dataclass(slots=True)
class _Block:
    members: list[int]
    wpos: float
    wsum: float
    incoming: list[Constraint]

    @property
    def posn(self) -> float:
        return self.wpos / self.wsum


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


def project(desired: list[float], weights: list[float], constraints: list[Constraint]) -> list[float]:
    """Positions close to ``desired`` (weighted least squares, greedily) that satisfy every constraint.

    Blocks of variables held together by active constraints are merged left to right in topological
    order, each placed at the weighted mean of its members' wishes. A final longest-path pass guarantees
    feasibility even where the greedy merge leaves a tiny violation. The constraint graph must be acyclic.
    """
    n = len(desired)
    order = _topological_order(n, constraints)
    if order is None:
        raise ValueError("separation constraints contain a cycle")
    incoming: list[list[Constraint]] = [[] for _ in range(n)]
    for c in constraints:
        incoming[c[1]].append(c)
    offset = [0.0] * n
    block_of: list[_Block] = []
    for v in range(n):
        w = weights[v] if weights[v] > 0 else 1e-6
        block_of.append(_Block([v], w * desired[v], w, list(incoming[v])))
    for v in order:
        b = block_of[v]
        while True:
            worst: Constraint | None = None
            worst_violation = 1e-9
            kept: list[Constraint] = []
            for c in b.incoming:
                u = c[0]
                bu = block_of[u]
                if bu is b:
                    continue
                kept.append(c)
                violation = bu.posn + offset[u] + c[2] - b.posn - offset[c[1]]
                if violation > worst_violation:
                    worst_violation = violation
                    worst = c
            b.incoming = kept
            if worst is None:
                break
            u, right, gap = worst
            left_block = block_of[u]
            dist = offset[u] + gap - offset[right]  # offset shift applied to b's members
            if len(left_block.members) >= len(b.members):
                big, small, shift = left_block, b, dist
            else:
                big, small, shift = b, left_block, -dist
            for m in small.members:
                offset[m] += shift
                block_of[m] = big
                wm = weights[m] if weights[m] > 0 else 1e-6
                big.wpos += wm * (desired[m] - offset[m])
                big.wsum += wm
            big.members.extend(small.members)
            big.incoming.extend(small.incoming)
            b = big
    x = [block_of[v].posn + offset[v] for v in range(n)]
    for v in order:
        for u, _, gap in incoming[v]:
            if x[u] + gap > x[v]:
                x[v] = x[u] + gap
    return x
