"""Which reader handles an input: by extension first, then by sniffing the content.

Readers are modules with `sniff(data: bytes, name: str) -> bool` and
`read(data: bytes, name: str) -> ReadResult`; they are imported only when needed so that the CLI
starts fast.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType

from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

#: Inputs larger than this are refused before any parsing (a diagram file this big is not a diagram).
MAX_INPUT_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReaderEntry:
    name: str
    module: str
    extensions: tuple[str, ...]


READERS: tuple[ReaderEntry, ...] = (
    ReaderEntry("autograph", "autograph_desktop.formats.native", (".autograph",)),
    ReaderEntry("drawio", "autograph_desktop.formats.drawio", (".drawio", ".xml", ".dio")),
    ReaderEntry("excalidraw", "autograph_desktop.formats.excalidraw", (".excalidraw", ".excalidrawlib")),
    ReaderEntry("mermaid", "autograph_desktop.mermaid.reader", (".mmd", ".mermaid", ".md", ".markdown")),
    ReaderEntry("embedded", "autograph_desktop.render.embedded", (".svg", ".png")),
)


def _load(entry: ReaderEntry) -> ModuleType | None:
    try:
        return importlib.import_module(entry.module)
    except ModuleNotFoundError as exc:
        if exc.name == entry.module:
            return None  # that format is not built into this version
        raise


def choose_reader(data: bytes, name: str) -> ModuleType:
    """The reader for this input, or InvalidInput saying which formats were tried."""
    ext = os.path.splitext(name)[1].lower()
    by_ext = [e for e in READERS if ext in e.extensions]
    others = [e for e in READERS if e not in by_ext]
    for entry in by_ext + others:
        module = _load(entry)
        if module is not None and module.sniff(data, name):
            return module
    # An unambiguous extension gets its reader even when sniffing fails, for a precise error.
    if len(by_ext) == 1 and (module := _load(by_ext[0])) is not None:
        return module
    known = ", ".join(ext for e in READERS for ext in e.extensions)
    raise InvalidInput([Problem(f"not a diagram format AutoGraph can read (known: {known})")], source=name)


def read_bytes(data: bytes, name: str) -> ReadResult:
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidInput([Problem(f"the file is {len(data) / 1e6:.0f} MB; the limit is "
                                    f"{MAX_INPUT_BYTES / 1e6:.0f} MB")], source=name)
    module = choose_reader(data, name)
    result: ReadResult = module.read(data, name)
    return result


def read_file(path: str) -> ReadResult:
    """Read any supported file; raises InvalidInput (bad content) or OSError (cannot read)."""
    size = os.path.getsize(path)
    if size > MAX_INPUT_BYTES:
        raise InvalidInput([Problem(f"the file is {size / 1e6:.0f} MB; the limit is "
                                    f"{MAX_INPUT_BYTES / 1e6:.0f} MB")], source=path)
    with open(path, "rb") as handle:
        data = handle.read()
    return read_bytes(data, path)
