"""Canvas performance figures at 1,000 / 10,000 / 50,000 elements, rendered offscreen at 1920x1080.

Prints one line per figure (`name: value unit`), or one JSON object with --json. Each size runs in its
own process so that the resident-memory figure belongs to that size alone. Never passes or fails.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_canvas.py [--sizes 1000,10000] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from _common import rss_mb

WIDTH, HEIGHT = 1920, 1080


def build_elements(n: int) -> list:  # type: ignore[type-arg]
    """Half labelled shapes on a grid, half connectors attached to neighbouring shapes (1 in 10 orthogonal)."""
    from autograph_desktop.model import Connector, Endpoint, Shape, keys_between

    shapes_n = n // 2
    cols = max(1, int(math.sqrt(shapes_n * 1.6)))
    shapes = [Shape(x=(i % cols) * 200.0, y=(i // cols) * 130.0, w=120, h=60, text=f"Service {i}",
                    shape=("rectangle", "rounded", "ellipse", "diamond")[i % 4]) for i in range(shapes_n)]
    conns = []
    for i in range(n - shapes_n):
        a = i % shapes_n
        b = a + 1 if (a + 1) % cols and a + 1 < shapes_n else min(a + cols, shapes_n - 1)
        if b == a:
            b = (a + 1) % shapes_n
        conns.append(Connector(source=Endpoint(shapes[a].id), target=Endpoint(shapes[b].id),
                               routing="orthogonal" if i % 10 == 0 else "straight"))
    elements = shapes + conns
    keys = keys_between(None, None, len(elements))
    return [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Thread CPU milliseconds per call: on a shared, loaded machine wall time mostly measures the neighbours
    (the wall-clock figures are printed beside these)."""
    out = []
    for _ in range(repeat):
        t = time.thread_time()
        fn()
        out.append((time.thread_time() - t) * 1000)
    return out


def wall(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def run_size(n: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from autograph_desktop.gui.canvas import CanvasView
    from autograph_desktop.gui.canvas.tools.select import band_ids
    from autograph_desktop.model import Diagram, History, Rect, edits

    elements = build_elements(n)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def frame(view: CanvasView) -> None:
        qp = QPainter(image)
        view.render_into(qp)
        qp.end()

    figures: dict[str, float] = {}

    def both(name: str, fn: Callable[[], object], repeat: int) -> None:
        figures[f"{name}_cpu_ms"] = statistics.median(timed(fn, repeat))
        figures[f"{name}_wall_ms"] = statistics.median(wall(fn, repeat))

    t0, c0 = time.perf_counter(), time.process_time()
    doc = Diagram(elements=elements)
    history = History(doc)
    view = CanvasView(doc, history)
    view.resize(WIDTH, HEIGHT)
    frame(view)  # the view's opening camera: fitted when small, 100% on the top-left corner when large
    figures["open_to_first_paint_wall_ms"] = (time.perf_counter() - t0) * 1000
    figures["open_to_first_paint_cpu_ms"] = (time.process_time() - c0) * 1000
    # As in the app (gui/gcguard.py): the cyclic collector does not run inside a frame or an edit but on a
    # timer between them, and a settled document is frozen out of full collections.
    gc.collect()
    gc.freeze()
    gc.disable()
    app.processEvents()
    t0, c0 = time.perf_counter(), time.process_time()
    view.zoom_to_fit()
    frame(view)  # first whole-diagram frame: the painter builds its overview of every element here
    figures["first_zoom_to_fit_frame_wall_ms"] = (time.perf_counter() - t0) * 1000
    figures["first_zoom_to_fit_frame_cpu_ms"] = (time.process_time() - c0) * 1000

    def full() -> None:
        view.layer.invalidate()
        frame(view)

    # Whole diagram visible: level of detail, drawn from scratch each time (and from the layer cache).
    both("frame_whole_diagram_full", full, 6)
    both("frame_whole_diagram_cached", lambda: frame(view), 6)

    # Editing while zoomed out: nudge one shape, then the frame that shows it (what each step of dragging
    # a single shape costs with the whole diagram in view).
    nudged = next(e.id for e in doc if e.kind == "shape" and e.x >= 1000 and e.y >= 650)  # on screen later
    nudge = {"d": 1.0}

    def edit_one() -> None:
        nudge["d"] = -nudge["d"]
        history.execute(edits.move(doc, [nudged], 4.0 * nudge["d"], 0.0))
        frame(view)

    both("edit_one_whole_diagram_frame", edit_one, 6)

    # A few hundred elements on screen: panning (the normal, cached path) and redrawing from scratch.
    view.set_zoom(0.6)
    view.camera.ox, view.camera.oy = 0.0, 0.0
    visible = view.camera.visible(WIDTH, HEIGHT)
    figures["visible_elements_in_pan_frame"] = float(len(doc.elements_in_rect(visible)))
    full()

    direction = {"d": 1}

    def pan() -> None:
        view.camera.pan(-37 * direction["d"], -21 * direction["d"])
        frame(view)

    def pan_pass(name: str) -> None:
        cpu, walls = [], []
        for _ in range(30):
            w0, c0 = time.perf_counter(), time.thread_time()
            pan()
            cpu.append((time.thread_time() - c0) * 1000)
            walls.append((time.perf_counter() - w0) * 1000)
        figures[f"{name}_cpu_ms"] = statistics.median(cpu)
        figures[f"{name}_p95_cpu_ms"] = sorted(cpu)[int(len(cpu) * 0.95) - 1]
        figures[f"{name}_wall_ms"] = statistics.median(walls)

    pan_pass("frame_pan_cold")  # new ground: the painter also builds caches for what scrolls in
    direction["d"] = -1
    pan_pass("frame_pan_warm")  # back over the same ground
    both("frame_full_redraw_few_hundred", full, 6)
    both("edit_one_few_hundred_frame", edit_one, 6)

    zoom_state = {"i": 0}

    def zoom_step() -> None:
        zoom_state["i"] += 1
        z = 0.6 * (1.03 if zoom_state["i"] % 2 else 1 / 1.03)
        view.zoom_gesture(z, (WIDTH / 2, HEIGHT / 2))
        frame(view)

    both("frame_zoom_gesture", zoom_step, 20)
    view.settle_zoom()
    both("frame_zoom_settled", full, 4)

    # Hit test at a point (the canvas's pick, on top of doc.elements_at).
    box = doc.bbox() or Rect(0, 0, 1, 1)
    points = [(box.x + box.w * ((i * 7919) % 1000) / 1000, box.y + box.h * ((i * 104729) % 1000) / 1000)
              for i in range(1000)]

    def hits() -> None:
        for x, y in points:
            view.pick_at(x, y)

    figures["hit_test_cpu_ms"] = statistics.median(timed(hits, 3)) / len(points)
    figures["hit_test_wall_ms"] = statistics.median(wall(hits, 3)) / len(points)

    # Rubber band selecting about 1,000 elements (shapes and connectors among them).
    band = _band_for(doc, min(1000, n))

    def rubber() -> None:
        view.set_selection([])
        view.set_selection(band_ids(view, band, contained=True))

    both("rubber_band", rubber, 5)
    figures["rubber_band_selected"] = float(len(view.selected_ids()))

    # Moving 1,000 selected shapes one step (as a drag does, inside a gesture), split into its parts.
    move_ids = [e.id for e in doc if e.kind == "shape"][:1000]
    view.set_selection(move_ids)
    history.begin("Move")
    build, apply_, walls = [], [], []
    for step in range(10):
        w0, t = time.perf_counter(), time.thread_time()
        txn = edits.move(doc, move_ids, 1.0, 0.0)
        t1 = time.thread_time()
        history.execute(txn)
        t2 = time.thread_time()
        walls.append((time.perf_counter() - w0) * 1000)
        build.append((t1 - t) * 1000)
        apply_.append((t2 - t1) * 1000)
        if step == 0:
            figures["move_step_operations"] = float(len(txn.operations))
    history.commit()
    figures["move_1000_edits_move_cpu_ms"] = statistics.median(build)
    figures["move_1000_execute_cpu_ms"] = statistics.median(apply_)
    figures["move_1000_total_cpu_ms"] = statistics.median([a + b for a, b in zip(build, apply_, strict=True)])
    figures["move_1000_total_wall_ms"] = statistics.median(walls)
    both("frame_after_move", full, 3)

    # What the user sees per mouse move of such a drag: the step and the frame it invalidates, together.
    def step_and_frame() -> None:
        history.execute(edits.move(doc, move_ids, 1.0, 0.0))
        frame(view)

    history.begin("Move")
    both("move_1000_step_and_frame", step_and_frame, 8)  # e.g. arrow-key nudges: no drag preview
    history.commit()

    # A mouse drag of the same selection through the select tool's move interaction (Alt: no snapping),
    # which draws the moving part from a sprite: per mouse move, the model step plus the frame.
    from PySide6.QtCore import Qt

    from autograph_desktop.gui.canvas.tools.base import Pointer
    from autograph_desktop.gui.canvas.tools.transform import MoveInteraction

    alt = Qt.KeyboardModifier.AltModifier

    def drag_figure(name: str, ids: list[str]) -> None:
        view.set_selection(ids)
        grip = next(doc[i] for i in ids if doc[i].kind == "shape")
        gx, gy = grip.x + 5, grip.y + 5
        drag = MoveInteraction(view, ids, Pointer(gx, gy, *view.camera.to_view(gx, gy), modifiers=alt))
        dragged = {"dx": 0.0}

        def drag_step() -> None:
            dragged["dx"] += 3.0
            x = gx + dragged["dx"]
            drag.move(Pointer(x, gy, *view.camera.to_view(x, gy), modifiers=alt))
            frame(view)

        drag_step()  # the first mouse move also draws the sprite
        both(name, drag_step, 8)
        figures["drag_preview_used"] = float(view.drag_preview is not None)
        drag.release(Pointer(gx, gy, 0, 0))

    drag_figure("drag_1000_step_and_frame", move_ids)
    # What a rubber band picks (shapes and the connectors among them, each outlined while dragged).
    drag_figure("drag_band_500_step_and_frame", band_ids(view, _band_for(doc, min(500, n)), contained=True))

    # Zooming out to the whole diagram after those drags: the overview rebuilds only what they touched.
    view.zoom_to_fit()
    figures["frame_whole_diagram_after_big_drag_cpu_ms"] = timed(lambda: frame(view), 1)[0]

    # The same move on a copy of the document nobody listens to: what the model alone costs.
    bare = Diagram(elements=list(doc))
    bare_ids = [e.id for e in bare if e.kind == "shape"][:1000]
    model_only = []
    for _ in range(10):
        t = time.thread_time()
        bare.execute(edits.move(bare, bare_ids, 1.0, 0.0))
        model_only.append((time.thread_time() - t) * 1000)
    figures["move_1000_model_only_cpu_ms"] = statistics.median(model_only)
    gc.collect()  # the app's timer would have run by now
    figures["rss_mb"] = rss_mb()

    # Opening and then leaving the app idle for a moment: the view builds the zoomed-out drawing in slices
    # meanwhile (how long that took, the longest slice), so the first zoom out is a normal frame.
    # (Last: a second view of the diagram would distort the memory figure above.)
    idle_doc = doc.copy()  # its own document, freed with the view once measured
    idle_view = CanvasView(idle_doc, History(idle_doc))
    idle_view.resize(WIDTH, HEIGHT)
    idle_view.show()
    frame(idle_view)
    slices: list[float] = []
    started = time.perf_counter()
    while idle_view.preparing_overview and time.perf_counter() - started < 30:
        t = time.thread_time()
        app.processEvents()
        slices.append((time.thread_time() - t) * 1000)
        time.sleep(0.005)
    figures["idle_overview_build_wall_ms"] = (time.perf_counter() - started) * 1000
    figures["idle_overview_longest_slice_cpu_ms"] = max(slices, default=0.0)
    idle_view.zoom_to_fit()
    t = time.thread_time()
    frame(idle_view)
    figures["zoom_to_fit_frame_after_idle_cpu_ms"] = (time.thread_time() - t) * 1000
    idle_view.hide()
    idle_view.deleteLater()
    del idle_view, idle_doc
    app.processEvents()
    gc.collect()

    view.deleteLater()
    return figures


def _band_for(doc, count: int):  # type: ignore[no-untyped-def]
    """A rectangle from the diagram's top-left corner holding about `count` elements."""
    from autograph_desktop.model import Rect

    box = doc.bbox()
    lo, hi = 0.0, max(box.w, box.h)
    for _ in range(30):
        mid = (lo + hi) / 2
        r = Rect(box.x - 1, box.y - 1, mid * box.w / max(box.w, box.h) + 2, mid * box.h / max(box.w, box.h) + 2)
        if len(doc.ids_in_rect(r, contained=True)) < count:
            lo = mid
        else:
            hi = mid
    return Rect(box.x - 1, box.y - 1, hi * box.w / max(box.w, box.h) + 2, hi * box.h / max(box.w, box.h) + 2)


UNITS = {"rss_mb": "MB", "visible_elements_in_pan_frame": "elements", "rubber_band_selected": "elements",
         "move_step_operations": "operations", "drag_preview_used": "bool"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    results: dict[str, float] = {}
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True,
                             env=env, check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        for name, value in figures.items():
            results[f"{name}@{size}"] = round(value, 3)
            if not args.json:
                unit = UNITS.get(name, "ms" if name.endswith("_ms") else "")
                print(f"{name}@{size}: {value:.3f} {unit}".rstrip(), flush=True)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
