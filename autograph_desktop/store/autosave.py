"""When to save and when to take a version on its own: a small policy with an injectable clock.

The GUI calls `DocumentSession.tick()` from a timer; this object only decides. Saving waits for a short
quiet period so that a burst of edits (typing, nudging) is one write; a version is taken once edits have
been accumulating for five minutes without one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_QUIET_SECONDS = 1.5
DEFAULT_VERSION_SECONDS = 300.0


@dataclass
class AutosavePolicy:
    quiet_seconds: float = DEFAULT_QUIET_SECONDS
    version_after_seconds: float = DEFAULT_VERSION_SECONDS
    clock: Callable[[], float] = time.monotonic
    _last_edit: float | None = field(default=None, init=False)
    _first_unversioned: float | None = field(default=None, init=False)
    _quiet_since: float | None = field(default=None, init=False)

    def edited(self) -> None:
        now = self.clock()
        self._last_edit = now
        self._quiet_since = now
        if self._first_unversioned is None:
            self._first_unversioned = now

    def should_save(self, dirty: bool) -> bool:
        return dirty and self._last_edit is not None and self.clock() - self._last_edit >= self.quiet_seconds

    def quiet_for(self, seconds: float) -> bool:
        """No edit in the last `seconds` (true when nothing was edited since the clock started)."""
        return self._quiet_since is None or self.clock() - self._quiet_since >= seconds

    def should_version(self) -> bool:
        first = self._first_unversioned
        return first is not None and self.clock() - first >= self.version_after_seconds

    def saved(self) -> None:
        self._last_edit = None

    def versioned(self) -> None:
        self._first_unversioned = None


@dataclass
class LatencyLog:
    """Save durations in seconds (the last `keep`), for the status bar and the benchmark."""

    keep: int = 200
    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)
        if len(self.samples) > self.keep:
            del self.samples[: len(self.samples) - self.keep]

    @property
    def last(self) -> float | None:
        return self.samples[-1] if self.samples else None

    def percentile(self, p: float) -> float | None:
        if not self.samples:
            return None
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
