"""One sync round at a time per library file, across processes (the editor and `autograph sync now`).

Two rounds at once would hand out the same batch number twice. An advisory lock on a file beside the
library (flock on POSIX, msvcrt on Windows) is released by the OS if the process dies, so a crash never
leaves it stuck.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from autograph_desktop.sync.errors import ServerBusy


class RoundLock:
    def __init__(self, library_path: Path, wait: float = 0.0) -> None:
        self.path = library_path.with_name(library_path.name + ".sync-lock")
        self.wait = wait
        self._fd: int | None = None

    def _try(self, fd: int) -> bool:
        if sys.platform == "win32":
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            return True
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def __enter__(self) -> RoundLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.wait
        while not self._try(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise ServerBusy("another AutoGraph window or command is syncing this library", retry_after=1.0)
            time.sleep(0.05)
        self._fd = fd
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform == "win32":
            import msvcrt

            with contextlib.suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)  # closing releases a flock
