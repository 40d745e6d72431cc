"""Venn diagrams as native elements: a translucent circle per set, labels for sets, overlaps and text nodes.

Circle areas follow set sizes. Each pair of sets gets a target distance: the one whose lens has the
overlap's size (found by bisection) when a union names them, apart when none does. Positions then come
from a few hundred steps of stress minimisation from a fixed start, so the layout is deterministic.
"""

from __future__ import annotations

import math
from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, palette
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, apply_css
from autograph_desktop.mermaid.venn import VennSpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE

BASE_RADIUS = 110.0


def lens_area(r1: float, r2: float, d: float) -> float:
    """The area two circles share at centre distance d."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a = r1 * r1 * math.acos(max(-1.0, min(1.0, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1))))
    b = r2 * r2 * math.acos(max(-1.0, min(1.0, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2))))
    c = 0.5 * math.sqrt(max((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2), 0.0))
    return a + b - c


def distance_for(r1: float, r2: float, area: float) -> float:
    """The centre distance at which two circles share `area` (bisection; the lens shrinks as d grows)."""
    low, high = abs(r1 - r2), r1 + r2
    for _ in range(60):
        mid = (low + high) / 2
        if lens_area(r1, r2, mid) > area:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def positions(radii: list[float], wanted: dict[tuple[int, int], float]) -> list[tuple[float, float]]:
    """Centres whose pairwise distances come close to `wanted` (stress minimisation, deterministic)."""
    n = len(radii)
    spread = sum(radii) / max(n, 1)
    points = [(spread * math.cos(2 * math.pi * i / n), spread * math.sin(2 * math.pi * i / n)) for i in range(n)]
    if n < 2:
        return [(0.0, 0.0)] * n
    steps = min(300, max(40, 200_000 // max(len(wanted), 1)))  # large inputs get fewer, cheaper sweeps
    for step in range(steps):
        rate = 0.25 * (1 - step / steps) + 0.02
        moved = [list(p) for p in points]
        for (i, j), target in wanted.items():
            dx, dy = points[j][0] - points[i][0], points[j][1] - points[i][1]
            d = math.hypot(dx, dy) or 1e-6
            push = (d - target) / d * rate / 2
            moved[i][0] += dx * push
            moved[i][1] += dy * push
            moved[j][0] -= dx * push
            moved[j][1] -= dy * push
        points = [(p[0], p[1]) for p in moved]
    return points


def build(spec: VennSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    chart = Chart("venn", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    sizes = [s.size if s.size is not None and s.size > 0 else 10.0 for s in spec.sets]
    biggest = max(sizes)
    radii = [BASE_RADIUS * math.sqrt(size / biggest) for size in sizes]
    wanted: dict[tuple[int, int], float] = {}
    for i in range(len(radii)):
        for j in range(i + 1, len(radii)):
            wanted[(i, j)] = radii[i] + radii[j] + 30.0
    for union in spec.unions:
        members = [i for i in (spec.set_index(sid) for sid in union.ids) if i is not None]
        for a in members:
            for b in members:
                if a < b:
                    smaller = min(math.pi * radii[a] ** 2, math.pi * radii[b] ** 2)
                    share = (union.size / min(sizes[a], sizes[b])) if union.size is not None else 0.3
                    wanted[(a, b)] = min(wanted[(a, b)], distance_for(radii[a], radii[b],
                                                                      smaller * min(max(share, 0.02), 0.95)))
    centres = positions(radii, wanted)
    min_x = min(c[0] - r for c, r in zip(centres, radii, strict=True)) - 20
    min_y = min(c[1] - r for c, r in zip(centres, radii, strict=True)) - 30
    centres = [(x - min_x, y - min_y + top) for x, y in centres]
    middle = (sum(c[0] for c in centres) / len(centres), sum(c[1] for c in centres) / len(centres))
    colours = palette(theme, config)
    styles = _styles(spec)
    label_at: dict[tuple[str, int], tuple[float, float]] = {}
    for i, (vset, (cx, cy), r) in enumerate(zip(spec.sets, centres, radii, strict=True)):
        fill = colours[i % len(colours)]
        decls = styles.get((vset.id,), {})
        style = apply_css(DEFAULT_STYLE.with_(fill=fill, stroke=fill, stroke_width=2.0, opacity=0.45), decls)
        data = {"role": "set", "index": str(i), "id": vset.id}
        if vset.size is not None:
            data["size"] = num_text(vset.size)
        chart.rect(cx - r, cy - r, 2 * r, 2 * r, style, shape="circle", **data)
        away = (cx - middle[0], cy - middle[1])
        length = math.hypot(*away) or 1.0
        lx, ly = (cx + away[0] / length * r * 0.55, cy + away[1] / length * r * 0.55) if len(centres) > 1 else (cx, cy)
        label_at[("set", i)] = (lx, ly)
        text_colour = apply_css(DEFAULT_STYLE.with_(text_color=theme.text), decls).text_color
        chart.centred_text(lx, ly, vset.label, LABEL.with_(font_size=15.0, font_weight=700, text_color=text_colour),
                           role="set-label", index=str(i))
    for u, union in enumerate(spec.unions):
        points = [centres[i] for i in (spec.set_index(sid) for sid in union.ids) if i is not None]
        ux, uy = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        label_at[("union", u)] = (ux, uy)
        decls = styles.get(union.ids, {})
        data = {"role": "union-label", "index": str(u), "sets": "\t".join(union.ids)}
        if union.size is not None:
            data["size"] = num_text(union.size)
        colour = apply_css(DEFAULT_STYLE.with_(text_color=theme.text), decls).text_color
        chart.centred_text(ux, uy, union.label or " ", LABEL.with_(font_size=13.0, font_weight=700,
                                                                   text_color=colour), **data)
    stacked: dict[tuple[str, int], int] = {}
    for t, node in enumerate(spec.texts):
        x, y = label_at.get(node.owner, middle)
        row = stacked.get(node.owner, 0) + 1
        stacked[node.owner] = row
        colour = apply_css(DEFAULT_STYLE.with_(text_color=theme.text), styles.get((node.id,), {})).text_color
        _, th = text_size(node.label, LABEL.with_(font_size=12.0), None)
        chart.centred_text(x, y + row * (th + 4), node.label, LABEL.with_(font_size=12.0, text_color=colour),
                           role="text-node", index=str(t), id=node.id, owner=f"{node.owner[0]}:{node.owner[1]}")
    group = {f"style:{n}": "\t".join(targets) + "\n" + ",".join(f"{k}:{v}" for k, v in decls.items())
             for n, (targets, decls) in enumerate(spec.styles)}
    return chart.finish(spec.title or "Venn diagram", **group)


def _styles(spec: VennSpec) -> dict[tuple[str, ...], dict[str, str]]:
    """Style declarations by target: `A,B` goes to the overlap of A and B if there is one, else to each."""
    unions = {frozenset(u.ids): u.ids for u in spec.unions}
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for targets, decls in spec.styles:
        keys = [unions[frozenset(targets)]] if len(targets) > 1 and frozenset(targets) in unions else \
            [(t,) for t in targets]
        for key in keys:
            out[key] = {**out.get(key, {}), **decls}
    return out
