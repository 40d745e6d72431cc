"""Every command of the main window as data, and the menu layout built from the same ids.

Kept apart from the window so that the palette, cheat sheet and preferences read one list, and so that a
new command is one line here rather than edits in four widgets.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from autograph_desktop.gui.actions import Command
from autograph_desktop.io import export_formats

if TYPE_CHECKING:
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


def build_commands(w: MainWindow) -> list[Command]:
    doc = w.has_document
    sel = w.has_selection
    many = w.has_multi_selection
    out = [
        Command("file.new", "&New Diagram", "File", w.new_document, (SK.New,), icon="ph.file-plus"),
        Command("file.new_library", "New &Library Diagram", "File", w.new_library_diagram, ("Ctrl+Alt+N",),
                w.has_library, icon="ph.books", description="Create a diagram in the library; it saves itself"),
        Command("file.new_mermaid", "New &Mermaid Diagram", "File", w.new_mermaid_document, ("Ctrl+Alt+M",),
                icon="ph.code", description="Write a diagram as Mermaid code with a live canvas beside it"),
        Command("file.open", "&Open…", "File", w.open_dialog, (SK.Open,), icon="ph.folder-open"),
        Command("file.save", "&Save", "File", w.save_current, (SK.Save,), doc, icon="ph.floppy-disk"),
        Command("file.save_as", "Save &As…", "File", w.save_as_current, ("Ctrl+Shift+S",), doc),
        Command("file.import", "&Import…", "File", w.import_dialog, ("Ctrl+Shift+I",), doc,
                description="Add the contents of another diagram file to this one"),
        Command("file.close", "&Close Tab", "File", w.close_current_tab, ("Ctrl+W",), doc),
        Command("file.quit", "&Quit", "File", w.close, ("Ctrl+Q",)),
        Command("file.next_tab", "Next Tab", "File", lambda: w.step_tab(1), ("Ctrl+Tab", "Ctrl+PgDown"), doc),
        Command("file.prev_tab", "Previous Tab", "File", lambda: w.step_tab(-1), ("Ctrl+Shift+Tab", "Ctrl+PgUp"), doc),
        Command("file.clear_recent", "Clear Recent Files", "File", w.clear_recent),
    ]
    for fmt, label in EXPORTS:
        keys = ("Ctrl+Shift+E",) if fmt == "png" else ()
        out.append(Command(f"file.export.{fmt}", f"Export as {label}", "File",
                           partial(w.export, fmt), keys, partial(w.can_export, fmt), icon="ph.export"))
    c = w.call_controller
    out += [
        Command("edit.undo", "&Undo", "Edit", lambda: c("undo"), (SK.Undo,), w.can_undo, icon="ph.arrow-counter-clockwise"),
        Command("edit.redo", "&Redo", "Edit", lambda: c("redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), w.can_redo,
                icon="ph.arrow-clockwise"),
        Command("edit.cut", "Cu&t", "Edit", lambda: c("cut"), (SK.Cut,), sel),
        Command("edit.copy", "&Copy", "Edit", lambda: c("copy"), (SK.Copy,), sel),
        Command("edit.paste", "&Paste", "Edit", lambda: c("paste"), (SK.Paste,), doc),
        Command("edit.duplicate", "D&uplicate", "Edit", lambda: c("duplicate"), ("Ctrl+D",), sel),
        Command("edit.delete", "&Delete", "Edit", lambda: c("delete"), ("Del", "Backspace"), sel),
        Command("edit.select_all", "Select &All", "Edit", lambda: c("select_all"), (SK.SelectAll,), doc),
        Command("edit.copy_style", "Copy St&yle", "Edit", lambda: c("copy_style"), ("Ctrl+Alt+C",), sel),
        Command("edit.paste_style", "Paste Sty&le", "Edit", lambda: c("paste_style"), ("Ctrl+Alt+V",), sel),
        Command("edit.edit_text", "Edit Text", "Edit", lambda: c("edit_text"), ("F2",), sel),
        Command("edit.find", "Search Library", "Edit", w.focus_library_search, (SK.Find,)),
        Command("edit.preferences", "Pre&ferences…", "Edit", w.show_preferences, ("Ctrl+,",), icon="ph.gear"),
        Command("view.zoom_in", "Zoom &In", "View", lambda: w.zoom_by(1.25), ("Ctrl++", "Ctrl+="), doc,
                icon="ph.magnifying-glass-plus"),
        Command("view.zoom_out", "Zoom &Out", "View", lambda: w.zoom_by(0.8), ("Ctrl+-",), doc,
                icon="ph.magnifying-glass-minus"),
        Command("view.zoom_fit", "Zoom to &Fit", "View", lambda: w.view_call("zoom_to_fit"), ("Shift+1",), doc,
                icon="ph.arrows-out"),
        Command("view.zoom_selection", "Zoom to &Selection", "View", lambda: w.view_call("zoom_to_selection"),
                ("Shift+2",), sel),
        Command("view.zoom_100", "Actual Size (100%)", "View", lambda: w.view_call("zoom_100"), ("Ctrl+0",), doc),
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
        Command("arrange.group", "&Group", "Arrange", lambda: c("group"), ("Ctrl+G",), many, icon="ph.selection-plus"),
        Command("arrange.ungroup", "&Ungroup", "Arrange", lambda: c("ungroup"), ("Ctrl+Shift+G",), sel),
        Command("arrange.distribute_h", "Distribute &Horizontally", "Arrange", lambda: c("distribute", "horizontal"),
                ("Alt+Shift+H",), lambda: w.selection_count() >= 3),
        Command("arrange.distribute_v", "Distribute &Vertically", "Arrange", lambda: c("distribute", "vertical"),
                ("Alt+Shift+V",), lambda: w.selection_count() >= 3),
        Command("arrange.lock", "&Lock", "Arrange", lambda: c("lock"), ("Ctrl+Shift+L",), sel, icon="ph.lock"),
        Command("arrange.unlock_all", "Unlock All", "Arrange", lambda: c("unlock_all"), ("Ctrl+Alt+Shift+L",), doc),
        Command("arrange.hide", "&Hide", "Arrange", lambda: c("hide"), ("Ctrl+Shift+J",), sel),
        Command("arrange.show_all", "Show All", "Arrange", lambda: c("show_all"), ("Ctrl+Alt+Shift+J",), doc),
        Command("arrange.toggle_frame", "Collapse/Expand Frame", "Arrange", lambda: c("toggle_frame_collapsed"),
                ("Ctrl+Alt+F",), sel),
    ]
    for how, label, key, icon in ALIGNS:
        out.append(Command(f"arrange.align_{how}", label, "Arrange", partial(c, "align", how), (key,), many,
                           icon=icon))
    for where, label, key in ORDERS:
        out.append(Command(f"arrange.order_{where}", label, "Arrange", partial(c, "reorder", where), (key,), sel))
    for name, label, key, icon in TOOLS:
        out.append(Command(f"tool.{name}", f"{label} Tool", "Tools", partial(w.set_tool, name), (key,), doc,
                           icon=icon, checkable=True, checked_when=partial(w.tool_is, name)))
    out += [
        Command("insert.icon", "Icon…", "Insert", w.show_insert_panel, ("Ctrl+Shift+K",), doc, icon="mdi6.shape-outline"),
        Command("text.bold", "&Bold", "Text", lambda: w.toggle_font_flag("bold"), (SK.Bold,), sel),
        Command("text.italic", "&Italic", "Text", lambda: w.toggle_font_flag("italic"), (SK.Italic,), sel),
        Command("text.align_left", "Align Text Left", "Text", lambda: w.set_style(text_align="left"),
                ("Ctrl+Alt+L",), sel),
        Command("text.align_center", "Center Text", "Text", lambda: w.set_style(text_align="center"),
                ("Ctrl+Alt+E",), sel),
        Command("text.align_right", "Align Text Right", "Text", lambda: w.set_style(text_align="right"),
                ("Ctrl+Alt+R",), sel),
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
    ("&File", ("file.new", "file.new_library", "file.new_mermaid", "file.open", ("Open &Recent", "recent"), "-", "file.save", "file.save_as", "-",
               "file.import", ("&Export", tuple(f"file.export.{fmt}" for fmt, _ in EXPORTS)), "-",
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
                  "arrange.lock", "arrange.unlock_all", "arrange.hide", "arrange.show_all", "arrange.toggle_frame")),
    ("&Insert", (*(f"tool.{n}" for n, *_ in TOOLS), "-", "insert.icon", "-",
                 ("&Text", ("text.bold", "text.italic", "text.align_left", "text.align_center", "text.align_right",
                            "text.bigger", "text.smaller")))),
    ("&Help", ("help.palette", "help.shortcuts", "-", "help.about")),
)
TOOLBAR: tuple[str, ...] = (
    "file.new", "file.open", "file.save", "-", "edit.undo", "edit.redo", "-",
    *(f"tool.{n}" for n, *_ in TOOLS), "-", "view.zoom_out", "view.zoom_in", "view.zoom_fit", "-", "help.palette",
)
