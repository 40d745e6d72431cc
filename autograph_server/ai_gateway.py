"""The AI gateway: OpenAI-compatible chat completions forwarded to configured upstreams, in order.

An upstream that cannot be reached, times out, answers any status but 200/400/413/422 (401, 429, 5xx...),
or answers 200 with a body that is not a chat completion, is skipped for the next one. A 400/413/422 means
the request itself is wrong and is answered at once. Upstream keys live only in the server's settings; they are never logged
and never appear in an answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from autograph_desktop.wire import AiUsage, AiUsageRow, ChatCompletionRequest
from autograph_server import metrics
from autograph_server.errors import ApiError
from autograph_server.schema import ai_usage
from autograph_server.services import Services, User, now
from autograph_server.settings import AiProvider

log = logging.getLogger("autograph_server.ai")


@dataclass(frozen=True, slots=True)
class Completion:
    provider: str
    model: str
    body: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


def _valid_completion(body: object) -> bool:
    if not isinstance(body, dict):
        return False
    choices = body.get("choices")
    return isinstance(choices, list) and bool(choices) and all(
        isinstance(c, dict) and isinstance(c.get("message"), dict) for c in choices)


def _tokens(body: dict[str, Any], name: str) -> int:
    usage = body.get("usage")
    value = usage.get(name) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and 0 <= value < 10**9 else 0


class AiGateway:
    def __init__(self, providers: list[AiProvider]) -> None:
        self.providers = providers
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(limits=httpx.Limits(max_connections=50), follow_redirects=False)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def complete(self, request: ChatCompletionRequest) -> Completion:
        if not self.providers or self._client is None:
            raise ApiError(503, "the AI service is not configured on this server")
        if not request.model and not any(p.model for p in self.providers):
            raise ApiError(422, "name a `model`: no provider of this server has a default one")
        failures: list[str] = []
        for provider in self.providers:
            body = request.model_dump(mode="json", exclude_none=True)
            body["model"] = provider.model or request.model
            if not body["model"]:
                failures.append(f"{provider.name}: no model named")
                continue
            outcome = await self._try(provider, body)
            if isinstance(outcome, Completion):
                return outcome
            failures.append(f"{provider.name}: {outcome}")
        log.warning("every AI provider failed", extra={"failures": "; ".join(failures)})
        raise ApiError(502, "no AI provider could answer (" + "; ".join(failures) + ")")

    async def _try(self, provider: AiProvider, body: dict[str, Any]) -> Completion | str:
        assert self._client is not None
        headers = {"Content-Type": "application/json"}
        key = provider.api_key.get_secret_value()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        url = provider.base_url.rstrip("/") + "/chat/completions"
        try:
            reply = await self._client.post(url, json=body, headers=headers, timeout=provider.timeout_s)
        except httpx.TimeoutException:
            metrics.AI_UPSTREAM.labels(provider.name, "timeout").inc()
            return "timed out"
        except httpx.HTTPError as exc:
            metrics.AI_UPSTREAM.labels(provider.name, "unreachable").inc()
            return f"unreachable ({type(exc).__name__})"
        status = reply.status_code
        if status in (400, 413, 422):
            metrics.AI_UPSTREAM.labels(provider.name, "refused").inc()
            raise ApiError(400, f"the AI provider refused the request ({status}): {_message(reply)}")
        if status != 200:
            metrics.AI_UPSTREAM.labels(provider.name, f"http_{status // 100}xx").inc()
            return f"answered {status}"
        try:
            data = reply.json()
        except ValueError:
            data = None
        if not _valid_completion(data):
            metrics.AI_UPSTREAM.labels(provider.name, "malformed").inc()
            return "answered something that is not a chat completion"
        assert isinstance(data, dict)
        prompt, completion = _tokens(data, "prompt_tokens"), _tokens(data, "completion_tokens")
        cost = prompt / 1000 * provider.usd_per_1k_prompt + completion / 1000 * provider.usd_per_1k_completion
        metrics.AI_UPSTREAM.labels(provider.name, "ok").inc()
        metrics.AI_TOKENS.labels(provider.name, "prompt").inc(prompt)
        metrics.AI_TOKENS.labels(provider.name, "completion").inc(completion)
        model = data.get("model") if isinstance(data.get("model"), str) else body["model"]
        return Completion(provider.name, str(model)[:200], data, prompt, completion, round(cost, 8))


def _message(reply: httpx.Response) -> str:
    try:
        data = reply.json()
    except ValueError:
        return reply.text[:300]
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"][:300]
    return str(data)[:300]


def record_usage(svc: Services, user: User, done: Completion) -> None:
    with svc.db.write() as conn:
        conn.execute(insert(ai_usage).values(
            user_id=user.id, at=now(), provider=done.provider, model=done.model, prompt_tokens=done.prompt_tokens,
            completion_tokens=done.completion_tokens, cost_usd=done.cost_usd))


def usage(svc: Services, user: User) -> AiUsage:
    with svc.db.read() as conn:
        rows = conn.execute(
            select(ai_usage.c.provider, ai_usage.c.model, func.count(), func.sum(ai_usage.c.prompt_tokens),
                   func.sum(ai_usage.c.completion_tokens), func.sum(ai_usage.c.cost_usd))
            .where(ai_usage.c.user_id == user.id).group_by(ai_usage.c.provider, ai_usage.c.model)
            .order_by(ai_usage.c.provider, ai_usage.c.model)).all()
    by_model = [AiUsageRow(provider=r[0], model=r[1], requests=r[2], prompt_tokens=int(r[3] or 0),
                           completion_tokens=int(r[4] or 0), cost_usd=round(float(r[5] or 0), 8)) for r in rows]
    return AiUsage(requests=sum(r.requests for r in by_model), prompt_tokens=sum(r.prompt_tokens for r in by_model),
                   completion_tokens=sum(r.completion_tokens for r in by_model),
                   cost_usd=round(sum(r.cost_usd for r in by_model), 8), by_model=by_model)
