"""Sorting one layer by median values while keeping nested clusters whole and edges out of foreign clusters.

A layer is sorted as a tree: the members and sub-clusters of a cluster sort among themselves, and a
cluster moves as one entry among its siblings, so every cluster stays contiguous. Sibling clusters keep
one global order (``cluster_rank``) so that their boxes can sit side by side in every layer.

An edge between two vertices outside a cluster passes through the cluster's box when its ends lie on
opposite sides of the cluster in two layers the cluster spans. So a vertex whose neighbours in the
adjacent layer all lie on one side of a sibling cluster stays on that side: after sorting, it moves to
the nearest gap between sibling clusters that its neighbours allow.
"""

from __future__ import annotations

from dataclasses import dataclass

# One sortable entry: (median or None, original slot, item or cluster id, is_cluster, ordered items).
Entry = tuple[float | None, float, int, bool, list[int]]


def sort_entries(entries: list[Entry], reverse_ties: bool = False) -> list[Entry]:
    """Sort by median; entries without one (no neighbours on that side) keep their slot, as in dot.

    ``reverse_ties`` flips the order of equal medians, which lets alternate sweeps leave plateaus.
    """
    sortable = [e for e in entries if e[0] is not None]
    sign = -1.0 if reverse_ties else 1.0
    sortable.sort(key=lambda e: (e[0], sign * e[1]))
    if len(sortable) == len(entries):
        return sortable
    by_orig = sorted(range(len(entries)), key=lambda i: entries[i][1])
    slot_of = {by_orig[k]: k for k in range(len(entries))}
    fixed = sorted((slot_of[i], i) for i, e in enumerate(entries) if e[0] is None)
    out: list[Entry] = []
    si = fi = 0
    for slot in range(len(entries)):
        if fi < len(fixed) and (fixed[fi][0] <= slot or si >= len(sortable)):
            out.append(entries[fixed[fi][1]])
            fi += 1
        else:
            out.append(sortable[si])
            si += 1
    return out


def keep_sides(ordered: list[Entry], sides: Sides) -> list[Entry]:
    """Move each vertex entry into the gap between sibling clusters that its neighbours allow.

    ``ordered`` holds vertices and clusters (clusters already in their global order). A vertex whose
    neighbours lie left of a cluster must stay left of it, and right likewise; a vertex outside its
    allowed gaps moves to the nearest one, to the end of the gap facing where it was.
    """
    clusters = [e[2] for e in ordered if e[3]]
    if not clusters:
        return ordered
    # Sort keys: gap g holds its vertices, then cluster g (key (g, inf)).
    keys: list[tuple[int, float, int]] = []
    gap = 0
    for i, e in enumerate(ordered):
        if e[3]:
            keys.append((gap, float("inf"), i))
            gap += 1
            continue
        lo, hi = 0, len(clusters)
        for j, c in enumerate(clusters):
            side = sides.side(e[2], c)
            if side < 0:
                hi = min(hi, j)
            elif side > 0:
                lo = max(lo, j + 1)
        want = gap if lo > hi else min(max(gap, lo), hi)
        place = float(i) if want == gap else (-1.0 if want > gap else float(len(ordered)))
        keys.append((want, place, i))
    return [ordered[i] for _, _, i in sorted(keys)]


@dataclass(slots=True)
class Sides:
    """Where each cluster sits in the adjacent layer, to tell on which side of it a neighbour lies."""

    nbrs: list[list[int]]
    pos: list[int]
    span: dict[int, tuple[int, int]]  # cluster -> (first, last) position in the adjacent layer

    def side(self, v: int, cluster: int) -> int:
        """-1 if all of ``v``'s neighbours outside ``cluster`` lie left of it, 1 if all right, else 0.

        Neighbours inside the cluster do not count: those edges leave the cluster on either side.
        """
        span = self.span.get(cluster)
        if span is None:
            return 0
        lo, hi = span
        found = 0
        for u in self.nbrs[v]:
            p = self.pos[u]
            if lo <= p <= hi:
                continue
            s = -1 if p < lo else 1
            if found and s != found:
                return 0
            found = s
        return found


def cluster_spans(layer: list[int], cluster_of: list[int], path: list[list[int]], pos: list[int]
                  ) -> dict[int, tuple[int, int]]:
    """(first, last) position of every cluster, nested ones included, present in ``layer``."""
    span: dict[int, tuple[int, int]] = {}
    for v in layer:
        c = cluster_of[v]
        if c < 0:
            continue
        p = pos[v]
        for k in path[c]:
            old = span.get(k)
            span[k] = (p, p) if old is None else (old[0], p)
    return span


def hierarchical_order(
    layer: list[int],
    sums: dict[int, tuple[float, int]],
    reverse: bool,
    cluster_of: list[int],
    path: list[list[int]],
    cluster_rank: list[int],
    pos: list[int],
    sides: Sides | None = None,
) -> list[int]:
    """The layer sorted as a tree of clusters (see the module docstring); ``sums`` holds, per vertex,
    its median times its neighbour count and that count; ``sides`` adds the keep-out constraints."""
    direct: dict[int, list[int]] = {-1: []}
    kids: dict[int, list[int]] = {-1: []}
    for v in layer:
        c = cluster_of[v]
        if c < 0:
            direct[-1].append(v)
            continue
        prev = -1
        for k in path[c]:
            if k not in direct:
                direct[k] = []
                kids[k] = []
                kids[prev].append(k)
            prev = k
        direct[c].append(v)

    def solve(c: int) -> tuple[list[int], float, int, float]:
        entries: list[Entry] = []
        total_s, total_n, min_pos = 0.0, 0, float("inf")
        for v in direct[c]:
            s = sums.get(v)
            p = float(pos[v])
            if s:
                entries.append((s[0] / s[1], p, v, False, [v]))
                total_s += s[0]
                total_n += s[1]
            else:
                entries.append((None, p, v, False, [v]))
            if p < min_pos:
                min_pos = p
        for k in kids[c]:
            items, ks, kn, kp = solve(k)
            entries.append((ks / kn if kn else None, kp, k, True, items))
            total_s += ks
            total_n += kn
            if kp < min_pos:
                min_pos = kp
        if len(entries) == 1:
            return entries[0][4], total_s, total_n, min_pos
        ordered = sort_entries(entries, reverse)
        slots = [i for i, e in enumerate(ordered) if e[3]]
        if len(slots) > 1:
            clusters = sorted((ordered[i] for i in slots), key=lambda e: cluster_rank[e[2]])
            for i, e in zip(slots, clusters, strict=True):
                ordered[i] = e
        if sides is not None and slots:
            ordered = keep_sides(ordered, sides)
        out: list[int] = []
        for e in ordered:
            out.extend(e[4])
        return out, total_s, total_n, min_pos

    return solve(-1)[0]
