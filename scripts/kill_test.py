"""Kill test for the local library: SIGKILL a saving writer process N times (default 200) and verify.

Usage: .venv/bin/python scripts/kill_test.py [--kills 200] [--seed 1] [--max-delay 0.25] [--spawn] [--json]
Exits 1 if any run left the library unopenable, failing `integrity_check`, or in a state other than
the last acknowledged save or the one in flight.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from autograph_desktop.store.crashcheck import run_kill_test


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.25, help="longest wait before a kill, seconds")
    parser.add_argument("--spawn", action="store_true",
                        help="start each writer as a new interpreter instead of forking (slower; the default on "
                             "systems without fork)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="autograph-kill-") as folder:
        report = run_kill_test(Path(folder), args.kills, args.seed, args.max_delay,
                               fork=hasattr(os, "fork") and not args.spawn)
    figures = {"kills": report.kills, "failures": len(report.failures),
               "in_flight_committed": report.in_flight_committed, "saves_acknowledged": report.saves_acknowledged,
               "seconds": round(report.seconds, 1)}
    if args.json:
        print(json.dumps({**figures, "failure_details": report.failures}))
    else:
        for name, value in figures.items():
            print(f"{name}: {value}")
        for failure in report.failures:
            print(f"FAIL {failure}", file=sys.stderr)
    return 1 if report.failures or report.kills < args.kills else 0


if __name__ == "__main__":
    sys.exit(main())
