"""Cycle removal: find a small feedback arc set with the Eades-Lin-Smyth greedy heuristic."""

from __future__ import annotations


def greedy_vertex_order(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Order vertices so few edges point backwards (Eades, Lin & Smyth 1993), in O(V + E).

    Sinks go to the end, sources to the front, and otherwise the vertex with the largest
    out-degree minus in-degree is taken next; ties resolve by vertex number so layouts are deterministic.
    """
    out_adj: list[list[int]] = [[] for _ in range(n)]
    in_adj: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        if u != v:
            out_adj[u].append(v)
            in_adj[v].append(u)
    outdeg = [len(a) for a in out_adj]
    indeg = [len(a) for a in in_adj]
    removed = [False] * n
    # Buckets: sinks, sources, and the rest keyed by outdeg - indeg. Dicts keep insertion order (deterministic).
    sinks: dict[int, None] = {}
    sources: dict[int, None] = {}
    buckets: dict[int, dict[int, None]] = {}

    def place(v: int) -> None:
        if outdeg[v] == 0:
            sinks[v] = None
        elif indeg[v] == 0:
            sources[v] = None
        else:
            buckets.setdefault(outdeg[v] - indeg[v], {})[v] = None

    def unplace(v: int) -> None:
        if v in sinks:
            del sinks[v]
        elif v in sources:
            del sources[v]
        else:
            b = buckets[outdeg[v] - indeg[v]]
            del b[v]
            if not b:
                del buckets[outdeg[v] - indeg[v]]

    for v in range(n):
        place(v)

    def remove(v: int) -> None:
        removed[v] = True
        for w in out_adj[v]:
            if not removed[w]:
                unplace(w)
                indeg[w] -= 1
                place(w)
        for w in in_adj[v]:
            if not removed[w]:
                unplace(w)
                outdeg[w] -= 1
                place(w)

    front: list[int] = []
    back: list[int] = []
    remaining = n
    while remaining:
        while sinks:
            v = next(iter(sinks))
            del sinks[v]
            remove(v)
            back.append(v)
            remaining -= 1
        while sources:
            v = next(iter(sources))
            del sources[v]
            remove(v)
            front.append(v)
            remaining -= 1
        if remaining and buckets:
            best = max(buckets)
            bucket = buckets[best]
            v = next(iter(bucket))
            del bucket[v]
            if not bucket:
                del buckets[best]
            remove(v)
            front.append(v)
            remaining -= 1
        elif remaining and not sinks and not sources:
            break
    back.reverse()
    return front + back


def feedback_edges(n: int, edges: list[tuple[int, int]]) -> set[int]:
    """Indices of edges to reverse so the graph becomes acyclic (self-loops are never included)."""
    order = greedy_vertex_order(n, edges)
    position = [0] * n
    for i, v in enumerate(order):
        position[v] = i
    return {i for i, (u, v) in enumerate(edges) if u != v and position[u] > position[v]}


def is_acyclic(n: int, edges: list[tuple[int, int]]) -> bool:
    """Kahn's test; used by tests and as a guard before ranking."""
    indeg = [0] * n
    adj: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        if u == v:
            return False
        adj[u].append(v)
        indeg[v] += 1
    stack = [v for v in range(n) if indeg[v] == 0]
    seen = 0
    while stack:
        v = stack.pop()
        seen += 1
        for w in adj[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                stack.append(w)
    return seen == n
