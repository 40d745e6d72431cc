"""AI routes: OpenAI-compatible chat completions through the gateway, and the caller's usage."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from autograph_desktop.wire import AiUsage, ChatCompletionRequest
from autograph_server import ai_gateway, metrics
from autograph_server.deps import CurrentUser, Svc
from autograph_server.errors import ApiError

router = APIRouter(prefix="/v1/ai", tags=["ai"])


@router.post("/chat/completions", response_model=dict[str, Any])
async def chat_completions(body: ChatCompletionRequest, user: CurrentUser, svc: Svc) -> JSONResponse:
    """Forward to the first configured provider that answers; tokens and cost are counted per user."""
    wait = await svc.limiter.hit(f"ai:{user.id}", svc.settings.ai_requests_per_minute)
    if wait:
        metrics.RATE_LIMITED.labels("ai").inc()
        raise ApiError(429, "too many AI requests for this account; slow down", {"Retry-After": str(wait)})
    done = await svc.ai.complete(body)
    await run_in_threadpool(ai_gateway.record_usage, svc, user, done)
    return JSONResponse(done.body, headers={"X-AutoGraph-Provider": done.provider})


@router.get("/usage", response_model=AiUsage)
def usage(user: CurrentUser, svc: Svc) -> AiUsage:
    """Requests, tokens and cost of the caller's AI use, per provider and model."""
    return ai_gateway.usage(svc, user)
