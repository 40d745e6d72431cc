"""`autograph sync ...`: sign in, sync now, show where sync stands, sign out, for headless machines.

`sync now` pushes and pulls until nothing is pending and exits 0 only then. Exit codes: 0 ok, 1 the server
could not be reached or failed, 2 bad input, 3 not signed in (or the session ended: `sync login` again).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_INVALID, EXIT_SIGN_IN = 0, 1, 2, 3
#: Rounds `sync now` tries before saying it could not catch up (edits arriving from another process).
MAX_ROUNDS = 5


def register(subparsers: Any) -> None:
    top = subparsers.add_parser("sync", help="sign in to an AutoGraph server and sync the library")
    top.add_argument("--library", metavar="FILE", help="library database (default: $AUTOGRAPH_HOME or the user "
                                                      "data folder)")
    top.set_defaults(func=_no_verb, parser=top)
    sub = top.add_subparsers(dest="sync_verb", metavar="VERB")

    p = sub.add_parser("login", help="sign in (the password is read from standard input when it is not a terminal)")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--email", required=True, metavar="EMAIL")
    p.add_argument("--register", action="store_true", help="create the account first")
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("now", help="push and pull until up to date (exit 0 when synced)")
    p.set_defaults(func=cmd_now)

    p = sub.add_parser("status", help="where sync stands")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("logout", help="sign out (local diagrams stay)")
    p.set_defaults(func=cmd_logout)


def _no_verb(args: argparse.Namespace) -> int:
    args.parser.print_usage(sys.stderr)
    return EXIT_INVALID


def _open(args: argparse.Namespace) -> tuple[Any, Any]:
    from autograph_desktop.apppaths import app_paths
    from autograph_desktop.store import Library
    from autograph_desktop.sync.context import sync_context

    paths = app_paths().ensure()
    library = Library.open(Path(args.library) if args.library else paths.library_path)
    return library, sync_context(library, paths)


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_login(args: argparse.Namespace) -> int:
    from autograph_desktop.sync.errors import SignInRequired, SyncError

    password = _read_password()
    library, ctx = _open(args)
    try:
        identity = ctx.account.sign_in(args.server, args.email, password, register=args.register)
    except ValueError as exc:
        print(f"autograph sync login: {_first_line(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except SignInRequired as exc:
        print(f"autograph sync login: {exc}", file=sys.stderr)
        return EXIT_SIGN_IN
    except SyncError as exc:
        print(f"autograph sync login: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ctx.close()
        library.close()
    print(f"signed in to {identity.server} as {identity.email}")
    return EXIT_OK


def _first_line(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc).splitlines()[0]


def cmd_now(args: argparse.Namespace) -> int:
    from autograph_desktop.sync.errors import SignInRequired, SyncError

    library, ctx = _open(args)
    try:
        if ctx.account.identity is None:
            print("autograph sync now: not signed in (run `autograph sync login`)", file=sys.stderr)
            return EXIT_SIGN_IN
        for _ in range(MAX_ROUNDS):
            report = ctx.engine.sync(wait=60.0)
            if ctx.engine.pending() == 0:
                print(f"synced: {report.pushed_operations} operation(s) pushed, {report.pulled_changes} change(s) "
                      f"pulled")
                return EXIT_OK
        print(f"autograph sync now: {ctx.engine.pending()} operation(s) still pending", file=sys.stderr)
        return EXIT_ERROR
    except SignInRequired as exc:
        print(f"autograph sync now: {exc}", file=sys.stderr)
        return EXIT_SIGN_IN
    except SyncError as exc:
        print(f"autograph sync now: {exc}; nothing was lost, run it again later", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ctx.close()
        library.close()


def cmd_status(args: argparse.Namespace) -> int:
    from autograph_desktop.sync.state import load_state

    library, ctx = _open(args)
    try:
        identity = ctx.account.identity
        state = load_state(library)
        with library.read() as conn:
            from sqlalchemy import select

            from autograph_desktop.store.schema import sync_state
            last = conn.execute(select(sync_state.c.last_synced_at).where(sync_state.c.scope == "sync")).scalar()
        info: dict[str, Any] = {
            "signed_in": ctx.account.state == "signed_in",
            "state": ctx.account.state,
            "server": identity.server if identity else None,
            "email": identity.email if identity else None,
            "pending_operations": ctx.engine.pending(),
            "last_synced": last,
            "client_id": ctx.engine.client_id(state),
            "token_storage": ctx.account.tokens.kind,
            "recent": [e.message for e in ctx.log.entries()[-5:]],
        }
    finally:
        ctx.close()
        library.close()
    if args.json:
        print(json.dumps(info, indent=2))
        return EXIT_OK
    who = f"{info['email']} on {info['server']}" if identity else "not signed in"
    if info["state"] == "sign_in_again":
        who += " (the session ended: sign in again)"
    print(f"account: {who}")
    print(f"pending: {info['pending_operations']} operation(s)")
    print(f"last synced: {info['last_synced'] or 'never'}")
    print(f"sign-in kept in: {info['token_storage']}")
    return EXIT_OK


def cmd_logout(args: argparse.Namespace) -> int:
    library, ctx = _open(args)
    try:
        was = ctx.account.identity
        ctx.account.sign_out()
    finally:
        ctx.close()
        library.close()
    print(f"signed out of {was.server}" if was else "not signed in")
    return EXIT_OK
