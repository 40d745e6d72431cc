"""One provider's chat-completions endpoint over httpx: streaming (SSE) or not, with hard limits.

What comes back is treated as untrusted bytes: the reply is counted as it arrives and cut off past the
provider's size limit, server error texts are shortened, and a stream that ends without its final event
is an error rather than half a diagram. TLS is always verified (a company CA bundle may be added). The
key is put in a header and nowhere else: never in a log line, an error message or the usage log.
`transport` is the seam at the network boundary (tests use a real loopback server instead).
"""

from __future__ import annotations

import json
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import certifi
import httpx

from autograph_desktop.ai.cancel import CancelToken, run_cancellable
from autograph_desktop.ai.errors import AiError, short
from autograph_desktop.ai.providers import ProviderConfig
from autograph_desktop.logs import http_headers

log = logging.getLogger(__name__)

#: Error bodies are read up to this size for their message; the rest is dropped.
ERROR_BODY_LIMIT = 64 * 1024
SecretSource = Callable[[], str | None]
TextSink = Callable[[str], None]


@dataclass(slots=True)
class ChatRequest:
    """What to ask: OpenAI-style messages (text, or text and image parts) and the reply's form."""

    messages: list[dict[str, Any]]
    json_schema: dict[str, Any] | None = None
    stream: bool = True
    temperature: float | None = 0.2
    max_tokens: int | None = None


@dataclass(slots=True)
class ChatReply:
    text: str
    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    finish_reason: str = ""
    estimated_tokens: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def estimate_tokens(text: str) -> int:
    """About four characters per token, the usual rule for English and code."""
    return max(1, len(text) // 4) if text else 0


def estimate_request_tokens(messages: list[dict[str, Any]]) -> int:
    return estimate_tokens(_message_chars(messages))


def _message_chars(messages: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "".join(parts)


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from `Retry-After` (seconds or an HTTP date) or `retry-after-ms`."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(body: bytes) -> str:
    """The human part of an error body: OpenAI's `error.message`, FastAPI's `detail`, or the text."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return short(text, 200)
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and error.get("message"):
            return short(str(error["message"]), 200)
        if isinstance(error, str):
            return short(error, 200)
        if data.get("detail"):
            return short(str(data["detail"]), 200)
        if data.get("message"):
            return short(str(data["message"]), 200)
    return short(text, 200)


def http_error(provider: str, status: int, headers: httpx.Headers, body: bytes) -> AiError:
    """The AiError for a non-200 reply, worded for the user."""
    detail = _server_message(body)
    suffix = f": {detail}" if detail else ""
    if status in (401, 403):
        return AiError("auth", f"the provider refused the credentials (HTTP {status}){suffix}; check the API key",
                       provider, status=status)
    if status == 404:
        return AiError("not_found", f"not found (HTTP 404){suffix}; check the base URL and the model", provider,
                       status=status)
    if status == 408:
        return AiError("timeout", f"the provider timed out (HTTP 408){suffix}", provider, status=status)
    if status == 429:
        wait = parse_retry_after(headers)
        when = f"; retry after {wait:.0f} s" if wait is not None else ""
        return AiError("rate_limited", f"rate limited (HTTP 429){when}{suffix}", provider, status=status,
                       retry_after=wait)
    if status >= 500:
        return AiError("server_error", f"server error (HTTP {status}){suffix}", provider, status=status,
                       retry_after=parse_retry_after(headers))
    if 300 <= status < 400:
        where = headers.get("location", "")
        return AiError("config", f"the server redirects (HTTP {status}) to {short(where, 120)}; use that as the "
                       "base URL", provider, status=status)
    return AiError("bad_request", f"the provider rejected the request (HTTP {status}){suffix}", provider,
                   status=status)


@lru_cache(maxsize=8)
def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """Certificate checking always on: the public roots (certifi) plus the user's own CA bundle, if any.
    Built once per bundle (loading the roots takes tens of milliseconds)."""
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


class ChatClient:
    """Talks to one provider. Each call opens and closes its own connection (calls are seconds apart)."""

    def __init__(self, config: ProviderConfig, secret: SecretSource | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._secret = secret or (lambda: None)
        self._transport = transport

    @property
    def name(self) -> str:
        return self.config.name

    def _verify(self) -> ssl.SSLContext:
        try:
            return tls_context(self.config.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise AiError("config", f"cannot use the CA bundle {self.config.ca_bundle!r}: {exc}", self.name) from None

    def _client(self) -> httpx.AsyncClient:
        cfg = self.config
        timeout = httpx.Timeout(cfg.timeout, connect=min(cfg.connect_timeout, cfg.timeout))
        return httpx.AsyncClient(verify=self._verify(), timeout=timeout, follow_redirects=False,
                                 transport=self._transport)

    def _headers(self) -> dict[str, str]:
        problems = self.config.problems()
        if problems:
            raise AiError("config", "; ".join(problems), self.name)
        return {**http_headers(), "Accept": "application/json, text/event-stream",
                **self.config.headers(self._secret())}

    def body(self, request: ChatRequest, *, structured: bool | None = None) -> dict[str, Any]:
        cfg = self.config
        out: dict[str, Any] = {"messages": request.messages, "stream": request.stream}
        if cfg.model:
            out["model"] = cfg.model
        if request.temperature is not None:
            out["temperature"] = request.temperature
        if request.max_tokens is not None:
            out["max_tokens"] = request.max_tokens
        use_schema = cfg.supports_json_schema if structured is None else structured
        if request.json_schema is not None and use_schema:
            out["response_format"] = {"type": "json_schema", "json_schema": request.json_schema}
        if request.stream and cfg.preset.stream_usage:
            out["stream_options"] = {"include_usage": True}
        return out

    # ------------------------------------------------------------------ chat
    def chat(self, request: ChatRequest, on_text: TextSink | None = None, cancel: CancelToken | None = None,
             *, structured: bool | None = None) -> ChatReply:
        """Ask once; raises AiError (Cancelled when the token fires: the connection is closed at once)."""
        return run_cancellable(lambda: self.achat(request, on_text, structured=structured), cancel, self.name)

    async def achat(self, request: ChatRequest, on_text: TextSink | None = None, *,
                    structured: bool | None = None) -> ChatReply:
        headers = self._headers()
        body = self.body(request, structured=structured)
        url = self.config.chat_url()
        started = time.perf_counter()
        log.info("ai request", extra={"provider": self.name, "host": urlsplit(url).hostname or "",
                                      "model": self.config.model_name, "stream": request.stream})
        try:
            async with self._client() as client, client.stream("POST", url, json=body, headers=headers) as response:
                if response.status_code != 200:
                    raise http_error(self.name, response.status_code, response.headers,
                                     await self._read(response, ERROR_BODY_LIMIT, truncate=True))
                is_sse = "text/event-stream" in response.headers.get("content-type", "")
                if is_sse:
                    reply = await self._read_stream(response, on_text)
                else:
                    reply = self._parse_json(await self._read(response, self.config.max_reply_bytes))
                    if on_text is not None and reply.text:
                        on_text(reply.text)
        except httpx.TimeoutException as exc:
            raise AiError("timeout", f"no answer within {self.config.timeout:g} s ({type(exc).__name__})",
                          self.name) from None
        except httpx.ConnectError as exc:
            raise self._connect_error(exc) from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.CloseError) as exc:
            raise AiError("connection", f"the connection broke off mid-reply ({type(exc).__name__})",
                          self.name) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise AiError("config", f"the base URL is not usable: {exc}", self.name) from None
        reply.latency_ms = (time.perf_counter() - started) * 1000
        if reply.tokens_in == 0 and reply.tokens_out == 0:
            reply.tokens_in = estimate_tokens(_message_chars(request.messages))
            reply.tokens_out = estimate_tokens(reply.text)
            reply.estimated_tokens = True
        log.info("ai reply", extra={"provider": self.name, "model": reply.model, "tokens_in": reply.tokens_in,
                                    "tokens_out": reply.tokens_out, "latency_ms": round(reply.latency_ms, 1)})
        return reply

    def _connect_error(self, exc: httpx.ConnectError) -> AiError:
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return AiError("config", "the server's TLS certificate is not trusted; if your company uses its own "
                           "certificate authority, add its CA bundle in the provider settings", self.name)
        host = urlsplit(self.config.base_url).netloc
        return AiError("connection", f"cannot connect to {host} ({short(text, 120) or type(exc).__name__})",
                       self.name)

    async def _read(self, response: httpx.Response, limit: int, truncate: bool = False) -> bytes:
        data = bytearray()
        async for chunk in response.aiter_bytes():
            data.extend(chunk)
            if len(data) > limit:
                if truncate:
                    return bytes(data[:limit])
                raise self._too_large()
        return bytes(data)

    def _too_large(self) -> AiError:
        return AiError("too_large", f"the reply passed {self.config.max_reply_bytes / 1e6:g} MB and was stopped",
                       self.name)

    def _parse_json(self, raw: bytes) -> ChatReply:
        try:
            data = json.loads(raw)
        except ValueError:
            raise AiError("bad_reply", f"the reply is not JSON: {short(raw.decode('utf-8', 'replace'), 120)}",
                          self.name) from None
        if not isinstance(data, dict):
            raise AiError("bad_reply", "the reply is not a chat completion", self.name)
        choices = data.get("choices")
        message = choices[0].get("message") if isinstance(choices, list) and choices and isinstance(
            choices[0], dict) else None
        if not isinstance(message, dict):
            raise AiError("bad_reply", "the reply has no message (choices[0].message)", self.name)
        content = message.get("content")
        if content is None and message.get("refusal"):
            raise AiError("bad_reply", f"the model refused: {short(str(message['refusal']), 200)}", self.name)
        text = content if isinstance(content, str) else ""
        tokens_in, tokens_out = _usage(data.get("usage"))
        finish = str(choices[0].get("finish_reason") or "") if isinstance(choices, list) else ""
        return ChatReply(text, self.name, str(data.get("model") or self.config.model_name), tokens_in, tokens_out,
                         0.0, finish)

    async def _read_stream(self, response: httpx.Response, on_text: TextSink | None) -> ChatReply:
        """Server-sent events: `data: {chunk}` lines, events split by blank lines, `data: [DONE]` last."""
        limit = self.config.max_reply_bytes
        received = 0
        buffer = b""
        pieces: list[str] = []
        state: dict[str, Any] = {"done": False, "finish": "", "usage": (0, 0), "model": ""}
        event_lines: list[str] = []

        def dispatch() -> None:
            if not event_lines:
                return
            payload = "\n".join(event_lines)
            event_lines.clear()
            self._stream_event(payload, pieces, state, on_text)

        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > limit:
                raise self._too_large()
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw_line in lines:
                line = raw_line.decode("utf-8", "replace").rstrip("\r")
                if not line:
                    dispatch()
                elif line.startswith("data:"):
                    if event_lines and _complete("\n".join(event_lines)):
                        dispatch()  # a server that leaves out the blank line between events
                    event_lines.append(line[5:].lstrip(" "))
                # other fields (event:, id:, retry:) and comments (": keep-alive") carry nothing we need
            if state["done"]:
                break
        if buffer.strip().startswith(b"data:"):
            event_lines.append(buffer.decode("utf-8", "replace").strip()[5:].lstrip(" "))
        dispatch()
        if not state["done"] and not state["finish"]:
            raise AiError("connection", "the stream ended before the reply was complete", self.name)
        tokens_in, tokens_out = state["usage"]
        return ChatReply("".join(pieces), self.name, state["model"] or self.config.model_name, tokens_in,
                         tokens_out, 0.0, state["finish"])

    def _stream_event(self, payload: str, pieces: list[str], state: dict[str, Any],
                      on_text: TextSink | None) -> None:
        if payload.strip() == "[DONE]":
            state["done"] = True
            return
        try:
            data = json.loads(payload)
        except ValueError:
            raise AiError("bad_reply", f"a streamed event is not JSON: {short(payload, 80)}", self.name) from None
        if not isinstance(data, dict):
            return
        if data.get("error"):
            raise AiError("server_error", f"the provider reported an error mid-stream: "
                          f"{_server_message(json.dumps(data).encode())}", self.name)
        if data.get("model"):
            state["model"] = str(data["model"])
        if data.get("usage"):
            state["usage"] = _usage(data["usage"])
        for choice in data.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            delta = choice.get("delta") or {}
            text = delta.get("content") if isinstance(delta, dict) else None
            if isinstance(text, str) and text:
                pieces.append(text)
                if on_text is not None:
                    on_text(text)
            if choice.get("finish_reason"):
                state["finish"] = str(choice["finish_reason"])

    # ------------------------------------------------------------------ models ("Test connection")
    def models(self, cancel: CancelToken | None = None) -> list[str]:
        """The model ids the provider offers; proves the URL, the TLS setup and the key in one call."""
        return run_cancellable(self.amodels, cancel, self.name)

    async def amodels(self) -> list[str]:
        headers = self._headers()
        try:
            async with self._client() as client, client.stream("GET", self.config.models_url(),
                                                               headers=headers) as response:
                if response.status_code != 200:
                    raise http_error(self.name, response.status_code, response.headers,
                                     await self._read(response, ERROR_BODY_LIMIT, truncate=True))
                raw = await self._read(response, self.config.max_reply_bytes)
        except httpx.TimeoutException:
            raise AiError("timeout", f"no answer within {self.config.timeout:g} s", self.name) from None
        except httpx.ConnectError as exc:
            raise self._connect_error(exc) from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.CloseError) as exc:
            raise AiError("connection", f"the connection broke off ({type(exc).__name__})", self.name) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise AiError("config", f"the base URL is not usable: {exc}", self.name) from None
        try:
            data = json.loads(raw)
        except ValueError:
            raise AiError("bad_reply", "the model list is not JSON", self.name) from None
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            items = data.get("models") if isinstance(data, dict) else None  # Ollama's native shape
        if not isinstance(items, list):
            raise AiError("bad_reply", "the model list has no `data` array", self.name)
        ids = {str(m.get("id") or m.get("name") or "") for m in items if isinstance(m, dict)}
        return sorted(i for i in ids if i)


def _complete(payload: str) -> bool:
    if payload.strip() == "[DONE]":
        return True
    try:
        json.loads(payload)
    except ValueError:
        return False
    return True


def _usage(usage: Any) -> tuple[int, int]:
    if not isinstance(usage, dict):
        return 0, 0

    def number(key: str) -> int:
        value = usage.get(key)
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else 0

    return number("prompt_tokens"), number("completion_tokens")
