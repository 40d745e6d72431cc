"""The chat client against a real loopback server: replies, failures, limits, Azure and backend presets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from autograph_desktop.ai.cancel import CancelToken
from autograph_desktop.ai.client import ChatClient, ChatRequest
from autograph_desktop.ai.errors import AiError, Cancelled
from autograph_desktop.ai.providers import ProviderConfig
from tests.support.scripted_openai import Reply, ScriptedOpenAI

KEY = "sk-test-SECRET-0123456789"
MESSAGES = [{"role": "user", "content": "draw a cache"}]


def client(server: ScriptedOpenAI, *, key: str | None = KEY, timeout: float = 5.0, **fields: object) -> ChatClient:
    config = ProviderConfig(name="gateway", kind="custom", base_url=server.url, model="scripted-model",
                            timeout=timeout, **fields)  # type: ignore[arg-type]
    return ChatClient(config, lambda: key)


def test_plain_reply_with_usage_and_bearer_key(server: ScriptedOpenAI) -> None:
    server.queue(Reply("flowchart LR\n  a --> b", usage=(33, 11)))
    headers = (("X-Team", "diagrams"), ("Authorization", "Basic not-the-key"))
    reply = client(server, extra_headers=headers).chat(ChatRequest(MESSAGES, stream=False))
    assert reply.text == "flowchart LR\n  a --> b"
    assert (reply.tokens_in, reply.tokens_out, reply.estimated_tokens) == (33, 11, False)
    sent = server.chat_requests()[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {KEY}"  # the stored key wins over a header of that name
    assert sent.headers["x-team"] == "diagrams"
    assert sent.body["model"] == "scripted-model" and sent.body["stream"] is False
    assert "x-correlation-id" in sent.headers


def test_streamed_reply_arrives_in_pieces(server: ScriptedOpenAI) -> None:
    text = "flowchart TD\n" + "\n".join(f"  n{i} --> n{i + 1}" for i in range(30))
    server.queue(Reply(text, usage=(50, 70)))
    pieces: list[str] = []
    reply = client(server).chat(ChatRequest(MESSAGES, stream=True), pieces.append)
    assert reply.text == text and len(pieces) > 3 and "".join(pieces) == text
    assert (reply.tokens_in, reply.tokens_out, reply.finish_reason) == (50, 70, "stop")


def test_tokens_are_estimated_when_the_server_sends_no_usage(server: ScriptedOpenAI) -> None:
    server.queue(Reply("x" * 400, usage=None))
    reply = client(server).chat(ChatRequest(MESSAGES, stream=True))
    assert reply.estimated_tokens and reply.tokens_out == 100 and reply.tokens_in > 0


@pytest.mark.parametrize(("reply", "kind", "words"), [
    (Reply(status=401, body={"error": {"message": "Incorrect API key provided"}}), "auth", "Incorrect API key"),
    (Reply(status=429, headers={"Retry-After": "7"}), "rate_limited", "retry after 7 s"),
    (Reply(status=500, body=b"<html>Internal error</html>"), "server_error", "HTTP 500"),
    (Reply(status=404, body={"detail": "model not found"}), "not_found", "model not found"),
    (Reply(status=400, body={"error": {"message": "bad response_format"}}), "bad_request", "bad response_format"),
])
def test_http_failures_become_clear_errors(server: ScriptedOpenAI, reply: Reply, kind: str, words: str) -> None:
    server.queue(reply)
    with pytest.raises(AiError) as caught:
        client(server).chat(ChatRequest(MESSAGES, stream=True))
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert KEY not in str(caught.value)
    if kind == "rate_limited":
        assert caught.value.retry_after == 7


def test_a_server_that_hangs_times_out(server: ScriptedOpenAI) -> None:
    server.queue(Reply(hang=True))
    with pytest.raises(AiError) as caught:
        client(server, timeout=0.4).chat(ChatRequest(MESSAGES, stream=True))
    assert caught.value.kind == "timeout" and caught.value.retryable
    assert server.chat_requests()[0].client_closed.wait(3)


def test_a_connection_reset_mid_stream_is_reported(server: ScriptedOpenAI) -> None:
    server.queue(Reply("flowchart LR\n" + "  a --> b\n" * 40, reset_after=3))
    pieces: list[str] = []
    with pytest.raises(AiError) as caught:
        client(server).chat(ChatRequest(MESSAGES, stream=True), pieces.append)
    assert caught.value.kind == "connection" and pieces  # some text had arrived before the reset


def test_a_stream_that_stops_without_its_end_is_an_error(server: ScriptedOpenAI) -> None:
    server.queue(Reply("flowchart LR\n  a --> b", finish=False))
    with pytest.raises(AiError, match="ended before the reply was complete"):
        client(server).chat(ChatRequest(MESSAGES, stream=True))


@pytest.mark.parametrize("stream", [False, True])
def test_a_ten_megabyte_reply_is_cut_off(server: ScriptedOpenAI, stream: bool) -> None:
    server.queue(Reply("A" * 10_000_000, chunks=["A" * 100_000] * 100 if stream else None))
    with pytest.raises(AiError) as caught:
        client(server).chat(ChatRequest(MESSAGES, stream=stream))
    assert caught.value.kind == "too_large" and "2 MB" in caught.value.message
    assert server.chat_requests()[0].client_closed.wait(5)


def test_cancel_closes_the_connection_mid_stream(server: ScriptedOpenAI) -> None:
    server.queue(Reply("flowchart LR\n" + "  a --> b\n" * 200, chunk_delay=0.05))
    token = CancelToken()
    pieces: list[str] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 3:
            threading.Thread(target=token.cancel).start()

    started = time.monotonic()
    with pytest.raises(Cancelled):
        client(server).chat(ChatRequest(MESSAGES, stream=True), on_text, token)
    record = server.chat_requests()[0]
    assert record.client_closed.wait(3), "the server never saw the connection close"
    assert time.monotonic() - started < 5  # well before the 200 slow chunks would have finished
    assert len(pieces) < 50


def test_cancel_stops_a_request_waiting_on_a_silent_server(server: ScriptedOpenAI) -> None:
    server.queue(Reply(hang=True))
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    with pytest.raises(Cancelled):
        client(server, timeout=30).chat(ChatRequest(MESSAGES, stream=True), None, token)
    assert server.chat_requests()[0].client_closed.wait(3)


def test_a_cancelled_token_sends_nothing(server: ScriptedOpenAI) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        client(server).chat(ChatRequest(MESSAGES), None, token)
    assert server.chat_requests() == []


def test_azure_puts_deployment_and_version_in_the_url_and_the_key_in_api_key(server: ScriptedOpenAI) -> None:
    server.queue(Reply("flowchart LR\n  a --> b"))
    config = ProviderConfig(name="azure", kind="azure", base_url=server.root, azure_deployment="gpt4o-diagrams",
                            azure_api_version="2024-10-21")
    ChatClient(config, lambda: KEY).chat(ChatRequest(MESSAGES, stream=False))
    sent = server.chat_requests()[0]
    assert sent.path == "/openai/deployments/gpt4o-diagrams/chat/completions"
    assert sent.query == {"api-version": ["2024-10-21"]}
    assert sent.headers["api-key"] == KEY and "authorization" not in sent.headers


def test_backend_uses_the_signed_in_token_or_asks_to_sign_in(server: ScriptedOpenAI) -> None:
    config = ProviderConfig(name="AutoGraph", kind="backend", base_url=server.root)
    with pytest.raises(AiError, match="sign in to AutoGraph first") as caught:
        ChatClient(config, lambda: None).chat(ChatRequest(MESSAGES))
    assert caught.value.kind == "config" and server.chat_requests() == []
    server.queue(Reply("flowchart LR\n  a --> b"))
    ChatClient(config, lambda: "access-token-1").chat(ChatRequest(MESSAGES, stream=False))
    sent = server.chat_requests()[0]
    assert sent.path == "/v1/ai/chat/completions" and sent.headers["authorization"] == "Bearer access-token-1"


def test_json_schema_is_asked_only_of_providers_that_support_it(server: ScriptedOpenAI) -> None:
    schema = {"name": "x", "schema": {"type": "object"}}
    server.queue(Reply("{}"), Reply("{}"))
    client(server, structured_output=True).chat(ChatRequest(MESSAGES, json_schema=schema, stream=False))
    client(server).chat(ChatRequest(MESSAGES, json_schema=schema, stream=False))
    first, second = server.chat_requests()
    assert first.body["response_format"] == {"type": "json_schema", "json_schema": schema}
    assert "response_format" not in second.body


def test_test_connection_lists_models(server: ScriptedOpenAI) -> None:
    assert client(server).models() == ["scripted-model", "scripted-vision"]
    assert server.requests[-1].path == "/v1/models"


def test_a_key_is_never_sent_in_clear_to_a_remote_host() -> None:
    config = ProviderConfig(name="plain", base_url="http://gateway.example.com/v1", model="m")
    with pytest.raises(AiError, match="unencrypted"):
        ChatClient(config, lambda: KEY).chat(ChatRequest(MESSAGES))


def test_unusable_settings_are_explained_before_anything_is_sent() -> None:
    config = ProviderConfig(name="azure", kind="azure", base_url="https://YOUR-RESOURCE.openai.azure.com")
    with pytest.raises(AiError) as caught:
        ChatClient(config, lambda: KEY).chat(ChatRequest(MESSAGES))
    assert "YOUR-RESOURCE" in caught.value.message and "deployment" in caught.value.message


def test_nothing_listens_is_a_connection_error() -> None:
    config = ProviderConfig(name="local", kind="local", base_url="http://127.0.0.1:9/v1", model="m")
    with pytest.raises(AiError) as caught:
        ChatClient(config).chat(ChatRequest(MESSAGES))
    assert caught.value.kind == "connection" and caught.value.retryable


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ScriptedOpenAI, str]]:
    """An https server with a certificate of its own authority (as a company gateway would have)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server = ScriptedOpenAI(tls=(str(cert), str(key))).start()
    yield server, str(cert)
    server.stop()


def test_tls_is_verified_and_a_company_ca_bundle_is_accepted(tls_server: tuple[ScriptedOpenAI, str]) -> None:
    server, ca = tls_server
    untrusted = ChatClient(ProviderConfig(name="gw", base_url=server.url, model="m"), lambda: KEY)
    with pytest.raises(AiError, match="not trusted") as caught:
        untrusted.chat(ChatRequest(MESSAGES, stream=False))
    assert caught.value.kind == "config"
    server.queue(Reply("flowchart LR\n  a --> b"))
    trusted = ChatClient(ProviderConfig(name="gw", base_url=server.url, model="m", ca_bundle=ca), lambda: KEY)
    assert trusted.chat(ChatRequest(MESSAGES, stream=True)).text.startswith("flowchart")
    missing = ChatClient(ProviderConfig(name="gw", base_url=server.url, model="m", ca_bundle=ca + ".missing"))
    with pytest.raises(AiError, match="cannot use the CA bundle"):
        missing.chat(ChatRequest(MESSAGES))


def test_events_without_blank_lines_between_them_are_read(server: ScriptedOpenAI) -> None:
    events = [{"choices": [{"delta": {"content": piece}}]} for piece in ("flowchart LR\n", "  a --> b")]
    events.append({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    body = "".join(f"data: {json.dumps(e)}\n" for e in events) + "data: [DONE]\n"
    server.queue(Reply(body=body.encode(), headers={"Content-Type": "text/event-stream"}))
    reply = client(server).chat(ChatRequest(MESSAGES, stream=True))
    assert reply.text == "flowchart LR\n  a --> b" and reply.finish_reason == "stop"
