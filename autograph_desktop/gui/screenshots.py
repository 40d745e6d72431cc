"""Renders the main window in a few states to PNG files: `python -m autograph_desktop.gui.screenshots DIR`.

Used by `make screenshots` to look at the UI without a display (run with QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from autograph_desktop.model import (
    Connector,
    Diagram,
    DiagramMeta,
    Endpoint,
    Frame,
    Icon,
    Shape,
    Style,
    Text,
    edits,
)


def sample_diagram() -> Diagram:
    """A small service architecture: 15 nodes in a frame with connectors, icons and a title."""
    doc = Diagram(DiagramMeta(title="Checkout service"))
    blue = Style(fill="blue", stroke="blue", corner_radius=10)
    green = Style(fill="green", stroke="green", corner_radius=10)
    violet = Style(fill="violet", stroke="violet", corner_radius=10)
    orange = Style(fill="orange", stroke="orange")
    gray = Style(fill="gray", stroke="gray", corner_radius=10, dash="dashed")
    frame = Frame(x=20, y=60, w=1000, h=520, text="Production (eu-west-1)", style=Style(fill="none", stroke="gray"))
    nodes = [
        Shape(x=60, y=110, w=150, h=64, text="Web app", style=blue, shape="rounded"),
        Shape(x=60, y=230, w=150, h=64, text="Mobile app", style=blue, shape="rounded"),
        Shape(x=300, y=170, w=160, h=64, text="API gateway", style=violet, shape="rounded"),
        Shape(x=540, y=100, w=160, h=64, text="Checkout", style=green, shape="rounded"),
        Shape(x=540, y=200, w=160, h=64, text="Catalogue", style=green, shape="rounded"),
        Shape(x=540, y=300, w=160, h=64, text="Accounts", style=green, shape="rounded"),
        Shape(x=790, y=100, w=140, h=80, text="Orders DB", style=orange, shape="cylinder"),
        Shape(x=790, y=220, w=140, h=80, text="Search index", style=orange, shape="cylinder"),
        Shape(x=790, y=340, w=140, h=80, text="Users DB", style=orange, shape="cylinder"),
        Shape(x=300, y=330, w=160, h=90, text="Payment\nprovider?", style=Style(fill="yellow", stroke="yellow"),
              shape="diamond"),
        Shape(x=300, y=470, w=160, h=64, text="Event bus", style=gray, shape="rounded"),
        Shape(x=540, y=470, w=160, h=64, text="Notifications", style=green, shape="rounded"),
    ]
    icons = [Icon(x=95, y=430, w=56, h=56, icon="si.kubernetes", text="Kubernetes"),
             Icon(x=830, y=460, w=56, h=56, icon="si.postgresql", text="PostgreSQL")]
    title = Text(x=20, y=10, w=420, h=40, text="Checkout service — architecture",
                 style=Style(font_size=22, font_weight=700, text_align="left", fill="none", stroke="none"))
    links = [(0, 2), (1, 2), (2, 3), (2, 4), (2, 5), (3, 6), (4, 7), (5, 8), (3, 9), (9, 10), (10, 11)]
    connectors = [Connector(source=Endpoint(element=nodes[a].id), target=Endpoint(element=nodes[b].id),
                            routing="orthogonal", style=Style(stroke="gray", fill="none")) for a, b in links]
    history_free = [frame, title, *nodes, *icons, *connectors]
    doc.execute(edits.add_elements(doc, history_free, "Sample"))
    return doc


def demo_library() -> object:
    """A library in the temporary AUTOGRAPH_HOME with a few diagrams, so the sidebar shows real content."""
    from autograph_desktop.gui.app import open_library

    source, _note = open_library()
    library = getattr(source, "library", None)
    if library is None:
        return source
    from autograph_desktop.gui.app import register_fonts
    from autograph_desktop.gui.file_ops import canvas_icon_provider
    from autograph_desktop.render.thumbnail import thumbnail_png

    register_fonts()
    folder = library.create_folder("Architecture")
    titles = ("Checkout service", "Payments flow", "Data platform", "Onboarding journey", "Incident runbook")
    for n, title in enumerate(titles):
        diagram_id = library.create_diagram(sample_diagram(), title=title, folder_id=folder if n < 3 else None)
        if n in (0, 2):
            library.star(diagram_id, True)
        library.set_thumbnail(diagram_id, thumbnail_png(sample_diagram(), icon_provider=canvas_icon_provider))
    return source


def render_all(folder: str) -> list[str]:
    """Write the screenshots; returns their paths."""
    os.environ.setdefault("AUTOGRAPH_HOME", tempfile.mkdtemp(prefix="autograph-shots-"))
    from autograph_desktop.gui.app import ensure_application, register_fonts
    from autograph_desktop.gui.main_window import MainWindow
    from autograph_desktop.gui.theme import apply_theme

    app = ensure_application()
    register_fonts()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def shot(window: QWidget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        path = str(out / f"{name}.png")
        window.grab().save(path)
        written.append(path)

    apply_theme(app, "light")
    source = demo_library()
    window = MainWindow(library=source)  # type: ignore[arg-type]
    window.resize(1440, 900)
    window.show()
    shot(window, "01-empty")
    tab = window.add_document(sample_diagram())
    app.processEvents()
    window.on_view(lambda view: view.zoom_to_fit())
    tab.view.set_selection([e.id for e in tab.doc if e.kind == "shape"][:2])
    window.refresh()
    shot(window, "02-diagram")
    window.show_palette()
    window.command_palette.input.setText("zoom")
    shot(window, "04-command-palette")
    window.command_palette.dismiss()
    window.show_insert_panel()
    window.insert_panel.search.setText("kubernetes")
    window.insert_panel.update_results()
    shot(window, "06-insert-icons")
    from autograph_desktop.gui.preferences import PreferencesDialog
    from autograph_desktop.gui.shortcuts_dialog import ShortcutsDialog

    for name, dialog in (("07-shortcuts", ShortcutsDialog(window.registry, window)),
                         ("08-preferences", PreferencesDialog(window.registry, window.settings, window))):
        dialog.show()
        shot(dialog, name)
        dialog.close()
    tab.mark_saved()
    window.close()

    apply_theme(app, "dark")
    dark = MainWindow(library=source)  # type: ignore[arg-type]
    dark.resize(1440, 900)
    dark.show()
    dark.set_canvas_theme("dark")
    dark_tab = dark.add_document(sample_diagram())
    app.processEvents()
    dark.on_view(lambda view: view.zoom_to_fit())
    dark_tab.view.set_selection([e.id for e in dark_tab.doc if e.kind == "connector"][:1])
    dark.refresh()
    shot(dark, "03-dark")
    dark.show_palette()
    dark.command_palette.input.setText("exp")
    shot(dark, "05-dark-palette")
    dark.command_palette.dismiss()
    dark_tab.mark_saved()
    dark.close()
    apply_theme(app, "light")
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else "screenshots"
    for path in render_all(folder):
        print(path)
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
