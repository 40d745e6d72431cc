"""Structured JSON log lines on stderr, each with the request's correlation id. Secrets never go in them."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

HEADER = "X-Correlation-ID"
_correlation: contextvars.ContextVar[str] = contextvars.ContextVar("autograph_server_correlation", default="")
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
#: A correlation id taken from a client is kept only if it looks like one (no log injection).
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
#: Field names whose values are never written, whatever a caller passes.
_SECRET_KEYS = frozenset({"password", "token", "access_token", "refresh_token", "authorization", "api_key", "secret"})


def correlation_id() -> str:
    return _correlation.get()


def set_correlation(value: str | None) -> tuple[str, contextvars.Token[str]]:
    """Use the client's id when it is a sane one, else a new one; returns it and a reset token."""
    cid = value if value and _VALID.match(value) else uuid.uuid4().hex
    return cid, _correlation.set(cid)


def reset_correlation(token: contextvars.Token[str]) -> None:
    _correlation.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        cid = _correlation.get()
        if cid:
            entry["correlation_id"] = cid
        for key, value in record.__dict__.items():
            if key in _RESERVED or key.startswith("_"):
                continue
            if key.lower() in _SECRET_KEYS:
                value = "[redacted]"
            entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "INFO") -> None:
    """Our loggers and uvicorn's write JSON lines to stderr; uvicorn's own access log is replaced by ours."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("autograph_server", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


def logging_config(level: str) -> dict[str, object]:
    """The same set-up as a `logging.config` dict, for uvicorn's `log_config` (applied in each worker)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "loggers": {
            "autograph_server": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
