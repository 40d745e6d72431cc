"""Autosave under SIGKILL: an editor process edits a library diagram as the GUI does, and is killed.

The editor (`python scripts/autosave_kill.py editor DB DIAGRAM SEED EDIT_SECONDS TICK_SECONDS`) opens a
`DocumentSession`, executes edits through `session.history` (the canvas's path) every 20-80 ms and calls
`session.tick()` on a fixed timer, as the window's autosave timer does; it never calls `save` itself. It
prints `edit <n> <checksum>` after each edit and `last <n>` when it stops editing (then only ticks).

`run_autosave_kill` kills editors in two ways: one second after the last edit (that edit must be in the
library when it is reopened), and in the middle of continuous editing (every edit made a second or more
before the kill must be in it). A test tool, kept out of the package: used by
`tests/unit/store/test_store_autosave.py` and `scripts/kill_test.py --autosave`.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from autograph_desktop.model import Diagram, Shape, edits, keys_between
from autograph_desktop.store import DocumentSession, Library
from autograph_desktop.store.codec import content_checksum

#: The promise under test: an edit is in the library this long after it was made.
PROMISE_SECONDS = 1.0
#: The GUI's autosave timer as it was before `DocumentSession.tick_interval` (the slowest supported).
GUI_TICK_SECONDS = 0.5
#: An editor that says nothing for this long is reported as stuck.
STUCK_SECONDS = 30.0


@dataclass
class AutosaveKillReport:
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    #: Edits reported before each kill, summed (shows the editors really were editing).
    edits: int = 0
    #: Per mid-edit kill: how long before the kill the newest edit found in the library was reported.
    newest_saved_age: list[float] = field(default_factory=list)
    seconds: float = 0.0


def _edit(session: DocumentSession, rng: random.Random, n: int) -> None:
    """One user edit through the undo history; each leaves a distinct document (its text names `n`)."""
    doc = session.doc
    ids = doc.ids()
    choice = rng.random()
    if choice < 0.6 and ids:
        session.history.execute(edits.set_fields(doc, [rng.choice(ids)], text=f"edit {n}"))
    elif choice < 0.8 or not ids:
        session.history.execute(edits.add(doc, Shape(text=f"added {n}", x=rng.uniform(0, 900), y=0, w=80, h=40)))
    else:
        moved = rng.choice(ids)
        session.history.execute(edits.move(doc, [moved], 1.0 + n, 0.0))


def editor(db: str, diagram_id: str, seed: int, edit_seconds: float, tick_seconds: float, out: TextIO) -> None:
    """Edit for `edit_seconds`, ticking every `tick_seconds` (timer phase random), then only tick, forever."""
    rng = random.Random(seed)
    library = Library.open(db, keep_backups=0)
    session = DocumentSession.open(library, diagram_id)
    out.write(f"ready {content_checksum(session.doc)}\n")
    out.flush()
    start = time.monotonic()
    next_tick = start + rng.uniform(0.0, tick_seconds)
    next_edit, stop = start, start + edit_seconds
    n, editing = 0, True
    while True:
        now = time.monotonic()
        if now >= next_tick:
            session.tick()
            while next_tick <= now:  # a late timer fires once, like a QTimer
                next_tick += tick_seconds
        if editing and now >= stop:
            editing = False
            out.write(f"last {n}\n")
            out.flush()
        if editing and now >= next_edit:
            n += 1
            _edit(session, rng, n)
            out.write(f"edit {n} {content_checksum(session.doc)}\n")
            out.flush()
            next_edit = now + rng.uniform(0.02, 0.08)
        wake = min(next_tick, next_edit) if editing else next_tick
        time.sleep(max(0.0, wake - time.monotonic()))


def _seed_diagram() -> Diagram:
    keys = keys_between(None, None, 12)
    return Diagram(elements=[Shape(id=f"s{i}", x=i * 100.0, w=80, h=40, text=f"start {i}", z=keys[i])
                             for i in range(12)])


@dataclass
class _Run:
    lines: list[tuple[float, list[str]]] = field(default_factory=list)
    killed_at: float = 0.0


def _watch(fd: int, kill: Callable[[], None], mode: str, kill_after: float) -> _Run:
    """Read the editor's lines (stamped on arrival) and kill it at the right moment; then drain."""
    run, buffer, deadline = _Run(), b"", None
    while True:
        timeout = STUCK_SECONDS if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break  # the editor died on its own
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            for raw in complete:
                parts = raw.decode(errors="replace").split()
                run.lines.append((time.monotonic(), parts))
                if parts and parts[0] == "ready" and mode == "mid-edit":
                    deadline = time.monotonic() + kill_after
                if parts and parts[0] == "last" and mode == "after-last":
                    edit_times = [t for t, p in run.lines if p and p[0] == "edit"]
                    deadline = (edit_times[-1] if edit_times else time.monotonic()) + PROMISE_SECONDS
        elif deadline is None:
            break  # silent for STUCK_SECONDS: the editor is stuck; the caller reports it
        if deadline is not None and time.monotonic() >= deadline:
            run.killed_at = time.monotonic()
            kill()
            deadline = None
            while chunk := os.read(fd, 65536):
                buffer += chunk
            for raw in buffer.split(b"\n"):
                if raw:
                    run.lines.append((run.killed_at + 1.0, raw.decode(errors="replace").split()))
            break
    return run


def _one(db: Path, diagram_id: str, seed: int, mode: str, fork: bool, tick: float) -> _Run:
    rng = random.Random(seed)
    edit_seconds = rng.uniform(0.4, 1.2) if mode == "after-last" else 60.0
    kill_after = rng.uniform(1.3, 2.2)
    if fork:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the editor: never returns into the caller's code
            try:
                os.close(read_fd)
                editor(str(db), diagram_id, seed, edit_seconds, tick, os.fdopen(write_fd, "w"))
            finally:
                os._exit(1)
        os.close(write_fd)
        try:
            return _watch(read_fd, lambda: os.kill(pid, signal.SIGKILL), mode, kill_after)
        finally:
            os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid is still this child's
            os.waitpid(pid, 0)
            os.close(read_fd)
    args = [sys.executable, str(Path(__file__).resolve()), "editor", str(db), diagram_id, str(seed),
            str(edit_seconds), str(tick)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    try:
        return _watch(proc.stdout.fileno(), lambda: proc.send_signal(signal.SIGKILL), mode, kill_after)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def run_autosave_kill(folder: Path, runs: int, seed: int = 1, fork: bool = hasattr(os, "fork"),
                      tick: float = GUI_TICK_SECONDS) -> AutosaveKillReport:
    """Alternate after-last-edit and mid-edit kills against one library in `folder`; report violations."""
    db = folder / "autosave-kill.sqlite3"
    with Library.open(db, keep_backups=0) as library:
        diagram_id = library.diagrams.create(_seed_diagram(), title="Autosave kill test")
    report = AutosaveKillReport()
    started = time.perf_counter()
    for i in range(runs):
        mode = "after-last" if i % 2 == 0 else "mid-edit"
        run = _one(db, diagram_id, seed * 1_000_003 + i, mode, fork, tick)
        problem = _verify(db, diagram_id, run, mode, report)
        report.runs += 1
        if problem is not None:
            report.failures.append(f"run {i} ({mode}): {problem}")
    report.seconds = time.perf_counter() - started
    return report


def _verify(db: Path, diagram_id: str, run: _Run, mode: str, report: AutosaveKillReport) -> str | None:
    if not run.killed_at:
        return f"the editor stopped before the kill; it said {[p for _, p in run.lines][-3:]}"
    index: dict[str, int] = {}
    reported: dict[int, float] = {}
    for at, parts in run.lines:
        if len(parts) == 2 and parts[0] == "ready":
            index[parts[1]] = 0
        elif len(parts) == 3 and parts[0] == "edit":
            index[parts[2]] = int(parts[1])
            reported[int(parts[1])] = at
    before_kill = [n for n, at in reported.items() if at <= run.killed_at]
    report.edits += len(before_kill)
    if not before_kill:
        return "the editor made no edit before the kill"
    with Library.open(db, keep_backups=0) as library:
        if library.integrity_check() != ["ok"]:
            return f"integrity_check: {library.integrity_check()}"
        found = index.get(content_checksum(library.diagrams.load(diagram_id)))
    if found is None:
        return "the library holds a state the editor never reported"
    if mode == "after-last":
        last = max(before_kill)
        return None if found == last else f"the last edit ({last}) is missing; the library holds edit {found}"
    due = [n for n, at in reported.items() if at <= run.killed_at - PROMISE_SECONDS]
    if found:
        report.newest_saved_age.append(run.killed_at - reported[found])
    if due and found < max(due):
        return (f"edit {max(due)} was made {run.killed_at - reported[max(due)]:.2f} s before the kill but the "
                f"library holds only edit {found}")
    return None


if __name__ == "__main__":
    if sys.argv[1:2] == ["editor"]:
        editor(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.stdout)
    else:
        print("usage: python scripts/autosave_kill.py editor DB DIAGRAM SEED EDIT_SECONDS TICK_SECONDS",
              file=sys.stderr)
        sys.exit(2)
