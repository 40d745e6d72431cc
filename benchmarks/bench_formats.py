"""draw.io and Excalidraw figures: read and write a 10k-element diagram in both formats; read the draw.io corpus.

Run: .venv/bin/python benchmarks/bench_formats.py [--json]
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures, time_ms

from autograph_desktop.formats import drawio, excalidraw
from autograph_desktop.model import Connector, ConnectorLabel, Diagram, Endpoint, InvalidInput, Shape
from autograph_desktop.model.fractional import keys_after

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "drawio"


def build(n: int, seed: int = 1) -> Diagram:
    """n elements: half labelled shapes on a grid, half connectors between neighbours (some with sides)."""
    rng = random.Random(seed)
    shapes_n = n // 2
    cols = max(1, int(shapes_n**0.5))
    shapes = [Shape(id=f"s{i}", x=(i % cols) * 200.0, y=(i // cols) * 140.0, w=140, h=70, text=f"Service {i}",
                    shape=rng.choice(("rectangle", "rounded", "ellipse", "diamond"))) for i in range(shapes_n)]
    connectors = []
    for j in range(n - shapes_n):
        a = j % shapes_n
        b = (a + 1 + rng.randrange(cols)) % shapes_n
        side = rng.choice((None, "right", "bottom"))
        connectors.append(Connector(id=f"c{j}", source=Endpoint(f"s{a}", side=side), target=Endpoint(f"s{b}"),
                                    routing=rng.choice(("straight", "orthogonal")),
                                    labels=(ConnectorLabel(f"call {j}"),) if j % 5 == 0 else ()))
    elements = [*shapes, *connectors]
    keys = list(keys_after(None, len(elements)))
    return Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])


def main() -> None:
    figures = Figures()
    diagram = build(10_000)
    drawio_bytes = drawio.write([diagram])
    excalidraw_bytes = excalidraw.write(diagram)
    figures.add("drawio_write_10k", time_ms(lambda: drawio.write([diagram]), repeat=3), "ms")
    figures.add("drawio_read_10k", time_ms(lambda: drawio.read(drawio_bytes, "bench.drawio"), repeat=3), "ms")
    figures.add("drawio_size_10k", len(drawio_bytes) / 1e6, "MB")
    figures.add("excalidraw_write_10k", time_ms(lambda: excalidraw.write(diagram), repeat=3), "ms")
    figures.add("excalidraw_read_10k",
                time_ms(lambda: excalidraw.read(excalidraw_bytes, "bench.excalidraw"), repeat=3), "ms")
    figures.add("excalidraw_size_10k", len(excalidraw_bytes) / 1e6, "MB")
    if CORPUS.is_dir():
        files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".drawio", ".xml"))
        blobs = [(p.name, p.read_bytes()) for p in files]

        def read_corpus() -> int:
            count = 0
            for name, data in blobs:
                with contextlib.suppress(InvalidInput):  # the corpus holds one non-diagram on purpose
                    count += sum(len(d) for d in drawio.read(data, name).diagrams)
            return count

        start = time.perf_counter()
        elements = read_corpus()
        once = (time.perf_counter() - start) * 1000
        figures.add("drawio_corpus_files", len(blobs), "files")
        figures.add("drawio_corpus_elements", elements, "elements")
        figures.add("drawio_corpus_read", min(once, time_ms(read_corpus, repeat=3)), "ms")
    figures.done()


if __name__ == "__main__":
    main()
