"""The hand-drawn look: seeded per element, hatch lines inside the shape, the same strokes in PNG and SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.model import Connector, Diagram, Endpoint, Path, Rect, Shape, Style, edits
from autograph_desktop.model.shapes.paths import ellipse, polygon
from autograph_desktop.render import raster, svg
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.sketch import hachure_segments, rough_line, seeded, sketch_shape

from .samples import with_z

pytestmark = pytest.mark.usefixtures("qapp")
SVG_NS = "{http://www.w3.org/2000/svg}"
BOX = polygon([(0, 0), (100, 0), (100, 60), (0, 60)])


def _draw(doc: Diagram, painter: DiagramPainter | None = None) -> QImage:
    painter = painter or DiagramPainter(doc)
    image = QImage(200, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    qp = QPainter(image)
    painter.paint(qp, Rect(0, 0, 200, 120), 1.0)
    qp.end()
    return image


def _box(sketch: int = 1, fill_style: str = "solid", eid: str = "box") -> Shape:
    return Shape(id=eid, x=20, y=20, w=120, h=70,
                 style=Style(fill="#ff0000", stroke="#0000ff", stroke_width=2, sketch=sketch, fill_style=fill_style))


def test_same_element_same_strokes_other_element_other_strokes() -> None:
    a = sketch_shape("a", BOX, [], 1, "hachure", 2, True)
    again = sketch_shape("a", BOX, [], 1, "hachure", 2, True)
    b = sketch_shape("b", BOX, [], 1, "hachure", 2, True)
    assert a == again
    assert a.strokes != b.strokes and a.hatch != b.hatch


def test_rough_lines_stay_near_the_line_and_grow_with_roughness() -> None:
    def spread(level: float) -> float:
        rnd = seeded("x")
        worst = 0.0
        for _ in range(200):
            cmds = rough_line((0, 0), (100, 0), level, rnd)
            worst = max(worst, max(abs(v) for cmd in cmds for v in cmd[2::2]))
        return worst
    assert 0 < spread(1) < 8 and spread(1) < spread(2) < 14


def test_hachure_lines_lie_inside_the_outline_and_cross_hatch_doubles_them() -> None:
    rings = [[(0.0, 0.0), (100.0, 0.0), (100.0, 60.0), (0.0, 60.0)]]
    lines = hachure_segments(rings, 8)
    assert len(lines) > 5
    for p0, p1 in lines:
        for x, y in (p0, p1):
            assert -0.01 <= x <= 100.01 and -0.01 <= y <= 60.01
        assert math.degrees(math.atan2(p1[1] - p0[1], p1[0] - p0[0])) % 180 == pytest.approx(139, abs=0.5)
    one = sketch_shape("s", BOX, [], 0, "hachure", 2, True)
    two = sketch_shape("s", BOX, [], 0, "cross-hatch", 2, True)
    assert one.solid is None and len(two.hatch) > 1.5 * len(one.hatch)
    assert sketch_shape("s", BOX, [], 0, "hachure", 2, False).hatch == []  # nothing to fill


@pytest.mark.parametrize("rings", [[], [[(0.0, 0.0)]], [[(0.0, 0.0), (1e308, 1e308), (-1e308, 5.0)]],
                                   [[(float("nan"), 0.0), (1.0, 1.0), (2.0, 0.0)]]])
def test_degenerate_and_hostile_outlines_do_not_hang(rings: list[list[tuple[float, float]]]) -> None:
    assert len(hachure_segments(rings, 4)) <= 2 * 400 + 2
    assert rough_line((0, 0), (0, 0), 2, seeded("z")) == []
    assert rough_line((0, 0), (float("inf"), 0), 2, seeded("z")) == []


def test_huge_shapes_keep_the_number_of_hatch_lines_bounded() -> None:
    lines = hachure_segments([[(0.0, 0.0), (1e6, 0.0), (1e6, 1e6), (0.0, 1e6)]], 1.0)
    assert 100 < len(lines) <= 1000


def test_sketch_draws_other_pixels_but_the_same_ones_every_frame() -> None:
    clean = _draw(Diagram(elements=with_z([_box(0)])))
    doc = Diagram(elements=with_z([_box(2, "hachure")]))
    painter = DiagramPainter(doc)
    first = _draw(doc, painter)
    assert first != clean
    assert _draw(doc, painter) == first and _draw(doc) == first  # no jitter, in this painter or a new one
    # Hachure: the inside is mostly white between red lines, where the clean box is solid red.
    inside = [QColor(first.pixel(x, 55)).name() for x in range(40, 120)]
    assert inside.count("#ffffff") > 20 and any(c != "#ffffff" for c in inside)
    assert {QColor(clean.pixel(x, 55)).name() for x in range(40, 120)} == {"#ff0000"}


def test_a_moved_sketch_is_the_same_drawing_moved() -> None:
    doc = Diagram(elements=with_z([_box(1, "cross-hatch")]))
    painter = DiagramPainter(doc)
    before = _draw(doc, painter)
    doc.execute(edits.move(doc, ["box"], 30, 0))
    after = _draw(doc, painter)  # the cached strokes, moved
    assert before.copy(10, 10, 140, 90) == after.copy(40, 10, 140, 90)
    fresh = _draw(Diagram(elements=with_z([_box(1, "cross-hatch").evolve(x=50)])))
    assert fresh.copy(40, 10, 140, 90) == after.copy(40, 10, 140, 90)  # and what a new painter draws there


def test_svg_draws_the_same_hand_drawn_strokes() -> None:
    shape = _box(1, "hachure")
    conn = Connector(id="c", source=Endpoint(x=10, y=110), target=Endpoint(x=190, y=110), style=Style(sketch=2))
    path = Path(id="p", x=0, y=0, points=((150, 10), (190, 10), (170, 40)), closed=True,
                style=Style(fill="#00ff00", sketch=1))
    doc = Diagram(elements=with_z([shape, conn, path]))
    out = svg.to_svg(doc)
    root = ET.fromstring(out.encode())
    box_paths = root.findall(f".//{SVG_NS}g[@id='box']/{SVG_NS}path")
    sk = sketch_shape("box", [], [], 1, "hachure", 2, True)
    assert sk.strokes == []  # an empty outline draws nothing
    assert len(box_paths) == 2  # hatch lines (in the fill colour) and the doubled outline
    assert box_paths[0].get("stroke") == "#ff0000" and box_paths[1].get("stroke") == "#0000ff"
    assert out == svg.to_svg(doc)  # stable between exports
    png = raster.render_image(doc, scale=1.0)
    assert png.width() > 0
    assert root.findall(f".//{SVG_NS}g[@id='c']/{SVG_NS}path")[0].get("d", "").count("C") >= 2


def test_ellipses_are_traced_twice() -> None:
    sk = sketch_shape("e", ellipse(50, 30, 50, 30), [], 1, "solid", 2, True)
    assert sum(1 for cmd in sk.strokes if cmd[0] == "M") == 2
    assert sk.solid is not None


def test_svg_carries_the_hand_writing_face_only_when_it_is_used() -> None:
    hand = Shape(id="h", x=0, y=0, w=120, h=40, text="sketch", style=Style(font_family="Virgil"))
    plain = Shape(id="p", x=0, y=60, w=120, h=40, text="plain")
    with_hand = svg.to_svg(Diagram(elements=with_z([hand, plain])))
    assert with_hand.count("@font-face") == 1 and "font/ttf;base64," in with_hand
    ET.fromstring(with_hand.encode())
    assert "@font-face" not in svg.to_svg(Diagram(elements=with_z([plain])))


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_the_cached_image_draws_what_the_strokes_draw_even_on_hidpi(dpr: float) -> None:
    from autograph_desktop.render.sketchpaint import draw_sketch, draw_sketch_cached, node_sketch

    el = _box(2, "cross-hatch")
    images = []
    for draw in (draw_sketch, draw_sketch_cached):
        sketch = node_sketch(el, QColor("#ff0000"), QColor("#0000ff"))
        image = QImage(int(200 * dpr), int(120 * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(QColor("#ffffff"))
        qp = QPainter(image)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.scale(1.3, 1.3)
        qp.translate(-5.25, -3.5)
        draw(qp, sketch)
        qp.end()
        images.append(image)
    direct, cached = images
    differing = sum(1 for x in range(direct.width()) for y in range(direct.height())
                    if abs(QColor(direct.pixel(x, y)).red() - QColor(cached.pixel(x, y)).red()) > 24)
    inked = sum(1 for x in range(direct.width()) for y in range(direct.height())
                if QColor(direct.pixel(x, y)).name() != "#ffffff")
    assert inked > 500 and differing < inked * 0.02


def test_the_look_and_rich_text_survive_the_native_format_and_junk_is_refused() -> None:
    import json

    from autograph_desktop.formats import native
    from autograph_desktop.model import InvalidInput
    from autograph_desktop.model.richtext import RUNS_KEY, Run, runs_to_json

    runs = runs_to_json((Run("bold", bold=True), Run(" text")))
    shape = Shape(id="s", x=0, y=0, w=100, h=50, text="bold text", data=((RUNS_KEY, runs),),
                  style=Style(sketch=2, fill_style="cross-hatch", text_wrap="overflow", font_family="Virgil"))
    doc, _warnings = native.loads(native.dumps(Diagram(elements=with_z([shape]))))
    again = doc["s"]
    assert (again.style.sketch, again.style.fill_style, again.style.text_wrap) == (2, "cross-hatch", "overflow")
    assert again.get(RUNS_KEY) == runs
    raw = json.loads(native.dumps(Diagram(elements=with_z([shape]))))
    for field, junk in (("sketch", 7), ("fill_style", "zigzag"), ("text_wrap", "sometimes")):
        bad = json.loads(json.dumps(raw))
        bad["elements"][0]["style"][field] = junk
        with pytest.raises(InvalidInput):
            native.loads(json.dumps(bad).encode())
