"""A real HTTP server on loopback that speaks the OpenAI chat-completions protocol, replying from a script.

Tests (and benchmarks) queue `Reply` objects; each POST to any `.../chat/completions` path (OpenAI style
`/v1/chat/completions`, Azure style `/openai/deployments/<name>/chat/completions?api-version=...`, the
AutoGraph backend's `/v1/ai/chat/completions`) takes the next one. A reply can be plain JSON or a
server-sent-event stream (as the request asks, or forced), and can be slow, fail with any status and
headers (e.g. 429 with Retry-After), hang until the client goes away, or reset the connection mid-stream.
`GET .../models` lists `models`. Every request is recorded with its headers and body, and whether the
client closed the connection before the reply ended, so tests can check where keys went, the fallback
order and that Cancel really closed the socket.

Use it as a context manager, or `start()`/`stop()` from a fixture finalizer; `stop()` also releases
replies that are hanging.
"""

from __future__ import annotations

import json
import select
import socket
import ssl
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One scripted answer. `content` is the assistant's text; `stream` None follows the request."""

    content: str | None = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    stream: bool | None = None
    chunks: list[str] | None = None  # how a streamed content is split (default: pieces of ~40 chars)
    delay: float = 0.0  # before the status line
    chunk_delay: float = 0.0  # between streamed events
    hang: bool = False  # send nothing until the client disconnects (or the server stops)
    reset_after: int | None = None  # streamed events sent before an abrupt TCP reset
    body: bytes | dict[str, Any] | None = None  # a raw body instead of a completion (errors, junk)
    usage: tuple[int, int] | None = (120, 80)
    model: str = "scripted-model"
    finish: bool = True  # send finish_reason and [DONE] at the end of a stream


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    client_closed: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []

    def text(self) -> str:
        """Everything the client sent, headers and body, as one string (for "the key never left" checks)."""
        return json.dumps({"headers": self.headers, "body": self.body, "path": self.path, "query": self.query})


class ScriptedOpenAI:
    """The server. `script` is consumed in order; when it is empty, chat requests get a 500."""

    def __init__(self, models: tuple[str, ...] = ("scripted-model", "scripted-vision"),
                 tls: tuple[str, str] | None = None) -> None:
        """`tls` = (certificate file, key file) serves https instead of http."""
        self.tls = tls
        self.script: list[Reply] = []
        self.models = list(models)
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL for OpenAI-style clients (ends in /v1)."""
        return f"{self.root}/v1"

    @property
    def root(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> ScriptedOpenAI:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="scripted-openai",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None

    def __enter__(self) -> ScriptedOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ scripting
    def queue(self, *replies: Reply | str) -> None:
        with self._lock:
            self.script.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def reset(self) -> None:
        """Forget the script and the record (between tests sharing one server)."""
        with self._lock:
            self.script.clear()
            self.requests.clear()

    def chat_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next(self) -> Reply:
        with self._lock:
            return self.script.pop(0) if self.script else Reply(status=500, body={"error": {"message": "script empty"}})

    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.requests.append(rec)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[Recorded]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.chat_requests()
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} chat requests, got {len(self.chat_requests())}")


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (a cancelled request, a reply cut off at its size limit) are expected here."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, OSError)):
            super().handle_error(request, client_address)


def completion(content: str | None, model: str, usage: tuple[int, int] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }
    if usage is not None:
        body["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                         "total_tokens": usage[0] + usage[1]}
    return body


def _pieces(text: str, size: int = 40) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start:start + size]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_owner: ScriptedOpenAI

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the record instead."""

    # ------------------------------------------------------------------ routing
    def _recorded(self, body: Any) -> Recorded:
        parts = urlsplit(self.path)
        rec = Recorded(self.command, parts.path, parse_qs(parts.query),
                       {k.lower(): v for k, v in self.headers.items()}, body)
        self.server_owner._record(rec)
        return rec

    def do_GET(self) -> None:
        rec = self._recorded(None)
        if rec.path.endswith("/models"):
            data = {"object": "list", "data": [{"id": m, "object": "model"} for m in self.server_owner.models]}
            self._send_json(200, data, {})
        else:
            self._send_json(404, {"error": {"message": f"no route {rec.path}"}}, {})
        rec.finished.set()

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        rec = self._recorded(body)
        if not rec.path.endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {rec.path}"}}, {})
            rec.finished.set()
            return
        reply = self.server_owner._next()
        try:
            self._answer(rec, reply, bool(isinstance(body, dict) and body.get("stream")))
        except (BrokenPipeError, ConnectionResetError):
            rec.client_closed.set()
        finally:
            rec.finished.set()

    # ------------------------------------------------------------------ answers
    def _client_gone(self) -> bool:
        """Whether the client closed its end (readable with no data means EOF)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable or isinstance(self.connection, ssl.SSLSocket):
                return False  # (TLS records cannot be peeked at; the TLS tests need no hang detection)
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _sleep(self, seconds: float, rec: Recorded) -> bool:
        """Wait, watching for the client going away; False (and marks it) if it did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.server_owner._stopping.is_set():
            if self._client_gone():
                rec.client_closed.set()
                return False
            time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))
        return True

    def _answer(self, rec: Recorded, reply: Reply, wants_stream: bool) -> None:
        if reply.delay and not self._sleep(reply.delay, rec):
            return
        if reply.hang:
            while not self.server_owner._stopping.is_set():
                if not self._sleep(0.05, rec):
                    return
            return
        if reply.status != 200 or reply.body is not None:
            self._send_json(reply.status, reply.body if reply.body is not None else {"error": {"message": "scripted"}},
                            reply.headers)
            return
        streaming = wants_stream if reply.stream is None else reply.stream
        if not streaming:
            self._send_json(200, completion(reply.content, reply.model, reply.usage), reply.headers)
            return
        self._stream(rec, reply)

    def _send_json(self, status: int, data: bytes | dict[str, Any], headers: dict[str, str]) -> None:
        payload = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.send_response(status)
        if not any(k.lower() == "content-type" for k in headers):
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream(self, rec: Recorded, reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        content = reply.content or ""
        pieces = reply.chunks if reply.chunks is not None else list(_pieces(content))
        events: list[dict[str, Any]] = [
            {"id": "c", "object": "chat.completion.chunk", "model": reply.model,
             "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
            for piece in pieces]
        if reply.finish:
            events.append({"id": "c", "object": "chat.completion.chunk", "model": reply.model,
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if reply.usage is not None:
                events.append({"id": "c", "object": "chat.completion.chunk", "model": reply.model, "choices": [],
                               "usage": {"prompt_tokens": reply.usage[0], "completion_tokens": reply.usage[1]}})
        for n, event in enumerate(events):
            if reply.reset_after is not None and n >= reply.reset_after:
                self._reset()
                return
            if n and reply.chunk_delay and not self._sleep(reply.chunk_delay, rec):
                return
            self._chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
        if reply.finish:
            self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), as a crashed proxy would."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
