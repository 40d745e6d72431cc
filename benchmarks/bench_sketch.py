"""What the hand-drawn look and rich text cost: frames and SVG export of 1,000 shapes with them off and on.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_sketch.py [--json]

Each figure is the median CPU time of this process; the ratios compare looks within the same run, so
machine load cancels out. "cold" frames build every element's drawing (strokes, hatch lines, pieces of
text); warm frames replay them.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from autograph_desktop.model import Diagram, Rect, Shape, Style
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.richtext import RUNS_KEY, Run, runs_to_json

W, H = 1920, 1080
LOOKS: dict[str, Style] = {
    "clean": Style(fill="#dbeafe", stroke="#1c7ed6"),
    "sketchy": Style(fill="#dbeafe", stroke="#1c7ed6", sketch=1),
    "hachure": Style(fill="#dbeafe", stroke="#1c7ed6", sketch=1, fill_style="hachure"),
}


def make(n: int, style: Style, rich: bool = False) -> Diagram:
    cols = int(n ** 0.5)
    keys = list(keys_after(None, n))
    runs = runs_to_json((Run("Node", bold=True), Run(" with "), Run("looks", italic=True, color="#d9363e")))
    els = [Shape(id=f"s{i}", x=(i % cols) * 140.0, y=(i // cols) * 90.0, w=110, h=60, z=keys[i], style=style,
                 text="Node with looks", data=((RUNS_KEY, runs),) if rich else ()) for i in range(n)]
    return Diagram(elements=els)


def cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def frame(doc: Diagram, image: QImage) -> Callable[[], None]:
    from autograph_desktop.render.painter import DiagramPainter

    bbox = doc.bbox()
    assert bbox is not None
    scale = min(W / bbox.w, H / bbox.h) * 2.5  # zoomed in enough to draw text
    view = Rect(bbox.x, bbox.y, W / scale, H / scale)
    painter = DiagramPainter(doc)

    def draw() -> None:
        qp = QPainter(image)
        qp.scale(scale, scale)
        qp.translate(-view.x, -view.y)
        painter.paint(qp, view, scale)
        qp.end()

    return draw


def main() -> None:
    QGuiApplication.instance() or QGuiApplication([])
    from autograph_desktop.render import svg

    figures = Figures()
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    base: dict[str, float] = {}
    for name, style in (*LOOKS.items(), ("rich_text", LOOKS["clean"])):
        doc = make(1000, style, rich=name == "rich_text")
        cold = cpu_ms(lambda d=doc: frame(d, image)(), 3)  # type: ignore[misc]
        warm_draw = frame(doc, image)
        warm_draw()
        warm = cpu_ms(warm_draw, 7)
        export = cpu_ms(lambda d=doc: svg.to_svg(d), 3)  # type: ignore[misc]
        figures.add(f"sketch.frame_1k_{name}_cold_cpu", cold, "ms")
        figures.add(f"sketch.frame_1k_{name}_cpu", warm, "ms")
        figures.add(f"sketch.svg_1k_{name}_cpu", export, "ms")
        if name == "clean":
            base = {"cold": cold, "warm": warm, "svg": export}
        else:
            figures.add(f"sketch.frame_1k_{name}_vs_clean", warm / base["warm"], "x")
            figures.add(f"sketch.frame_1k_{name}_cold_vs_clean", cold / base["cold"], "x")
            figures.add(f"sketch.svg_1k_{name}_vs_clean", export / base["svg"], "x")
    figures.done()


if __name__ == "__main__":
    main()
