"""Parse and lay out Mermaid off the GUI thread; only the newest request's result is applied.

One completion path for success and failure (a Diagram, or located problems), tagged with the
generation that asked for it, so a slow old build can never overwrite a newer one.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
        diagram = spec_to_diagram(spec, config, hints=hints, source_text=text)
        return BuildResult(generation, diagram, list(spec.warnings), spec.diagram_type, spec.counts(),
                           (time.perf_counter() - start) * 1000)
    except InvalidInput as exc:
        return BuildResult(generation, None, exc.problems, "", (0, 0), (time.perf_counter() - start) * 1000)
    except (RecursionError, MemoryError, ValueError) as exc:  # a layout limit, never a crash
        return BuildResult(generation, None, [Problem(f"cannot draw this diagram: {exc}")], "", (0, 0),
                           (time.perf_counter() - start) * 1000)


class _Signals(QObject):
    finished = Signal(object)


class _Job(QRunnable):
    def __init__(self, text: str, generation: int, hints: dict[str, tuple[float, float]], signals: _Signals) -> None:
        super().__init__()
        self.text, self.generation, self.hints, self.signals = text, generation, dict(hints), signals

    def run(self) -> None:
        self.signals.finished.emit(build(self.text, self.generation, self.hints))


class LiveBuilder(QObject):
    """Runs builds (inline when small, on the thread pool when big) and emits `built(BuildResult)`."""

    built = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._signals = _Signals()
        self._signals.finished.connect(self._finished)
        self.pool = QThreadPool.globalInstance()

    def request(self, text: str, hints: dict[str, tuple[float, float]]) -> int:
        self.generation += 1
        if len(text) <= INLINE_LIMIT:
            self._finished(build(text, self.generation, hints))
        else:
            self.pool.start(_Job(text, self.generation, hints, self._signals))
        return self.generation

    def _finished(self, result: BuildResult) -> None:
        if result.generation == self.generation:
            self.built.emit(result)

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self.pool.waitForDone(msecs))
