"""Class diagram parser: classes, members, generics, every relation, cardinalities, namespaces, notes, errors."""

from __future__ import annotations

import pytest

from autograph_desktop.mermaid.classdiagram import ClassDiagramSpec, generic_text, parse_member
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput


def cls(text: str) -> ClassDiagramSpec:
    spec = parse("classDiagram\n" + text)
    assert isinstance(spec, ClassDiagramSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("classDiagram\n" + text)
    return info.value


@pytest.mark.parametrize(("arrow", "kind", "line", "left", "right"), [
    ("<|--", "inheritance", "solid", "triangle", "none"),
    ("--|>", "inheritance", "solid", "none", "triangle"),
    ("*--", "composition", "solid", "diamond_filled", "none"),
    ("--*", "composition", "solid", "none", "diamond_filled"),
    ("o--", "aggregation", "solid", "diamond", "none"),
    ("--o", "aggregation", "solid", "none", "diamond"),
    ("<--", "association", "solid", "arrow", "none"),
    ("-->", "association", "solid", "none", "arrow"),
    ("--", "link", "solid", "none", "none"),
    ("<..", "dependency", "dashed", "arrow", "none"),
    ("..>", "dependency", "dashed", "none", "arrow"),
    ("<|..", "realization", "dashed", "triangle", "none"),
    ("..|>", "realization", "dashed", "none", "triangle"),
    ("..", "link", "dashed", "none", "none"),
    ("<|--|>", "inheritance", "solid", "triangle", "triangle"),
    ("*--*", "composition", "solid", "diamond_filled", "diamond_filled"),
    ("<-->", "association", "solid", "arrow", "arrow"),
])
def test_relations(arrow: str, kind: str, line: str, left: str, right: str) -> None:
    spec = cls(f"A {arrow} B : label")
    relation = spec.relations[0]
    assert (relation.source, relation.target, relation.label) == ("A", "B", "label")
    assert (relation.kind, relation.line, relation.source_head, relation.target_head) == (kind, line, left, right)
    assert spec.counts() == (2, 1)


def test_relations_without_spaces() -> None:
    assert cls("A<|--B\nC..>D").counts() == (4, 2)


def test_cardinalities() -> None:
    spec = cls('Customer "1" --> "*" Ticket\nGalaxy --> "many" Star : Contains\nA "0..1" o-- B')
    assert [(r.source_cardinality, r.target_cardinality) for r in spec.relations] == [
        ("1", "*"), ("", "many"), ("0..1", "")]
    assert spec.relations[1].label == "Contains"


def test_lollipop_interfaces_are_not_classes() -> None:
    spec = cls("bar ()-- foo\nfoo --() baz")
    assert spec.counts() == (1, 2)
    assert [(i.name, i.for_class) for i in spec.interfaces] == [("bar", "foo"), ("baz", "foo")]
    assert spec.relations[0].kind == "lollipop"


def test_class_body_members_and_classifiers() -> None:
    spec = cls("""
    class BankAccount{
        +String owner
        -BigDecimal balance$
        #id: int
        ~packageField
        +deposit(amount) bool
        +withdrawal(amount: int)$ int
        +abstractThing()*
        <<Entity>>
    }
    BankAccount : +open(name, when) void
    """)
    node = spec.classes["BankAccount"]
    assert [(a.visibility, a.type, a.name, a.is_static) for a in node.attributes] == [
        ("+", "String", "owner", False), ("-", "BigDecimal", "balance", True), ("#", "int", "id", False),
        ("~", "", "packageField", False)]
    assert [(m.visibility, m.name, m.parameters, m.type, m.is_static, m.is_abstract) for m in node.methods] == [
        ("+", "deposit", "amount", "bool", False, False),
        ("+", "withdrawal", "amount: int", "int", True, False),
        ("+", "abstractThing", "", "", False, True),
        ("+", "open", "name, when", "void", False, False)]
    assert node.annotations == ["Entity"]


def test_generics() -> None:
    spec = cls("class Square~Shape~{\n  List~int~ position\n  getMatrix() List~List~int~~\n}\nSquare~Shape~ <|-- Box")
    square = spec.classes["Square"]
    assert square.generic == "Shape"
    assert square.attributes[0].type == "List<int>" and square.methods[0].type == "List<List<int>>"
    assert spec.counts() == (2, 1)
    assert generic_text("Map~K, V~") == "Map<K, V>"


def test_member_parsing_helpers() -> None:
    assert parse_member("+getMessages() List~string~").type == "List<string>"
    assert parse_member("int count$").is_static
    assert parse_member("draw()$").is_static


def test_annotations_labels_backticks() -> None:
    spec = cls('<<interface>> Shape\nclass Animal["Animal with a label"]\nclass `Animal Class!`\n`Animal Class!` --> Car')
    assert spec.classes["Shape"].annotations == ["interface"]
    assert spec.classes["Animal"].label == "Animal with a label"
    assert "Animal Class!" in spec.classes and spec.relations[0].source == "Animal Class!"


def test_one_line_body_and_empty_body() -> None:
    spec = cls("class A { +int x }\nclass B {\n}")
    assert spec.classes["A"].attributes[0].name == "x" and spec.counts() == (2, 0)


def test_namespaces_notes_direction_and_styles() -> None:
    spec = cls("""
    direction LR
    namespace Shapes {
        class Triangle
        class Rect {
            double width
        }
    }
    note "general"
    note for Rect "a note"
    classDef hot fill:#f96
    cssClass "Triangle,Rect" hot
    style Rect fill:#fff
    Triangle:::cold
    click Rect href "https://example.com" "tip" _blank
    callback Triangle "fn" "call me"
    """)
    assert spec.direction == "LR"
    assert spec.namespaces[0].name == "Shapes" and spec.namespaces[0].class_names == ["Triangle", "Rect"]
    assert spec.classes["Rect"].namespace == "Shapes"
    assert [(n.text, n.for_class) for n in spec.notes] == [("general", None), ("a note", "Rect")]
    assert spec.classes["Triangle"].css_classes == ["hot", "cold"]
    assert spec.classes["Rect"].style == {"fill": "#fff"}
    assert spec.classes["Rect"].link == "https://example.com" and spec.classes["Rect"].link_target == "_blank"
    assert spec.classes["Triangle"].callback == "fn" and spec.classes["Triangle"].tooltip == "call me"
    assert spec.counts() == (2, 0)


def test_style_for_an_unknown_class_creates_nothing() -> None:
    spec = cls("style Ghost fill:#fff\nclass A")
    assert spec.counts() == (1, 0) and "Ghost" in spec.warnings[0].message


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("A -> B", 2, "unknown relation"),
    ("class A {\n+x", 2, "never closed"),
    ("namespace N {\nclass A", 2, "never closed"),
    ("}", 2, "without an open"),
    ("this is not mermaid", 2, "cannot read"),
    ("direction XY", 2, "unknown direction"),
    ("note for A missing quotes", 2, "note"),
])
def test_errors(text: str, line: int, needle: str) -> None:
    problem = fails(text).problems[0]
    assert problem.line == line and needle in problem.message and problem.hint and problem.snippet


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
@pytest.mark.slow
def test_hostile_inputs() -> None:
    big = "\n".join(f"C{i} <|-- C{i + 1}" for i in range(100_000))
    assert cls(big).counts() == (100_001, 100_000)
    with pytest.raises(InvalidInput):
        cls("A" * 1_000_000 + " -> B")
    cls("class A {\n" + "+int x\n" * 10_000 + "}")
    nested = "namespace N {\n" * 10_000 + "}\n" * 10_000
    assert cls(nested).counts() == (0, 0)
