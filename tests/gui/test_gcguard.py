"""Background builds never run Python's cyclic collector, so Qt widgets are never freed off the GUI thread."""

from __future__ import annotations

import gc

from autograph_desktop.gui.code import CodePanel
from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.model import Shape


def _big_flowchart(n: int) -> str:
    return "flowchart TD\n" + "\n".join(f"    n{i}[Step {i}] --> n{i + 1}[Step {i + 1}]" for i in range(n)) + "\n"


def test_the_collector_runs_on_the_gui_thread_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    guard = ensure_main_thread_gc()
    assert guard is not None and not gc.isenabled()

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    for _ in range(guard.thresholds[0] + 10):
        Cycle()
    qtbot.waitUntil(lambda: gc.get_count()[0] < guard.thresholds[0], timeout=3000)


def test_closing_panels_while_diagrams_build_in_the_background(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before the guard, a closed panel collected by a background build crashed the process (exit 139)."""
    for round_ in range(3):
        panel = CodePanel(_big_flowchart(60 + round_))
        qtbot.addWidget(panel)
        panel.show()
        qtbot.waitUntil(lambda p=panel, r=round_: sum(isinstance(e, Shape) for e in p.doc) == 61 + r, timeout=20000)
        panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
        panel.editor.insertPlainText("    n0 --> extra\n")
        panel.close()
        del panel
        gc.collect()
