"""The registry of shape definitions: complete, consistent, and robust against hostile sizes.

How each kind's outline agrees with what the painter draws is tested in
`tests/unit/render/test_shape_outlines.py`; here is what needs no Qt.
"""

from __future__ import annotations

import math
import time

import pytest

from autograph_desktop.model import SHAPES, SIDES, Connector, Diagram, Endpoint, Rect, Shape, Style, Text
from autograph_desktop.model.shapes import (
    BUILT_IN,
    ELEMENT_DEFS,
    RECTANGLE,
    SHAPE_KINDS,
    definition,
    definition_of,
)
from autograph_desktop.model.textbox import box_for_text, text_box

ALL = [*BUILT_IN, *ELEMENT_DEFS.values()]


def test_the_registry_is_the_list_of_shapes() -> None:
    assert SHAPES == SHAPE_KINDS == tuple(d.name for d in BUILT_IN)
    assert len(set(SHAPES)) == len(SHAPES)
    assert not set(SHAPES) & set(ELEMENT_DEFS)
    for name in SHAPES:
        assert definition(name).name == name
    assert definition("no-such-kind") is RECTANGLE  # a file from a newer version still opens
    assert definition_of(Shape(shape="no-such-kind")) is RECTANGLE
    assert definition_of(Text()).name == "text"


@pytest.mark.parametrize("attribute", ["drawio_names", "drawio_stencils"])
def test_each_drawio_name_reads_as_one_kind(attribute: str) -> None:
    names = [name for d in BUILT_IN for name in getattr(d, attribute)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("defn", ALL, ids=lambda d: d.name)
def test_text_box_holds_what_box_for_text_sized(defn) -> None:  # type: ignore[no-untyped-def]
    w0, h0 = defn.default_size
    assert w0 > 0 and h0 > 0
    for tw, th in ((10.0, 10.0), (120.0, 16.0), (40.0, 90.0), (400.0, 300.0)):
        w, h = defn.box_for_text(tw, th, margin=4.0)
        x, y, bw, bh = defn.text_box(10.0, 20.0, w, h)
        assert bw >= tw + 8 - 1e-6 and bh >= th + 8 - 1e-6, (defn.name, tw, th, bw, bh)
        assert x >= 10.0 - 1e-6 and x + bw <= 10.0 + w + 1e-6 and y >= 20.0 - 1e-6, defn.name
    if defn.name in SHAPES:  # the by-name entry points answer the same
        assert text_box(defn.name, 0, 0, 100, 60) == defn.text_box(0, 0, 100, 60)
        assert box_for_text(defn.name, 50, 20) == defn.box_for_text(50, 20)


@pytest.mark.parametrize("defn", ALL, ids=lambda d: d.name)
def test_anchors_sit_inside_the_box_and_on_the_centre_ray(defn) -> None:  # type: ignore[no-untyped-def]
    rect = Rect(10, 20, 140, 90)
    cx, cy = rect.center
    for i in range(12):
        a = i * math.pi / 6 + 0.2
        tx, ty = cx + 500 * math.cos(a), cy + 500 * math.sin(a)
        px, py = defn.perimeter_point(rect, 8.0, tx, ty)
        assert rect.inflated(0.01).contains(px, py), (defn.name, a, px, py)
        # On the ray from the centre toward the target, on its far side.
        cross = (px - cx) * (ty - cy) - (py - cy) * (tx - cx)
        assert abs(cross) < 1e-6 * 500 * 140 and (px - cx) * (tx - cx) + (py - cy) * (ty - cy) > 0
        assert defn.contains(rect, 8.0, px, py, 0.5), (defn.name, a)
    for side in SIDES:
        for ratio in (0.0, 0.2, 0.5, 1.0):
            px, py = defn.side_point(rect, 8.0, side, ratio)
            assert rect.inflated(0.01).contains(px, py), (defn.name, side, ratio)
            assert defn.contains(rect, 8.0, px, py, 0.5), (defn.name, side, ratio)


HOSTILE = [(0.0, 0.0), (0.0, 50.0), (50.0, 0.0), (-5.0, -5.0), (1e6, 1e-3), (1e300, 1e300), (math.inf, 10.0),
           (math.nan, 10.0), (10.0, math.nan)]


@pytest.mark.parametrize("defn", ALL, ids=lambda d: d.name)
def test_hostile_sizes_neither_fail_nor_hang(defn) -> None:  # type: ignore[no-untyped-def]
    started = time.process_time()
    for w, h in HOSTILE:
        for radius in (0.0, -3.0, math.nan, 1e9):
            rect = Rect(5.0, 5.0, w, h)
            defn.outline_of(5.0, 5.0, w, h, radius)
            defn.contains(rect, radius, 7.0, 9.0, 4.0)
            defn.perimeter_point(rect, radius, 1000.0, -20.0)
            for side in SIDES:
                defn.side_point(rect, radius, side, 0.3)
            defn.text_box(5.0, 5.0, w, h)
    # Bounded work: a huge or poisoned size cannot make a shape cost more than a plain one much.
    assert time.process_time() - started < 5.0


@pytest.mark.parametrize("size", [(1e300, 1e-300), (-40.0, 30.0), (0.0, 0.0)])
def test_a_connector_to_a_degenerate_shape_still_resolves(size: tuple[float, float]) -> None:
    """Files are checked for finite numbers on reading (formats.native_schema); what passes may still be
    enormous, tiny, negative or zero."""
    bad = Shape(x=0, y=0, w=size[0], h=size[1], shape="cloud", style=Style(corner_radius=math.nan))
    conn = Connector(source=Endpoint(bad.id), target=Endpoint(bad.id, "left", 0.5))
    doc = Diagram(elements=[bad, conn])
    assert len(doc.connector_points(conn)) == 2
    doc.elements_at(0, 0)


def test_sizes_repeat_so_outlines_are_built_once_per_size() -> None:
    """The general (polygon) kinds keep their outline per size: the second ask is the same object."""
    cloud = definition("cloud")
    assert cloud.boundary(120.0, 80.0, 0.0) is cloud.boundary(120.0, 80.0, 0.0)
    assert cloud.boundary(120.0, 80.0, 0.0) is not cloud.boundary(121.0, 80.0, 0.0)
