"""The working state of crossing minimisation: layer orders, median sweeps and starting orders.

Clusters are kept contiguous by sorting each layer as a tree (a cluster's members and sub-clusters sort
among themselves, and a cluster moves as one entry among its siblings), and sibling clusters keep one
left-to-right order in every layer so that their boxes can sit side by side.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .cluster_sort import Entry, Sides, cluster_spans, hierarchical_order, sort_entries
from .crossings import bilayer_crossings, transpose


def weighted_median(ps: list[int]) -> float:
    """Median of sorted positions, interpolated towards the denser side for even counts (as in dot)."""
    k = len(ps)
    m = k // 2
    if k % 2:
        return float(ps[m])
    if k == 2:
        return (ps[0] + ps[1]) / 2
    left = ps[m - 1] - ps[0]
    right = ps[-1] - ps[m]
    if left + right == 0:
        return (ps[m - 1] + ps[m]) / 2
    return (ps[m - 1] * right + ps[m] * left) / (left + right)


KEEP_OUT = 4  # an edge through a foreign cluster weighs as much as this many crossings


@dataclass(slots=True)
class Saved:
    """Some consecutive layers, from ``lo``, and the cluster order (``cluster_rank``) of that moment."""

    lo: int
    layers: list[list[int]]
    rank: list[int]


class Sweeper:
    """Layer orders with positions, and the moves every ordering strategy is built from."""

    def __init__(
        self,
        layers: list[list[int]],
        up: list[list[int]],
        down: list[list[int]],
        cluster_of: list[int],
        cluster_parent: list[int],
    ) -> None:
        self.layers = layers
        self.up = up
        self.down = down
        self.cluster_of = cluster_of
        self.parent = cluster_parent
        self.pos = [0] * len(cluster_of)
        for layer in layers:
            for i, v in enumerate(layer):
                self.pos[v] = i
        self.has_clusters = any(c >= 0 for c in cluster_of)
        # path[c] = clusters from the outermost down to c; groups a layer hierarchically.
        self.path: list[list[int]] = []
        for c in range(len(cluster_parent)):
            chain = []
            k = c
            while k >= 0:
                chain.append(k)
                k = cluster_parent[k]
            chain.reverse()
            self.path.append(chain)
        self.cluster_rank = list(range(len(cluster_parent)))

    # --- state ---------------------------------------------------------------------------------

    def set_layer(self, r: int, order: list[int]) -> None:
        self.layers[r] = order
        pos = self.pos
        for i, v in enumerate(order):
            pos[v] = i

    def snapshot(self, lo: int = 0, hi: int | None = None) -> Saved:
        """A copy of layers ``lo`` to ``hi - 1`` and of the sibling cluster order they follow."""
        return Saved(lo, [list(layer) for layer in self.layers[lo:hi]], list(self.cluster_rank))

    def restore(self, saved: Saved) -> None:
        for k, layer in enumerate(saved.layers):
            self.set_layer(saved.lo + k, list(layer))
        self.cluster_rank = list(saved.rank)

    def crossings(self, lo: int = 0, hi: int | None = None) -> int:
        """Crossings of the edges that touch layers ``lo`` to ``hi - 1`` (all layers by default), plus
        ``KEEP_OUT`` for each of those edges that runs through a cluster it does not belong to."""
        layers = self.layers
        top = len(layers) - 1 if hi is None else min(hi, len(layers) - 1)
        total = 0
        for r in range(max(0, lo - 1), top):
            total += bilayer_crossings(layers[r], self.down, self.pos, len(layers[r + 1]))
            if self.has_clusters:
                total += KEEP_OUT * self._through(r)
        return total

    def _through(self, r: int) -> int:
        """Edges between layers ``r`` and ``r + 1`` with both ends outside a cluster that spans both
        layers, and the ends on opposite sides of it (so the edge crosses the cluster's box)."""
        upper = cluster_spans(self.layers[r], self.cluster_of, self.path, self.pos)
        lower = cluster_spans(self.layers[r + 1], self.cluster_of, self.path, self.pos)
        common = [(upper[c], lower[c]) for c in upper if c in lower]
        if not common:
            return 0
        pos = self.pos
        count = 0
        for u in self.layers[r]:
            pu = pos[u]
            for v in self.down[u]:
                pv = pos[v]
                for (a0, a1), (b0, b1) in common:
                    if not (a0 <= pu <= a1 or b0 <= pv <= b1) and (pu < a0) != (pv < b0):
                        count += 1
        return count

    # --- moves ---------------------------------------------------------------------------------

    def sort_layer(self, r: int, nbrs: list[list[int]] | None, reverse: bool = False) -> None:
        """Reorder layer ``r`` by the weighted medians of ``nbrs`` (None: by position, to regroup)."""
        layer = self.layers[r]
        cluster_of = self.cluster_of
        if not self.has_clusters or all(cluster_of[v] < 0 for v in layer):
            if nbrs is not None:
                self._sort_flat(r, nbrs, reverse)
            return
        pos = self.pos
        sums: dict[int, tuple[float, int]] = {}
        for v in layer:
            if nbrs is None:
                sums[v] = (float(pos[v]), 1)
            elif nbrs[v]:
                k = len(nbrs[v])
                sums[v] = (weighted_median(sorted(pos[u] for u in nbrs[v])) * k, k)
        self.set_layer(r, self._sort_hierarchical(r, layer, sums, nbrs, reverse))

    def _sort_flat(self, r: int, nbrs: list[list[int]], reverse: bool) -> None:
        """``sort_layer`` without clusters: a plain sort, the hot path of every sweep."""
        layer = self.layers[r]
        pos = self.pos
        vals: list[float] = []
        free = True
        for v in layer:
            ns = nbrs[v]
            if len(ns) == 1:
                vals.append(pos[ns[0]])
            elif ns:
                vals.append(weighted_median(sorted([pos[u] for u in ns])))
            else:
                vals.append(-1.0)
                free = False
        if free:
            if reverse:
                idx = sorted(range(len(layer)), key=lambda i: (vals[i], -i))
            else:
                idx = sorted(range(len(layer)), key=lambda i: (vals[i], i))
            self.set_layer(r, [layer[i] for i in idx])
            return
        entries: list[Entry] = [
            (vals[i] if vals[i] >= 0 else None, float(i), v, False, [v]) for i, v in enumerate(layer)
        ]
        self.set_layer(r, [e[2] for e in sort_entries(entries, reverse)])

    def _sort_hierarchical(
        self, r: int, layer: list[int], sums: dict[int, tuple[float, int]], nbrs: list[list[int]] | None,
        reverse: bool,
    ) -> list[int]:
        """Cluster-aware sort; with ``nbrs`` its vertices also keep the side of each cluster their
        neighbours in that adjacent layer are on (edges stay out of foreign clusters)."""
        sides = None
        if nbrs is not None:
            adjacent = r - 1 if nbrs is self.up else r + 1
            if 0 <= adjacent < len(self.layers):
                span = cluster_spans(self.layers[adjacent], self.cluster_of, self.path, self.pos)
                sides = Sides(nbrs, self.pos, span)
        return hierarchical_order(layer, sums, reverse, self.cluster_of, self.path, self.cluster_rank, self.pos,
                                  sides)

    def keep_out(self) -> None:
        """Top to bottom, move each vertex to the side of every cluster that its upper neighbours outside
        the cluster are on, changing as little of the order as it can: afterwards an edge runs through
        a cluster it does not belong to only where its lower end has upper neighbours on both sides."""
        if not self.has_clusters:
            return
        for r in range(1, len(self.layers)):
            layer = self.layers[r]
            sums = {v: (float(self.pos[v]), 1) for v in layer}
            self.set_layer(r, self._sort_hierarchical(r, layer, sums, self.up, False))

    def regroup(self) -> None:
        """One global left-to-right order of sibling clusters, so their rectangles can sit side by side."""
        k = len(self.parent)
        acc = [0.0] * k
        cnt = [0] * k
        for layer in self.layers:
            size = max(1, len(layer) - 1)
            for i, v in enumerate(layer):
                c = self.cluster_of[v]
                if c >= 0:
                    for j in self.path[c]:
                        acc[j] += i / size
                        cnt[j] += 1
        key = [acc[j] / cnt[j] if cnt[j] else 0.0 for j in range(k)]
        for rank, j in enumerate(sorted(range(k), key=lambda j: (key[j], j))):
            self.cluster_rank[j] = rank
        for r in range(len(self.layers)):
            self.sort_layer(r, None)

    def sweep(self, it: int, lo: int = 0, hi: int | None = None, passes: int = 4) -> None:
        """One median sweep over layers ``lo`` to ``hi - 1`` (down on even ``it``, up on odd), then
        transposition. Layers outside stay fixed; clusters regroup only on full sweeps."""
        h = len(self.layers)
        hi = h if hi is None else hi
        reverse = it % 4 < 2
        if it % 2 == 0:
            for r in range(max(lo, 1), hi):
                self.sort_layer(r, self.up, reverse)
        else:
            for r in range(min(hi, h - 1) - 1, lo - 1, -1):
                self.sort_layer(r, self.down, reverse)
        if self.has_clusters and lo == 0 and hi == h:
            self.regroup()
        transpose(self.layers[lo:hi] if (lo, hi) != (0, h) else self.layers, self.up, self.down, self.pos,
                  self.cluster_of, passes, not reverse)

    def initial(self, from_top: bool, rng: random.Random | None = None) -> None:
        """Breadth-first placement from the sources (or, upwards, from the sinks), as dot's build_ranks.

        With ``rng`` the start and neighbour orders are shuffled, for restarts.
        """
        n = len(self.pos)
        rank = [0] * n
        for r, layer in enumerate(self.layers):
            for v in layer:
                rank[v] = r
        items = [v for layer in self.layers for v in layer]
        forward, backward = (self.down, self.up) if from_top else (self.up, self.down)
        seen = [False] * n
        layers: list[list[int]] = [[] for _ in self.layers]
        starts = [v for v in items if not backward[v]]
        if not from_top:
            starts.sort(key=lambda v: -rank[v])
        if rng is not None:
            rng.shuffle(starts)
        for s in starts + items:
            if seen[s]:
                continue
            seen[s] = True
            queue = [s]
            i = 0
            while i < len(queue):
                v = queue[i]
                i += 1
                layers[rank[v]].append(v)
                nexts = forward[v]
                if rng is not None and len(nexts) > 1:
                    nexts = rng.sample(nexts, len(nexts))
                for w in nexts:
                    if not seen[w]:
                        seen[w] = True
                        queue.append(w)
        for r, layer in enumerate(layers):
            self.set_layer(r, layer)
        if self.has_clusters:
            self.regroup()

    def shuffle(self, lo: int, hi: int, rng: random.Random) -> None:
        """Random orders for layers ``lo`` to ``hi - 1``, regrouped so clusters stay contiguous."""
        for r in range(lo, hi):
            layer = list(self.layers[r])
            rng.shuffle(layer)
            self.set_layer(r, layer)
            if self.has_clusters:
                self.sort_layer(r, None)
