"""Readers, sniffers and writers of the text formats, each a plain import of its module when first used.

The imports sit inside the functions so that `autograph inspect` of one Mermaid file does not load the
draw.io reader, and the registry itself starts in no time.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograph_desktop.io.options import ExportOptions
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.reading import ReadResult


# --------------------------------------------------------------------------- native .autograph
def sniff_native(data: bytes, name: str) -> bool:
    from autograph_desktop.formats.native import sniff

    return sniff(data, name)


def read_native(data: bytes, name: str) -> ReadResult:
    from autograph_desktop.formats.native import read

    return read(data, name)


def write_native(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    from autograph_desktop.formats.native import dumps

    return dumps(diagrams[0])


# --------------------------------------------------------------------------- draw.io
def sniff_drawio(data: bytes, name: str) -> bool:
    from autograph_desktop.formats.drawio import sniff

    return sniff(data, name)


def read_drawio(data: bytes, name: str) -> ReadResult:
    from autograph_desktop.formats.drawio import read

    return read(data, name)


def write_drawio(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    from autograph_desktop.formats.drawio import write

    return write(list(diagrams))


# --------------------------------------------------------------------------- Excalidraw
def sniff_excalidraw(data: bytes, name: str) -> bool:
    from autograph_desktop.formats.excalidraw import sniff

    return sniff(data, name)


def read_excalidraw(data: bytes, name: str) -> ReadResult:
    from autograph_desktop.formats.excalidraw import read

    return read(data, name)


def write_excalidraw(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    from autograph_desktop.formats.excalidraw import write

    return write(diagrams[0])


# --------------------------------------------------------------------------- Mermaid and Markdown
def sniff_mermaid(data: bytes, name: str) -> bool:
    from autograph_desktop.mermaid.reader import MARKDOWN, sniff

    return not name.lower().endswith(MARKDOWN) and sniff(data, name)


def sniff_markdown(data: bytes, name: str) -> bool:
    from autograph_desktop.mermaid.reader import MARKDOWN

    return name.lower().endswith(MARKDOWN)  # a file without ```mermaid blocks is told so by the reader


def read_mermaid(data: bytes, name: str) -> ReadResult:
    """Mermaid text, or every ```mermaid block of a Markdown file (the reader tells them by the name)."""
    from autograph_desktop.mermaid.reader import read

    return read(data, name)


def write_mermaid(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    from autograph_desktop.mermaid.export import to_mermaid

    return to_mermaid(diagrams[0]).encode("utf-8")


# --------------------------------------------------------------------------- our SVG/PNG exports
def sniff_embedded_svg(data: bytes, name: str) -> bool:
    from autograph_desktop.formats.embedded import sniff_svg

    return sniff_svg(data, name)


def sniff_embedded_png(data: bytes, name: str) -> bool:
    from autograph_desktop.formats.embedded import sniff_png

    return sniff_png(data, name)


def read_embedded(data: bytes, name: str) -> ReadResult:
    from autograph_desktop.formats.embedded import read

    return read(data, name)
