"""The table of formats: one entry per format with its extensions, MIME type, reader, sniffer and writer."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from autograph_desktop.io import adapters, pictures
from autograph_desktop.io.options import ExportOptions
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

OpensAs = Literal["canvas", "code"]
Reader = Callable[[bytes, str], ReadResult]
Sniffer = Callable[[bytes, str], bool]
Writer = Callable[[Sequence[Diagram], ExportOptions], bytes]

#: Inputs larger than this are refused before any parsing (a diagram file this big is not a diagram).
MAX_INPUT_BYTES = 200 * 1024 * 1024
#: Mermaid sources are hand-written; beyond this a file is not one (the parser refuses 5M characters too).
MAX_CODE_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class FormatEntry:
    """One format. `extensions` are the names it is read from; `output_extensions` the names its writer's
    files may have (the first is the default). `opens_as` says how the window shows a file once read
    (Mermaid opens as code, the rest on a canvas; None for formats that cannot be read)."""

    name: str
    label: str
    extensions: tuple[str, ...]
    output_extensions: tuple[str, ...]
    mime: str
    opens_as: OpensAs | None
    sniffer: Sniffer | None = None
    reader: Reader | None = None
    writer: Writer | None = None
    #: The writer keeps several diagrams as pages of one file (draw.io).
    pages: bool = False
    max_bytes: int = MAX_INPUT_BYTES
    #: Other names the CLI accepts for `--format`.
    aliases: tuple[str, ...] = ()

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    @property
    def extension(self) -> str:
        """The extension of the files written (or read, for read-only formats)."""
        return (self.output_extensions or self.extensions)[0]

    def sniff(self, data: bytes, name: str) -> bool:
        """Whether the content looks like this format (cheap; never raises for bad input)."""
        return self.sniffer is not None and self.sniffer(data, name)

    def read(self, data: bytes, name: str) -> ReadResult:
        """Every diagram in `data`, with warnings; InvalidInput with located problems when it is bad."""
        if self.reader is None:
            raise InvalidInput([Problem(f"AutoGraph cannot read {self.label} files")], source=name)
        check_size(len(data), self.max_bytes, name)
        return self.reader(data, name)

    def write(self, document: Diagram, options: ExportOptions | None = None) -> bytes:
        """The file's bytes for one diagram."""
        return self.write_pages([document], options)

    def write_pages(self, documents: Sequence[Diagram], options: ExportOptions | None = None) -> bytes:
        """The file's bytes for several diagrams; only formats with `pages` keep more than one."""
        if self.writer is None:
            raise InvalidInput([Problem(f"AutoGraph cannot write {self.label} files")])
        if not documents:
            raise InvalidInput([Problem("there is no diagram to write")])
        if len(documents) > 1 and not self.pages:
            raise ValueError(f"{self.label} holds one diagram per file, not {len(documents)}")
        options = options or ExportOptions()
        options.validate()
        return self.writer(documents, options)


def check_size(size: int, limit: int, source: str) -> None:
    if size > limit:
        raise InvalidInput([Problem(f"the file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB")],
                           source=source)


#: Every format, in the order of the export menu. Sniffing tries the extension's formats first, then these.
FORMATS: tuple[FormatEntry, ...] = (
    FormatEntry("autograph", "AutoGraph Diagram", (".autograph",), (".autograph",), "application/vnd.autograph+json",
                "canvas", adapters.sniff_native, adapters.read_native, adapters.write_native),
    FormatEntry("png", "PNG Image", (".png",), (".png",), "image/png", "canvas",
                adapters.sniff_embedded_png, adapters.read_embedded, pictures.write_png),
    FormatEntry("svg", "SVG Image", (".svg",), (".svg",), "image/svg+xml", "canvas",
                adapters.sniff_embedded_svg, adapters.read_embedded, pictures.write_svg),
    FormatEntry("pdf", "PDF Document", (), (".pdf",), "application/pdf", None, writer=pictures.write_pdf),
    FormatEntry("drawio", "draw.io Diagram", (".drawio", ".dio", ".xml", ".drawio.svg", ".drawio.png"),
                (".drawio", ".dio", ".xml"), "application/vnd.jgraph.mxfile", "canvas",
                adapters.sniff_drawio, adapters.read_drawio, adapters.write_drawio, pages=True),
    FormatEntry("excalidraw", "Excalidraw Drawing",
                (".excalidraw", ".excalidrawlib", ".excalidraw.svg", ".excalidraw.png"), (".excalidraw",),
                "application/vnd.excalidraw+json", "canvas",
                adapters.sniff_excalidraw, adapters.read_excalidraw, adapters.write_excalidraw),
    FormatEntry("mermaid", "Mermaid Text", (".mmd", ".mermaid"), (".mmd", ".mermaid"), "text/vnd.mermaid", "code",
                adapters.sniff_mermaid, adapters.read_mermaid, adapters.write_mermaid,
                max_bytes=MAX_CODE_BYTES, aliases=("mmd",)),
    FormatEntry("markdown", "Markdown with Mermaid", (".md", ".markdown"), (), "text/markdown", "canvas",
                adapters.sniff_markdown, adapters.read_mermaid),
)


def entry(name: str) -> FormatEntry:
    """The format called `name` (or one of its aliases); KeyError when there is none."""
    for fmt in FORMATS:
        if name == fmt.name or name in fmt.aliases:
            return fmt
    raise KeyError(name)


def _by_suffix(name: str, pick: Callable[[FormatEntry], tuple[str, ...]]) -> list[FormatEntry]:
    """Formats with a suffix of `name` among `pick(format)`, the longest suffix first."""
    lower = os.path.basename(name).lower()
    found = sorted(((len(ext), n, fmt) for n, fmt in enumerate(FORMATS) for ext in pick(fmt) if lower.endswith(ext)),
                   key=lambda t: (-t[0], t[1]))
    out: list[FormatEntry] = []
    for _, _, fmt in found:
        if fmt not in out:
            out.append(fmt)
    return out


def entries_for_name(name: str) -> list[FormatEntry]:
    """Formats a file name says it may hold, the longest extension first (`x.drawio.svg`: draw.io, then SVG)."""
    return _by_suffix(name, lambda fmt: fmt.extensions + fmt.output_extensions)


def entry_for_path(path: str) -> FormatEntry | None:
    """The format a file name says it holds (by extension only), or None."""
    found = entries_for_name(path)
    return found[0] if found else None


def output_entry_for_path(path: str) -> FormatEntry | None:
    """The format to write to a file of this name (`x.drawio.svg` is an SVG), or None."""
    found = _by_suffix(path, lambda fmt: fmt.output_extensions)
    return found[0] if found else None


def readable_extensions() -> tuple[str, ...]:
    """Every extension a readable format is read from (compound ones such as `.drawio.svg` included)."""
    return tuple(ext for fmt in FORMATS if fmt.can_read for ext in fmt.extensions)


def export_formats() -> tuple[FormatEntry, ...]:
    """Every format that can be written, in menu order."""
    return tuple(fmt for fmt in FORMATS if fmt.can_write)


def sniff_format(data: bytes, name: str = "") -> FormatEntry | None:
    """The first readable format that claims the content (the extension's formats asked first), or None."""
    by_name = [fmt for fmt in entries_for_name(name) if fmt.can_read] if name else []
    for fmt in by_name + [fmt for fmt in FORMATS if fmt.can_read and fmt not in by_name]:
        if fmt.sniff(data, name):
            return fmt
    return None


def detect(data: bytes, name: str) -> FormatEntry:
    """The format of an input, by content (see `sniff_format`); when none claims it, the extension's format
    (whose reader then says precisely what is wrong), else InvalidInput listing what is known."""
    found = sniff_format(data, name)
    if found is not None:
        return found
    by_name = [fmt for fmt in entries_for_name(name) if fmt.can_read]
    if by_name:
        return by_name[0]
    raise InvalidInput([Problem(f"not a diagram format AutoGraph can read (known: {', '.join(readable_extensions())})")],
                       source=name)
