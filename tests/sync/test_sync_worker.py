"""The background worker: syncs on start and after changes, goes offline and comes back, backs off."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from autograph_desktop.sync.worker import SyncStatus, SyncWorker, Timing, backoff_delay
from tests.support.server_support import ServerProcess
from tests.support.sync_clients import make_client, new_email, sample

QUICK = Timing(interval=0.5, debounce=0.05, backoff_base=0.1, backoff_max=0.4)


def wait_until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def test_backoff_grows_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    timing = Timing(backoff_base=1.0, backoff_max=30.0)
    delays = [[backoff_delay(n, timing, rng) for _ in range(200)] for n in (1, 3, 6, 12)]
    assert all(0.5 <= d <= 1.0 for d in delays[0]) and all(d <= 30.0 for d in delays[3])
    assert max(delays[1]) <= 4.0 < max(delays[2]) and len({round(d, 3) for d in delays[2]}) > 100


def test_the_worker_syncs_edits_goes_offline_and_comes_back(tmp_path: Path, sync_tmp: Path) -> None:
    server = ServerProcess({"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "8192", "ARGON2_PARALLELISM": "1"},
                           sync_tmp, data_dir=tmp_path / "server", name="worker")
    server.start()
    email = new_email()
    a = make_client(tmp_path, "a", server.url, email, register=True)
    b = make_client(tmp_path, "b", server.url, email)
    worker_a, worker_b = SyncWorker(a.engine, QUICK), SyncWorker(b.engine, QUICK)
    seen: list[SyncStatus] = []
    worker_a.subscribe(seen.append)
    try:
        worker_a.start()
        worker_b.start()
        did = a.library.diagrams.create(sample("Live"))
        worker_a.changed()
        wait_until(lambda: b.library.diagrams.exists(did))
        wait_until(lambda: worker_a.status.phase == "synced")
        server.stop()
        a.edit(did, text="made offline")
        worker_a.changed()
        wait_until(lambda: worker_a.status.phase == "offline" and worker_a.status.pending > 0)
        assert "could not be reached" in worker_a.status.reason
        server.start()
        worker_a.network_returned()
        wait_until(lambda: worker_a.status.phase == "synced")
        wait_until(lambda: sorted(b.library.diagrams.load(did), key=lambda e: e.id)[0].text == "made offline")
        phases = [s.phase for s in seen]
        assert phases.index("syncing") < phases.index("synced") < phases.index("offline")
    finally:
        worker_a.stop()
        worker_b.stop()
        a.close()
        b.close()
        server.stop()
