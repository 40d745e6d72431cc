"""Layer assignment by the network simplex method of Gansner, Koutsofios, North and Vo (1993)."""

from __future__ import annotations


def longest_path_ranks(n: int, edges: list[tuple[int, int, int]]) -> list[int]:
    """Feasible ranks (rank[v] - rank[u] >= minlen) from a topological sweep; the simplex's start point."""
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v, m in edges:
        adj[u].append((v, m))
        indeg[v] += 1
    rank = [0] * n
    stack = [v for v in range(n) if indeg[v] == 0]
    seen = 0
    while stack:
        u = stack.pop()
        seen += 1
        ru = rank[u]
        for v, m in adj[u]:
            if ru + m > rank[v]:
                rank[v] = ru + m
            indeg[v] -= 1
            if indeg[v] == 0:
                stack.append(v)
    if seen != n:
        raise ValueError("ranking needs an acyclic graph")
    return rank


class _Simplex:
    """Network simplex on one connected, acyclic graph with merged multi-edges.

    Uses the incremental updates of the paper (re-ranking one side, updating cut values along the tree
    path and renumbering only below the lowest common ancestor) so an iteration costs far less than O(V+E).
    """

    def __init__(
        self, n: int, src: list[int], dst: list[int], minlen: list[int], weight: list[float]
    ) -> None:
        self.n = n
        self.src = src
        self.dst = dst
        self.minlen = minlen
        self.weight = weight
        self.inc: list[list[int]] = [[] for _ in range(n)]
        for e in range(len(src)):
            self.inc[src[e]].append(e)
            self.inc[dst[e]].append(e)
        self.rank = longest_path_ranks(n, list(zip(src, dst, minlen, strict=True)))
        self.in_tree = [False] * len(src)
        self.tadj: list[list[int]] = [[] for _ in range(n)]
        self.tree_edges: list[int] = []
        self.par = [-1] * n
        self.low = [0] * n
        self.lim = [0] * n
        self.postorder = [0] * n
        self.cut = [0.0] * len(src)

    def slack(self, e: int) -> int:
        return self.rank[self.dst[e]] - self.rank[self.src[e]] - self.minlen[e]

    def _add_tree_edge(self, e: int) -> None:
        self.in_tree[e] = True
        self.tadj[self.src[e]].append(e)
        self.tadj[self.dst[e]].append(e)

    def feasible_tree(self) -> None:
        """Grow a spanning tree of tight edges, shifting the tree when no tight edge leaves it."""
        n = self.n
        in_t = [False] * n
        in_t[0] = True
        members = [0]
        size = 1
        src, dst, rank, minlen = self.src, self.dst, self.rank, self.minlen

        def grow(start: list[int]) -> None:
            nonlocal size
            stack = list(start)
            while stack:
                v = stack.pop()
                for e in self.inc[v]:
                    w = dst[e] if src[e] == v else src[e]
                    if not in_t[w] and rank[dst[e]] - rank[src[e]] == minlen[e]:
                        in_t[w] = True
                        members.append(w)
                        size += 1
                        self._add_tree_edge(e)
                        stack.append(w)

        grow([0])
        while size < n:
            best = -1
            best_slack = 0
            for e in range(len(src)):
                if in_t[src[e]] != in_t[dst[e]]:
                    s = rank[dst[e]] - rank[src[e]] - minlen[e]
                    if best < 0 or s < best_slack:
                        best, best_slack = e, s
            delta = best_slack if in_t[src[best]] else -best_slack
            for v in members:
                rank[v] += delta
            grow([src[best] if in_t[src[best]] else dst[best]])
        self.tree_edges = [e for e in range(len(src)) if self.in_tree[e]]

    def dfs_range(self, root: int, parent_edge: int, start: int) -> None:
        """Post-order numbering (low, lim) of the subtree at ``root``; iterative to survive deep trees."""
        src, dst, tadj, par, low, lim, post = (
            self.src,
            self.dst,
            self.tadj,
            self.par,
            self.low,
            self.lim,
            self.postorder,
        )
        counter = start
        par[root] = parent_edge
        low[root] = start
        stack_v = [root]
        stack_it = [iter(tadj[root])]
        while stack_v:
            v = stack_v[-1]
            pe = par[v]
            for e in stack_it[-1]:
                if e != pe:
                    w = src[e] if dst[e] == v else dst[e]
                    par[w] = e
                    low[w] = counter
                    stack_v.append(w)
                    stack_it.append(iter(tadj[w]))
                    break
            else:
                lim[v] = counter
                post[counter] = v
                counter += 1
                stack_v.pop()
                stack_it.pop()

    def init_cut_values(self) -> None:
        src, weight, in_tree, cut, par = self.src, self.weight, self.in_tree, self.cut, self.par
        for idx in range(self.n):
            child = self.postorder[idx]
            pe = par[child]
            if pe < 0:
                continue
            child_is_tail = src[pe] == child
            value = weight[pe]
            for e in self.inc[child]:
                if e == pe:
                    continue
                points_to_head = (src[e] == child) == child_is_tail
                value += weight[e] if points_to_head else -weight[e]
                if in_tree[e]:
                    value += -cut[e] if points_to_head else cut[e]
            cut[pe] = value

    def leave_edge(self, start: int, search_size: int = 30) -> int:
        """Index into ``tree_edges`` of a tree edge with negative cut value, searching cyclically.

        Like Graphviz, the most negative of the first ``search_size`` candidates is taken: fewer pivots.
        """
        te = self.tree_edges
        m = len(te)
        cut = self.cut
        best = -1
        best_value = -1e-9
        found = 0
        for k in range(m):
            i = start + k
            if i >= m:
                i -= m
            value = cut[te[i]]
            if value < best_value:
                best, best_value = i, value
            if value < -1e-9:
                found += 1
                if found >= search_size:
                    break
        return best

    def enter_edge(self, e: int) -> int:
        """Non-tree edge of minimum slack from the head component to the tail component of ``e``."""
        src, dst, low, lim, rank, minlen = self.src, self.dst, self.low, self.lim, self.rank, self.minlen
        t, h = src[e], dst[e]
        sub = t if lim[t] < lim[h] else h
        lo, hi = low[sub], lim[sub]
        # An entering edge must leave the head side and enter the tail side.
        want_src_in_sub = sub == h
        if hi - lo + 1 <= self.n // 2:
            nodes = self.postorder[lo : hi + 1]
        else:
            nodes = self.postorder[:lo] + self.postorder[hi + 1 :]
        best = -1
        best_slack = 0
        for v in nodes:
            for f in self.inc[v]:
                if self.in_tree[f]:
                    continue
                s_in = lo <= lim[src[f]] <= hi
                d_in = lo <= lim[dst[f]] <= hi
                if s_in == want_src_in_sub and d_in != want_src_in_sub:
                    s = rank[dst[f]] - rank[src[f]] - minlen[f]
                    if best < 0 or s < best_slack:
                        best, best_slack = f, s
        return best

    def _tree_update(self, v: int, w: int, value: float, direction: bool) -> int:
        src, dst, low, lim, par, cut = self.src, self.dst, self.low, self.lim, self.par, self.cut
        while not (low[v] <= lim[w] <= lim[v]):
            pe = par[v]
            d = direction if v == src[pe] else not direction
            if d:
                cut[pe] += value
            else:
                cut[pe] -= value
            v = src[pe] if lim[src[pe]] > lim[dst[pe]] else dst[pe]
        return v

    def exchange(self, slot: int, f: int) -> None:
        e = self.tree_edges[slot]
        src, dst, lim, low, rank = self.src, self.dst, self.lim, self.low, self.rank
        delta = self.slack(f)
        if delta:
            t, h = src[e], dst[e]
            if lim[t] < lim[h]:
                for v in self.postorder[low[t] : lim[t] + 1]:
                    rank[v] -= delta
            else:
                for v in self.postorder[low[h] : lim[h] + 1]:
                    rank[v] += delta
        value = self.cut[e]
        lca = self._tree_update(src[f], dst[f], value, True)
        self._tree_update(dst[f], src[f], value, False)
        self.cut[f] = -value
        self.cut[e] = 0.0
        self.in_tree[e] = False
        self.tadj[src[e]].remove(e)
        self.tadj[dst[e]].remove(e)
        self._add_tree_edge(f)
        self.tree_edges[slot] = f
        self.dfs_range(lca, self.par[lca], self.low[lca])

    def solve(self, max_iterations: int) -> list[int]:
        if self.n == 1:
            return [0]
        self.feasible_tree()
        self.dfs_range(0, -1, 0)
        self.init_cut_values()
        start = 0
        for _ in range(max_iterations):
            slot = self.leave_edge(start)
            if slot < 0:
                break
            f = self.enter_edge(self.tree_edges[slot])
            if f < 0:
                break
            self.exchange(slot, f)
            start = slot + 1
        low = min(self.rank)
        return [r - low for r in self.rank]


def network_simplex_ranks(
    n: int, edges: list[tuple[int, int, int, float]], max_iterations: int | None = None
) -> list[int]:
    """Ranks minimising sum(weight * (rank[v] - rank[u])) with rank[v] - rank[u] >= minlen.

    ``edges`` are (u, v, minlen, weight) of an acyclic graph. Each weakly connected component is solved
    on its own and starts at rank 0. ``max_iterations`` bounds the pivots for very large inputs.
    """
    merged: dict[tuple[int, int], list[float]] = {}
    for u, v, m, w in edges:
        if u == v:
            continue
        key = (u, v)
        if key in merged:
            entry = merged[key]
            entry[0] = max(entry[0], m)
            entry[1] += w
        else:
            merged[key] = [float(m), float(w)]
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for u, v in merged:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    groups: dict[int, list[int]] = {}
    for v in range(n):
        groups.setdefault(find(v), []).append(v)
    comp_edges: dict[int, list[tuple[int, int, int, float]]] = {}
    for (u, v), (mf, w) in merged.items():
        comp_edges.setdefault(find(u), []).append((u, v, int(mf), w))
    ranks = [0] * n
    for root, members in groups.items():
        local = {v: i for i, v in enumerate(members)}
        es = comp_edges.get(root, [])
        solver = _Simplex(
            len(members),
            [local[u] for u, _, _, _ in es],
            [local[v] for _, v, _, _ in es],
            [m for _, _, m, _ in es],
            [w for _, _, _, w in es],
        )
        limit = max_iterations if max_iterations is not None else 20 * len(members) + 100
        for v, r in zip(members, solver.solve(limit), strict=True):
            ranks[v] = r
    return ranks
