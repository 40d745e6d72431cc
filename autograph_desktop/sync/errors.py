"""What can go wrong talking to the server, sorted by what the caller should do about it."""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class SyncError(Exception):
    """Base of every sync failure; `str()` is a sentence a user can read."""


class Offline(SyncError):
    """No answer (no network, server down, a timeout): try again later, nothing was lost."""


class ServerBusy(SyncError):
    """The server answered 5xx or 429: try again after `retry_after` seconds (when it said)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignInRequired(SyncError):
    """No session, or the server ended it (expired, revoked, a refresh token reused): sign in again.
    Local work is untouched and keeps waiting in the outbox."""


class Refused(SyncError):
    """The server refused the request itself (4xx): retrying the same request will not help."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"the server refused the request ({status}): {detail}")
        self.status = status
        self.detail = detail


def detail_of(response: httpx.Response) -> str:
    """The server's `detail` (its error body), or the start of whatever else it sent."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    return response.text[:200]


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def raise_for(response: httpx.Response) -> None:
    """Turn a non-2xx reply into the matching SyncError (401 is the caller's to handle first)."""
    status = response.status_code
    if status < 400:
        return
    detail = detail_of(response)
    if status == 401:
        raise SignInRequired(f"the server ended this session ({detail}); sign in again")
    if status == 429 or status >= 500:
        raise ServerBusy(f"the server is busy or failing ({status}: {detail})", _retry_after(response))
    raise Refused(status, detail)


def parse(model: type[M], response: httpx.Response) -> M:
    """The reply as `model`; a body that is not one (a proxy's error page, a truncated reply) is a server
    failure to retry, not a crash."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError:
        raise ServerBusy(f"the server's reply to {response.request.url.path} could not be read "
                         f"({response.status_code}, {len(response.content)} bytes)") from None


def offline(exc: httpx.TransportError, url: str) -> Offline:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "could not be reached"
    return Offline(f"{url} {kind} ({type(exc).__name__})")
