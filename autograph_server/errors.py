"""Errors as clear JSON answers: a readable detail and the correlation id, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from autograph_server.blobs import BlobUnavailable
from autograph_server.database import UNAVAILABLE
from autograph_server.logs import correlation_id

log = logging.getLogger("autograph_server.errors")


class ApiError(Exception):
    """An answer for the client: status, a sentence saying what is wrong, optional extra fields."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers
        self.extra = extra


class Unavailable(ApiError):
    """A service the request needs is down: 503, and the client may retry later."""

    def __init__(self, what: str) -> None:
        super().__init__(503, f"{what} is unavailable; try again shortly", {"Retry-After": "5"})


def reply(status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"detail": detail, "correlation_id": correlation_id(), **extra}
    return JSONResponse(body, status_code=status, headers=headers)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return reply(exc.status, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # The offending input is not echoed: it may be a password.
        errors = [{"loc": _where(e.get("loc", ())), "msg": e.get("msg", "invalid")} for e in exc.errors()[:20]]
        first = errors[0] if errors else {"loc": "body", "msg": "invalid"}
        return reply(422, f"invalid request: {first['loc']}: {first['msg']}", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return reply(exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(BlobUnavailable)
    async def _blobs(_request: Request, exc: BlobUnavailable) -> JSONResponse:
        log.warning("blob store unavailable", extra={"reason": str(exc)})
        return reply(503, "the blob store is unavailable; try again shortly", {"Retry-After": "5"})

    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, _database_down)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
        return reply(500, "internal error; the server logged it under this correlation id")


async def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable", extra={"reason": type(exc).__name__})
    return reply(503, "the database is unavailable; try again shortly", {"Retry-After": "5"})
