"""Sync through a misbehaving network and server: every fault ends with the clients converged and nothing
lost. The server runs on PostgreSQL and SeaweedFS; a TCP proxy sits between the clients and it."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from autograph_desktop.model import AddElement, Image, Shape, Transaction, edits
from autograph_desktop.sync.blobs import BlobCache
from autograph_desktop.sync.errors import Offline, ServerBusy, SyncError
from autograph_desktop.sync.thumbnails import pending_thumbnails
from tests.support.fault_proxy import Fault, FaultProxy
from tests.support.server_support import ServerProcess
from tests.support.sync_clients import PASSWORD, Client, make_client, new_email, sample


@pytest.fixture
def proxy(pg_server: ServerProcess) -> Iterator[FaultProxy]:
    p = FaultProxy(pg_server.port)
    yield p
    p.close()


def sync_until_done(client: Client, attempts: int = 6) -> None:
    """What the worker does: retry after a failure until a round succeeds."""
    for _ in range(attempts):
        try:
            client.engine.sync()
            return
        except SyncError:
            continue
    client.engine.sync()


@pytest.mark.parametrize("kind", ["drop_before", "drop_after", "duplicate", "stall"])
def test_a_faulty_push_is_retried_safely_and_the_clients_converge(
        kind: str, tmp_path: Path, proxy: FaultProxy, pg_server: ServerProcess) -> None:
    email = new_email()
    timeout = httpx.Timeout(1.0, connect=1.0)  # a 5 s stall outlasts it: the client gives up and retries
    a = make_client(tmp_path, "a", proxy.url, email, register=True, timeout=timeout)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        did = a.library.diagrams.create(sample("Faults"))
        a.edit(did, text="first")
        proxy.add(Fault(kind, seconds=5.0 if kind == "stall" else 0.0))
        if kind == "duplicate":
            a.engine.sync()  # the server sees the batch twice and applies it once
        else:
            with pytest.raises(Offline):
                a.engine.sync()
            assert a.library.outbox.pending_count() > 0  # nothing acknowledged, nothing lost
            a.engine.sync()  # the same batch again, under the same number
        assert proxy.pending_faults() == 0
        b.engine.sync()
        a.engine.sync()
        assert a.docs() == b.docs() and a.library.outbox.pending_count() == 0
        rows = pg_server.sql("SELECT count(*) FROM diagrams WHERE id = :d", d=did)
        assert rows[0][0] == 1
        first = sorted(b.library.diagrams.load(did), key=lambda e: e.id)[0]
        assert first.text == "first"
    finally:
        a.close()
        b.close()


def test_the_server_restarted_mid_sync(tmp_path: Path, pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        ids = [a.library.diagrams.create(sample(f"Restart {i}")) for i in range(3)]
        pg_server.stop()
        with pytest.raises(Offline):
            a.engine.sync()
        pg_server.start()
        a.engine.sync()
        b.engine.sync()
        assert set(ids) <= set(b.docs()) and a.docs() == b.docs()
    finally:
        if pg_server.process is None:
            pg_server.start()
        a.close()
        b.close()


def _cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUTOGRAPH_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "autograph_desktop", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_client_killed_mid_push_resends_the_same_batch_after_restart(
        tmp_path: Path, proxy: FaultProxy, pg_server: ServerProcess) -> None:
    from autograph_desktop.store import Library

    email = new_email()
    home = tmp_path / "killed"
    login = _cli(home, "sync", "login", "--server", proxy.url, "--email", email, "--register", stdin=PASSWORD + "\n")
    assert login.returncode == 0, login.stderr
    with Library.open(home / "data" / "library.sqlite3") as library:
        did = library.diagrams.create(sample("Killed", shapes=20))
    # The server commits the push, the reply is held back; the client is killed while it waits.
    proxy.add(Fault("hold_reply", path="/v1/sync/push", seconds=8.0))
    env = {**os.environ, "AUTOGRAPH_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    process = subprocess.Popen([sys.executable, "-m", "autograph_desktop", "sync", "now"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while "/v1/sync/push" not in proxy.answered and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    assert pg_server.sql("SELECT count(*) FROM diagrams WHERE id = :d", d=did)[0][0] == 1  # it did commit
    again = _cli(home, "sync", "now")
    assert again.returncode == 0, again.stderr
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        b.engine.sync()
        assert len(b.library.diagrams.load(did)) == 20
        status = _cli(home, "sync", "status", "--json")
        assert '"pending_operations": 0' in status.stdout
    finally:
        b.close()


def test_three_clients_with_random_edits_syncs_and_faults_converge(
        tmp_path: Path, proxy: FaultProxy, pg_server: ServerProcess) -> None:
    """Seeded (SYNC_SEED=n explores another run): edits, adds, deletes and renames on three clients, syncs
    at random with faults on push and pull; all end equal to each other and to the server."""
    rng = random.Random(int(os.environ.get("SYNC_SEED", "1313")))
    email = new_email()
    timeout = httpx.Timeout(1.0, connect=1.0)
    clients = [make_client(tmp_path, "c0", proxy.url, email, register=True, timeout=timeout)]
    clients += [make_client(tmp_path, f"c{i}", proxy.url, email, timeout=timeout) for i in (1, 2)]
    try:
        did = clients[0].library.diagrams.create(sample("Random", shapes=6))
        for c in clients:
            sync_until_done(c)
        for step in range(60):
            c = rng.choice(clients)
            action = rng.random()
            if action < 0.6:
                session = c.library.open_session(did)
                ids = sorted(e.id for e in session.doc)
                kind = rng.random()
                if kind < 0.6 and ids:
                    field = rng.choice([{"text": f"t{step}"}, {"x": float(step)}, {"y": float(-step)}])
                    session.execute(edits.set_fields(session.doc, [rng.choice(ids)], **field))
                elif kind < 0.8 or not ids:
                    session.execute(edits.add(session.doc, Shape(id=f"n{step}", x=float(step), w=10.0, h=10.0)))
                else:
                    session.execute(edits.delete(session.doc, [rng.choice(ids)]))
                session.close()
            elif action < 0.68:
                c.library.diagrams.rename(did, f"title {step}")
            else:
                if rng.random() < 0.3:
                    proxy.add(Fault(rng.choice(["drop_before", "drop_after", "duplicate"]),
                                    path=rng.choice(["/v1/sync/push", "/v1/sync/pull"])))
                with contextlib.suppress(SyncError):
                    c.engine.sync()
        proxy.faults.clear()
        for _ in range(2):
            for c in clients:
                sync_until_done(c)
        docs = [c.docs() for c in clients]
        assert docs[0] == docs[1] == docs[2]
        state = httpx.get(f"{pg_server.url}/v1/diagrams/{did}/state", headers={
            "Authorization": f"Bearer {clients[0].account.access_token()}"}).json()
        server = sorted((e["element"] for e in state["elements"] if not e["deleted"]), key=lambda e: e["id"])
        assert server == docs[0][did]["elements"]
    finally:
        for c in clients:
            c.close()


def test_unreadable_replies_are_retried_not_crashed_on(tmp_path: Path, proxy: FaultProxy,
                                                        pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", proxy.url, email, register=True)
    try:
        a.library.diagrams.create(sample("Garbage"))
        proxy.add(Fault("garbage", path="/v1/sync/push"))
        with pytest.raises(ServerBusy, match="could not be read"):
            a.engine.sync()
        proxy.add(Fault("garbage", path="/v1/sync/pull"))
        with pytest.raises(ServerBusy, match="could not be read"):
            a.engine.sync()
        a.engine.sync()
        assert a.library.outbox.pending_count() == 0
    finally:
        a.close()


def test_the_server_restarted_in_the_middle_of_a_paged_pull(tmp_path: Path, proxy: FaultProxy,
                                                             pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", proxy.url, email)
    b.engine.pull_page = 2
    b.engine.apply_every = 2  # apply (and store the cursor) page by page
    try:
        for i in range(6):
            a.library.diagrams.create(sample(f"Paged {i}"))
        a.engine.sync()
        proxy.add(Fault("stall", path="/v1/sync/pull", seconds=1.5, skip=1))
        failure: list[BaseException] = []

        def run() -> None:
            try:
                b.engine.sync()
            except BaseException as exc:
                failure.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 30
        while sum(p.startswith("/v1/sync/pull") for p in proxy.seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        pg_server.stop()  # the second page is held in the proxy while the server goes away
        worker.join(30)
        assert failure and isinstance(failure[0], Offline)
        assert len(b.library.diagrams.all()) < 6  # the first page was applied and its cursor kept
        pg_server.start()
        b.engine.sync()
        assert b.docs() == a.docs() and len(b.docs()) == 6
    finally:
        if pg_server.process is None:
            pg_server.start()
        a.close()
        b.close()


def test_a_paste_bigger_than_a_push_is_split_and_arrives_whole(tmp_path: Path, pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        did = a.library.diagrams.create(sample("Huge", shapes=1))
        session = a.library.open_session(did)
        shapes = [Shape(id=f"p{i}", x=float(i % 100) * 10, y=float(i // 100) * 10, w=8.0, h=8.0, z=f"b{i:05d}")
                  for i in range(6000)]
        session.execute(Transaction(tuple(AddElement(s) for s in shapes), "Paste"))
        session.close()
        a.engine.sync()
        b.engine.sync()
        assert len(b.library.diagrams.load(did)) == 6001
        assert a.library.outbox.pending_count() == 0
    finally:
        a.close()
        b.close()


def test_images_upload_by_hash_to_s3_and_download_lazily(tmp_path: Path, pg_server: ServerProcess) -> None:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    a.engine.blobs = BlobCache(tmp_path / "a" / "blobs")
    b.engine.blobs = BlobCache(tmp_path / "b" / "blobs")
    try:
        sha = a.engine.blobs.put(png, "image/png")
        doc = sample("Pictures", shapes=0)
        doc.insert(Image(id="img", w=64.0, h=64.0, sha256=sha, z="a0"))
        a.library.diagrams.create(doc)
        a.engine.sync()
        b.engine.sync()
        assert b.engine.blobs.get(sha) is None  # not fetched until shown
        assert b.engine.fetch_blob(sha) == png
        assert b.engine.blobs.get(sha) == (png, "image/png")
        assert b.engine.fetch_blob("0" * 64) is None and b.engine.fetch_blob("not a hash") is None
        (tmp_path / "b" / "blobs" / sha).write_bytes(b"tampered")  # a damaged cache is fetched again
        assert b.engine.fetch_blob(sha) == png
    finally:
        a.close()
        b.close()


def test_thumbnails_go_up_when_they_change_and_come_down_when_asked(tmp_path: Path,
                                                                     pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        doc = sample("Preview")
        did = a.library.diagrams.create(doc)
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(1024)
        a.library.diagrams.set_thumbnail(did, png)
        a.engine.sync()  # the diagram goes up, then its thumbnail (by hash, on S3)
        b.engine.sync()
        assert b.library.diagrams.thumbnail(did) is None  # not downloaded until a view asks
        assert b.engine.thumbnails.fetch(did) == png
        assert b.library.diagrams.thumbnail(did) == png
        assert b.library.outbox.pending_count() == 0 and not pending_thumbnails(b.library)  # not sent back
        assert b.engine.thumbnails.fetch("no-such-diagram") is None
    finally:
        a.close()
        b.close()
