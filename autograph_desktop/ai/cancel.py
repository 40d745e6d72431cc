"""A Cancel button that really stops a request: cancelling the asyncio task closes the HTTP connection.

Each provider call runs in its own short asyncio loop on the calling (worker) thread. `CancelToken.cancel`
may be called from any thread (the GUI's): it cancels the running task through its loop, which makes
httpx close the socket at once even while waiting for a server that sends nothing, and it wakes any
wait between retries.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from autograph_desktop.ai.errors import Cancelled

T = TypeVar("T")


class CancelToken:
    """Shared between the thread doing the work and the one that may cancel it."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._running: tuple[asyncio.AbstractEventLoop, asyncio.Task[object]] | None = None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            if self._running is not None:
                loop, task = self._running
                if not loop.is_closed():
                    loop.call_soon_threadsafe(task.cancel)

    def check(self, provider: str = "") -> None:
        """Raise `Cancelled` if the user has cancelled (called between the steps of a pipeline)."""
        if self._event.is_set():
            raise Cancelled(provider)

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True (at once) when cancelled meanwhile."""
        return self._event.wait(max(0.0, seconds))

    @contextmanager
    def attach(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[object]) -> Iterator[None]:
        with self._lock:
            if self._event.is_set():
                raise Cancelled()
            self._running = (loop, task)
        try:
            yield
        finally:
            with self._lock:
                self._running = None


def run_cancellable(work: Callable[[], Awaitable[T]], cancel: CancelToken | None, provider: str = "") -> T:
    """Run `work()` in a fresh event loop on this thread; raises `Cancelled` when the token fires.

    `work` is a factory so that no coroutine is created when the token was cancelled before the start.
    """
    token = cancel or CancelToken()

    async def main() -> T:
        task = asyncio.current_task()
        assert task is not None
        with token.attach(asyncio.get_running_loop(), task):  # type: ignore[arg-type]
            return await work()

    try:
        return asyncio.run(main())
    except asyncio.CancelledError:
        raise Cancelled(provider) from None
    except Cancelled as exc:
        exc.provider = exc.provider or provider
        raise
