"""Every command of the main window as data, and the menu layout built from the same ids.

Kept apart from the window so that the palette, cheat sheet and preferences read one list, and so that a
new command is one line here rather than edits in four widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from autograph_desktop.gui.actions import Command
from autograph_desktop.io import export_formats

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas import EditorController
    from autograph_desktop.gui.document_tab import DocumentTab
    from autograph_desktop.gui.main_window import MainWindow

SK = QKeySequence.StandardKey

#: (tool name, label, key, icon) in toolbar order; names follow the canvas contract.
TOOLS: tuple[tuple[str, str, str, str], ...] = (
    ("select", "Select", "V", "ph.cursor"), ("hand", "Hand", "H", "ph.hand"),
    ("rectangle", "Rectangle", "R", "ph.square"), ("ellipse", "Ellipse", "O", "ph.circle"),
    ("diamond", "Diamond", "D", "ph.diamond"), ("connector", "Connector", "A", "ph.flow-arrow"),
    ("line", "Line", "L", "ph.line-segment"), ("text", "Text", "T", "ph.text-t"),
    ("pen", "Pen", "P", "ph.pencil-simple"), ("frame", "Frame", "F", "ph.frame-corners"),
    ("note", "Sticky note", "N", "ph.note"), ("icon", "Icon", "I", "mdi6.shape-outline"),
)
#: The Export menu: every format the registry writes except the native one (that is Save As).
EXPORTS: tuple[tuple[str, str], ...] = tuple((f.name, f"{f.label}…") for f in export_formats() if f.name != "autograph")
ALIGNS = (("left", "Align Left", "Alt+A", "ph.align-left"), ("center", "Align Center", "Alt+H", "ph.align-center-horizontal"),
          ("right", "Align Right", "Alt+D", "ph.align-right"), ("top", "Align Top", "Alt+W", "ph.align-top"),
          ("middle", "Align Middle", "Alt+V", "ph.align-center-vertical"), ("bottom", "Align Bottom", "Alt+S", "ph.align-bottom"))
ORDERS = (("front", "Bring to Front", "Ctrl+Shift+]"), ("forward", "Bring Forward", "Ctrl+]"),
          ("backward", "Send Backward", "Ctrl+["), ("back", "Send to Back", "Ctrl+Shift+["))
PANELS = (("library", "Library", "Ctrl+Shift+1"), ("properties", "Properties", "Ctrl+Shift+2"),
          ("insert", "Insert Panel", "Ctrl+Shift+3"), ("history", "History", "Ctrl+Shift+H"))


def mermaid_kinds() -> list[str]:
    """The diagram types File > New Mermaid Diagram offers (every type with starter code), flowchart first."""
    from autograph_desktop.mermaid.snippets import SNIPPETS

    return ["flowchart", *(kind for kind in SNIPPETS if kind != "flowchart")]


def _align(how: str) -> Callable[[EditorController], object]:
    def run(controller: EditorController) -> None:
        controller.align(how)

    return run


def _reorder(where: str) -> Callable[[EditorController], object]:
    def run(controller: EditorController) -> None:
        controller.reorder(where)

    return run


def _on_tab(w: MainWindow, command: Callable[[DocumentTab], object]) -> None:
    if (tab := w.current_tab()) is not None:
        command(tab)


def build_commands(w: MainWindow) -> list[Command]:
    doc = w.has_document
    sel = w.has_selection
    many = w.has_multi_selection
    docs = w.documents
    out = [
        Command("file.new", "&New Diagram", "File", w.new_document, (SK.New,), icon="ph.file-plus",
                description="A new diagram in your library; it saves itself"),
        Command("file.new_template", "New from &Template…", "File", w.show_templates, ("Ctrl+Shift+N",),
                icon="ph.squares-four", description="Start from an architecture, C4, ER, sequence, board… template"),
        Command("file.new_mermaid", "New Mermaid Flowchart", "File", w.new_mermaid_document, ("Ctrl+Alt+M",),
                icon="ph.code", description="Write a diagram as Mermaid code with a live canvas beside it"),
        Command("file.open", "&Open…", "File", docs.open_dialog, (SK.Open,), icon="ph.folder-open"),
        Command("file.save", "&Save", "File", docs.save_current, (SK.Save,), doc, icon="ph.floppy-disk",
                description="Library diagrams: save now and keep a version; files: write the file"),
        Command("file.save_as", "Save a &Copy As…", "File", lambda: _on_tab(w, docs.save_copy_as),
                ("Ctrl+Shift+S",), doc, description="Write this diagram to a file in any format"),
        Command("file.add_to_library", "&Add to Library", "File", lambda: _on_tab(w, docs.add_to_library), (),
                docs.can_add_to_library, icon="ph.books",
                description="Keep this file's diagram in the library, where it saves itself"),
        Command("file.import", "&Import…", "File", docs.import_dialog, ("Ctrl+Shift+I",),
                description="Make new library diagrams from draw.io, Excalidraw, Mermaid or AutoGraph files"),
        Command("file.close", "&Close Tab", "File", w.close_current_tab, ("Ctrl+W",), doc),
        Command("file.quit", "&Quit", "File", w.close, ("Ctrl+Q",)),
        Command("file.next_tab", "Next Tab", "File", lambda: w.step_tab(1), ("Ctrl+Tab", "Ctrl+PgDown"), doc),
        Command("file.prev_tab", "Previous Tab", "File", lambda: w.step_tab(-1), ("Ctrl+Shift+Tab", "Ctrl+PgUp"), doc),
        Command("file.clear_recent", "Clear Recent Files", "File", w.clear_recent),
    ]
    for kind in mermaid_kinds()[1:]:
        out.append(Command(f"file.new_mermaid.{kind}", f"New Mermaid {kind.capitalize()}", "File",
                           partial(w.new_mermaid_document, kind), icon="ph.code",
                           description=f"A {kind} diagram as Mermaid code with a live canvas beside it"))
    for fmt, label in EXPORTS:
        keys = ("Ctrl+Shift+E",) if fmt == "png" else ()
        out.append(Command(f"file.export.{fmt}", f"Export as {label}", "File",
                           partial(docs.export, fmt), keys, doc, icon="ph.export"))
    c = w.on_canvas
    v = w.on_view
    out += [
        Command("edit.undo", "&Undo", "Edit", lambda: c(lambda k: k.undo()), (SK.Undo,), w.can_undo, icon="ph.arrow-counter-clockwise"),
        Command("edit.redo", "&Redo", "Edit", lambda: c(lambda k: k.redo()), ("Ctrl+Shift+Z", "Ctrl+Y"), w.can_redo,
                icon="ph.arrow-clockwise"),
        Command("edit.cut", "Cu&t", "Edit", lambda: c(lambda k: k.cut()), (SK.Cut,), sel),
        Command("edit.copy", "&Copy", "Edit", lambda: c(lambda k: k.copy()), (SK.Copy,), sel),
        Command("edit.paste", "&Paste", "Edit", lambda: c(lambda k: k.paste()), (SK.Paste,), doc),
        Command("edit.duplicate", "D&uplicate", "Edit", lambda: c(lambda k: k.duplicate()), ("Ctrl+D",), sel),
        Command("edit.delete", "&Delete", "Edit", lambda: c(lambda k: k.delete()), ("Del", "Backspace"), sel),
        Command("edit.select_all", "Select &All", "Edit", lambda: c(lambda k: k.select_all()), (SK.SelectAll,), doc),
        Command("edit.copy_style", "Copy St&yle", "Edit", lambda: c(lambda k: k.copy_style()), ("Ctrl+Alt+C",), sel),
        Command("edit.paste_style", "Paste Sty&le", "Edit", lambda: c(lambda k: k.paste_style()), ("Ctrl+Alt+V",), sel),
        Command("edit.edit_text", "Edit Text", "Edit", lambda: c(lambda k: k.edit_text()), ("F2",), sel),
        Command("edit.find", "Search Library", "Edit", w.focus_library_search, (SK.Find,)),
        Command("edit.preferences", "Pre&ferences…", "Edit", w.show_preferences, ("Ctrl+,",), icon="ph.gear"),
        Command("view.zoom_in", "Zoom &In", "View", lambda: w.zoom_by(1.25), ("Ctrl++", "Ctrl+="), doc,
                icon="ph.magnifying-glass-plus"),
        Command("view.zoom_out", "Zoom &Out", "View", lambda: w.zoom_by(0.8), ("Ctrl+-",), doc,
                icon="ph.magnifying-glass-minus"),
        Command("view.zoom_fit", "Zoom to &Fit", "View", lambda: v(lambda view: view.zoom_to_fit()), ("Shift+1",), doc,
                icon="ph.arrows-out"),
        Command("view.zoom_selection", "Zoom to &Selection", "View", lambda: v(lambda view: view.zoom_to_selection()),
                ("Shift+2",), sel),
        Command("view.zoom_100", "Actual Size (100%)", "View", lambda: v(lambda view: view.zoom_100()), ("Ctrl+0",), doc),
        Command("view.grid", "Show &Grid", "View", w.toggle_grid, ("Ctrl+'",), doc, checkable=True,
                checked_when=lambda: w.grid_visible),
        Command("view.snap", "S&nap to Grid", "View", w.toggle_snap, ("Ctrl+Shift+'",), doc, checkable=True,
                checked_when=lambda: w.snap_enabled),
        Command("view.rulers", "&Rulers", "View", w.toggle_rulers, ("Ctrl+Shift+R",), doc, checkable=True,
                checked_when=lambda: w.rulers_visible),
        Command("view.minimap", "&Minimap", "View", w.toggle_minimap, ("Ctrl+Shift+M",), doc, checkable=True,
                checked_when=lambda: w.minimap_visible),
        Command("view.dark_canvas", "&Dark Canvas", "View", w.toggle_canvas_theme, ("Ctrl+Shift+D",),
                checkable=True, checked_when=lambda: w.canvas_theme == "dark"),
        Command("view.appearance.system", "Appearance: Follow System", "View", partial(w.set_appearance, "system"),
                checkable=True, checked_when=lambda: w.appearance == "system"),
        Command("view.appearance.light", "Appearance: Light", "View", partial(w.set_appearance, "light"),
                checkable=True, checked_when=lambda: w.appearance == "light"),
        Command("view.appearance.dark", "Appearance: Dark", "View", partial(w.set_appearance, "dark"),
                checkable=True, checked_when=lambda: w.appearance == "dark"),
        Command("view.full_screen", "F&ull Screen", "View", w.toggle_full_screen, (SK.FullScreen, "F11"),
                checkable=True, checked_when=w.isFullScreen),
        Command("view.presentation", "&Presentation Mode", "View", w.toggle_presentation, ("F5",), doc,
                checkable=True, checked_when=lambda: w.presenting,
                description="Hide everything but the canvas; arrow keys step through frames, Esc leaves"),
    ]
    out.append(Command("view.versions", "&Version History…", "View", w.show_version_history, ("Ctrl+Alt+H",),
                       w.has_library_document, icon="ph.clock-counter-clockwise",
                       description="Versions of this library diagram: restore, fork, compare visually"))
    for name, label, key in PANELS:
        out.append(Command(f"view.panel.{name}", f"{label} Panel", "View", partial(w.toggle_panel, name),
                           (key,), checkable=True, checked_when=partial(w.panel_visible, name)))
    out += [
        Command("arrange.group", "&Group", "Arrange", lambda: c(lambda k: k.group()), ("Ctrl+G",), many, icon="ph.selection-plus"),
        Command("arrange.ungroup", "&Ungroup", "Arrange", lambda: c(lambda k: k.ungroup()), ("Ctrl+Shift+G",), sel),
        Command("arrange.distribute_h", "Distribute &Horizontally", "Arrange", lambda: c(lambda k: k.distribute("horizontal")),
                ("Alt+Shift+H",), lambda: w.selection_count() >= 3),
        Command("arrange.distribute_v", "Distribute &Vertically", "Arrange", lambda: c(lambda k: k.distribute("vertical")),
                ("Alt+Shift+V",), lambda: w.selection_count() >= 3),
        Command("arrange.lock", "&Lock", "Arrange", lambda: c(lambda k: k.lock()), ("Ctrl+Shift+L",), sel, icon="ph.lock"),
        Command("arrange.unlock_all", "Unlock All", "Arrange", lambda: c(lambda k: k.unlock_all()), ("Ctrl+Alt+Shift+L",), doc),
        Command("arrange.hide", "&Hide", "Arrange", lambda: c(lambda k: k.hide()), ("Ctrl+Shift+J",), sel),
        Command("arrange.show_all", "Show All", "Arrange", lambda: c(lambda k: k.show_all()), ("Ctrl+Alt+Shift+J",), doc),
        Command("arrange.toggle_frame", "Collapse/Expand Frame", "Arrange", lambda: c(lambda k: k.toggle_frame_collapsed()),
                ("Ctrl+Alt+F",), sel),
    ]
    for how, label, key, icon in ALIGNS:
        out.append(Command(f"arrange.align_{how}", label, "Arrange", partial(c, _align(how)), (key,), many,
                           icon=icon))
    for where, label, key in ORDERS:
        out.append(Command(f"arrange.order_{where}", label, "Arrange", partial(c, _reorder(where)), (key,), sel))
    for name, label, key, icon in TOOLS:
        out.append(Command(f"tool.{name}", f"{label} Tool", "Tools", partial(w.set_tool, name), (key,), doc,
                           icon=icon, checkable=True, checked_when=partial(w.tool_is, name)))
    out += [
        Command("insert.icon", "Icon…", "Insert", w.show_insert_panel, ("Ctrl+Shift+K",), doc, icon="mdi6.shape-outline"),
        Command("ai.generate", "AI: Generate Diagram…", "Tools", partial(w.show_ai_panel, "generate"), ("Ctrl+Alt+G",),
                icon="ph.sparkle", description="Describe a diagram in words; refine or explain it",
                aliases=("ai", "generate", "refine", "chatgpt", "llm")),
        Command("ai.explain", "AI: Explain Diagram", "Tools", partial(w.show_ai_panel, "explain"), (), doc,
                icon="ph.chat-text", description="Describe the current diagram in prose"),
        Command("text.bold", "&Bold", "Text", lambda: w.toggle_font_flag("bold"), (SK.Bold,), sel),
        Command("text.italic", "&Italic", "Text", lambda: w.toggle_font_flag("italic"), (SK.Italic,), sel),
        Command("text.align_left", "Align Text Left", "Text", lambda: w.set_style(text_align="left"),
                ("Ctrl+Alt+L",), sel),
        Command("text.align_center", "Center Text", "Text", lambda: w.set_style(text_align="center"),
                ("Ctrl+Alt+E",), sel),
        Command("text.align_right", "Align Text Right", "Text", lambda: w.set_style(text_align="right"),
                ("Ctrl+Alt+R",), sel),
        Command("style.sketchy", "Hand-Drawn Look", "Arrange", lambda: w.set_style(sketch=1), (), sel,
                description="Draw the selection as if by hand (select all for the whole diagram)",
                aliases=("sketch", "sketchy", "rough", "excalidraw")),
        Command("style.clean", "Clean Look", "Arrange", lambda: w.set_style(sketch=0, fill_style="solid"), (), sel,
                description="Draw the selection with clean lines and solid fills", aliases=("unsketch", "smooth")),
        Command("text.bigger", "Larger Text", "Text", lambda: w.step_font_size(2), ("Ctrl+Shift+.",), sel),
        Command("text.smaller", "Smaller Text", "Text", lambda: w.step_font_size(-2), ("Ctrl+Shift+,",), sel),
        Command("help.palette", "&Command Palette…", "Help", w.show_palette, ("Ctrl+K", "Ctrl+Shift+P"),
                icon="ph.command"),
        Command("help.shortcuts", "&Keyboard Shortcuts", "Help", w.show_shortcuts, ("Ctrl+/", "F1"),
                icon="ph.keyboard"),
        Command("help.about", "&About AutoGraph", "Help", w.show_about),
    ]
    return out


#: Menus: a command id, "-" for a separator, or (submenu title, [ids]) / (title, "recent").
MENUS: tuple[tuple[str, tuple[object, ...]], ...] = (
    ("&File", ("file.new", "file.new_template", ("New &Mermaid Diagram", "mermaid"), "file.open", ("Open &Recent", "recent"), "-",
               "file.save", "file.save_as", "file.add_to_library", "-", "file.import", ("&Export", tuple(f"file.export.{fmt}" for fmt, _ in EXPORTS)), "-",
               "file.close", "file.quit")),
    ("&Edit", ("edit.undo", "edit.redo", "-", "edit.cut", "edit.copy", "edit.paste", "edit.duplicate",
               "edit.delete", "-", "edit.select_all", "edit.edit_text", "-", "edit.copy_style", "edit.paste_style",
               "-", "edit.find", "edit.preferences")),
    ("&View", ("view.zoom_in", "view.zoom_out", "view.zoom_fit", "view.zoom_selection", "view.zoom_100", "-",
               "view.grid", "view.snap", "view.rulers", "view.minimap", "view.dark_canvas",
               ("A&ppearance", ("view.appearance.system", "view.appearance.light", "view.appearance.dark")), "-",
               "view.full_screen", "view.presentation", "-", "view.versions",
               ("&Panels", tuple(f"view.panel.{n}" for n, _, _ in PANELS)))),
    ("&Arrange", ("arrange.group", "arrange.ungroup", "-",
                  ("&Align", tuple(f"arrange.align_{h}" for h, *_ in ALIGNS)),
                  ("&Distribute", ("arrange.distribute_h", "arrange.distribute_v")),
                  ("&Order", tuple(f"arrange.order_{o}" for o, *_ in ORDERS)), "-",
                  "arrange.lock", "arrange.unlock_all", "arrange.hide", "arrange.show_all", "arrange.toggle_frame",
                  "-", "style.sketchy", "style.clean")),
    ("&Insert", (*(f"tool.{n}" for n, *_ in TOOLS), "-", "insert.icon", "ai.generate", "ai.explain", "-",
                 ("&Text", ("text.bold", "text.italic", "text.align_left", "text.align_center", "text.align_right",
                            "text.bigger", "text.smaller")))),
    ("&Help", ("help.palette", "help.shortcuts", "-", "help.about")),
)
TOOLBAR: tuple[str, ...] = (
    "file.new", "file.open", "file.save", "-", "edit.undo", "edit.redo", "-",
    *(f"tool.{n}" for n, *_ in TOOLS), "-", "view.zoom_out", "view.zoom_in", "view.zoom_fit", "-", "help.palette",
)
