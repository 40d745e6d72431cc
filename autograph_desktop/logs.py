"""Structured JSON logs to a rotating file, each line carrying the current correlation id.

The correlation id follows a piece of work (a CLI run, an AI request, a sync round) across threads and
into outgoing HTTP requests as `X-Correlation-ID`, so a user's report can be matched to server logs.
`start` (called once by `cli.main`, so by the GUI too) opens `<log dir>/autograph.log`, rotated by size
with a few older files kept. Secrets never reach the file: tokens, keys and passwords in messages, extra
fields, exceptions and the command line are replaced by `[redacted]`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.handlers
import os
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOG_FILE = "autograph.log"
HEADER = "X-Correlation-ID"
DEFAULT_LEVEL = "INFO"
DEFAULT_MAX_BYTES = 5_000_000
#: Rotated files kept beside the current one (autograph.log.1 ... .5).
KEEP_FILES = 5
REDACTED = "[redacted]"

_SECRET_NAME = r"(?:api[_-]?key|access[_-]?key|secret|token|password|passwd|pwd|authorization|auth|cookie|credentials?)"
_SECRET_KEY = re.compile(rf"(?i)^[\w.-]*{_SECRET_NAME}[\w.-]*$")
_SECRET_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"),
    # name=value, name: value, "name": "value" (the name is kept, the value goes)
    re.compile(rf"""(?i)(["']?[\w.-]*{_SECRET_NAME}[\w.-]*["']?\s*[:=]\s*)(["']?)[^\s"',;&]+\2"""),
    re.compile(r"\bsk-[A-Za-z0-9_-]{12,}"),  # OpenAI-style keys
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),  # JWTs
)
_SECRET_FLAG = re.compile(rf"(?i)^--?[\w-]*{_SECRET_NAME}[\w-]*$")

_correlation: contextvars.ContextVar[str] = contextvars.ContextVar("autograph_correlation_id", default="")
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def correlation_id() -> str:
    """The current correlation id, created on first use in this context."""
    value = _correlation.get()
    if not value:
        value = uuid.uuid4().hex
        _correlation.set(value)
    return value


@contextmanager
def correlation(value: str | None = None) -> Iterator[str]:
    """Run a block of work under its own correlation id."""
    token = _correlation.set(value or uuid.uuid4().hex)
    try:
        yield _correlation.get()
    finally:
        _correlation.reset(token)


def http_headers() -> dict[str, str]:
    """Headers every outgoing HTTP request carries."""
    return {HEADER: correlation_id()}


def redact(text: str) -> str:
    """The text with every secret-looking value (key=..., Bearer ..., sk-..., a JWT) replaced."""
    for pattern in _SECRET_PATTERNS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)
        elif pattern.groups == 1:
            text = pattern.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


def redact_argv(argv: Sequence[str]) -> list[str]:
    """A command line fit for the log: the value after `--api-key`, `--token`... is replaced."""
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append(REDACTED)
            hide_next = False
        elif arg.startswith("-") and "=" in arg and _SECRET_FLAG.match(arg.split("=", 1)[0]):
            out.append(arg.split("=", 1)[0] + "=" + REDACTED)
        else:
            hide_next = bool(_SECRET_FLAG.match(arg))
            out.append(redact(arg))
    return out


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "correlation_id": correlation_id(),
        }
        for key, value in record.__dict__.items():
            if key in _RESERVED or key.startswith("_"):
                continue
            if _SECRET_KEY.match(key):
                entry[key] = REDACTED
            elif isinstance(value, str):
                entry[key] = redact(value)
            elif isinstance(value, (int, float, bool, type(None))):
                entry[key] = value
            else:
                entry[key] = redact(repr(value))
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(log_dir: Path, level: str = DEFAULT_LEVEL, max_bytes: int = DEFAULT_MAX_BYTES,
                  backups: int = KEEP_FILES) -> Path:
    """Send the `autograph_desktop` loggers to a rotating JSON-lines file; returns its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    stop_logging()
    root = logging.getLogger("autograph_desktop")
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    handler._autograph = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path


def stop_logging() -> None:
    """Close the file `setup_logging` opened and forget its level (tests; `setup_logging` does it too)."""
    root = logging.getLogger("autograph_desktop")
    for handler in list(root.handlers):
        if getattr(handler, "_autograph", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.NOTSET)


def start(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Path | None:
    """Logging for one run of the app or a CLI verb: a fresh correlation id, the log file in the log dir
    (`$AUTOGRAPH_HOME/logs` or the platform's), level and size from the settings. Returns the file, or None
    when the folder cannot be written (the run goes on without a log rather than fail)."""
    from autograph_desktop.apppaths import ENV_PREFIX, app_paths

    env = os.environ if environ is None else environ
    paths = app_paths(env)
    level, max_bytes = DEFAULT_LEVEL, DEFAULT_MAX_BYTES
    if paths.settings_path.exists() or any(ENV_PREFIX + k in env for k in ("LOG_LEVEL", "LOG_MAX_BYTES")):
        # Only then pay for the settings model (pydantic): most runs use the defaults.
        from autograph_desktop.config import load_settings

        settings = load_settings(env).settings
        level, max_bytes = settings.log_level, settings.log_max_bytes
    _correlation.set(uuid.uuid4().hex)
    try:
        path = setup_logging(paths.log_dir, level, max_bytes, KEEP_FILES)
    except OSError:
        return None
    from autograph_desktop import __version__

    logging.getLogger("autograph_desktop.run").info("start", extra={"argv": json.dumps(redact_argv(argv)),
                                                                     "version": __version__, "pid": os.getpid()})
    return path
