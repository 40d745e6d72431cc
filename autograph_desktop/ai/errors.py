"""What can go wrong talking to an AI provider, as one exception type with a kind the pipeline acts on.

The fallback chain moves on for `retryable` kinds (timeouts, 5xx, 429, dropped connections); the rest
(a rejected key, a bad request, a reply too large) stop with a message written for the user. Messages
never contain the API key: they are built from the status, the provider's name and the server's own
error text, which is cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ErrorKind = Literal[
    "timeout", "rate_limited", "server_error", "connection", "auth", "bad_request", "not_found",
    "too_large", "bad_reply", "empty_reply", "cancelled", "config", "unavailable",
]

#: Kinds after which the next provider of the chain is tried.
RETRYABLE: frozenset[str] = frozenset({"timeout", "rate_limited", "server_error", "connection"})


class AiError(Exception):
    """An AI request that did not produce a usable answer; `kind` says why, `provider` who answered."""

    def __init__(self, kind: ErrorKind, message: str, provider: str = "", *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.provider = provider
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    def __str__(self) -> str:
        return f"{self.provider}: {self.message}" if self.provider else self.message


class Cancelled(AiError):
    """The user pressed Cancel: the request was stopped and nothing was changed."""

    def __init__(self, provider: str = "") -> None:
        super().__init__("cancelled", "the request was cancelled", provider)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One provider tried by the fallback chain, and how it ended (for the error the user sees)."""

    provider: str
    outcome: str
    message: str = ""


class ChainFailed(AiError):
    """Every provider of the fallback chain failed or was skipped; `attempts` says what happened to each."""

    def __init__(self, attempts: list[Attempt], last: AiError | None) -> None:
        lines = "; ".join(f"{a.provider}: {a.message or a.outcome}" for a in attempts) or "no provider is set up"
        kind: ErrorKind = last.kind if last is not None else "config"
        super().__init__(kind, f"no provider could answer ({lines})",
                         status=last.status if last is not None else None,
                         retry_after=last.retry_after if last is not None else None)
        self.attempts = attempts
        self.last = last


def short(text: str, limit: int = 300) -> str:
    """A server's error text cut to one readable line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
