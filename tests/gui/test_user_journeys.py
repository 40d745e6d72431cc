"""What a person does in their first minutes, driven through real input on the shown main window.

Each journey uses keys, clicks and the command palette (file dialogs are the OS's and are answered by
patching them), and asserts what the user sees: widgets shown with a real size inside the window, the
text on them, and the canvas's own pixels. `make screenshots` runs these journeys with `SCREENSHOTS_DIR`
set and keeps a PNG of each key screen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from canvas_helpers import drag, scene_drag
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from autograph_desktop.gui.app import start
from autograph_desktop.gui.code.tab import CodeDocumentTab
from autograph_desktop.gui.library_sidebar import StoreLibrarySource
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Diagram, DiagramMeta, Frame, Group, Shape, Style, edits
from autograph_desktop.store import Library

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


# ----------------------------------------------------------------- helpers
#: The window size the journeys run at; `make screenshots` runs them at 1600x1000 and at 1000x700.
WIDTH, HEIGHT = (int(n) for n in os.environ.get("JOURNEY_SIZE", "1600x1000").split("x"))


def shot(widget: QWidget, name: str) -> None:
    """Keep a picture of this screen when `make screenshots` asks for them."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}-{WIDTH}x{HEIGHT}.png"))


def shown_inside(widget: QWidget, window: QWidget, min_w: int = 40, min_h: int = 20) -> bool:
    """Visible, with a real size, and wholly inside the window (not clipped off its edge)."""
    if not widget.isVisible() or widget.width() < min_w or widget.height() < min_h:
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(top_left, widget.size()).intersected(window.rect()).size() == widget.size()


def partly_shown(widget: QWidget, min_w: int, min_h: int) -> bool:
    """Visible on screen over at least this much (content in a scrolled page is cut at the page's edge)."""
    seen = widget.visibleRegion().boundingRect()
    return widget.isVisible() and seen.width() >= min_w and seen.height() >= min_h


def ink_pixels(image: QImage, background: QColor, step: int = 3) -> int:
    """Pixels that differ clearly from the background: what has been drawn."""
    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if abs(c.red() - background.red()) + abs(c.green() - background.green()) + \
                    abs(c.blue() - background.blue()) > 90:
                count += 1
    return count


def canvas_image(window: MainWindow) -> QImage:
    view = window.current_view()
    assert view is not None
    QApplication.processEvents()
    return view.grab().toImage()


def palette_run(window: MainWindow, qtbot: Any, words: str) -> None:
    """Ctrl+K, type, Enter: how a keyboard user runs any command."""
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_K, CTRL)
    palette = window.command_palette
    assert palette.isVisible()
    qtbot.keyClicks(palette.input, words)
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    QApplication.processEvents()


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def window(qtbot: Any, dialogs: Any, library: Library) -> Iterator[MainWindow]:
    """The app as `autograph` starts it (the user's real first start), with a library."""
    win = start([], library=StoreLibrarySource(library))
    qtbot.addWidget(win)
    win.resize(WIDTH, HEIGHT)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    yield win
    dialogs.answer = None
    win.close()


# ----------------------------------------------------------------- journeys
def test_first_start_template_edit_autosaved(window: MainWindow, qtbot: Any, library: Library) -> None:
    start_screen = window.start_screen
    assert shown_inside(start_screen, window, WIDTH // 3, HEIGHT // 2)
    assert shown_inside(start_screen.welcome, window) and "Welcome to AutoGraph" in start_screen.welcome.text()
    gallery = start_screen.gallery
    assert gallery.count() >= 12 and partly_shown(gallery, WIDTH // 4, 150)
    qtbot.waitUntil(lambda: gallery.thumbnails_ready, timeout=60000)
    first = gallery.item(0)
    assert not first.icon().pixmap(64, 64).toImage().isNull()
    shot(window, "01-start-screen")
    card = next(gallery.item(i) for i in range(gallery.count()) if gallery.item(i).text() == "AWS web application")
    gallery.scrollToItem(card)
    QTest.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=gallery.visualItemRect(card).center())
    tab = window.current_tab()
    assert tab is not None and tab.library_id is not None and not start_screen.isVisible()
    QApplication.processEvents()  # the window lays itself out for the tab
    assert shown_inside(tab.view, window, int(WIDTH * 0.4), int(HEIGHT * 0.5))
    assert len(tab.doc) >= 20
    qtbot.waitUntil(lambda: ink_pixels(canvas_image(window), QColor("#ffffff")) > 500, timeout=5000)
    shot(window, "02-template-opened")
    # Draw a rectangle with the R tool in an empty corner of the canvas.
    before = len(tab.doc)
    view = tab.view
    qtbot.keyClick(view, Qt.Key.Key_R)
    drag(view, (view.width() - 220, view.height() - 160), (view.width() - 80, view.height() - 80))
    assert len(tab.doc) == before + 1
    assert window.status.saved.text() in ("Saving…", "✓ Saved to library")
    qtbot.waitUntil(lambda: window.status.saved.text() == "✓ Saved to library", timeout=5000)
    stored = library.diagrams.load(tab.library_id)
    assert len(stored) == before + 1


def test_new_mermaid_diagram_type_see_the_canvas_and_the_error(window: MainWindow, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | ALT)
    tab = window.current_tab()
    assert isinstance(tab, CodeDocumentTab) and tab.library_id is not None
    panel = tab.panel
    qtbot.waitUntil(lambda: sum(isinstance(e, Shape) for e in tab.doc) == 4, timeout=10000)
    QApplication.processEvents()
    assert shown_inside(panel.editor, window, 200, 300) and shown_inside(tab.view, window, int(WIDTH * 0.25), 300)
    share = panel.editor_pane.width() / panel.splitter.width()
    assert 0.3 <= share <= 0.5  # code and canvas side by side, about 40/60
    qtbot.waitUntil(lambda: tab.view.zoom >= 0.5, timeout=3000)  # fitted at a readable zoom
    assert ink_pixels(canvas_image(window), QColor("#ffffff")) > 100
    shot(window, "03-mermaid-tab")
    before = canvas_image(window)
    panel.editor.setFocus()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.editor, "ship --> party[Party time]")
    qtbot.waitUntil(lambda: any(e.text == "Party time" for e in tab.doc), timeout=5000)
    qtbot.waitUntil(lambda: canvas_image(window) != before, timeout=3000)
    qtbot.keyClick(panel.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.editor, "party --> oops[never closed")
    qtbot.waitUntil(lambda: bool(panel.editor.problems), timeout=5000)
    line = panel.editor.problems[0].line
    assert panel.status.isVisible() and f"Line {line}" in panel.status.text()
    assert any(s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline for s in panel.editor.extraSelections())
    assert any(e.text == "Party time" for e in tab.doc)  # the last good drawing stays
    shot(window, "04-mermaid-error")
    canvas_width = tab.view.width()
    QTest.mouseClick(panel.code_toggle, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert not panel.editor.isVisible() and tab.view.width() > canvas_width


def test_open_mermaid_drawio_and_excalidraw_files(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from samples import sample_diagram

    from autograph_desktop.formats import drawio, excalidraw

    files = [tmp_path / "flow.mmd", tmp_path / "arch.drawio", tmp_path / "sketch.excalidraw"]
    files[0].write_text("flowchart LR\n  A[Client] --> B[API] --> C[(DB)]\n")
    files[1].write_bytes(drawio.write([sample_diagram()]))
    files[2].write_bytes(excalidraw.write(sample_diagram()))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], "")))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL)
    QApplication.processEvents()  # the window lays itself out for the tabs
    assert window.tabs.count() == 3
    for index, path in enumerate(files):
        window.tabs.setCurrentIndex(index)
        tab = window.current_tab()
        assert tab is not None and tab.path == str(path)  # edited in place
        qtbot.waitUntil(lambda t=tab: len(t.doc) >= 5, timeout=10000)
        assert shown_inside(tab.view, window, int(WIDTH * 0.25), 300)
        qtbot.waitUntil(lambda: ink_pixels(canvas_image(window), QColor("#ffffff")) > 80, timeout=5000)
    shot(window, "05-opened-files")


def test_import_makes_new_diagrams_and_leaves_the_open_one_alone(window: MainWindow, qtbot: Any, dialogs: Any,
                                                                 tmp_path: Path, library: Library,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from samples import sample_diagram

    from autograph_desktop.formats import drawio

    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    open_tab = window.current_tab()
    assert open_tab is not None and len(open_tab.doc) == 0
    pages = [sample_diagram(), Diagram(DiagramMeta(title="Second page"), [Shape(x=0, y=0, w=120, h=60, text="p2")])]
    path = tmp_path / "two-pages.drawio"
    path.write_bytes(drawio.write(pages))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    dialogs.choice = 1  # pages as frames
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    assert any(kind == "choice" for kind, *_ in dialogs.calls)
    assert len(open_tab.doc) == 0  # nothing merged into the open diagram
    imported = window.current_tab()
    assert imported is not open_tab and imported is not None and imported.library_id is not None
    frames = [e for e in imported.doc if isinstance(e, Frame) and e.text in ("Checkout service", "Second page")]
    assert len(frames) == 2
    assert len(library.diagrams.all()) == 2
    shot(window, "06-imported-as-frames")


@pytest.mark.parametrize("words, extension", [("export as png", ".png"), ("export as svg", ".svg"),
                                              ("export as pdf", ".pdf"), ("export as draw.io", ".drawio"),
                                              ("export as excalidraw", ".excalidraw"), ("export as mermaid", ".mmd")])
def test_export_each_format_from_the_palette(window: MainWindow, qtbot: Any, tmp_path: Path, words: str,
                                             extension: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from samples import sample_diagram

    from autograph_desktop.io import read_path

    window.documents.new_diagram(sample_diagram())
    target = tmp_path / f"out{extension}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    palette_run(window, qtbot, words)
    assert target.exists() and target.stat().st_size > 100
    assert f"Exported {target.name}" in window.status.currentMessage()
    if extension == ".pdf":
        assert target.read_bytes().startswith(b"%PDF")
    else:  # every other export opens again as the same diagram (pictures carry it embedded)
        again = read_path(str(target)).diagrams[0]
        labels = {e.text for e in again if e.text}
        assert {"API gateway", "Checkout", "Orders DB"} <= labels


def test_version_history_and_a_readable_compare(window: MainWindow, qtbot: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    tab = window.current_tab()
    assert tab is not None
    tab.history.execute(edits.add(tab.doc, Shape(x=0, y=0, w=140, h=60, text="Web server")))
    qtbot.keyClick(tab.view, Qt.Key.Key_H, CTRL | ALT)
    dock = window.docks["versions"]
    timeline = dock.widget()
    assert shown_inside(timeline, window, 150, 150)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("First draft", True)))
    QTest.mouseClick(timeline.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.list.count() >= 1, timeout=3000)
    shape = next(e for e in tab.doc if e.text == "Web server")
    tab.history.execute(edits.move(tab.doc, [shape.id], 200, 0))
    tab.history.execute(edits.set_style(tab.doc, [shape.id], fill="red"))
    tab.history.execute(edits.add(tab.doc, Shape(x=0, y=200, w=140, h=60, text="Cache")))
    timeline.list.item(0).setSelected(True)
    QTest.mouseClick(timeline.compare_button, Qt.MouseButton.LeftButton)
    dialog = timeline.last_diff.window()
    qtbot.waitExposed(dialog)
    lines = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert "+ shape “Cache”" in lines
    changed = next(line for line in lines if line.startswith("~"))
    assert "“Web server”" in changed and "moved" in changed and "fill" in changed
    assert shape.id[:8] not in " ".join(lines)  # no raw ids
    shot(dialog, "07-compare")
    close = next(b for b in dialog.findChildren(QWidget) if b.metaObject().className() == "QPushButton"
                 and b.property("text") == "Close")
    QTest.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_group_moves_and_resizes_from_the_properties_panel(window: MainWindow, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    tab = window.current_tab()
    assert tab is not None
    a, b = Shape(x=100, y=100, w=100, h=60, text="A"), Shape(x=300, y=180, w=100, h=60, text="B")
    tab.history.execute(edits.add_elements(tab.doc, [a, b]))
    view = tab.view
    view.set_zoom(1.0)
    view.camera.ox = view.camera.oy = 0.0
    scene_drag(view, (60, 60), (450, 280))  # rubber band around both
    assert set(view.selected_ids()) == {a.id, b.id}
    qtbot.keyClick(view, Qt.Key.Key_G, CTRL)
    group = next(e for e in tab.doc if isinstance(e, Group))
    assert view.selected_ids() == [group.id]
    window.docks["properties"].show()
    window.docks["properties"].raise_()
    QApplication.processEvents()
    geo = window.properties.geo
    assert shown_inside(geo["x"], window, 30, 15)
    assert (geo["x"].value(), geo["y"].value(), geo["w"].value(), geo["h"].value()) == (100, 100, 300, 140)
    geo["x"].selectAll()
    qtbot.keyClicks(geo["x"], "300")
    qtbot.keyClick(geo["x"], Qt.Key.Key_Return)
    box = tab.doc.bounds(group.id)
    assert box is not None and (box.x, box.y, box.w, box.h) == (300, 100, 300, 140)
    geo["w"].selectAll()
    qtbot.keyClicks(geo["w"], "600")
    qtbot.keyClick(geo["w"], Qt.Key.Key_Return)
    box = tab.doc.bounds(group.id)
    assert box is not None and (box.x, box.w) == (300, 600) and tab.doc[b.id].w == 200


def test_dark_canvas_keeps_labels_readable_on_light_custom_fills(window: MainWindow, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    tab = window.current_tab()
    assert tab is not None
    # A pale custom fill with the default ink text, as imports from draw.io bring them.
    box = Shape(x=100, y=100, w=260, h=120, text="MMMMMMMM", style=Style(fill="#dbeafe", stroke="#6c8ebf",
                                                                         font_size=28, font_weight=700))
    tab.history.execute(edits.add(tab.doc, box))
    view = tab.view
    view.set_zoom(1.0)
    view.camera.ox = view.camera.oy = 0.0
    for dark in (False, True):
        if dark:
            qtbot.keyClick(view, Qt.Key.Key_D, CTRL | SHIFT)
            assert window.canvas_theme == "dark"
        image = canvas_image(window)
        fill = image.pixelColor(110, 110)  # inside the shape, away from its text
        lum = [luminance(image.pixelColor(x, y)) for y in range(140, 180) for x in range(120, 340)]
        text = QColor(image.pixelColor(0, 0))
        extreme = min(lum) if luminance(fill) > 0.5 else max(lum)
        text = next(image.pixelColor(x, y) for y in range(140, 180) for x in range(120, 340)
                    if luminance(image.pixelColor(x, y)) == extreme)
        assert contrast(fill, text) >= 4.5, (dark, fill.name(), text.name())
    shot(window, "08-dark-canvas")


def test_a_small_window_with_every_panel_open_keeps_the_canvas_usable(window: MainWindow, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    window.resize(1000, 700)
    for name in ("library", "properties", "insert", "history"):
        window.docks[name].show()
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL | ALT)  # versions too
    QApplication.processEvents()
    view = window.current_view()
    assert view is not None
    assert view.width() >= 0.45 * window.width() and view.height() >= 350
    for name, dock in window.docks.items():
        if dock.isVisible():
            widget = dock.widget()
            assert widget.width() >= min(widget.minimumSizeHint().width(), 220), name  # not clipped
            assert dock.width() <= 0.3 * window.width(), name
    shot(window, "09-small-window")


def test_no_shown_widget_is_squeezed_to_nothing(window: MainWindow, qtbot: Any) -> None:
    """The Mermaid editor once existed but was never on screen: every widget that says it is visible must
    have a real size, in each of the window's main states."""

    def squeezed() -> list[str]:
        QApplication.processEvents()
        return [f"{type(w).__name__} {w.objectName() or w.accessibleName()} {w.size().toTuple()}"
                for w in window.findChildren(QWidget) if w.isVisible() and (w.width() <= 1 or w.height() <= 1)]

    assert squeezed() == []  # the start screen
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert squeezed() == []
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | ALT)
    tab = window.current_tab()
    assert isinstance(tab, CodeDocumentTab)
    qtbot.waitUntil(lambda: len(tab.doc) > 0, timeout=10000)
    assert squeezed() == []
    qtbot.keyClick(tab.view, Qt.Key.Key_R, CTRL | SHIFT)  # rulers
    qtbot.keyClick(tab.view, Qt.Key.Key_M, CTRL | SHIFT)  # minimap
    qtbot.keyClick(tab.view, Qt.Key.Key_H, CTRL | ALT)  # versions
    assert tab.view.minimap.isVisible() and squeezed() == []
