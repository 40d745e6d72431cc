"""block-beta: grid placement by columns and spans, spaces, nested blocks, arrows, edges, styles, round trip."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_fuzz import mutated, read_or_invalid

from autograph_desktop.mermaid.block import BlockSpec
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Group, Path, Shape, Text
from autograph_desktop.model.problems import InvalidInput

PIPELINE = """block-beta
    columns 4
    src[("Sources")] space:2 sink(("Sink"))
    feed<["ingest"]>(down):2 space:2
    block:stages:3
        columns 2
        parse{{"Parse"}} check{"Valid?"}
        store[/"Store"/]:2
    end
    audit
    src --> parse
    check -- "no" --> audit
    store ==> sink
    audit -.-> sink
    classDef warm fill:#fc9,stroke:#c60
    class check,audit warm
    style sink fill:#9f9
"""
OUT = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


def blocks(text: str) -> BlockSpec:
    spec = parse(text)
    assert isinstance(spec, BlockSpec)
    return spec


def by_id(doc: Diagram) -> dict[str, Element]:
    return {el.get("mermaid_id"): el for el in doc if el.get("mermaid_id") and not isinstance(el, Connector)}


def test_blocks_spaces_composites_arrows_and_edges() -> None:
    spec = blocks(PIPELINE)
    assert spec.columns == 4 and spec.counts() == (7, 4) and spec.groups() == 1
    assert [spec.blocks[b].kind for b in spec.children] == ["node", "space", "node", "arrow", "space", "composite",
                                                            "node"]
    assert spec.blocks["src"].shape == "cylinder" and spec.blocks["sink"].shape == "circle"
    assert spec.blocks["feed"].directions == ("down",) and spec.blocks["feed"].width == 2
    stages = spec.blocks["stages"]
    assert stages.columns == 2 and stages.width == 3 and stages.children == ["parse", "check", "store"]
    assert spec.blocks["store"].shape == "parallelogram" and spec.blocks["store"].parent == "stages"
    no = spec.edges[1]
    assert (no.source, no.target, no.label) == ("check", "audit", "no")
    assert [e.stroke for e in spec.edges] == ["normal", "normal", "thick", "dotted"]
    assert spec.blocks["check"].classes == ["warm"] and spec.blocks["sink"].style == {"fill": "#9f9"}


def test_default_is_one_row_and_edges_declare_blocks() -> None:
    spec = blocks("block\n  a b c\n  a --> d\n  e1(\"Start\")-->e2(\"Stop\")\n")
    assert spec.columns is None and spec.children == ["a", "b", "c", "d", "e1", "e2"]
    doc = spec_to_diagram(spec)
    els = by_id(doc)
    assert len({round(els[b].y) for b in "abcd"}) == 1, "auto columns: one row"
    assert els["e1"].text == "Start" and isinstance(els["e1"], Shape) and els["e1"].shape == "rounded"


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ("a\na", 3, 1, "already placed on line 2"),
    ("columns many", 2, 8, "columns must be a number"),
    ("block:g\na", 2, 1, "block 'g' is not closed"),
    ("end", 2, 1, "'end' closes no block"),
    ("a[\"open", 2, 3, "unclosed"),
    ("x<[\"go\"]>(sideways)", 2, 11, "unknown arrow direction"),
    ("x<[\"go\"]>", 2, 10, "needs a direction"),
    ("a -->", 2, 3, "has no target"),
    ("style nope fill:#f00", 2, 1, "block 'nope' is not declared"),
    ("a:0", 2, 3, "cannot be 0 columns wide"),
])
def test_errors_are_located(body: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse("block-beta\n" + body)
    problem = info.value.problems[0]
    assert words in problem.message and problem.hint
    assert (problem.line, problem.column) == (line, column)


def test_too_wide_blocks_are_clamped_with_a_warning() -> None:
    spec = blocks("block-beta\ncolumns 2\na:5 b\n")
    assert spec.blocks["a"].width == 2 and spec.warnings[0].line == 3


def test_grid_geometry_spans_rows_and_frames() -> None:
    doc = spec_to_diagram(blocks(PIPELINE))
    els = by_id(doc)
    src, sink, feed, audit = els["src"], els["sink"], els["feed"], els["audit"]
    assert src.y == sink.y or abs(src.rect.center[1] - sink.rect.center[1]) < 1e-6, "row 1"
    assert sink.x > src.rect.right and feed.y > src.rect.bottom
    stages = els["stages"]
    assert isinstance(stages, Frame) and stages.y > feed.rect.bottom
    assert stages.w > 2.5 * src.w, "a block three columns wide spans three columns and two gaps"
    for child in ("parse", "check", "store"):
        assert stages.rect.contains_rect(els[child].rect) and els[child].parent == stages.id
    assert els["store"].y > els["parse"].rect.bottom and abs(els["store"].w - (els["check"].rect.right - els["parse"].x)) < 1
    assert audit.x > stages.rect.right
    leaves = [e for k, e in els.items() if k != "stages"]
    for a, b in itertools.combinations(leaves, 2):
        if a.parent == b.parent or "feed" in (a.get("mermaid_id"), b.get("mermaid_id")):
            assert not a.rect.intersects(b.rect), (a.get("mermaid_id"), b.get("mermaid_id"))
    arrow = next(p for p in doc if isinstance(p, Path))
    assert arrow.closed and isinstance(doc.get(arrow.parent or ""), Group) and isinstance(feed, Text)
    assert feed.text == "ingest" and arrow.h > arrow.w, "a down arrow stands upright"
    assert els["check"].style.fill == "#ffcc99" and els["sink"].style.fill == "#99ff99"


def test_edges_are_orthogonal_between_facing_sides() -> None:
    doc = spec_to_diagram(blocks(PIPELINE))
    for conn in (c for c in doc if isinstance(c, Connector)):
        points = doc.connector_points(conn)
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6
        for end, p, q in ((conn.source, points[0], points[1]), (conn.target, points[-1], points[-2])):
            dx, dy = OUT[end.side or ""]
            assert (q[0] - p[0]) * dx + (q[1] - p[1]) * dy > 0
    thick = next(c for c in doc if isinstance(c, Connector) and c.style.stroke_width >= 3)
    assert thick.end_arrow == "triangle"
    labelled = next(c for c in doc if isinstance(c, Connector) and c.labels)
    assert labelled.labels[0].text == "no"


def _structure(text: str) -> dict[str, object]:
    spec = blocks(text)
    doc = spec_to_diagram(spec)
    cells = {el.get("mermaid_id"): (el.get("block_row"), el.get("block_col"))
             for el in doc if el.get("block_row") and not el.get("mermaid_id").startswith("block:")}
    return {
        "blocks": {b.id: (b.kind, b.label, b.shape if b.kind == "node" else "", b.width, b.parent, b.directions,
                          b.columns if b.kind == "composite" else None)
                   for b in spec.blocks.values() if b.kind != "space" and not b.id.startswith("block:")},
        "cells": cells,
        "columns": spec.columns if any(spec.blocks[b].kind != "space" for b in spec.children) else None,
        "edges": sorted((e.source, e.target, e.label, e.stroke, e.start_arrow, e.end_arrow) for e in spec.edges),
    }


def test_export_round_trips_the_example() -> None:
    text = to_mermaid(spec_to_diagram(blocks(PIPELINE)))
    assert text.startswith("block-beta")
    assert _structure(text) == _structure(PIPELINE)


SHAPES = st.sampled_from(['["@"]', '("@")', '(["@"])', '[["@"]]', '[("@")]', '(("@"))', '{{"@"}}',
                          '{"@"}', '>"@"]', '[/"@"/]', '[\\"@"\\]', '[/"@"\\]', ""])
LABELS = st.text(alphabet="abcXY z#&é'", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def block_sources(draw: st.DrawFn) -> str:
    columns = draw(st.sampled_from([None, 1, 2, 3, 4]))
    lines = ["block-beta"] + ([f"columns {columns}"] if columns else [])
    ids: list[str] = []
    depth = 0
    for n in range(draw(st.integers(1, 12))):
        kind = draw(st.integers(0, 6))
        width = draw(st.integers(1, columns or 3))
        span = f":{width}" if width > 1 else ""
        if kind == 0:
            lines.append(f"space{span}")
        elif kind == 1 and depth < 2:
            inner = draw(st.sampled_from([None, 1, 2]))
            lines.append(f"block:g{n}{span}")
            lines.extend([f"columns {inner}"] if inner else [])
            depth += 1
        elif kind == 2 and depth:
            lines.append("end")
            depth -= 1
        elif kind == 3:
            lines.append(f'r{n}<["{draw(LABELS)}"]>({draw(st.sampled_from(["right", "up", "x", "y"]))}){span}')
            ids.append(f"r{n}")
        else:
            lines.append(f"n{n}{draw(SHAPES).replace('@', draw(LABELS))}{span}")
            ids.append(f"n{n}")
    lines.extend(["end"] * depth)
    for _ in range(draw(st.integers(0, 5)) if ids else 0):
        link = draw(st.sampled_from(["-->", "---", "==>", "-.->", '-- "lbl" -->', "<-->", "--x"]))
        lines.append(f"{draw(st.sampled_from(ids))} {link} {draw(st.sampled_from(ids))}")
    return "\n".join(lines) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_sources())
def test_generated_diagrams_round_trip(text: str) -> None:
    exported = to_mermaid(spec_to_diagram(blocks(text)))
    assert _structure(exported) == _structure(text)


@settings(max_examples=80, deadline=None)
@given(mutated(PIPELINE))
def test_mutated_sources_never_crash(text: str) -> None:
    read_or_invalid(text)
