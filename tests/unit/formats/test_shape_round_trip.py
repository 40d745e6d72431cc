"""Every shape kind written to draw.io and Excalidraw comes back as the same kind, attached connectors
included; the names each format uses come from the shape definitions, so a new kind is tested here as
soon as it is registered."""

from __future__ import annotations

import json

import pytest

from autograph_desktop.formats import drawio, excalidraw
from autograph_desktop.formats.drawio_styles import classify, parse_style
from autograph_desktop.model import SHAPES, Connector, Diagram, Endpoint, Shape
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.shapes import definition


def _diagram(kind: str) -> Diagram:
    shape = Shape(x=40, y=30, w=150, h=90, shape=kind, text=f"a {kind}")
    other = Shape(x=400, y=30, w=100, h=60)
    conn = Connector(source=Endpoint(shape.id, "right", 0.5), target=Endpoint(other.id))
    return Diagram(elements=[e.evolve(z=k) for e, k in zip([shape, other, conn], keys_after(None, 3), strict=True)])


def _kinds(doc: Diagram) -> dict[str, str]:
    return {e.text: e.shape for e in doc if isinstance(e, Shape) and e.text}


def _attached(doc: Diagram) -> int:
    return sum(1 for e in doc if isinstance(e, Connector) and e.source.element and e.target.element)


@pytest.mark.parametrize("kind", SHAPES)
def test_drawio_round_trip_keeps_the_kind(kind: str) -> None:
    result = drawio.read(drawio.write([_diagram(kind)]), "x.drawio")
    (doc,) = result.diagrams
    assert _kinds(doc) == {f"a {kind}": kind}
    assert _attached(doc) == 1


@pytest.mark.parametrize("kind", SHAPES)
def test_the_drawio_style_alone_reads_as_a_kind_drawn_alike(kind: str) -> None:
    """Without our `agShape` marker (a file saved by draw.io after an edit), the style draw.io draws reads
    as the same kind; a stadium reads as a rounded box whose corners (arcSize=50) make it the same pill."""
    base, values = parse_style(definition(kind).drawio)
    guess = classify(base, values)
    assert guess.kind == "shape" and not guess.unknown, kind
    assert guess.shape == {"stadium": "rounded"}.get(kind, kind)


@pytest.mark.parametrize("kind", SHAPES)
def test_excalidraw_round_trip_keeps_the_kind(kind: str) -> None:
    data = excalidraw.write(_diagram(kind))
    types = {e["type"] for e in json.loads(data)["elements"]}
    assert definition(kind).excalidraw in types
    (doc,) = excalidraw.read(data, "x.excalidraw").diagrams
    assert _kinds(doc) == {f"a {kind}": kind}
    assert _attached(doc) == 1
