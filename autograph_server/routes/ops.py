"""Operational routes: liveness, readiness (database, blob store, Redis), Prometheus metrics."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from autograph_server import metrics
from autograph_server.blobs import BlobUnavailable
from autograph_server.database import UNAVAILABLE
from autograph_server.deps import Svc
from autograph_server.errors import ApiError, Unavailable

router = APIRouter(tags=["operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up and answering (a liveness probe: it checks nothing else)."""
    return {"status": "ok"}


@router.get("/ready")
async def ready(request: Request, svc: Svc) -> JSONResponse:
    """Whether this instance can serve: each dependency checked now; 503 if any is down."""
    checks: dict[str, str] = {}
    try:
        await run_in_threadpool(svc.db.ping)
        checks["database"] = "ok"
    except UNAVAILABLE as exc:
        checks["database"] = f"unavailable ({type(exc).__name__})"
    try:
        await run_in_threadpool(svc.blobs.ping)
        checks["blobs"] = "ok"
    except BlobUnavailable as exc:
        checks["blobs"] = f"unavailable ({exc})"
    if svc.settings.redis_url:
        try:
            await svc.limiter.ping()
            checks["redis"] = "ok"
        except Unavailable:
            checks["redis"] = "unavailable"
    if request.app.state.draining:
        checks["shutdown"] = "draining"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)


@router.get("/metrics", response_class=Response)
def prometheus(svc: Svc, authorization: Annotated[str | None, Header()] = None) -> Response:
    """Prometheus text format. Guarded by a bearer token when AUTOGRAPH_SERVER_METRICS_TOKEN is set."""
    token = svc.settings.metrics_token.get_secret_value()
    if token and not hmac.compare_digest((authorization or "").encode(), f"Bearer {token}".encode()):
        raise ApiError(401, "metrics need the configured bearer token", {"WWW-Authenticate": "Bearer"})
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
