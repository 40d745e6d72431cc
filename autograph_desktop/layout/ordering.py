"""Crossing minimisation: median sweeps, transposition and sifting, keeping nested clusters contiguous."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .crossings import sift, total_crossings, transpose

# One sortable entry: (barycenter or None, original index, item or cluster id, is_cluster, ordered items).
_Entry = tuple[float | None, float, int, bool, list[int]]


@dataclass(slots=True)
class OrderingInput:
    """Proper layered graph: every edge joins consecutive layers; clusters are a forest of ints."""

    layers: list[list[int]]
    up: list[list[int]]
    down: list[list[int]]
    cluster_of: list[int]
    cluster_parent: list[int] = field(default_factory=list)
    max_sweeps: int = 24
    transpose_passes: int = 4
    thorough: bool = True


MEDIAN = True  # weighted median (dot) rather than barycenter for a vertex's wish position
STALE = 5  # sweeps without a 0.5 % gain before the long pass stops (dot's MinQuit)
SIFT_LIMIT = 4000  # items; sifting costs about layer width times more than a median sweep
SIFT_ROUNDS = 3
RESTART_LIMIT = 200  # layered vertices; below this, random restarts are cheap and often win (measured: at 200
# flowchart nodes, ~350 layered vertices, they doubled the time without removing a crossing)
RESTARTS = 4


def _weighted_median(ps: list[int]) -> float:
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


def _sort_entries(entries: list[_Entry], reverse_ties: bool = False) -> list[_Entry]:
    """Sort by median value; entries without one keep their original slot (as in dagre's sort).

    ``reverse_ties`` flips the order of equal values, which lets alternate sweeps escape plateaus (dot).
    """
    sortable = [e for e in entries if e[0] is not None]
    sign = -1.0 if reverse_ties else 1.0
    sortable.sort(key=lambda e: (e[0], sign * e[1]))
    if len(sortable) == len(entries):
        return sortable
    by_orig = sorted(range(len(entries)), key=lambda i: entries[i][1])
    slot_of = {by_orig[k]: k for k in range(len(entries))}
    fixed = sorted((slot_of[i], i) for i, e in enumerate(entries) if e[0] is None)
    out: list[_Entry] = []
    si = fi = 0
    for slot in range(len(entries)):
        if fi < len(fixed) and (fixed[fi][0] <= slot or si >= len(sortable)):
            out.append(entries[fixed[fi][1]])
            fi += 1
        else:
            out.append(sortable[si])
            si += 1
    return out


class _Orderer:
    def __init__(self, data: OrderingInput) -> None:
        self.layers = data.layers
        self.up = data.up
        self.down = data.down
        self.cluster_of = data.cluster_of
        self.parent = data.cluster_parent
        self.max_sweeps = data.max_sweeps
        self.thorough = data.thorough
        self.transpose_passes = data.transpose_passes
        n = len(data.cluster_of)
        self.pos = [0] * n
        for layer in self.layers:
            for i, v in enumerate(layer):
                self.pos[v] = i
        self.has_clusters = any(c >= 0 for c in data.cluster_of)
        # chain[c] = clusters from the outermost down to c; used to group a layer hierarchically.
        self.chain: list[list[int]] = []
        for c in range(len(self.parent)):
            path = []
            k = c
            while k >= 0:
                path.append(k)
                k = self.parent[k]
            path.reverse()
            self.chain.append(path)
        self.cluster_rank = list(range(len(self.parent)))

    def _set_layer(self, r: int, order: list[int]) -> None:
        self.layers[r] = order
        pos = self.pos
        for i, v in enumerate(order):
            pos[v] = i

    def _sort_layer(self, r: int, nbrs: list[list[int]] | None, reverse: bool = False) -> None:
        """Reorder layer ``r`` by barycenters of ``nbrs`` (None: by current position, used for grouping)."""
        layer = self.layers[r]
        pos = self.pos
        sums: dict[int, tuple[float, int]] = {}
        for v in layer:
            if nbrs is None:
                sums[v] = (float(pos[v]), 1)
            else:
                ns = nbrs[v]
                if ns:
                    k = len(ns)
                    if k == 1:
                        sums[v] = (float(pos[ns[0]]), 1)
                    elif MEDIAN:
                        sums[v] = (_weighted_median(sorted(pos[u] for u in ns)) * k, k)
                    else:
                        sums[v] = (float(sum(pos[u] for u in ns)), k)
        if not self.has_clusters:
            entries: list[_Entry] = []
            for v in layer:
                s = sums.get(v)
                entries.append((s[0] / s[1] if s else None, float(pos[v]), v, False, [v]))
            self._set_layer(r, [e[2] for e in _sort_entries(entries, reverse)])
            return
        self._set_layer(r, self._sort_hierarchical(layer, sums, reverse))

    def _sort_hierarchical(
        self, layer: list[int], sums: dict[int, tuple[float, int]], reverse: bool = False
    ) -> list[int]:
        pos = self.pos
        # Tree of the layer's items by cluster: key -1 is the root level.
        direct: dict[int, list[int]] = {-1: []}
        kids: dict[int, list[int]] = {-1: []}
        for v in layer:
            c = self.cluster_of[v]
            if c < 0:
                direct[-1].append(v)
                continue
            prev = -1
            for k in self.chain[c]:
                if k not in direct:
                    direct[k] = []
                    kids[k] = []
                    kids[prev].append(k)
                prev = k
            direct[c].append(v)

        def solve(c: int) -> tuple[list[int], float, int, float]:
            entries: list[_Entry] = []
            total_s, total_n, min_pos = 0.0, 0, float("inf")
            for v in direct[c]:
                s = sums.get(v)
                entries.append((s[0] / s[1] if s else None, float(pos[v]), v, False, [v]))
                if s:
                    total_s += s[0]
                    total_n += s[1]
                min_pos = min(min_pos, pos[v])
            for k in kids[c]:
                items, ks, kn, kp = solve(k)
                entries.append((ks / kn if kn else None, kp, k, True, items))
                total_s += ks
                total_n += kn
                min_pos = min(min_pos, kp)
            ordered = _sort_entries(entries, reverse)
            slots = [i for i, e in enumerate(ordered) if e[3]]
            if len(slots) > 1:
                clusters = sorted((ordered[i] for i in slots), key=lambda e: self.cluster_rank[e[2]])
                for i, e in zip(slots, clusters, strict=True):
                    ordered[i] = e
            out: list[int] = []
            for e in ordered:
                out.extend(e[4])
            return out, total_s, total_n, min_pos

        return solve(-1)[0]

    def _update_cluster_rank(self) -> None:
        """One global left-to-right order of sibling clusters, so their rectangles can sit side by side."""
        acc = [0.0] * len(self.parent)
        cnt = [0] * len(self.parent)
        for layer in self.layers:
            size = max(1, len(layer) - 1)
            for i, v in enumerate(layer):
                c = self.cluster_of[v]
                if c >= 0:
                    for k in self.chain[c]:
                        acc[k] += i / size
                        cnt[k] += 1
        key = [acc[k] / cnt[k] if cnt[k] else 0.0 for k in range(len(self.parent))]
        order = sorted(range(len(self.parent)), key=lambda k: (key[k], k))
        for rank, k in enumerate(order):
            self.cluster_rank[k] = rank

    def _regroup(self) -> None:
        self._update_cluster_rank()
        for r in range(len(self.layers)):
            self._sort_layer(r, None)

    def _initial(self, from_top: bool, rng: random.Random | None = None) -> None:
        """Breadth-first placement from the sources (or, upwards, from the sinks), as dot's build_ranks.

        With ``rng`` the start and neighbour orders are shuffled, for the restarts on small graphs.
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
            self._set_layer(r, layer)
        if self.has_clusters:
            self._regroup()

    def _step(self, it: int) -> None:
        """One median sweep (down on even, up on odd iterations) followed by transposition."""
        layers = self.layers
        reverse = it % 4 < 2
        if it % 2 == 0:
            for r in range(1, len(layers)):
                self._sort_layer(r, self.up, reverse)
        else:
            for r in range(len(layers) - 2, -1, -1):
                self._sort_layer(r, self.down, reverse)
        if self.has_clusters:
            self._regroup()
        transpose(layers, self.up, self.down, self.pos, self.cluster_of, self.transpose_passes, not reverse)

    def _crossings(self) -> int:
        return total_crossings(self.layers, self.down, self.pos)

    def _snapshot(self) -> list[list[int]]:
        return [list(layer) for layer in self.layers]

    def _restore(self, layers: list[list[int]]) -> None:
        for r, layer in enumerate(layers):
            self._set_layer(r, list(layer))

    def _short_pass(self, best: list[list[int]], best_c: int) -> tuple[list[list[int]], int]:
        """Four sweeps from the current (fresh) order; returns the best of it and ``best``."""
        c = self._crossings()
        if best_c < 0 or c < best_c:
            best, best_c = self._snapshot(), c
        for it in range(min(4, self.max_sweeps)):
            if best_c == 0:
                break
            self._step(it)
            c = self._crossings()
            if c < best_c:
                best, best_c = self._snapshot(), c
        return best, best_c

    def _long_pass(self, best: list[list[int]], best_c: int) -> tuple[list[list[int]], int]:
        """Sweeps from ``best`` until they stop paying, then a sifting polish."""
        self._restore(best)
        stale = 0
        for it in range(self.max_sweeps):
            if best_c == 0 or stale >= STALE:
                break
            self._step(it)
            c = self._crossings()
            stale += 1
            if c < best_c:
                if c < 0.995 * best_c:
                    stale = 0
                best, best_c = self._snapshot(), c
        if best_c > 0 and self.thorough and len(self.pos) < SIFT_LIMIT:
            # Sifting escapes the local optima of median + transpose.
            self._restore(best)
            for _ in range(SIFT_ROUNDS):
                sift(self.layers, self.up, self.down, self.pos, self.cluster_of)
                transpose(self.layers, self.up, self.down, self.pos, self.cluster_of, self.transpose_passes)
                c = self._crossings()
                if c >= best_c:
                    break
                best, best_c = self._snapshot(), c
        return best, best_c

    def run(self) -> list[list[int]]:
        """dot's schedule (two short passes from different starts, a long pass from the best one),
        plus a few seeded random restarts on small graphs, where they are cheap and often win."""
        best: list[list[int]] = []
        best_c = -1
        for from_top in (True, False):
            self._initial(from_top)
            best, best_c = self._short_pass(best, best_c)
        best, best_c = self._long_pass(best, best_c)
        if self.thorough and len(self.pos) < RESTART_LIMIT:
            rng = random.Random(len(self.pos))
            for k in range(RESTARTS):
                if best_c == 0:
                    break
                self._initial(k % 2 == 0, rng)
                cand, cand_c = self._short_pass([], -1)
                cand, cand_c = self._long_pass(cand, cand_c)
                if cand_c < best_c:
                    best, best_c = cand, cand_c
        return best


def order_layers(data: OrderingInput) -> list[list[int]]:
    """Return a low-crossing order of every layer, keeping the best ordering seen over the sweeps.

    Members of a cluster (and its sub-clusters) stay contiguous in every layer, and sibling clusters
    keep one left-to-right order in all layers.
    """
    if not data.layers:
        return []
    return _Orderer(data).run()
