"""Flowchart parser: directions, every shape, every link, labels, subgraphs, styling, clicks, errors, hostile input."""

from __future__ import annotations

import pytest

from autograph_desktop.mermaid.flowchart import FlowchartSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput


def flow(text: str) -> FlowchartSpec:
    spec = parse(text)
    assert isinstance(spec, FlowchartSpec)
    return spec


def body(text: str, header: str = "flowchart LR") -> FlowchartSpec:
    return flow(header + "\n" + text)


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


# --- header -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "direction"), [
    ("flowchart TB", "TB"), ("flowchart TD", "TB"), ("graph BT", "BT"), ("graph LR", "LR"),
    ("flowchart RL", "RL"), ("flowchart", "TB"), ("graph", "TB"), ("graph TD;", "TB"), ("graph >", "LR"),
    ("flowchart-elk LR", "LR"),
])
def test_directions(header: str, direction: str) -> None:
    assert flow(header + "\nA --> B").direction == direction


def test_statements_on_the_header_line() -> None:
    spec = flow("graph TD;A-->B;B-->C;")
    assert spec.counts() == (3, 2)


def test_unknown_direction_is_located() -> None:
    problem = fails("graph XY\nA-->B").problems[0]
    assert problem.line == 1 and problem.column == 7
    assert "XY" in problem.message and problem.hint


# --- nodes and shapes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "shape", "label"), [
    ("A", "rectangle", "A"),
    ("A[text]", "rectangle", "text"),
    ("A(text)", "rounded", "text"),
    ("A([text])", "stadium", "text"),
    ("A[[text]]", "subroutine", "text"),
    ("A[(text)]", "cylinder", "text"),
    ("A((text))", "circle", "text"),
    ("A(((text)))", "double_circle", "text"),
    ("A>text]", "asymmetric", "text"),
    ("A{text}", "diamond", "text"),
    ("A{{text}}", "hexagon", "text"),
    ("A[/text/]", "parallelogram", "text"),
    ("A[\\text\\]", "parallelogram_alt", "text"),
    ("A[/text\\]", "trapezoid", "text"),
    ("A[\\text/]", "trapezoid_alt", "text"),
    ('A["quoted [text] (here)"]', "rectangle", "quoted [text] (here)"),
    ('A("a;b")', "rounded", "a;b"),
    ("A[a;b]", "rectangle", "a;b"),
])
def test_bracket_shapes(source: str, shape: str, label: str) -> None:
    node = body(source).nodes["A"]
    assert (node.shape, node.label) == (shape, label)


@pytest.mark.parametrize(("name", "shape"), [
    ("rect", "rectangle"), ("rounded", "rounded"), ("stadium", "stadium"), ("subproc", "subroutine"),
    ("cyl", "cylinder"), ("db", "cylinder"), ("circle", "circle"), ("dbl-circ", "double_circle"),
    ("diam", "diamond"), ("decision", "diamond"), ("hex", "hexagon"), ("lean-r", "parallelogram"),
    ("lean-l", "parallelogram_alt"), ("trap-b", "trapezoid"), ("trap-t", "trapezoid_alt"),
    ("doc", "document"), ("docs", "multi_document"), ("delay", "delay"), ("h-cyl", "horizontal_cylinder"),
    ("lin-cyl", "lined_cylinder"), ("fork", "fork"), ("join", "fork"), ("text", "text"), ("odd", "asymmetric"),
    ("notch-rect", "notched_rectangle"), ("bolt", "lightning_bolt"), ("brace-r", "brace_right"),
    ("st-rect", "multi_process"), ("tag-doc", "tagged_document"), ("sm-circ", "small_circle"),
    ("fr-circ", "framed_circle"), ("f-circ", "filled_circle"), ("cross-circ", "crossed_circle"),
    ("hourglass", "hourglass"), ("flag", "flag"), ("bow-rect", "bow_tie_rectangle"), ("win-pane", "window_pane"),
    ("Rect", "rectangle"),
])
def test_named_shapes(name: str, shape: str) -> None:
    node = body(f'A@{{ shape: {name}, label: "Hi, there" }}').nodes["A"]
    assert (node.shape, node.shape_name, node.label) == (shape, name, "Hi, there")


def test_shape_data_with_icon_and_extra_keys() -> None:
    node = body('A@{ icon: "fa:user", form: "square", label: "User", pos: "t", h: 60 }').nodes["A"]
    assert node.shape == "icon" and node.data == {"icon": "fa:user", "form": "square", "pos": "t", "h": "60"}
    assert node.label == "User"


def test_shape_data_then_edges_and_classes() -> None:
    spec = body("A@{ shape: diam }:::hot --> B@{shape: cyl}")
    assert spec.nodes["A"].shape == "diamond" and spec.nodes["A"].classes == ["hot"]
    assert spec.nodes["B"].shape == "cylinder" and spec.counts() == (2, 1)


def test_unknown_named_shape() -> None:
    problem = fails("flowchart\nA@{ shape: rectt }").problems[0]
    assert "rectt" in problem.message and problem.hint and "rect" in problem.hint


def test_last_label_wins_and_first_line_is_kept() -> None:
    spec = body("A --> B\nA[First]\nA(Second)")
    node = spec.nodes["A"]
    assert (node.label, node.shape, node.line) == ("Second", "rounded", 2)


def test_markdown_entities_unicode_and_end_in_labels() -> None:
    spec = body('md["`**bold** _it_`"] --> u["❤ #quot;q#quot; #9829;"]\nx[end] --> y(the end)\nü --> 東京')
    assert spec.nodes["md"].label == "**bold** _it_" and spec.nodes["md"].is_markdown
    assert spec.nodes["u"].label == '❤ "q" ♥'
    assert spec.nodes["x"].label == "end" and spec.nodes["y"].label == "the end"
    assert "ü" in spec.nodes and "東京" in spec.nodes


def test_multiline_markdown_label() -> None:
    spec = body('a["`Line 1\nLine 2`"] --> b')
    assert spec.nodes["a"].label == "Line 1\nLine 2" and spec.counts() == (2, 1)


def test_ids_with_dashes_and_dots() -> None:
    spec = body("dev-ops --> my.node\nA-->B")
    assert set(spec.nodes) == {"dev-ops", "my.node", "A", "B"}


# --- links ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("link", "stroke", "start", "end", "length"), [
    ("-->", "normal", "none", "arrow", 1),
    ("---", "normal", "none", "none", 1),
    ("-.->", "dotted", "none", "arrow", 1),
    ("-.-", "dotted", "none", "none", 1),
    ("==>", "thick", "none", "arrow", 1),
    ("===", "thick", "none", "none", 1),
    ("~~~", "invisible", "none", "none", 1),
    ("--o", "normal", "none", "circle", 1),
    ("--x", "normal", "none", "cross", 1),
    ("<-->", "normal", "arrow", "arrow", 1),
    ("o--o", "normal", "circle", "circle", 1),
    ("x--x", "normal", "cross", "cross", 1),
    ("<==>", "thick", "arrow", "arrow", 1),
    ("--->", "normal", "none", "arrow", 2),
    ("---->", "normal", "none", "arrow", 3),
    ("-..->", "dotted", "none", "arrow", 2),
    ("-...->", "dotted", "none", "arrow", 3),
    ("====>", "thick", "none", "arrow", 3),
])
def test_links(link: str, stroke: str, start: str, end: str, length: int) -> None:
    edge = body(f"A {link} B").edges[0]
    assert (edge.source, edge.target) == ("A", "B")
    assert (edge.stroke, edge.start_arrow, edge.end_arrow, edge.min_length) == (stroke, start, end, length)


@pytest.mark.parametrize(("source", "label", "stroke"), [
    ("A -- text --> B", "text", "normal"),
    ("A-- text -->B", "text", "normal"),
    ("A -. text .-> B", "text", "dotted"),
    ("A == text ==> B", "text", "thick"),
    ("A -->|text| B", "text", "normal"),
    ("A-->|text|B", "text", "normal"),
    ("A --> |text| B", "text", "normal"),
    ('A -->|"a | b"| B', "a | b", "normal"),
    ('A -- "quoted -->" --> B', "quoted -->", "normal"),
    ("A ==>|heavy| B", "heavy", "thick"),
    ("A -- end --> B", "end", "normal"),
])
def test_link_text(source: str, label: str, stroke: str) -> None:
    edge = body(source).edges[0]
    assert (edge.source, edge.target, edge.label, edge.stroke) == ("A", "B", label, stroke)


def test_circle_edge_quirk() -> None:
    spec = body("A---oB\nC--- ops")
    assert spec.edges[0].end_arrow == "circle" and spec.edges[0].target == "B"
    assert spec.edges[1].target == "ops" and spec.edges[1].end_arrow == "none"


def test_chains_and_ampersands() -> None:
    spec = body("A --> B --> C\nD & E --> F & G")
    assert [(e.source, e.target) for e in spec.edges] == [
        ("A", "B"), ("B", "C"), ("D", "F"), ("D", "G"), ("E", "F"), ("E", "G")]
    assert spec.counts() == (7, 6)


def test_labelled_chain() -> None:
    spec = body("A -- one --> B -- two --> C")
    assert [e.label for e in spec.edges] == ["one", "two"]


def test_edge_ids_and_edge_data() -> None:
    spec = body("A e1@--> B\nB e2@==> C\ne1@{ animate: true }")
    assert [e.id for e in spec.edges] == ["e1", "e2"]
    assert spec.edges[0].data == {"animate": "true"} and spec.edges[1].stroke == "thick"
    assert spec.counts() == (3, 2)


def test_edge_animation_class_with_escaped_comma() -> None:
    spec = body("A e1@==> B\nclassDef animate stroke-dasharray: 9\\,5,stroke-dashoffset: 900\nclass e1 animate\n"
                "e1@{ animation: fast }")
    assert spec.edges[0].classes == ["animate"] and spec.edges[0].data == {"animation": "fast"}
    assert spec.class_defs["animate"] == {"stroke-dasharray": "9,5", "stroke-dashoffset": "900"}
    assert not spec.warnings


def test_duplicate_edges_get_distinct_ids() -> None:
    spec = body("A --> B\nA --> B")
    assert len({e.id for e in spec.edges}) == 2


# --- subgraphs ------------------------------------------------------------------------------------------

def test_subgraphs_nested_with_titles_and_directions() -> None:
    spec = body("""
    c1 --> a2
    subgraph one [First one]
      direction TB
      a1 --> a2
      subgraph inner
        b1
      end
      b1 --> z
    end
    subgraph "Quoted title"
      q
    end
    subgraph some words here
      w
    end
    subgraph two
      t
    end
    one --> two
    """)
    subs = {s.id: s for s in spec.subgraphs}
    assert subs["one"].title == "First one" and subs["one"].direction == "TB"
    assert subs["one"].node_ids == ["a1", "a2", "z"]
    assert subs["inner"].parent == "one" and subs["inner"].node_ids == ["b1"]
    quoted = next(s for s in spec.subgraphs if s.title == "Quoted title")
    assert quoted.id.startswith("subGraph") and quoted.node_ids == ["q"]
    assert any(s.title == "some words here" and s.node_ids == ["w"] for s in spec.subgraphs)
    # Subgraph ids are clusters, not vertices, even when linked to.
    assert "one" not in spec.nodes and "two" not in spec.nodes
    assert spec.counts() == (8, 4)
    assert spec.edges[-1].source == "one" and spec.edges[-1].target == "two"


def test_unnamed_subgraphs_are_numbered_as_they_close() -> None:
    spec = body("subgraph outer title\nsubgraph inner title\nA\nend\nB\nend\nsubgraph named\nC\nend")
    ids = [(s.id, s.title, s.parent) for s in spec.subgraphs]
    assert ids == [("subGraph0", "inner title", "subGraph1"), ("subGraph1", "outer title", None),
                   ("named", "named", None)]


def test_quoted_single_word_subgraph_title_is_its_id() -> None:
    spec = body('subgraph "Backend"\nA\nend\nB --> Backend')
    assert spec.subgraphs[0].id == "Backend" and spec.counts() == (2, 1)


def test_style_inside_a_subgraph_does_not_make_a_member() -> None:
    spec = body("X\nsubgraph s\nA\nstyle X fill:#fff\nend")
    assert spec.subgraphs[0].node_ids == ["A"]


def test_subgraph_id_with_bracket_title_without_space() -> None:
    spec = body('subgraph s1["Quoted title"]\nA\nend')
    assert (spec.subgraphs[0].id, spec.subgraphs[0].title) == ("s1", "Quoted title")


def test_node_in_sibling_subgraphs_belongs_to_the_first() -> None:
    spec = body("subgraph a\nx\nend\nsubgraph b\nx --> y\nend")
    subs = {s.id: s.node_ids for s in spec.subgraphs}
    assert subs == {"a": ["x"], "b": ["y"]}


def test_unclosed_subgraph_points_at_it() -> None:
    problem = fails("flowchart\nsubgraph one\nA --> B\n").problems[0]
    assert problem.line == 2 and "never closed" in problem.message and "end" in (problem.hint or "")


def test_unclosed_untitled_subgraph() -> None:
    problem = fails("flowchart\nsubgraph\nA").problems[0]
    assert problem.line == 2 and "(untitled)" in problem.message and "\x00" not in problem.message


def test_stray_end() -> None:
    problem = fails("flowchart\nA --> B\nend").problems[0]
    assert problem.line == 3 and "end" in problem.message


def test_end_as_a_node_id_is_explained() -> None:
    problem = fails("flowchart\nA --> end").problems[0]
    assert problem.column == 7 and "End" in (problem.hint or "")


# --- styling and interaction ----------------------------------------------------------------------------

def test_class_defs_classes_styles() -> None:
    spec = body("""
    A --> B:::warm
    classDef default fill:#eee
    classDef hot,warm fill:#f96,stroke:#333,stroke-width:4px;
    classDef fancy color:rgb(1, 2, 3),stroke-dasharray: 5 5
    class A,B hot
    style A fill:#f9f,stroke:#333
    style S fill:#fff
    """)
    assert spec.class_defs["default"] == {"fill": "#eee"}
    assert spec.class_defs["warm"]["stroke-width"] == "4px"
    assert spec.class_defs["fancy"] == {"color": "rgb(1, 2, 3)", "stroke-dasharray": "5 5"}
    assert spec.nodes["A"].classes == ["hot"] and spec.nodes["B"].classes == ["warm", "hot"]
    assert spec.nodes["A"].style == {"fill": "#f9f", "stroke": "#333"}
    assert "S" in spec.nodes  # Mermaid's style statement creates the vertex.


def test_subgraph_style_and_class() -> None:
    spec = body("subgraph one\nA\nend\nstyle one fill:#fff\nclass one hot")
    sub = spec.subgraphs[0]
    assert sub.style == {"fill": "#fff"} and sub.classes == ["hot"] and spec.counts() == (1, 0)


def test_link_styles() -> None:
    spec = body("A --> B\nB --> C\nlinkStyle 0,1 stroke:#f00,stroke-width:2px\nlinkStyle default interpolate basis "
                "color:blue")
    assert spec.edges[0].style == {"stroke": "#f00", "stroke-width": "2px", "color": "blue"}
    assert spec.link_styles[0].indices == (0, 1) and spec.link_styles[1].indices is None
    assert spec.edges[1].interpolate == "basis"


def test_link_style_out_of_range() -> None:
    problem = fails("flowchart\nA --> B\nlinkStyle 5 stroke:red").problems[0]
    assert problem.line == 3 and "5" in problem.message


def test_clicks_are_data() -> None:
    spec = body("""
    A --> B --> C --> D --> E
    click A callback "Tooltip for a callback"
    click B "https://www.github.com" "This is a link"
    click C call callback() "Tooltip"
    click D href "https://www.github.com" "tip" _blank
    click E call fn(1, "x")
    """)
    kinds = [(c.node_id, c.kind, c.target, c.tooltip, c.window) for c in spec.clicks]
    assert kinds == [
        ("A", "callback", "callback", "Tooltip for a callback", None),
        ("B", "link", "https://www.github.com", "This is a link", None),
        ("C", "callback", "callback", "Tooltip", None),
        ("D", "link", "https://www.github.com", "tip", "_blank"),
        ("E", "callback", "fn", None, None),
    ]
    assert spec.nodes["D"].link == "https://www.github.com" and spec.nodes["D"].link_target == "_blank"
    assert spec.nodes["A"].tooltip == "Tooltip for a callback"


def test_accessibility_and_title() -> None:
    spec = flow("---\ntitle: My chart\n---\nflowchart LR\naccTitle: The title\naccDescr {\n  line one\n  line two\n}\n"
                "A --> B")
    assert spec.title == "My chart" and spec.acc_title == "The title"
    assert spec.acc_descr == "line one\nline two" and spec.counts() == (2, 1)


def test_tolerance_whitespace_semicolons_comments() -> None:
    spec = flow("flowchart TD;\n\n   A-->B;  \n\tB --> C ;;\n%% comment\nC --> D %% trailing\n")
    assert spec.counts() == (4, 3)


# --- errors ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "line", "column", "needle"), [
    ("A -> B", 2, 3, "unknown arrow"),
    ("A[abc --> B", 2, 2, "unclosed"),
    ('A["abc] --> B', 2, 3, "unclosed quote"),
    ("A -->", 2, 3, "no target"),
    ("A --> B C", 2, 9, "unexpected"),
    ("A -->|text B", 2, 6, "not closed"),
    ("direction XY", 2, 11, "unknown direction"),
    ("A((circle) --> B", 2, 2, "unclosed"),
    ("A{{hex} --> B", 2, 2, "unclosed"),
])
def test_errors_are_located_with_hints(source: str, line: int, column: int, needle: str) -> None:
    error = fails("flowchart LR\n" + source)
    problem = error.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert needle in problem.message
    assert problem.snippet == source and problem.hint


# --- hostile input and speed ----------------------------------------------------------------------------

@pytest.mark.timeout(90)  # a hang guard: linear parsing finishes in seconds
@pytest.mark.slow
def test_many_lines() -> None:
    text = "flowchart LR\n" + "\n".join(f"n{i} --> n{i + 1}" for i in range(100_000))
    assert flow(text).counts() == (100_001, 100_000)


@pytest.mark.slow
def test_deeply_nested_subgraphs() -> None:
    depth = 10_000
    text = "flowchart\n" + "".join(f"subgraph s{i}\n" for i in range(depth)) + "x\n" + "end\n" * depth
    spec = flow(text)
    assert len(spec.subgraphs) == depth and spec.counts() == (1, 0)
    assert spec.subgraphs[0].id == f"s{depth - 1}" and spec.subgraphs[0].parent == f"s{depth - 2}"


@pytest.mark.slow
@pytest.mark.parametrize("line", [
    "A" * 1_000_000,
    "A[" + "x" * 1_000_000 + "]",
    "A[" + "x" * 1_000_000,
    "A -- " + "-" * 1_000_000,
    "A -. " + "." * 1_000_000,
    "A" + " --> B" * 100_000,
    "A" + "[" * 500_000,
    '"' * 1_000_000,
    "A[x]" + " --> B[y]" * 100_000,
    "A" + " -->|t| B" * 100_000,
    "A" + " -- t --> B" * 100_000,
    "A" + " -. t .-> B" * 100_000,
    "classDef c fill:#fff;" * 50_000,
    "classDef c " + "x" * 1_000_000,
    'A["' + "x\n" * 100_000 + '"]',
])
@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_megabyte_lines_finish_quickly(line: str) -> None:
    try:
        flow("flowchart LR\n" + line)
    except InvalidInput as error:
        assert error.problems[0].line == 2


def test_nul_bytes_are_a_clean_error() -> None:
    fails("flowchart LR\nA --> B\x00")


def test_three_thousand_nodes_parse_completely() -> None:
    """Speed is measured in benchmarks/bench_mermaid.py; here the big chart must come out whole."""
    text = "flowchart LR\n" + "\n".join(f"n{i}[Node {i}] --> n{i + 1}(Next {i})" for i in range(3000))
    spec = flow(text)
    assert spec.counts() == (3001, 3000)
    assert spec.nodes["n2999"].label == "Node 2999" and spec.nodes["n3000"].shape == "rounded"
