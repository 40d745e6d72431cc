"""State diagram parser: declarations, transitions, [*] per scope, composites, regions, kinds, notes, errors."""

from __future__ import annotations

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.statediagram import StateDiagramSpec
from autograph_desktop.model.problems import InvalidInput


def state(text: str, header: str = "stateDiagram-v2") -> StateDiagramSpec:
    spec = parse(header + "\n" + text)
    assert isinstance(spec, StateDiagramSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("stateDiagram-v2\n" + text)
    return info.value


def test_both_headers() -> None:
    for header in ("stateDiagram", "stateDiagram-v2"):
        assert state("[*] --> A\nA --> [*]", header).counts() == (3, 2)


def test_declarations_and_descriptions() -> None:
    spec = state('s1\nstate "A long description" as s2\ns3 : described\ns3 : twice\ns1 --> s2 : go on\n'
                 'state s4 : via state')
    assert spec.states["s2"].description == "A long description"
    assert spec.states["s3"].description == "described\ntwice"
    assert spec.states["s4"].description == "via state"
    assert spec.transitions[0].label == "go on" and spec.counts() == (4, 1)


def test_start_and_end_are_one_per_scope() -> None:
    spec = state("""
    [*] --> A
    [*] --> B
    A --> [*]
    B --> [*]
    state C {
        [*] --> c1
        c1 --> [*]
        [*] --> c2
    }
    """)
    kinds = {sid: s.kind for sid, s in spec.states.items()}
    assert kinds["root_start"] == "start" and kinds["root_end"] == "end"
    assert kinds["C_start"] == "start" and kinds["C_end"] == "end" and kinds["C"] == "composite"
    assert spec.states["C_start"].parent == "C" and spec.states["c1"].parent == "C"
    assert spec.states["C"].children == ["C_start", "c1", "C_end", "c2"]
    assert spec.counts() == (9, 7)


def test_nested_composites_and_transitions_between_them() -> None:
    spec = state("""
    state First {
        state Second {
            [*] --> inner
        }
    }
    First --> Other
    """)
    assert spec.states["Second"].parent == "First" and spec.states["inner"].parent == "Second"
    assert spec.transitions[-1].parent is None and spec.transitions[0].parent == "Second"


def test_choice_fork_join() -> None:
    spec = state("state c <<choice>>\nstate f <<fork>>\nstate j <<join>>\nf --> a\nf --> b\na --> j\nb --> j\nj --> c")
    assert [spec.states[k].kind for k in ("c", "f", "j", "a")] == ["choice", "fork", "join", "normal"]


def test_concurrency_regions() -> None:
    spec = state("""
    state Active {
        [*] --> NumOff
        NumOff --> NumOn
        --
        [*] --> CapsOff
        --
        Scroll
    }
    """)
    active = spec.states["Active"]
    assert active.regions == [["Active_start", "NumOff", "NumOn"], ["Active_region1_start", "CapsOff"], ["Scroll"]]
    assert spec.counts() == (7, 3)


def test_notes() -> None:
    spec = state("A --> B\nnote right of A : one line\nnote left of B\n  first\n  second\nend note")
    assert [(n.state_id, n.side, n.text) for n in spec.notes] == [("A", "right", "one line"),
                                                                  ("B", "left", "first\nsecond")]
    assert spec.counts() == (2, 1)


def test_styles_classes_direction() -> None:
    spec = state("""
    direction LR
    classDef bad fill:#f00,color:white
    [*] --> Still:::calm
    class Moving, Crash bad
    style Still fill:#fff
    state Box {
        direction BT
        x
    }
    """)
    assert spec.direction == "LR" and spec.states["Box"].direction == "BT"
    assert spec.class_defs["bad"] == {"fill": "#f00", "color": "white"}
    assert spec.states["Still"].classes == ["calm"] and spec.states["Still"].style == {"fill": "#fff"}
    assert spec.states["Crash"].classes == ["bad"] and spec.states["Moving"].classes == ["bad"]


def test_one_line_composite_and_unicode() -> None:
    spec = state("state Zustand { [*] --> Übergang }\nÜbergang --> 終わり : 次へ")
    assert spec.states["Übergang"].parent == "Zustand" and spec.transitions[-1].label == "次へ"


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("A -> B", 2, "unknown transition arrow"),
    ("A <-- B", 2, "unknown transition arrow"),
    ("state X {\n a --> b", 2, "never closed"),
    ("}", 2, "without an open"),
    ("--", 2, "only allowed inside"),
    ("note right of A\n text", 2, "never closed"),
    ("state X <<choise>>", 2, "unknown state type"),
    ("direction XY", 2, "unknown direction"),
    ("[*]", 2, "needs a transition"),
    ("A B C", 2, "cannot read"),
])
def test_errors(text: str, line: int, needle: str) -> None:
    problem = fails(text).problems[0]
    assert problem.line == line and needle in problem.message and problem.hint and problem.snippet


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
@pytest.mark.slow
def test_hostile_inputs() -> None:
    chain = "\n".join(f"s{i} --> s{i + 1}" for i in range(100_000))
    assert state(chain).counts() == (100_001, 100_000)
    depth = 10_000
    nested = "".join(f"state c{i} {{\n" for i in range(depth)) + "[*] --> x\n" + "}\n" * depth
    spec = state(nested)
    assert spec.counts() == (depth + 2, 1) and spec.states["x"].parent == f"c{depth - 1}"
    for line in ("A" * 1_000_000, "A --> B : " + "x" * 1_000_000, "A " + " " * 1_000_000 + "--> B",
                 "state " + "{" * 500_000):
        try:
            state(line)
        except InvalidInput as error:
            assert error.problems[0].line == 2
