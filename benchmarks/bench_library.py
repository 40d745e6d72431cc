"""Benchmark of the local library: open, incremental save, versions, search and list at realistic sizes.

Usage: .venv/bin/python benchmarks/bench_library.py [--json] [--elements 10000] [--diagrams 1000]
Prints one `name: value unit` line per figure (medians); never passes or fails on time.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from autograph_desktop.model import Connector, Diagram, DiagramMeta, Endpoint, Shape, edits, keys_between
from autograph_desktop.store import DocumentSession, Library

WORDS = ("auth", "billing", "gateway", "queue", "cache", "ledger", "search", "index", "token", "invoice", "user",
         "order", "payment", "shipping", "catalog", "review", "session", "report", "export", "webhook")


def big_diagram(n: int, title: str = "Big") -> Diagram:
    shapes = n * 4 // 5
    keys = keys_between(None, None, n)
    els: list[Shape | Connector] = [
        Shape(id=f"s{i}", x=(i % 100) * 140.0, y=(i // 100) * 90.0, w=120, h=60, text=f"node {i}", z=keys[i])
        for i in range(shapes)]
    els += [Connector(id=f"c{i}", source=Endpoint(f"s{i}", "right"), target=Endpoint(f"s{i + 1}", "left"),
                      z=keys[shapes + i]) for i in range(n - shapes)]
    return Diagram(DiagramMeta(title=title), els)


def small_diagram(rng: random.Random, i: int) -> Diagram:
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(3)) + f" {i}"
    keys = keys_between(None, None, 30)
    return Diagram(DiagramMeta(title=title), [
        Shape(id=f"e{j}", w=100, h=50, x=j * 120.0, text=" ".join(rng.choice(WORDS) for _ in range(3)), z=keys[j])
        for j in range(30)])


def median_cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    """CPU time of this process: on a shared, loaded machine it shows what the work costs, apart from waiting."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(elements: int, diagrams: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="autograph-bench-") as folder:
        lib = Library.open(Path(folder) / "library.sqlite3", keep_backups=0)
        start = time.perf_counter()
        big = lib.diagrams.create(big_diagram(elements))
        figures["create_10k_diagram_ms"] = (time.perf_counter() - start) * 1000
        figures["open_10k_diagram_ms"] = median_ms(lambda: DocumentSession.open(lib, big), 5)
        figures["open_10k_diagram_cpu_ms"] = median_cpu_ms(lambda: DocumentSession.open(lib, big), 5)

        session = DocumentSession.open(lib, big)
        ids = session.doc.ids()
        rng = random.Random(1)

        def save_one() -> None:
            session.history.execute(edits.move(session.doc, [rng.choice(ids)], 1.0, 0.0))
            session.save()

        figures["save_one_element_ms"] = median_ms(save_one, 100)
        figures["save_one_element_p95_ms"] = (session.latency.percentile(95) or 0.0) * 1000
        figures["save_one_element_cpu_ms"] = median_cpu_ms(save_one, 100)

        def save_text() -> None:
            session.history.execute(edits.set_fields(session.doc, [rng.choice(ids)], text=f"label {rng.random()}"))
            session.save()

        figures["save_text_edit_10k_ms"] = median_ms(save_text, 30)

        # A drag of 1,000 shapes in a library diagram: each mouse move executes through the autosave
        # session's listener, then one save writes the squashed drag (cf. bench_canvas move_1000_total).
        moving = [e.id for e in session.doc if e.kind == "shape"][:1000]
        session.history.begin("Move")
        figures["drag_step_1000_with_session_cpu_ms"] = median_cpu_ms(
            lambda: session.history.execute(edits.move(session.doc, moving, 1.0, 0.0)), 30)
        session.history.commit()
        figures["save_after_drag_1000_ms"] = median_ms(session.save, 1)
        def refresh() -> None:
            session.search_stale = True
            session.refresh_search()

        figures["refresh_search_10k_ms"] = median_ms(refresh, 3)
        figures["open_10k_with_100_newer_rows_ms"] = median_ms(lambda: DocumentSession.open(lib, big), 5)

        def version() -> None:
            session.history.execute(edits.move(session.doc, [rng.choice(ids)], 1.0, 0.0))
            session.record_version()

        figures["record_version_10k_ms"] = median_ms(version, 5)
        figures["compact_10k_ms"] = median_ms(session.compact, 3)
        figures["load_version_10k_ms"] = median_ms(lambda: lib.versions.load(big, 1), 3)

        rng = random.Random(2)
        for i in range(diagrams - 1):
            lib.diagrams.create(small_diagram(rng, i))
        queries = ["auth", "billing gate", "webhook inv", "pay", "session token", "nothing-matches-this"]
        searches = [functools.partial(lib.search.find, q) for q in queries]
        figures["search_1000_diagrams_ms"] = statistics.median(median_ms(fn, 5) for fn in searches)
        figures["search_1000_diagrams_cpu_ms"] = statistics.median(median_cpu_ms(fn, 5) for fn in searches)
        figures["list_1000_diagrams_ms"] = median_ms(lambda: lib.diagrams.all(sort="name"), 5)
        figures["list_1000_diagrams_cpu_ms"] = median_cpu_ms(lambda: lib.diagrams.all(sort="name"), 5)
        figures["library_file_mb"] = (Path(folder) / "library.sqlite3").stat().st_size / 1e6
        session.close()
        lib.close()
        # App start: an up-to-date library (health check, no migration, trash purge, backup already taken).
        figures["open_library_ms"] = median_ms(
            lambda: Library.open(Path(folder) / "library.sqlite3", keep_backups=0).close(), 3)
        figures["open_library_cpu_ms"] = median_cpu_ms(
            lambda: Library.open(Path(folder) / "library.sqlite3", keep_backups=0).close(), 3)
    return figures


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return -1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--diagrams", type=int, default=1_000)
    args = parser.parse_args()
    figures = run(args.elements, args.diagrams)
    figures["load_average_1min"] = load_average()  # timings on a busy machine are inflated; this says how busy
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))
        return
    for name, value in figures.items():
        unit = "MB" if name.endswith("_mb") else "ms" if name.endswith("_ms") else ""
        print(f"{name.removesuffix('_ms').removesuffix('_mb')}: {value:.2f} {unit}".rstrip())


if __name__ == "__main__":
    main()
