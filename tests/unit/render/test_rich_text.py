"""Rich text: HTML labels and Mermaid markup become runs, laid out between words, drawn alike everywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

import pytest
from PySide6.QtGui import QColor

from autograph_desktop.formats import drawio
from autograph_desktop.io.files import read_bytes
from autograph_desktop.model import Diagram, Shape
from autograph_desktop.model.richhtml import parse_html_label, runs_to_html
from autograph_desktop.model.richtext import (
    RUNS_KEY,
    Run,
    element_runs,
    runs_from_json,
    runs_to_json,
    with_runs,
)
from autograph_desktop.render import raster, svg
from autograph_desktop.render.textlayout import element_text_layout

from .samples import with_z

pytestmark = pytest.mark.usefixtures("qapp")
SVG_NS = "{http://www.w3.org/2000/svg}"


def _drawio_label(label: str, style: str = "whiteSpace=wrap;html=1;", w: float = 240, h: float = 140) -> Diagram:
    xml = (f'<mxfile><diagram id="p" name="P"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
           f'<mxCell id="a" value="{escape(label, quote=True)}" style="{style}" vertex="1" parent="1">'
           f'<mxGeometry x="10" y="10" width="{w}" height="{h}" as="geometry"/></mxCell>'
           f'</root></mxGraphModel></diagram></mxfile>')
    return drawio.read(xml.encode(), "t.drawio").diagrams[0]


def test_html_label_becomes_plain_text_and_runs() -> None:
    text, runs = parse_html_label('<b>Title</b><br>an <i>it</i> <u>u</u> <font color="#f00">red</font> '
                                  '<span style="font-size: 20px; font-weight: 700">big</span>'
                                  '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>'
                                  '<div><a href="https://example.org">link</a></div>', 12.0)
    assert text == "Title\nan it u red big\n• one\n• two\n1. first\nlink"
    assert runs is not None and "".join(r.text for r in runs) == text
    looks = {r.text.strip(): r for r in runs if r.text.strip()}
    assert looks["Title"].bold and looks["it"].italic and looks["u"].underline
    assert looks["red"].color == "#ff0000" and looks["big"].size == 20 and looks["big"].bold
    assert looks["link"].link == "https://example.org" and looks["link"].underline


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>visible", "<style>b{}</style>visible", "<b>" * 5000 + "visible",
    '<img src="http://evil/x.png" onerror="x()">visible', "<!-- <b> -->visible", "<b>visible",
    '<font color="javascript:x" size="99">visible</font>', '<span style="color: expression(x); font-size: 1e999px">visible</span>',
    "<ul>" * 300 + "<li>visible", "&#x0;&#xffffffff;visible", "<a href='javascript:alert(1)'>visible</a>",
])
def test_hostile_html_keeps_only_the_visible_text(hostile: str) -> None:
    text, runs = parse_html_label(hostile)
    assert "visible" in text and "alert" not in text and "<" not in text and "{" not in text
    for run in runs or ():
        assert run.size <= 2000 and (run.color == "" or run.color.startswith("#"))
    doc = Diagram(elements=with_z([Shape(id="s", x=0, y=0, w=100, h=60, text=text,
                                         data=with_runs((), runs))]))
    out = svg.to_svg(doc)
    assert "javascript:" not in out and "<script" not in out
    ET.fromstring(out.encode())


def test_huge_labels_stay_bounded() -> None:
    text, runs = parse_html_label("<b>x</b><i>y</i>" * 20_000)
    assert runs is not None and len(runs) <= 5000 and len(text) == 40_000


def test_runs_json_round_trip_and_junk() -> None:
    runs = (Run("a", bold=True), Run(" b", color="#123456", size=14.5, link="https://x"), Run("\nc", strike=True))
    assert runs_from_json(runs_to_json(runs)) == runs
    for junk in ("", "{", "[1]", '[{"t": 3}]', '{"t": "x"}', "[" * 100_000, '[{"t":"x","c":"red","z":"big"}]'):
        parsed = runs_from_json(junk)
        assert parsed is None or parsed == (Run("x"),)
    # Runs whose letters no longer spell the text (the text was edited) are ignored.
    assert element_runs("abc", runs_to_json(runs)) is None
    assert element_runs("a b\nc", runs_to_json(runs)) == runs


def test_drawio_rich_label_is_drawn_with_its_looks_and_written_back() -> None:
    page = _drawio_label('<b>Bold</b> and <font color="#ff0000">red text here</font>')
    el = page["a"]
    assert el.text == "Bold and red text here" and el.get(RUNS_KEY)
    layout = element_text_layout(el)
    assert layout is not None and layout.rich
    pieces = [p for line in layout.lines for p in line.pieces]
    assert any(p.bold and p.text == "Bold" for p in pieces) and any(p.color == "#ff0000" for p in pieces)
    image = raster.render_image(page, scale=1.0)
    colours = {QColor(image.pixel(x, y)).name() for x in range(image.width()) for y in range(image.height())}
    assert any(QColor(c).red() > 200 and QColor(c).green() < 80 and QColor(c).blue() < 80 for c in colours)
    root = ET.fromstring(svg.to_svg(page).encode())
    spans = list(root.iter(f"{SVG_NS}tspan"))
    assert any(s.get("font-weight") == "bold" and s.text == "Bold" for s in spans)
    assert any(s.get("fill") == "#ff0000" for s in spans)
    written = drawio.write([page]).decode()
    again = drawio.read(written.encode(), "again.drawio").diagrams[0]["a"]
    assert again.text == el.text and element_runs(again.text, again.get(RUNS_KEY)) == element_runs(el.text, el.get(RUNS_KEY))


def test_rich_text_wraps_between_words_even_across_looks() -> None:
    page = _drawio_label("alpha <b>be</b>ta gamma <i>delta</i> epsilon", w=90)
    layout = element_text_layout(page["a"])
    assert layout is not None
    words = [w for line in layout.lines for w in line.text.split()]
    assert words == ["alpha", "beta", "gamma", "delta", "epsilon"]
    assert all(line.width <= 90 for line in layout.lines)


def test_an_edited_text_drops_its_stale_formatting() -> None:
    page = _drawio_label("<b>Bold</b> label")
    edited = page["a"].evolve(text="Something else")
    layout = element_text_layout(edited)
    assert layout is not None and not layout.rich and layout.lines[0].text == "Something else"


def test_runs_to_html_escapes_text() -> None:
    html = runs_to_html((Run("<script>", bold=True), Run("\nx & y", link='https://a"b')))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<br>" in html and "&quot;" in html
    assert parse_html_label(html)[0] == "<script>\nx & y"


def test_mermaid_br_entities_and_markdown_render_as_mermaid_does() -> None:
    src = ('flowchart LR\nA["`**bold** and _it_`"] --> B["a<br>b #quot;x#quot; #9829;"]\n'
           'B -- "go<br/>now" --> C[plain]\n')
    page = read_bytes(src.encode(), "f.mmd").diagrams[0]
    texts = {el.text for el in page if el.text}
    assert {"bold and it", 'a\nb "x" ♥', "plain"} <= texts
    labels = [label.text for el in page for label in getattr(el, "labels", ())]
    assert labels == ["go\nnow"]
    bold = next(el for el in page if el.text == "bold and it")
    runs = element_runs(bold.text, bold.get(RUNS_KEY))
    assert runs is not None and runs[0] == Run("bold", bold=True) and runs[-1] == Run("it", italic=True)
    assert not any("<br" in t or "**" in t for t in texts)
    for diagram_src in ("stateDiagram-v2\nA --> B: go<br>now\nstate \"X<br>Y\" as X\n",
                        "classDiagram\nclass A\nnote for A \"line1<br>line2\"\n",
                        "mindmap\n  root((a<br>b))\n    child[\"`**bold** x`\"]\n"):
        drawn = read_bytes(diagram_src.encode(), "d.mmd").diagrams[0]
        shown = [el.text for el in drawn] + [lb.text for el in drawn for lb in getattr(el, "labels", ())]
        assert not any("<br" in t or "**" in t for t in shown), shown


def test_mermaid_markdown_survives_an_export() -> None:
    from autograph_desktop.mermaid.export import to_mermaid

    page = read_bytes(b'flowchart LR\nA["`**bold** and _it_`"] --> B\n', "f.mmd").diagrams[0]
    out = to_mermaid(page)
    assert "**bold**" in out and "*it*" in out
    again = read_bytes(out.encode(), "again.mmd").diagrams[0]
    assert any(el.text == "bold and it" and el.get(RUNS_KEY) for el in again)


def test_labels_under_icons_keep_their_looks() -> None:
    from autograph_desktop.model import Icon

    runs = (Run("Server\n", bold=True), Run("[*1]"))
    icon = Icon(id="i", x=0, y=0, w=40, h=40, icon="x", text="Server\n[*1]", data=with_runs((), runs))
    layout = element_text_layout(icon)
    assert layout is not None and layout.rich and layout.lines[0].pieces[0].bold
    assert layout.lines[0].baseline > icon.y + icon.h  # below the icon
    assert not layout.lines[1].pieces[0].bold


def test_html_paragraphs_keep_their_own_alignment() -> None:
    page = _drawio_label('<div style="text-align: left">left line</div><div>centred line</div>'
                         '<p align="right">right</p>', w=300)
    layout = element_text_layout(page["a"])
    assert layout is not None and [line.text for line in layout.lines] == ["left line", "centred line", "right"]
    x, _y, w, _h = layout.box
    left, centred, right = layout.lines
    assert left.x == pytest.approx(x)
    assert centred.x + centred.width / 2 == pytest.approx(x + w / 2)
    assert right.x + right.width == pytest.approx(x + w)
    assert runs_from_json(runs_to_json(element_runs(page["a"].text, page["a"].get(RUNS_KEY)) or ())) is not None


def test_paragraph_alignment_survives_a_draw_io_round_trip() -> None:
    page = _drawio_label('<div style="text-align: left"><b>Left</b> line</div>plain <i>end</i>', w=300)
    el = page["a"]
    again = drawio.read(drawio.write([page]), "again.drawio").diagrams[0]["a"]
    assert again.text == el.text == "Left line\nplain end"
    assert element_runs(again.text, again.get(RUNS_KEY)) == element_runs(el.text, el.get(RUNS_KEY))
