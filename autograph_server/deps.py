"""FastAPI dependencies: the services, the caller's IP, and the signed-in user (token, session, rate limit)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from autograph_server import accounts, metrics
from autograph_server.errors import ApiError
from autograph_server.security import TokenInvalid
from autograph_server.services import Services, User

_bearer = HTTPBearer(auto_error=False, description="An access token from /v1/auth/login, /register or /refresh")


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def client_ip(request: Request) -> str:
    return str(request.scope.get("state", {}).get("client_ip") or (request.client.host if request.client else "unknown"))


def _unauthorised(detail: str) -> ApiError:
    return ApiError(401, detail, {"WWW-Authenticate": "Bearer"})


async def current_user(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The caller, from a valid access token of a session that is still open. Counts the per-user limit."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorised("sign in first: send `Authorization: Bearer <access token>`")
    try:
        claims = svc.tokens.decode(credentials.credentials)
    except TokenInvalid:
        raise _unauthorised("the access token is invalid or has expired; refresh it or sign in again") from None
    wait = await svc.limiter.hit(f"user:{claims.user_id}", svc.settings.rate_user_per_minute)
    if wait:
        metrics.RATE_LIMITED.labels("user").inc()
        raise ApiError(429, "too many requests for this account; slow down", {"Retry-After": str(wait)})
    if not await run_in_threadpool(accounts.session_active, svc, claims.user_id, claims.session_id):
        raise _unauthorised("this session has ended; sign in again")
    request.scope.setdefault("state", {})["user_id"] = claims.user_id
    return User(claims.user_id, claims.session_id)


Svc = Annotated[Services, Depends(services)]
CurrentUser = Annotated[User, Depends(current_user)]
ClientIp = Annotated[str, Depends(client_ip)]
