"""Huge and hostile chart sources: deep nesting never recurses, big inputs build, nonsense gets located errors."""

from __future__ import annotations

import pytest
from chart_helpers import doc, fails

from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse

DEEP = 1100  # past Python's recursion limit, so any recursive walk would fail


@pytest.mark.parametrize("text", [
    "treemap-beta\n" + "".join(" " * i + f'"n{i}"\n' for i in range(DEEP)) + " " * DEEP + '"leaf": 1\n',
    "ishikawa-beta\nProblem\n" + "".join(" " * (i + 1) + f"cause {i}\n" for i in range(DEEP)),
    "treeView-beta\n" + "".join(" " * (i + 1) + f"dir{i}\n" for i in range(DEEP)),
    "zenuml\n" + "if(x) {\n" * DEEP + "A->B: hi\n" + "}\n" * DEEP,
], ids=["treemap", "ishikawa", "treeview", "zenuml"])
def test_deep_nesting_builds_and_exports(text: str) -> None:
    diagram = doc(text)
    assert len(diagram) > DEEP
    assert parse(to_mermaid(diagram)).counts() == parse(text).counts()


def test_big_inputs_build() -> None:
    sankey = doc("sankey-beta\n" + "".join(f"n{i},n{i + 1},{i + 1}\n" for i in range(400)))
    assert sum(1 for e in sankey if e.get("role") == "link") == 400
    packet = doc("packet-beta\n" + "".join(f'+32: "f{i}"\n' for i in range(500)))
    assert sum(1 for e in packet if e.get("role") == "field") == 500
    venn = doc("venn-beta\n" + "".join(f"set s{i}\n" for i in range(40)) +
               "".join(f"union s{i},s{i + 1}\n" for i in range(39)))
    assert sum(1 for e in venn if e.get("role") == "set") == 40


@pytest.mark.parametrize("text", [
    "xychart-beta\n  bar [" + "[" * 5000 + "]",
    "quadrantChart\n  " + "a" * 100_000 + ": [0.5, 0.5" + "]" * 3,
    "sankey-beta\n" + '"' * 9999,
    "radar-beta\n  axis " + "," * 5000,
    "venn-beta\n  union " + ",".join(["A"] * 3000),
    "wardley-beta\n" + "component " * 2000,
    "eventmodeling\ndata X {\n" + "{" * 3000,
    "packet-beta\n  0-99999999999999999999: \"x\"",
    "zenuml\n" + "}" * 100,
    "treemap-beta\n" + '"a": ' + "9" * 400,
])
def test_hostile_text_is_refused_with_a_location(text: str) -> None:
    problem = fails(text).problems[0]
    assert problem.line is not None and problem.message
