"""The gate every request passes: correlation id, per-IP rate limit, body size limit, access log, metrics.

A plain ASGI middleware (Starlette's BaseHTTPMiddleware costs a task per request): it answers 413 and 429
itself, before any route or body parsing runs.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from autograph_server import metrics
from autograph_server.errors import Unavailable
from autograph_server.logs import HEADER, reset_correlation, set_correlation
from autograph_server.ratelimit import Limiter

log = logging.getLogger("autograph_server.access")

#: Paths a load balancer or monitor polls: never rate-limited, logged at DEBUG only.
QUIET = frozenset({"/health", "/ready", "/metrics"})


class BodyTooLarge(HTTPException):
    """Raised while a body streams in past its limit; an HTTPException so FastAPI's body parsing passes it on."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class RequestGate:
    def __init__(self, app: ASGIApp, limiter: Limiter, ip_per_minute: int, max_body: int, max_blob: int) -> None:
        self.app = app
        self.limiter = limiter
        self.ip_per_minute = ip_per_minute
        self.max_body = max_body
        self.max_blob = max_blob

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cid, token = set_correlation(headers.get(HEADER.lower()))
        path: str = scope["path"]
        ip = scope["client"][0] if scope.get("client") else "unknown"
        scope.setdefault("state", {})["client_ip"] = ip
        status = [500]
        sent = [False]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                sent[0] = True
                message["headers"] = [*message.get("headers", []), (HEADER.encode(), cid.encode())]
            await send(message)

        try:
            refusal = await self._refusal(path, ip, headers)
            if refusal is not None:
                await _answer(send_with_id, *refusal, cid)
            else:
                limit = self.max_blob if path.startswith("/v1/blobs/") else self.max_body
                await self.app(scope, _limited(receive, limit), send_with_id)
        except BodyTooLarge as exc:
            if not sent[0]:
                await _answer(send_with_id, 413, exc.detail, None, cid)
        finally:
            self._record(scope, path, ip, status[0], time.perf_counter() - started)
            reset_correlation(token)

    async def _refusal(self, path: str, ip: str, headers: dict[str, str]) -> tuple[int, str, int | None] | None:
        if path not in QUIET:
            try:
                wait = await self.limiter.hit(f"ip:{ip}", self.ip_per_minute)
            except Unavailable as exc:
                return 503, exc.detail, 5
            if wait:
                metrics.RATE_LIMITED.labels("ip").inc()
                return 429, "too many requests from this address; slow down", wait
        length = headers.get("content-length", "")
        limit = self.max_blob if path.startswith("/v1/blobs/") else self.max_body
        if length.isdigit() and int(length) > limit:
            return 413, f"the request body is larger than {limit} bytes", None
        return None

    def _record(self, scope: Scope, path: str, ip: str, status: int, seconds: float) -> None:
        route = scope.get("route")
        label = getattr(route, "path", None) or ("unmatched" if status == 404 else "gate")
        method = scope["method"]
        metrics.REQUESTS.labels(method, label, str(status)).inc()
        metrics.LATENCY.labels(method, label).observe(seconds)
        level = logging.DEBUG if path in QUIET else logging.INFO
        if log.isEnabledFor(level):
            state = scope.get("state", {})
            log.log(level, "request", extra={
                "method": method, "path": path, "route": label, "status": status, "ip": ip,
                "user_id": state.get("user_id"), "duration_ms": round(seconds * 1000, 2),
            })


def _limited(receive: Receive, limit: int) -> Receive:
    seen = [0]

    async def wrapped() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            seen[0] += len(message.get("body", b""))
            if seen[0] > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


async def _answer(send: Send, status: int, detail: str, retry_after: int | None, cid: str) -> None:
    body = orjson.dumps({"detail": detail, "correlation_id": cid})
    headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
