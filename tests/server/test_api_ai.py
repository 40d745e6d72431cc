"""The AI gateway over HTTP, on both backends: the fallback chain, accounting per user, keys kept inside."""

from __future__ import annotations

from api_client import Api
from conftest import BACKUP_KEY, PRIMARY_KEY

from tests.support.server_support import Upstream


def ask(user: object, content: str) -> object:
    return user.post("/v1/ai/chat/completions",  # type: ignore[attr-defined]
                     json={"model": "gpt-test", "messages": [{"role": "user", "content": content}]})


def test_first_provider_answers_and_usage_is_counted(api: Api, upstream: Upstream) -> None:
    alice = api.register()
    before = len(upstream.requests)
    reply = ask(alice, "draw a login flow")
    assert reply.status_code == 200 and reply.headers["X-AutoGraph-Provider"] == "primary"
    assert reply.json()["choices"][0]["message"]["content"].startswith("flowchart")
    sent = upstream.requests[before]
    assert sent["provider"] == "primary" and sent["auth"] == f"Bearer {PRIMARY_KEY}"
    assert sent["body"]["model"] == "gpt-test" and sent["body"]["messages"][0]["content"] == "draw a login flow"
    assert PRIMARY_KEY not in reply.text
    usage = alice.get("/v1/ai/usage").json()
    assert usage["requests"] == 1 and usage["prompt_tokens"] == 120 and usage["completion_tokens"] == 30
    assert abs(usage["cost_usd"] - (0.12 * 0.5 + 0.03 * 1.5)) < 1e-9


def test_fallback_chain_in_order(api: Api, upstream: Upstream) -> None:
    alice = api.register()
    for failure in ("500", "429", "401", "malformed", "garbage", "slow"):
        reply = ask(alice, f"primary={failure} please")
        assert reply.status_code == 200, (failure, reply.text)
        assert reply.headers["X-AutoGraph-Provider"] == "backup", failure
    assert upstream.requests[-1]["auth"] == f"Bearer {BACKUP_KEY}"
    both = ask(alice, "primary=503 backup=500")
    assert both.status_code == 502
    assert "primary: answered 503" in both.json()["detail"] and "backup: answered 500" in both.json()["detail"]
    assert PRIMARY_KEY not in both.text and BACKUP_KEY not in both.text
    refused = ask(alice, "primary=400")
    assert refused.status_code == 400 and "refused" in refused.json()["detail"]
    usage = alice.get("/v1/ai/usage").json()
    assert {row["provider"] for row in usage["by_model"]} == {"backup"} and usage["requests"] == 6


def test_requests_are_validated(api: Api) -> None:
    alice = api.register()
    assert alice.post("/v1/ai/chat/completions", json={"messages": []}).status_code == 422
    assert alice.post("/v1/ai/chat/completions", json={
        "model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}).status_code == 422
    assert alice.post("/v1/ai/chat/completions", json={
        "model": "m", "messages": [{"role": "wizard", "content": "hi"}]}).status_code == 422
