"""Crossing minimisation: barycenter sweeps with transposition, keeping nested clusters contiguous."""

from __future__ import annotations

from dataclasses import dataclass, field

from .crossings import total_crossings, transpose

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


def _sort_entries(entries: list[_Entry]) -> list[_Entry]:
    """Sort by barycenter; entries without one keep their original slot (as in dagre's sort)."""
    sortable = [e for e in entries if e[0] is not None]
    if len(sortable) == len(entries):
        sortable.sort(key=lambda e: (e[0], e[1]))
        return sortable
    sortable.sort(key=lambda e: (e[0], e[1]))
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

    def _sort_layer(self, r: int, nbrs: list[list[int]] | None) -> None:
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
                    sums[v] = (float(sum(pos[u] for u in ns)), len(ns))
        if not self.has_clusters:
            entries: list[_Entry] = []
            for v in layer:
                s = sums.get(v)
                entries.append((s[0] / s[1] if s else None, float(pos[v]), v, False, [v]))
            self._set_layer(r, [e[2] for e in _sort_entries(entries)])
            return
        self._set_layer(r, self._sort_hierarchical(layer, sums))

    def _sort_hierarchical(self, layer: list[int], sums: dict[int, tuple[float, int]]) -> list[int]:
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
            ordered = _sort_entries(entries)
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

    def run(self) -> list[list[int]]:
        layers = self.layers
        if self.has_clusters:
            self._regroup()
        best = [list(layer) for layer in layers]
        best_c = total_crossings(layers, self.down, self.pos)
        stale = 0
        for it in range(self.max_sweeps):
            if best_c == 0:
                break
            if it % 2 == 0:
                for r in range(1, len(layers)):
                    self._sort_layer(r, self.up)
            else:
                for r in range(len(layers) - 2, -1, -1):
                    self._sort_layer(r, self.down)
            if self.has_clusters:
                self._regroup()
            transpose(layers, self.up, self.down, self.pos, self.cluster_of)
            c = total_crossings(layers, self.down, self.pos)
            if c < best_c:
                best_c = c
                best = [list(layer) for layer in layers]
                stale = 0
            else:
                stale += 1
                if stale >= 4:
                    break
        return best


def order_layers(data: OrderingInput) -> list[list[int]]:
    """Return a low-crossing order of every layer, keeping the best ordering seen over the sweeps.

    Members of a cluster (and its sub-clusters) stay contiguous in every layer, and sibling clusters
    keep one left-to-right order in all layers.
    """
    if not data.layers:
        return []
    return _Orderer(data).run()
