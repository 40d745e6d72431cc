"""`fileio.write_atomic`: permissions follow the umask, data and folder are fsynced, a failure keeps the old file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograph_desktop.fileio import write_atomic

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def umask() -> Iterator[None]:
    """Restores the process umask whatever the test sets."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_permissions_of_the_umask(tmp_path: Path, umask: None, mask: int, expected: int) -> None:
    os.umask(mask)
    target = tmp_path / "export.svg"
    write_atomic(str(target), b"<svg/>")
    assert target.read_bytes() == b"<svg/>" and _mode(target) == expected


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path, umask: None) -> None:
    os.umask(0o022)
    target = tmp_path / "shared.autograph"
    target.write_bytes(b"old")
    target.chmod(0o660)
    write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o660
    assert [p.name for p in tmp_path.iterdir()] == ["shared.autograph"]


def test_the_data_and_the_folder_are_fsynced_before_and_after_the_rename(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[tuple[bool, int, bool]] = []  # (a folder?, inode, target in place yet?)
    real_fsync = os.fsync
    target = tmp_path / "out.png"

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((stat.S_ISDIR(info.st_mode), info.st_ino, target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(str(target), b"\x89PNG data")
    assert len(synced) == 2
    (file_is_dir, file_inode, placed_before), (dir_is_dir, dir_inode, placed_after) = synced
    assert not file_is_dir and file_inode == target.stat().st_ino and not placed_before
    assert dir_is_dir and dir_inode == tmp_path.stat().st_ino and placed_after


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A real failure: the file size limit (as on a full disk) stops the write half way, in a child process."""
    target = tmp_path / "diagram.autograph"
    target.write_bytes(b"the old diagram")
    code = ("import resource, signal, sys\n"
            "from autograph_desktop.fileio import write_atomic\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))\n"
            "try:\n"
            "    write_atomic(sys.argv[1], b'x' * 100_000)\n"
            "except OSError as exc:\n"
            "    print('refused', exc.errno)\n")
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.stdout.startswith("refused"), (done.stdout, done.stderr)
    assert target.read_bytes() == b"the old diagram"
    assert [p.name for p in tmp_path.iterdir()] == ["diagram.autograph"]


def test_a_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(str(tmp_path / "no" / "such" / "x.svg"), b"x")
    assert list(tmp_path.iterdir()) == []
