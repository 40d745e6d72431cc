"""The looks read from draw.io styles, checked by the pixels the painter draws and by what the SVG writer
writes: placed labels and their backgrounds, turned labels, per-part opacity, exact dashes, shadows,
stencil marks, and pictures carried in an element's own data."""

from __future__ import annotations

import base64

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from autograph_desktop.model import Diagram, Image, Rect, Shape, Style
from autograph_desktop.render.labels import placed_text_layout
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.svg import to_svg

from .test_painter import draw, with_z

pytestmark = pytest.mark.usefixtures("qapp")
VIEW = Rect(0, 0, 400, 300)


def render(*elements: Shape | Image) -> QImage:
    return draw(DiagramPainter(Diagram(elements=with_z(list(elements)))), VIEW)


def dark_pixels(image: QImage, x0: int, y0: int, x1: int, y1: int) -> int:
    """Pixels in the rectangle darker than light grey (text, outlines)."""
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if QColor(image.pixel(x, y)).lightness() < 140)


def box(**style: object) -> Shape:
    return Shape(id="b", x=150, y=120, w=80, h=40, text="Label text",
                 style=Style(fill="#ffffff", stroke="#ffffff", text_color="#000000", font_size=14, **style))  # type: ignore[arg-type]


@pytest.mark.parametrize(("position", "where"), [
    ("right", (232, 120, 400, 160)), ("left", (0, 120, 148, 160)), ("below", (150, 162, 230, 200)),
    ("above", (150, 80, 230, 118)), ("inside", (150, 120, 230, 160)),
])
def test_placed_labels_are_drawn_where_the_style_puts_them(position: str, where: tuple[int, int, int, int]) -> None:
    image = render(box(label_position=position))
    inside = dark_pixels(image, 151, 121, 229, 159)
    assert dark_pixels(image, *where) > 20
    if position != "inside":
        assert inside == 0


def test_a_label_offset_moves_it_and_a_background_box_sits_behind_it() -> None:
    plain = placed_text_layout(box(label_position="right"))
    moved = placed_text_layout(box(label_position="right", label_dx=20, label_dy=-5))
    assert plain is not None and moved is not None
    assert moved.bounds[0] == pytest.approx(plain.bounds[0] + 20) and moved.bounds[1] == pytest.approx(plain.bounds[1] - 5)
    image = render(box(label_position="right", label_background="#ffff00"))
    x, y, w, h = plain.bounds
    assert QColor(image.pixel(round(x + w - 1), round(y + 1))).name() == "#ffff00"
    svg = to_svg(Diagram(elements=[box(label_position="right", label_background="#ffff00")]))
    assert 'fill="#ffff00"' in svg


def test_a_vertical_label_is_drawn_turned() -> None:
    tall = Shape(id="t", x=150, y=40, w=40, h=220, text="Swimlane title",
                 style=Style(fill="#ffffff", stroke="#ffffff", text_color="#000000", font_size=14, text_vertical=True))
    image = render(tall)
    # Turned upright, the words run down the narrow box instead of wrapping across it.
    assert dark_pixels(image, 150, 60, 190, 110) > 20 and dark_pixels(image, 150, 190, 190, 240) > 20
    assert 'rotate(-90' in to_svg(Diagram(elements=[tall]))


def test_fill_opacity_lets_the_canvas_through_and_the_svg_says_so() -> None:
    faded = Shape(id="f", x=50, y=50, w=100, h=100, style=Style(fill="#000000", stroke="none", fill_opacity=0.5))
    pixel = QColor(render(faded).pixel(100, 100))
    assert 100 < pixel.lightness() < 160
    assert 'fill-opacity="0.5"' in to_svg(Diagram(elements=[faded]))


def test_shadows_fall_right_and_down() -> None:
    shadowed = Shape(id="s", x=50, y=50, w=100, h=60, style=Style(fill="#ffffff", stroke="#ffffff", shadow=True))
    image = render(shadowed)
    assert QColor(image.pixel(151, 112)).lightness() < 250  # under the bottom right corner
    assert QColor(image.pixel(49, 49)).name() == "#ffffff"
    assert 'translate(3 3)' in to_svg(Diagram(elements=[shadowed]))


def test_an_exact_dash_pattern_is_drawn_with_its_gaps() -> None:
    line = Shape(id="d", x=20, y=100, w=360, h=2, shape="core.line",
                 style=Style(stroke="#000000", stroke_width=2, dash="dashed", dash_pattern="1 9"))
    image = render(line)
    row = [QColor(image.pixel(x, 101)).lightness() < 128 for x in range(30, 370)]
    assert 0.05 < sum(row) / len(row) < 0.2  # dashes one width long, gaps nine
    assert 'stroke-dasharray="2 18"' in to_svg(Diagram(elements=[line]))


def test_stencil_marks_are_filled_in_the_stroke_colour() -> None:
    gateway = Shape(id="g", x=100, y=50, w=100, h=100, shape="bpmn.gateway.parallel",
                    style=Style(fill="#ffffff", stroke="#ff0000"))
    image = render(gateway)
    assert QColor(image.pixel(150, 100)).name() == "#ff0000"  # the plus at the centre is solid
    assert QColor(image.pixel(130, 100)).name() == "#ff0000"


def _png(color: str) -> str:
    picture = QImage(8, 8, QImage.Format.Format_ARGB32)
    picture.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")  # type: ignore[call-overload]
    return base64.b64encode(bytes(data.data())).decode("ascii")


SVG_PICTURE = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                               b'<rect width="10" height="10" fill="#00ff00"/></svg>').decode("ascii")


@pytest.mark.parametrize(("mime", "data", "expected"), [
    ("image/png", _png("#0000ff"), "#0000ff"), ("image/svg+xml", SVG_PICTURE, "#00ff00"),
])
def test_pictures_carried_in_the_element_are_drawn(mime: str, data: str, expected: str) -> None:
    picture = Image(id="i", x=100, y=100, w=60, h=60, mime=mime, data=(("image.base64", data),))
    assert QColor(render(picture).pixel(130, 130)).name() == expected
    assert "data:" + mime in to_svg(Diagram(elements=[picture]))


@pytest.mark.parametrize("data", ["not base64 at all!", base64.b64encode(b"\x89PNG broken").decode(), "",
                                  base64.b64encode(b"<svg><unclosed").decode()])
def test_broken_carried_pictures_draw_the_placeholder(data: str) -> None:
    picture = Image(id="i", x=100, y=100, w=60, h=60, mime="image/png", data=(("image.base64", data),))
    image = render(picture)
    assert QColor(image.pixel(103, 130)).name() != "#ffffff"  # the placeholder's tint, no crash
    if data in ("not base64 at all!", ""):  # (bytes that decode are passed on: the SVG viewer judges them)
        assert 'stroke-dasharray="3 2"' in to_svg(Diagram(elements=[picture]))  # the SVG's placeholder


def test_a_lane_draws_its_title_on_a_band_inside_it() -> None:
    from autograph_desktop.model import Frame

    lane = Frame(id="l", x=40, y=40, w=300, h=200, text="Orders",
                 style=Style(fill="#ffcc00", stroke="#000000", text_color="#000000", label_position="lane",
                             text_vertical=True))
    image = render(lane)  # type: ignore[arg-type]
    assert QColor(image.pixel(44, 230)).name() == "#ffcc00"  # the band down the left side
    assert QColor(image.pixel(200, 140)).name() == "#ffffff"  # the lane's body is not filled
    assert QColor(image.pixel(60, 30)).name() == "#ffffff"  # no tab above it
    assert dark_pixels(image, 41, 100, 62, 180) > 10  # the title, turned upright in the band
    svg = to_svg(Diagram(elements=[lane]))
    assert 'fill="#ffcc00"' in svg and "rotate(-90" in svg


def test_a_box_with_some_sides_draws_only_those() -> None:
    cell = Shape(id="c", x=100, y=100, w=100, h=60, shape="core.partial.b",
                 style=Style(fill="#eeeeee", stroke="#000000", stroke_width=2))
    image = render(cell)
    assert QColor(image.pixel(150, 160)).lightness() < 60  # the bottom side
    assert QColor(image.pixel(150, 100)).name() == "#eeeeee"  # no top side, the fill up to the edge
    assert QColor(image.pixel(100, 130)).name() == "#eeeeee"


def test_a_boxed_label_after_other_text_is_still_drawn() -> None:
    """The label's box sets the painter's pen; the text after it must not reuse a pen it thinks is set."""
    first = Shape(id="a", x=20, y=20, w=100, h=40, text="First", style=Style(text_color="#000000"))
    picture = Image(id="p", x=150, y=120, w=80, h=40, text="Label text", mime="image/png",
                    data=(("image.base64", _png("#ffffff")),),
                    style=Style(text_color="#000000", font_size=14, label_position="below", label_background="#ffffff"))
    image = render(first, picture)
    assert dark_pixels(image, 150, 162, 230, 200) > 20


def test_a_connector_with_line_jumps_hops_over_the_ones_below_it() -> None:
    from autograph_desktop.model import Connector, Endpoint

    under = Connector(id="under", z="a0", source=Endpoint(x=200, y=20), target=Endpoint(x=200, y=280),
                      end_arrow="none", style=Style(stroke="#000000", stroke_width=2))
    over = Connector(id="over", z="a1", source=Endpoint(x=20, y=150), target=Endpoint(x=380, y=150),
                     end_arrow="none", style=Style(stroke="#000000", stroke_width=2, line_jumps="arc",
                                                   line_jump_size=10))
    image = draw(DiagramPainter(Diagram(elements=[under, over])), VIEW)
    assert QColor(image.pixel(150, 150)).lightness() < 100  # the line itself
    assert QColor(image.pixel(200, 140)).lightness() < 100  # the hop, ten units above the crossing
    assert QColor(image.pixel(193, 150)).lightness() > 200  # no line under the hop
    assert "C" in to_svg(Diagram(elements=[under, over])).split('id="over"')[1].split("</g>")[0]
    plain = draw(DiagramPainter(Diagram(elements=[under, over.evolve(style=over.style.with_(line_jumps=""))])), VIEW)
    assert QColor(plain.pixel(193, 150)).lightness() < 100
