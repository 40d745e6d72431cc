"""A user who does everything at once: long random sessions of real mouse and keyboard input and menu
commands on the main window, then checks that the document is sound, that the canvas shows exactly what
the document holds, and that undo takes every step back to the start and redo forward again."""

from __future__ import annotations

import itertools
import os
import random

import pytest
from canvas_helpers import Btn, Mod, click, differing_pixels, drag, hover, press, release, send_mouse
from defusedxml import ElementTree as SafeET
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication

from autograph_desktop.formats import drawio, excalidraw, native
from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.hits import view_handles
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.gui.properties_panel import PropertiesPanel
from autograph_desktop.model import Connector, Diagram, Element, Endpoint, Rect, Shape, edits
from autograph_desktop.render.svg import to_svg

TOOL_KEYS = [Qt.Key.Key_R, Qt.Key.Key_O, Qt.Key.Key_D, Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_P, Qt.Key.Key_F,
             Qt.Key.Key_N, Qt.Key.Key_T]
#: Menu commands that change the document or the view and open no dialog.
COMMANDS = ["edit.undo", "edit.redo", "edit.cut", "edit.copy", "edit.paste", "edit.duplicate", "edit.delete",
            "edit.select_all", "edit.copy_style", "edit.paste_style", "arrange.group", "arrange.ungroup",
            "arrange.align_left", "arrange.align_middle", "arrange.distribute_h", "arrange.distribute_v",
            "arrange.order_front", "arrange.order_back", "arrange.order_forward", "arrange.lock",
            "arrange.unlock_all", "arrange.hide", "arrange.show_all", "arrange.toggle_frame", "text.bold",
            "text.bigger", "text.align_left", "view.zoom_in", "view.zoom_out", "view.zoom_fit", "view.grid",
            "view.snap", "view.zoom_selection", "view.dark_canvas"]
NUDGES = [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down]


def _grid(rng: random.Random) -> list[Element]:
    """180 labelled shapes in rows, neighbours joined by straight, orthogonal and curved connectors."""
    shapes = [Shape(x=(i % 18) * 110.0, y=(i // 18) * 80.0, w=70, h=44, text=f"S{i}",
                    shape=rng.choice(["rectangle", "ellipse", "diamond", "rounded"])) for i in range(180)]
    conns: list[Element] = [
        Connector(source=Endpoint(a.id), target=Endpoint(b.id), routing=rng.choice(["straight", "orthogonal", "curved"]))
        for a, b in itertools.pairwise(shapes) if rng.random() < 0.6]
    return [*shapes, *conns]


def _point(rng: random.Random, view: CanvasView) -> QPointF:
    return QPointF(rng.uniform(10, view.width() - 10), rng.uniform(10, view.height() - 10))


def _near_element(rng: random.Random, view: CanvasView) -> QPointF:
    """A point on or near something that exists, where most interesting input lands."""
    elements = [e for e in view.doc if e.kind != "group"]
    if not elements:
        return _point(rng, view)
    el = rng.choice(elements)
    x, y = view.camera.to_view(el.x + el.w * rng.uniform(-0.1, 1.1), el.y + el.h * rng.uniform(-0.1, 1.1))
    return QPointF(min(max(x, 2.0), view.width() - 2.0), min(max(y, 2.0), view.height() - 2.0))


def _act(rng: random.Random, window: MainWindow, view: CanvasView) -> None:
    roll = rng.random()
    if roll < 0.25:  # draw something with a tool
        QTest.keyClick(view, rng.choice(TOOL_KEYS))
        start = _near_element(rng, view) if rng.random() < 0.5 else _point(rng, view)
        end = _near_element(rng, view) if rng.random() < 0.5 else _point(rng, view)
        drag(view, start, end, steps=rng.randint(1, 6))
        if (editor := view.text_editor.widget) is not None:  # a text, note or frame asks for its words
            QTest.keyClicks(editor, "Label")
            QTest.keyClick(editor, Qt.Key.Key_Escape)
        QTest.keyClick(view, Qt.Key.Key_V)
    elif roll < 0.45:  # select, move, band-select
        mods = rng.choice([Mod.NoModifier, Mod.NoModifier, Mod.ShiftModifier, Mod.AltModifier])
        start = _near_element(rng, view)
        if rng.random() < 0.4:
            click(view, start, mods)
        else:
            drag(view, start, _point(rng, view), mods, steps=rng.randint(1, 8))
    elif roll < 0.55:  # edit text in place
        pos = _near_element(rng, view)
        click(view, pos)
        send_mouse(view, QEvent.Type.MouseButtonDblClick, pos, Btn.LeftButton, Btn.LeftButton)
        release(view, pos)
        if view.text_editor.active:
            editor = view.text_editor.widget
            assert editor is not None
            for word in rng.choice([["x"], ["Hello", "\n", "world"], ["🙂"], []]):
                if word == "\n":
                    QTest.keyClick(editor, Qt.Key.Key_Return)
                else:  # as a keyboard sends it (QTest.keyClicks takes Latin-1 only)
                    QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyPress, 0, Mod.NoModifier, word))
            QTest.keyClick(editor, Qt.Key.Key_Escape)
    elif roll < 0.65:  # keyboard
        QTest.keyClick(view, rng.choice(NUDGES), rng.choice([Mod.NoModifier, Mod.ShiftModifier]))
    elif roll < 0.70:  # escape mid-gesture: press, move, Escape, release
        QTest.keyClick(view, Qt.Key.Key_V)
        start = _near_element(rng, view)
        hover(view, start)
        press(view, start)
        send_mouse(view, QEvent.Type.MouseMove, _point(rng, view), Btn.NoButton, Btn.LeftButton)
        QTest.keyClick(view, Qt.Key.Key_Escape)
        release(view, _point(rng, view))
    elif roll < 0.72 and (box := view.selection_box()) is not None:  # resize or rotate by a handle
        vx, vy = view.camera.to_view(box.x, box.y)
        vbox = Rect(vx, vy, box.w * view.zoom, box.h * view.zoom)
        handles, knob, _foot = view_handles(vbox, 0.0)
        grip = knob if rng.random() < 0.2 else rng.choice(list(handles.values()))
        mods = rng.choice([Mod.NoModifier, Mod.ShiftModifier])
        drag(view, QPointF(*grip), _point(rng, view), mods, steps=rng.randint(1, 5))
    elif roll < 0.75:  # zoom about the cursor
        pos = _point(rng, view)
        delta = rng.choice([120, -120])
        QApplication.sendEvent(view, QWheelEvent(pos, view.mapToGlobal(pos), QPoint(), QPoint(0, delta), Btn.NoButton,
                                                 Mod.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False))
    elif roll < 0.85:
        window.registry.action(rng.choice(COMMANDS)).trigger()
    else:
        _use_properties_panel(rng, window, view)
    QApplication.processEvents()


def _use_properties_panel(rng: random.Random, window: MainWindow, view: CanvasView) -> None:
    """Style the selection from the properties panel: a colour, alignment or style button, or a number
    typed into one of its boxes (never the custom-colour button, whose dialog would wait for a person)."""
    panel = window.findChild(PropertiesPanel)
    assert panel is not None
    buttons = [b for b in panel.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()
               and not b.accessibleName().startswith("Custom")]
    spins = [b for b in panel.findChildren(QAbstractSpinBox) if b.isVisible() and b.isEnabled()]
    if buttons and (not spins or rng.random() < 0.6):
        QTest.mouseClick(rng.choice(buttons), Btn.LeftButton)
    elif spins:
        spin = rng.choice(spins)
        spin.setFocus()
        QTest.keyClick(spin, Qt.Key.Key_A, Mod.ControlModifier)
        QTest.keyClicks(spin, rng.choice(["0", "1", "7.5", "40", "250", "-3", "99999", "abc"]))
        QTest.keyClick(spin, Qt.Key.Key_Return)
    view.setFocus()


def _check_document(doc: Diagram) -> None:
    kinds = [e.kind for e in doc]
    for kind in set(kinds):
        assert doc.count(kind) == kinds.count(kind)
    keys = [e.z for e in doc]
    assert keys == sorted(keys) and len(set(keys)) == len(keys), "z-order keys stay sorted and unique"
    for el in doc:
        assert el.parent is None or el.parent in doc, "no dangling parents"
        chain, parent = {el.id}, el.parent
        while parent is not None:
            assert parent not in chain, f"{el.kind} {el.id} is its own ancestor"
            chain.add(parent)
            parent = doc[parent].parent
        if isinstance(el, Connector):
            assert all(end.element is None or end.element in doc for end in (el.source, el.target))
    # The spatial index finds every visible element a brute-force search does.
    for box in (Rect(-500, -500, 800, 600), Rect(0, 0, 3000, 3000), Rect(200, 100, 50, 50)):
        indexed = {e.id for e in doc.elements_in_rect(box)}
        for el in doc:
            bounds = doc.bounds(el.id)
            if not el.hidden and el.kind not in ("group", "connector") and bounds is not None and bounds.intersects(box):
                assert el.id in indexed, f"{el.kind} {el.id} at {bounds} missing from the index in {box}"


def _check_formats(doc: Diagram) -> None:
    """Whatever the session made saves and reads back the same, and exports and converts without a fault."""
    again, problems = native.loads(native.dumps(doc), "session.autograph")
    assert again.snapshot() == doc.snapshot(), "saved and read back: " + _changes(doc.snapshot(), again.snapshot())
    assert not problems
    for write, read, name in ((lambda d: drawio.write([d]), drawio.read, "session.drawio"),
                              (excalidraw.write, excalidraw.read, "session.excalidraw")):
        result = read(write(doc), name)
        nodes = sum(1 for e in doc if e.kind in ("shape", "text", "icon", "image") and not e.hidden)
        got = sum(1 for e in result.diagrams[0] if e.kind in ("shape", "text", "icon", "image"))
        assert got >= nodes, f"{name}: {got} of {nodes} shapes came back"
    SafeET.fromstring(to_svg(doc))


def _changes(expected: tuple[object, ...], got: tuple[object, ...]) -> str:
    """The elements two snapshots disagree on, for the failure message."""
    want = {e.id: e for e in expected[1]}  # type: ignore[attr-defined]
    have = {e.id: e for e in got[1]}  # type: ignore[attr-defined]
    lines = [f"\n  expected {want.get(i)}\n  got      {have.get(i)}" for i in sorted(set(want) | set(have))
             if want.get(i) != have.get(i)]
    return ("meta differs; " if expected[0] != got[0] else "") + "".join(lines[:5])


def _picture(view: CanvasView) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _fresh_picture(view: CanvasView) -> QImage:
    other = CanvasView(view.doc, view.history)
    other.resize(view.size())
    other.set_canvas_theme(view.canvas_theme)
    other.set_grid_visible(view.grid_visible)
    other.set_zoom(view.camera.zoom)
    other.camera.ox, other.camera.oy = view.camera.ox, view.camera.oy
    image = _picture(other)
    other.deleteLater()
    return image




#: More and longer sessions for a bug hunt: MONKEY_SEEDS=200 MONKEY_STEPS=300 pytest tests/gui/test_canvas_monkey.py
SEEDS = int(os.environ.get("MONKEY_SEEDS", "6"))
STEPS = int(os.environ.get("MONKEY_STEPS", "100"))


@pytest.mark.parametrize("seed", range(1, SEEDS + 1))
def test_random_sessions_keep_document_canvas_and_history_sound(main_window: MainWindow, seed: int) -> None:
    rng = random.Random(seed)
    main_window.new_document()
    view = main_window.current_view()
    view.setFocus()
    if seed % 2 == 0:  # a bigger diagram, where select-all drags draw from a sprite and routes detour
        view.history.execute(edits.add_elements(view.doc, _grid(rng)))
        view.history.clear()
        view.zoom_to_fit()
    start = view.doc.snapshot()
    for _ in range(STEPS):
        _act(rng, main_window, view)
    if (editor := view.text_editor.widget) is not None:
        QTest.keyClick(editor, Qt.Key.Key_Escape)
    view.tool.cancel()
    _check_document(view.doc)
    assert len(view.doc) > 0, "the session drew something"

    # What the canvas shows (after all those incremental repaints) is what a new view draws of the model.
    view.set_selection([])
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))  # the pointer leaves: no hover outline
    view.settle_zoom()  # as the settle timer does 140 ms after the last wheel step
    QApplication.processEvents()
    shown, fresh = _picture(view), _fresh_picture(view)
    if os.environ.get("MONKEY_DUMP"):
        shown.save(os.path.join(os.environ["MONKEY_DUMP"], f"monkey-{seed}-shown.png"))
        fresh.save(os.path.join(os.environ["MONKEY_DUMP"], f"monkey-{seed}-fresh.png"))
    assert differing_pixels(shown, fresh, step=3) < 40

    _check_formats(view.doc)

    end = view.doc.snapshot()
    undone = 0
    while view.history.can_undo:
        view.history.undo()
        undone += 1
    assert view.doc.snapshot() == start, "undo takes every step back: " + _changes(start, view.doc.snapshot())
    for _ in range(undone):  # (not further: the session may have ended with an undo of its own)
        view.history.redo()
    assert view.doc.snapshot() == end, "redo replays every step: " + _changes(end, view.doc.snapshot())
    _check_document(view.doc)
