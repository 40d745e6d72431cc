"""Excalidraw writing: scene structure, bindings on both sides, and autograph -> excalidraw -> autograph."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.formats import excalidraw
from autograph_desktop.model import (
    ARROWHEADS,
    SHAPES,
    SIDES,
    Connector,
    ConnectorLabel,
    Diagram,
    Element,
    Endpoint,
    Frame,
    Group,
    Icon,
    Image,
    Shape,
    Text,
    keys_between,
)
from autograph_desktop.model import Path as PathElement

DATA = Path(__file__).parent / "data"


def roundtrip(diagram: Diagram) -> Diagram:
    result = excalidraw.read(excalidraw.write(diagram), "roundtrip.excalidraw")
    assert len(result.diagrams) == 1
    return result.diagrams[0]


def assert_same(before: Diagram, after: Diagram, tol: float = 1.0) -> None:
    """Counts, parents, texts, geometry, connections and labels survive (groups need members to survive)."""
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
            assert [(lbl.text, lbl.position, lbl.offset) for lbl in el.labels] == \
                [(lbl.text, lbl.position, lbl.offset) for lbl in got.labels]
            assert (el.routing, el.start_arrow, el.end_arrow) == (got.routing, got.start_arrow, got.end_arrow)
            continue
        if isinstance(el, PathElement):
            assert isinstance(got, PathElement) and got.points == el.points and got.closed == el.closed
        assert got.text == el.text or isinstance(el, PathElement), el.id
        for name in ("x", "y", "w", "h", "rotation"):
            assert abs(getattr(got, name) - getattr(el, name)) <= tol, (el.id, name)
        if isinstance(el, Shape):
            assert isinstance(got, Shape) and got.shape == el.shape


def test_scene_structure_and_two_way_bindings() -> None:
    a = Shape(id="a", x=0, y=0, w=100, h=50, text="A", z="a0")
    b = Shape(id="b", x=300, y=0, w=100, h=50, z="a1")
    c = Connector(id="c", source=Endpoint("a", "right", 0.5), target=Endpoint("b"), labels=(ConnectorLabel("go"),),
                  z="a2")
    scene = json.loads(excalidraw.write(Diagram(elements=[a, b, c])))
    assert (scene["type"], scene["version"]) == ("excalidraw", 2)
    by_id = {e["id"]: e for e in scene["elements"]}
    assert {"id": "c", "type": "arrow"} in by_id["a"]["boundElements"]
    assert {"id": "a-text", "type": "text"} in by_id["a"]["boundElements"]
    assert by_id["a-text"]["containerId"] == "a" and by_id["a-text"]["text"] == "A"
    assert by_id["c"]["startBinding"]["elementId"] == "a" and by_id["c"]["startBinding"]["fixedPoint"] == [1.0, 0.5]
    assert by_id["c"]["endBinding"]["elementId"] == "b"
    assert by_id["c-text"]["containerId"] == "c"
    assert by_id["c"]["points"][0] == [0, 0] and by_id["c"]["x"] == 100


def test_features_fixture_survives_a_round_trip() -> None:
    original = excalidraw.read((DATA / "features.excalidraw").read_bytes(), "features.excalidraw").diagrams[0]
    after = roundtrip(original)
    assert_same(original, after)
    assert after["pic"].sha256 == original["pic"].sha256 and after["pic"].get("image.base64")


def test_nested_frames_survive_without_nested_frame_ids() -> None:
    outer = Frame(id="outer", x=0, y=0, w=500, h=500, text="Outer", z="a0")
    inner = Frame(id="inner", x=50, y=50, w=200, h=200, text="Inner", parent="outer", z="a1")
    box = Shape(id="box", x=60, y=60, w=20, h=20, parent="inner", z="a2")
    data = excalidraw.write(Diagram(elements=[outer, inner, box]))
    by_id = {e["id"]: e for e in json.loads(data)["elements"]}
    assert by_id["inner"]["frameId"] is None and by_id["box"]["frameId"] == "inner"
    page = excalidraw.read(data, "frames.excalidraw").diagrams[0]
    assert page["inner"].parent == "outer" and page["box"].parent == "inner"


def test_images_without_bytes_keep_their_hash() -> None:
    image = Image(id="i", x=1, y=2, w=3, h=4, sha256="ab" * 32, z="a0")
    result = excalidraw.read(excalidraw.write(Diagram(elements=[image])), "i.excalidraw")
    assert result.diagrams[0]["i"].sha256 == "ab" * 32
    assert any("missing" in w.message for w in result.warnings)


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
                  "text": draw(_TEXT), "rotation": float(draw(st.integers(0, 359)))}
        parent = draw(st.sampled_from([None, *frames]))
        if kind == "frame" and len(frames) < 2:
            node: Element = Frame(parent=parent, **common)  # type: ignore[arg-type]
            frames.append(node.id)
        elif kind == "text":
            node = Text(parent=parent, **common)  # type: ignore[arg-type]
        elif kind == "icon":
            node = Icon(icon=draw(st.sampled_from(["lucide:star"])), parent=parent, **common)  # type: ignore[arg-type]
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
        labels = tuple(ConnectorLabel(draw(_TEXT), draw(st.integers(0, 100)) / 100, float(draw(st.integers(-20, 20))))
                       for _ in range(draw(st.integers(0, 2))))
        extra.append(Connector(
            id=f"c{j}", source=endpoint(), target=endpoint(),
            waypoints=tuple(draw(st.lists(st.tuples(_COORD, _COORD), max_size=3))),
            routing=draw(st.sampled_from(["straight", "orthogonal", "curved"])),
            start_arrow=draw(st.sampled_from(ARROWHEADS)), end_arrow=draw(st.sampled_from(ARROWHEADS)),
            labels=labels))
    if draw(st.booleans()):
        extra.append(PathElement(id="p0", x=draw(_COORD), y=draw(_COORD), w=10, h=10, closed=draw(st.booleans()),
                                 points=((0.0, 0.0), (10.0, 5.0), (3.0, 10.0))))
    elements = nodes + extra
    keys = keys_between(None, None, len(elements))
    return Diagram(elements=[e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diagrams())
def test_random_diagrams_round_trip(diagram: Diagram) -> None:
    assert_same(diagram, roundtrip(diagram))


def test_control_characters_and_lone_surrogates_still_write() -> None:
    shape = Shape(id="s", x=0, y=0, w=10, h=10, text="a\x00b\ud800", z="a0")
    data = excalidraw.write(Diagram(elements=[shape]))
    assert json.loads(data)["elements"][0]["id"] == "s"
    assert excalidraw.read(data, "s.excalidraw").diagrams[0]["s"].text == "a\x00b?"
