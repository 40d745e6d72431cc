"""Whether this run is the self-contained bundle, and how the app starts a copy of itself in a child process.

In a Python install the app relaunches itself as `python -m autograph_desktop ...`; in the PyInstaller
bundle `sys.executable` is the `autograph` binary itself, which takes no `-m`. The bundle's entry script
(`packaging/entry.py`) declares itself by calling `declare_bundle()` before anything else runs, so the rest
of the app asks `is_bundle()` instead of guessing from interpreter internals.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

#: The hidden first argument that turns a run of the app into the SVG rasterising sandbox child.
SVG_SANDBOX_FLAG = "--svg-sandbox"


@dataclass
class _Runtime:
    bundle: bool = False


_RUNTIME = _Runtime()


def declare_bundle(bundle: bool = True) -> None:
    """Called once by the bundle's entry script (tests call it to act as the bundle, and undo it)."""
    _RUNTIME.bundle = bundle


def is_bundle() -> bool:
    """True inside the double-click install, where there is no Python interpreter to relaunch or pip to run."""
    return _RUNTIME.bundle


def self_command(*args: str) -> list[str]:
    """The command line that runs this same app with `args` (e.g. the hidden SVG sandbox flag)."""
    if _RUNTIME.bundle:
        return [sys.executable, *args]
    return [sys.executable, "-m", "autograph_desktop", *args]
