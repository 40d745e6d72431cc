"""Excalidraw reading through the public `read`: scenes, libraries, embedded exports and element mapping."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest

from autograph_desktop.formats import excalidraw
from autograph_desktop.io import detect, read_bytes
from autograph_desktop.model import Connector, Frame, Group, Image, InvalidInput, Shape, Text
from autograph_desktop.model import Path as PathElement
from autograph_desktop.model.reading import ReadResult

DATA = Path(__file__).parent / "data"
FEATURES = (DATA / "features.excalidraw").read_bytes()
MIME = b"application/vnd.excalidraw+json"


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def png_with(chunk: bytes) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunk + png_chunk(b"IEND", b"")


def wrapped(scene: bytes, compressed: bool = True) -> str:
    """Excalidraw's export wrapper: a JSON object whose `encoded` is a byte string of (deflated) JSON."""
    raw = zlib.compress(scene) if compressed else scene
    return json.dumps({"version": "1", "encoding": "bstring", "compressed": compressed,
                       "encoded": raw.decode("latin-1")})


@pytest.fixture(scope="module")
def features() -> ReadResult:
    return excalidraw.read(FEATURES, "features.excalidraw")


def test_scene_is_one_page(features: ReadResult) -> None:
    assert features.format == "excalidraw" and features.page_names == ["Scene"] and len(features.diagrams) == 1


def test_shapes_text_and_styles(features: ReadResult) -> None:
    page = features.diagrams[0]
    box = page["box"]
    assert isinstance(box, Shape) and box.shape == "rounded" and box.style.corner_radius > 0
    assert box.text == "Hello\nworld"
    assert box.style.text_color == "#e03131" and box.style.font_size == 20 and box.style.text_align == "left"
    assert box.style.font_family == "Cascadia Mono" and box.style.text_wrap == "none"
    assert (box.style.fill, box.style.dash, box.style.opacity) == ("#a5d8ff", "dashed", 0.6)
    assert box.rotation == pytest.approx(30.0)
    assert box.link == "https://example.org"
    assert page["oval"].shape == "ellipse" and page["dia"].shape == "diamond"
    assert page["dia"].style.dash == "dotted" and page["dia"].style.stroke_width == 4
    assert page["oval"].style.fill == "none"
    assert "box-label" not in page, "bound text becomes the container's text, not an element"


def test_free_text_and_fonts(features: ReadResult) -> None:
    note = features.diagrams[0]["note"]
    # Excalidraw's `text` keeps its soft wrap ("Free text" wrapped to "Free\ntext"): drawn as Excalidraw drew it.
    assert isinstance(note, Text) and note.text == "Free\ntext" and note.style.text_wrap == "none"
    assert note.style.font_family == "Virgil" and note.style.text_align == "right"


def test_frames_and_nested_groups(features: ReadResult) -> None:
    page = features.diagrams[0]
    assert isinstance(page["frame1"], Frame) and page["frame1"].text == "Area"
    assert page["box"].parent == "frame1"
    assert isinstance(page["inner"], Group) and isinstance(page["outer"], Group)
    assert page["oval"].parent == "inner" and page["inner"].parent == "outer" and page["outer"].parent == "frame1"
    assert page["dia"].parent == "outer"
    ids = page.ids()
    assert ids.index("outer") < ids.index("inner") < ids.index("oval")


def test_arrows_bind_and_keep_points(features: ReadResult) -> None:
    page = features.diagrams[0]
    arrow = page["arrow1"]
    assert isinstance(arrow, Connector)
    assert (arrow.source.element, arrow.source.side, arrow.source.ratio) == ("box", "right", 0.5)
    # No fixedPoint: bound to the side of the oval nearest where Excalidraw drew the arrow's end.
    assert (arrow.target.element, arrow.target.side) == ("oval", "left")
    assert arrow.waypoints == ((230.0, 40.0),)
    assert (arrow.start_arrow, arrow.end_arrow, arrow.routing) == ("circle", "open_triangle", "curved")
    assert [lbl.text for lbl in arrow.labels] == ["uses"]
    free = page["free"]
    assert free.source.element is None and (free.target.x, free.target.y) == (800.0, 200.0)
    assert free.routing == "orthogonal"
    line = page["line1"]
    assert isinstance(line, Connector) and (line.start_arrow, line.end_arrow) == ("none", "none")


def test_freedraw_polygons_images_and_embeds(features: ReadResult) -> None:
    page = features.diagrams[0]
    pen = page["pen"]
    assert isinstance(pen, PathElement) and pen.points[-1] == (30.0, 20.0) and not pen.closed
    assert isinstance(page["poly"], PathElement) and page["poly"].closed
    pic = page["pic"]
    assert isinstance(pic, Image) and len(pic.sha256) == 64 and pic.get("image.base64")
    assert page["web"].link == "https://example.org/embed"


def test_deleted_elements_are_skipped(features: ReadResult) -> None:
    assert "gone" not in features.diagrams[0]


def test_roughness_and_fill_style_are_kept(features: ReadResult) -> None:
    page = features.diagrams[0]
    assert (page["box"].style.sketch, page["box"].style.fill_style) == (1, "hachure")
    assert (page["oval"].style.sketch, page["oval"].style.fill_style) == (0, "solid")
    messages = [w.message for w in features.warnings]
    assert not any("roughness" in m or "hachure" in m for m in messages)


def test_library_v2_is_one_page_per_item() -> None:
    result = excalidraw.read((DATA / "library_v2.excalidrawlib").read_bytes(), "lib.excalidrawlib")
    assert result.page_names == ["Server", "Item 2"]
    assert [len(d) for d in result.diagrams] == [1, 2]


def test_library_v1_lists() -> None:
    doc = {"type": "excalidrawlib", "version": 1, "library": [[{"id": "a", "type": "rectangle", "x": 1, "y": 2,
                                                                 "width": 3, "height": 4}]]}
    result = excalidraw.read(json.dumps(doc).encode(), "old.excalidrawlib")
    assert result.page_names == ["Item 1"] and result.diagrams[0]["a"].x == 1.0


@pytest.mark.parametrize("compressed", [True, False])
def test_png_with_wrapped_scene(compressed: bool) -> None:
    data = png_with(png_chunk(b"tEXt", MIME + b"\x00" + wrapped(FEATURES, compressed).encode("latin-1")))
    assert excalidraw.sniff(data, "x.png")
    assert "arrow1" in excalidraw.read(data, "x.png").diagrams[0]


def test_svg_with_wrapped_scene() -> None:
    payload = base64.b64encode(wrapped(FEATURES).encode("latin-1")).decode()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg"><!-- svg-source:excalidraw -->'
           f"<!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 -->"
           f"<!-- payload-start -->{payload}<!-- payload-end --></svg>").encode()
    assert excalidraw.sniff(svg, "x.svg")
    assert "box" in excalidraw.read(svg, "x.svg").diagrams[0]


def test_registry_picks_excalidraw() -> None:
    assert detect(FEATURES, "a.excalidraw").name == "excalidraw"
    assert detect(FEATURES, "clipboard.json").name == "excalidraw"
    png = png_with(png_chunk(b"tEXt", MIME + b"\x00" + wrapped(FEATURES).encode("latin-1")))
    assert read_bytes(png, "export.png").format == "excalidraw"


def test_wrong_types_are_located() -> None:
    doc = {"type": "excalidraw", "elements": [{"id": "a", "type": "rectangle", "x": "ten"},
                                              {"id": "b", "type": "arrow", "points": [[0, 0], ["x", 1]]}, 7]}
    with pytest.raises(InvalidInput) as info:
        excalidraw.read(json.dumps(doc).encode(), "bad.excalidraw")
    paths = {p.path for p in info.value.problems}
    assert {"$.elements[0].x", "$.elements[1].points[1]", "$.elements[2]"} <= paths


def test_not_a_scene() -> None:
    with pytest.raises(InvalidInput) as info:
        excalidraw.read(b'{"type": "excalidraw", "nothing": 1}', "empty.excalidraw")
    assert info.value.problems[0].path == "$"
