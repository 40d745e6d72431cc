"""Kill tests for the local library: SIGKILL a saving writer N times (default 200) and verify; with
`--autosave`, SIGKILL editors that rely on autosave alone (default 40 runs) and verify nothing older than a
second was lost.

Usage: .venv/bin/python scripts/kill_test.py [--kills 200] [--seed 1] [--max-delay 0.25] [--spawn] [--json]
       .venv/bin/python scripts/kill_test.py --autosave [--kills 40] [--tick 0.5] [--spawn] [--json]
Exits 1 if any run left the library unopenable, failing `integrity_check`, or in a state other than
the last acknowledged save or the one in flight (or, with --autosave, without an edit made a second or
more before the kill).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from autosave_kill import GUI_TICK_SECONDS, run_autosave_kill
from crashcheck import run_kill_test


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--autosave", action="store_true", help="kill editors that only autosave")
    parser.add_argument("--kills", type=int, default=None, help="runs (default 200, or 40 with --autosave)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.25, help="longest wait before a kill, seconds")
    parser.add_argument("--tick", type=float, default=GUI_TICK_SECONDS, help="the editor's autosave timer, seconds")
    parser.add_argument("--spawn", action="store_true",
                        help="start each writer as a new interpreter instead of forking (slower; the default on "
                             "systems without fork)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    fork = hasattr(os, "fork") and not args.spawn
    kills = args.kills if args.kills is not None else (40 if args.autosave else 200)
    with tempfile.TemporaryDirectory(prefix="autograph-kill-") as folder:
        if args.autosave:
            auto = run_autosave_kill(Path(folder), kills, args.seed, fork=fork, tick=args.tick)
            failures, done = auto.failures, auto.runs
            ages = auto.newest_saved_age
            figures: dict[str, float] = {
                "runs": auto.runs, "failures": len(auto.failures), "edits": auto.edits,
                "newest_saved_edit_age_median_s": round(statistics.median(ages), 3) if ages else -1.0,
                "newest_saved_edit_age_max_s": round(max(ages), 3) if ages else -1.0,
                "seconds": round(auto.seconds, 1)}
        else:
            report = run_kill_test(Path(folder), kills, args.seed, args.max_delay, fork=fork)
            failures, done = report.failures, report.kills
            figures = {"kills": report.kills, "failures": len(report.failures),
                       "in_flight_committed": report.in_flight_committed,
                       "saves_acknowledged": report.saves_acknowledged, "seconds": round(report.seconds, 1)}
    if args.json:
        print(json.dumps({**figures, "failure_details": failures}))
    else:
        for name, value in figures.items():
            print(f"{name}: {value}")
        for failure in failures:
            print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures or done < kills else 0


if __name__ == "__main__":
    sys.exit(main())
