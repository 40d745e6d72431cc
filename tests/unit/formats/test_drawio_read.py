"""draw.io reading through the public `read`: pages, containers, cells, styles, labels and embeddings."""

from __future__ import annotations

import base64
import struct
import urllib.parse
import zlib
from pathlib import Path

import pytest

from autograph_desktop.formats import drawio
from autograph_desktop.icons.drawio_stencils import stencil_icon
from autograph_desktop.io import detect, read_bytes
from autograph_desktop.model import Connector, Frame, Group, Icon, Image, InvalidInput, Shape, Text
from autograph_desktop.model.reading import ReadResult

DATA = Path(__file__).parent / "data"
FEATURES = (DATA / "features.drawio").read_bytes()


def compress_page(xml: str) -> str:
    """draw.io's page compression: URL-encode, raw deflate, base64."""
    engine = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = engine.compress(urllib.parse.quote(xml, safe="").encode("ascii")) + engine.flush()
    return base64.b64encode(raw).decode("ascii")


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def png_with(*chunks: bytes) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + idat + png_chunk(b"IEND", b"")


def model_xml() -> str:
    text = FEATURES.decode("utf-8")
    start = text.index("<mxGraphModel")
    return text[start:text.index("</mxGraphModel>") + len("</mxGraphModel>")]


def read(data: bytes, name: str = "test.drawio") -> ReadResult:
    return drawio.read(data, name)


@pytest.fixture(scope="module")
def features() -> ReadResult:
    return read(FEATURES)


def test_pages_and_names(features: ReadResult) -> None:
    assert features.format == "drawio"
    assert features.page_names == ["Features", "Second"]
    assert [d.meta.title for d in features.diagrams] == ["Features", "Second"]
    assert [e.id for e in features.diagrams[1]] == ["only"]


def test_vertices_become_the_right_kinds(features: ReadResult) -> None:
    page = features.diagrams[0]
    assert isinstance(page["start"], Shape) and page["start"].shape == "ellipse"
    assert isinstance(page["check"], Shape) and page["check"].shape == "diamond"
    assert page["person"].shape == "actor"
    assert isinstance(page["lane"], Frame) and page["lane"].text == "Lane"
    assert isinstance(page["grp"], Group)
    assert page["g1"].shape == "cloud" and page["g2"].shape == "cylinder"
    assert isinstance(page["caption"], Text) and page["caption"].text == "A caption & more"
    # The cloud pack's S3 icon where the pack is installed; drawn by name once it is, where it is not.
    assert isinstance(page["stencil"], Icon)
    assert page["stencil"].icon == (stencil_icon("mxgraph.aws4.s3") or "drawio:mxgraph.aws4.s3")
    assert isinstance(page["pic"], Image)
    assert page["odd"].shape == "rectangle"


def test_html_labels_keep_line_breaks_and_drop_tags(features: ReadResult) -> None:
    assert features.diagrams[0]["start"].text == "Start\nhere"


def test_styles_are_mapped(features: ReadResult) -> None:
    start = features.diagrams[0]["start"].style
    assert (start.fill, start.stroke, start.opacity, start.font_size) == ("#dae8fc", "#6c8ebf", 0.5, 14.0)
    assert start.font_weight == 700 and start.font_italic
    check = features.diagrams[0]["check"]
    assert check.style.fill == "none" and check.style.dash == "dashed" and check.style.stroke_width == 3.0
    assert check.rotation == 45.0
    assert (check.style.text_align, check.style.vertical_align) == ("left", "top")
    assert check.style.font_family == "DejaVu Sans Mono"
    assert features.diagrams[0]["inner"].style.corner_radius == pytest.approx(8.0)


def test_user_objects_fill_placeholders_and_keep_links(features: ReadResult) -> None:
    person = features.diagrams[0]["person"]
    assert person.text == "Ada (admin)"
    assert person.link == "https://example.org/ada"
    assert person.get("tooltip") == "The admin"
    assert person.get("drawio.role") == "admin"


def test_children_of_containers_get_absolute_geometry_and_parent(features: ReadResult) -> None:
    page = features.diagrams[0]
    inner = page["inner"]
    assert (inner.x, inner.y, inner.parent) == (60.0, 250.0, "lane")
    assert (page["g2"].x, page["g2"].y, page["g2"].parent) == (510.0, 240.0, "grp")


def test_layers_keep_visibility_lock_and_name(features: ReadResult) -> None:
    secret = features.diagrams[0]["secret"]
    assert secret.hidden and secret.locked and secret.get("drawio.layer") == "Notes"
    assert not features.diagrams[0]["start"].hidden


def test_edges_bind_with_sides_waypoints_labels_and_arrows(features: ReadResult) -> None:
    e1 = features.diagrams[0]["e1"]
    assert isinstance(e1, Connector)
    assert (e1.source.element, e1.source.side, e1.source.ratio) == ("start", "right", 0.5)
    assert (e1.target.element, e1.target.side, e1.target.ratio) == ("check", "left", 0.25)
    assert e1.waypoints == ((200.0, 70.0), (200.0, 50.0))
    assert e1.routing == "orthogonal"
    assert [(lbl.text, lbl.position, lbl.offset) for lbl in e1.labels] == [("go", 0.5, 0.0), ("later", 0.25, -10.0)]
    assert (e1.start_arrow, e1.end_arrow) == ("circle", "open_triangle")
    e2 = features.diagrams[0]["e2"]
    assert e2.routing == "curved" and e2.source.side is None and e2.target.element == "inner"
    assert (e2.start_arrow, e2.end_arrow) == ("crow_one", "crow_many")


def test_dangling_edges_use_free_points_relative_to_their_parent(features: ReadResult) -> None:
    e3 = features.diagrams[0]["e3"]
    assert e3.source.element is None and (e3.source.x, e3.source.y) == (500.0, 150.0)
    e4 = features.diagrams[0]["e4"]
    assert e4.parent == "lane"
    assert (e4.target.x, e4.target.y) == (290.0, 270.0)
    assert e4.waypoints == ((240.0, 320.0),)


def test_images_keep_small_data_and_urls_without_fetching(features: ReadResult) -> None:
    pic = features.diagrams[0]["pic"]
    assert len(pic.sha256) == 64 and pic.mime == "image/png" and pic.get("image.base64")
    remote = features.diagrams[0]["remote"]
    assert remote.sha256 == "" and remote.get("image.url") == "https://example.org/logo.png"


def test_unknown_styles_warn_once_per_kind(features: ReadResult) -> None:
    messages = [w.message for w in features.warnings]
    assert any("somethingNew" in m for m in messages)
    assert all(w.severity == "warning" for w in features.warnings)
    cells = "".join(f'<mxCell id="u{n}" style="shape=mxgraph.zzlib.{name};" vertex="1" parent="1">'
                    f'<mxGeometry width="10" height="10" as="geometry"/></mxCell>'
                    for n, name in enumerate(("gizmo", "gizmo", "widget")))
    doc = f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{cells}</root></mxGraphModel>'
    messages = [w.message for w in read(doc.encode()).warnings]
    assert sum("mxgraph.zzlib" in m for m in messages) == 1
    assert any(m.endswith("drawn as plain boxes: gizmo, widget") for m in messages)


def test_z_order_follows_document_order(features: ReadResult) -> None:
    ids = [e.id for e in features.diagrams[0]]
    assert ids.index("start") < ids.index("check") < ids.index("e1") < ids.index("e4")


def test_compressed_pages_read_like_plain_ones(features: ReadResult) -> None:
    doc = f'<mxfile><diagram name="Z">{compress_page(model_xml())}</diagram></mxfile>'.encode()
    result = read(doc)
    assert result.page_names == ["Z"]
    plain = features.diagrams[0]
    assert [(e.id, e.kind, e.x, e.y) for e in result.diagrams[0]] == [(e.id, e.kind, e.x, e.y) for e in plain]


def test_bare_graph_model() -> None:
    result = read(model_xml().encode(), "bare.xml")
    assert len(result.diagrams) == 1 and "e1" in result.diagrams[0]


@pytest.mark.parametrize("ctype", [b"zTXt", b"tEXt", b"iTXt"])
def test_png_export_embeds_the_document(ctype: bytes) -> None:
    text = urllib.parse.quote(FEATURES.decode("utf-8"), safe="").encode("ascii")
    if ctype == b"zTXt":
        body = b"mxfile\x00\x00" + zlib.compress(text)
    elif ctype == b"iTXt":
        body = b"mxfile\x00\x01\x00\x00\x00" + zlib.compress(text)
    else:
        body = b"mxfile\x00" + text
    data = png_with(png_chunk(ctype, body))
    assert drawio.sniff(data, "picture.png")
    result = read(data, "picture.png")
    assert result.page_names == ["Features", "Second"] and "e1" in result.diagrams[0]


def test_svg_export_embeds_the_document() -> None:
    import xml.sax.saxutils as su

    content = su.quoteattr(FEATURES.decode("utf-8"))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" content={content} width="10" height="10"><g/></svg>'.encode()
    assert drawio.sniff(svg, "x.svg")
    result = read(svg, "x.drawio.svg")
    assert result.page_names == ["Features", "Second"]


def test_registry_picks_drawio_by_extension_and_content() -> None:
    assert detect(FEATURES, "a.drawio").name == "drawio"
    assert detect(FEATURES, "no-extension").name == "drawio"
    text = urllib.parse.quote(FEATURES.decode("utf-8"), safe="").encode("ascii")
    png = png_with(png_chunk(b"zTXt", b"mxfile\x00\x00" + zlib.compress(text)))
    assert read_bytes(png, "export.png").format == "drawio"


def test_empty_pages_and_empty_roots_are_fine() -> None:
    result = read(b'<mxfile><diagram name="Empty"></diagram><diagram name="E2"><mxGraphModel/></diagram></mxfile>')
    assert [len(d) for d in result.diagrams] == [0, 0]


def test_non_drawio_xml_is_refused_with_location() -> None:
    with pytest.raises(InvalidInput) as info:
        read(b"<templates><template/></templates>", "index.xml")
    assert "not a draw.io document" in str(info.value)
    assert info.value.problems[0].line == 1


def test_svg_export_with_compressed_content() -> None:
    engine = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = engine.compress(urllib.parse.quote(FEATURES.decode("utf-8"), safe="").encode()) + engine.flush()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" content="{base64.b64encode(raw).decode()}"><g/></svg>').encode()
    assert read(svg, "x.svg").page_names == ["Features", "Second"]


def test_collapsed_containers_and_edge_to_edge_references() -> None:
    doc = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="f" value="F" style="swimlane;" vertex="1" parent="1" collapsed="1">
<mxGeometry x="0" y="0" width="100" height="30" as="geometry"/></mxCell>
<mxCell id="e1" edge="1" parent="1"><mxGeometry relative="1" as="geometry">
<mxPoint x="0" y="0" as="sourcePoint"/><mxPoint x="100" y="0" as="targetPoint"/></mxGeometry></mxCell>
<mxCell id="e2" edge="1" parent="1" source="e1"><mxGeometry relative="1" as="geometry">
<mxPoint x="50" y="0" as="sourcePoint"/><mxPoint x="50" y="80" as="targetPoint"/></mxGeometry></mxCell>
</root></mxGraphModel>"""
    page = read(doc, "edges.xml").diagrams[0]
    assert isinstance(page["f"], Frame) and page["f"].collapsed
    e2 = page["e2"]
    assert isinstance(e2, Connector) and e2.source.element is None and (e2.source.x, e2.source.y) == (50.0, 0.0)


def test_byte_order_mark_and_declared_encodings() -> None:
    assert read(b"\xef\xbb\xbf" + FEATURES, "bom.dio").page_names == ["Features", "Second"]
    latin = ('<?xml version="1.0" encoding="ISO-8859-1"?><mxGraphModel><root><mxCell id="0"/>'
             '<mxCell id="1" parent="0"/><mxCell id="a" value="Caf\xe9" vertex="1" parent="1">'
             '<mxGeometry width="10" height="10" as="geometry"/></mxCell></root></mxGraphModel>').encode("latin-1")
    assert read(latin, "latin.xml").diagrams[0]["a"].text == "Café"
