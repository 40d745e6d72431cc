"""Crash-safety harness: a writer process saving in a loop, killed with SIGKILL at random moments.

`python scripts/crashcheck.py writer DB DIAGRAM SEED` edits and saves forever, printing
`pending <checksum>` before each commit and `ok <checksum>` after it returns. `run_kill_test` starts such
writers, kills each at a random point, and checks that the library opens, passes `integrity_check` and
holds exactly the last acknowledged state or the one that was in flight. A test tool, kept out of the
package: used by `tests/unit/store` and `scripts/kill_test.py`.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

from autograph_desktop.model import Diagram, Shape, edits, keys_between
from autograph_desktop.store.codec import content_checksum
from autograph_desktop.store.library import Library
from autograph_desktop.store.session import DocumentSession


@dataclass
class KillReport:
    kills: int = 0
    failures: list[str] = field(default_factory=list)
    #: How many kills found the in-flight state committed (the rest found the last acknowledged one).
    in_flight_committed: int = 0
    saves_acknowledged: int = 0
    seconds: float = 0.0


def _edit(session: DocumentSession, rng: random.Random, n: int) -> None:
    doc = session.doc
    ids = doc.ids()
    choice = rng.random()
    if choice < 0.5 and ids:
        session.history.execute(edits.move(doc, [rng.choice(ids)], rng.uniform(-20, 20), rng.uniform(-20, 20)))
    elif choice < 0.7 or len(ids) < 20:
        session.history.execute(edits.add(doc, Shape(text=f"added {n}", x=rng.uniform(0, 2000), y=0, w=80, h=40)))
    elif choice < 0.85:
        session.history.execute(edits.delete(doc, [rng.choice(ids)]))
    else:
        session.history.execute(edits.set_fields(doc, [rng.choice(ids)], text=f"text {n} " * rng.randint(1, 50)))


def writer(db: str, diagram_id: str, seed: int, out: TextIO | None = None) -> None:
    rng = random.Random(seed)
    library = Library.open(db, keep_backups=0)
    session = DocumentSession.open(library, diagram_id)
    out = out or sys.stdout
    out.write(f"ready {content_checksum(session.doc)}\n")
    out.flush()
    n = 0
    while True:
        n += 1
        for _ in range(rng.randint(1, 3)):
            _edit(session, rng, n)
        checksum = content_checksum(session.doc)
        out.write(f"pending {checksum}\n")
        out.flush()
        if n % 25 == 0:
            session.compact()  # exercise the snapshot path under kills too
        else:
            session.save()
        out.write(f"ok {checksum}\n")
        out.flush()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def run_kill_test(folder: Path, kills: int, seed: int = 1, max_delay: float = 0.25,
                  fork: bool = hasattr(os, "fork")) -> KillReport:
    """Start and SIGKILL `kills` writers in turn against one library in `folder`; report any violation.

    With `fork` (POSIX) each writer is a forked child of this process, which has already imported
    everything: a run costs the kill delay instead of a Python start-up. Otherwise each writer is a new
    interpreter (`python scripts/crashcheck.py writer ...`).
    """
    rng = random.Random(seed)
    db = folder / "killtest.sqlite3"
    with Library.open(db, keep_backups=0) as library:
        diagram_id = library.diagrams.create(_seed_diagram(), title="Kill test")
    report = KillReport()
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for i in range(kills):
        if fork:
            first, rest, errors = _forked_run(db, diagram_id, seed * 100_003 + i, rng.uniform(0, max_delay))
        else:
            first, rest, errors = _spawned_run(db, diagram_id, seed * 100_003 + i, rng.uniform(0, max_delay), env,
                                               folder / "writer-stderr.txt")
        if not first or first[0] != "ready":
            report.failures.append(f"run {i}: writer did not start: {errors[-500:]}")
            continue
        report.kills += 1
        acknowledged, in_flight = first[1], None
        seen: list[str] = [first[1]]
        for line in rest.splitlines():
            parts = line.split()
            if len(parts) != 2:
                continue  # the kill can cut the last line short
            seen.append(line)
            if parts[0] == "ok":
                acknowledged, in_flight = parts[1], None
                report.saves_acknowledged += 1
            elif parts[0] == "pending":
                in_flight = parts[1]
        problem = _verify(db, diagram_id, acknowledged, in_flight)
        if problem == "in-flight":
            report.in_flight_committed += 1
        elif problem is not None:
            report.failures.append(f"run {i}: {problem}; writer said {seen[-4:]}; stderr {errors[-800:]!r}")
    report.seconds = time.perf_counter() - started
    return report


def _read_after_kill(reader: IO[str], kill: Callable[[], None], delay: float) -> tuple[list[str], str]:
    first = reader.readline().split()
    if first and first[0] == "ready":
        time.sleep(delay)
    kill()
    # Read through the same buffered reader as `readline` did: lines it already buffered count too.
    return first, reader.read()


def _spawned_run(db: Path, diagram_id: str, seed: int, delay: float, env: dict[str, str],
                 err_path: Path) -> tuple[list[str], str, str]:
    with open(err_path, "wb") as err_file:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "writer", str(db),
                                 diagram_id, str(seed)], stdout=subprocess.PIPE, stderr=err_file, text=True, env=env)
        assert proc.stdout is not None
        first, rest = _read_after_kill(proc.stdout, lambda: proc.send_signal(signal.SIGKILL), delay)
        proc.stdout.close()
        proc.wait()
    return first, rest, err_path.read_text(errors="replace")


def _forked_run(db: Path, diagram_id: str, seed: int, delay: float) -> tuple[list[str], str, str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: never returns into the caller's code
        try:
            os.close(read_fd)
            writer(str(db), diagram_id, seed, os.fdopen(write_fd, "w"))
        finally:
            os._exit(1)
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        first, rest = _read_after_kill(reader, lambda: os.kill(pid, signal.SIGKILL), delay)
    os.waitpid(pid, 0)
    return first, rest, ""


def _verify(db: Path, diagram_id: str, acknowledged: str, in_flight: str | None) -> str | None:
    integrity = _integrity(db)
    if integrity != "ok":
        return f"integrity_check: {integrity}"
    with Library.open(db, keep_backups=0) as library:
        found = content_checksum(library.diagrams.load(diagram_id))
    if found == acknowledged:
        return None
    if in_flight is not None and found == in_flight:
        return "in-flight"
    return f"state {found[:12]} is neither the last acknowledged {acknowledged[:12]} nor the in-flight one"


def _seed_diagram() -> Diagram:
    keys = keys_between(None, None, 100)
    return Diagram(elements=[Shape(id=f"s{i}", x=i * 10.0, w=50, h=30, text=f"n{i}", z=keys[i]) for i in range(100)])


def counter_writer(db: str, rounds: int) -> None:
    """Increment a shared counter `rounds` times, read-modify-write inside one write transaction each."""
    from sqlalchemy import text

    with Library.open(db, keep_backups=0) as library:
        for _ in range(rounds):
            with library.write() as conn:
                row = conn.execute(text("SELECT value FROM settings WHERE key = 'counter'")).fetchone()
                value = int(row[0]) if row else 0
                conn.execute(text("INSERT INTO settings (key, value) VALUES ('counter', :v) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"v": str(value + 1)})
    print("done", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["writer"]:
        writer(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1:2] == ["counter"]:
        counter_writer(sys.argv[2], int(sys.argv[3]))
    else:
        print("usage: python scripts/crashcheck.py writer DB DIAGRAM SEED | counter DB ROUNDS",
              file=sys.stderr)
        sys.exit(2)
