"""Cycle removal: find a small feedback arc set with the Eades-Lin-Smyth greedy heuristic."""

from __future__ import annotations

import heapq


def greedy_vertex_order(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Order vertices so few edges point backwards (Eades, Lin & Smyth 1993).

    Sinks go to the end, sources to the front, and otherwise the vertex with the largest
    out-degree minus in-degree is taken next; ties go to the vertex given first, so that in a cycle the
    edge the author wrote last ("retry", "back to start") is the one that points back.
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
    # Min-heaps of (key, vertex) with lazy deletion: an entry is live while its key is the vertex's current
    # key. Keys: sinks 0, sources 0, the rest indeg - outdeg (so the largest outdeg - indeg pops first).
    sinks: list[int] = []
    sources: list[int] = []
    rest: list[tuple[int, int]] = []

    def place(v: int) -> None:
        if outdeg[v] == 0:
            heapq.heappush(sinks, v)
        elif indeg[v] == 0:
            heapq.heappush(sources, v)
        else:
            heapq.heappush(rest, (indeg[v] - outdeg[v], v))

    for v in range(n):
        place(v)

    def remove(v: int) -> None:
        removed[v] = True
        for w in out_adj[v]:
            if not removed[w]:
                indeg[w] -= 1
                place(w)
        for w in in_adj[v]:
            if not removed[w]:
                outdeg[w] -= 1
                place(w)

    def live_sink() -> int:
        while sinks:
            v = heapq.heappop(sinks)
            if not removed[v] and outdeg[v] == 0:
                return v
        return -1

    def live_source() -> int:
        while sources:
            v = heapq.heappop(sources)
            if not removed[v] and indeg[v] == 0 and outdeg[v] > 0:
                return v
        return -1

    front: list[int] = []
    back: list[int] = []
    remaining = n
    while remaining:
        v = live_sink()
        while v >= 0:
            remove(v)
            back.append(v)
            remaining -= 1
            v = live_sink()
        v = live_source()
        while v >= 0:
            remove(v)
            front.append(v)
            remaining -= 1
            v = live_source()
        while rest and remaining:
            key, v = heapq.heappop(rest)
            if not removed[v] and outdeg[v] > 0 and indeg[v] > 0 and key == indeg[v] - outdeg[v]:
                remove(v)
                front.append(v)
                remaining -= 1
                break
        else:
            if remaining and not sinks and not sources:
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
