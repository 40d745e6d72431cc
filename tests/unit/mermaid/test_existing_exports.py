"""Gantt, pie, timeline, journey, gitGraph and mindmap export back to their own Mermaid and read back the same;
their configuration is honoured when drawn."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from chart_helpers import assert_round_trip, doc, marks, one_group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.mermaid.chartsyntax import entities, num_text, quote
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model import Diagram
from autograph_desktop.model.problems import InvalidInput

CORPUS = Path(__file__).parents[2] / "corpus" / "mermaid"
KINDS = ("gantt", "gitgraph", "journey", "mindmap", "pie", "timeline")
CHECK = settings(max_examples=int(__import__("os").environ.get("CHART_EXAMPLES", "20")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABEL = st.text(alphabet=string.ascii_letters + string.digits + " _-.,()&'#%:;", min_size=1, max_size=12).map(
    lambda s: " ".join(s.split())).filter(lambda s: bool(s) and not s.lower().startswith(("title", "section")))


def _readable(path: Path) -> bool:
    try:
        parse(path.read_text())
    except InvalidInput:
        return False
    return True


@pytest.mark.parametrize("path", [p for kind in KINDS for p in sorted((CORPUS / kind).glob("*.mmd")) if _readable(p)],
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_diagrams_round_trip(path: Path) -> None:
    assert_round_trip(path.read_text())


def _moved(diagram: Diagram, dx: float) -> Diagram:
    return Diagram(diagram.meta, [e.evolve(x=e.x + dx) for e in diagram])


def test_moving_marks_keeps_values_and_retyping_renames() -> None:
    text = 'pie showData\n  title Pets\n  "Dogs" : 3\n  "Cats" : 1.5\n'
    diagram = doc(text)
    one_group(diagram)
    assert to_mermaid(_moved(diagram, 120)) == to_mermaid(diagram)
    legend = next(e for e in diagram if e.get("role") == "legend-label" and e.get("index") == "1")
    renamed = Diagram(diagram.meta, [e.evolve(text="Kittens [1.5]") if e.id == legend.id else e for e in diagram])
    assert '"Kittens" : 1.5' in to_mermaid(renamed)
    gantt = doc("gantt\n  dateFormat YYYY-MM-DD\n  section Build\n    Code :a, 2024-01-01, 5d\n    Test :after a, 2d\n")
    bar = next(e for e in gantt if e.get("role") == "task" and e.get("index") == "0")
    stretched = Diagram(gantt.meta, [e.evolve(w=e.w * 3) if e.id == bar.id else e for e in gantt])
    assert to_mermaid(stretched) == to_mermaid(gantt) and "Code :a, 2024-01-01, 5d" in to_mermaid(gantt)


def test_configuration_is_honoured_and_kept() -> None:
    pie = doc('%%{init: {"themeVariables": {"pie1": "#010203", "pieSectionTextColor": "#ff0000"}}}%%\n'
              'pie\n  "A" : 1\n  "B" : 1\n')
    assert marks(pie, "slice", index="0")[0].style.fill == "#010203"
    assert {p.style.text_color for p in marks(pie, "percent")} == {"#ff0000"}
    assert '"pie1": "#010203"' in to_mermaid(pie)
    git = doc('---\nconfig:\n  gitGraph:\n    mainBranchName: trunk\n    showBranches: false\n  themeVariables:\n'
              '    git0: "#00ff00"\n---\ngitGraph\n  commit\n  branch dev\n  commit\n')
    labels = marks(git, "branch")
    assert {b.text for b in labels} == {"trunk", "dev"} and all(b.hidden for b in labels)
    assert {c.style.fill for c in marks(git, "commit", branch="trunk")} == {"#00ff00"}
    assert_round_trip('---\nconfig:\n  gitGraph:\n    mainBranchName: trunk\n---\ngitGraph\n  commit\n  branch dev\n'
                      "  commit\n  checkout trunk\n  merge dev\n")
    gantt = doc('%%{init: {"gantt": {"barHeight": 40}, "themeVariables": {"critBkgColor": "#abcdef"}}}%%\n'
                "gantt\n  dateFormat YYYY-MM-DD\n  A :crit, 2024-01-01, 3d\n")
    (bar,) = marks(gantt, "task")
    assert bar.h == 40 and bar.style.fill == "#abcdef"
    timeline = doc('%%{init: {"timeline": {"disableMulticolor": true}}}%%\ntimeline\n  a : x\n  b : y\n')
    assert len({p.style.fill for p in marks(timeline, "period")}) == 1


@st.composite
def pies(draw: st.DrawFn) -> str:
    lines = ["pie showData" if draw(st.booleans()) else "pie"]
    if draw(st.booleans()):
        lines.append(f"  title {draw(LABEL).replace('#', '')}")
    labels = draw(st.lists(LABEL, min_size=1, max_size=6, unique=True))
    lines.extend(f"  {quote(label)} : {num_text(draw(st.floats(0, 1e6).map(lambda v: round(v, 2))))}"
                 for label in labels)
    return "\n".join(lines)


def _safe(text: str) -> str:
    """Free text written so no character of it is read as syntax."""
    return entities(text, ":;,")


@st.composite
def timelines(draw: st.DrawFn) -> str:
    lines = ["timeline TD" if draw(st.booleans()) else "timeline"]
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"  section {_safe(draw(LABEL))}")
        events = [_safe(e) for e in draw(st.lists(LABEL, max_size=3))]
        lines.append("  " + " : ".join([_safe(draw(LABEL)), *events]))
    return "\n".join(lines)


@st.composite
def journeys(draw: st.DrawFn) -> str:
    lines = ["journey"]
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"  section {_safe(draw(LABEL))}")
        actors = ", ".join(_safe(a) for a in draw(st.lists(LABEL, max_size=3)))
        lines.append(f"    {_safe(draw(LABEL))}: {draw(st.integers(1, 5))}" + (f": {actors}" if actors else ""))
    return "\n".join(lines)


@st.composite
def gantts(draw: st.DrawFn) -> str:
    lines = ["gantt", "  dateFormat YYYY-MM-DD"]
    if draw(st.booleans()):
        lines.append("  excludes weekends")
    ids: list[str] = []
    for n in range(draw(st.integers(1, 7))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"  section {_safe(draw(LABEL))}")
        tags = draw(st.lists(st.sampled_from(["done", "active", "crit", "milestone"]), unique=True, max_size=2))
        start = f"after {draw(st.sampled_from(ids))}" if ids and draw(st.booleans()) else \
            f"2024-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}"
        meta = [*tags, f"t{n}", start, f"{draw(st.integers(0, 20))}d"]
        ids.append(f"t{n}")
        lines.append(f"    {_safe(draw(LABEL))} :{', '.join(meta)}")
    return "\n".join(lines)


@st.composite
def gitgraphs(draw: st.DrawFn) -> str:
    lines, branches, current, commits = ["gitGraph"], ["main"], "main", {"main": 0}
    named: list[str] = []
    for n in range(draw(st.integers(1, 14))):
        action = draw(st.integers(0, 4))
        if action == 0 and len(branches) < 5:
            name = f"b{n}"
            lines.append(f"  branch {name}" + (f" order: {draw(st.integers(1, 9))}" if draw(st.booleans()) else ""))
            branches.append(name)
            commits[name] = commits[current]
            current = name
        elif action == 1:
            current = draw(st.sampled_from(branches))
            lines.append(f"  checkout {current}")
        elif action == 2:
            other = draw(st.sampled_from(branches))
            if other != current and commits[other] and commits[current] and commits[other] != commits[current]:
                lines.append(f"  merge {other}")
                commits[current] += 1
        else:
            attrs = ""
            if draw(st.booleans()):
                named.append(f"c{n}")
                attrs += f' id: "c{n}"'
            if draw(st.booleans()):
                attrs += f' tag: "v{n}"'
            if draw(st.booleans()):
                attrs += f" type: {draw(st.sampled_from(['NORMAL', 'REVERSE', 'HIGHLIGHT']))}"
            lines.append(f"  commit{attrs}")
            commits[current] = max(commits.values()) + 1
    return "\n".join(lines)


@st.composite
def mindmaps(draw: st.DrawFn) -> str:
    lines = ["mindmap"]
    depths = [0]
    for _ in range(draw(st.integers(0, 10))):
        depths.append(draw(st.integers(1, depths[-1] + 1)))
    for n, depth in enumerate(depths):
        shape = draw(st.sampled_from(["", "[{}]", "({})", "(({}))", "{{{{{}}}}}"]))
        text = draw(LABEL)
        body = f"n{n}" + shape.format(quote(text)) if shape else quote(text)
        lines.append("  " * (depth + 1) + body)
        if draw(st.integers(0, 4)) == 0:
            lines.append("  " * (depth + 1) + "::icon(fa fa-book)")
    return "\n".join(lines)


@CHECK
@given(st.one_of(pies(), timelines(), journeys(), gantts(), gitgraphs(), mindmaps()))
def test_generated_diagrams_round_trip(text: str) -> None:
    try:
        parse(text)
    except InvalidInput:
        return  # a random git history can be one Mermaid refuses (e.g. merging an empty branch)
    assert_round_trip(text)


def test_base_theme_variables_colour_the_charts() -> None:
    text = ('---\nconfig:\n  theme: base\n  themeVariables:\n    primaryColor: "#fff3bf"\n'
            '    primaryTextColor: "#5c940d"\n---\ntreemap-beta\n  "A"\n    "B": 1\n')
    diagram = doc(text)
    (section,) = marks(diagram, "section")
    assert section.style.text_color == "#5c940d"
    gantt = doc('%%{init: {"theme": "base", "themeVariables": {"primaryColor": "#123456"}}}%%\n'
                "gantt\n  dateFormat YYYY-MM-DD\n  A :2024-01-01, 2d\n")
    assert marks(gantt, "task")[0].style.fill == "#123456"


def test_an_ungrouped_chart_still_exports_readable_mermaid() -> None:
    from autograph_desktop.model import edits

    for text in ("gantt\n  dateFormat DD.MM.YYYY\n  A :a, 01.02.2024, 3d\n  B :after a, 2d\n",
                 "xychart-beta\n  x-axis [a, b]\n  bar [1, 2]\n  line [2, 1]\n",
                 "eventmodeling\ntf 01 cmd A [[D]]\ndata D {\n  x: 1\n}\n"):
        diagram = doc(text)
        group = one_group(diagram)
        diagram.execute(edits.ungroup(diagram, [group.id]))
        assert not any(e.kind == "group" for e in diagram)
        again = parse(to_mermaid(diagram))
        assert again.counts() == parse(text).counts(), to_mermaid(diagram)
