"""Outlined shapes drawn as two fills must look like the stroked outline they replace."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPicture

from autograph_desktop.model import SHAPES, Diagram, Rect, Shape, Style
from autograph_desktop.render.entries import build_node, outline_ring
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.rings import MITER_LIMIT, offset_polygon

from .samples import with_z

pytestmark = pytest.mark.usefixtures("qapp")


def render(shape: str, fill: str, scale: float, *, width: float = 2.0, rotation: float = 0.0,
           size: tuple[float, float] = (120.0, 60.0), radius: float = 0.0) -> QImage:
    el = Shape(id="s", x=10.3, y=10.7, w=size[0], h=size[1], shape=shape, rotation=rotation,
               style=Style(fill=fill, stroke="#1e293b", stroke_width=width, corner_radius=radius))
    painter = DiagramPainter(Diagram(elements=with_z([el])))
    visible = Rect(0, 0, size[0] + 30, size[1] + 30)
    image = QImage(round(visible.w * scale), round(visible.h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    qp = QPainter(image)
    qp.scale(scale, scale)
    painter.paint(qp, visible, scale)
    qp.end()
    return image


def differences(a: QImage, b: QImage) -> tuple[int, int]:
    """(largest channel difference, pixels that changed colour: more than 100 apart in some channel).

    Where Qt flattens the stroke's curves and the two fills' curves differently, antialiased edge pixels
    differ by up to ~85 levels (a fraction of a pixel of coverage, invisible even magnified); an outline that
    is missing, doubled or misplaced by half its width turns runs of pixels from white or fill to the stroke
    colour, 190-225 levels apart.
    """
    worst, off = 0, 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            d = max(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16))
            worst = max(worst, d)
            off += d > 100
    return worst, off


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("scale", [0.45, 1.0, 2.5])
def test_every_shape_looks_the_same_drawn_as_a_ring(shape: str, scale: float) -> None:
    # "#dbeafe" is opaque, so the painter draws a ring where it can; one step of alpha less makes it stroke.
    ring = render(shape, "#dbeafe", scale)
    stroked = render(shape, "#dbeafefe", scale)
    worst, off = differences(ring, stroked)
    assert off == 0, (shape, scale, worst, off)


@pytest.mark.parametrize(("shape", "radius", "width", "rotation"), [
    ("rectangle", 8.0, 6.0, 0.0), ("rectangle", 1.0, 4.0, 30.0), ("rounded", 0.0, 8.0, 0.0),
    ("diamond", 0.0, 5.0, 45.0), ("ellipse", 0.0, 10.0, 15.0), ("hexagon", 0.0, 3.0, 0.0)])
def test_thick_outlines_rounded_corners_and_rotation(shape: str, radius: float, width: float, rotation: float) -> None:
    ring = render(shape, "#fde68a", 1.5, width=width, rotation=rotation, radius=radius)
    stroked = render(shape, "#fde68afe", 1.5, width=width, rotation=rotation, radius=radius)
    worst, off = differences(ring, stroked)
    assert off == 0, (worst, off)


def test_shapes_thinner_than_their_outline_still_draw_right() -> None:
    for shape in ("rectangle", "ellipse", "diamond", "triangle"):
        ring = render(shape, "#dbeafe", 2.0, width=6.0, size=(5.0, 40.0))
        stroked = render(shape, "#dbeafefe", 2.0, width=6.0, size=(5.0, 40.0))
        assert differences(ring, stroked)[1] == 0, shape


def flat(points: list[tuple[float, float]] | None) -> list[float]:
    assert points is not None
    return [v for point in points for v in point]


def test_offset_square_moves_every_side() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert flat(offset_polygon(square, 1.0)) == pytest.approx(flat([(-1, -1), (11, -1), (11, 11), (-1, 11)]))
    assert flat(offset_polygon(square, -1.0)) == pytest.approx(flat([(1, 1), (9, 1), (9, 9), (1, 9)]))
    # the same square wound the other way grows outwards too
    assert flat(offset_polygon(square[::-1], 1.0)) == pytest.approx(flat([(-1, 11), (11, 11), (11, -1), (-1, -1)]))


def test_offset_concave_corner_and_repeated_points() -> None:
    ell = [(0.0, 0.0), (10.0, 0.0), (10.0, 4.0), (4.0, 4.0), (4.0, 10.0), (0.0, 10.0), (0.0, 0.0), (0.0, 0.0)]
    grown = offset_polygon(ell, 1.0)
    assert flat(grown) == pytest.approx(flat([(-1, -1), (11, -1), (11, 5), (5, 5), (5, 11), (-1, 11)]))


def test_offsets_a_ring_cannot_copy_are_refused() -> None:
    spike = [(0.0, 0.0), (100.0, 1.0), (0.0, 2.0)]  # corners far past the miter limit
    assert offset_polygon(spike, 1.0) is None
    assert offset_polygon([(0.0, 0.0), (5.0, 0.0), (10.0, 0.0)], 1.0) is None  # no area
    assert offset_polygon([(0.0, 0.0), (1.0, 1.0)], 1.0) is None
    thin = [(0.0, 0.0), (10.0, 0.0), (10.0, 1.0), (0.0, 1.0)]
    assert offset_polygon(thin, -1.0) is None  # shrinking by more than half its height turns edges round
    assert offset_polygon(thin, 1.0) is not None
    # a corner just within the limit is mitred (ratio 3.5), one just past it (4.1) is not
    assert MITER_LIMIT == 4.0
    assert offset_polygon([(0.0, 0.0), (10.0, 2.5), (0.0, 5.0)], 0.5) is None
    assert offset_polygon([(0.0, 0.0), (10.0, 3.0), (0.0, 6.0)], 0.5) is not None


def ring_of(shape: str, **style: object) -> object:
    el = Shape(x=0, y=0, w=120, h=60, shape=shape, style=Style(**style))  # type: ignore[arg-type]
    return outline_ring(build_node(el, (), "light", QColor("#ffffff")), el.style)


@pytest.mark.parametrize("shape", ["rectangle", "rounded", "ellipse", "circle", "diamond", "hexagon", "stadium",
                                   "parallelogram", "trapezoid", "triangle", "card", "note", "cross"])
def test_common_outlined_shapes_are_drawn_as_rings(shape: str) -> None:
    """The comparisons above would pass if nothing used rings: the usual shapes must."""
    assert ring_of(shape) is not None


def test_what_a_ring_cannot_draw_is_stroked() -> None:
    assert ring_of("rectangle", fill="#dbeafe80") is None  # see-through fill
    assert ring_of("rectangle", stroke="#1e293b80") is None  # see-through stroke
    assert ring_of("rectangle", dash="dashed") is None
    assert ring_of("rectangle", opacity=0.5) is None
    assert ring_of("rectangle", fill="none") is None
    assert ring_of("rectangle", stroke_width=0) is None
    assert ring_of("cloud") is None  # curves only a path draws
    assert ring_of("ellipse", stroke_width=30) is None  # a thick outline on an ellipse strays from an ellipse


def test_see_through_painters_stroke_instead() -> None:
    """A version diff draws removed elements at 40%: a ring's inner fill would let its outer fill through."""
    def ghost(fill: str) -> QImage:
        el = Shape(id="s", x=10, y=10, w=120, h=60, shape="rounded", style=Style(fill=fill, stroke="#1e293b"))
        image = QImage(150, 90, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        qp = QPainter(image)
        qp.setOpacity(0.4)
        DiagramPainter(Diagram(elements=with_z([el]))).paint_element(qp, el, 1.0)
        qp.end()
        return image

    assert differences(ghost("#dbeafe"), ghost("#dbeafefe"))[0] <= 3


def test_vector_output_keeps_true_strokes() -> None:
    """PDF readers zoom without limit: there an ellipse ring's 0.06-unit approximation would show."""
    def recorded(fill: str) -> QImage:
        el = Shape(id="s", x=10, y=10, w=120, h=60, shape="ellipse", style=Style(fill=fill, stroke="#1e293b"))
        picture = QPicture()  # a vector device, like QPdfWriter
        qp = QPainter(picture)
        DiagramPainter(Diagram(elements=with_z([el]))).paint(qp, Rect(0, 0, 150, 90), 1.0)
        qp.end()
        # Play it back 40x around 45 degrees round the ellipse, where the approximation strays most.
        image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        qp = QPainter(image)
        qp.scale(40, 40)
        qp.translate(-110.0, -59.0)
        qp.drawPicture(0, 0, picture)
        qp.end()
        return image

    assert differences(recorded("#dbeafe"), recorded("#dbeafefe"))[1] == 0


def test_nonsense_widths_make_no_ring() -> None:
    assert ring_of("rectangle", stroke_width=float("nan")) is None
    assert ring_of("diamond", stroke_width=float("inf")) is None
    assert ring_of("ellipse", stroke_width=-2) is None
