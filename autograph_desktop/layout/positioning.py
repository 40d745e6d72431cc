"""Coordinate assignment for a proper layered graph: x by Brandes-Köpf plus cluster projection, y by rank."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .bk import brandes_koepf
from .constraints import Constraint, Projector, project_chain

REAL, EDGE_DUMMY, LABEL_DUMMY, PLACEHOLDER = 0, 1, 2, 3
MOMENTUM = 1.0


@dataclass(slots=True)
class PlacementInput:
    """Everything coordinate assignment needs, in top-to-bottom space (ranks grow downwards)."""

    layers: list[list[int]]
    up: list[list[int]]
    down: list[list[int]]
    width: list[float]
    height: list[float]
    kind: list[int]
    rank: list[int]
    cluster_of: list[int]
    cluster_parent: list[int] = field(default_factory=list)
    cluster_title_w: list[float] = field(default_factory=list)
    cluster_title_h: list[float] = field(default_factory=list)
    node_spacing: float = 50.0
    edge_spacing: float = 20.0
    padding: float = 16.0
    rank_gap: float = 60.0
    title_at_end: bool = False  # title band below the members (BT and RL flip it back to the top/left)


@dataclass(slots=True)
class Placement:
    """Centres of all vertices, the rows of the ranks and the cluster rectangles (x, y, w, h)."""

    x: list[float]
    y: list[float]
    rank_top: list[float]
    rank_height: list[float]
    cluster_rects: list[tuple[float, float, float, float]]
    title_rects: list[tuple[float, float, float, float]]
    gap_band: list[tuple[float, float]]  # per gap below a rank: the free band between cluster borders


class _Placer:
    def __init__(self, data: PlacementInput) -> None:
        self.d = data
        self.n = len(data.width)
        self.k = len(data.cluster_parent)
        self.outside_gap = max(data.padding, data.node_spacing - data.padding)
        self.chains: list[list[int]] = []
        for c in range(self.k):
            path = []
            j = c
            while j >= 0:
                path.append(j)
                j = data.cluster_parent[j]
            path.reverse()
            self.chains.append(path)
        self._border_cache: dict[tuple[int, int], float] = {}
        self._chains_offsets: list[list[float]] | None = None

    def _chain(self, v: int) -> list[int]:
        c = self.d.cluster_of[v]
        return self.chains[c] if c >= 0 else []

    def border_gap(self, ca: int, cb: int) -> float:
        """Extra distance between vertices of innermost clusters ``ca`` and ``cb`` for the borders between them."""
        if ca == cb:
            return -1.0
        key = (ca, cb)
        cached = self._border_cache.get(key)
        if cached is not None:
            return cached
        a = self.chains[ca] if ca >= 0 else []
        b = self.chains[cb] if cb >= 0 else []
        p = 0
        while p < len(a) and p < len(b) and a[p] == b[p]:
            p += 1
        k1, k2 = len(a) - p, len(b) - p
        gap = self.d.padding * (k1 + k2) + self.outside_gap
        self._border_cache[key] = gap
        return gap

    def sep(self, a: int, b: int) -> float:
        d = self.d
        half = (d.width[a] + d.width[b]) / 2
        border = self.border_gap(d.cluster_of[a], d.cluster_of[b])
        if border >= 0:
            return half + border
        real_a, real_b = d.kind[a] == REAL, d.kind[b] == REAL
        if real_a and real_b:
            return half + d.node_spacing
        if real_a or real_b:
            # Half the node spacing on each side of an edge keeps two nodes apart even with edges between.
            return half + max(d.edge_spacing, d.node_spacing / 2)
        return half + d.edge_spacing

    def constraints(self) -> list[Constraint]:
        """Separation constraints of every layer, with two shared variables (left, right) per cluster."""
        d = self.d
        n = self.n
        best: dict[tuple[int, int], float] = {}

        def add(u: int, v: int, gap: float) -> None:
            key = (u, v)
            if best.get(key, float("-inf")) < gap:
                best[key] = gap

        pad, og = d.padding, self.outside_gap
        width = d.width

        def gap(a: tuple[int, int], b: tuple[int, int]) -> float:
            # Token kinds: 0 item, 1 cluster left border, 2 cluster right border.
            ka, va = a
            kb, vb = b
            if ka == 0:
                if kb == 0:
                    return self.sep(va, vb)
                return width[va] / 2 + (pad if kb == 2 else og)
            if ka == 1:
                return pad + width[vb] / 2 if kb == 0 else pad
            if kb == 0:
                return og + width[vb] / 2
            return pad if kb == 2 else og

        def var(t: tuple[int, int]) -> int:
            kind, value = t
            return value if kind == 0 else n + 2 * value + (kind - 1)

        for layer in d.layers:
            prev_chain: list[int] = []
            tokens: list[tuple[int, int]] = []
            for v in layer:
                chain = self._chain(v)
                p = 0
                while p < len(chain) and p < len(prev_chain) and chain[p] == prev_chain[p]:
                    p += 1
                tokens.extend((2, c) for c in reversed(prev_chain[p:]))
                tokens.extend((1, c) for c in chain[p:])
                tokens.append((0, v))
                prev_chain = chain
            tokens.extend((2, c) for c in reversed(prev_chain))
            for t1, t2 in itertools.pairwise(tokens):
                add(var(t1), var(t2), gap(t1, t2))
        for c in range(self.k):
            add(n + 2 * c, n + 2 * c + 1, d.cluster_title_w[c] + 2 * pad)
        return [(u, v, g) for (u, v), g in best.items()]

    def horizontal(self) -> tuple[list[float], list[tuple[float, float]]]:
        """Brandes-Köpf x, projected onto the separation and cluster constraints, then tightened."""
        d = self.d
        is_dummy = [k != REAL for k in d.kind]
        x = brandes_koepf(d.layers, d.up, d.down, d.width, is_dummy, self.sep, balance=False)
        desired = list(x)
        weights = [1.0] * self.n
        lo = [float("inf")] * self.k
        hi = [float("-inf")] * self.k
        for v in range(self.n):
            for c in self._chain(v):
                lo[c] = min(lo[c], x[v] - d.width[v] / 2)
                hi[c] = max(hi[c], x[v] + d.width[v] / 2)
        for c in range(self.k):
            depth = len(self.chains[c])
            desired.append(lo[c] - d.padding * depth if lo[c] != float("inf") else 0.0)
            desired.append(hi[c] + d.padding * depth if hi[c] != float("-inf") else 0.0)
            weights.extend((1e-3, 1e-3))
        projector = Projector(len(desired), self.constraints())
        xs = projector.project(desired, weights)
        xs = self._tighten(xs, projector, 30)
        self._straighten(xs)
        borders = [(xs[self.n + 2 * c], xs[self.n + 2 * c + 1]) for c in range(self.k)]
        return xs[: self.n], borders

    def _straighten(self, xs: list[float]) -> None:
        """Give each run of dummies of a long edge one common x where the neighbours leave room.

        Tightening bends long edges slightly towards their ends; a vertical run reads far better
        (and needs no jogs when routed orthogonally). Moves are checked against the current layer
        neighbours and cluster borders, so every constraint stays satisfied.
        """
        d = self.d
        n = self.n
        left = [-1] * n
        right = [-1] * n
        for layer in d.layers:
            for a, b in itertools.pairwise(layer):
                right[a] = b
                left[b] = a
        dummy = [k in (EDGE_DUMMY, LABEL_DUMMY) for k in d.kind]
        done = [False] * n
        for v in range(n):
            if not dummy[v] or done[v]:
                continue
            top = v
            while len(d.up[top]) == 1 and dummy[d.up[top][0]] and len(d.down[d.up[top][0]]) == 1:
                top = d.up[top][0]
            run = [top]
            while (
                len(d.down[run[-1]]) == 1 and dummy[d.down[run[-1]][0]] and len(d.up[d.down[run[-1]][0]]) == 1
            ):
                run.append(d.down[run[-1]][0])
            for u in run:
                done[u] = True
            if len(run) < 2:
                continue
            # The median of the run; dummies that cannot move there (crowded ends) keep their place.
            values = sorted(xs[u] for u in run)
            cand = values[len(values) // 2]
            for _ in range(2):
                for u in run:
                    if xs[u] != cand and self._fits(u, cand, xs, left, right):
                        xs[u] = cand

    def _fits(self, u: int, x: float, xs: list[float], left: list[int], right: list[int]) -> bool:
        d = self.d
        lft, rgt = left[u], right[u]
        if lft >= 0 and x - xs[lft] < self.sep(lft, u) - 1e-6:
            return False
        if rgt >= 0 and xs[rgt] - x < self.sep(u, rgt) - 1e-6:
            return False
        half = d.width[u] / 2
        for c in self._chain(u):
            if (
                x - half < xs[self.n + 2 * c] + d.padding - 1e-6
                or x + half > xs[self.n + 2 * c + 1] - d.padding + 1e-6
            ):
                return False
        return True

    def _project(self, projector: Projector, target: list[float], weights: list[float]) -> list[float]:
        """Without clusters every layer is an independent chain: project each exactly and fast."""
        if self.k:
            return projector.project(target, weights)
        if self._chains_offsets is None:
            self._chains_offsets = []
            for layer in self.d.layers:
                offs = [0.0]
                for a, b in itertools.pairwise(layer):
                    offs.append(offs[-1] + self.sep(a, b))
                self._chains_offsets.append(offs)
        out = list(target)
        for layer, offs in zip(self.d.layers, self._chains_offsets, strict=True):
            xs = project_chain([target[v] for v in layer], [weights[v] for v in layer], offs)
            for v, x in zip(layer, xs, strict=True):
                out[v] = x
        return out

    def _tighten(self, xs: list[float], projector: Projector, rounds: int) -> list[float]:
        """Pull every vertex towards its neighbours and re-project, a few Jacobi rounds.

        This approximates minimising sum(omega * (x_u - x_v)^2) under the separation constraints, with
        Gansner's omega (1 node-node, 2 node-dummy, 8 dummy-dummy) so long edges stay straight. It removes
        the slack that balancing four alignments leaves and makes the drawing markedly narrower.
        """
        d = self.d
        n = self.n
        omega = (1.0, 2.0, 8.0)
        nbrs: list[list[tuple[int, float]]] = []
        for v in range(n):
            dv = d.kind[v] != REAL
            lst = []
            for u in (*d.up[v], *d.down[v]):
                lst.append((u, omega[dv + (d.kind[u] != REAL)]))
            nbrs.append(lst)
        total = len(xs)
        prev = xs
        for k in range(rounds):
            # Nesterov-style momentum: extrapolate, then take the Jacobi step there and project.
            beta = MOMENTUM * k / (k + 3)
            ys = [a + beta * (a - b) for a, b in zip(xs, prev, strict=True)] if k else xs
            target = list(xs)
            weights = [1e-3] * total
            for v in range(n):
                lst = nbrs[v]
                if not lst:
                    weights[v] = 1.0
                    continue
                acc = ws = 0.0
                for u, w in lst:
                    acc += w * ys[u]
                    ws += w
                target[v] = 0.5 * (acc / ws + ys[v])
                weights[v] = ws
            prev, xs = xs, self._project(projector, target, weights)
            if k > 3 and max(abs(a - b) for a, b in zip(xs, prev, strict=True)) < 0.5:
                break
        return xs

    def vertical(
        self,
    ) -> tuple[list[float], list[float], list[float], list[tuple[float, float]], list[tuple[float, float]]]:
        """Rank rows with room above and below for nested cluster titles and padding."""
        d = self.d
        h = len(d.layers)
        rank_height = [max((d.height[v] for v in layer), default=0.0) for layer in d.layers]
        rmin = [h] * self.k
        rmax = [-1] * self.k
        for v in range(self.n):
            r = d.rank[v]
            for c in self._chain(v):
                rmin[c] = min(rmin[c], r)
                rmax[c] = max(rmax[c], r)
        top_extra = [0.0] * self.k
        bottom_extra = [0.0] * self.k
        for c in sorted(range(self.k), key=lambda c: -len(self.chains[c])):
            title = d.cluster_title_h[c]
            top_extra[c] += d.padding + (0.0 if d.title_at_end else title)
            bottom_extra[c] += d.padding + (title if d.title_at_end else 0.0)
            p = d.cluster_parent[c]
            if p >= 0:
                if rmin[p] == rmin[c]:
                    top_extra[p] = max(top_extra[p], top_extra[c])
                if rmax[p] == rmax[c]:
                    bottom_extra[p] = max(bottom_extra[p], bottom_extra[c])
        top_need = [0.0] * h
        bottom_need = [0.0] * h
        for c in range(self.k):
            if rmax[c] >= 0:
                top_need[rmin[c]] = max(top_need[rmin[c]], top_extra[c])
                bottom_need[rmax[c]] = max(bottom_need[rmax[c]], bottom_extra[c])
        rank_top = [0.0] * h
        for r in range(1, h):
            need = bottom_need[r - 1] + top_need[r]
            gap = max(d.rank_gap, need + self.outside_gap) if need > 0 else d.rank_gap
            rank_top[r] = rank_top[r - 1] + rank_height[r - 1] + gap
        y = [rank_top[d.rank[v]] + rank_height[d.rank[v]] / 2 for v in range(self.n)]
        spans = []
        band = [(rank_top[r] + rank_height[r], rank_top[r + 1]) for r in range(h - 1)]
        for c in range(self.k):
            if rmax[c] < 0:
                spans.append((0.0, 0.0))
                continue
            top = rank_top[rmin[c]] - top_extra[c]
            bottom = rank_top[rmax[c]] + rank_height[rmax[c]] + bottom_extra[c]
            spans.append((top, bottom))
            # Edges cross a gap between the boxes that end above it and those that start below it.
            if rmin[c] > 0:
                lo, hi = band[rmin[c] - 1]
                band[rmin[c] - 1] = (lo, min(hi, top))
            if rmax[c] < h - 1:
                lo, hi = band[rmax[c]]
                band[rmax[c]] = (max(lo, bottom), hi)
        return y, rank_top, rank_height, spans, band


def place(data: PlacementInput) -> Placement:
    """Assign coordinates; sibling clusters never overlap and non-members stay outside cluster boxes."""
    placer = _Placer(data)
    x, borders = placer.horizontal()
    y, rank_top, rank_height, spans, band = placer.vertical()
    rects = [
        (left, top, right - left, bottom - top)
        for (left, right), (top, bottom) in zip(borders, spans, strict=True)
    ]
    pad = data.padding
    titles = []
    for c, (left, top, _, height) in enumerate(rects):
        tw, th = data.cluster_title_w[c], data.cluster_title_h[c]
        ty = top + height - pad / 2 - th if data.title_at_end else top + pad / 2
        titles.append((left + pad, ty, tw, th))
    return Placement(x, y, rank_top, rank_height, rects, titles, band)
