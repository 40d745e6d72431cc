"""SVG, PNG, PDF and thumbnail exports: sizes, backgrounds, crops, limits and hostile content."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image as PILImage

from autograph_desktop.model import Diagram, DiagramMeta, InvalidInput, Shape, Style, Text
from autograph_desktop.render import pdf, raster, svg, thumbnail
from autograph_desktop.render.qtfree import fmt, hex_and_alpha, safe_id
from autograph_desktop.render.region import export_region

from .samples import grid, showcase, with_z

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_with_one_group_per_element() -> None:
    doc = showcase()
    root = ET.fromstring(svg.to_svg(doc).encode())
    groups = root.findall(f".//{SVG_NS}g")
    drawn = [e for e in doc if e.kind != "group"]
    assert len(groups) == len(drawn)
    assert {g.get("id") for g in groups} == {safe_id(e.id) for e in drawn}
    texts = "".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "parallelogr" in texts and "Decide?" in texts


def test_svg_numbers_have_at_most_two_decimals() -> None:
    doc = Diagram(elements=with_z([Shape(id="s", x=1 / 3, y=2 / 3, w=10.123456, h=5.5, shape="ellipse")]))
    out = svg.to_svg(doc)
    assert "0.33" in out and "0.333" not in out
    assert fmt(-0.001) == "0" and fmt(2.0) == "2" and fmt(2.5) == "2.5"


def test_svg_escapes_hostile_text_and_ignores_bad_colours() -> None:
    evil = '<script>alert(1)</script>" onload="x'
    doc = Diagram(DiagramMeta(title="</title><script>"), with_z([
        Shape(id='"><script>', x=0, y=0, w=100, h=50, text=evil,
              style=Style(fill='red" onclick="x', stroke="#12345", text_color="url(javascript:x)")),
        Text(id="t", x=0, y=60, w=100, h=20, text="a & b < c", link="javascript:alert(1)")]))
    out = svg.to_svg(doc)
    root = ET.fromstring(out.encode())
    assert not root.findall(f".//{SVG_NS}script")
    attributes = {name for el in root.iter() for name in el.attrib}
    assert not {a for a in attributes if a.startswith("on")}
    assert "javascript:" not in out and "onclick" not in out
    assert "a &amp; b &lt; c" in out
    assert hex_and_alpha("#12345") == ("#000000", None)
    assert hex_and_alpha("#ff000080") == ("#ff0000", "0.5")


def test_svg_background_follows_theme_or_option() -> None:
    doc = showcase()
    assert 'class="background"' in svg.to_svg(doc) and "#16161e" in svg.to_svg(doc, theme="dark")
    assert 'class="background"' not in svg.to_svg(doc, background="transparent")
    assert 'fill="#123456"' in svg.to_svg(doc, background="#123456")


def test_png_size_follows_scale_width_and_padding() -> None:
    doc = Diagram(elements=with_z([Shape(id="s", x=0, y=0, w=100, h=50)]))
    region = export_region(doc, padding=10)
    one = PILImage.open(io.BytesIO(raster.to_png(doc, padding=10)))
    assert one.size == (round(region.rect.w), round(region.rect.h))
    two = PILImage.open(io.BytesIO(raster.to_png(doc, scale=2, padding=10)))
    assert two.size == (2 * one.size[0], 2 * one.size[1])
    wide = PILImage.open(io.BytesIO(raster.to_png(doc, width=500, scale=None)))
    assert wide.size[0] == 500


def test_png_backgrounds(qapp: object) -> None:
    doc = Diagram(elements=with_z([Shape(id="s", x=0, y=0, w=100, h=50)]))
    clear = PILImage.open(io.BytesIO(raster.to_png(doc, background="transparent")))
    assert clear.mode == "RGBA" and clear.getpixel((1, 1))[3] == 0
    white = PILImage.open(io.BytesIO(raster.to_png(doc, background="white")))
    assert white.mode == "RGB" and white.getpixel((1, 1)) == (255, 255, 255)
    custom = PILImage.open(io.BytesIO(raster.to_png(doc, background="#102030")))
    assert custom.getpixel((1, 1)) == (16, 32, 48)
    dark = PILImage.open(io.BytesIO(raster.to_png(doc, theme="dark")))
    assert dark.getpixel((1, 1)) == (22, 22, 30)
    with pytest.raises(InvalidInput):
        raster.to_png(doc, background="url(x)")


def test_png_refuses_absurd_sizes() -> None:
    doc = Diagram(elements=with_z([Shape(id="s", x=0, y=0, w=1e6, h=1e6)]))
    with pytest.raises(InvalidInput, match="too large"):
        raster.to_png(doc)
    with pytest.raises(InvalidInput):
        raster.to_png(showcase(), scale=0)
    with pytest.raises(InvalidInput):
        raster.to_png(showcase(), width=0, scale=None)


def test_frame_and_selection_exports_crop(qapp: object) -> None:
    doc = showcase()
    full = PILImage.open(io.BytesIO(raster.to_png(doc)))
    frame = PILImage.open(io.BytesIO(raster.to_png(doc, frame="Shapes")))
    sel = PILImage.open(io.BytesIO(raster.to_png(doc, ids=["route-a"], padding=0)))
    assert frame.size[0] < full.size[0] and frame.size[0] == pytest.approx(1000 + 40, abs=2)
    assert sel.size == (140, 70)


def test_pdf_is_vector_with_fitted_or_tiled_pages(qapp: object) -> None:
    doc = showcase()
    single = pdf.to_pdf(doc)
    assert single.startswith(b"%PDF") and single.count(b"/Type /Page\n") + single.count(b"/Type /Page ") >= 1
    assert b"FontFile2" in single or b"FontFile" in single  # fonts embedded
    tiled = pdf.to_pdf(doc, tile="a4")
    assert tiled.count(b"/Type /Page") > single.count(b"/Type /Page")
    with pytest.raises(InvalidInput):
        pdf.to_pdf(doc, tile="napkin")


def test_pdf_of_a_huge_diagram_is_scaled_onto_one_page(qapp: object) -> None:
    doc = Diagram(elements=with_z([Shape(id="a", x=0, y=0, w=50, h=50), Shape(id="b", x=100_000, y=0, w=50, h=50)]))
    assert pdf.to_pdf(doc).startswith(b"%PDF")


def test_thumbnail_is_256_square(qapp: object) -> None:
    for doc in (showcase(), Diagram(), grid(500)):
        image = PILImage.open(io.BytesIO(thumbnail.thumbnail_png(doc)))
        assert image.size == (256, 256)


def test_exports_run_off_the_gui_thread(qapp: object) -> None:
    import threading

    results: dict[str, bytes] = {}

    def work() -> None:
        doc = showcase()
        results["png"] = raster.to_png(doc)
        results["pdf"] = pdf.to_pdf(doc)
        results["thumb"] = thumbnail.thumbnail_png(doc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert results["png"].startswith(b"\x89PNG") and results["pdf"].startswith(b"%PDF")
    assert results["png"] == raster.to_png(showcase())  # same pixels as on the main thread
