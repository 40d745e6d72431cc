"""Dragging in the real main window, as a user does: a library diagram (autosave session, status bar,
properties and history panels all listening), the select tool's move interaction, and the frame drawn
through the widget's paint event. CPU milliseconds per mouse move, each figure the median of 10 moves.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_app.py [--json]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["AUTOGRAPH_HOME"] = tempfile.mkdtemp(prefix="autograph-bench-app-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures, rss_mb
from bench_canvas import build_elements
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from autograph_desktop.gui.app import open_library
from autograph_desktop.gui.canvas.tools.base import Pointer
from autograph_desktop.gui.canvas.tools.transform import MoveInteraction
from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Diagram, DiagramMeta


def drag_cost(app: QApplication, source: object, elements: int, moving: int, zoom: float) -> float:
    """Median CPU ms of one mouse move (model step, listeners, repaint) dragging `moving` shapes."""
    did = source.library.diagrams.create(  # type: ignore[attr-defined]
        Diagram(DiagramMeta(title=f"{elements} elements"), build_elements(elements)))
    window = MainWindow(library=source)  # type: ignore[arg-type]
    window.resize(1600, 1000)
    window.show()
    window.open_library_diagram(did)
    view = window.current_view()
    idle_until = time.perf_counter() + 15  # the user looks at the diagram a moment: idle work finishes
    while (view.preparing_overview or time.perf_counter() < idle_until - 14.5) and time.perf_counter() < idle_until:
        app.processEvents()
        time.sleep(0.005)
    view.set_zoom(zoom)
    view.camera.ox = view.camera.oy = 0.0
    doc = view.doc
    shapes = [e for e in doc if e.kind == "shape"]
    ids = [e.id for e in shapes[5:5 + moving]]
    view.set_selection(ids)
    view.repaint()
    alt = Qt.KeyboardModifier.AltModifier  # no snapping: every move moves
    grip = doc[ids[0]]
    x0, y0 = grip.x + 5, grip.y + 5
    drag = MoveInteraction(view, ids, Pointer(x0, y0, *view.camera.to_view(x0, y0), modifiers=alt))
    samples = []
    for step in range(1, 14):
        x = x0 + step * 3
        start = time.thread_time()
        drag.move(Pointer(x, y0, *view.camera.to_view(x, y0), modifiers=alt))
        view.repaint()
        if step > 3:
            samples.append((time.thread_time() - start) * 1000)
    drag.release(Pointer(x0, y0, 0, 0))
    rss[elements] = rss_mb()
    window.close_tab(window.tabs.currentIndex())
    window.close()
    return statistics.median(samples)


rss: dict[int, float] = {}


def main() -> None:
    app = QApplication.instance() or QApplication([])
    ensure_main_thread_gc()  # as the app does: the collector runs between frames, on a timer
    figures = Figures()
    source, _note = open_library()
    figures.add("window_drag_one_shape_400_elements_cpu", drag_cost(app, source, 400, 1, 1.0), "ms")
    figures.add("window_drag_1000_shapes_10k_elements_cpu", drag_cost(app, source, 10_000, 1000, 0.6), "ms")
    figures.add("window_rss_with_10k_diagram", rss[10_000], "MB")
    figures.done()


if __name__ == "__main__":
    main()
