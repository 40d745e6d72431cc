"""The background sync worker: one thread that runs sync rounds so the GUI thread never waits on the network.

A round runs at start, shortly after a change (debounced, so a burst of edits is one round), on an
interval, and at once when the network comes back. Failures back off exponentially with full jitter (so
many clients do not return together), up to a cap; a 503/429's Retry-After is honoured. Listeners hear
each status change on the worker thread (a GUI re-posts it to its own thread).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from autograph_desktop.sync.engine import SyncEngine
from autograph_desktop.sync.errors import Offline, ServerBusy, SignInRequired, SyncError

Phase = Literal["signed_out", "syncing", "synced", "offline", "error", "sign_in"]


@dataclass(frozen=True)
class SyncStatus:
    phase: Phase
    reason: str = ""
    pending: int = 0
    #: ISO time of the last round that ended in sync.
    last_synced: str = ""

    @property
    def label(self) -> str:
        return {"signed_out": "Not signed in", "syncing": "Syncing…", "synced": "Synced", "offline": "Offline",
                "error": "Sync error", "sign_in": "Sign in again"}[self.phase]


@dataclass(frozen=True)
class Timing:
    interval: float = 60.0
    debounce: float = 1.0
    backoff_base: float = 1.0
    backoff_max: float = 300.0


def backoff_delay(failures: int, timing: Timing, rng: random.Random) -> float:
    """Full jitter: uniform in [base/2, min(cap, base * 2^failures)]."""
    ceiling = min(timing.backoff_max, timing.backoff_base * (2 ** max(0, failures - 1)))
    return rng.uniform(min(ceiling, timing.backoff_base / 2), ceiling)


class SyncWorker:
    def __init__(self, engine: SyncEngine, timing: Timing | None = None, rng: random.Random | None = None) -> None:
        self.engine = engine
        self.timing = timing or Timing()
        self._rng = rng or random.Random()
        self._cond = threading.Condition()
        self._due: float | None = None
        #: Set to stop the running thread; each start makes a new one, so a thread still finishing a round
        #: after `stop` can never keep running beside its successor.
        self._stop = threading.Event()
        self._failures = 0
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self.status = SyncStatus("signed_out" if engine.account.identity is None else "syncing")
        self.rounds = 0

    # ------------------------------------------------------------------ control (any thread)
    def start(self) -> None:
        with self._cond:
            if self._thread is not None:
                return
            self._stop = threading.Event()
            self._due = time.monotonic()
            self._thread = threading.Thread(target=self._run, args=(self._stop,), name="autograph-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the round in progress; wait for it up to `timeout` seconds (0: do not wait). A later
        round cannot overlap it: rounds take the library's round lock."""
        with self._cond:
            self._stop.set()
            self._cond.notify_all()
            thread = self._thread
            self._thread = None
        if thread is not None and timeout > 0:
            thread.join(timeout)

    def changed(self) -> None:
        """Something local changed: sync after the debounce (a burst of edits makes one round)."""
        self._schedule(self.timing.debounce, keep_backoff=True)

    def sync_now(self) -> None:
        """Run a round now (the user asked, the network came back, the user signed in): backoff is reset."""
        with self._cond:
            self._failures = 0
        self._schedule(0.0, keep_backoff=False)

    network_returned = sync_now

    def _schedule(self, delay: float, *, keep_backoff: bool) -> None:
        with self._cond:
            when = time.monotonic() + delay
            if keep_backoff and self._failures and self._due is not None:
                when = max(when, self._due)  # offline: an edit does not cut the backoff short
            if self._due is None or when < self._due or not keep_backoff:
                self._due = when
            self._cond.notify_all()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # ------------------------------------------------------------------ the thread
    def _run(self, stop: threading.Event) -> None:
        while True:
            with self._cond:
                while not stop.is_set() and (self._due is None or time.monotonic() < self._due):
                    timeout = None if self._due is None else max(0.0, self._due - time.monotonic())
                    self._cond.wait(timeout)
                if stop.is_set():
                    return
                self._due = None
            self._round(stop)

    def _round(self, stop: threading.Event) -> None:
        if stop is not self._stop:
            return
        account = self.engine.account
        if account.identity is None:
            self._set(SyncStatus("signed_out"))
            return
        if account.state == "sign_in_again":
            self._set(SyncStatus("sign_in", "the session ended; sign in again", self._pending()))
            return
        self._set(SyncStatus("syncing", "", self._pending(), self.status.last_synced))
        retry_after: float | None = None
        try:
            self.engine.sync()
        except SignInRequired as exc:
            self._set(SyncStatus("sign_in", str(exc), self._pending(), self.status.last_synced))
            return
        except (Offline, ServerBusy, SyncError) as exc:
            with self._cond:
                self._failures += 1
                failures = self._failures
            phase: Phase = "offline" if isinstance(exc, Offline) else "error"
            if isinstance(exc, ServerBusy):
                retry_after = exc.retry_after
            self.engine.log.add("error", f"sync failed: {exc}")
            self._set(SyncStatus(phase, str(exc), self._pending(), self.status.last_synced))
            delay = backoff_delay(failures, self.timing, self._rng)
            self._schedule(max(delay, retry_after or 0.0), keep_backoff=False)
            return
        except Exception as exc:  # a bug must not kill the worker: report it and back off like a failure
            with self._cond:
                self._failures += 1
                failures = self._failures
            self.engine.log.add("error", f"sync failed unexpectedly: {type(exc).__name__}: {exc}")
            self._set(SyncStatus("error", f"{type(exc).__name__}: {exc}", self._pending(), self.status.last_synced))
            self._schedule(backoff_delay(failures, self.timing, self._rng), keep_backoff=False)
            return
        finally:
            self.rounds += 1
        with self._cond:
            self._failures = 0
        pending = self._pending()
        now = self.engine.library.clock()
        if pending:  # edits arrived during the round: go again soon
            self._set(SyncStatus("syncing", "", pending, now))
            self._schedule(self.timing.debounce, keep_backoff=False)
        else:
            self._set(SyncStatus("synced", "", 0, now))
            self._schedule(self.timing.interval, keep_backoff=True)

    def _pending(self) -> int:
        try:
            return self.engine.pending()
        except Exception:
            return 0

    def _set(self, status: SyncStatus) -> None:
        if self._stop.is_set():
            return  # a round that ends after `stop` (sign-out, closing) has nothing more to say
        self.status = status
        for listener in list(self._listeners):
            listener(status)
