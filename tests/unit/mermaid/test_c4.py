"""C4 diagrams: macros and arguments, boundaries, relations, styles, the statement-order grid, round trip."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_fuzz import mutated, read_or_invalid

from autograph_desktop.mermaid.build_c4 import element_colours
from autograph_desktop.mermaid.c4 import C4Spec
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.theme import css_color
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Frame, Group, Shape, Text
from autograph_desktop.model.problems import InvalidInput

SHOP = """C4Container
    title Web shop containers
    Person(buyer, "Buyer", "Orders things online")
    System_Ext(pay, "Payment provider", "Takes cards", $link="https://pay.example")
    System_Boundary(shop, "Web shop") {
        Container(web, "Storefront", "TypeScript, React", "What buyers see")
        Container(api, "Orders API", "Kotlin", $tags="core")
        ContainerDb(db, "Orders DB", "PostgreSQL", "Orders and stock")
        ContainerQueue(bus, "Events", "Kafka")
        Container_Boundary(inner, "Back office") {
            Component(report, "Reports", "Python")
        }
    }
    Rel(buyer, web, "Browses", "HTTPS")
    Rel(web, api, "Calls", "JSON")
    BiRel(api, db, "Reads and writes")
    Rel_D(api, bus, "Publishes")
    Rel_Back(report, bus, "Consumes")
    Rel(api, pay, "Charges")
    UpdateElementStyle(pay, $bgColor="#aa3333", $fontColor="white")
    UpdateRelStyle(api, pay, $lineColor="red", $offsetY="-12")
"""
OUT = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


def c4(text: str) -> C4Spec:
    spec = parse(text)
    assert isinstance(spec, C4Spec)
    return spec


def bodies(doc: Diagram) -> dict[str, Shape]:
    return {el.get("mermaid_id"): el for el in doc if isinstance(el, Shape) and el.get("c4_macro")}


def texts_of(doc: Diagram, body: Shape) -> dict[str, str]:
    return {el.get("role"): el.text for el in doc if isinstance(el, Text) and el.parent == body.parent}


def test_elements_boundaries_and_relations() -> None:
    spec = c4(SHOP)
    assert spec.level == "C4Container" and spec.counts() == (7, 6) and spec.title == "Web shop containers"
    web, db, bus = spec.elements["web"], spec.elements["db"], spec.elements["bus"]
    assert (web.kind, web.techn, web.descr, web.parent) == ("container", "TypeScript, React", "What buyers see", "shop")
    assert (db.variant, bus.variant, spec.elements["pay"].external) == ("db", "queue", True)
    assert spec.elements["pay"].link == "https://pay.example" and spec.elements["api"].tags == "core"
    assert spec.boundaries["inner"].parent == "shop" and spec.elements["report"].parent == "inner"
    assert spec.children[None] == ["buyer", "pay", "shop"]
    assert [r.macro for r in spec.rels] == ["Rel", "Rel", "BiRel", "Rel_D", "Rel_Back", "Rel"]
    assert spec.rels[0].techn == "HTTPS" and spec.rel_styles[("api", "pay")]["offsetY"] == "-12"


def test_named_arguments_brace_on_next_line_and_layout_config() -> None:
    spec = c4("""C4Deployment
    Deployment_Node(dc, "Data centre", "Ubuntu", $descr="Main site")
    {
        Node_L(k8s, "Cluster", "Kubernetes") {
            Container(app, $label="App", $techn="Go")
        }
    }
    RelIndex(1, app, app, "Calls itself")
    UpdateLayoutConfig($c4ShapeInRow="2", $c4BoundaryInRow="1")
    """)
    assert spec.boundaries["dc"].type == "Ubuntu" and spec.boundaries["dc"].descr == "Main site"
    assert spec.boundaries["k8s"].macro == "Node_L" and spec.elements["app"].label == "App"
    assert spec.elements["app"].techn == "Go" and spec.rels[0].index == "1"
    assert (spec.shape_in_row, spec.boundary_in_row) == (2, 1)


def test_unsupported_layout_statements_warn() -> None:
    spec = c4('C4Context\nPerson(a, "A")\nPerson(b, "B")\nLay_R(a, b)\nRel(a, b, "x", $colour="red")\n')
    assert [(w.line, "Lay_R" in w.message or "$colour" in w.message) for w in spec.warnings] == [(4, True), (5, True)]


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ('Person(a, "A")\nPerson(a, "B")', 3, 8, "already declared on line 2"),
    ('Person(a, "A")\nRel(a, b, "x")', 3, 8, "'b' is not declared"),
    ('Persn(a, "A")', 2, 1, "did you mean 'Person'"),
    ('Person(a, "A)', 2, 1, "unclosed quote"),
    ('Person(a, "A"', 2, 1, "missing ')'"),
    ('Person()', 2, 9, "needs alias"),
    ('System_Boundary(b, "B") {\nPerson(a, "A")', 2, 1, "boundary 'b' is not closed"),
    ('}', 2, 1, "closes no boundary"),
    ('Person(a, "A") {', 2, 15, "cannot open a block"),
    ('Person(a, "A") trailing', 2, 1, "unexpected 'trailing'"),
    ('Person(a, "A" x)', 2, 1, "unexpected text after"),
])
def test_errors_are_located(body: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse("C4Context\n" + body)
    problem = info.value.problems[0]
    assert problem.hint and words in f"{problem.message} {problem.hint}"
    assert (problem.line, problem.column) == (line, column)


def test_grid_follows_statement_order_rows_and_boundaries() -> None:
    text = "C4Context\n" + "\n".join(f'System(s{i}, "S{i}")' for i in range(7)) + \
        '\nBoundary(b1, "One") {\nPerson(p, "P")\n}\nBoundary(b2, "Two") {\nSystem(t, "T")\n}\n' \
        'Boundary(b3, "Three") {\nSystem(u, "U")\n}\nUpdateLayoutConfig($c4ShapeInRow="3")\n'
    doc = spec_to_diagram(c4(text))
    els = bodies(doc)
    rows = [[els[f"s{i}"] for i in range(r, min(r + 3, 7))] for r in (0, 3, 6)]
    for row in rows:
        assert len({round(e.y) for e in row}) == 1 and [e.x for e in row] == sorted(e.x for e in row)
    assert rows[0][0].y < rows[1][0].y < rows[2][0].y
    frames = {f.get("mermaid_id"): f for f in doc if isinstance(f, Frame)}
    assert frames["b1"].y > rows[2][0].rect.bottom and frames["b1"].y == frames["b2"].y
    assert frames["b3"].y > frames["b1"].rect.bottom, "two boundaries per row by default"
    for a, b in itertools.combinations(els.values(), 2):
        assert not a.rect.intersects(b.rect)


def test_native_look_colours_person_head_texts_and_frames() -> None:
    doc = spec_to_diagram(c4(SHOP))
    els = bodies(doc)
    assert els["buyer"].style.fill == "#08427b" and els["web"].style.fill == "#438dd5"
    assert els["report"].style.fill == "#85bbf0" and els["db"].shape == "cylinder"
    assert els["pay"].style.fill == "#aa3333" and els["pay"].link == "https://pay.example"
    heads = [el for el in doc if isinstance(el, Shape) and el.get("role") == "c4_head"]
    assert len(heads) == 1 and heads[0].parent == els["buyer"].parent
    assert isinstance(doc.get(els["buyer"].parent or ""), Group)
    web = texts_of(doc, els["web"])
    assert web["c4_type"] == "[Container: TypeScript, React]" and web["c4_label"] == "Storefront"
    label_text = next(el for el in doc if isinstance(el, Text) and el.text == "Storefront")
    descr = next(el for el in doc if isinstance(el, Text) and el.text == "What buyers see")
    assert descr.style.font_size < label_text.style.font_size and label_text.style.font_weight == 700
    assert texts_of(doc, els["pay"])["c4_label"] and next(
        el for el in doc if isinstance(el, Text) and el.text == "Payment provider").style.text_color == "#ffffff"
    frames = {f.get("mermaid_id"): f for f in doc if isinstance(f, Frame)}
    assert frames["shop"].style.dash == "dashed" and frames["inner"].parent == frames["shop"].id
    for alias in ("web", "api", "db", "bus"):
        assert frames["shop"].rect.contains_rect(els[alias].rect)
    charges = next(c for c in doc if isinstance(c, Connector) and c.labels[0].text == "Charges")
    assert charges.style.stroke == css_color("red") and charges.labels[0].offset == -12


def test_relations_are_orthogonal_and_leave_through_their_sides() -> None:
    doc = spec_to_diagram(c4(SHOP))
    for conn in (c for c in doc if isinstance(c, Connector)):
        points = doc.connector_points(conn)
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6
        dx, dy = OUT[conn.source.side or ""]
        assert (points[1][0] - points[0][0]) * dx + (points[1][1] - points[0][1]) * dy > 0
    both = next(c for c in doc if isinstance(c, Connector) and c.get("c4_macro") == "BiRel")
    back = next(c for c in doc if isinstance(c, Connector) and c.get("c4_macro") == "Rel_Back")
    assert (both.start_arrow, both.end_arrow) == ("triangle", "triangle")
    assert (back.start_arrow, back.end_arrow) == ("triangle", "none")
    calls = next(c for c in doc if isinstance(c, Connector) and c.labels[0].text.startswith("Browses"))
    assert calls.labels[0].text == "Browses\n[HTTPS]"


def test_dynamic_relations_are_numbered() -> None:
    doc = spec_to_diagram(c4('C4Dynamic\nContainer(a, "A")\nContainer(b, "B")\nRel(a, b, "first")\n'
                             'RelIndex(7, b, a, "second")\n'))
    labels = sorted(c.labels[0].text for c in doc if isinstance(c, Connector))
    assert labels == ["1: first", "2: second"]


def _structure(spec: C4Spec) -> dict[str, object]:
    return {
        "level": spec.level,
        "elements": {a: (e.macro, e.label, e.techn, e.descr, e.parent, e.tags, e.link)
                     for a, e in spec.elements.items()},
        "boundaries": {a: (b.macro, b.label, b.type, b.parent) for a, b in spec.boundaries.items()},
        "rels": sorted((r.macro, r.source, r.target, r.label, r.techn) for r in spec.rels),
        "colours": {a: element_colours(e, spec.element_styles.get(a)) for a, e in spec.elements.items()},
        "layout": (spec.shape_in_row, spec.boundary_in_row),
        "title": spec.title or "",
    }


def test_export_round_trips_the_example() -> None:
    spec = c4(SHOP)
    text = to_mermaid(spec_to_diagram(spec))
    assert text.startswith("C4Container")
    assert _structure(c4(text)) == _structure(spec)


WORDS = st.text(alphabet='abcXYZ ,()"é#<>', min_size=1, max_size=12).map(str.strip).filter(bool)
MACROS = st.sampled_from(["Person", "Person_Ext", "System", "SystemDb_Ext", "SystemQueue", "Container",
                          "ContainerDb", "Component_Ext", "ComponentQueue"])


@st.composite
def c4_sources(draw: st.DrawFn) -> str:
    level = draw(st.sampled_from(["C4Context", "C4Container", "C4Component", "C4Deployment"]))
    lines = [level]
    aliases: list[str] = []
    open_blocks = 0
    for n in range(draw(st.integers(1, 10))):
        choice = draw(st.integers(0, 4))
        if choice == 0 and open_blocks < 3:
            macro = draw(st.sampled_from(["Boundary", "System_Boundary", "Container_Boundary", "Deployment_Node"]))
            lines.append(f'{macro}(b{n}, "{_q(draw(WORDS))}") {{')
            open_blocks += 1
        elif choice == 1 and open_blocks:
            lines.append("}")
            open_blocks -= 1
        else:
            macro = draw(MACROS)
            techn = f', "{_q(draw(WORDS))}"' if macro.startswith(("Container", "Component")) else ""
            lines.append(f'{macro}(e{n}, "{_q(draw(WORDS))}"{techn}, "{_q(draw(WORDS))}")')
            aliases.append(f"e{n}")
    lines.extend("}" for _ in range(open_blocks))
    for _ in range(draw(st.integers(0, 5)) if aliases else 0):
        macro = draw(st.sampled_from(["Rel", "BiRel", "Rel_Back", "Rel_U", "Rel_R"]))
        lines.append(f'{macro}({draw(st.sampled_from(aliases))}, {draw(st.sampled_from(aliases))}, '
                     f'"{_q(draw(WORDS))}", "{_q(draw(WORDS))}")')
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return text.replace('"', "#quot;")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c4_sources())
def test_generated_diagrams_round_trip(text: str) -> None:
    spec = c4(text)
    assert _structure(c4(to_mermaid(spec_to_diagram(spec)))) == _structure(spec)


@settings(max_examples=80, deadline=None)
@given(mutated(SHOP))
def test_mutated_sources_never_crash(text: str) -> None:
    read_or_invalid(text)


def test_styles_for_unknown_names_warn() -> None:
    spec = c4('C4Context\nPerson(a, "A")\nUpdateElementStyle(ghost, $bgColor="red")\n'
              'UpdateRelStyle(a, ghost, $lineColor="red")\n')
    assert sorted("ghost" in w.message for w in spec.warnings) == [True, True]
