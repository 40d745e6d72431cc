"""Node overlap removal by two separation-constraint projections (Dwyer, Marriott and Stuckey 2005)."""

from __future__ import annotations

from .constraints import Constraint, project


def _pairs_overlapping_on(lo: list[float], hi: list[float], gap: float) -> list[tuple[int, int]]:
    """Pairs whose intervals [lo, hi] come closer than ``gap``, by a sweep over sorted starts."""
    order = sorted(range(len(lo)), key=lambda i: lo[i])
    out: list[tuple[int, int]] = []
    active: list[int] = []
    for i in order:
        active = [j for j in active if hi[j] + gap > lo[i]]
        out.extend((j, i) for j in active)
        active.append(i)
    return out


def remove_overlaps(
    cx: list[float], cy: list[float], w: list[float], h: list[float], gap: float
) -> tuple[list[float], list[float]]:
    """Move box centres as little as possible (least squares) so all boxes are ``gap`` apart.

    First a horizontal pass separates the overlapping pairs that are cheaper to split sideways; then a
    vertical pass constrains every pair whose x-extents still come within ``gap``, which guarantees
    that no two boxes overlap afterwards.
    """
    n = len(cx)
    if n < 2:
        return list(cx), list(cy)
    ylo = [cy[i] - h[i] / 2 for i in range(n)]
    yhi = [cy[i] + h[i] / 2 for i in range(n)]
    xcons: list[Constraint] = []
    for i, j in _pairs_overlapping_on(ylo, yhi, gap):
        need_x = (w[i] + w[j]) / 2 + gap - abs(cx[i] - cx[j])
        need_y = (h[i] + h[j]) / 2 + gap - abs(cy[i] - cy[j])
        if need_x > 0 and need_x <= need_y:
            a, b = (i, j) if (cx[i], i) < (cx[j], j) else (j, i)
            xcons.append((a, b, (w[a] + w[b]) / 2 + gap))
    nx = project(cx, [1.0] * n, xcons) if xcons else list(cx)
    xlo = [nx[i] - w[i] / 2 for i in range(n)]
    xhi = [nx[i] + w[i] / 2 for i in range(n)]
    ycons: list[Constraint] = []
    for i, j in _pairs_overlapping_on(xlo, xhi, gap):
        a, b = (i, j) if (cy[i], i) < (cy[j], j) else (j, i)
        ycons.append((a, b, (h[a] + h[b]) / 2 + gap))
    ny = project(cy, [1.0] * n, ycons) if ycons else list(cy)
    return nx, ny
