"""Shared output for benchmark scripts: one `name: value unit` line per figure, or one JSON object."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


class Figures:
    """Collects figures and prints them in the house format (text lines, or JSON with --json)."""

    def __init__(self, argv: list[str] | None = None) -> None:
        self.as_json = "--json" in (sys.argv[1:] if argv is None else argv)
        self.values: dict[str, dict[str, Any]] = {}

    def add(self, name: str, value: float, unit: str) -> None:
        value = round(value, 4)
        self.values[name] = {"value": value, "unit": unit}
        if not self.as_json:
            print(f"{name}: {value} {unit}", flush=True)

    def done(self) -> None:
        if self.as_json:
            print(json.dumps(self.values))


def time_ms(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of `fn` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
