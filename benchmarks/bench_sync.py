"""Sync figures over loopback with the embedded server (SQLite + blob folder, in a subprocess):

- first sync of a 1,000-diagram library (push from A, then a fresh B pulls it all), per diagram too;
- time from an edit saved on A to its appearance in B's library, both running background workers (p50/p95),
  beside one bare authorised request's round trip as the baseline of the same run;
- outbox growth while offline: bytes per operation over 10,000 edits saved one by one.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograph_desktop.model import Diagram, DiagramMeta, Shape, edits
from autograph_desktop.store import Library
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.engine import SyncEngine
from autograph_desktop.sync.tokens import FileTokens
from autograph_desktop.sync.worker import SyncWorker, Timing
from benchmarks._common import Figures

DIAGRAMS = 1000
LATENCY_SAMPLES = 30
OFFLINE_OPS = 10_000
PASSWORD = "benchmark password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "AUTOGRAPH_SERVER_ARGON2_TIME_COST": "1", "AUTOGRAPH_SERVER_ARGON2_MEMORY_KIB": "8192",
           "AUTOGRAPH_SERVER_RATE_USER_PER_MINUTE": "1000000", "AUTOGRAPH_SERVER_RATE_IP_PER_MINUTE": "1000000"}
    process = subprocess.Popen([sys.executable, "-m", "autograph_server", "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--data", str(folder / "server")], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the embedded server did not start")


def client(folder: Path, name: str, url: str, email: str, register: bool) -> tuple[Library, SyncEngine]:
    library = Library.open(folder / name / "library.sqlite3")
    account = Account(folder / name, FileTokens(folder / name / "token"))
    account.sign_in(url, email, PASSWORD, register=register)
    return library, SyncEngine(library, account)


def diagram(i: int, shapes: int = 5) -> Diagram:
    return Diagram(DiagramMeta(id=str(uuid.uuid4()), title=f"Diagram {i}"),
                   [Shape(id=f"s{j}", x=j * 120.0, w=100.0, h=60.0, text=f"box {j}", z=f"a{j}") for j in range(shapes)])


def main() -> None:
    figures = Figures()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server, url = start_server(folder)
        try:
            email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
            lib_a, eng_a = client(folder, "a", url, email, True)
            for i in range(DIAGRAMS):
                lib_a.diagrams.create(diagram(i))
            started = time.perf_counter()
            eng_a.sync()
            push = time.perf_counter() - started
            lib_b, eng_b = client(folder, "b", url, email, False)
            started = time.perf_counter()
            eng_b.sync()
            pull = time.perf_counter() - started
            assert len(lib_b.diagrams.all()) == DIAGRAMS
            figures.add("first_sync_push_1000_diagrams", push, "s")
            figures.add("first_sync_pull_1000_diagrams", pull, "s")
            figures.add("first_sync_per_diagram", (push + pull) / DIAGRAMS * 1000, "ms")

            started = time.perf_counter()
            for _ in range(20):
                eng_a.account.request("GET", "/v1/account")
            baseline = (time.perf_counter() - started) / 20
            figures.add("baseline_authorised_request", baseline * 1000, "ms")

            timing = Timing(interval=5.0, debounce=0.0, backoff_base=0.1, backoff_max=1.0)
            worker_a, worker_b = SyncWorker(eng_a, timing), SyncWorker(eng_b, Timing(interval=0.05, debounce=0.0))
            worker_a.start()
            worker_b.start()
            target = lib_a.diagrams.all()[0].id
            session = lib_a.open_session(target)
            latencies = []
            for n in range(LATENCY_SAMPLES):
                text = f"edit {n}"
                session.execute(edits.set_fields(session.doc, ["s0"], text=text))
                session.save()
                started = time.perf_counter()
                worker_a.changed()
                while lib_b.diagrams.load(target)["s0"].text != text:
                    time.sleep(0.002)
                latencies.append(time.perf_counter() - started)
            session.close()
            worker_a.stop()
            worker_b.stop()
            latencies.sort()
            figures.add("edit_to_appearance_p50", statistics.median(latencies) * 1000, "ms")
            figures.add("edit_to_appearance_p95", latencies[int(len(latencies) * 0.95) - 1] * 1000, "ms")
            figures.add("edit_to_appearance_p50_vs_request", statistics.median(latencies) / baseline, "x")
            lib_a.close()
            lib_b.close()
        finally:
            server.kill()
            server.wait()

        offline = Library.open(folder / "offline" / "library.sqlite3")
        did = offline.diagrams.create(diagram(0, shapes=50))
        offline.outbox.mark_pushed(offline.outbox.last_sequence())
        size_before = (folder / "offline" / "library.sqlite3").stat().st_size
        session = offline.open_session(did)
        started = time.perf_counter()
        for n in range(OFFLINE_OPS):
            session.execute(edits.set_fields(session.doc, [f"s{n % 50}"], text=f"offline {n}"))
            session.save()
        elapsed = time.perf_counter() - started
        session.close()
        entries = offline.outbox.batch(limit=OFFLINE_OPS * 2)
        payload = sum(len(str(e.op)) for e in entries)
        offline.db.engine.dispose()
        wal = folder / "offline" / "library.sqlite3-wal"
        size_after = (folder / "offline" / "library.sqlite3").stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        offline.close()
        figures.add("offline_outbox_entries", len(entries), "entries")
        figures.add("offline_outbox_payload_per_op", payload / OFFLINE_OPS, "bytes")
        figures.add("offline_library_growth_per_op", (size_after - size_before) / OFFLINE_OPS, "bytes")
        figures.add("offline_save_per_op", elapsed / OFFLINE_OPS * 1000, "ms")
    figures.done()


if __name__ == "__main__":
    main()
