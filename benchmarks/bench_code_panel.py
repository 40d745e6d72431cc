"""Live preview latency of the diagram-as-code panel: from the last keystroke to the canvas showing the
new diagram, for flowcharts of 20, 100 and 300 nodes (target: < 100 ms at 100 nodes).
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_code_panel.py [--json]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures
from bench_mermaid import flowchart
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from autograph_desktop.gui.code import CodePanel


def main() -> None:
    app = QApplication.instance() or QApplication([])
    figures = Figures()
    for n in (20, 100, 300):
        panel = CodePanel(flowchart(n))
        panel.resize(1400, 800)
        panel.show()
        panel.builder.wait()
        app.processEvents()
        samples = []
        builds = []
        for i in range(5):
            done: list[float] = []
            panel.rebuilt.connect(
                lambda r, done=done, builds=builds: (done.append(time.perf_counter()), builds.append(r.elapsed_ms)))
            panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
            QTest.keyClicks(panel.editor, f"    n0 --> extra{i}")
            QTest.keyClick(panel.editor, Qt.Key.Key_Return)
            typed = time.perf_counter()
            while not done and time.perf_counter() - typed < 30:
                app.processEvents()
                time.sleep(0.005)  # an idle GUI thread, as when the user has paused
            app.processEvents()  # the canvas repaint that follows
            samples.append((time.perf_counter() - typed) * 1000)
            panel.rebuilt.disconnect()
        figures.add(f"live_preview_latency_{n}_nodes", statistics.median(samples), "ms")
        figures.add(f"live_preview_build_{n}_nodes", statistics.median(builds), "ms")
        panel.close()
    figures.done()


if __name__ == "__main__":
    main()
