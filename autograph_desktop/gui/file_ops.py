"""File dialogs, reading, importing, exporting and the recent-files list for the main window.

Everything that touches the file system for the shell is here so that the window only decides *when*;
reading and writing go through the format registry (`autograph_desktop.io`). Errors from readers
(InvalidInput with located problems) become one readable message box; warnings are returned to the caller.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from autograph_desktop.io import (
    FORMATS,
    ExportOptions,
    ReadResult,
    entry,
    export_formats,
    read_code,
    read_path,
    readable_extensions,
    write_bytes,
    write_path,
)
from autograph_desktop.model import Diagram, InvalidInput

if TYPE_CHECKING:
    from autograph_desktop.gui.document_tab import DocumentTab


def _patterns(extensions: tuple[str, ...]) -> str:
    return " ".join(f"*{ext}" for ext in extensions)


OPEN_FILTER = ";;".join([f"Diagrams ({_patterns(readable_extensions())})",
                         *(f"{f.label} ({_patterns(f.extensions)})" for f in FORMATS if f.can_read),
                         "All files (*)"])
SAVE_FILTER = "AutoGraph diagram (*.autograph)"
RECENT_KEY = "recent/files"
RECENT_LIMIT = 10
#: Export formats of the Export menu (the native format is saved, not exported): name -> file extension.
EXTENSIONS = {f.name: f.extension for f in export_formats() if f.name != "autograph"}
#: What the window's exports ask for beyond the theme: retina PNGs that open again as diagrams.
GUI_EXPORT = ExportOptions(scale=2.0, embed_diagram=True)


# ----------------------------------------------------------------- recent files
def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = value if isinstance(value, list) else ([value] if value else [])
    return [str(p) for p in items if isinstance(p, str) and p][:RECENT_LIMIT]


def add_recent(settings: QSettings, path: str) -> None:
    path = os.path.abspath(path)
    files = [p for p in recent_files(settings) if p != path]
    settings.setValue(RECENT_KEY, [path, *files][:RECENT_LIMIT])


def clear_recent(settings: QSettings) -> None:
    settings.setValue(RECENT_KEY, [])


# ----------------------------------------------------------------- reading
def ask_open_paths(parent: QWidget) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Open Diagram", "", OPEN_FILTER)
    return [p for p in paths if p]


def describe_problems(exc: InvalidInput) -> str:
    problems = exc.problems
    lines = [str(p) for p in problems[:12]] or [str(exc)]
    if len(problems) > 12:
        lines.append(f"… and {len(problems) - 12} more")
    return "\n".join(lines)


def read_text(parent: QWidget, path: str) -> str | None:
    """A Mermaid file's text for the code editor, or None after telling the user why it could not be read."""
    try:
        return read_code(path)
    except InvalidInput as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{os.path.basename(path)} could not be opened:\n\n"
                            f"{describe_problems(exc)}")
    except OSError as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{path}:\n{exc}")
    return None


def read_result(parent: QWidget, path: str) -> ReadResult | None:
    """Everything read from a file (diagrams titled after it, reader warnings kept for the caller to show),
    or None after telling the user why it could not be read."""
    try:
        result = read_path(path)
    except InvalidInput as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{os.path.basename(path)} could not be read:\n\n"
                            f"{describe_problems(exc)}")
        return None
    except (OSError, ValueError) as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{path}:\n{exc}")
        return None
    if result.format != "autograph":  # a native file keeps its own title; imports are named after the file
        base = os.path.splitext(os.path.basename(path))[0]
        docs = result.diagrams
        for n, doc in enumerate(docs):
            page = result.page_names[n] if n < len(result.page_names) else ""
            title = f"{base} – {page}" if page and len(docs) > 1 else base
            doc.set_meta(replace(doc.meta, title=title))
    return result


# ----------------------------------------------------------------- saving and exporting
FOLDER_KEY = "files/last_folder"


def last_folder(settings: QSettings) -> str:
    """Where file dialogs start: the folder last used, else the user's documents folder, else home."""
    folder = settings.value(FOLDER_KEY, "")
    if isinstance(folder, str) and folder and os.path.isdir(folder):
        return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and os.path.isdir(documents) else os.path.expanduser("~")


def remember_folder(settings: QSettings, path: str) -> None:
    settings.setValue(FOLDER_KEY, os.path.dirname(os.path.abspath(path)))


def ask_save_path(parent: QWidget, tab: DocumentTab, settings: QSettings) -> str:
    """A file for a document that has none yet: `.autograph`, or `.mmd` for Mermaid code."""
    ext, label = (".mmd", "Mermaid text (*.mmd)") if tab.is_code else (".autograph", SAVE_FILTER)
    start = tab.path or os.path.join(last_folder(settings), f"{tab.title}{ext}")
    path, _ = QFileDialog.getSaveFileName(parent, "Save Diagram As", start, label)
    if path and not path.lower().endswith(ext):
        path += ext
    if path:
        remember_folder(settings, path)
    return path


def write_document(tab: DocumentTab, path: str, fmt: str, theme: str = "light") -> None:
    """Write a tab's document to `path` in `fmt` (a code tab's own code for Mermaid), atomically."""
    if fmt == "mermaid" and tab.is_code:
        from autograph_desktop.fileio import write_atomic

        write_atomic(path, tab.code.encode("utf-8"))
        return
    write_path(tab.doc, path, replace(GUI_EXPORT, theme=theme), fmt=fmt)


def export_available(fmt: str) -> bool:
    return fmt in EXTENSIONS


def export_bytes(doc: Diagram, fmt: str, theme: str = "light", options: ExportOptions | None = None) -> bytes:
    """The exported file's content: the registry's writer, as `autograph export` with the same options."""
    if fmt not in EXTENSIONS:
        raise OSError(f"AutoGraph cannot export {fmt!r} files")
    return write_bytes(doc, fmt, replace(options or GUI_EXPORT, theme=theme))


def export_tab(parent: QWidget, tab: DocumentTab, fmt: str, settings: QSettings, theme: str = "light") -> str | None:
    """Ask where and write the export; the path written, or None (cancelled, or failed and said why)."""
    ext = EXTENSIONS[fmt]
    start = os.path.join(os.path.dirname(tab.path) if tab.path else last_folder(settings), tab.title + ext)
    label = entry(fmt).label
    path, _ = QFileDialog.getSaveFileName(parent, f"Export as {label}", start, f"{label} (*{ext})")
    if not path:
        return None
    if not path.lower().endswith(ext):
        path += ext
    try:
        write_path(tab.doc, path, replace(GUI_EXPORT, theme=theme), fmt=fmt)
    except (OSError, InvalidInput, ValueError) as exc:
        QMessageBox.critical(parent, "Export failed", f"{path}:\n{exc}")
        return None
    remember_folder(settings, path)
    return path


# ----------------------------------------------------------------- icons for the canvas
def canvas_icon_provider(icon_id: str) -> QImage | None:
    """What the canvas calls to draw an Icon element: a 128 px image from the catalogue renderer."""
    from autograph_desktop.icons.render import render

    return render(icon_id, 128)
