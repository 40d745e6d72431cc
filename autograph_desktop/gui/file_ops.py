"""File dialogs, reading, importing, exporting and the recent-files list for the main window.

Everything that touches the file system for the shell is here so that the window only decides *when*;
errors from readers (InvalidInput with located problems) become one readable message box.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from autograph_desktop.model import Diagram, InvalidInput, Problem

if TYPE_CHECKING:
    from autograph_desktop.gui.document_tab import DocumentTab

OPEN_FILTER = ("Diagrams (*.autograph *.drawio *.dio *.xml *.excalidraw *.mmd *.mermaid *.md *.svg *.png);;"
               "AutoGraph (*.autograph);;draw.io (*.drawio *.dio *.xml);;Excalidraw (*.excalidraw);;"
               "Mermaid (*.mmd *.mermaid *.md);;Images with an embedded diagram (*.svg *.png);;All files (*)")
SAVE_FILTER = "AutoGraph diagram (*.autograph)"
RECENT_KEY = "recent/files"
RECENT_LIMIT = 10

#: Export formats: (module, function) that turns a diagram into the file's bytes; see `_export_bytes`.
EXPORTERS: dict[str, tuple[str, str]] = {
    "png": ("autograph_desktop.render.raster", "to_png"),
    "svg": ("autograph_desktop.render.svg", "to_svg"),
    "pdf": ("autograph_desktop.render.pdf", "to_pdf"),
    "drawio": ("autograph_desktop.formats.drawio", "write"),
    "excalidraw": ("autograph_desktop.formats.excalidraw", "write"),
    "mermaid": ("autograph_desktop.mermaid.export", "to_mermaid"),
}
EXTENSIONS = {"png": ".png", "svg": ".svg", "pdf": ".pdf", "drawio": ".drawio", "excalidraw": ".excalidraw",
              "mermaid": ".mmd"}


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
    problems = getattr(exc, "problems", None) or []
    lines = [str(p) for p in problems[:12]] or [str(exc)]
    if len(problems) > 12:
        lines.append(f"… and {len(problems) - 12} more")
    return "\n".join(lines)


#: Mermaid sources opened as code are refused beyond this size (the parser's own limit is similar).
MAX_CODE_BYTES = 5_000_000


def read_text(parent: QWidget, path: str) -> str | None:
    """A Mermaid file's text for the code editor, or None after telling the user why it could not be read."""
    try:
        if os.path.getsize(path) > MAX_CODE_BYTES:
            QMessageBox.warning(parent, "Cannot open file", f"{os.path.basename(path)} is larger than "
                                f"{MAX_CODE_BYTES // 1_000_000} MB; it is not a hand-written diagram.")
            return None
        with open(path, "rb") as handle:
            data = handle.read()
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{os.path.basename(path)} is not UTF-8 text "
                            f"(bad byte at offset {exc.start}).")
    except OSError as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{path}:\n{exc}")
    return None


def read_documents(parent: QWidget, path: str) -> tuple[list[Diagram], list[Problem]] | None:
    """Every diagram in a file and the reader's warnings, or None after telling the user why it could not
    be read."""
    try:
        from autograph_desktop.readers import read_file

        result = read_file(path)
    except InvalidInput as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{os.path.basename(path)} could not be read:\n\n"
                            f"{describe_problems(exc)}")
        return None
    except (OSError, ValueError) as exc:
        QMessageBox.warning(parent, "Cannot open file", f"{path}:\n{exc}")
        return None
    base = os.path.splitext(os.path.basename(path))[0]
    docs = list(result.diagrams)
    for n, doc in enumerate(docs):
        page = result.page_names[n] if n < len(result.page_names) else ""
        title = f"{base} – {page}" if page and len(docs) > 1 else base
        doc.set_meta(doc.meta.__class__(**{**_meta_dict(doc), "title": title}))
    return docs, list(result.warnings)


def _meta_dict(doc: Diagram) -> dict[str, Any]:
    meta = doc.meta
    return {name: getattr(meta, name) for name in meta.__dataclass_fields__}


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
    """Write a tab's document to `path` in `fmt` (the code itself for Mermaid code tabs), atomically."""
    from autograph_desktop.fileio import write_atomic

    if fmt in ("autograph", "mermaid") or (fmt in ("drawio", "excalidraw") and not tab.is_code):
        data = tab.document_bytes(fmt)
    else:
        data = export_bytes(tab.doc, fmt, theme)
    write_atomic(path, data)


def _exporter(fmt: str) -> Callable[..., Any] | None:
    module_name, func_name = EXPORTERS.get(fmt, ("", ""))
    if not module_name:
        return None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    func = getattr(module, func_name, None)
    return func if callable(func) else None


def export_available(fmt: str) -> bool:
    return _exporter(fmt) is not None


def export_bytes(doc: Diagram, fmt: str, theme: str = "light") -> bytes:
    """The exported file's content, drawn by the same painter as the CLI's `export` (icons included)."""
    func = _exporter(fmt)
    if func is None:
        raise OSError(f"{fmt} export is not part of this build")
    if fmt == "png":
        return bytes(func(doc, scale=2.0, theme=theme, icon_provider=canvas_icon_provider, embed_diagram=True))
    if fmt == "pdf":
        return bytes(func(doc, theme=theme, icon_provider=canvas_icon_provider))
    if fmt == "svg":
        from autograph_desktop.render.embedded import svg_metadata

        return str(func(doc, theme=theme, metadata=svg_metadata(doc))).encode("utf-8")
    if fmt == "drawio":
        return bytes(func([doc]))
    if fmt == "mermaid":
        return str(func(doc)).encode("utf-8")
    return bytes(func(doc))


def export_tab(parent: QWidget, tab: DocumentTab, fmt: str, settings: QSettings, theme: str = "light") -> str | None:
    """Ask where and write the export; the path written, or None (cancelled, or failed and said why)."""
    ext = EXTENSIONS[fmt]
    start = os.path.join(os.path.dirname(tab.path) if tab.path else last_folder(settings), tab.title + ext)
    path, _ = QFileDialog.getSaveFileName(parent, f"Export as {fmt.upper()}", start, f"{fmt} (*{ext})")
    if not path:
        return None
    if not path.lower().endswith(ext):
        path += ext
    try:
        from autograph_desktop.fileio import write_atomic

        write_atomic(path, export_bytes(tab.doc, fmt, theme))
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
