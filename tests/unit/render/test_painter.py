"""The shared painter, checked by the pixels it produces in a QImage (the canvas draws the same way)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.model import (
    ARROWHEADS,
    SHAPES,
    Connector,
    Diagram,
    Endpoint,
    Frame,
    Icon,
    Rect,
    Shape,
    Style,
    Text,
    edits,
)
from autograph_desktop.render.painter import DiagramPainter, connector_path

from .samples import grid, showcase, with_z

pytestmark = pytest.mark.usefixtures("qapp")


def draw(painter: DiagramPainter, visible: Rect, scale: float = 1.0, **kw: Any) -> QImage:
    """Exactly what the canvas does: scale, translate to the visible rectangle, paint."""
    image = QImage(round(visible.w * scale), round(visible.h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    qp = QPainter(image)
    qp.scale(scale, scale)
    qp.translate(-visible.x, -visible.y)
    painter.paint(qp, visible, scale, **kw)
    qp.end()
    return image


def color_at(image: QImage, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name()


def red_box(**kw: Any) -> Diagram:
    box = Shape(id="box", x=20, y=20, w=60, h=40, style=Style(fill="#ff0000", stroke="#0000ff", stroke_width=4), **kw)
    return Diagram(elements=with_z([box]))


def test_fill_and_stroke_land_where_the_model_says() -> None:
    image = draw(DiagramPainter(red_box()), Rect(0, 0, 100, 100))
    assert color_at(image, 50, 40) == "#ff0000"
    assert color_at(image, 20, 40) == "#0000ff"
    assert color_at(image, 5, 5) == "#ffffff"


def test_scale_and_offset_follow_the_transform() -> None:
    image = draw(DiagramPainter(red_box()), Rect(20, 20, 100, 100), scale=2.0)
    assert color_at(image, 60, 40) == "#ff0000"
    assert color_at(image, 150, 150) == "#ffffff"


def test_skip_and_hidden_elements_are_not_drawn() -> None:
    assert color_at(draw(DiagramPainter(red_box()), Rect(0, 0, 100, 100), skip={"box"}), 50, 40) == "#ffffff"
    assert color_at(draw(DiagramPainter(red_box(hidden=True)), Rect(0, 0, 100, 100)), 50, 40) == "#ffffff"


def test_highlight_outlines_the_element() -> None:
    image = draw(DiagramPainter(red_box()), Rect(0, 0, 100, 100), highlight={"box": "#00ff00"})
    assert color_at(image, 20, 40) == "#00ff00"
    assert color_at(image, 50, 40) == "#ff0000"


def test_rotation_turns_about_the_centre() -> None:
    doc = Diagram(elements=with_z([Shape(id="bar", x=0, y=45, w=100, h=10, rotation=90,
                                         style=Style(fill="#ff0000", stroke="none"))]))
    image = draw(DiagramPainter(doc), Rect(0, 0, 100, 100))
    assert color_at(image, 50, 10) == "#ff0000"
    assert color_at(image, 10, 50) == "#ffffff"


def test_tiny_elements_become_filled_rectangles() -> None:
    image = draw(DiagramPainter(red_box()), Rect(0, 0, 1000, 1000), scale=0.04)
    assert QColor(image.pixel(2, 1)).red() > 200


def test_text_is_drawn_only_when_readable() -> None:
    doc = Diagram(elements=with_z([Text(id="t", x=0, y=0, w=200, h=40, text="WWWWWWWW",
                                        style=Style(font_size=30, text_color="#000000"))]))
    big = draw(DiagramPainter(doc), Rect(0, 0, 200, 40))
    assert any(QColor(big.pixel(x, 20)).lightness() < 100 for x in range(200))
    small = draw(DiagramPainter(doc), Rect(0, 0, 2000, 400), scale=0.1)
    assert all(QColor(small.pixel(x, y)).name() == "#ffffff" for x in range(20) for y in range(4))


def test_edits_are_picked_up_without_invalidate() -> None:
    doc = red_box()
    painter = DiagramPainter(doc)
    draw(painter, Rect(0, 0, 100, 100))
    doc.execute(edits.set_style(doc, ["box"], fill="#00ff00"))
    assert color_at(draw(painter, Rect(0, 0, 100, 100)), 50, 40) == "#00ff00"
    doc.execute(edits.move(doc, ["box"], 100, 0))
    assert color_at(draw(painter, Rect(0, 0, 100, 100)), 50, 40) == "#ffffff"


def test_connectors_follow_their_shapes() -> None:
    a = Shape(id="a", x=0, y=0, w=20, h=20)
    b = Shape(id="b", x=180, y=0, w=20, h=20)
    c = Connector(id="c", source=Endpoint("a", "right"), target=Endpoint("b", "left"),
                  style=Style(stroke="#ff0000", stroke_width=4), end_arrow="none")
    doc = Diagram(elements=with_z([a, b, c]))
    painter = DiagramPainter(doc)
    assert color_at(draw(painter, Rect(0, 0, 200, 100)), 100, 10) == "#ff0000"
    doc.execute(edits.move(doc, ["b"], 0, 60))
    painter.invalidate(["b"])
    image = draw(painter, Rect(0, 0, 200, 100))
    assert color_at(image, 100, 10) == "#ffffff"
    assert connector_path(doc, doc["c"])[-1] == (180, 70)  # type: ignore[arg-type]


def test_collapsed_frames_hide_their_members() -> None:
    frame = Frame(id="f", x=0, y=0, w=100, h=100, text="F", collapsed=True, style=Style(fill="none"))
    inner = Shape(id="s", x=20, y=20, w=60, h=60, parent="f", style=Style(fill="#ff0000"))
    image = draw(DiagramPainter(Diagram(elements=with_z([frame, inner]))), Rect(-10, -40, 120, 160))
    assert color_at(image, 60, 90) == "#ffffff"


def test_icons_use_the_provider_or_a_placeholder() -> None:
    asked: list[str] = []
    red = QImage(8, 8, QImage.Format.Format_ARGB32)
    red.fill(QColor("#ff0000"))

    def provider(icon_id: str) -> QImage | None:
        asked.append(icon_id)
        return red if icon_id == "known" else None

    doc = Diagram(elements=with_z([Icon(id="i1", x=0, y=0, w=40, h=40, icon="known"),
                                   Icon(id="i2", x=50, y=0, w=40, h=40, icon="unknown")]))
    image = draw(DiagramPainter(doc, icon_provider=provider), Rect(0, 0, 100, 50))
    assert color_at(image, 20, 20) == "#ff0000"
    assert color_at(image, 70, 20) != "#ffffff"  # the neutral placeholder
    assert sorted(asked) == ["known", "unknown"]


def test_monochrome_icons_follow_the_stroke_and_the_theme_brand_icons_keep_their_colours() -> None:
    red = QImage(8, 8, QImage.Format.Format_ARGB32)
    red.fill(QColor("#ff0000"))
    doc = Diagram(elements=with_z([Icon(id="glyph", x=0, y=0, w=40, h=40, icon="mdi6.database"),
                                   Icon(id="blue", x=50, y=0, w=40, h=40, icon="mdi6.database",
                                        style=Style(stroke="#0000ff")),
                                   Icon(id="brand", x=100, y=0, w=40, h=40, icon="si.python")]))
    light = draw(DiagramPainter(doc, icon_provider=lambda _: red), Rect(0, 0, 150, 50))
    assert color_at(light, 20, 20) == "#1e1e2e"  # "ink" on the light canvas, not the artwork's red
    assert color_at(light, 70, 20) == "#0000ff"
    assert color_at(light, 120, 20) == "#ff0000"
    dark = draw(DiagramPainter(doc, "dark", icon_provider=lambda _: red), Rect(0, 0, 150, 50))
    assert color_at(dark, 20, 20) == "#e6e6ef"  # readable on the dark canvas
    assert color_at(dark, 120, 20) == "#ff0000"


def test_a_failing_icon_provider_does_not_stop_drawing() -> None:
    def broken(_: str) -> QImage:
        raise RuntimeError("icon pack corrupt")

    doc = Diagram(elements=with_z([Icon(id="i", x=0, y=0, w=40, h=40, icon="x"), *red_box().elements]))
    image = draw(DiagramPainter(doc, icon_provider=broken), Rect(0, 0, 100, 100))
    assert color_at(image, 50, 40) == "#ff0000"


def test_showcase_draws_every_shape_and_arrowhead_in_both_themes() -> None:
    for theme in ("light", "dark"):
        doc = showcase(theme)
        assert {e.shape for e in doc if isinstance(e, Shape)} >= set(SHAPES)  # type: ignore[attr-defined]
        assert {e.end_arrow for e in doc if isinstance(e, Connector)} >= set(ARROWHEADS)
        image = draw(DiagramPainter(doc, theme), Rect(0, 0, 1600, 900))
        assert len({image.pixel(x, y) for x in range(0, 1600, 7) for y in range(0, 900, 7)}) > 20


def _zoomed_out(elements: int, width: float) -> tuple[Diagram, Rect, float, DiagramPainter]:
    """An unlabelled grid, its bounds, the scale that shows it `width` pixels wide, and a painter."""
    doc = grid(elements, labelled=False)
    bbox = doc.bbox()
    assert bbox is not None
    return doc, bbox, width / bbox.w, DiagramPainter(doc)


def test_overview_mode_looks_like_the_detailed_drawing() -> None:
    _doc, bbox, scale, painter = _zoomed_out(2000, 800)
    fast = draw(painter, bbox, scale)
    slow = draw(painter, bbox, scale, skip={"no-such-id"})  # any skip disables the overview path
    diff = sum(abs(QColor(fast.pixel(x, y)).lightness() - QColor(slow.pixel(x, y)).lightness())
               for x in range(0, fast.width(), 3) for y in range(0, fast.height(), 3))
    samples = len(range(0, fast.width(), 3)) * len(range(0, fast.height(), 3))
    assert diff / samples / 255 < 0.05


def test_hostile_styles_do_not_fail() -> None:
    weird = Style(fill="#zzz", stroke="not-a-colour", stroke_width=-3, opacity=-1, font_size=0, corner_radius=-9,
                  dash="zigzag", text_align="sideways", vertical_align="?")
    nan, inf = float("nan"), float("inf")
    doc = Diagram(elements=with_z([
        Shape(id="s", x=0, y=0, w=50, h=50, text="x" * 10_000, style=weird),
        Shape(id="n", x=1e9, y=-1e9, w=1e-9, h=1e12, shape="no-such-shape"),
        Shape(id="nan", x=5, y=5, w=20, h=20, shape="ellipse",
              style=Style(fill="#00ff00", stroke_width=nan, corner_radius=nan, opacity=nan)),
        Shape(id="inf", x=5, y=5, w=20, h=20, shape="diamond", style=Style(fill="#00ff00", stroke_width=inf)),
        # drawn last: whatever came before, drawing reached it
        Shape(id="ok", x=60, y=60, w=30, h=30, style=Style(fill="#0000ff", stroke="none"))]))
    image = draw(DiagramPainter(doc), Rect(0, 0, 100, 100))
    assert color_at(image, 75, 75) == "#0000ff"


def test_parent_cycles_and_dangling_parents_do_not_hang() -> None:
    a = Frame(id="a", x=0, y=0, w=50, h=50, parent="b")
    b = Frame(id="b", x=60, y=0, w=50, h=50, parent="a")
    c = Shape(id="c", x=10, y=10, w=20, h=20, parent="a", style=Style(fill="#ff0000"))
    d = Shape(id="d", x=70, y=10, w=20, h=20, parent="nowhere", style=Style(fill="#00ff00"))
    image = draw(DiagramPainter(Diagram(elements=with_z([a, b, c, d]))), Rect(0, 0, 120, 60))
    assert color_at(image, 20, 20) == "#ff0000" and color_at(image, 80, 20) == "#00ff00"


def test_theme_switch_redraws_with_the_other_palette() -> None:
    doc = Diagram(elements=with_z([Shape(id="s", x=0, y=0, w=50, h=50, style=Style(fill="blue"))]))
    painter = DiagramPainter(doc)
    light = color_at(draw(painter, Rect(0, 0, 60, 60)), 25, 25)
    painter.set_theme("dark")
    dark = color_at(draw(painter, Rect(0, 0, 60, 60)), 25, 25)
    assert light == "#dbeafe" and dark == "#1b3150"


def test_paint_element_draws_one_element_whatever_the_view() -> None:
    doc = red_box()
    image = QImage(100, 100, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    qp = QPainter(image)
    DiagramPainter(doc).paint_element(qp, doc["box"], 1.0)
    qp.end()
    assert color_at(image, 50, 40) == "#ff0000"


def test_connector_path_matches_the_drawn_curve() -> None:
    a = Shape(id="a", x=0, y=0, w=40, h=40)
    b = Shape(id="b", x=200, y=150, w=40, h=40)
    c = Connector(id="c", source=Endpoint("a", "right"), target=Endpoint("b", "left"), routing="curved",
                  end_arrow="none", style=Style(stroke="#ff0000", stroke_width=3))
    doc = Diagram(elements=with_z([a, b, c]))
    image = draw(DiagramPainter(doc), Rect(0, 0, 260, 200))
    path = connector_path(doc, c)
    mid = path[len(path) // 2]
    assert QColor(image.pixel(round(mid[0]), round(mid[1]))).red() > 200


def _differing_pixels(a: QImage, b: QImage) -> int:
    """Pixels whose colour differs by more than antialiasing noise (sub-pixel text placement)."""
    count = 0
    bytes_a, bytes_b = bytes(a.constBits()), bytes(b.constBits())
    row = a.bytesPerLine()
    for y in range(a.height()):
        if bytes_a[y * row:(y + 1) * row] == bytes_b[y * row:(y + 1) * row]:
            continue
        for x in range(a.width()):
            ca, cb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            if max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green()), abs(ca.blue() - cb.blue())) > 40:
                count += 1
    return count


@pytest.mark.parametrize("which", ["everything", "half"])
def test_moved_elements_draw_exactly_as_if_drawn_fresh(which: str) -> None:
    """A painter that drew the diagram before a drag reuses its cached drawing data, moved; the frame must
    be the one a new painter draws (text, labels, arrowheads, frame tabs, rotated shapes, pictures)."""
    doc = showcase()
    view = Rect(0, 0, 1600, 1000)
    cached = DiagramPainter(doc)
    draw(cached, view, 0.5)
    ids = [e.id for e in doc if e.kind != "connector"]
    if which == "half":
        ids = ids[::2]
    for dx, dy in ((37.5, -12.25), (3.0, 41.0)):
        doc.execute(edits.move(doc, ids, dx, dy))
        after_cached = draw(cached, view, 0.5)
        fresh = draw(DiagramPainter(doc), view, 0.5)
        assert _differing_pixels(after_cached, fresh) < 15
    # And the move really shows: the old frame is not what is drawn now.
    assert _differing_pixels(draw(DiagramPainter(showcase()), view, 0.5), fresh) > 500


def test_a_restyled_element_is_built_again_not_moved() -> None:
    doc = red_box()
    painter = DiagramPainter(doc)
    draw(painter, Rect(0, 0, 100, 100))
    box = doc["box"]
    doc.execute(edits.set_style(doc, [box.id], fill="#00ff00"))
    doc.execute(edits.move(doc, [box.id], 5, 0))
    image = draw(painter, Rect(0, 0, 100, 100))
    assert color_at(image, 55, 40) == "#00ff00"


def test_overview_follows_edits_like_a_fresh_painter() -> None:
    """The zoomed-out drawing is rebuilt only where edits happened; it must still show every edit."""
    doc = grid(3000, labelled=False)
    bbox = doc.bbox()
    assert bbox is not None
    view = bbox.inflated(200)
    scale = 900 / view.w
    painter = DiagramPainter(doc)
    draw(painter, view, scale)
    shapes = [e for e in doc if isinstance(e, Shape)]
    doc.execute(edits.move(doc, [shapes[10].id, shapes[11].id], 0, 900))
    doc.execute(edits.delete(doc, [shapes[700].id]))
    doc.execute(edits.add(doc, Shape(x=bbox.x + 50, y=bbox.bottom + 60, w=600, h=120, style=Style(fill="#ff0000"))))
    doc.execute(edits.set_style(doc, [shapes[1200].id, shapes[1201].id], fill="#00aa00", stroke="#00aa00"))
    doc.execute(edits.reorder(doc, [shapes[5].id], "front"))
    edited = draw(painter, view, scale)
    assert _differing_pixels(edited, draw(DiagramPainter(doc), view, scale)) < 25
    fresh_before = draw(DiagramPainter(grid(3000, labelled=False)), view, scale)
    assert _differing_pixels(edited, fresh_before) > 200, "the edits show"


def test_an_orthogonal_route_goes_around_a_shape_moved_into_its_way() -> None:
    a, b = Shape(x=0, y=100, w=80, h=50), Shape(x=500, y=100, w=80, h=50)
    blocker = Shape(x=240, y=400, w=80, h=120, style=Style(fill="#ff0000"))
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    doc = Diagram(elements=with_z([a, b, blocker, conn]))
    view = Rect(-20, 0, 640, 560)
    painter = DiagramPainter(doc)
    straight = draw(painter, view)
    doc.execute(edits.move(doc, [blocker.id], 0, -330))  # now straight across the connector's way
    rerouted = draw(painter, view)
    assert rerouted == draw(DiagramPainter(doc), view)
    assert _differing_pixels(rerouted, straight) > 100
    assert len(connector_path(doc, doc[conn.id])) > 2, "the route bends around the blocker"  # type: ignore[arg-type]


def test_cached_routes_follow_every_kind_of_move() -> None:
    """The canvas takes connector routes (hit tests, selection outlines) from the drawing cache; after
    moves of both ends, one end, and a shape in an orthogonal route's way, they equal fresh routes."""
    a, b, c = Shape(x=0, y=0, w=80, h=50), Shape(x=400, y=200, w=80, h=50), Shape(x=200, y=400, w=80, h=80)
    conns = [Connector(source=Endpoint(a.id), target=Endpoint(b.id), routing=r) for r in ("straight", "curved")]
    conns.append(Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal"))
    doc = Diagram(elements=with_z([a, b, c, *conns]))
    painter = DiagramPainter(doc)
    draw(painter, Rect(-50, -50, 700, 600))
    for ids, dx, dy in (([a.id, b.id], 30.0, 12.5), ([b.id], -80.0, 40.0), ([c.id], 60.0, -250.0)):
        doc.execute(edits.move(doc, ids, dx, dy))
        for conn in conns:
            current = doc[conn.id]
            assert isinstance(current, Connector)
            cached, fresh = painter.route(current), connector_path(doc, current)
            assert len(cached) == len(fresh)
            for (x1, y1), (x2, y2) in zip(cached, fresh, strict=True):
                assert x1 == pytest.approx(x2, abs=1e-6) and y1 == pytest.approx(y2, abs=1e-6)


def test_the_overview_is_built_ahead_in_slices_and_draws_the_same() -> None:
    doc, bbox, scale, painter = _zoomed_out(3000, 900)
    slices = 1
    while not painter.prepare_overview(0.0):  # no time at all: one chunk per call
        slices += 1
        assert slices < 1000
    assert slices >= 5, "a big diagram is prepared in several slices"
    assert painter.prepare_overview(0.0), "and stays prepared"
    assert _differing_pixels(draw(painter, bbox, scale), draw(DiagramPainter(doc), bbox, scale)) == 0
    assert DiagramPainter(grid(100)).prepare_overview(0.0), "a small diagram needs no overview"
