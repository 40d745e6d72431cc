"""How long until the main window is on screen and answers input, against a bare PySide6 window.

Each sample is a fresh interpreter (warm disk cache: the first run of each kind is thrown away) that
imports what it needs, shows its window and processes events until the first paint has happened. The
floor is the same for a bare `QMainWindow`, measured in the same run, so the ratio says how much our own
start-up costs whatever the machine's speed. The GUI thread's CPU time is printed too: on a busy machine it
stays put while wall times swing. The app starts with an empty library (`AUTOGRAPH_HOME` in a
temp folder), which is what a returning user with a small library meets.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--json] [--runs N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures

#: Both probes print the seconds from interpreter start (before any import) to the first processed paint.
_PAINT_PROBE = """
import time
T0 = time.perf_counter()
C0 = time.thread_time()
{imports}
from PySide6.QtCore import QEvent, QObject
class PaintSeen(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            PaintSeen.seen = True
        return False
{make_window}
spy = PaintSeen()
app.installEventFilter(spy)
window.show()
while not PaintSeen.seen:
    app.processEvents()
print(time.perf_counter() - T0, time.thread_time() - C0)
"""

BARE = _PAINT_PROBE.format(
    imports="from PySide6.QtWidgets import QApplication, QMainWindow",
    make_window="app = QApplication(['bare'])\nwindow = QMainWindow()\nwindow.resize(1320, 840)")

APP = _PAINT_PROBE.format(
    imports="from autograph_desktop.gui.app import start",
    make_window="window = start([])\nfrom PySide6.QtWidgets import QApplication\n"
                "app = QApplication.instance()")


def sample(code: str, home: str) -> tuple[float, float]:
    """(wall seconds, GUI-thread CPU seconds) from the probe's start to the first processed paint."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AUTOGRAPH_HOME=home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm means compiled: the first, discarded run writes the .pyc
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="autograph-bench-start-") as home:
        sample(APP, home)  # warm the disk cache and create the library once
        sample(BARE, home)
        bare, app = [], []
        for _ in range(runs):  # interleaved, so that machine noise falls on both alike
            bare.append(sample(BARE, home))
            app.append(sample(APP, home))
    floor, ours = statistics.median(w for w, _ in bare), statistics.median(w for w, _ in app)
    floor_cpu, ours_cpu = statistics.median(c for _, c in bare), statistics.median(c for _, c in app)
    figures.add("bare_pyside6_window_to_first_paint", floor * 1000, "ms")
    figures.add("main_window_to_first_paint", ours * 1000, "ms")
    figures.add("main_window_vs_floor", ours / floor, "x")
    # CPU of the GUI thread: what a busy machine cannot inflate (other processes only delay it).
    figures.add("bare_pyside6_window_cpu", floor_cpu * 1000, "ms")
    figures.add("main_window_cpu", ours_cpu * 1000, "ms")
    figures.add("main_window_vs_floor_cpu", ours_cpu / floor_cpu, "x")
    figures.done()


if __name__ == "__main__":
    main()
