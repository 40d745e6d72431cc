"""`autograph export`: headless conversion of any readable diagram to SVG, PNG, PDF or another format.

Modelled on draw.io's `--export` and mermaid-cli: the format comes from `--format` or the output's
extension; several inputs (or a folder) go to an output folder in one run. Qt is started only for PNG and
PDF, on the offscreen platform when there is no display, so exports run on servers and in CI.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import tempfile
from collections.abc import Callable
from typing import Any

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
FORMATS: dict[str, str] = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "autograph": ".autograph",
                           "drawio": ".drawio", "excalidraw": ".excalidraw", "mmd": ".mmd"}
_BY_EXTENSION = {ext: fmt for fmt, ext in FORMATS.items()} | {".mermaid": "mmd", ".dio": "drawio"}
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


class NotAvailable(Exception):
    """An output format whose writer is not part of this build."""


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


# --------------------------------------------------------------------------- Qt start-up
def ensure_gui_app() -> Any:
    """A QGuiApplication (offscreen when there is no display and the user chose no platform)."""
    if "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["autograph"])
    return app


# --------------------------------------------------------------------------- icons
ICON_PIXELS = 256


def _icon_provider(diagram: Diagram) -> Callable[[str], Any] | None:
    """Icons from the bundled catalogue for PNG/PDF (None when the diagram has none or icons are absent)."""
    if not any(e.kind == "icon" for e in diagram):
        return None
    try:
        from autograph_desktop.icons.render import render as render_icon
    except ImportError:
        return None

    def provide(icon_id: str) -> Any:
        return render_icon(icon_id, ICON_PIXELS)

    return provide


def _svg_images(diagram: Diagram) -> Callable[[str, str], tuple[str, bytes] | None] | None:
    """Icons as embedded PNG data for SVG output; starts Qt only when the diagram has icons."""
    provider = _icon_provider(diagram)
    if provider is None:
        return None
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    def images(kind: str, ref: str) -> tuple[str, bytes] | None:
        image = provider(ref) if kind == "icon" else None
        if image is None or image.isNull():
            return None
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return ("image/png", bytes(data.data()))

    return images


# --------------------------------------------------------------------------- writers
def _optional(module: str, attr: str, what: str) -> Callable[..., Any]:
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            raise NotAvailable(f"{what} export is not available in this build") from None
        raise
    fn = getattr(found, attr, None)
    if fn is None:
        raise NotAvailable(f"{what} export is not available in this build")
    return fn  # type: ignore[no-any-return]


def render(diagram: Diagram, fmt: str, args: argparse.Namespace, all_pages: list[Diagram]) -> bytes:
    """The output bytes of one diagram (drawio: all given pages in one file)."""
    theme = args.theme or (diagram.meta.theme if diagram.meta.theme in ("light", "dark") else "light")
    padding = 0.0 if args.crop else max(args.padding, 0.0)
    if fmt == "svg":
        from autograph_desktop.render.svg import to_svg

        return to_svg(diagram, theme=theme, background=args.background, padding=padding, frame=args.frame,
                      embed_diagram=args.embed_diagram is not False, images=_svg_images(diagram)).encode("utf-8")
    if fmt == "png":
        ensure_gui_app()
        from autograph_desktop.render.raster import to_png

        scale = args.scale if args.scale is not None else (None if args.width else 1.0)
        return to_png(diagram, scale=scale, width=args.width, theme=theme, background=args.background,
                      padding=padding, frame=args.frame, embed_diagram=bool(args.embed_diagram),
                      icon_provider=_icon_provider(diagram))
    if fmt == "pdf":
        ensure_gui_app()
        from autograph_desktop.render.pdf import to_pdf

        return to_pdf(diagram, theme=theme, background=args.background, padding=padding, frame=args.frame,
                      tile=args.pdf_tile, icon_provider=_icon_provider(diagram))
    if fmt == "autograph":
        return bytes(_optional("autograph_desktop.formats.native", "dumps", "AutoGraph")(diagram))
    if fmt == "drawio":
        return bytes(_optional("autograph_desktop.formats.drawio", "write", "draw.io")(all_pages))
    if fmt == "excalidraw":
        return bytes(_optional("autograph_desktop.formats.excalidraw", "write", "Excalidraw")(diagram))
    if fmt == "mmd":
        text = _optional("autograph_desktop.mermaid.export", "to_mermaid", "Mermaid")(diagram)
        return str(text).encode("utf-8")
    raise NotAvailable(f"unknown format {fmt!r}")


def _write(path: str, data: bytes) -> None:
    """Write via a temporary file and rename, so a failed export never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".autograph-export-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export should get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- planning
def _inputs(paths: list[str]) -> list[str]:
    from autograph_desktop.readers import READERS

    extensions = {ext for entry in READERS for ext in entry.extensions}
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(folder, n) for n in sorted(files)
                           if os.path.splitext(n)[1].lower() in extensions and not n.startswith("."))
        else:
            out.append(path)
    return out


def _plan(args: argparse.Namespace, inputs: list[str]) -> tuple[str, bool]:
    """(format, whether OUTPUT is a folder). Several inputs need a folder; a single input with several
    pages may go to a folder or to numbered files beside OUTPUT (out.png -> out-1.png, out-2.png)."""
    output = args.output
    is_dir = os.path.isdir(output) or output.endswith(("/", os.sep))
    from_ext = None if is_dir else _BY_EXTENSION.get(os.path.splitext(output)[1].lower())
    several = len(inputs) > 1 or any(os.path.isdir(p) for p in args.inputs)
    if not is_dir and args.all_pages and not os.path.splitext(output)[1]:
        is_dir = True  # "-o pages --all-pages": a folder of pages, not files named "pages-1"
    if several and not is_dir:
        if from_ext is not None:
            raise InvalidInput([Problem(f"several inputs need a folder for -o, not the file {output!r}")])
        is_dir = True
    fmt = args.format or from_ext
    if fmt is None:
        if not is_dir:
            raise InvalidInput([Problem(f"cannot tell the format from {output!r}; use --format "
                                        f"({', '.join(sorted(FORMATS))})")])
        fmt = "svg"
    return str(fmt), is_dir


def _validate(args: argparse.Namespace) -> None:
    bg = args.background
    if bg not in ("transparent", "white", "theme") and not _HEX.match(bg or ""):
        raise InvalidInput([Problem(f"--background must be transparent, white, theme or #RRGGBB, not {bg!r}")])
    if args.scale is not None and not 0 < args.scale <= 64:
        raise InvalidInput([Problem(f"--scale must be above 0 and at most 64, not {args.scale}")])
    if args.width is not None and not 0 < args.width <= 32_000:
        raise InvalidInput([Problem(f"--width must be between 1 and 32000, not {args.width}")])
    if args.page is not None and args.page < 1:
        raise InvalidInput([Problem(f"--page counts from 1, not {args.page}")])


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
        _validate(args)
        inputs = _inputs(args.inputs)
        if not inputs:
            raise InvalidInput([Problem("no readable diagram files found")])
        fmt, output_is_dir = _plan(args, inputs)
    except InvalidInput as exc:
        _error(args.output, exc.summary() if hasattr(exc, "summary") else str(exc))
        return EXIT_INVALID
    if output_is_dir:
        os.makedirs(args.output, exist_ok=True)
    from autograph_desktop.readers import read_file

    worst = EXIT_OK
    tty = sys.stderr.isatty() and len(inputs) > 1
    for index, path in enumerate(inputs, 1):
        if tty:
            print(f"\r[{index}/{len(inputs)}] {os.path.basename(path)[:60]:<60}", end="", file=sys.stderr, flush=True)
        code = _export_one(path, fmt, args, output_is_dir, read_file)
        worst = code if (code == EXIT_INVALID or worst == EXIT_OK) and code != EXIT_OK else worst
    if tty:
        print(file=sys.stderr)
    return worst


def _export_one(path: str, fmt: str, args: argparse.Namespace, output_is_dir: bool,
                read_file: Callable[[str], Any]) -> int:
    try:
        result = read_file(path)
        pages = _pages(result.diagrams, args, path)
        stem = os.path.splitext(os.path.basename(path))[0] or "diagram"
        if fmt == "drawio":  # one draw.io file holds every page
            pages = pages[:1] if not args.all_pages else pages
        numbered = args.all_pages and fmt != "drawio" and len(pages) > 1
        for number, diagram in pages:
            data = render(diagram, fmt, args, [d for _, d in pages] if fmt == "drawio" else [diagram])
            if output_is_dir:
                name = f"{stem}-{number}{FORMATS[fmt]}" if numbered else stem + FORMATS[fmt]
                target = os.path.join(args.output, name)
            elif numbered:
                base, ext = os.path.splitext(args.output)
                target = f"{base}-{number}{ext}"
            else:
                target = args.output
            try:
                _write(target, data)
            except OSError as exc:
                _error(path, f"cannot write {target}: {exc.strerror or exc}")
                return EXIT_ERROR
            if fmt == "drawio":
                break
    except InvalidInput as exc:
        _error(path, "; ".join(str(p) for p in exc.problems) or str(exc))
        return EXIT_INVALID
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        _error(path, f"cannot read or write: {exc.strerror or exc}")
        return EXIT_INVALID if not os.path.exists(path) else EXIT_ERROR
    except NotAvailable as exc:
        _error(path, str(exc))
        return EXIT_ERROR
    except (OSError, MemoryError, RecursionError, ValueError) as exc:
        _error(path, f"export failed: {exc}")
        return EXIT_ERROR
    return EXIT_OK
