"""Reading bytes and files in any known format, and writing them atomically: the one route in and out."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from autograph_desktop.fileio import write_atomic
from autograph_desktop.io.entries import (
    MAX_INPUT_BYTES,
    FormatEntry,
    check_size,
    detect,
    entry,
    entry_for_path,
    output_entry_for_path,
    readable_extensions,
)
from autograph_desktop.io.options import ExportOptions
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult


def read_bytes(data: bytes, name: str = "") -> ReadResult:
    """Every diagram in `data`, whichever format it is in (`name` is for the extension and messages)."""
    check_size(len(data), MAX_INPUT_BYTES, name)
    return detect(data, name).read(data, name)


def _load(path: str, limit: int) -> bytes:
    """The file's bytes, refusing it past `limit` without reading more (a device or a pipe never ends)."""
    check_size(os.path.getsize(path), limit, path)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    check_size(len(data), limit, path)
    return data


def read_path(path: str) -> ReadResult:
    """Read any supported file; raises InvalidInput (bad content) or OSError (cannot read it)."""
    by_name = entry_for_path(path)
    return read_bytes(_load(path, by_name.max_bytes if by_name is not None else MAX_INPUT_BYTES), path)


def read_code(path: str) -> str:
    """A Mermaid file's text for a code tab; InvalidInput when it is too big or not UTF-8 text."""
    data = _load(path, entry("mermaid").max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(f"the file is not UTF-8 text (bad byte at offset {exc.start})")],
                           source=path) from None


def expand_inputs(paths: Sequence[str]) -> Iterator[str]:
    """Files as given, and in folders (hidden ones skipped) every file of a readable format, sorted."""
    extensions = readable_extensions()
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(extensions) and not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield path


def _pages(documents: Diagram | Sequence[Diagram]) -> list[Diagram]:
    return [documents] if isinstance(documents, Diagram) else list(documents)


def write_bytes(documents: Diagram | Sequence[Diagram], fmt: str | FormatEntry,
                options: ExportOptions | None = None) -> bytes:
    """The bytes of a file of format `fmt` (a name such as "png" or an entry) holding the diagram(s)."""
    target = entry(fmt) if isinstance(fmt, str) else fmt
    return target.write_pages(_pages(documents), options)


def format_for_output(path: str, fmt: str | None = None) -> FormatEntry:
    """The writable format for an output file: `fmt` when given, else the file's extension."""
    if fmt:
        try:
            found: FormatEntry | None = entry(fmt)
        except KeyError:
            raise InvalidInput([Problem(f"unknown format {fmt!r}")], source=path) from None
    else:
        found = output_entry_for_path(path)
    if found is None:
        raise InvalidInput([Problem(f"cannot tell the format from {os.path.basename(path)!r}",
                                    hint="name the file with a known extension, or choose the format")],
                           source=path)
    if not found.can_write:
        raise InvalidInput([Problem(f"AutoGraph cannot write {found.label} files")], source=path)
    return found


def write_path(documents: Diagram | Sequence[Diagram], path: str, options: ExportOptions | None = None,
               fmt: str | None = None) -> FormatEntry:
    """Write the diagram(s) to `path` atomically (fsync + rename) in the format of `fmt` or of the extension.

    Returns the format written. Nothing is written when the writer fails; OSError when the disk refuses.
    """
    target = format_for_output(path, fmt)
    write_atomic(path, target.write_pages(_pages(documents), options))
    return target


__all__ = ["expand_inputs", "format_for_output", "read_bytes", "read_code", "read_path", "write_bytes", "write_path"]
