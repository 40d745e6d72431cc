"""`autograph export`: headless conversion of any readable diagram to SVG, PNG, PDF or another format.

Modelled on draw.io's `--export` and mermaid-cli: the format comes from `--format` or the output's
extension; several inputs (or a folder) go to an output folder in one run. Qt is started only for PNG and
PDF, on the offscreen platform when there is no display, so exports run on servers and in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from autograph_desktop.io import (
    ExportOptions,
    FormatEntry,
    entry,
    expand_inputs,
    export_formats,
    format_for_output,
    read_path,
)
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
#: `--format` choices: the registry's writable formats, plus "mmd" as before.
FORMATS: tuple[str, ...] = tuple(sorted({name for f in export_formats() for name in (f.name, *f.aliases)}))
#: What the options are called on the command line, for error messages.
FLAGS = {"background": "--background", "scale": "--scale", "width": "--width", "theme": "--theme"}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export", help="export diagrams to SVG, PNG, PDF, .autograph, draw.io, Excalidraw or Mermaid",
        description="Export diagrams without opening the editor. The format comes from --format or the "
                    "output file's extension.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="diagram files or folders")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                   help="output file, or a folder for several inputs or pages")
    p.add_argument("-f", "--format", choices=sorted(FORMATS), help="output format (default: from OUTPUT)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, help="PNG pixels per diagram unit (default 1; 2 for retina)")
    size.add_argument("--width", type=int, metavar="PX", help="PNG width in pixels (height follows)")
    p.add_argument("--background", default="theme", metavar="COLOR",
                   help="transparent, white, theme (the canvas colour, default) or #RRGGBB")
    p.add_argument("--theme", choices=("light", "dark"), help="colour theme (default: the diagram's own)")
    p.add_argument("--padding", type=float, default=20.0, metavar="PX", help="space around the diagram")
    pages = p.add_mutually_exclusive_group()
    pages.add_argument("--page", type=int, metavar="N", help="export page N (1-based) of a multi-page input")
    pages.add_argument("--all-pages", action="store_true", help="export every page (one file per page)")
    p.add_argument("--frame", metavar="NAME", help="export only the frame with this title or id")
    p.add_argument("--crop", action="store_true", help="tight crop: no padding around the content")
    p.add_argument("--pdf-tile", metavar="PAGE", help="PDF: tile over pages of this size (A4, Letter, ...)")
    p.add_argument("--embed-diagram", action=argparse.BooleanOptionalAction, default=None,
                   help="store the diagram inside SVG/PNG output so it opens again (default: SVG yes, PNG no)")
    p.set_defaults(func=run)


def options_from(args: argparse.Namespace) -> ExportOptions:
    """The export options the command line asked for (validated, with the flags named in errors)."""
    options = ExportOptions(theme=args.theme, background=args.background,
                            padding=0.0 if args.crop else max(args.padding, 0.0), scale=args.scale,
                            width=args.width, frame=args.frame, pdf_tile=args.pdf_tile,
                            embed_diagram=args.embed_diagram)
    options.validate(FLAGS)
    if args.page is not None and args.page < 1:
        raise InvalidInput([Problem(f"--page counts from 1, not {args.page}")])
    return options


# --------------------------------------------------------------------------- planning
def _plan(args: argparse.Namespace, inputs: list[str]) -> tuple[FormatEntry, bool]:
    """(format, whether OUTPUT is a folder). Several inputs need a folder; a single input with several
    pages may go to a folder or to numbered files beside OUTPUT (out.png -> out-1.png, out-2.png)."""
    output = args.output
    is_dir = os.path.isdir(output) or output.endswith(("/", os.sep))
    from_ext = None
    if not is_dir and os.path.splitext(output)[1]:
        try:
            from_ext = format_for_output(output)
        except InvalidInput:
            from_ext = None
    several = len(inputs) > 1 or any(os.path.isdir(p) for p in args.inputs)
    if not is_dir and args.all_pages and not os.path.splitext(output)[1]:
        is_dir = True  # "-o pages --all-pages": a folder of pages, not files named "pages-1"
    if several and not is_dir:
        if from_ext is not None:
            raise InvalidInput([Problem(f"several inputs need a folder for -o, not the file {output!r}")])
        is_dir = True
    if args.format:
        return entry(args.format), is_dir
    if from_ext is not None:
        return from_ext, is_dir
    if not is_dir:
        raise InvalidInput([Problem(f"cannot tell the format from {output!r}; use --format "
                                    f"({', '.join(FORMATS)})")])
    return entry("svg"), is_dir


def _pages(diagrams: list[Diagram], args: argparse.Namespace, source: str) -> list[tuple[int, Diagram]]:
    if not diagrams:
        raise InvalidInput([Problem("the file holds no diagram")], source=source)
    if args.all_pages:
        return list(enumerate(diagrams, 1))
    n = args.page or 1
    if n > len(diagrams):
        raise InvalidInput([Problem(f"--page {n}: the file has {len(diagrams)} page(s)")], source=source)
    return [(n, diagrams[n - 1])]


def _error(path: str, message: str) -> None:
    print(f"autograph export: {path}: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Export every input; returns the worst exit code (2 invalid input, 1 other failures)."""
    try:
        options = options_from(args)
        inputs = list(expand_inputs(args.inputs))
        if not inputs:
            raise InvalidInput([Problem("no readable diagram files found")])
        fmt, output_is_dir = _plan(args, inputs)
    except InvalidInput as exc:
        _error(args.output, exc.summary())
        return EXIT_INVALID
    if output_is_dir:
        os.makedirs(args.output, exist_ok=True)
    worst = EXIT_OK
    tty = sys.stderr.isatty() and len(inputs) > 1
    for index, path in enumerate(inputs, 1):
        if tty:
            print(f"\r[{index}/{len(inputs)}] {os.path.basename(path)[:60]:<60}", end="", file=sys.stderr, flush=True)
        code = _export_one(path, fmt, args, options, output_is_dir)
        worst = code if (code == EXIT_INVALID or worst == EXIT_OK) and code != EXIT_OK else worst
    if tty:
        print(file=sys.stderr)
    return worst


def _targets(path: str, fmt: FormatEntry, args: argparse.Namespace, output_is_dir: bool,
             pages: list[tuple[int, Diagram]]) -> list[tuple[str, list[Diagram]]]:
    """(output file, diagrams in it): one file for every page, or one file holding all for draw.io."""
    stem = os.path.splitext(os.path.basename(path))[0] or "diagram"
    if fmt.pages:  # one draw.io file holds every page
        groups = [(pages[0][0], [d for _, d in pages])]
    else:
        groups = [(number, [diagram]) for number, diagram in pages]
    numbered = len(groups) > 1
    out: list[tuple[str, list[Diagram]]] = []
    for number, diagrams in groups:
        if output_is_dir:
            name = f"{stem}-{number}{fmt.extension}" if numbered else stem + fmt.extension
            target = os.path.join(args.output, name)
        elif numbered:
            base, ext = os.path.splitext(args.output)
            target = f"{base}-{number}{ext}"
        else:
            target = args.output
        out.append((target, diagrams))
    return out


def _export_one(path: str, fmt: FormatEntry, args: argparse.Namespace, options: ExportOptions,
                output_is_dir: bool) -> int:
    from autograph_desktop.fileio import write_atomic

    try:
        result = read_path(path)
        for warning in result.warnings:
            _error(path, f"warning: {warning}")
        for target, diagrams in _targets(path, fmt, args, output_is_dir, _pages(result.diagrams, args, path)):
            data = fmt.write_pages(diagrams, options)
            try:
                write_atomic(target, data)
            except OSError as exc:
                _error(path, f"cannot write {target}: {exc.strerror or exc}")
                return EXIT_ERROR
    except InvalidInput as exc:
        _error(path, "; ".join(str(p) for p in exc.problems) or str(exc))
        return EXIT_INVALID
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        _error(path, f"cannot read or write: {exc.strerror or exc}")
        return EXIT_INVALID if not os.path.exists(path) else EXIT_ERROR
    except (OSError, MemoryError, RecursionError, ValueError) as exc:
        _error(path, f"export failed: {exc}")
        return EXIT_ERROR
    return EXIT_OK
