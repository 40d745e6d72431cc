"""Structured JSON logs to a rotating file, each line carrying the current correlation id.

The correlation id follows a piece of work (a CLI run, an AI request, a sync round) across threads and
into outgoing HTTP requests as `X-Correlation-ID`, so a user's report can be matched to server logs.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.handlers
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOG_FILE = "autograph.log"
HEADER = "X-Correlation-ID"

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


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 5_000_000, backups: int = 5) -> Path:
    """Send the `autograph_desktop` loggers to a rotating JSON-lines file; returns its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger("autograph_desktop")
    for handler in list(root.handlers):
        if getattr(handler, "_autograph", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    handler._autograph = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
