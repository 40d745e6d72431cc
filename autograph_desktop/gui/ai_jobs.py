"""AI work off the GUI thread, with one completion path: progress while it runs, then exactly one outcome.

A plain Python thread runs the task (as the Mermaid live build does: PySide may drop a QRunnable's
wrapper mid-run) and hands everything back through queued signals, so the widgets only ever change on
the GUI thread. `cancel()` fires the task's CancelToken, which closes the HTTP connection at once.
Also here: the session's key store and the usage sink into the library, shared by the panel and
Preferences.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from autograph_desktop.ai.cancel import CancelToken
from autograph_desktop.ai.errors import AiError, Cancelled
from autograph_desktop.ai.pipeline import Progress
from autograph_desktop.ai.secrets import KeyStore
from autograph_desktop.ai.usage import UsageRecord
from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.model import InvalidInput

Task = Callable[[Callable[[Progress], None], CancelToken], Any]

_keys: KeyStore | None = None


def shared_key_store() -> KeyStore:
    """One key store for the session, so a key kept in memory (no keyring) is seen everywhere."""
    global _keys
    if _keys is None:
        _keys = KeyStore()
    return _keys


def backend_token() -> str | None:
    """The signed-in AutoGraph access token; desktop sign-in is a later issue, so there is none yet."""
    return None


@dataclass
class Outcome:
    """How a job ended: `value` on success, else `error` (a Cancelled error when the user cancelled)."""

    value: Any = None
    error: AiError | None = None
    usage: list[UsageRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, Cancelled)


class AiJob(QObject):
    """One task on its own thread. Signals: `progress(Progress)` while running, then `finished(Outcome)`."""

    progress = Signal(object)
    finished = Signal(object)
    _progress = Signal(object)
    _done = Signal(object)

    def __init__(self, task: Task, usage: Callable[[], list[UsageRecord]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self._task = task
        self._usage = usage
        self._thread: threading.Thread | None = None
        self.running = False
        self._progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        if parent is not None:
            parent.destroyed.connect(self.token.cancel)  # the panel went away: stop the request too
        ensure_main_thread_gc()  # the worker thread must never run the cyclic collector (see gcguard)

    def start(self) -> None:
        self.running = True
        self._thread = threading.Thread(target=self._run, name="ai-job", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self.token.cancel()

    def wait(self, seconds: float = 30.0) -> bool:
        """Block until the thread ends (tests, closing the window); the outcome arrives on the next loop."""
        if self._thread is None:
            return True
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        outcome = Outcome()
        try:
            outcome.value = self._task(self._progress.emit, self.token)
        except AiError as exc:
            outcome.error = exc
        except InvalidInput as exc:
            outcome.error = AiError("bad_reply", "; ".join(str(p) for p in exc.problems) or str(exc))
        except (OSError, ValueError, RecursionError, MemoryError) as exc:
            # A layout or file problem in the worker must reach the user as a message, not kill the thread.
            outcome.error = AiError("bad_reply", f"{type(exc).__name__}: {exc}")
        if self._usage is not None:
            outcome.usage = self._usage()
        # RuntimeError: the window closed while the request ran and nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._done.emit(outcome)

    def _finish(self, outcome: Outcome) -> None:
        self.running = False
        self.finished.emit(outcome)


def with_diagram(records: list[UsageRecord], diagram_id: str | None) -> list[UsageRecord]:
    return [replace(r, diagram_id=diagram_id) for r in records] if diagram_id else records
