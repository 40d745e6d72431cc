"""The app's life outside its window: a termination signal (logout, `kill`, a package upgrade) closes it
the way hot exit expects, keeping unsaved work in the recovery journal instead of asking about it.

Python runs signal handlers only between bytecodes, and Qt's event loop runs in C++, so the handler is
woken through `signal.set_wakeup_fd`: the C-level handler writes to a socket that a QSocketNotifier watches.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class TerminationWatcher(QObject):
    """Calls `on_terminate` on the GUI thread when the process gets SIGTERM (or SIGHUP, where it exists)."""

    def __init__(self, on_terminate: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_terminate = on_terminate
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._signals = [signal.SIGTERM] if sys.platform == "win32" else [signal.SIGTERM, signal.SIGHUP]
        self._previous = {sig: signal.signal(sig, self._noted) for sig in self._signals}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        self.received: list[int] = []

    def _noted(self, signum: int, _frame: object) -> None:
        self.received.append(signum)  # the wakeup fd has already woken the event loop

    def _woken(self) -> None:
        with contextlib.suppress(OSError):
            while self._read.recv(64):
                pass
        if self.received:
            self.received.clear()
            self.on_terminate()

    def restore(self) -> None:
        """Put back the previous handlers (tests; the app keeps its watcher for its whole life)."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._read.close()
        self._write.close()
