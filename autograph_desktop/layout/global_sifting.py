"""Global sifting (Bachmaier, Brandenburg, Brunner and Hübner, 2010): moves whole long edges across layers.

Layer-by-layer moves (median sweeps, transposition, sifting) shift one vertex at a time, so a long edge
whose dummies all sit on the wrong side of a bundle can only be moved by a lucky sweep. Here every real
vertex is a block and every chain of dummies is one block; the blocks keep one global left-to-right order,
each layer's order is that order restricted to the layer, and each block in turn is slid through the
order to the place with the fewest crossings. The crossing change of passing one neighbouring block is
exact (the pair counts of the swapped vertices on every layer they share), so nothing is ever recounted.
Only for graphs without clusters: blocks that cross a cluster would split it.
"""

from __future__ import annotations

import heapq
import itertools

from .crossings import edge_pair_crossings


class _Blocks:
    """Blocks, their layer spans and the global order (a float key per block)."""

    def __init__(self, layers: list[list[int]], down: list[list[int]], pos: list[int], chain: list[bool]) -> None:
        n = len(pos)
        self.level = [0] * n
        for r, layer in enumerate(layers):
            for v in layer:
                self.level[v] = r
        cut = self._cuts(layers, down, pos, chain)
        self.block = [-1] * n
        self.items: list[list[int]] = []
        for layer in layers:
            for v in layer:
                if self.block[v] >= 0:
                    continue
                b = len(self.items)
                run = [v]
                self.block[v] = b
                while chain[run[-1]] and run[-1] not in cut:
                    nxt = down[run[-1]]
                    if not nxt or not chain[nxt[0]] or self.block[nxt[0]] >= 0:
                        break
                    run.append(nxt[0])
                    self.block[nxt[0]] = b
                self.items.append(run)
        self.top = [self.level[run[0]] for run in self.items]
        self.bottom = [self.level[run[-1]] for run in self.items]
        self.key, self.sound = self._global_order(layers, pos)

    def _cuts(self, layers: list[list[int]], down: list[list[int]], pos: list[int], chain: list[bool]) -> set[int]:
        """Dummies after which a chain is cut: two chains that cross between two layers cannot both be
        blocks of one global order (once cut at every such crossing, interval blocks always can)."""
        cut: set[int] = set()
        for layer in layers:
            inner = [(pos[v], pos[down[v][0]], v) for v in layer if chain[v] and down[v] and chain[down[v][0]]]
            for i, (a0, a1, a) in enumerate(inner):
                for b0, b1, b in inner[i + 1 :]:
                    if (a0 - b0) * (a1 - b1) < 0:
                        cut.add(a)
                        cut.add(b)
        return cut

    def _global_order(self, layers: list[list[int]], pos: list[int]) -> tuple[list[float], bool]:
        """A global order that every layer's current order agrees with (a topological sort), and
        whether there is one (always, once crossing chains are cut; checked rather than trusted)."""
        nb = len(self.items)
        succ: list[list[int]] = [[] for _ in range(nb)]
        indeg = [0] * nb
        block = self.block
        for layer in layers:
            for a, b in itertools.pairwise(layer):
                succ[block[a]].append(block[b])
                indeg[block[b]] += 1
        heap = [(self.top[b], pos[self.items[b][0]], b) for b in range(nb) if indeg[b] == 0]
        heapq.heapify(heap)
        key = [0.0] * nb
        k = 0
        while heap:
            _, _, b = heapq.heappop(heap)
            key[b] = float(k)
            k += 1
            for c in succ[b]:
                indeg[c] -= 1
                if indeg[c] == 0:
                    heapq.heappush(heap, (self.top[c], pos[self.items[c][0]], c))
        return key, k == nb

    def renumber(self) -> None:
        """Keys are halved gaps; spread them out again before they run out of precision."""
        for k, b in enumerate(sorted(range(len(self.key)), key=self.key.__getitem__)):
            self.key[b] = float(k)


def _sift_block(a: int, bl: _Blocks, layers: list[list[int]], up: list[list[int]], down: list[list[int]],
                pos: list[int]) -> int:
    """Slide block ``a`` through the global order to its best place; returns the crossings removed."""
    top, bottom = bl.top[a], bl.bottom[a]
    block, key = bl.block, bl.key
    mine = bl.items[a]
    others: set[int] = set()
    for r in range(top, bottom + 1):
        for v in layers[r]:
            others.add(block[v])
    others.discard(a)
    if not others:
        return 0
    seq = sorted(others, key=key.__getitem__)
    here = sum(1 for b in seq if key[b] < key[a])
    for v in mine:  # to the far left of every layer it spans
        layer = layers[bl.level[v]]
        layer.remove(v)
        layer.insert(0, v)
        for i, w in enumerate(layer):
            pos[w] = i
    cost = best = here_cost = 0
    best_slot = 0
    btop, bbottom, bitems = bl.top, bl.bottom, bl.items
    for j, b in enumerate(seq):
        bt, bb = btop[b], bbottom[b]
        its = bitems[b]
        for r in range(top if top > bt else bt, (bottom if bottom < bb else bb) + 1):
            x = mine[r - top]
            y = its[r - bt]
            # Passing y changes exactly the crossings between x's and y's edges.
            for nx, ny in ((up[x], up[y]), (down[x], down[y])):
                if nx and ny:
                    if len(nx) == 1 and len(ny) == 1:
                        p, q = pos[nx[0]], pos[ny[0]]
                        if p > q:
                            cost -= 1
                        elif p < q:
                            cost += 1
                    else:
                        ab, ba = edge_pair_crossings(nx, ny, pos)
                        cost += ba - ab
            px, py = pos[x], pos[y]
            layer = layers[r]
            layer[px], layer[py] = y, x
            pos[x], pos[y] = py, px
        if j + 1 == here:
            here_cost = cost
        if cost < best:
            best, best_slot = cost, j + 1
    slot = best_slot if best < here_cost else here
    # Now at the far right; put it back after the first ``slot`` overlapping blocks.
    passed = seq[:slot]
    for r in range(top, bottom + 1):
        layer = layers[r]
        v = mine[r - top]
        layer.remove(v)
        layer.insert(sum(1 for b in passed if btop[b] <= r <= bbottom[b]), v)
        for i, w in enumerate(layer):
            pos[w] = i
    if slot != here:
        lo_key = key[seq[slot - 1]] if slot > 0 else key[seq[0]] - 2.0
        hi_key = key[seq[slot]] if slot < len(seq) else key[seq[-1]] + 2.0
        key[a] = (lo_key + hi_key) / 2
        if hi_key - lo_key < 1e-6:
            bl.renumber()
    return here_cost - best if best < here_cost else 0


def global_sift(layers: list[list[int]], up: list[list[int]], down: list[list[int]], pos: list[int],
                chain: list[bool], rounds: int = 2) -> int:
    """Sift every block (vertex or chain of dummies, ``chain[v]`` marks dummies) to its best place in
    the global order, for up to ``rounds`` rounds; in place, returns the crossings removed."""
    bl = _Blocks(layers, down, pos, chain)
    if not bl.sound:
        return 0
    removed = 0
    for _ in range(rounds):
        gained = 0
        for a in sorted(range(len(bl.items)), key=bl.key.__getitem__):
            if any(up[v] or down[v] for v in bl.items[a]):
                gained += _sift_block(a, bl, layers, up, down, pos)
        removed += gained
        if not gained:
            break
    return removed
