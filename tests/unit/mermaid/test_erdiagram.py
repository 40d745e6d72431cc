"""ER diagram parser: entities, aliases, attributes with keys and comments, every cardinality notation, errors."""

from __future__ import annotations

import pytest

from autograph_desktop.mermaid.erdiagram import ERSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput


def er(text: str) -> ERSpec:
    spec = parse("erDiagram\n" + text)
    assert isinstance(spec, ERSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("erDiagram\n" + text)
    return info.value


@pytest.mark.parametrize(("left", "right", "source_card", "target_card"), [
    ("|o", "o|", "zero_or_one", "zero_or_one"),
    ("||", "||", "exactly_one", "exactly_one"),
    ("}o", "o{", "zero_or_more", "zero_or_more"),
    ("}|", "|{", "one_or_more", "one_or_more"),
    ("||", "o{", "exactly_one", "zero_or_more"),
    ("|o", "|{", "zero_or_one", "one_or_more"),
])
@pytest.mark.parametrize(("line", "identifying"), [("--", True), ("..", False)])
def test_symbol_cardinalities(left: str, right: str, source_card: str, target_card: str, line: str,
                              identifying: bool) -> None:
    for gap in (" ", ""):
        rel = er(f"A{gap}{left}{line}{right}{gap}B : label").relationships[0]
        assert (rel.source, rel.target, rel.label) == ("A", "B", "label")
        assert (rel.source_cardinality, rel.target_cardinality, rel.identifying) == (
            source_card, target_card, identifying)


@pytest.mark.parametrize(("word", "card"), [
    ("one or zero", "zero_or_one"), ("zero or one", "zero_or_one"),
    ("one or more", "one_or_more"), ("one or many", "one_or_more"), ("many(1)", "one_or_more"), ("1+", "one_or_more"),
    ("zero or more", "zero_or_more"), ("zero or many", "zero_or_more"), ("many(0)", "zero_or_more"),
    ("0+", "zero_or_more"), ("only one", "exactly_one"), ("1", "exactly_one"),
])
@pytest.mark.parametrize(("ident", "identifying"), [("to", True), ("optionally to", False)])
def test_word_cardinalities(word: str, card: str, ident: str, identifying: bool) -> None:
    rel = er(f"A {word} {ident} {word} B : label").relationships[0]
    assert (rel.source_cardinality, rel.target_cardinality, rel.identifying) == (card, card, identifying)
    assert (rel.source, rel.target) == ("A", "B")


def test_mixed_notation_and_quoted_labels() -> None:
    spec = er('A || to zero or more B : "has many"\nC only one -- o{ D : ""')
    assert spec.relationships[0].label == "has many" and spec.relationships[0].target_cardinality == "zero_or_more"
    assert spec.relationships[1].label == "" and spec.counts() == (4, 2)


def test_attributes_keys_comments() -> None:
    spec = er("""
    PERSON {
        string driversLicense PK "The license #"
        string(99) firstName "Only 99 characters"
        string[] nicknames
        int carId FK
        string email UK
        string code PK, FK
        *string starred
    }
    """)
    attrs = spec.entities["PERSON"].attributes
    assert [(a.type, a.name, a.keys, a.comment) for a in attrs] == [
        ("string", "driversLicense", ("PK",), "The license #"),
        ("string(99)", "firstName", (), "Only 99 characters"),
        ("string[]", "nicknames", (), ""),
        ("int", "carId", ("FK",), ""),
        ("string", "email", ("UK",), ""),
        ("string", "code", ("PK", "FK"), ""),
        ("*string", "starred", (), ""),
    ]


def test_entities_aliases_unicode_standalone() -> None:
    spec = er('p[Person] {\n string name\n}\na["Customer Account"]\n"This ❤ Unicode"\nLONELY\nE {}\n'
              "p ||--o| a : has")
    assert spec.entities["p"].label == "Person" and spec.entities["a"].label == "Customer Account"
    assert "This ❤ Unicode" in spec.entities and "LONELY" in spec.entities
    assert spec.counts() == (5, 1)


def test_one_line_block_and_styles() -> None:
    spec = er("E { int a PK string b }\ndirection LR\nclassDef hot fill:#f96\nclass E hot\nstyle E fill:#fff")
    entity = spec.entities["E"]
    assert [(a.name, a.keys) for a in entity.attributes] == [("a", ("PK",)), ("b", ())]
    assert entity.classes == ["hot"] and entity.style == {"fill": "#fff"} and spec.direction == "LR"


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("A ||--o< B : x", 2, "unknown relationship"),
    ("A||-->B", 2, "unknown relationship"),
    ("A-->B", 2, "cannot read"),
    ("A ||--o{ B", 2, "no label"),
    ("A {\n string name", 2, "never closed"),
    ("A {\n string\n}", 3, "no name"),
    ("A } B", 2, "cannot read"),
    ("direction XY", 2, "unknown direction"),
])
def test_errors(text: str, line: int, needle: str) -> None:
    problem = fails(text).problems[0]
    assert problem.line == line and needle in problem.message and problem.hint and problem.snippet


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
@pytest.mark.slow
def test_hostile_inputs() -> None:
    big = "\n".join(f"E{i} ||--o{{ E{i + 1} : r" for i in range(50_000))
    assert er(big).counts() == (50_001, 50_000)
    for line in ("A" * 1_000_000, "A ||--o{ B : " + "x" * 1_000_000, "A " + " " * 1_000_000 + "||--o{ B",
                 "A {" + " int x" * 200_000):
        try:
            er(line)
        except InvalidInput as error:
            assert error.problems[0].line == 2
