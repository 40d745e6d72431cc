"""Rasterise untrusted SVG (imported icons and images) in a separate, time-limited process.

cairosvg in safe mode (`unsafe=False`: no XML entities, no external files or URLs, only data: URLs), in a
child process with a memory cap and a deadline: a hostile or merely enormous SVG costs at most `timeout`
seconds and never touches the network, the disk or the editor's memory. The child is the app itself run
with a hidden flag (`python -m autograph_desktop --svg-sandbox W H`, or `autograph --svg-sandbox W H` in the
bundle, where there is no interpreter to relaunch): not multiprocessing, so it works from any caller
without a `__main__` guard.
"""

from __future__ import annotations

import os
import subprocess
import sys

from autograph_desktop.frozen import SVG_SANDBOX_FLAG, self_command

MAX_SVG_BYTES = 10 * 1024 * 1024
MAX_SIDE = 4096
MAX_PNG_BYTES = 64 * 1024 * 1024
_MEMORY_LIMIT = 1024 * 1024 * 1024
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rasterize_svg(data: bytes, width: int, height: int, timeout: float = 5.0) -> bytes | None:
    """PNG bytes of the SVG at width x height, or None when it is invalid, too big, or too slow."""
    if not data or len(data) > MAX_SVG_BYTES:
        return None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = _PACKAGE_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = self_command(SVG_SANDBOX_FLAG, str(int(width)), str(int(height)))
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, env=env, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None  # run() kills the child on timeout
    out = done.stdout
    if done.returncode != 0 or not out.startswith(b"\x89PNG") or len(out) > MAX_PNG_BYTES:
        return None
    return out


def child_main(argv: list[str]) -> int:
    """In the child: limit memory, read SVG from stdin, write PNG to stdout. Any failure is exit code 1."""
    try:
        return _child_main(argv)
    except Exception:  # invalid SVG: the parent only sees a failed run
        return 1


def _child_main(argv: list[str]) -> int:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, _MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the deadline still applies
    import cairosvg

    width, height = int(argv[0]), int(argv[1])
    data = sys.stdin.buffer.read(MAX_SVG_BYTES + 1)
    if len(data) > MAX_SVG_BYTES:
        return 2
    png = cairosvg.svg2png(bytestring=data, output_width=width, output_height=height, unsafe=False)
    if not isinstance(png, bytes):
        return 1
    sys.stdout.buffer.write(png)
    return 0
