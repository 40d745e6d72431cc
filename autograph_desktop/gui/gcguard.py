"""Run Python's cyclic garbage collector on the GUI thread only.

The collector runs in whichever thread happens to allocate. When a background thread (a Mermaid build, the
icon index) triggers it, it may finalize Python wrappers of Qt widgets that sat in reference cycles and so
delete those widgets off the GUI thread, which crashes the process (reproduced with the code panel: a
closed panel collected during a background layout). Automatic collection is therefore switched off and
the GUI thread collects on a timer, with the same generation thresholds the collector would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

_guard: MainThreadCollector | None = None


class MainThreadCollector(QObject):
    def __init__(self, interval_ms: int = 400) -> None:
        super().__init__()
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose allocation counts passed their thresholds; returns objects freed."""
        first, second, third = gc.get_count()
        t0, t1, t2 = self.thresholds
        if third > t2:
            return gc.collect(2)
        if second > t1:
            return gc.collect(1)
        if first > t0:
            return gc.collect(0)
        return 0

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


def ensure_main_thread_gc() -> MainThreadCollector | None:
    """Install the collector once, from the GUI thread, when a Qt application exists."""
    global _guard
    app = QCoreApplication.instance()
    if _guard is not None or app is None or QThread.currentThread() is not app.thread():
        return _guard
    _guard = MainThreadCollector()
    _guard.moveToThread(app.thread())
    return _guard
