"""Mermaid to native shapes: parse + layout + build time, and layout quality, for flowcharts of 50-3,000 nodes
and for our equivalents of the Mermaid documentation's flowcharts (subgraphs, nested subgraphs, labels, LR).

Targets: 200 nodes < 150 ms (issue 16), 1,000 nodes < 1.5 s; crossings at most Graphviz dot's (ratio <= 1.0).
Times are wall-clock medians (and CPU medians, steadier on a shared machine) of parse + layout + build.
With Graphviz `dot` on PATH the very same layout graph is drawn by dot, and crossings are counted the same
way on both final drawings (see benchmarks/_graphviz.py): a crossing is a proper intersection of the
drawn routes of two different edges; ours are the built diagram's connectors as the canvas draws them,
dot's are its -Tplain splines. Without dot the ratio lines are skipped and one line says how to get it
(on Debian/Ubuntu: apt-get install graphviz).
Run: .venv/bin/python benchmarks/bench_mermaid.py [--json]
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures
from _flowcharts import DOC_LIKE, flowchart
from _graphviz import DOT_HINT, dot_drawing, has_dot, to_dot

from autograph_desktop.layout import LayoutGraph
from autograph_desktop.layout.quality import count_crossings
from autograph_desktop.mermaid.graph_build import layout_graph, layout_options
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.theme import theme_named
from autograph_desktop.mermaid.to_model import graph_draft, spec_to_diagram
from autograph_desktop.model import Connector, Diagram, Shape

__all__ = ["flowchart"]  # bench_code_panel reuses the generator


def drawn_routes(doc: Diagram, graph: LayoutGraph) -> list[list[tuple[float, float]]]:
    """The drawn polylines of the connectors that stand for the layout graph's edges."""
    ids = {e.id for e in graph.edges}
    return [doc.connector_points(el) for el in doc if isinstance(el, Connector) and el.get("mermaid_id") in ids]


def quality(doc: Diagram, graph: LayoutGraph) -> tuple[int, float, float, int]:
    routes = drawn_routes(doc, graph)
    length = sum(((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) ** 0.5 for r in routes for p, q in itertools.pairwise(r))
    box = doc.bbox()
    area = box.w * box.h if box else 0.0
    shapes = [e for e in doc if isinstance(e, Shape)]
    overlaps = sum(1 for a, b in itertools.combinations(shapes, 2)
                   if a.rect.inflated(-0.5).intersects(b.rect.inflated(-0.5))) if len(shapes) <= 1200 else -1
    return count_crossings(routes), length, area, overlaps


def graph_of(text: str) -> tuple[LayoutGraph, str]:
    """The layout graph the app builds for ``text``, and the same graph as DOT source."""
    spec = parse(text)
    draft = graph_draft(spec, theme_named(None), None)
    assert draft is not None
    graph = layout_graph(draft)
    return graph, to_dot(graph, layout_options(draft))


def timed_builds(text: str, runs: int, thorough: bool) -> tuple[float, float, Diagram]:
    """Median wall and CPU milliseconds of parse + layout + build, and the last diagram."""
    wall, cpu = [], []
    doc = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        doc = spec_to_diagram(parse(text), thorough=thorough)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    assert doc is not None
    return statistics.median(wall), statistics.median(cpu), doc


def bench_sizes(figures: Figures, dot: bool) -> None:
    for n in (50, 200, 1000, 3000):
        text = flowchart(n)
        runs = 5 if n <= 200 else 1
        wall, cpu, doc = timed_builds(text, runs, thorough=True)
        name = f"flowchart_{n}_nodes"
        figures.add(f"{name}_parse_layout_build", wall, "ms")
        figures.add(f"{name}_parse_layout_build_cpu", cpu, "ms")
        if n > 1000:
            continue
        graph, source = graph_of(text)
        crossings, length, area, overlaps = quality(doc, graph)
        figures.add(f"{name}_crossings", crossings, "crossings")
        figures.add(f"{name}_edge_length", length, "px")
        figures.add(f"{name}_area", area / 1e6, "Mpx2")
        figures.add(f"{name}_overlaps", overlaps, "pairs")
        if n <= 200:
            p_wall, p_cpu, p_doc = timed_builds(text, runs, thorough=False)
            figures.add(f"{name}_preview_parse_layout_build", p_wall, "ms")
            figures.add(f"{name}_preview_crossings", quality(p_doc, graph)[0], "crossings")
        if dot:
            dot_ms, curves = dot_drawing(source)
            dot_crossings = count_crossings(curves)
            figures.add(f"{name}_dot_time", dot_ms, "ms")
            figures.add(f"{name}_dot_crossings", dot_crossings, "crossings")
            figures.add(f"{name}_time_ratio_to_dot", wall / max(dot_ms, 1e-9), "x")
            figures.add(f"{name}_crossings_ratio_to_dot", crossings / max(dot_crossings, 1), "x")


def bench_doc_like(figures: Figures, dot: bool) -> None:
    """Small documentation-style charts: crossings each, and the ratio of the sums to dot's."""
    ours_total = dot_total = 0
    for key, text in DOC_LIKE.items():
        _, _, doc = timed_builds(text, 1, thorough=True)
        graph, source = graph_of(text)
        crossings = quality(doc, graph)[0]
        ours_total += crossings
        figures.add(f"doc_{key}_crossings", crossings, "crossings")
        if dot:
            dot_crossings = count_crossings(dot_drawing(source)[1])
            dot_total += dot_crossings
            figures.add(f"doc_{key}_dot_crossings", dot_crossings, "crossings")
    if dot:
        figures.add("doc_charts_crossings_ratio_to_dot", ours_total / max(dot_total, 1), "x")


def main() -> None:
    figures = Figures()
    dot = has_dot()
    if not dot:
        print(DOT_HINT, file=sys.stderr if figures.as_json else sys.stdout, flush=True)
    bench_sizes(figures, dot)
    bench_doc_like(figures, dot)
    figures.done()


if __name__ == "__main__":
    main()
