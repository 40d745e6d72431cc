"""eventmodeling and wardley-beta: frames, lanes and inferred relations; map positions, links, errors, round trips."""

from __future__ import annotations

import pytest
from chart_helpers import assert_round_trip, doc, located, marks, one_group

from autograph_desktop.mermaid.eventmodel import EventModelSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.wardley import WardleySpec
from autograph_desktop.model import Connector

CART = """eventmodeling

tf 01 scn CartScreen
timeframe 02 command AddItem [[AddItem01]]
tf 03 evt ItemAdded { sku: string }
tf 04 rmo CartView
rf 05 evt Stock.Changed
tf 06 pcr StockWatcher
tf 07 rmo Summary ->> 03 ->> 05

data AddItem01 `json`{
  "sku": "A-1"
}
"""


def test_event_model_frames_data_and_relations() -> None:
    spec = parse(CART)
    assert isinstance(spec, EventModelSpec)
    assert [(f.number, f.kind, f.entity, f.reset) for f in spec.frames] == [
        ("01", "screen", "CartScreen", False), ("02", "command", "AddItem", False), ("03", "event", "ItemAdded", False),
        ("04", "readmodel", "CartView", False), ("05", "event", "Stock.Changed", True),
        ("06", "processor", "StockWatcher", False), ("07", "readmodel", "Summary", False)]
    assert spec.frames[2].inline == "sku: string" and spec.frames[1].data_ref == "AddItem01"
    assert spec.data["AddItem01"].body == '"sku": "A-1"' and spec.data["AddItem01"].data_type == "json"
    # Inferred: each frame from the nearest earlier one on another lane; none into the reset frame;
    # the ->> sources replace the inference.
    assert spec.relations() == [(0, 1), (1, 2), (2, 3), (4, 5), (2, 6), (4, 6)]
    assert spec.lanes() == [(0, ""), (1, ""), (2, ""), (2, "Stock")]
    assert spec.counts() == (7, 6)


def test_event_model_draws_lanes_boxes_and_attached_relations() -> None:
    diagram = doc(CART)
    one_group(diagram)
    boxes = {b.get("number"): b for b in marks(diagram, "frame")}
    lanes = marks(diagram, "lane")
    assert len(boxes) == 7 and len(lanes) == 4
    for box in boxes.values():  # every box lies inside one lane band
        assert any(lane.y <= box.y and box.y + box.h <= lane.y + lane.h for lane in lanes)
    assert boxes["03"].style.fill == "#ffb778" and boxes["02"].style.fill == "#bcd6fe"
    assert "sku: string" in boxes["03"].text and '"sku": "A-1"' in boxes["02"].text
    xs = [boxes[f"{i:02d}"].x for i in range(1, 8)]
    assert xs == sorted(xs)  # time runs left to right
    relations = [c for c in diagram if isinstance(c, Connector)]
    assert len(relations) == 6
    ids = {b.id: n for n, b in boxes.items()}
    assert {(ids[c.source.element or ""], ids[c.target.element or ""]) for c in relations} >= {("03", "07"), ("05", "07")}


@pytest.mark.parametrize(("text", "line", "word"), [
    ("eventmodeling\ntf 01 foo Thing", 2, "unknown entity type"),
    ("eventmodeling\ntf 01 evt A\ntf 01 evt B", 3, "already used"),
    ("eventmodeling\ntf 01 evt A ->> 09", 2, "does not exist"),
    ("eventmodeling\ntf 01 evt A [[Missing]]", 2, "not defined"),
    ("eventmodeling\ntf 01 evt A extra words", 2, "unexpected"),
    ("eventmodeling\ndata X {\n  a: 1", 2, "not closed"),
    ("eventmodeling\nframe 01 evt A", 2, "cannot understand"),
    ("eventmodeling", 1, "no time frames"),
])
def test_event_model_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_event_model_round_trips() -> None:
    assert_round_trip(CART)


MAP = """wardley-beta
title Tea
size [900, 500]
evolution Genesis -> Custom@0.5 -> Product -> Commodity
anchor Customer [0.95, 0.6]
component Cup of Tea [0.8, 0.55] label [-60, 5]
component Kettle [0.45, 0.35] (build) (inertia)
component "Power" [0.1, 0.8] (market)
Customer -> Cup of Tea
Cup of Tea +'hot'> Kettle
Kettle +<> Power; grid
evolve Kettle 0.7
note "Electric kettles are a commodity" [0.3, 0.5]
area Brewing [0.6, 0.4]
accelerator "Standards" [0.2, 0.2]
pipeline Kettle {
  component "Stovetop" [0.3]
  component "Electric" [0.6]
}
Kettle -.- (0.6, 0.45)
annotations [0.1, 0.1]
annotation 1,[0.5, 0.3] "Watch this"
"""


def test_wardley_reads_every_statement() -> None:
    spec = parse(MAP)
    assert isinstance(spec, WardleySpec)
    assert spec.size == (900, 500)
    assert spec.stages == [("Genesis", None), ("Custom", 0.5), ("Product", None), ("Commodity", None)]
    comps = {c.name: c for c in spec.components}
    assert set(comps) == {"Customer", "Cup of Tea", "Kettle", "Power", "Stovetop", "Electric"}
    assert comps["Customer"].anchor and comps["Kettle"].decorators == ["build", "inertia"]
    assert comps["Cup of Tea"].label_offset == (-60, 5)
    assert comps["Electric"].pipeline == "Kettle" and comps["Electric"].visibility == 0.45
    assert [(lk.source, lk.target, lk.op, lk.flow_label, lk.label) for lk in spec.links] == [
        ("Customer", "Cup of Tea", "->", "", ""), ("Cup of Tea", "Kettle", "+'>", "hot", ""),
        ("Kettle", "Power", "+<>", "", "grid")]
    assert spec.evolves == [("Kettle", 0.7)] and spec.trends == [("Kettle", 0.6, 0.45)]
    assert [p.kind for p in spec.placed] == ["note", "area", "accelerator"]
    assert spec.annotations == [(1, 0.5, 0.3, "Watch this")] and spec.annotations_at == (0.1, 0.1)
    assert spec.counts() == (6, 3)


def test_wardley_places_components_by_visibility_and_evolution() -> None:
    diagram = doc(MAP)
    one_group(diagram)
    dots = {c.get("name"): c for c in marks(diagram, "component")}

    def centre(name: str) -> tuple[float, float]:
        return dots[name].x + dots[name].w / 2, dots[name].y + dots[name].h / 2

    (kx, ky), (px, py), (cx, cy) = centre("Kettle"), centre("Power"), centre("Customer")
    assert px > kx and py > ky > cy  # more evolved is further right; less visible lower
    scale_x = (px - kx) / (0.8 - 0.35)
    assert (cx - kx) / scale_x == pytest.approx(0.6 - 0.35)
    links = marks(diagram, "link")
    assert len(links) == 3 and all(isinstance(lk, Connector) and lk.source.element for lk in links)
    flows = {lk.get("op"): lk for lk in links}
    assert isinstance(flows["+<>"], Connector) and flows["+<>"].start_arrow == flows["+<>"].end_arrow == "triangle"
    (ghost,) = marks(diagram, "evolved")
    assert ghost.x + ghost.w / 2 == pytest.approx(kx + (0.7 - 0.35) * scale_x)


@pytest.mark.parametrize(("text", "line", "word"), [
    ("wardley-beta\ncomponent A [1.2, 0.5]", 2, "outside 0..1"),
    ("wardley-beta\ncomponent A [0.5]", 2, "expected 2"),
    ("wardley-beta\ncomponent A [0.5, 0.5] (shiny)", 2, "unexpected"),
    ("wardley-beta\ncomponent A [0.5, 0.5]\ncomponent A [0.2, 0.2]", 3, "twice"),
    ("wardley-beta\ncomponent A [0.5, 0.5]\nA -> B", 3, "not a declared component"),
    ("wardley-beta\nevolve Ghost 0.5", 2, "not a declared component"),
    ("wardley-beta\npipeline Nope {\n}", 2, "no declared component"),
    ("wardley-beta\ncomponent A [0.5, 0.5]\npipeline A {\n  component B [0.2]", 4, "not closed"),
    ("wardley-beta\ncomponent A [0.5, 0.5]\npipeline A {\n  note \"x\" [0.1, 0.1]\n}", 4, "only"),
    ("wardley-beta\nsize [big]", 2, "size"),
    ("wardley-beta\nwhatever this is", 2, "cannot understand"),
])
def test_wardley_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_wardley_round_trips_and_comments() -> None:
    assert_round_trip(MAP)
    spec = parse("wardley-beta\ncomponent C# [0.5, 0.5]  # a language\n")
    assert isinstance(spec, WardleySpec) and spec.components[0].name == "C#"
