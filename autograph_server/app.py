"""The FastAPI app factory: services built at start (schema checked, bucket made), routes, the gate, CORS."""

from __future__ import annotations

import logging
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic.warnings import UnsupportedFieldAttributeWarning

from autograph_server import __version__, errors, merge, migrate
from autograph_server.blobs import BlobUnavailable
from autograph_server.logs import setup_logging
from autograph_server.middleware import RequestGate
from autograph_server.routes import ai, auth, blobs, diagrams, ops, sync
from autograph_server.services import Services, build_services
from autograph_server.settings import Settings, load_settings

log = logging.getLogger("autograph_server.app")

# The wire models defer building their validators (the desktop imports them at start); FastAPI then names
# its body field "body" in a place pydantic says has no effect. It has none: requests validate the same.
warnings.filterwarnings("ignore", message="The 'alias' attribute with value 'body'",
                        category=UnsupportedFieldAttributeWarning)

DESCRIPTION = f"""The hosted AutoGraph backend: accounts, sync, blobs and the AI gateway.

Every route but `/health`, `/ready`, `/metrics` and the auth entry points needs `Authorization: Bearer
<access token>`. Errors are JSON `{{"detail": ..., "correlation_id": ...}}`; send `X-Correlation-ID` to
choose the id (it comes back on every answer).

## Merge rule
{merge.__doc__}"""


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """An app for `settings` (default: from the environment). `services` lets a test inject its own."""
    settings = settings or load_settings()
    setup_logging(settings.log_level)
    svc = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        if settings.environment == "embedded":
            migrate.upgrade(svc.db.engine)
        migrate.check(svc.db.engine)
        try:
            svc.blobs.ensure_ready()
        except BlobUnavailable as exc:
            log.warning("blob store not reachable at start; /ready reports it", extra={"reason": str(exc)})
        await svc.ai.start()
        log.info("server started", extra={"environment": settings.environment, "version": __version__,
                                          "database": svc.db.engine.dialect.name, "redis": bool(settings.redis_url)})
        try:
            yield
        finally:
            app.state.draining = True
            log.info("server stopping")
            await svc.ai.close()
            await svc.limiter.close()
            svc.db.dispose()

    app = FastAPI(title="AutoGraph server", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.services = svc
    app.state.draining = False
    errors.install(app)
    for module in (auth, diagrams, sync, blobs, ai, ops):
        app.include_router(module.router)
    app.add_middleware(RequestGate, limiter=svc.limiter, ip_per_minute=settings.rate_ip_per_minute,
                       max_body=settings.max_body_bytes, max_blob=settings.max_blob_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-Correlation-ID"],
                           expose_headers=["X-Correlation-ID", "Retry-After"])
    return app


def app_from_environment() -> FastAPI:
    """The uvicorn factory (`autograph_server.app:app_from_environment`); each worker builds its own."""
    return create_app()
