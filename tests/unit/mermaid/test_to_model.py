"""Mermaid text -> native elements -> Mermaid again: the diagram-as-code pipeline end to end."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.reader import read
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model import Connector, Diagram, Frame, InvalidInput, Shape, edits
from autograph_desktop.model.elements import Endpoint, Group, Text

FLOW = """flowchart LR
  A[Start] --> B{Is it?}
  B -->|Yes| C(OK)
  C --> D([Rethink])
  D -.-> B
  B ==>|No| E[(Store)]
  subgraph one [Group one]
    C
    subgraph inner [Inner]
      D
    end
  end
  classDef hot fill:#f96,stroke:#333,color:#fff
  class E hot
  style A fill:#0f0
"""


def _by_mermaid_id(doc: Diagram) -> dict[str, Shape]:
    return {e.get("mermaid_id"): e for e in doc if isinstance(e, Shape)}


def _build(text: str, **kw) -> Diagram:
    return spec_to_diagram(parse(text), **kw)


def test_flowchart_becomes_attached_shapes_frames_and_styles() -> None:
    doc = _build(FLOW)
    shapes = _by_mermaid_id(doc)
    assert set(shapes) == {"A", "B", "C", "D", "E"}
    assert (shapes["B"].shape, shapes["C"].shape, shapes["D"].shape, shapes["E"].shape) == (
        "diamond", "rounded", "stadium", "cylinder")
    assert shapes["E"].style.fill == "#ff9966" and shapes["E"].style.text_color == "#ffffff"
    assert shapes["A"].style.fill == "#00ff00"
    connectors = [e for e in doc if isinstance(e, Connector)]
    assert len(connectors) == 5
    ids = {s.id: key for key, s in shapes.items()}
    pairs = Counter((ids[c.source.element], ids[c.target.element]) for c in connectors)  # type: ignore[index]
    assert pairs == Counter([("A", "B"), ("B", "C"), ("C", "D"), ("D", "B"), ("B", "E")])
    dotted = next(c for c in connectors if ids[c.source.element] == "D")  # type: ignore[index]
    assert dotted.style.dash == "dotted"
    frames = {f.text: f for f in doc if isinstance(f, Frame)}
    assert frames["Inner"].parent == frames["Group one"].id
    assert shapes["C"].parent == frames["Group one"].id and shapes["D"].parent == frames["Inner"].id
    assert frames["Group one"].rect.contains_rect(frames["Inner"].rect)
    assert frames["Inner"].rect.contains_rect(shapes["D"].rect)
    for a, b in itertools.combinations(shapes.values(), 2):
        assert not a.rect.inflated(-0.5).intersects(b.rect.inflated(-0.5)), (a.text, b.text)
    # Moving a shape keeps its connectors attached: the end follows.
    conn = next(c for c in connectors if ids[c.source.element] == "A")  # type: ignore[index]
    before = doc.connector_points(conn)[0]
    doc.execute(edits.move(doc, [shapes["A"].id], 0, 100))
    assert doc.connector_points(doc[conn.id])[0][1] == pytest.approx(before[1] + 100)  # type: ignore[arg-type]


def test_every_flowchart_shape_builds() -> None:
    text = "flowchart TD\n" + "\n".join(
        f"  n{i}{shape}" for i, shape in enumerate(
            ["[a]", "(a)", "([a])", "[[a]]", "[(a)]", "((a))", ">a]", "{a}", "{{a}}", "[/a/]", "[\\a\\]", "[/a\\]",
             "[\\a/]", "(((a)))", "@{ shape: doc, label: a }", "@{ shape: cloud, label: a }"]))
    doc = _build(text)
    assert sum(1 for e in doc if isinstance(e, Shape)) == 16
    assert len({e.shape for e in doc if isinstance(e, Shape)}) >= 14


def test_layout_hints_pin_dragged_nodes() -> None:
    doc = _build(FLOW, hints={"A": (1000.0, 2000.0)})
    a = _by_mermaid_id(doc)["A"]
    assert (a.x, a.y) == (1000.0, 2000.0)


def test_dark_theme_from_init_directive() -> None:
    result = read(b"%%{init: {'theme': 'dark'}}%%\nflowchart TD\n  A --> B\n", "x.mmd")
    assert result.diagrams[0].meta.theme == "dark"
    assert _by_mermaid_id(result.diagrams[0])["A"].style.fill == "#1f2020"


def test_class_diagram_has_compartments_and_relation_heads() -> None:
    doc = _build("""classDiagram
  class Animal {
    +String name
    +eat() void
  }
  class Duck
  Animal <|-- Duck : is a
  Animal "1" *-- "many" Leg
""")
    boxes = _by_mermaid_id(doc)
    assert set(boxes) == {"Animal", "Duck", "Leg"}
    animal = boxes["Animal"]
    assert isinstance(doc[animal.parent], Group)  # type: ignore[index]
    texts = [e.text for e in doc.children(animal.parent) if isinstance(e, Text)]  # type: ignore[arg-type]
    assert texts == ["+String name", "+eat() void"]
    connectors = [e for e in doc if isinstance(e, Connector)]
    inheritance = next(c for c in connectors if any(lbl.text == "is a" for lbl in c.labels))
    assert "open_triangle" in (inheritance.start_arrow, inheritance.end_arrow)
    composition = next(c for c in connectors if any(lbl.text == "many" for lbl in c.labels))
    assert "diamond" in (composition.start_arrow, composition.end_arrow)


def test_sequence_diagram_lifelines_messages_and_blocks() -> None:
    result = read(b"""sequenceDiagram
  participant A as Alice
  participant B as Bob
  A->>+B: Hello
  loop Every minute
    B-->>A: Tick
  end
  B->>B: think
  Note over A,B: done
""", "s.mmd")
    assert (result.nodes, result.edges) == (2, 3)
    doc = result.diagrams[0]
    lifelines = [c for c in doc if isinstance(c, Connector) and c.get("role") == "lifeline"]
    assert len(lifelines) == 2
    assert all(doc.get(c.source.element or "") is not None for c in lifelines)
    messages = [c for c in doc if isinstance(c, Connector) and c.get("role") == "message"]
    assert [m.labels[0].text for m in messages] == ["Hello", "Tick", "think"]
    heights = [m.source.y for m in messages]
    assert heights == sorted(heights) and len(set(heights)) == 3
    loop = next(f for f in doc if isinstance(f, Frame) and f.text.startswith("loop"))
    assert loop.y < heights[1] < loop.y + loop.h
    assert any(isinstance(e, Shape) and e.shape == "note" and e.text == "done" for e in doc)


def test_flowchart_round_trips_through_mermaid_text() -> None:
    doc = _build(FLOW)
    again = parse(to_mermaid(doc))
    original = parse(FLOW)
    assert again.counts() == original.counts()
    assert Counter((e.source, e.target, e.label) for e in again.edges) == Counter(
        (e.source, e.target, e.label) for e in original.edges)
    assert {k: n.label for k, n in again.nodes.items()} == {k: n.label for k, n in original.nodes.items()}
    assert {s.title for s in again.subgraphs} == {"Group one", "Inner"}


def test_a_drawn_diagram_exports_as_valid_mermaid() -> None:
    doc = Diagram()
    a = Shape(x=0, y=0, w=100, h=50, text='Say "hi"\nthen go')
    b = Shape(x=300, y=0, w=100, h=50, shape="ellipse", text="end")
    doc.execute(edits.add_elements(doc, [a, b]))
    txn, _ = edits.connect(doc, a.id, b.id, labels=())
    doc.execute(txn)
    doc.execute(edits.add(doc, Connector(source=Endpoint(a.id), target=Endpoint(x=5, y=5))))
    text = to_mermaid(doc)
    spec = parse(text)
    assert spec.counts() == (2, 1)
    assert sorted(n.label for n in spec.nodes.values()) == ["Say \"hi\"<br>then go", "end"]
    assert "left out" in text


def test_markdown_blocks_each_become_a_diagram_and_errors_keep_file_lines() -> None:
    md = b"# Doc\n\n```mermaid\nflowchart TD\n  A-->B\n```\ntext\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n"
    result = read(md, "notes.md")
    assert len(result.diagrams) == 2 and result.diagram_type == "mixed"
    assert (result.nodes, result.edges) == (4, 2)
    with pytest.raises(InvalidInput) as info:
        read(b"intro\n\n```mermaid\nflowchart TD\n  A[oops --> B\n```\n", "bad.md")
    assert info.value.problems[0].line == 5
