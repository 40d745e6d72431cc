"""`autograph library ...`: list, search, export and import diagrams of the local library, headless.

Exit codes follow the main CLI: 0 ok, 2 invalid input (unknown id, unreadable file, bad arguments),
1 anything else (e.g. a library written by a newer AutoGraph).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
SORTS = ("name", "created", "updated", "opened")
#: Shortest id prefix accepted on the command line (the list shows 8 characters).
MIN_PREFIX = 4


def register(subparsers: Any) -> None:
    lib = subparsers.add_parser("library", help="the local diagram library (list, search, export, import)")
    lib.add_argument("--library", metavar="FILE", help="library database (default: $AUTOGRAPH_HOME or the "
                                                       "user data folder)")
    lib.set_defaults(func=_no_verb, parser=lib)
    sub = lib.add_subparsers(dest="library_verb", metavar="VERB")

    p = sub.add_parser("list", help="list diagrams")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.add_argument("--sort", choices=SORTS, default="updated")
    p.add_argument("--folder", metavar="X", help="folder name or id")
    p.add_argument("--trash", action="store_true", help="list the trash instead")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help="full-text search over titles, labels and tags")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="write a diagram to a file (any writable format; .autograph by default)")
    p.add_argument("id", metavar="ID", help="diagram id (or a unique prefix of at least 4 characters)")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the file; its extension chooses the format (.autograph when it names none)")
    p.add_argument("-f", "--format", choices=_writable(), help="output format (default: from FILE)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="add the diagrams of a file (any readable format) to the library")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)


def _writable() -> list[str]:
    from autograph_desktop.io import export_formats

    return sorted({name for f in export_formats() for name in (f.name, *f.aliases)})


def _no_verb(args: argparse.Namespace) -> int:
    args.parser.print_usage(sys.stderr)
    print("autograph library: choose a verb: list, search, export, import", file=sys.stderr)
    return EXIT_INVALID


def _open(args: argparse.Namespace) -> Any:
    from autograph_desktop.store import Library

    return Library.open(args.library) if args.library else Library.open()


def _run(args: argparse.Namespace, body: Any) -> int:
    """Open the library, run `body(library)`, and map failures to exit codes with a message."""
    from autograph_desktop.model import InvalidInput
    from autograph_desktop.store import LibraryError

    try:
        library = _open(args)
    except LibraryError as exc:
        print(f"autograph library: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"autograph library: cannot open the library: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if library.recovered is not None:
            print(f"autograph library: the library was damaged. {library.recovered.message}", file=sys.stderr)
        return int(body(library))
    except InvalidInput as exc:
        print(f"autograph library: {exc}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        library.close()


def _row(info: Any) -> dict[str, Any]:
    data: dict[str, Any] = info.to_json()
    return data


def _print_table(infos: list[Any]) -> None:
    for info in infos:
        star = "*" if info.starred else " "
        tags = f"  [{', '.join(info.tags)}]" if info.tags else ""
        print(f"{info.id[:8]} {star} {info.updated[:16].replace('T', ' ')}  {info.title}{tags}")


def _folder_id(library: Any, name: str) -> str:
    from autograph_desktop.model import InvalidInput, Problem

    folders = library.folders.all()
    for folder in folders:
        if folder.id == name:
            return str(folder.id)
    matches = [f for f in folders if f.name.lower() == name.lower()]
    if len(matches) == 1:
        return str(matches[0].id)
    if matches:
        raise InvalidInput([Problem(f"{len(matches)} folders are named {name!r}; give the folder id")])
    raise InvalidInput([Problem(f"no folder named {name!r}")])


def cmd_list(args: argparse.Namespace) -> int:
    def body(library: Any) -> int:
        folder = _folder_id(library, args.folder) if args.folder else None
        infos = library.diagrams.all(sort=args.sort, folder=folder, trash=args.trash)
        if args.json:
            print(json.dumps([_row(i) for i in infos], ensure_ascii=False))
        else:
            _print_table(infos)
        return EXIT_OK

    return _run(args, body)


def cmd_search(args: argparse.Namespace) -> int:
    def body(library: Any) -> int:
        hits = library.search.find(args.query)
        if args.json:
            print(json.dumps([{**_row(h.info), "score": round(h.score, 4), "snippet": h.snippet} for h in hits],
                             ensure_ascii=False))
        else:
            _print_table([h.info for h in hits])
        return EXIT_OK

    return _run(args, body)


def resolve_id(library: Any, given: str) -> str:
    """An exact diagram id, or the one diagram whose id starts with `given`."""
    from autograph_desktop.model import InvalidInput, Problem

    if library.diagrams.exists(given):
        return given
    if len(given) >= MIN_PREFIX:
        matches = [i.id for i in library.diagrams.all() + library.diagrams.all(trash=True)
                   if i.id.startswith(given)]
        if len(matches) == 1:
            return str(matches[0])
        if len(matches) > 1:
            raise InvalidInput([Problem(f"{given!r} matches {len(matches)} diagrams; give more of the id")])
    raise InvalidInput([Problem(f"no diagram with id {given!r}")])


def cmd_export(args: argparse.Namespace) -> int:
    from autograph_desktop.io import output_entry_for_path, write_path

    def body(library: Any) -> int:
        diagram = library.diagrams.load(resolve_id(library, args.id))
        fmt = args.format or ("autograph" if output_entry_for_path(args.output) is None else None)
        try:
            write_path(diagram, args.output, fmt=fmt)
        except OSError as exc:
            print(f"autograph library: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_INVALID if isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError)) \
                else EXIT_ERROR
        print(f"exported {diagram.meta.title!r} ({len(diagram)} elements) to {args.output}")
        return EXIT_OK

    return _run(args, body)


def cmd_import(args: argparse.Namespace) -> int:
    from autograph_desktop.io import read_path
    from autograph_desktop.model import InvalidInput

    try:
        result = read_path(args.file)
    except InvalidInput as exc:
        print(f"autograph library: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"autograph library: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    for warning in result.warnings:
        print(f"autograph library: {args.file}: warning: {warning}", file=sys.stderr)
    if not result.diagrams:
        print(f"autograph library: {args.file} holds no diagram", file=sys.stderr)
        return EXIT_INVALID

    def body(library: Any) -> int:
        made = []
        for diagram in result.diagrams:
            diagram_id = library.diagrams.create(diagram)
            library.versions.record(library.diagrams.load(diagram_id), reason="import",
                                    message=f"imported from {Path(args.file).name}")
            made.append({"id": diagram_id, "title": diagram.meta.title, "elements": len(diagram)})
        if args.json:
            print(json.dumps(made, ensure_ascii=False))
        else:
            for m in made:
                print(f"imported {m['title']!r} ({m['elements']} elements) as {m['id']}")
        return EXIT_OK

    return _run(args, body)
