"""A TCP proxy that speaks just enough HTTP/1.1 to misbehave on cue, for sync fault tests.

Each request is forwarded on a fresh upstream connection (`Connection: close`). Faults queue up per path
fragment and each applies to one matching request:
- `drop_before`: close the client's connection without forwarding (the server never sees it);
- `drop_after`: forward, let the server commit and answer, then close without replying;
- `duplicate`: send the request to the server twice, reply with the second answer;
- `stall`: wait `seconds` before forwarding (the client's timeout usually fires first);
- `hold_reply`: forward (the server commits), then wait `seconds` before replying;
- `garbage`: forward, then answer 200 with a body that is not JSON.
A fault with `skip=n` lets n matching requests through first.
`answered` lists the paths the server answered, so a test knows when a commit happened.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass
class Fault:
    kind: str
    path: str = "/v1/sync/push"
    seconds: float = 5.0
    skip: int = 0


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.faults: deque[Fault] = deque()
        self.seen: list[str] = []
        self.answered: list[str] = []
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def pending_faults(self) -> int:
        with self._lock:
            return len(self.faults)

    def _take(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path in path:
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    self.faults.remove(fault)
                    return fault
        return None

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            out = b""
            while chunk := up.recv(65536):
                out += chunk
            return out

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while True:
                try:
                    request = _read_request(conn)
                except OSError:
                    return
                if request is None:
                    return
                path = request.split(b" ", 2)[1].decode(errors="replace")
                self.seen.append(path)
                fault = self._take(path)
                try:
                    if fault is not None and fault.kind == "drop_before":
                        return
                    if fault is not None and fault.kind == "stall":
                        time.sleep(fault.seconds)
                    reply = self._forward(request)
                    if fault is not None and fault.kind == "duplicate":
                        reply = self._forward(request)
                    self.answered.append(path)
                    if fault is not None and fault.kind == "hold_reply":
                        time.sleep(fault.seconds)
                    if fault is not None and fault.kind == "drop_after":
                        return
                    if fault is not None and fault.kind == "garbage":
                        reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"
                                 b"<html>oops</html>")
                    head, sep, body = reply.partition(b"\r\n\r\n")
                    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
                    conn.sendall(b"\r\n".join([*lines, b"Connection: close"]) + sep + body)
                except OSError:
                    return
                return  # the reply said Connection: close

    def close(self) -> None:
        self._stop = True
        self._server.close()
