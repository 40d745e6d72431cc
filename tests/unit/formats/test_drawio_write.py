"""draw.io writing: plain mxfile structure, and autograph -> drawio -> autograph keeps the diagram."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.formats import drawio
from autograph_desktop.model import (
    ARROWHEADS,
    SHAPES,
    SIDES,
    Connector,
    ConnectorLabel,
    Diagram,
    DiagramMeta,
    Element,
    Endpoint,
    Frame,
    Group,
    Icon,
    Shape,
    Text,
    keys_between,
)
from autograph_desktop.model import (
    Path as PathElement,
)

DATA = Path(__file__).parent / "data"


def roundtrip(diagram: Diagram) -> Diagram:
    result = drawio.read(drawio.write([diagram]), "roundtrip.drawio")
    assert len(result.diagrams) == 1
    return result.diagrams[0]


def assert_same(before: Diagram, after: Diagram, tol: float = 1.0) -> None:
    """Counts, kinds, parents, texts, geometry, connections and labels survive; groups have no geometry."""
    assert sorted(e.kind for e in before) == sorted(e.kind for e in after)
    for el in before:
        got = after.get(el.id)
        assert got is not None, f"{el.id} lost"
        assert got.kind == el.kind and got.parent == el.parent, el.id
        if isinstance(el, Group):
            continue
        if isinstance(el, Connector):
            assert isinstance(got, Connector)
            for a, b in ((el.source, got.source), (el.target, got.target)):
                assert a.element == b.element and a.side == b.side
                if a.side is not None:
                    assert abs(a.ratio - b.ratio) < 0.01
                if a.element is None:
                    assert abs(a.x - b.x) <= tol and abs(a.y - b.y) <= tol
            assert len(el.waypoints) == len(got.waypoints)
            for p, q in zip(el.waypoints, got.waypoints, strict=True):
                assert abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol
            assert [lbl.text for lbl in el.labels] == [lbl.text for lbl in got.labels]
            for a_lbl, b_lbl in zip(el.labels, got.labels, strict=True):
                assert abs(a_lbl.position - b_lbl.position) < 0.01 and abs(a_lbl.offset - b_lbl.offset) <= tol
            assert (el.routing, el.start_arrow, el.end_arrow) == (got.routing, got.start_arrow, got.end_arrow)
            continue
        if isinstance(el, PathElement):
            assert isinstance(got, PathElement)
            pts = [(el.x + x, el.y + y) for x, y in el.points]
            got_pts = [(got.x + x, got.y + y) for x, y in got.points]
            assert all(abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol for p, q in zip(pts, got_pts, strict=True))
            continue
        assert got.text == el.text, el.id
        for name in ("x", "y", "w", "h"):
            assert abs(getattr(got, name) - getattr(el, name)) <= tol, (el.id, name)
        if isinstance(el, Shape):
            assert isinstance(got, Shape) and got.shape == el.shape


def test_document_structure_is_plain_mxfile() -> None:
    a = Shape(id="a", x=300, y=200, w=40, h=30, z="a0", parent="f")
    frame = Frame(id="f", x=250, y=150, w=200, h=200, text="F", z="Zz")
    root = ET.fromstring(drawio.write([Diagram(DiagramMeta(title="One"), [frame, a]), Diagram()]))
    assert root.tag == "mxfile"
    pages = root.findall("diagram")
    assert [p.get("name") for p in pages] == ["One", "Untitled diagram"]
    cells = pages[0].find("mxGraphModel").find("root").findall("mxCell")  # type: ignore[union-attr]
    assert [c.get("id") for c in cells[:2]] == ["0", "1"] and cells[1].get("parent") == "0"
    child = next(c for c in cells if c.get("id") == "a")
    assert child.get("parent") == "f"
    geometry = child.find("mxGeometry")
    assert geometry is not None and (geometry.get("x"), geometry.get("y")) == ("50", "50")
    assert [c.get("id") for c in cells].index("f") < [c.get("id") for c in cells].index("a")


def test_reserved_ids_are_renamed_and_connections_follow() -> None:
    one = Shape(id="1", x=0, y=0, w=10, h=10, z="a0")
    zero = Shape(id="0", x=50, y=0, w=10, h=10, z="a1")
    edge = Connector(id="e", source=Endpoint("1"), target=Endpoint("0"), z="a2")
    result = drawio.read(drawio.write([Diagram(elements=[one, zero, edge])]), "r.drawio").diagrams[0]
    connector = next(e for e in result if isinstance(e, Connector))
    assert {result[connector.source.element or ""].x, result[connector.target.element or ""].x} == {0.0, 50.0}


def test_features_fixture_survives_a_round_trip() -> None:
    original = drawio.read((DATA / "features.drawio").read_bytes(), "features.drawio")
    again = drawio.read(drawio.write(original.diagrams), "again.drawio")
    assert again.page_names == original.page_names
    for before, after in zip(original.diagrams, again.diagrams, strict=True):
        assert_same(before, after)
    secret = again.diagrams[0]["secret"]
    assert secret.hidden and secret.get("drawio.layer") == "Notes"
    assert again.diagrams[0]["person"].link == "https://example.org/ada"
    assert again.diagrams[0]["person"].get("drawio.role") == "admin"
    assert again.diagrams[0]["person"].get("tooltip") == "The admin"
    assert again.diagrams[0]["pic"].sha256 == original.diagrams[0]["pic"].sha256


def test_text_with_markup_characters_stays_text() -> None:
    shape = Shape(id="s", x=0, y=0, w=10, h=10, text='a < b & "c"\nline 2', z="a0")
    assert roundtrip(Diagram(elements=[shape]))["s"].text == 'a < b & "c"\nline 2'


# ----------------------------------------------------------------- property: random diagrams
_TEXT = st.text(alphabet="abcXYZ 019<>&\"'\n", max_size=12).map(lambda s: "t" + s)
_COORD = st.integers(-2000, 2000).map(lambda v: v / 2)
_SIZE = st.integers(2, 800).map(lambda v: v / 2)


@st.composite
def diagrams(draw: st.DrawFn) -> Diagram:
    nodes: list[Element] = []
    frames: list[str] = []
    for i in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["shape", "shape", "text", "icon", "frame"]))
        common = {"id": f"n{i}", "x": draw(_COORD), "y": draw(_COORD), "w": draw(_SIZE), "h": draw(_SIZE),
                  "text": draw(_TEXT)}
        parent = draw(st.sampled_from([None, *frames]))
        if kind == "frame" and len(frames) < 2:
            node: Element = Frame(parent=parent, **common)  # type: ignore[arg-type]
            frames.append(node.id)
        elif kind == "text":
            node = Text(parent=parent, **common)  # type: ignore[arg-type]
        elif kind == "icon":
            node = Icon(icon=draw(st.sampled_from(["drawio:mxgraph.aws4.s3", "lucide:star"])), parent=parent, **common)  # type: ignore[arg-type]
        else:
            node = Shape(shape=draw(st.sampled_from(SHAPES)), parent=parent, **common)  # type: ignore[arg-type]
        nodes.append(node)
    extra: list[Element] = []
    for g in range(draw(st.integers(0, 2))):
        # A group of siblings (possibly inside a frame, possibly holding an earlier group or a frame).
        context = draw(st.sampled_from([None, *frames]))
        siblings = [e for e in nodes + extra if e.parent == context and e.id != context]
        if not siblings:
            continue
        chosen = set(draw(st.lists(st.sampled_from([e.id for e in siblings]), min_size=1, max_size=3, unique=True)))
        extra.append(Group(id=f"g{g}", parent=context))
        nodes = [e.evolve(parent=f"g{g}") if e.id in chosen else e for e in nodes]
        extra = [e.evolve(parent=f"g{g}") if e.id in chosen else e for e in extra]
    ids = [e.id for e in nodes]

    def endpoint() -> Endpoint:
        if draw(st.booleans()):
            side = draw(st.sampled_from([None, *SIDES]))
            return Endpoint(element=draw(st.sampled_from(ids)), side=side,
                            ratio=draw(st.integers(5, 95)) / 100 if side else 0.5)
        return Endpoint(x=draw(_COORD), y=draw(_COORD))

    for j in range(draw(st.integers(0, 5))):
        labels = tuple(ConnectorLabel(draw(_TEXT), draw(st.integers(0, 100)) / 100, draw(st.integers(-20, 20)))
                       for _ in range(draw(st.integers(0, 2))))
        extra.append(Connector(
            id=f"c{j}", source=endpoint(), target=endpoint(),
            waypoints=tuple(draw(st.lists(st.tuples(_COORD, _COORD), max_size=3))),
            routing=draw(st.sampled_from(["straight", "orthogonal", "curved"])),
            start_arrow=draw(st.sampled_from(ARROWHEADS)), end_arrow=draw(st.sampled_from(ARROWHEADS)),
            labels=labels))
    if draw(st.booleans()):
        extra.append(PathElement(id="p0", x=draw(_COORD), y=draw(_COORD), w=10, h=10,
                                 points=((0.0, 0.0), (10.0, 5.0), (3.0, 10.0))))
    elements = nodes + extra
    keys = keys_between(None, None, len(elements))
    return Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diagrams())
def test_random_diagrams_round_trip(diagram: Diagram) -> None:
    after = roundtrip(diagram)
    for el in diagram:
        if isinstance(el, PathElement):
            got = after["p0"]
            assert isinstance(got, PathElement)
    assert_same(diagram, after)


def test_text_that_xml_cannot_carry_is_replaced_not_fatal() -> None:
    shape = Shape(id="s", x=0, y=0, w=10, h=10, text="a\x00b\x1bc\ud800", z="a0")
    assert roundtrip(Diagram(elements=[shape]))["s"].text == "a\ufffdb\ufffdc\ufffd"


def test_image_urls_with_semicolons_do_not_break_the_style() -> None:
    from autograph_desktop.model import Image

    image = Image(id="i", x=0, y=0, w=10, h=10, data=(("image.url", "https://example.org/a;b.png"),), z="a0")
    got = roundtrip(Diagram(elements=[image]))["i"]
    assert isinstance(got, Image) and got.get("image.url") == "https://example.org/a%3Bb.png"


def test_a_group_cell_is_as_big_as_its_members_draw() -> None:
    """A group holding two shapes and an orthogonal connector between them gets the shapes' box, not the
    wider box the connector is indexed by."""
    a, b = Shape(x=100, y=100, w=100, h=60), Shape(x=400, y=260, w=100, h=60)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    group = Group(id="g")
    elements = [group, a.evolve(parent="g"), b.evolve(parent="g"), conn.evolve(parent="g")]
    keys = keys_between(None, None, len(elements))
    diagram = Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])
    root = ET.fromstring(drawio.write([diagram]))
    cell = next(c for c in root.iter("mxCell") if c.get("id") == "g")
    geometry = cell.find("mxGeometry")
    assert geometry is not None
    assert [float(geometry.get(k, "0")) for k in ("x", "y", "width", "height")] == [100, 100, 400, 220]
