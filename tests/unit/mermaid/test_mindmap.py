"""Mindmap parser: indentation tree, shapes, icons, classes, markdown strings, root rule, hostile input."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.mindmap import MindmapSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput

EXAMPLE = """mindmap
  root((mindmap))
    Origins
      Long history
      ::icon(fa fa-book)
      Popularisation
        British popular psychology author Tony Buzan
    Research
      On effectivness<br/>and features
      On Automatic creation
        Uses
            Creative techniques
            Strategic planning
            Argument mapping
    Tools
      Pen and paper
      Mermaid
"""


def mindmap(text: str) -> MindmapSpec:
    spec = parse(text)
    assert isinstance(spec, MindmapSpec)
    return spec


def fails(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse(text)
    return info.value


def test_documented_example_tree() -> None:
    spec = mindmap(EXAMPLE)
    assert spec.counts() == (15, 14)
    root = spec.root
    assert root is not None and (root.id, root.text, root.shape) == ("root", "mindmap", "circle")
    assert [spec.nodes[i].text for i in root.children] == ["Origins", "Research", "Tools"]
    long_history = spec.nodes[2]
    assert long_history.text == "Long history" and long_history.icon == "fa fa-book"
    assert spec.nodes[6].text == "On effectivness\nand features"
    uses = next(n for n in spec.nodes if n.text == "Uses")
    assert [spec.nodes[i].text for i in uses.children] == ["Creative techniques", "Strategic planning",
                                                           "Argument mapping"]
    assert uses.depth == 3


@pytest.mark.parametrize(("line", "shape", "node_id", "text"), [
    ("id[I am a square]", "square", "id", "I am a square"),
    ("id(I am a rounded square)", "rounded", "id", "I am a rounded square"),
    ("id((I am a circle))", "circle", "id", "I am a circle"),
    ("id))I am a bang((", "bang", "id", "I am a bang"),
    ("id)I am a cloud(", "cloud", "id", "I am a cloud"),
    ("id{{I am a hexagon}}", "hexagon", "id", "I am a hexagon"),
    ("I am the default shape", "default", "I am the default shape", "I am the default shape"),
    ("[no id]", "square", "no id", "no id"),
    ('id["text (with) brackets"]', "square", "id", "text (with) brackets"),
])
def test_shapes(line: str, shape: str, node_id: str, text: str) -> None:
    node = mindmap("mindmap\n    " + line).nodes[0]
    assert (node.shape, node.id, node.text) == (shape, node_id, text)


def test_markdown_strings() -> None:
    node = mindmap('mindmap\n  id["`**bold** text`"]').nodes[0]
    assert node.markdown and node.text == "**bold** text"


def test_icons_and_classes() -> None:
    spec = mindmap("mindmap\n    Root\n        A[A]\n        :::urgent large\n        B(B)\n"
                   "        ::icon(mdi mdi-skull-outline)\n        C :::big ::icon(fa fa-x)")
    a, b, c = spec.nodes[1], spec.nodes[2], spec.nodes[3]
    assert a.classes == ["urgent", "large"] and b.icon == "mdi mdi-skull-outline"
    assert (c.text, c.classes, c.icon) == ("C", ["big"], "fa fa-x")


def test_unclear_indentation_attaches_to_nearest_shallower_node() -> None:
    spec = mindmap("mindmap\n    Root\n        A\n            B\n          C")
    a = spec.nodes[1]
    assert [spec.nodes[i].text for i in a.children] == ["B", "C"]


def test_second_root_is_an_error() -> None:
    problem = fails("mindmap\n  Root\n    A\n  Other").problems[0]
    assert problem.line == 4 and "root" in problem.message and problem.hint and "indent" in problem.hint


def test_unclosed_shape_is_an_error() -> None:
    problem = fails("mindmap\n  Root\n    id[oops").problems[0]
    assert problem.line == 3 and problem.column == 7 and "not closed" in problem.message


def test_icon_before_any_node_is_an_error() -> None:
    assert "before any node" in fails("mindmap\n  ::icon(fa fa-book)").problems[0].message


def test_bad_decoration_is_an_error() -> None:
    assert fails("mindmap\n  Root\n  ::icon(fa").problems


def test_mixed_tabs_and_spaces_warn() -> None:
    spec = mindmap("mindmap\nRoot\n\tA\n    B")
    assert spec.warnings and spec.counts() == (3, 2)


def test_empty_mindmap_warns() -> None:
    assert mindmap("mindmap\n").warnings


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_hostile_inputs() -> None:
    deep = mindmap("mindmap\n" + "\n".join(" " * i + f"n{i}" for i in range(3_000)))
    assert deep.nodes[-1].depth == 2_999
    wide = mindmap("mindmap\nroot\n" + "  child\n" * 100_000)
    assert wide.counts() == (100_001, 100_000)
    for body in ("(" * 1_000_000, "root\n " + "[" * 1_000_000, "root\n " + ":::" * 300_000,
                 "root\n a" + " " * 1_000_000 + "::icon(", "root\n " + '"' * 1_000_000):
        with contextlib.suppress(InvalidInput):
            mindmap("mindmap\n" + body)


def test_single_brace_is_an_error() -> None:
    problem = fails("mindmap\n  Root\n    a{b}").problems[0]
    assert problem.column == 6 and "{{" in (problem.hint or "")
