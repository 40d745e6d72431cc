"""Writing files safely: a crash or a full disk leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

#: Tries at a free temporary name before giving up (a clash needs another writer in the same folder).
_NAME_TRIES = 100


def _open_temp(folder: str) -> tuple[int, str]:
    """A new file beside the target, created 0666 minus the umask, as any new file of the user is."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_NAME_TRIES):
        tmp = os.path.join(folder, f".autograph-{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name in {folder}")


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then rename: a crash leaves old or new, never half.

    A new file gets the permissions the umask gives; replacing a file keeps that file's permissions.
    """
    folder = os.path.dirname(os.path.abspath(path))
    try:
        old_mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:  # no file yet (or none we may look at): a new file's permissions
        old_mode = None
    fd, tmp = _open_temp(folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if old_mode is not None:
                os.chmod(tmp, old_mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


__all__ = ["write_atomic"]
