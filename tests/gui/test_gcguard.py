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


def test_an_open_diagram_is_left_out_of_full_collections_until_it_closes(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After opening, the diagram's objects are frozen (a full collection no longer walks them); closing the
    tab unfreezes, so the closed diagram is freed and nothing of it stays frozen."""
    import weakref

    from autograph_desktop.model import Diagram, keys_between

    guard = ensure_main_thread_gc()
    assert guard is not None
    guard.settle()
    baseline = gc.get_freeze_count()
    shapes = [Shape(x=i * 10.0, y=0, w=8, h=8, text=f"n{i}") for i in range(3000)]
    doc = Diagram(elements=[s.evolve(z=k) for s, k in zip(shapes, keys_between(None, None, 3000), strict=True)])
    gone = weakref.ref(doc)
    del shapes
    main_window.add_document(doc)
    del doc
    qtbot.waitUntil(lambda: gc.get_freeze_count() > baseline + 3000, timeout=5000)
    gc.collect(2)
    opened = gc.get_freeze_count()
    assert opened > baseline + 3000, "a full collection leaves the frozen diagram alone"
    main_window.close_tab(main_window.tabs.currentIndex())
    qtbot.waitUntil(lambda: gc.get_freeze_count() < opened - 3000, timeout=5000)
    assert gone() is None, "the closed diagram was freed"
