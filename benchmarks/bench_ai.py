"""AI pipeline speed: from the model's reply to the diagram on the canvas, and the whole round trip.

For architecture replies of 20, 100 and 300 nodes: `reply_to_canvas` covers finding and defusing the
Mermaid, parsing, icons, layout (with re-layout when the score is low), the quality score, the insert
transaction and the canvas repaint (target < 300 ms at 100 nodes); `plain_build` is the same text through
the Mermaid reader alone, as the baseline of the ratio. `round_trip` is a whole `generate` against the
scripted chat-completions server on loopback (streamed reply, usage log in memory).
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ai.py [--json]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repo, for tests.support

from _common import Figures
from PySide6.QtWidgets import QApplication

from autograph_desktop.ai.apply import insert_transaction
from autograph_desktop.ai.build import build
from autograph_desktop.ai.chain import FallbackChain
from autograph_desktop.ai.client import ChatClient
from autograph_desktop.ai.extract import find_mermaid, sanitise
from autograph_desktop.ai.iconmap import IconResolver
from autograph_desktop.ai.pipeline import AiPipeline, GenerateRequest
from autograph_desktop.ai.providers import ProviderConfig
from autograph_desktop.ai.usage import MemoryUsage
from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.mermaid.reader import read
from autograph_desktop.model import Diagram, History
from tests.support.scripted_openai import Reply, ScriptedOpenAI

TECH = ["PostgreSQL", "Redis", "Kafka", "Lambda", "S3", "nginx", "Kubernetes", "EC2", "DynamoDB", "SQS"]
ROLES = ["Orders", "Billing", "Users", "Search", "Catalog", "Shipping", "Reports", "Auth", "Inventory", "Cart"]


def architecture(n: int, seed: int = 7) -> str:
    """An architecture reply as a model writes it: tiers as subgraphs (clients, edge, services, data...),
    each node called by one or two nodes of the tier before, technologies in the labels, prose around."""
    rnd = random.Random(seed)
    tiers = max(2, n // 12)
    tier_of = [i * tiers // n for i in range(n)]
    lines = ["flowchart LR"]
    for t in range(tiers):
        lines.append(f'  subgraph tier{t} ["Tier {t + 1}"]')
        for i in (i for i in range(n) if tier_of[i] == t):
            tech = TECH[i % len(TECH)]
            label = f"{ROLES[i % len(ROLES)]} {i} ({tech})" if i % 3 else f"{ROLES[i % len(ROLES)]} service {i}"
            shape = '[("{}")]' if tech in ("PostgreSQL", "DynamoDB") and i % 3 else '["{}"]'
            lines.append(f"    n{i}{shape.format(label)}")
        lines.append("  end")
    calls: set[tuple[int, int]] = set()
    for i in range(n):
        before = [j for j in range(n) if tier_of[j] == tier_of[i] - 1]
        calls.update((j, i) for j in rnd.sample(before, min(len(before), 1 + (i % 4 == 0))))
    for j in range(n):  # every node calls something in the next tier, as in a real system
        after = [i for i in range(n) if tier_of[i] == tier_of[j] + 1]
        if after and not any(a == j for a, _ in calls):
            calls.add((j, rnd.choice(after)))
    lines.extend(f"  n{a} --> n{b}" for a, b in sorted(calls))
    return "Here is the architecture you asked for:\n\n```mermaid\n" + "\n".join(lines) + "\n```\n\nLet me know!"


def reply_to_canvas(reply: str, resolver: IconResolver, app: QApplication) -> tuple[float, float, float, int]:
    """Milliseconds from a received reply to the canvas having painted it, of which the build (parse,
    icons, layout, score) took the second figure; the CPU time of it all (what an idle machine would
    take: the work is single-threaded); and the quality score."""
    doc = Diagram()
    history = History(doc)
    view = CanvasView(doc, history)
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    start, cpu = time.perf_counter(), time.process_time()
    found = find_mermaid(reply)
    text, _removed = sanitise(found.mermaid)
    built = build(text, resolver=resolver, architecture=True)
    built_at = time.perf_counter()
    history.execute(insert_transaction(doc, built.diagram))
    view.zoom_to_fit()
    view.repaint()
    app.processEvents()
    elapsed, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    view.close()
    view.deleteLater()
    app.processEvents()
    return elapsed, (built_at - start) * 1000, cpu_ms, built.quality.score


def plain_build(reply: str) -> float:
    text = find_mermaid(reply).mermaid
    start = time.perf_counter()
    read(text.encode(), "reply.mmd")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    figures = Figures()
    resolver = IconResolver.installed()
    resolver.choose("warm up PostgreSQL")
    reply_to_canvas(architecture(10), resolver, app)  # fonts, painter caches
    for n in (20, 100, 300):
        reply = architecture(n)
        runs = [reply_to_canvas(reply, resolver, app) for _ in range(5)]
        total = statistics.median(r[0] for r in runs)
        base = statistics.median(plain_build(reply) for _ in range(5))
        figures.add(f"reply_to_canvas_{n}_nodes", total, "ms")
        figures.add(f"of_which_build_{n}_nodes", statistics.median(r[1] for r in runs), "ms")
        figures.add(f"reply_to_canvas_cpu_{n}_nodes", statistics.median(r[2] for r in runs), "ms")
        figures.add(f"plain_build_{n}_nodes", base, "ms")
        figures.add(f"reply_to_canvas_vs_plain_build_{n}_nodes", total / base, "x")
        figures.add(f"quality_score_{n}_nodes", runs[0][3], "points")
    with ScriptedOpenAI() as server:
        config = ProviderConfig(name="scripted", kind="local", base_url=server.url, model="bench")
        # One model call per sample: a low score would otherwise add a "simplify" round to the measure.
        pipeline = AiPipeline(FallbackChain([ChatClient(config)], usage=MemoryUsage()), resolver, simplify=False)
        for n in (20, 100):
            reply = architecture(n)
            samples = []
            for _ in range(5):
                server.queue(Reply(reply))
                start = time.perf_counter()
                pipeline.generate(GenerateRequest(f"an architecture of {n} services"))
                samples.append((time.perf_counter() - start) * 1000)
            figures.add(f"round_trip_{n}_nodes", statistics.median(samples), "ms")
    figures.done()


if __name__ == "__main__":
    main()
