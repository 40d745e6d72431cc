"""Excalidraw scenes keep their look: roughness, fills, fonts, closed filled lines, arrows drawn as Excalidraw drew them."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from autograph_desktop.formats import excalidraw
from autograph_desktop.model import Connector, Diagram, Path
from autograph_desktop.render.routes import connector_geometry


def _read(*elements: dict[str, Any]) -> Diagram:
    scene = {"type": "excalidraw", "version": 2, "elements": list(elements)}
    return excalidraw.read(json.dumps(scene).encode(), "s.excalidraw").diagrams[0]


def _rect(eid: str, x: float, y: float, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": "rectangle", "x": x, "y": y, "width": 100, "height": 60, **extra}


def test_roughness_fill_style_and_fonts_survive_a_round_trip() -> None:
    page = _read(_rect("a", 0, 0, roughness=2, fillStyle="cross-hatch", backgroundColor="#ffec99"),
                 {"id": "t", "type": "text", "x": 0, "y": 100, "width": 80, "height": 25, "text": "hi",
                  "fontSize": 20, "fontFamily": 5})
    assert (page["a"].style.sketch, page["a"].style.fill_style) == (2, "cross-hatch")
    assert page["t"].style.font_family == "Excalifont"
    again = excalidraw.read(excalidraw.write(page), "again.excalidraw").diagrams[0]
    assert (again["a"].style.sketch, again["a"].style.fill_style) == (2, "cross-hatch")
    assert again["t"].style.font_family == "Excalifont"


def test_a_filled_line_whose_ends_meet_is_a_closed_shape() -> None:
    loop = {"id": "l", "type": "line", "x": 0, "y": 0, "width": 50, "height": 50, "backgroundColor": "#366d9a",
            "points": [[0, 0], [50, 0], [50, 50], [3, 4]]}
    open_line = {**loop, "id": "o", "backgroundColor": "transparent"}
    far = {**loop, "id": "f", "points": [[0, 0], [50, 0], [50, 50], [0, 40]]}
    page = _read(loop, open_line, far)
    assert isinstance(page["l"], Path) and page["l"].closed
    assert isinstance(page["o"], Connector) and isinstance(page["f"], Connector)


def test_round_arrows_with_two_points_are_straight_and_curves_never_loop() -> None:
    page = _read(
        _rect("a", 0, 0), _rect("b", 300, 200),
        {"id": "two", "type": "arrow", "x": 105, "y": 30, "width": 190, "height": 200, "roundness": {"type": 2},
         "points": [[0, 0], [190, 200]], "startBinding": {"elementId": "a"}, "endBinding": {"elementId": "b"}},
        {"id": "three", "type": "arrow", "x": 50, "y": 65, "width": 250, "height": 165, "roundness": {"type": 2},
         "points": [[0, 0], [40, 160], [245, 165]], "startBinding": {"elementId": "a"},
         "endBinding": {"elementId": "b"}},
        {"id": "sharp", "type": "arrow", "x": 50, "y": 65, "width": 250, "height": 165, "roundness": None,
         "points": [[0, 0], [40, 160], [245, 165]]},
    )
    two, three, sharp = page["two"], page["three"], page["sharp"]
    assert isinstance(two, Connector) and two.routing == "straight"
    assert isinstance(three, Connector) and three.routing == "curved"
    assert isinstance(sharp, Connector) and sharp.routing == "straight" and sharp.waypoints == ((90.0, 225.0),)
    # Bound to the sides Excalidraw drew them leaving and reaching.
    assert (two.source.side, two.target.side) == ("right", "left")
    assert (three.source.side, three.target.side) == ("bottom", "left")
    line = connector_geometry(page, three).polyline
    assert not _crosses_itself(line)  # no loop where it leaves or reaches a side


def _crosses_itself(line: list[tuple[float, float]]) -> bool:
    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    segments = list(itertools.pairwise(line))
    for i, (a, b) in enumerate(segments):
        for c, d in segments[i + 2:]:
            if cross(a, b, c) * cross(a, b, d) < 0 and cross(c, d, a) * cross(c, d, b) < 0:
                return True
    return False


def test_frames_look_like_excalidraw_frames_whatever_their_colours() -> None:
    page = _read({"id": "f", "type": "frame", "x": 0, "y": 0, "width": 300, "height": 200, "name": "Area",
                  "strokeColor": "#e8590c", "backgroundColor": "#ffec99", "roughness": 2})
    style = page["f"].style
    assert (style.stroke, style.fill, style.sketch) == ("#bbbbbb", "none", 0)


def test_excalidraw_arrowheads_are_open_chevrons_drawn_as_two_strokes() -> None:
    from autograph_desktop.render.arrowheads import arrowhead

    page = _read({"id": "a", "type": "arrow", "x": 0, "y": 0, "width": 100, "height": 0,
                  "points": [[0, 0], [100, 0]], "endArrowhead": "arrow", "startArrowhead": "triangle"})
    conn = page["a"]
    assert isinstance(conn, Connector) and (conn.start_arrow, conn.end_arrow) == ("triangle", "open_arrow")
    head = arrowhead("open_arrow", (100, 0), (0, 0), 2)[0]
    assert head.mode == "stroke" and head.inset == 0 and [c[0] for c in head.commands] == ["M", "L", "L"]
    again = excalidraw.read(excalidraw.write(page), "again.excalidraw").diagrams[0]["a"]
    assert isinstance(again, Connector) and again.end_arrow == "open_arrow"


def test_bound_arrows_stop_short_of_their_shapes_by_their_gap() -> None:
    page = _read(_rect("a", 0, 0), _rect("b", 300, 0),
                 {"id": "g", "type": "arrow", "x": 110, "y": 30, "width": 180, "height": 0,
                  "points": [[0, 0], [180, 0]], "startBinding": {"elementId": "a", "gap": 10},
                  "endBinding": {"elementId": "b", "gap": 10}},
                 {"id": "junk", "type": "arrow", "x": 110, "y": 40, "width": 180, "height": 0,
                  "points": [[0, 0], [180, 0]], "startBinding": {"elementId": "a", "gap": "far"},
                  "endBinding": {"elementId": "b", "gap": 1e300}})
    line = connector_geometry(page, page["g"]).polyline
    assert line[0][0] == pytest.approx(110, abs=0.5) and line[-1][0] == pytest.approx(290, abs=0.5)
    junk = connector_geometry(page, page["junk"]).polyline
    assert junk[0][0] == pytest.approx(100, abs=0.5) and 249 <= junk[-1][0] <= 300  # bad gaps: none, or capped


def test_freehand_strokes_are_never_roughened_again() -> None:
    page = _read({"id": "p", "type": "freedraw", "x": 0, "y": 0, "width": 30, "height": 20, "roughness": 2,
                  "fillStyle": "hachure", "points": [[0, 0], [10, 5], [30, 20]]})
    assert isinstance(page["p"], Path) and (page["p"].style.sketch, page["p"].style.fill_style) == (0, "solid")
