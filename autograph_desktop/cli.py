"""The `autograph` command: opens the editor, or runs a headless verb (inspect, export, library).

Headless verbs never import Qt widgets, so they run on servers and in CI without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from autograph_desktop import __version__, logs
from autograph_desktop.frozen import SVG_SANDBOX_FLAG
from autograph_desktop.model.elements import KIND_NAMES
from autograph_desktop.model.geometry import union_all
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
#: Verbs implemented in their own modules (`cli_export`, `cli_library`), registered by `build_parser`.
OTHER_VERBS = ("export", "library", "sync")
ATTACHABLE = ("shape", "icon", "text", "image")


def _describe(result: ReadResult) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    rects = []
    for diagram in result.diagrams:
        counts.update(e.kind for e in diagram)
        if (box := diagram.bbox()) is not None:
            rects.append(box)
    nodes = result.nodes if result.nodes is not None else sum(counts[k] for k in ATTACHABLE)
    edges = result.edges if result.edges is not None else counts["connector"]
    bbox = union_all(rects)
    return {
        "format": result.format,
        "diagram_type": result.diagram_type,
        "diagrams": len(result.diagrams),
        "elements": {kind: counts[kind] for kind in KIND_NAMES if counts[kind]},
        "nodes": nodes,
        "edges": edges,
        "bbox": None if bbox is None else {k: round(getattr(bbox, k), 2) for k in ("x", "y", "w", "h")},
        "warnings": [w.to_json() for w in result.warnings],
        "errors": [],
    }


def _failure(path: str, problems: list[Problem]) -> dict[str, Any]:
    return {"format": None, "diagram_type": None, "diagrams": 0, "elements": {}, "nodes": 0, "edges": 0,
            "bbox": None, "warnings": [], "errors": [p.to_json() for p in problems]}


def inspect_path(path: str) -> tuple[int, dict[str, Any]]:
    """Read one file and describe it; never raises for bad input."""
    from autograph_desktop.io import read_path

    try:
        result = read_path(path)
    except InvalidInput as exc:
        return EXIT_INVALID, _failure(path, exc.problems or [Problem("invalid input")])
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        return EXIT_INVALID, _failure(path, [Problem(f"cannot read the file: {exc.strerror or exc}")])
    except (OSError, RecursionError, MemoryError) as exc:
        return EXIT_ERROR, _failure(path, [Problem(f"cannot read the file: {exc}")])
    return EXIT_OK, _describe(result)


def _human(path: str, info: dict[str, Any]) -> str:
    if info["errors"]:
        lines = [f"{path}: invalid"]
        for err in info["errors"]:
            lines.append("  " + str(Problem(**{k: v for k, v in err.items() if k != "severity"})).replace("\n", "\n  "))
        return "\n".join(lines)
    kinds = ", ".join(f"{n} {k}" for k, n in info["elements"].items()) or "no elements"
    text = f"{path}: {info['format']} {info['diagram_type']}, {info['nodes']} nodes, {info['edges']} edges ({kinds})"
    for warning in info["warnings"]:
        text += f"\n  warning: {warning['message']}"
    return text


def cmd_inspect(args: argparse.Namespace) -> int:
    from autograph_desktop.io import expand_inputs

    paths = list(expand_inputs(args.files))
    if not paths:
        print("autograph inspect: no readable files found", file=sys.stderr)
        return EXIT_INVALID
    worst = EXIT_OK
    many = len(paths) > 1 or any(os.path.isdir(p) for p in args.files)
    for path in paths:
        code, info = inspect_path(path)
        worst = max(worst, code, key=lambda c: (c == EXIT_INVALID, c))
        if args.json:
            if many:
                info = {"path": path, **info}
            print(json.dumps(info, ensure_ascii=False))
        else:
            print(_human(path, info), file=sys.stdout if code == EXIT_OK else sys.stderr)
    return worst


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograph", description="AutoGraph Desktop: diagrams for software people.")
    parser.add_argument("--version", action="version", version=f"autograph {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    inspect = sub.add_parser("inspect", help="describe diagram files (a linter for folders of diagrams)")
    inspect.add_argument("files", nargs="+", metavar="FILE", help="files or folders")
    inspect.add_argument("--json", action="store_true", help="one JSON object per file")
    inspect.set_defaults(func=cmd_inspect)
    from autograph_desktop import cli_export, cli_library, cli_sync

    cli_export.register(sub)
    cli_library.register(sub)
    cli_sync.register(sub)
    from autograph_desktop.cli_ai import register as register_ai

    register_ai(sub)
    return parser


def open_gui(files: Sequence[str]) -> int:
    from autograph_desktop.gui.app import run

    return int(run(list(files)))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == [SVG_SANDBOX_FLAG]:  # the SVG sandbox child (render/svgsafe.py): no log, no parser
        from autograph_desktop.render.svgsafe import child_main

        return child_main(args_list[1:])
    logs.start(args_list)  # JSON lines under the log dir, one correlation id per run (the GUI's too)
    verbs = {"inspect", "ai", *OTHER_VERBS}
    first = next((a for a in args_list if not a.startswith("-")), None)
    wants_help = any(a in ("-h", "--help", "--version") for a in args_list)
    if first not in verbs and not wants_help:
        missing = [f for f in args_list if not f.startswith("-") and not os.path.exists(f)]
        if missing:
            print(f"autograph: no such file: {missing[0]}", file=sys.stderr)
            return EXIT_INVALID
        return open_gui([a for a in args_list if not a.startswith("-")])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
