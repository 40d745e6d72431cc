"""The chart-like and newer Mermaid types: parse + layout + build time for a diagram of about 200 elements
each, and the export back to Mermaid. A 200-node flowchart is timed in the same run as the baseline, and
each type's time is also printed as a ratio to it.

Run: .venv/bin/python benchmarks/bench_mermaid_charts.py [--json]
"""

from __future__ import annotations

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures, time_ms

from autograph_desktop.mermaid.common import prepare
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model import Diagram

rng = random.Random(11)


def _values(n: int) -> str:
    return ", ".join(str(rng.randint(1, 500)) for _ in range(n))


def sources() -> dict[str, str]:
    """One source per type; the comment says what the ~200 elements are."""
    tree_lines = []
    depth = 0
    for i in range(200):
        depth = rng.randint(0, min(depth + 1, 5)) if i else 0
        tree_lines.append("  " * (depth + 1) + f'"entry {i}"')
    return {
        # 100 bars + 100 points over 100 categories
        "xychart": "xychart-beta\n  x-axis [" + ", ".join(f"c{i}" for i in range(100)) + "]\n"
                   f"  bar [{_values(100)}]\n  line [{_values(100)}]\n",
        # 200 points
        "quadrant": "quadrantChart\n" + "".join(f"  p{i}: [{rng.random():.2f}, {rng.random():.2f}]\n" for i in range(200)),
        # 60 nodes, 200 links (forward only)
        "sankey": "sankey-beta\n" + "".join(
            f"n{a},n{a + rng.randint(1, 10)},{rng.randint(1, 50)}\n" for a in (rng.randint(0, 49) for _ in range(200))),
        # 200 fields
        "packet": "packet-beta\n" + "".join(f'  +{rng.randint(1, 24)}: "f{i}"\n' for i in range(200)),
        # 20 axes x 10 curves = 200 points
        "radar": "radar-beta\n  axis " + ", ".join(f"a{i}" for i in range(20)) + "\n" +
                 "".join(f"  curve c{i}{{{_values(20)}}}\n" for i in range(10)),
        # 20 sections of 9 leaves
        "treemap": "treemap-beta\n" + "".join(f'"s{s}"\n' + "".join(f'  "l{s}.{i}": {rng.randint(1, 99)}\n'
                                                                    for i in range(9)) for s in range(20)),
        # 100 sync/async messages with 20 fragments
        "zenuml": "zenuml\n" + "".join(
            f"  if(c{i}) {{\n    A{i % 7}.call{i}()\n    B{i % 5}->C{i % 3}: m{i}\n  }}\n" if i % 5 == 0 else
            f"  A{i % 7}->B{i % 5}: m{i}\n  B{i % 5}.reply{i}()\n" for i in range(100)),
        # 12 sets, 20 unions, 40 text nodes
        "venn": "venn-beta\n" + "".join(f"  set s{i}:{rng.randint(5, 30)}\n" + "".join(
            f'    text t{i}_{j}["item {j}"]\n' for j in range(3)) for i in range(12)) +
                "".join(f"  union s{i},s{(i + 1) % 12}\n" for i in range(12)),
        # 1 event, 8 bones, 200 causes
        "ishikawa": "ishikawa-beta\n  Outage\n" + "".join(
            f"  Bone {b}\n" + "".join(f"    cause {b}.{i}\n" + (f"      detail {b}.{i}\n" if i % 3 == 0 else "")
                                    for i in range(18)) for b in range(8)),
        "treeview": "treeView-beta\n" + "\n".join(tree_lines) + "\n",
        # 200 time frames over 6 lanes
        "eventmodeling": "eventmodeling\n" + "".join(
            f"tf {i:03d} {rng.choice(['scn', 'cmd', 'evt', 'rmo', 'pcr'])} "
            f"{rng.choice(['', 'Cart.', 'Stock.'])}E{i}\n" for i in range(200)),
        # 100 components, 100 links
        "wardley": "wardley-beta\n" + "".join(f"component c{i} [{rng.random():.2f}, {rng.random():.2f}]\n"
                                              for i in range(100)) +
                   "".join(f"c{i} -> c{rng.randint(0, 99)}\n" for i in range(100)),
    }


def flowchart(n: int) -> str:
    return "flowchart TD\n" + "".join(f"  n{i}[Step {i}] --> n{i + 1 + rng.randint(0, 3)}[Step]\n" for i in range(n))


def build(text: str) -> Diagram:
    return spec_to_diagram(parse(text), prepare(text).config, source_text=text)


def main() -> None:
    figures = Figures()
    baseline = time_ms(lambda: build(flowchart(200)), repeat=3)
    figures.add("flowchart_200_nodes_build_baseline", baseline, "ms")
    for name, text in sources().items():
        build(text)  # warm up (imports, font metrics)
        built = time_ms(lambda t=text: build(t), repeat=5)
        diagram = build(text)
        figures.add(f"{name}_elements", len(diagram), "elements")
        figures.add(f"{name}_parse_layout_build", built, "ms")
        figures.add(f"{name}_vs_flowchart_200", built / baseline, "x")
        figures.add(f"{name}_export", time_ms(lambda d=diagram: to_mermaid(d), repeat=5), "ms")
    figures.done()


if __name__ == "__main__":
    main()
