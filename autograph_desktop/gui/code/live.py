"""Parse and lay out Mermaid off the GUI thread; only the newest request's result is applied.

One completion path for success and failure (a Diagram, or located problems), tagged with the
generation that asked for it, so a slow old build can never overwrite a newer one.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, Signal

from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.mermaid.common import prepare
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem

#: Inputs at most this long are built on the GUI thread: the hop to a worker costs more than it saves.
INLINE_LIMIT = 1_500


class BuildResult:
    """What one build produced: a diagram (or None), problems, counts and the time it took."""

    def __init__(self, generation: int, diagram: Diagram | None, problems: list[Problem], diagram_type: str,
                 counts: tuple[int, int], elapsed_ms: float) -> None:
        self.generation = generation
        self.diagram = diagram
        self.problems = problems
        self.diagram_type = diagram_type
        self.counts = counts
        self.elapsed_ms = elapsed_ms


def build(text: str, generation: int, hints: dict[str, tuple[float, float]]) -> BuildResult:
    start = time.perf_counter()
    try:
        spec = parse(text)
        config = prepare(text).config
        diagram = spec_to_diagram(spec, config, hints=hints, source_text=text, thorough=False)
        return BuildResult(generation, diagram, list(spec.warnings), spec.diagram_type, spec.counts(),
                           (time.perf_counter() - start) * 1000)
    except InvalidInput as exc:
        return BuildResult(generation, None, exc.problems, "", (0, 0), (time.perf_counter() - start) * 1000)
    except (RecursionError, MemoryError, ValueError) as exc:  # a layout limit, never a crash
        return BuildResult(generation, None, [Problem(f"cannot draw this diagram: {exc}")], "", (0, 0),
                           (time.perf_counter() - start) * 1000)


class LiveBuilder(QObject):
    """Runs builds (inline when small, on one worker thread when big) and emits `built(BuildResult)`.

    A plain Python thread does the work and hands the result back through a queued Qt signal; requests
    made while a build runs are coalesced so only the newest text is built next. (A QRunnable subclass
    was tried first: PySide may drop its Python wrapper while `run` executes, which crashed the app.)
    """

    built = Signal(object)
    _done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._lock = threading.Lock()
        self._pending: tuple[str, int, dict[str, tuple[float, float]]] | None = None
        self._worker: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        ensure_main_thread_gc()  # the worker thread must never run the cyclic collector (see gcguard)

    def request(self, text: str, hints: dict[str, tuple[float, float]]) -> int:
        self.generation += 1
        if len(text) <= INLINE_LIMIT:
            self._finished(build(text, self.generation, hints))
            return self.generation
        with self._lock:
            self._pending = (text, self.generation, dict(hints))
            if self._worker is None:
                self._idle.clear()
                self._worker = threading.Thread(target=self._run, name="mermaid-build", daemon=True)
                self._worker.start()
        return self.generation

    def _run(self) -> None:
        while True:
            with self._lock:
                job = self._pending
                self._pending = None
                if job is None:
                    self._worker = None
                    self._idle.set()
                    return
            self._done.emit(build(*job))

    def _finished(self, result: BuildResult) -> None:
        if result.generation == self.generation:
            self.built.emit(result)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (tests and benchmarks); queued results arrive on the next event loop."""
        finished = self._idle.wait(msecs / 1000)
        return finished
