"""Mermaid architecture, C4, block, requirement and kanban: parse + layout + build of ~200-element diagrams.

Each type prints its parse time, its layout-and-build time and the total, in milliseconds (median of 3), plus
a ratio to a flowchart of the same number of nodes and edges measured in the same run, so the figures
compare across machines. Overlapping boxes are counted (should be 0).
Run: .venv/bin/python benchmarks/bench_mermaid_types.py [--json]
"""

from __future__ import annotations

import itertools
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures, time_ms

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model import Diagram, Icon, Shape

SIDES = "LRTB"


def architecture(n: int, rng: random.Random) -> str:
    groups = n // 12
    lines = ["architecture-beta"]
    lines += [f"group g{i}(cloud)[Group {i}]" + (f" in g{i // 3}" if i >= 3 else "") for i in range(groups)]
    icons = ("server", "database", "disk", "internet", "cloud")
    lines += [f"service s{i}({icons[i % 5]})[Service {i}] in g{i % groups}" for i in range(n)]
    for i in range(1, n):
        j = rng.randrange(max(0, i - 6), i)
        side = rng.choice(SIDES)
        opposite = {"L": "R", "R": "L", "T": "B", "B": "T"}[side]
        lines.append(f"s{j}:{side} --> {opposite}:s{i}")
    return "\n".join(lines) + "\n"


def c4(n: int, rng: random.Random) -> str:
    lines = ["C4Container"]
    per = 10
    for b in range(n // per):
        lines.append(f'System_Boundary(b{b}, "Boundary {b}") {{')
        for k in range(per):
            i = b * per + k
            lines.append(f'Container(c{i}, "Container {i}", "Java", "Does part {i} of the work")')
        lines.append("}")
    lines += [f'Rel(c{rng.randrange(n)}, c{rng.randrange(n)}, "Calls", "HTTPS")' for _ in range(n)]
    return "\n".join(lines) + "\n"


def block(n: int, rng: random.Random) -> str:
    lines = ["block-beta", "columns 8"]
    per = 10
    for b in range(n // per):
        lines.append(f"block:g{b}:4")
        lines.append("columns 5")
        lines += [f'b{b * per + k}["Block {b * per + k}"]' for k in range(per)]
        lines.append("end")
    lines += [f"b{rng.randrange(n)} --> b{rng.randrange(n)}" for _ in range(n // 2)]
    return "\n".join(lines) + "\n"


def requirement(n: int, rng: random.Random) -> str:
    lines = ["requirementDiagram"]
    for i in range(n):
        if i % 4 == 3:
            lines += [f"element e{i} {{", "type: test suite", f"docref: tests/{i}", "}"]
        else:
            lines += [f"functionalRequirement r{i} {{", f"id: {i}", f"text: requirement number {i}", "risk: low",
                      "verifymethod: test", "}"]
    names = [f"e{i}" if i % 4 == 3 else f"r{i}" for i in range(n)]
    kinds = ("contains", "copies", "derives", "satisfies", "verifies", "refines", "traces")
    for i in range(1, n):
        lines.append(f"{names[rng.randrange(i)]} - {rng.choice(kinds)} -> {names[i]}")
    return "\n".join(lines) + "\n"


def kanban(n: int, rng: random.Random) -> str:
    lines = ["kanban"]
    for c in range(8):
        lines.append(f"  col{c}[Column {c}]")
        for k in range(n // 8):
            lines.append(f"    k{c}_{k}[Card {k} of column {c}]@{{ ticket: T-{k}, assigned: 'ana', "
                         f"priority: '{rng.choice(['High', 'Low', 'Very High'])}' }}")
    return "\n".join(lines) + "\n"


def flowchart(nodes: int, edges: int, rng: random.Random) -> str:
    lines = ["flowchart TD"] + [f"n{i}[Step {i}]" for i in range(nodes)]
    lines += [f"n{rng.randrange(nodes)} --> n{rng.randrange(nodes)}" for _ in range(edges)]
    return "\n".join(lines) + "\n"


def overlaps(doc: Diagram) -> int:
    boxes = [el.rect for el in doc if isinstance(el, (Shape, Icon)) and el.get("mermaid_id")
             and not el.get("role")]
    return sum(1 for a, b in itertools.combinations(boxes, 2)
               if a.x < b.right - 0.5 and b.x < a.right - 0.5 and a.y < b.bottom - 0.5 and b.y < a.bottom - 0.5)


def main() -> None:
    figures = Figures()
    size = 200
    for name, make in (("architecture", architecture), ("c4", c4), ("block", block), ("requirement", requirement),
                       ("kanban", kanban)):
        text = make(size, random.Random(5))
        spec = parse(text)
        nodes, edges = spec.counts()
        parse_ms = time_ms(lambda text=text: parse(text), repeat=3)
        build_ms = time_ms(lambda spec=spec: spec_to_diagram(spec), repeat=3)
        base_text = flowchart(nodes, edges, random.Random(5))
        base_spec = parse(base_text)
        base_ms = time_ms(lambda base_text=base_text: spec_to_diagram(parse(base_text)), repeat=3)
        figures.add(f"{name} {nodes} nodes {edges} edges parse", parse_ms, "ms")
        figures.add(f"{name} {nodes} nodes {edges} edges layout+build", build_ms, "ms")
        figures.add(f"{name} {nodes} nodes total", parse_ms + build_ms, "ms")
        figures.add(f"{name} total / flowchart of the same size", (parse_ms + build_ms) / base_ms, "x")
        figures.add(f"{name} overlapping boxes", overlaps(spec_to_diagram(spec)), "count")
        del base_spec
    figures.done()


if __name__ == "__main__":
    main()
