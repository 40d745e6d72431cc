"""The format registry: the one route by which diagrams are read from and written to bytes and files.

Every format is one `FormatEntry` (name, label, extensions, MIME type, `opens_as`, `read`, `write`); the
CLI, the window, file dialogs, the clipboard and drag and drop all go through it. It sits above both
`formats` (no Qt) and `render` (QtGui), which never import each other.

Reading (warnings travel in `ReadResult.warnings`; show them, never drop them)::

    result = read_path(path)          # ReadResult(format, diagrams, warnings, page_names, ...)
    result = read_bytes(data, name)   # the same for bytes (clipboard, drops); `name` gives the extension
    text = read_code(path)            # a Mermaid file's text for a code tab

    Both raise InvalidInput (bad content: `.problems` are located by line/column or JSON path) or OSError
    (the file cannot be read). Inputs are sniffed when the extension is ambiguous (`.svg`, `.png`, `.xml`,
    none); each format has a size limit (`FormatEntry.max_bytes`, at most MAX_INPUT_BYTES).

What a file is, before reading it::

    fmt = entry_for_path(path)        # FormatEntry by extension, or None (`x.drawio.svg` -> draw.io)
    fmt.opens_as                      # "canvas", "code" (Mermaid) or None (cannot be opened)
    readable_extensions()             # for open dialogs and folder walks

Writing (files are written with `fileio.write_atomic`: temp file, fsync, rename)::

    for fmt in export_formats(): ...  # writable formats in menu order: .name, .label, .extension
    data = write_bytes(doc, "png", ExportOptions(theme="dark", scale=2, embed_diagram=True))
    write_path(doc, "out.svg", ExportOptions())          # format from the extension, or fmt="svg"
    write_path([page1, page2], "both.drawio")            # multi-page formats (FormatEntry.pages)

`ExportOptions` holds theme, background, padding, scale/width (PNG), frame, pdf_tile and embed_diagram
(None: SVG embeds the diagram, PNG does not); the CLI and the GUI give the same options the same bytes.
"""

from __future__ import annotations

from autograph_desktop.io.entries import (
    FORMATS,
    MAX_CODE_BYTES,
    MAX_INPUT_BYTES,
    FormatEntry,
    detect,
    entries_for_name,
    entry,
    entry_for_path,
    export_formats,
    output_entry_for_path,
    readable_extensions,
    sniff_format,
)
from autograph_desktop.io.files import (
    expand_inputs,
    format_for_output,
    read_bytes,
    read_code,
    read_path,
    write_bytes,
    write_path,
)
from autograph_desktop.io.options import ExportOptions
from autograph_desktop.model.reading import ReadResult

__all__ = [
    "FORMATS",
    "MAX_CODE_BYTES",
    "MAX_INPUT_BYTES",
    "ExportOptions",
    "FormatEntry",
    "ReadResult",
    "detect",
    "entries_for_name",
    "entry",
    "entry_for_path",
    "expand_inputs",
    "export_formats",
    "format_for_output",
    "output_entry_for_path",
    "read_bytes",
    "read_code",
    "read_path",
    "readable_extensions",
    "sniff_format",
    "write_bytes",
    "write_path",
]
