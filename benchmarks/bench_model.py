"""Core model figures: build, save and load a 10k-element diagram; random operations and undo; viewport queries.

Targets (issue 2): load 10k elements < 300 ms; one viewport query < 0.2 ms.
Run: .venv/bin/python benchmarks/bench_model.py [--json]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures, time_ms

from autograph_desktop.formats import native
from autograph_desktop.model import Connector, Diagram, Endpoint, History, Rect, Shape, edits
from autograph_desktop.model.fractional import keys_after


def build(n: int, seed: int = 1) -> Diagram:
    """n elements: half labelled shapes on a grid, half connectors between neighbours."""
    rng = random.Random(seed)
    shapes_n = n // 2
    cols = max(1, int(shapes_n**0.5))
    shapes = [
        Shape(x=(i % cols) * 200.0, y=(i // cols) * 140.0, w=140, h=70, text=f"Service {i}",
              shape=rng.choice(["rectangle", "rounded", "ellipse", "diamond"]))
        for i in range(shapes_n)
    ]
    connectors = []
    for i in range(n - shapes_n):
        a = shapes[i % shapes_n]
        b = shapes[(i + 1 + rng.randrange(3)) % shapes_n]
        connectors.append(Connector(source=Endpoint(a.id), target=Endpoint(b.id), routing="orthogonal"))
    elements = [*shapes, *connectors]
    keys = keys_after(None, len(elements))
    return Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])


def main() -> None:
    figures = Figures()
    n = 10_000
    start = time.perf_counter()
    doc = build(n)
    figures.add("build_10k_elements", (time.perf_counter() - start) * 1000, "ms")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.autograph")
        figures.add("save_10k_elements", time_ms(lambda: native.save_file(doc, path), 3), "ms")
        figures.add("file_size_10k_elements", os.path.getsize(path) / 1e6, "MB")
        figures.add("load_10k_elements", time_ms(lambda: native.load_file(path), 5), "ms")

    rng = random.Random(2)
    history = History(doc)
    ids = doc.ids()
    shape_ids = [e.id for e in doc if isinstance(e, Shape)]
    start = time.perf_counter()
    for _ in range(1000):
        choice = rng.random()
        if choice < 0.5:
            history.execute(edits.move(doc, [rng.choice(shape_ids)], rng.uniform(-50, 50), rng.uniform(-50, 50)))
        elif choice < 0.7:
            history.execute(edits.set_style(doc, [rng.choice(ids)], fill=rng.choice(["red", "blue", "green"])))
        elif choice < 0.85:
            history.execute(edits.set_fields(doc, [rng.choice(shape_ids)], text=f"t{rng.random():.3f}"))
        else:
            history.execute(edits.add(doc, Shape(x=rng.uniform(0, 9000), y=rng.uniform(0, 9000), w=100, h=60)))
    apply_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    while history.undo():
        pass
    undo_ms = (time.perf_counter() - start) * 1000
    figures.add("apply_1000_random_operations", apply_ms, "ms")
    figures.add("undo_1000_operations", undo_ms, "ms")

    views = [Rect(rng.uniform(0, 9000), rng.uniform(0, 6000), 1920 / 2, 1080 / 2) for _ in range(10_000)]
    visible = [len(doc.ids_in_rect(v)) for v in views[:100]]
    start = time.perf_counter()
    for view in views:
        doc.ids_in_rect(view)
    per_query = (time.perf_counter() - start) * 1000 / len(views)
    figures.add("viewport_query", per_query, "ms")
    figures.add("viewport_query_elements_found_avg", sum(visible) / len(visible), "elements")
    start = time.perf_counter()
    for view in views[:2000]:
        doc.elements_at(view.x, view.y)
    figures.add("hit_test_point", (time.perf_counter() - start) * 1000 / 2000, "ms")
    figures.done()


if __name__ == "__main__":
    main()
