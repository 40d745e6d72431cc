"""Layout engine figures: layered layout time and drawing quality on seeded flowcharts, versus Graphviz dot.

Targets: 200 nodes (~300 edges) < 150 ms, 1,000 nodes < 1.5 s; route_orthogonal ~1-3 ms with 30 obstacles.
Run: .venv/bin/python benchmarks/bench_layout.py [--json] [--quick] [--no-dot]
(--quick skips the 3,000-node graph.) If Graphviz `dot` is on PATH, it lays out the same graphs for
comparison (dot needs about two minutes for the 3,000-node one; --no-dot skips it).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from _common import Figures

from autograph_desktop.layout import (
    LayoutGraph,
    LayoutOptions,
    layered_layout,
    node_overlaps,
    route_orthogonal,
)
from autograph_desktop.layout.quality import (
    area,
    count_crossings,
    edge_crossings,
    flatten_bezier,
    polyline_length,
    total_edge_length,
)

SIZES = (50, 200, 1000, 3000)
RUNS = {50: 7, 200: 5, 1000: 3, 3000: 1}


def flowchart(n: int, seed: int) -> LayoutGraph:
    """A DAG-like flowchart: each step follows a recent one, plus forward jumps and a few loops back.

    About 1.5 edges per node; node sizes like text labels (80-200 x 40-60).
    """
    rng = random.Random(seed)
    g = LayoutGraph()
    for i in range(n):
        g.add_node(f"n{i}", rng.randint(80, 200), rng.randint(40, 60))
    for i in range(1, n):
        g.add_edge(f"n{rng.randint(max(0, i - 6), i - 1)}", f"n{i}")
    for _ in range(n // 2):
        u = rng.randrange(n)
        v = min(n - 1, u + rng.randint(1, 25))
        if u == v:
            continue
        if rng.random() < 0.1:
            u, v = v, u  # a loop back, as in retry/repeat flows
        g.add_edge(f"n{u}", f"n{v}")
    return g


def to_dot(g: LayoutGraph, opts: LayoutOptions) -> str:
    lines = [
        "digraph G {",
        f"  graph [rankdir=TB, nodesep={opts.node_spacing / 72:.4f}, ranksep={opts.rank_spacing / 72:.4f}];",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    for nd in g.nodes:
        lines.append(f"  {nd.id} [width={nd.width / 72:.4f}, height={nd.height / 72:.4f}];")
    for e in g.edges:
        lines.append(f"  {e.source} -> {e.target};")
    lines.append("}")
    return "\n".join(lines)


def run_dot(source: str, timeout: float) -> tuple[float, int, float, float] | None:
    """(seconds, crossings, edge length, area) of dot's drawing, from its plain output."""
    start = time.perf_counter()
    try:
        out = subprocess.run(
            ["dot", "-Tplain"], input=source, capture_output=True, text=True, timeout=timeout, check=True
        ).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    elapsed = time.perf_counter() - start
    curves: list[list[tuple[float, float]]] = []
    width = height = 0.0
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "graph":
            width, height = float(parts[2]) * 72, float(parts[3]) * 72
        elif parts and parts[0] == "edge":
            k = int(parts[3])
            pts = [(float(parts[4 + 2 * i]) * 72, float(parts[5 + 2 * i]) * 72) for i in range(k)]
            curves.append(flatten_bezier(pts))
    length = sum(polyline_length(c) for c in curves)
    return elapsed, count_crossings(curves), length, width * height


def bench_router(figures: Figures) -> None:
    rng = random.Random(11)
    obstacles: list[tuple[float, float, float, float]] = []
    while len(obstacles) < 30:
        r = (rng.uniform(0, 1400), rng.uniform(0, 900), rng.uniform(80, 180), rng.uniform(40, 60))
        if all(
            r[0] > o[0] + o[2] + 30
            or o[0] > r[0] + r[2] + 30
            or r[1] > o[1] + o[3] + 30
            or o[1] > r[1] + r[3] + 30
            for o in obstacles
        ):
            obstacles.append(r)
    samples = []
    cpu = []
    for i in range(300):
        a, b = obstacles[i % 30], obstacles[(i * 7 + 3) % 30]
        if a is b:
            continue
        start = (a[0] + a[2], a[1] + a[3] / 2)
        end = (b[0], b[1] + b[3] / 2)
        t0, c0 = time.perf_counter(), time.process_time()
        route_orthogonal(start, "right", end, "left", obstacles)
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    samples.sort()
    cpu.sort()
    figures.add("route_orthogonal_30_obstacles_median", statistics.median(samples), "ms")
    figures.add("route_orthogonal_30_obstacles_p90", samples[int(len(samples) * 0.9)], "ms")
    figures.add("route_orthogonal_30_obstacles_cpu_median", statistics.median(cpu), "ms")
    figures.add("route_orthogonal_30_obstacles_cpu_p90", cpu[int(len(cpu) * 0.9)], "ms")


def main() -> int:
    figures = Figures()
    quick = "--quick" in sys.argv
    has_dot = shutil.which("dot") is not None and "--no-dot" not in sys.argv
    opts = LayoutOptions()
    for n in SIZES:
        if quick and n > 1000:
            continue
        g = flowchart(n, seed=n)
        name = f"layered_{n}_nodes"
        times = []
        cpu = []
        result = None
        for _ in range(RUNS[n]):
            t0, c0 = time.perf_counter(), time.process_time()
            result = layered_layout(g, opts)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert result is not None
        ours = edge_crossings(result)
        figures.add(f"{name}_edges", len(g.edges), "edges")
        figures.add(f"{name}_time", statistics.median(times), "ms")
        # CPU time of this process: the honest figure when other jobs share the machine.
        figures.add(f"{name}_cpu_time", statistics.median(cpu), "ms")
        figures.add(f"{name}_crossings", ours, "crossings")
        figures.add(f"{name}_edge_length", total_edge_length(result), "px")
        figures.add(f"{name}_area", area(result), "px2")
        figures.add(f"{name}_overlaps", len(node_overlaps(result.nodes)), "pairs")
        spline = layered_layout(g, LayoutOptions(edge_routing="spline"))
        ours_spline = edge_crossings(spline)
        figures.add(f"{name}_spline_crossings", ours_spline, "crossings")
        if has_dot:
            dot_runs = [run_dot(to_dot(g, opts), timeout=300) for _ in range(3 if n <= 200 else 1)]
            if all(r is not None for r in dot_runs):
                dot_time = statistics.median(r[0] for r in dot_runs if r) * 1000
                _, dot_cross, dot_len, dot_area = dot_runs[0] or (0.0, 0, 0.0, 0.0)
                figures.add(f"dot_{n}_nodes_time", dot_time, "ms")
                figures.add(f"dot_{n}_nodes_crossings", dot_cross, "crossings")
                figures.add(f"dot_{n}_nodes_edge_length", dot_len, "px")
                figures.add(f"dot_{n}_nodes_area", dot_area, "px2")
                figures.add(f"{name}_time_ratio_to_dot", statistics.median(times) / max(dot_time, 1e-9), "x")
                figures.add(f"{name}_spline_crossings_ratio_to_dot", ours_spline / max(dot_cross, 1), "x")
                figures.add(f"{name}_area_ratio_to_dot", area(result) / max(dot_area, 1e-9), "x")
    bench_router(figures)
    figures.done()
    return 0


if __name__ == "__main__":
    sys.exit(main())
