"""Benchmark of the hosted backend: N simulated desktop clients pushing and pulling on loopback.

Each client is its own account with one diagram; a cycle is one push of 20 operations (adds, then moves of
what it added) and one pull after its cursor. Two loads per client count: closed loop (no pause: the
server's capacity) and paced (a pause of about a second per cycle: a fleet of desktops syncing). Against
PostgreSQL (2 uvicorn workers, Redis rate limits when Redis answers) and the embedded default (SQLite, 1
worker). The load generator is lean (raw keep-alive HTTP on asyncio, in 2 processes) and reports its own
CPU, since it shares the 2 cores with the server.

Usage: .venv/bin/python benchmarks/bench_server.py [--json] [--seconds 8] [--clients 10,50,200]
Needs PostgreSQL on 127.0.0.1:5432 (AUTOGRAPH_TEST_PG_URL); prints `name: value unit` lines, never pass/fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))
from _common import Figures
from server_support import FAST_HASHING, REDIS_URL, ServerProcess, postgres_database, redis_available

OPS_PER_PUSH = 20
PROCESSES = 2


class Connection:
    """One keep-alive HTTP/1.1 connection, written and parsed by hand (no client library overhead)."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = f"Host: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if body else ""
        self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)


async def _client(port: int, token: str, diagram: str, n: int, until: float, pause: float,
                  out: dict[str, list[float]]) -> None:
    conn = Connection(port, token)
    rng = random.Random(n)
    client_id = f"bench-{n}-{uuid.uuid4().hex[:8]}"  # each run is a new installation: its batches count from 1
    cursor = ""
    seq = 0
    ids: list[str] = []
    await asyncio.sleep(rng.random() * max(pause, 0.05))
    while time.perf_counter() < until:
        seq += 1
        if len(ids) < 200:
            new = [f"e{seq}-{i}" for i in range(OPS_PER_PUSH)]
            ops = [{"op": "add", "element": {"id": i, "kind": "shape", "z": "a0", "x": 0, "y": 0, "w": 100, "h": 60}}
                   for i in new]
            ids.extend(new)
        else:
            ops = [{"op": "update", "id": i, "before": {}, "after": {"x": rng.randint(0, 5000)}} for i in
                   rng.sample(ids, OPS_PER_PUSH)]
            for op in ops:
                op["before"] = {"x": op["after"]["x"] - 1}  # a stale before: an overwritten value each time
        body = json.dumps({"client_id": client_id, "client_seq": seq,
                           "diagrams": [{"diagram_id": diagram, "operations": ops}]}).encode()
        started = time.perf_counter()
        status, _ = await conn.request("POST", "/v1/sync/push", body)
        out["push" if status == 200 else f"status {status}"].append(time.perf_counter() - started)
        started = time.perf_counter()
        status, reply = await conn.request("GET", f"/v1/sync/pull?limit=500&cursor={cursor}" if cursor else
                                           "/v1/sync/pull?limit=500")
        out["pull" if status == 200 else f"status {status}"].append(time.perf_counter() - started)
        if status == 200:
            cursor = json.loads(reply)["cursor"]
        if pause:
            await asyncio.sleep(pause * (0.5 + rng.random()))


def _generator(args: tuple[int, list[tuple[str, str]], int, float, float]) -> dict[str, Any]:
    """One load process: its share of the clients on one event loop; latencies and its own CPU time."""
    port, accounts, first, seconds, pause = args
    out: dict[str, list[float]] = defaultdict(list)
    cpu = time.process_time()

    async def main() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, token, diagram, first + i, until, pause, out)
                               for i, (token, diagram) in enumerate(accounts)))

    asyncio.run(main())
    return {"push": out.pop("push", []), "pull": out.pop("pull", []), "failed": {k: len(v) for k, v in out.items()},
            "cpu": time.process_time() - cpu}


def _process_cpu(root: int) -> float:
    """CPU seconds of a process and its children (uvicorn workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _accounts(url: str, count: int) -> list[tuple[str, str]]:
    out = []
    with httpx.Client(base_url=url, timeout=60) as http:
        for i in range(count):
            session = http.post("/v1/auth/register", json={"email": f"bench-{i}-{uuid.uuid4().hex[:6]}@example.test",
                                                           "password": "benchmark password"},
                                headers={"X-Forwarded-For": f"198.18.{i // 250}.{i % 250 + 1}"}).json()
            token = session["access_token"]
            diagram = f"bench-{uuid.uuid4().hex[:10]}"
            http.put(f"/v1/diagrams/{diagram}", json={"meta": {"title": f"bench {i}"}},
                     headers={"Authorization": f"Bearer {token}"})
            out.append((token, diagram))
    return out


def _run(server: ServerProcess, accounts: list[tuple[str, str]], seconds: float, pause: float) -> dict[str, Any]:
    assert server.process is not None
    chunks = [accounts[i::PROCESSES] for i in range(PROCESSES)]
    server_cpu = _process_cpu(server.process.pid)
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        parts = pool.map(_generator, [(server.port, chunk, i * 1000, seconds, pause) for i, chunk in enumerate(chunks)])
    wall = time.perf_counter() - started
    latencies = sorted(x for p in parts for x in p["push"] + p["pull"])
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {"rps": len(latencies) / seconds, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "errors": sum(sum(p["failed"].values()) for p in parts),
            "statuses": sorted({k for p in parts for k in p["failed"]}), "gen_cpu": sum(p["cpu"] for p in parts) / wall,
            "server_cpu": (_process_cpu(server.process.pid) - server_cpu) / wall}


def _measure(figures: Figures, name: str, server: ServerProcess, clients: list[int], seconds: float) -> None:
    accounts = _accounts(server.url, max(clients))
    for n in clients:
        for mode, pause in (("closed", 0.0), ("paced", 1.0)):
            r = _run(server, accounts[:n], seconds, pause)
            prefix = f"{name}_{n}_clients_{mode}"
            figures.add(f"{prefix}_throughput", r["rps"], "req/s")
            figures.add(f"{prefix}_p50", r["p50"], "ms")
            figures.add(f"{prefix}_p95", r["p95"], "ms")
            figures.add(f"{prefix}_p99", r["p99"], "ms")
            figures.add(f"{prefix}_errors", r["errors"], "requests")
            if r["statuses"] and not figures.as_json:
                print(f"# {prefix}: failed requests answered {', '.join(r['statuses'])}")
            figures.add(f"{prefix}_server_cpu", r["server_cpu"] * 100, "% of a core")
            figures.add(f"{prefix}_generator_cpu", r["gen_cpu"] * 100, "% of a core")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", default="10,50,200")
    args = parser.parse_args()
    figures = Figures(["--json"] if args.json else [])
    clients = [int(c) for c in args.clients.split(",")]
    unlimited = {**FAST_HASHING, "RATE_USER_PER_MINUTE": "100000000", "RATE_IP_PER_MINUTE": "100000000",
                 "LOG_LEVEL": "WARNING", "DB_POOL_SIZE": "10"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with postgres_database("autograph_bench") as url:
            settings = {**unlimited, "DATABASE_URL": url, "BLOB_DIR": str(root / "blobs"),
                        "JWT_SECRET": "bench-" + "s" * 40, "REDIS_URL": REDIS_URL if redis_available() else "",
                        "REDIS_PREFIX": f"bench-{uuid.uuid4().hex[:6]}:"}
            server = ServerProcess(settings, root, name="bench-pg")
            subprocess.run([sys.executable, "-m", "autograph_server", "migrate"], env=server.env(), check=True,
                           capture_output=True)
            server.start("--workers", "2")
            try:
                figures.add("postgres_redis_rate_limits", 1.0 if settings["REDIS_URL"] else 0.0, "bool")
                _measure(figures, "postgres_2_workers", server, clients, args.seconds)
            finally:
                server.stop()
        embedded = ServerProcess(unlimited, root, data_dir=root / "embedded", name="bench-embedded")
        embedded.start()
        try:
            _measure(figures, "embedded_sqlite", embedded, clients, args.seconds)
        finally:
            embedded.stop()
    figures.done()


if __name__ == "__main__":
    main()
