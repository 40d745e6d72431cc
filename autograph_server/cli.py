"""The `autograph-server` command: serve (embedded with `--data DIR`, or from the environment), migrate,
print the OpenAPI document, or check the settings."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from autograph_server.settings import (
    ENV_FILE_VARIABLE,
    Settings,
    SettingsError,
    embedded_settings,
    load_settings,
)

COMMANDS = ("serve", "migrate", "openapi", "check")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograph-server", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    for name, text in (("serve", "run the server (the default command)"), ("migrate", "apply the database migrations"),
                       ("openapi", "print the OpenAPI document"), ("check", "validate the settings and exit")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--data", type=Path, help="embedded mode: SQLite and a blob folder in DIR, no other service")
        cmd.add_argument("--env-file", type=Path, help=f"settings file (also ${ENV_FILE_VARIABLE})")
        if name == "serve":
            cmd.add_argument("--host", default="127.0.0.1")
            cmd.add_argument("--port", type=int, default=8750)
            cmd.add_argument("--workers", type=int, default=1, help="worker processes (not with --data)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    if args.data is not None:
        return embedded_settings(args.data, args.env_file)
    return load_settings(args.env_file)


def _fail(message: str) -> int:
    print(f"autograph-server: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "serve")
    args = _parser().parse_args(argv)
    if args.command == "openapi":
        return _openapi()
    try:
        settings = _settings(args)
    except SettingsError as exc:
        return _fail(str(exc))
    if args.command == "check":
        print("settings are valid")
        return 0
    from autograph_server import migrate
    from autograph_server.database import UNAVAILABLE, make_engine

    engine = make_engine(settings, "autograph-server-cli")
    try:
        if args.command == "migrate" or settings.environment == "embedded":
            print(f"database at revision {migrate.upgrade(engine)}", file=sys.stderr)
            if args.command == "migrate":
                return 0
        migrate.check(engine)
    except migrate.SchemaNotCurrent as exc:
        return _fail(str(exc))
    except UNAVAILABLE as exc:
        return _fail(f"cannot reach the database: {type(exc).__name__}")
    finally:
        engine.dispose()
    return _serve(args, settings)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from autograph_server.logs import logging_config

    common = {
        "host": args.host, "port": args.port, "log_config": logging_config(settings.log_level),
        "timeout_graceful_shutdown": int(settings.shutdown_grace_s), "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "server_header": False, "access_log": False,
    }
    if args.workers > 1:
        if settings.is_sqlite:
            return _fail("several workers need PostgreSQL; the embedded SQLite server runs one")
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="autograph-metrics-"))
        if args.env_file:
            os.environ[ENV_FILE_VARIABLE] = str(args.env_file)
        uvicorn.run("autograph_server.app:app_from_environment", factory=True, workers=args.workers, **common)
        return 0
    from autograph_server.app import create_app

    uvicorn.run(create_app(settings), **common)
    return 0


def _openapi() -> int:
    from autograph_server.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(embedded_settings(Path(tmp)))
        print(json.dumps(app.openapi(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
