"""Run Python's cyclic garbage collector on the GUI thread only.

The collector runs in whichever thread happens to allocate. When a background thread (a Mermaid build, the
icon index) triggers it, it may finalize Python wrappers of Qt widgets that sat in reference cycles and so
delete those widgets off the GUI thread, which crashes the process (reproduced with the code panel: a
closed panel collected during a background layout). Automatic collection is therefore switched off and
the GUI thread collects on a timer, with the same generation thresholds the collector would use.

A big diagram is tens of thousands of long-lived objects, and a full collection walks them all (35 ms at
50,000 elements: a dropped frame in the middle of a drag). So once a document has opened or closed, the
guard collects everything once and freezes what is alive (`gc.freeze`): later full collections walk only
what was made since. The next open or close unfreezes first, so nothing frozen is kept from the collector
for longer than a document stays open.
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
        self.settle_timer = QTimer(self)
        self.settle_timer.setSingleShot(True)
        self.settle_timer.setInterval(300)
        self.settle_timer.timeout.connect(self.settle)

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

    def settle(self) -> None:
        """Collect everything once, then leave what is alive out of later collections (see the module)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        self.timer.stop()
        self.settle_timer.stop()
        gc.unfreeze()
        gc.enable()


def settle_soon() -> None:
    """A document opened or closed: settle the collector once things are quiet (several calls, one settle)."""
    if _guard is not None:
        _guard.settle_timer.start()


def ensure_main_thread_gc() -> MainThreadCollector | None:
    """Install the collector once, from the GUI thread, when a Qt application exists."""
    global _guard
    app = QCoreApplication.instance()
    if _guard is not None or app is None or QThread.currentThread() is not app.thread():
        return _guard
    _guard = MainThreadCollector()
    _guard.moveToThread(app.thread())
    return _guard
