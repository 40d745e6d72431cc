"""The fallback chain over real loopback servers: order, Retry-After, circuit breakers, where keys go."""

from __future__ import annotations

import time

import pytest

from autograph_desktop.ai.chain import FallbackChain
from autograph_desktop.ai.client import ChatClient, ChatRequest
from autograph_desktop.ai.errors import AiError, ChainFailed
from autograph_desktop.ai.providers import ProviderConfig
from autograph_desktop.ai.usage import MemoryUsage
from tests.support.scripted_openai import Reply, ScriptedOpenAI

MESSAGES = [{"role": "user", "content": "draw"}]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_chain(servers: list[ScriptedOpenAI], usage: MemoryUsage | None = None, clock: Clock | None = None,
               timeout: float = 5.0, **kwargs: object) -> FallbackChain:
    names = ["gateway", "openai", "local"]
    clients = [ChatClient(ProviderConfig(name=n, base_url=s.url, model=f"model-{n}", timeout=timeout),
                          lambda n=n: f"key-for-{n}")  # type: ignore[misc]
               for n, s in zip(names, servers, strict=True)]
    return FallbackChain(clients, usage=usage, clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]


def test_5xx_timeouts_and_resets_fall_through_in_order(servers: list[ScriptedOpenAI]) -> None:
    gateway, openai, local = servers
    gateway.queue(Reply(status=502))
    openai.queue(Reply(hang=True))
    local.queue(Reply("flowchart LR\n  a --> b"))
    usage = MemoryUsage()
    tried: list[str] = []
    reply = make_chain(servers, usage, timeout=0.4).chat(ChatRequest(MESSAGES), on_attempt=tried.append)
    assert reply.provider == "local" and tried == ["gateway", "openai", "local"]
    assert [(r.provider, r.outcome) for r in usage.records] == [("gateway", "server_error"), ("openai", "timeout")]
    # each key went to its own provider only
    for server, name in zip(servers, ("gateway", "openai", "local"), strict=True):
        for request in server.chat_requests():
            assert request.headers["authorization"] == f"Bearer key-for-{name}"
            for other in {"gateway", "openai", "local"} - {name}:
                assert f"key-for-{other}" not in request.text()


def test_a_rejected_key_stops_the_chain(servers: list[ScriptedOpenAI]) -> None:
    servers[0].queue(Reply(status=401))
    with pytest.raises(AiError) as caught:
        make_chain(servers).chat(ChatRequest(MESSAGES))
    assert caught.value.kind == "auth"
    assert servers[1].chat_requests() == [] and servers[2].chat_requests() == []


def test_retry_after_pauses_the_provider_until_then(servers: list[ScriptedOpenAI]) -> None:
    gateway, openai, _local = servers
    clock = Clock()
    chain = make_chain(servers, clock=clock)
    gateway.queue(Reply(status=429, headers={"Retry-After": "30"}))
    openai.queue(Reply("flowchart LR\n  a --> b"), Reply("flowchart LR\n  c --> d"))
    assert chain.chat(ChatRequest(MESSAGES)).provider == "openai"
    clock.now += 10  # still within Retry-After: the gateway is not even asked
    assert chain.chat(ChatRequest(MESSAGES)).provider == "openai"
    assert len(gateway.chat_requests()) == 1
    clock.now += 25  # past it: asked again first
    gateway.queue(Reply("flowchart LR\n  e --> f"))
    assert chain.chat(ChatRequest(MESSAGES)).provider == "gateway"
    assert len(gateway.chat_requests()) == 2


def test_a_short_retry_after_is_waited_for_when_every_provider_is_busy(servers: list[ScriptedOpenAI]) -> None:
    gateway, openai, local = servers
    chain = make_chain(servers, clock=time.monotonic)
    gateway.queue(Reply(status=429, headers={"retry-after-ms": "200"}), Reply("flowchart LR\n  a --> b"))
    openai.queue(Reply(status=503))
    local.queue(Reply(status=500))
    reply = chain.chat(ChatRequest(MESSAGES))
    assert reply.provider == "gateway"
    assert [len(s.chat_requests()) for s in servers] == [2, 1, 1]  # only the rate-limited one came round again


def test_a_long_retry_after_fails_with_every_attempt_named(servers: list[ScriptedOpenAI]) -> None:
    for server in servers:
        server.queue(Reply(status=429, headers={"Retry-After": "600"}))
    with pytest.raises(ChainFailed) as caught:
        make_chain(servers).chat(ChatRequest(MESSAGES))
    message = str(caught.value)
    assert "gateway: rate limited" in message and "openai" in message and "local" in message
    assert caught.value.kind == "rate_limited"


def test_circuit_breaker_skips_a_failing_provider_then_tries_again(servers: list[ScriptedOpenAI]) -> None:
    gateway, openai, _local = servers
    clock = Clock()
    chain = make_chain(servers, clock=clock, threshold=2, cooldown=60.0)
    for _ in range(2):
        gateway.queue(Reply(status=500))
        openai.queue(Reply("flowchart LR\n  a --> b"))
        assert chain.chat(ChatRequest(MESSAGES)).provider == "openai"
    openai.queue(Reply("flowchart LR\n  a --> b"))
    assert chain.chat(ChatRequest(MESSAGES)).provider == "openai"
    assert len(gateway.chat_requests()) == 2  # open: skipped the third time
    clock.now += 61
    gateway.queue(Reply("flowchart LR\n  a --> b"))
    assert chain.chat(ChatRequest(MESSAGES)).provider == "gateway"  # half-open trial succeeds and closes it
    assert chain.breakers["gateway"].failures == 0


def test_providers_with_unusable_settings_are_skipped_without_a_request(servers: list[ScriptedOpenAI]) -> None:
    backend = ChatClient(ProviderConfig(name="AutoGraph", kind="backend", base_url=servers[0].root), lambda: None)
    local = ChatClient(ProviderConfig(name="local", kind="local", base_url=servers[1].url, model="m"))
    servers[1].queue(Reply("flowchart LR\n  a --> b"))
    assert FallbackChain([backend, local]).chat(ChatRequest(MESSAGES)).provider == "local"
    assert servers[0].requests == []


def test_a_provider_that_refuses_json_schema_is_asked_for_plain_text(servers: list[ScriptedOpenAI]) -> None:
    config = ProviderConfig(name="gw", base_url=servers[0].url, model="m", structured_output=True)
    servers[0].queue(Reply(status=400, body={"error": {"message": "response_format not supported"}}),
                     Reply("flowchart LR\n  a --> b"))
    reply = FallbackChain([ChatClient(config)]).chat(ChatRequest(MESSAGES, json_schema={"name": "x", "schema": {}}))
    assert reply.text.startswith("flowchart")
    first, second = servers[0].chat_requests()
    assert "response_format" in first.body and "response_format" not in second.body


def test_an_empty_chain_says_so() -> None:
    with pytest.raises(ChainFailed, match="no provider is set up"):
        FallbackChain([]).chat(ChatRequest(MESSAGES))
