"""Text breaks between words as the source tool broke it: draw.io, Excalidraw and Mermaid, and our own shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograph_desktop import textmetrics as tm
from autograph_desktop.formats import drawio, excalidraw
from autograph_desktop.io.files import read_bytes
from autograph_desktop.model import Diagram, Shape, Style
from autograph_desktop.render.textlayout import element_text_layout, layout_text

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"


def _drawio(cells: str) -> Diagram:
    xml = (f'<mxfile><diagram id="p" name="P"><mxGraphModel><root><mxCell id="0"/>'
           f'<mxCell id="1" parent="0"/>{cells}</root></mxGraphModel></diagram></mxfile>')
    return drawio.read(xml.encode(), "t.drawio").diagrams[0]


def _cell(cid: str, value: str, style: str, w: float, h: float = 40) -> str:
    return (f'<mxCell id="{cid}" value="{value}" style="{style}" vertex="1" parent="1">'
            f'<mxGeometry x="0" y="0" width="{w}" height="{h}" as="geometry"/></mxCell>')


def _lines(diagram: Diagram, eid: str) -> list[str]:
    layout = element_text_layout(diagram[eid])
    assert layout is not None
    return [line.text for line in layout.lines]


def _words(text: str) -> list[str]:
    """Words between spaces, and each CJK character on its own (a line may break between any two)."""
    return [token for word in text.split() for token, _spaced in tm.tokens(word) if token]


def test_drawio_long_words_overflow_instead_of_splitting() -> None:
    # draw.io boxes sized for Helvetica: the words fit there, and must never be cut here.
    page = _drawio(_cell("a", "Metricbeat", "rounded=1;whiteSpace=wrap;html=1;fontSize=12;", 50)
                   + _cell("b", "APM-server agent", "whiteSpace=wrap;html=1;", 56)
                   + _cell("c", "Metricbeat", "text;html=1;", 30))
    assert _lines(page, "a") == ["Metricbeat"]
    assert _lines(page, "b") == ["APM-server", "agent"]
    assert _lines(page, "c") == ["Metricbeat"]
    a = element_text_layout(page["a"])
    assert a is not None and a.lines[0].width > page["a"].w - 8  # it stands out rather than breaks
    assert page["a"].style.text_wrap == "overflow" and page["c"].style.text_wrap == "none"


def test_drawio_labels_are_measured_with_helvetica_metrics() -> None:
    page = _drawio(_cell("a", "Metricbeat", "whiteSpace=wrap;html=1;", 80)
                   + _cell("m", "x", "whiteSpace=wrap;html=1;fontFamily=Courier New;", 80))
    layout = element_text_layout(page["a"])
    assert layout is not None and layout.face == tm.ARIAL
    assert page["m"].style.font_family == "DejaVu Sans Mono"


def test_drawio_without_whitespace_wrap_breaks_only_at_the_authors_newlines() -> None:
    page = _drawio(_cell("a", "a long label that draw.io does not wrap", "html=1;", 40))
    assert _lines(page, "a") == ["a long label that draw.io does not wrap"]
    written = drawio.write([page]).decode()
    assert "whiteSpace=wrap" not in written
    again = drawio.read(written.encode(), "again.drawio").diagrams[0]
    assert again["a"].style.text_wrap == "none"


def test_excalidraw_text_is_never_wrapped_again() -> None:
    scene = {"type": "excalidraw", "version": 2, "elements": [
        {"id": "box", "type": "rectangle", "x": 0, "y": 0, "width": 70, "height": 60,
         "boundElements": [{"type": "text", "id": "t"}]},
        {"id": "t", "type": "text", "x": 5, "y": 5, "width": 60, "height": 50, "containerId": "box",
         "text": "Messaging\nUpstream", "originalText": "Messaging Upstream", "fontSize": 20, "fontFamily": 1},
    ]}
    page = excalidraw.read(json.dumps(scene).encode(), "s.excalidraw").diagrams[0]
    # DejaVu Sans at 20 px makes both words wider than the box's text area: no word may be split.
    assert tm.measure("Messaging", 20) > 60
    assert _lines(page, "box") == ["Messaging", "Upstream"]
    assert page["box"].style.font_family == "Virgil"


def test_mermaid_boxes_grow_to_a_long_word() -> None:
    src = b"sequenceDiagram\nparticipant ContentfulServiceBusProcessor\nparticipant B\nB->>ContentfulServiceBusProcessor: go\n"
    page = read_bytes(src, "s.mmd").diagrams[0]
    boxes = [el for el in page if isinstance(el, Shape) and el.text == "ContentfulServiceBusProcessor"]
    assert boxes
    for box in boxes:
        assert _lines(page, box.id) == ["ContentfulServiceBusProcessor"]
    flow = read_bytes(b"flowchart LR\nA[ContentfulServiceBusProcessorWithAVeryLongNameIndeed] --> B\n", "f.mmd")
    node = flow.diagrams[0]["A"] if "A" in flow.diagrams[0] else next(
        el for el in flow.diagrams[0] if el.text.startswith("Contentful"))
    assert _lines(flow.diagrams[0], node.id) == ["ContentfulServiceBusProcessorWithAVeryLongNameIndeed"]


def test_our_own_shapes_split_only_a_word_wider_than_the_box() -> None:
    style = Style()
    wide = layout_text("alpha beta gamma", style, (0, 0, 80, 100))
    assert [line.text for line in wide.lines] == ["alpha", "beta", "gamma"]
    narrow = layout_text("Supercalifragilistic", style, (0, 0, 60, 100))
    assert len(narrow.lines) > 1 and "".join(line.text for line in narrow.lines) == "Supercalifragilistic"
    kept = layout_text("Supercalifragilistic", style.with_(text_wrap="overflow"), (0, 0, 60, 100))
    assert [line.text for line in kept.lines] == ["Supercalifragilistic"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "a" * 5000, "word " * 3000, "\t\r\nx\r"])
def test_hostile_text_lays_out_in_every_mode(text: str) -> None:
    for mode in ("word", "overflow", "none"):
        layout = layout_text(text, Style(text_wrap=mode), (0, 0, 1, 1))
        assert len(layout.lines) <= 2000


def _corpus_files() -> list[Path]:
    folders = [CORPUS / "visual", CORPUS / "drawio"]
    return sorted(p for f in folders if f.is_dir() for p in f.iterdir()
                  if (p.suffix in (".svg", ".png", ".drawio", ".xml") and "excalidraw" not in p.name)
                  or p.name.endswith((".excalidraw.svg", ".excalidraw.png")))


@pytest.mark.skipif(not (CORPUS / "visual").is_dir(), reason="shared corpus not present")
def test_no_word_is_split_anywhere_in_the_shared_corpus() -> None:
    checked = 0
    for path in _corpus_files():
        try:
            result = read_bytes(path.read_bytes(), path.name)
        except Exception:
            continue
        for diagram in result.diagrams:
            for el in diagram:
                layout = element_text_layout(el)
                if layout is None:
                    continue
                drawn = [w for line in layout.lines for w in _words(line.text)]
                assert drawn == _words(re.sub(r"\s+", " ", el.text)), (path.name, el.text)
                checked += 1
    assert checked > 500


def test_characters_a_face_lacks_are_measured_as_their_fallback_draws_them() -> None:
    # Virgil has no CJK glyphs: Qt draws them from a CJK font, a full em each, so centring stays right.
    assert tm.measure("国际化", 16, False, False, tm.HAND) == pytest.approx(48)
    # DejaVu Sans has the arrow Virgil lacks: measured at DejaVu's width.
    assert tm.measure("→", 16, False, False, tm.HAND) == pytest.approx(tm.measure("→", 16), abs=0.02)


def test_cjk_text_breaks_between_characters_latin_words_stay_whole() -> None:
    lines = tm.wrap("五月のしまいの日曜でした。Metricbeat わたくしは", 60, 12, long_words="overflow")
    assert len(lines) > 2 and "Metricbeat" in lines
    assert "".join(lines).replace(" ", "") == "五月のしまいの日曜でした。Metricbeatわたくしは"
    assert all(tm.measure(line, 12) <= 60 for line in lines if line != "Metricbeat")
    page = _drawio(_cell("j", "五月のしまいの日曜でした。わたくしは賑にぎやかな市", "whiteSpace=wrap;html=1;", 80, 80))
    assert len(_lines(page, "j")) > 1
