"""The ordered fallback chain (e.g. company gateway -> OpenAI -> local) with a circuit breaker per provider.

A provider that times out, answers 5xx or 429, or drops the connection is passed over for the next one;
its breaker remembers: after `threshold` failures in a row, or for as long as a 429's Retry-After asks,
it is skipped without being called. When every provider failed and the soonest one may be asked again
within `max_wait` seconds, the chain waits (cancellably) and goes round once more. A rejected key or a
bad request stops at once: the next provider would not fix the user's settings. Providers with unusable
settings (no sign-in for the AutoGraph backend, an empty URL) are skipped without sending anything.
Every failed call is written to the usage log here; successful ones by the pipeline, which knows whether
the reply was usable.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from autograph_desktop.ai.cancel import CancelToken
from autograph_desktop.ai.client import ChatClient, ChatReply, ChatRequest, TextSink, estimate_request_tokens
from autograph_desktop.ai.errors import AiError, Attempt, Cancelled, ChainFailed
from autograph_desktop.ai.usage import UsageSink, make_record


@dataclass
class Breaker:
    """Closed (calls go through) until `threshold` failures in a row or a Retry-After; then open until
    `open_until`, after which one trial call decides (half-open)."""

    threshold: int = 3
    cooldown: float = 30.0
    failures: int = 0
    open_until: float = 0.0

    def available(self, now: float) -> bool:
        return now >= self.open_until

    def succeeded(self) -> None:
        self.failures = 0
        self.open_until = 0.0

    def failed(self, now: float, retry_after: float | None = None) -> None:
        self.failures += 1
        if retry_after is not None:
            self.open_until = max(self.open_until, now + retry_after)
        if self.failures >= self.threshold:
            self.open_until = max(self.open_until, now + self.cooldown)


AttemptListener = Callable[[str], None]


class FallbackChain:
    """Ask the first available provider; on a retryable failure ask the next. Keep one chain per session
    (the breakers remember across requests)."""

    def __init__(self, clients: list[ChatClient], *, usage: UsageSink | None = None, max_wait: float = 20.0,
                 threshold: int = 3, cooldown: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.clients = [c for c in clients if c.config.enabled]
        self.usage = usage
        self.max_wait = max_wait
        self.clock = clock
        self.breakers = {c.name: Breaker(threshold, cooldown) for c in self.clients}

    def only(self, keep: Callable[[ChatClient], bool]) -> FallbackChain:
        """The same chain (same breakers, same usage log) limited to some providers, e.g. those that read
        images."""
        view = FallbackChain([c for c in self.clients if keep(c)], usage=self.usage, max_wait=self.max_wait,
                             clock=self.clock)
        view.breakers = self.breakers
        return view

    def _record_failure(self, client: ChatClient, request: ChatRequest, error: AiError, started: float) -> None:
        if self.usage is None:
            return
        sent = error.kind not in ("config",)
        self.usage(make_record(client.name, client.config.kind, client.config.model_name,
                               estimate_request_tokens(request.messages) if sent else 0, 0,
                               (time.perf_counter() - started) * 1000, error.kind))

    def chat(self, request: ChatRequest, on_text: TextSink | None = None, cancel: CancelToken | None = None,
             on_attempt: AttemptListener | None = None) -> ChatReply:
        """The first good reply; raises ChainFailed (with every attempt), the stopping AiError, or Cancelled."""
        token = cancel or CancelToken()
        attempts: list[Attempt] = []
        last: AiError | None = None
        candidates = list(self.clients)
        for round_number in range(2):
            waits: dict[str, float] = {}  # providers worth a second round: how long until they may answer
            for client in candidates:
                token.check()
                breaker = self.breakers[client.name]
                now = self.clock()
                if not breaker.available(now):
                    waits[client.name] = breaker.open_until - now
                    attempts.append(Attempt(client.name, "skipped",
                                            f"paused for {breaker.open_until - now:.0f} s after failures"))
                    continue
                if on_attempt is not None:
                    on_attempt(client.name)
                try:
                    reply = self._ask(client, request, on_text, token)
                except Cancelled:
                    raise
                except AiError as error:
                    attempts.append(Attempt(client.name, error.kind, error.message))
                    if error.kind == "config":
                        last = last or error
                        continue  # nothing was sent; the next provider may be usable
                    if not error.retryable:
                        raise
                    breaker.failed(self.clock(), error.retry_after)
                    last = error
                    if error.retry_after is not None:
                        waits[client.name] = error.retry_after
                    continue
                breaker.succeeded()
                return reply
            soonest = min(waits.values(), default=None)
            if round_number == 0 and soonest is not None and soonest <= self.max_wait:
                if token.wait(soonest):
                    raise Cancelled()
                candidates = [c for c in self.clients if c.name in waits and waits[c.name] <= self.max_wait]
                continue
            break
        raise ChainFailed(attempts, last)

    def _ask(self, client: ChatClient, request: ChatRequest, on_text: TextSink | None,
             token: CancelToken) -> ChatReply:
        """One provider, once; a provider that refuses JSON-schema replies is asked again for plain text."""
        started = time.perf_counter()
        try:
            return client.chat(request, on_text, token)
        except Cancelled:
            if self.usage is not None:
                self.usage(make_record(client.name, client.config.kind, client.config.model_name,
                                       estimate_request_tokens(request.messages), 0,
                                       (time.perf_counter() - started) * 1000, "cancelled"))
            raise
        except AiError as error:
            self._record_failure(client, request, error, started)
            if not (error.kind == "bad_request" and request.json_schema is not None
                    and client.config.supports_json_schema):
                raise
        started = time.perf_counter()
        try:
            return client.chat(request, on_text, token, structured=False)
        except AiError as error:
            if not isinstance(error, Cancelled):
                self._record_failure(client, request, error, started)
            raise
