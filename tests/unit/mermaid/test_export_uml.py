"""Sequence, class, ER and state diagrams export back to their own Mermaid type and re-import to the same
structure, for hand-written examples and for generated ones; canvas edits show up in the text."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.elements import Connector, Shape, Text

SEQUENCE = """sequenceDiagram
    title Checkout
    autonumber
    box Aqua Front end
    actor U as User
    participant W as Web app
    end
    participant API
    database DB
    U->>+W: Sign in#59; please
    W->>+API: POST /session
    loop Every minute
        API-->>W: heartbeat
    end
    alt ok
        API-->>-W: 200 token
    else failure
        API--xW: 401
    end
    Note right of W: caches token
    Note over W,API: TLS everywhere
    create participant Log
    API->>Log: audit
    destroy Log
    Log-->>API: done
    W-)U: Welcome
    API->>API: self check
    par left
        W->>DB: read
    and right
        API->>DB: write
    end
"""
CLASSES = """classDiagram
    direction LR
    namespace Shapes {
        class Shape~T~ {
            <<interface>>
            +String name
            +area() double
        }
        class Circle["Round thing"]
    }
    class Zoo
    Shape <|-- Circle : extends
    Zoo "1" *-- "many" Circle : holds
    Zoo ..> Shape
    Circle o-- Zoo
    Zoo --() Feeder
    note for Zoo "keeps animals"
    note "a loose note"
"""
ER = """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE-ITEM : contains
    CUSTOMER }|..|{ DELIVERY-ADDRESS : "uses for shipping"
    p[Person] |o--o| CUSTOMER : is
    CUSTOMER {
        string id PK "the key"
        int shop_id FK, UK
    }
    PRODUCT
"""
STATES = """stateDiagram-v2
    [*] --> Idle
    Idle --> Busy : start
    state "Very busy" as Busy {
        [*] --> Work
        Work --> [*]
        state Work {
            [*] --> a
            a --> b
            --
            [*] --> c
            c --> [*]
        }
    }
    state ch <<choice>>
    Busy --> ch
    ch --> Idle : ok
    ch --> [*] : fail
    Idle : waiting
    note right of Idle : resting
    note left of Busy
        two
        lines
    end note
"""


def sequence_structure(spec: Any) -> object:
    return ([(p.id, p.label, p.kind, p.created_at, p.destroyed_at, p.box) for p in spec.participants],
            [(m.source, m.target, m.text, m.arrow, m.activate, m.deactivate) for m in spec.messages],
            [(n.placement, n.participants, n.text) for n in spec.notes],
            [(b.kind, b.label, b.parent, [(s.keyword, s.label, s.first_message) for s in b.sections])
             for b in spec.blocks], bool(spec.autonumber) and bool(spec.messages), spec.title)


def class_structure(spec: Any) -> object:
    return ({c.name: (c.label, c.generic, c.annotations, sorted(m.text for m in c.attributes),
                      sorted(m.text for m in c.methods), c.namespace) for c in spec.classes.values()},
            sorted((r.source, r.target, r.kind, r.line, r.source_cardinality, r.target_cardinality, r.label)
                   for r in spec.relations),
            sorted((n.text, n.for_class or "") for n in spec.notes), sorted((i.name, i.for_class) for i in spec.interfaces))


def er_structure(spec: Any) -> object:
    return ({e.name: (e.alias, [(a.type, a.name, a.keys, a.comment) for a in e.attributes])
             for e in spec.entities.values()},
            sorted((r.source, r.target, r.source_cardinality, r.target_cardinality, r.identifying, r.label)
                   for r in spec.relationships))


def state_structure(spec: Any) -> object:
    return ({k: (v.kind, v.description, v.parent) for k, v in spec.states.items()},
            sorted((t.source, t.target, t.label) for t in spec.transitions),
            sorted((n.state_id, n.side, n.text) for n in spec.notes))


STRUCTURES = {"sequence": sequence_structure, "class": class_structure, "er": er_structure, "state": state_structure}


def round_trip(text: str) -> tuple[object, object, str]:
    spec = parse(text)
    exported = to_mermaid(spec_to_diagram(spec))
    again = parse(exported)
    assert again.diagram_type == spec.diagram_type
    structure = STRUCTURES[spec.diagram_type]
    return structure(spec), structure(again), exported


def test_sequence_round_trip() -> None:
    before, after, text = round_trip(SEQUENCE)
    assert text.startswith("sequenceDiagram") and before == after


def test_class_round_trip() -> None:
    before, after, text = round_trip(CLASSES)
    assert text.startswith("classDiagram") and "direction LR" in text and before == after


def test_er_round_trip() -> None:
    before, after, text = round_trip(ER)
    assert text.startswith("erDiagram") and before == after


def test_state_round_trip() -> None:
    before, after, text = round_trip(STATES)
    assert text.startswith("stateDiagram-v2") and before == after


def test_canvas_edits_reach_the_exported_text() -> None:
    doc = spec_to_diagram(parse(SEQUENCE))
    late = next(c for c in doc if isinstance(c, Connector) and c.get("role") == "message"
                and "heartbeat" in c.labels[0].text)
    bottom = max(c.source.y for c in doc if isinstance(c, Connector) and c.get("role") == "message")
    doc.replace(late.evolve(source=late.source.__class__(x=late.source.x, y=bottom + 40),
                            target=late.target.__class__(x=late.target.x, y=bottom + 40)))
    assert [m.text for m in parse(to_mermaid(doc)).messages][-1] == "heartbeat", "a message dragged down comes last"
    doc = spec_to_diagram(parse(CLASSES))
    methods = next(t for t in doc if isinstance(t, Text) and t.text == "+area() double")
    doc.replace(methods.evolve(text="+area() double\n+perimeter() double"))
    shape = parse(to_mermaid(doc)).classes["Shape"]
    assert [m.name for m in shape.methods] == ["area", "perimeter"]
    doc = spec_to_diagram(parse(ER))
    person = next(s for s in doc if isinstance(s, Shape) and s.get("mermaid_id") == "p")
    doc.replace(person.evolve(text="Human"))
    assert parse(to_mermaid(doc)).entities["p"].alias == "Human"


IDS = st.sampled_from(["A", "B", "C", "Dee", "e_1"])
WORDS = st.text(alphabet="abc XY.é", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def sequences(draw: st.DrawFn) -> str:
    lines = ["sequenceDiagram"] + (["autonumber"] if draw(st.booleans()) else [])
    for pid in draw(st.lists(IDS, unique=True, max_size=3)):
        lines.append(f"{draw(st.sampled_from(['participant', 'actor', 'database', 'queue']))} {pid}")
    open_blocks = 0
    for _ in range(draw(st.integers(1, 8))):
        roll = draw(st.integers(0, 9))
        if roll == 0 and open_blocks < 2:
            lines.append(f"{draw(st.sampled_from(['loop', 'opt', 'critical', 'break']))} {draw(WORDS)}")
            open_blocks += 1
        elif roll == 1 and open_blocks:
            lines.append("end")
            open_blocks -= 1
        elif roll == 2:
            lines.append(f"Note {draw(st.sampled_from(['left of', 'right of', 'over']))} {draw(IDS)}: {draw(WORDS)}")
        else:
            arrow = draw(st.sampled_from(["->>", "-->>", "->", "-->", "-x", "--x", "-)", "--)", "<<->>"]))
            lines.append(f"{draw(IDS)}{arrow}{draw(IDS)}: {draw(WORDS)}")
    lines.extend(["end"] * open_blocks)
    return "\n".join(lines) + "\n"


@st.composite
def class_diagrams(draw: st.DrawFn) -> str:
    lines = ["classDiagram"]
    names = draw(st.lists(IDS, unique=True, min_size=1, max_size=4))
    for name in names:
        members = draw(st.lists(st.sampled_from(["+int size", "-String name", "+run() void", "#id()$"]), unique=True))
        lines.append(f"class {name}" + (" {" if members else ""))
        if members:
            lines.extend([*members, "}"])
    for _ in range(draw(st.integers(0, 5))):
        token = draw(st.sampled_from(["<|--", "*--", "o--", "-->", "--", "..>", "..|>", ".."]))
        card = draw(st.sampled_from(["", '"1" ']))
        label = draw(st.sampled_from(["", " : uses", " : has many"]))
        lines.append(f"{draw(st.sampled_from(names))} {card}{token} {draw(st.sampled_from(names))}{label}")
    if draw(st.booleans()):
        lines.append(f'note for {draw(st.sampled_from(names))} "{draw(WORDS)}"')
    return "\n".join(lines) + "\n"


@st.composite
def er_diagrams(draw: st.DrawFn) -> str:
    lines = ["erDiagram"]
    names = draw(st.lists(st.sampled_from(["CAR", "PERSON", "NAMED-DRIVER", "ROAD"]), unique=True, min_size=1))
    for name in names:
        attributes = draw(st.lists(st.sampled_from(['string reg PK', 'int age', 'string name "full name"',
                                                    'int car_id FK, UK']), unique=True))
        lines.append(name + (" {" if attributes else ""))
        if attributes:
            lines.extend([*attributes, "}"])
    for _ in range(draw(st.integers(0, 4))):
        left = draw(st.sampled_from(["||", "|o", "}o", "}|"]))
        right = draw(st.sampled_from(["||", "o|", "o{", "|{"]))
        line = draw(st.sampled_from(["--", ".."]))
        lines.append(f'{draw(st.sampled_from(names))} {left}{line}{right} {draw(st.sampled_from(names))} : "{draw(WORDS)}"')
    return "\n".join(lines) + "\n"


@st.composite
def state_diagrams(draw: st.DrawFn) -> str:
    lines = ["stateDiagram-v2", "[*] --> A"]
    if draw(st.booleans()):
        lines += ["state Comp {", "[*] --> inner", "inner --> [*]"]
        if draw(st.booleans()):
            lines += ["--", "[*] --> other"]
        lines.append("}")
    if draw(st.booleans()):
        lines.append("state pick <<choice>>")
    names = ["A", "B", "C"] + (["Comp"] if "state Comp {" in lines else []) + (["pick"] if any("pick" in x for x in lines) else [])
    for _ in range(draw(st.integers(0, 5))):
        label = draw(st.sampled_from(["", " : go", " : stop now"]))
        lines.append(f"{draw(st.sampled_from(names))} --> {draw(st.sampled_from([*names, '[*]']))}{label}")
    if draw(st.booleans()):
        lines.append(f"note {draw(st.sampled_from(['left', 'right']))} of A : {draw(WORDS)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(sequences(), class_diagrams(), er_diagrams(), state_diagrams()))
def test_generated_diagrams_round_trip(text: str) -> None:
    before, after, _ = round_trip(text)
    assert before == after
