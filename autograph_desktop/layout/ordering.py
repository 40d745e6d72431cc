"""Crossing minimisation for the layered layout: which order each layer's vertices take.

The schedule, in the order it runs:
1. dot's (Gansner et al. 1993): two breadth-first starts (from the sources and from the sinks), four
   median + transposition sweeps from each, then sweeps from the better one until they stop paying.
2. Local restarts: a window of a few consecutive layers is shuffled (seeded) and re-swept with the
   layers around it fixed, and kept only if the crossings that touch it went down. Flowcharts are long and
   narrow, so their crossings are local: improving one stretch this way never costs another stretch, as a
   restart of the whole graph would (measured: fewer crossings than 30 whole-graph restarts, in a tenth
   of the time).
3. Global sifting of blocks (whole long edges move at once) and transposition to a local optimum; with
   clusters, sifting of single vertices inside their cluster instead. Small graphs repeat 1-3 from a few
   shuffled starts and keep the best.
4. With clusters, a last top-down pass puts each vertex on the side of every cluster its upper neighbours
   are on (see ``cluster_sort``); through the whole schedule an edge through a foreign cluster counts as
   ``KEEP_OUT`` crossings, so the passes avoid them in the first place.
Steps 2 and 3 only ever lower the count, and everything is seeded: the same input always gives the same
order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .crossings import sift, transpose
from .global_sifting import global_sift
from .sweeps import Saved, Sweeper


@dataclass(slots=True)
class OrderingInput:
    """Proper layered graph: every edge joins consecutive layers; clusters are a forest of ints.

    ``chain[v]`` marks the dummies of long edges (global sifting moves each chain as one block);
    ``thorough=False`` (live previews) skips the local restarts and sifting on big graphs.
    """

    layers: list[list[int]]
    up: list[list[int]]
    down: list[list[int]]
    cluster_of: list[int]
    cluster_parent: list[int] = field(default_factory=list)
    max_sweeps: int = 24
    transpose_passes: int = 4
    thorough: bool = True
    chain: list[bool] = field(default_factory=list)


STALE = 5  # sweeps without a 0.5 % gain before the long pass stops (dot's MinQuit)
WINDOWS = (6, 9, 4, 12)  # layers per local restart, round by round; windows overlap by half
WINDOW_SWEEPS = 4
ROUND_WORK = 800  # refinement rounds = this / layered vertices, between 2 and 8 (about the same time per graph)
RESTARTS = ((100, 2), (200, 1))  # whole-graph restarts for graphs up to so many layered vertices
SIFT_ROUNDS = 3
PREVIEW_LIMIT = 400  # up to this many layered vertices the live preview is ordered exactly as the final drawing


def _effort(items: int) -> tuple[int, int]:
    """(refinement rounds, whole-graph restarts) for a graph of ``items`` layered vertices.

    Small graphs get more: they cost little, and there whole-graph restarts still pay (measured on
    50-node flowcharts: 25 % fewer crossings); on big ones the time goes into local restarts only.
    """
    rounds = max(2, min(8, ROUND_WORK // max(1, items)))
    restarts = next((k for limit, k in RESTARTS if items <= limit), 0)
    return rounds, restarts


def _short_pass(s: Sweeper, sweeps: int, best: Saved | None, best_c: int) -> tuple[Saved, int]:
    """A few sweeps from the current order; returns the best of them and ``best``."""
    c = s.crossings()
    if best is None or c < best_c:
        best, best_c = s.snapshot(), c
    for it in range(min(4, sweeps)):
        if best_c == 0:
            break
        s.sweep(it)
        c = s.crossings()
        if c < best_c:
            best, best_c = s.snapshot(), c
    return best, best_c


def _long_pass(s: Sweeper, sweeps: int, passes: int, best: Saved, best_c: int) -> int:
    """Sweeps from ``best`` until they stop paying; leaves the best order in ``s``, returns its crossings."""
    s.restore(best)
    stale = 0
    for it in range(sweeps):
        if best_c == 0 or stale >= STALE:
            break
        s.sweep(it, passes=passes)
        c = s.crossings()
        stale += 1
        if c < best_c:
            if c < 0.995 * best_c:
                stale = 0
            best, best_c = s.snapshot(), c
    s.restore(best)
    return best_c


def _windows(s: Sweeper, rng: random.Random, size: int, shift: int) -> int:
    """Local restarts over windows of ``size`` layers overlapping by half, the first ``shift`` layers
    in; returns the crossings removed."""
    h = len(s.layers)
    size = min(size, h)
    step = max(1, size // 2)
    removed = 0
    for lo in sorted({0, *range(shift % step, h - size, step), h - size}):
        hi = lo + size
        before = s.crossings(lo, hi)
        if before == 0:
            continue
        saved = s.snapshot(lo, hi)
        s.shuffle(lo, hi, rng)
        best, best_c = saved, before
        for it in range(WINDOW_SWEEPS):
            s.sweep(it, lo, hi)
            c = s.crossings(lo, hi)
            if c < best_c:
                best, best_c = s.snapshot(lo, hi), c
        s.restore(best)
        removed += before - best_c
    return removed


def _refine(s: Sweeper, data: OrderingInput, rounds: int) -> None:
    """Local restarts and global sifting until a round gains nothing; with clusters, sifting after."""
    rng = random.Random(len(s.pos))  # seeded by the size: the same graph always gets the same order
    blocks = not s.has_clusters and len(data.chain) == len(s.pos)
    for k in range(rounds):
        size = WINDOWS[k % len(WINDOWS)]
        gained = _windows(s, rng, size, k)
        if blocks:
            gained += global_sift(s.layers, s.up, s.down, s.pos, data.chain, 1)
        gained += transpose(s.layers, s.up, s.down, s.pos, s.cluster_of, 50)
        if not gained:
            break
    if s.has_clusters:
        for _ in range(SIFT_ROUNDS):
            gained = sift(s.layers, s.up, s.down, s.pos, s.cluster_of)
            gained += transpose(s.layers, s.up, s.down, s.pos, s.cluster_of, 50)
            if not gained:
                break


def _dot_schedule(s: Sweeper, data: OrderingInput, rng: random.Random | None = None) -> int:
    """Two starts (or, with ``rng``, two shuffled ones), short passes, a long pass; returns crossings."""
    best: Saved | None = None
    best_c = -1
    for from_top in (True, False):
        s.initial(from_top, rng)
        best, best_c = _short_pass(s, data.max_sweeps, best, best_c)
    assert best is not None
    return _long_pass(s, data.max_sweeps, data.transpose_passes, best, best_c)


def order_layers(data: OrderingInput) -> list[list[int]]:
    """Return a low-crossing order of every layer (see the module docstring for how).

    Members of a cluster (and its sub-clusters) stay contiguous in every layer, and sibling clusters
    keep one left-to-right order in all layers.
    """
    if not data.layers:
        return []
    s = Sweeper(data.layers, data.up, data.down, data.cluster_of, data.cluster_parent)
    _improve(s, data)
    if s.has_clusters:
        s.keep_out()
        transpose(s.layers, s.up, s.down, s.pos, s.cluster_of, 50)
    return s.layers


def _improve(s: Sweeper, data: OrderingInput) -> None:
    best_c = _dot_schedule(s, data)
    items = len(s.pos)
    if best_c == 0 or not (data.thorough or items <= PREVIEW_LIMIT):
        return
    rounds, restarts = _effort(items)
    _refine(s, data, rounds)
    best, best_c = s.snapshot(), s.crossings()
    rng = random.Random(items + 1)
    for _ in range(restarts):
        if best_c == 0:
            break
        if _dot_schedule(s, data, rng) > 0:
            _refine(s, data, rounds)
        c = s.crossings()
        if c < best_c:
            best, best_c = s.snapshot(), c
    s.restore(best)
