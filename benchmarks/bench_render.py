"""Render benchmarks: painter frame times, SVG/PNG/PDF export times, CLI start-up. Prints figures only.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_render.py [--json] [--quick]

Frames are drawn the way the canvas draws them (a 1920x1080 QImage, scale + translate, `paint`);
"cold" is the first frame after opening (caches empty), the others are medians of warm frames. Each
figure comes as wall time and as this process's CPU time: on a shared machine the CPU figure is the one
that says what the code costs (wall time also counts waiting for a core).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402

from autograph_desktop.model import Connector, Diagram, DiagramMeta, Element, Endpoint, Rect, Shape  # noqa: E402
from autograph_desktop.model.fractional import keys_after  # noqa: E402

W, H = 1920, 1080


def make_diagram(n: int) -> Diagram:
    """`n` elements: half labelled shapes in a grid, half connectors attached to neighbouring shapes."""
    shapes = n // 2
    cols = max(int(shapes ** 0.5), 1)
    els: list[Element] = []
    for i in range(shapes):
        r, c = divmod(i, cols)
        els.append(Shape(id=f"n{i}", x=c * 200, y=r * 120, w=140, h=60, text=f"Service {i}",
                         shape=("rectangle", "rounded", "ellipse", "diamond")[i % 4]))
    for i in range(n - shapes):
        a = i % shapes
        b = a + 1 if (a + 1) % cols and a + 1 < shapes else (a + cols) % shapes
        els.append(Connector(id=f"e{i}", source=Endpoint(f"n{a}"), target=Endpoint(f"n{b}"),
                             routing="orthogonal" if i % 5 == 0 else "straight"))
    els = [e.evolve(z=k) for e, k in zip(els, keys_after(None, len(els)), strict=True)]
    return Diagram(DiagramMeta(title=f"bench {n}"), els)


def frame_ms(painter: object, image: QImage, visible: Rect, scale: float) -> tuple[float, float]:
    """(wall ms, CPU ms) of one `paint` call."""
    image.fill(0xFFFFFFFF)
    qp = QPainter(image)
    qp.scale(scale, scale)
    qp.translate(-visible.x, -visible.y)
    wall, cpu = time.perf_counter(), time.process_time()
    painter.paint(qp, visible, scale)  # type: ignore[attr-defined]
    result = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    qp.end()
    return result


def median_frame(painter: object, image: QImage, visible: Rect, scale: float, repeat: int) -> tuple[float, float]:
    runs = [frame_ms(painter, image, visible, scale) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall s, CPU s) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def add_pair(figures: Figures, name: str, pair: tuple[float, float], unit: str) -> None:
    figures.add(name, pair[0], unit)
    figures.add(name + "_cpu", pair[1], unit)


def bench_frames(n: int, figures: Figures) -> None:
    from autograph_desktop.render.painter import DiagramPainter

    doc = make_diagram(n)
    bbox = doc.bbox()
    assert bbox is not None
    painter = DiagramPainter(doc)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    zoom = 0.75
    cx, cy = bbox.x + bbox.w / 2, bbox.y + bbox.h / 2
    near = Rect(cx - W / zoom / 2, cy - H / zoom / 2, W / zoom, H / zoom)
    k = f"{n // 1000}k"
    figures.add(f"render.frame_{k}_zoomed_visible", len(doc.elements_in_rect(near)), "elements")
    add_pair(figures, f"render.frame_{k}_zoomed_cold", frame_ms(painter, image, near, zoom), "ms")
    add_pair(figures, f"render.frame_{k}_zoomed", median_frame(painter, image, near, zoom, 7), "ms")
    whole = min(W / bbox.w, H / bbox.h)
    everything = Rect(bbox.x, bbox.y, W / whole, H / whole)
    add_pair(figures, f"render.frame_{k}_whole_cold", frame_ms(painter, image, everything, whole), "ms")
    add_pair(figures, f"render.frame_{k}_whole", median_frame(painter, image, everything, whole, 5), "ms")
    painter.close()


def bench_exports(n: int, figures: Figures) -> None:
    from autograph_desktop.io import write_bytes
    from autograph_desktop.render import pdf, raster

    doc = make_diagram(n)
    k = f"{n // 1000}k"
    # SVG as exported (the diagram embedded): render draws it, the format registry adds the payload.
    add_pair(figures, f"render.export_svg_{k}", timed(lambda: write_bytes(doc, "svg")), "s")
    if n <= 2000:  # 10k elements at 2x would be a 480-megapixel image, which exports refuse (limit 120 MP)
        add_pair(figures, f"render.export_png_{k}_2x", timed(lambda: raster.to_png(doc, scale=2.0)), "s")
    else:
        add_pair(figures, f"render.export_png_{k}_4000px", timed(lambda: raster.to_png(doc, width=4000, scale=None)),
                 "s")
    add_pair(figures, f"render.export_pdf_{k}", timed(lambda: pdf.to_pdf(doc)), "s")


def bench_cli(figures: Figures) -> None:
    """`python -m autograph_desktop export small.autograph -o out.svg` in a subprocess, best of 3."""
    from autograph_desktop.formats.native import dumps

    with tempfile.TemporaryDirectory() as folder:
        src = os.path.join(folder, "small.autograph")
        with open(src, "wb") as handle:
            handle.write(dumps(make_diagram(20)))
        env = dict(os.environ, PYTHONPATH=ROOT)
        for fmt in ("svg", "png"):
            runs = []
            for _ in range(3):
                before = os.times()
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "autograph_desktop", "export", src, "-o",
                                os.path.join(folder, f"out.{fmt}")], env=env, check=True, capture_output=True)
                after = os.times()
                child_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
                runs.append((time.perf_counter() - start, child_cpu))
            best = min(runs)
            add_pair(figures, f"render.cli_export_small_{fmt}", best, "s")


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    app = QGuiApplication.instance() or QGuiApplication([])
    figures = Figures()
    for n in (1000, 10_000) if quick else (1000, 10_000, 50_000):
        bench_frames(n, figures)
    for n in (1000, 10_000):
        bench_exports(n, figures)
    bench_cli(figures)
    figures.done()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
