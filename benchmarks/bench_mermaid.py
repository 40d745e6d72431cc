"""Mermaid to native shapes: parse + layout + build time, and layout quality, for flowcharts of 50-3,000 nodes.

Targets (issue 5): 200 nodes < 150 ms, 1,000 nodes < 1.5 s. Quality: crossings, total edge length, area,
overlaps (must be 0). Where Graphviz `dot` is installed the same graphs are laid out by dot too and our
crossings and time are printed as ratios to dot's.
Run: .venv/bin/python benchmarks/bench_mermaid.py [--json]
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model import Connector, Diagram, Shape


def flowchart(n: int, seed: int = 7) -> str:
    """A DAG-like flowchart: each node links to 1-2 later nodes nearby, ~1.5 edges per node."""
    rng = random.Random(seed)
    lines = ["flowchart TD"]
    for i in range(n):
        lines.append(f"  n{i}[Step {i} {'of the process' if i % 3 == 0 else ''}]")
    for i in range(n - 1):
        for _ in range(1 if rng.random() < 0.5 else 2):
            j = min(n - 1, i + 1 + int(rng.expovariate(0.3)))
            lines.append(f"  n{i} --> n{j}")
    return "\n".join(lines) + "\n"


def _segments(doc: Diagram) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    out = []
    for conn in doc:
        if isinstance(conn, Connector):
            points = doc.connector_points(conn)
            out.extend(itertools.pairwise(points))
    return out


def _cross(a: tuple[tuple[float, float], tuple[float, float]], b: tuple[tuple[float, float], tuple[float, float]]) -> bool:
    def orient(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (p3, p4) = a, b
    if p1 in (p3, p4) or p2 in (p3, p4):
        return False
    d1, d2, d3, d4 = orient(p3, p4, p1), orient(p3, p4, p2), orient(p1, p2, p3), orient(p1, p2, p4)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def count_crossings(segments: list[tuple[tuple[float, float], tuple[float, float]]]) -> int:
    """Proper crossings between segments, found through a 200 px grid so big drawings stay fast."""
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, (p, q) in enumerate(segments):
        for cx in range(int(min(p[0], q[0]) // 200), int(max(p[0], q[0]) // 200) + 1):
            for cy in range(int(min(p[1], q[1]) // 200), int(max(p[1], q[1]) // 200) + 1):
                buckets.setdefault((cx, cy), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, j in itertools.combinations(members, 2):
            if (i, j) not in pairs and _cross(segments[i], segments[j]):
                pairs.add((i, j))
    return len(pairs)


def quality(doc: Diagram) -> tuple[int, float, float, int]:
    segments = _segments(doc)
    crossings = count_crossings(segments)
    length = sum(((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) ** 0.5 for p, q in segments)
    box = doc.bbox()
    area = box.w * box.h if box else 0.0
    shapes = [e for e in doc if isinstance(e, Shape)]
    overlaps = sum(1 for a, b in itertools.combinations(shapes, 2)
                   if a.rect.inflated(-0.5).intersects(b.rect.inflated(-0.5))) if len(shapes) <= 1200 else -1
    return crossings, length, area, overlaps


def dot_figures(text_n: int) -> tuple[float, int] | None:
    if shutil.which("dot") is None:
        return None
    rng = random.Random(7)
    edges = []
    for i in range(text_n - 1):
        for _ in range(1 if rng.random() < 0.5 else 2):
            edges.append((i, min(text_n - 1, i + 1 + int(rng.expovariate(0.3)))))
    src = "digraph G { node [shape=box, width=1.6, height=0.6];\n" + "\n".join(f"n{a} -> n{b};" for a, b in edges) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".dot", delete=False) as handle:
        handle.write(src)
    start = time.perf_counter()
    out = subprocess.run(["dot", "-Tplain", handle.name], capture_output=True, text=True, check=True).stdout
    elapsed = (time.perf_counter() - start) * 1000
    os.unlink(handle.name)
    segments = []
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "edge":
            count = int(parts[3])
            # dot's inches -> points, so its drawing is on our scale for the grid
            pts = [(float(parts[4 + 2 * k]) * 72, float(parts[5 + 2 * k]) * 72) for k in range(count)]
            segments.extend(itertools.pairwise(pts))
    return elapsed, count_crossings(segments)


def main() -> None:
    figures = Figures()
    for n in (50, 200, 1000, 3000):
        text = flowchart(n)
        runs = 3 if n <= 200 else 1
        times = []
        doc = None
        for _ in range(runs):
            start = time.perf_counter()
            spec = parse(text)
            doc = spec_to_diagram(spec)
            times.append((time.perf_counter() - start) * 1000)
        assert doc is not None
        figures.add(f"flowchart_{n}_nodes_parse_layout_build", sorted(times)[len(times) // 2], "ms")
        if n <= 1000:
            crossings, length, area, overlaps = quality(doc)
            figures.add(f"flowchart_{n}_nodes_crossings", crossings, "crossings")
            figures.add(f"flowchart_{n}_nodes_edge_length", length, "px")
            figures.add(f"flowchart_{n}_nodes_area", area / 1e6, "Mpx2")
            figures.add(f"flowchart_{n}_nodes_overlaps", overlaps, "pairs")
            dot = dot_figures(n) if n <= 1000 else None
            if dot is not None:
                figures.add(f"flowchart_{n}_nodes_dot_time", dot[0], "ms")
                figures.add(f"flowchart_{n}_nodes_dot_crossings", dot[1], "crossings")
                figures.add(f"flowchart_{n}_nodes_time_ratio_to_dot", sorted(times)[len(times) // 2] / max(dot[0], 1e-9), "x")
                if dot[1] > 0:
                    figures.add(f"flowchart_{n}_nodes_crossings_ratio_to_dot", crossings / dot[1], "x")
    figures.done()


if __name__ == "__main__":
    main()
