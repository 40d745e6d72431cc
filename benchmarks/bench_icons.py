"""Icon catalogue figures: how long loading takes and how fast fuzzy search answers typical queries."""

from __future__ import annotations

import json
import statistics
import sys
import time

from autograph_desktop.icons.catalogue import IconCatalogue, IconEntry

QUERIES = ("kubernetes", "postgres", "github", "kuberntes", "database", "a", "db", "arrow right",
           "aws lambda", "user", "clod storage", "server", "xq", "message queue")


def _synthetic(count: int) -> list[IconEntry]:
    """Extra plausible names so that the index is measured at 10,000+ even without optional packs."""
    words = ("cloud", "server", "data", "queue", "user", "lock", "key", "chart", "file", "network", "cache",
             "gateway", "function", "storage", "bucket", "table", "stream", "monitor", "shield", "router")
    out = []
    for i in range(count):
        name = f"{words[i % len(words)]}-{words[(i // 20) % len(words)]}-{i}"
        out.append(IconEntry(f"synthetic.{name}", name, "synthetic", ("bench",)))
    return out


def main() -> int:
    t0 = time.perf_counter()
    catalogue = IconCatalogue.load()
    load_ms = (time.perf_counter() - t0) * 1000
    real = len(catalogue)
    if real < 10_000:
        catalogue = IconCatalogue([*catalogue.entries(), *_synthetic(10_000 - real)])
    timings = []
    for query in QUERIES:
        best = min(_time(catalogue, query) for _ in range(5))
        timings.append(best)
    figures = {
        "icons_indexed": len(catalogue),
        "catalogue_load_ms": round(load_ms, 1),
        "search_median_ms": round(statistics.median(timings), 3),
        "search_worst_ms": round(max(timings), 3),
    }
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        units = {"icons_indexed": "icons"}
        for name, value in figures.items():
            print(f"{name}: {value} {units.get(name, 'ms')}")
    return 0


def _time(catalogue: IconCatalogue, query: str) -> float:
    start = time.perf_counter()
    catalogue.search(query, 50)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    sys.exit(main())
