"""draw.io stencils and style keys through the public reader and writer: which kind each stencil becomes,
unknown stencils kept as boxes with their name, original styles written back untouched, the table of
honoured keys checked against the reader, and hostile stencil names and values."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

import pytest

from autograph_desktop.formats import drawio
from autograph_desktop.formats.drawio_keys import HONOURED
from autograph_desktop.formats.drawio_roundtrip import STENCIL_KEY
from autograph_desktop.model import Diagram, Element, Shape
from autograph_desktop.model.shapes import definition, definition_of


def page(*styles: str, values: tuple[str, ...] = ()) -> bytes:
    """A one-page document with one 100 x 60 vertex per style (ids v0, v1...)."""
    cells = "".join(
        f'<mxCell id="v{n}" value="{escape(values[n] if n < len(values) else "")}" style="{escape(style)}" '
        f'vertex="1" parent="1"><mxGeometry x="{n * 150}" y="20" width="100" height="60" as="geometry"/></mxCell>'
        for n, style in enumerate(styles))
    return (f'<mxfile><diagram name="P"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{cells}'
            f'</root></mxGraphModel></diagram></mxfile>').encode()


def first(data: bytes) -> Element:
    return next(iter(drawio.read(data, "t.drawio").diagrams[0]))


@pytest.mark.parametrize(("style", "kind"), [
    ("shape=mxgraph.flowchart.manual_input;whiteSpace=wrap;", "flowchart.manual_input"),
    ("shape=mxgraph.flowchart.summing_function;", "flowchart.summing_function"),
    ("shape=mxgraph.flowchart.or;", "flowchart.or"),
    ("shape=mxgraph.basic.flash;", "basic.flash"),
    ("shape=mxgraph.arrows2.arrow;dy=0.6;dx=40;direction=south;", "arrows2.arrow@turn1"),
    ("shape=mxgraph.arrows.arrow_up;", "arrows2.arrow@turn3"),
    ("shape=singleArrow;flipH=1;", "arrows2.arrow@fliph"),
    ("shape=mxgraph.bpmn.gateway2;gwType=parallel;", "bpmn.gateway.parallel"),
    ("shape=mxgraph.bpmn.shape;outline=end;symbol=terminate;", "bpmn.event.end.terminate"),
    ("shape=mxgraph.bpmn.shape;symbol=exclusiveGw;", "bpmn.gateway.exclusive"),
    ("shape=mxgraph.bpmn.task;taskMarker=user;", "bpmn.task"),
    ("shape=mxgraph.c4.person2;fillColor=#083F75;", "c4.person2"),
    ("shape=mxgraph.networks.router;", "device.router"),
    ("shape=mxgraph.cisco.routers.2811_router;", "device.router"),
    ("shape=mxgraph.cisco.switches.layer_3_switch;", "device.switch"),
    ("shape=mxgraph.cisco.security.firewall;", "device.firewall"),
    ("shape=mxgraph.networks.community;", "people.users"),
    ("shape=mxgraph.mockup.buttons.button;", "ui.button"),
    ("shape=mxgraph.mockup.containers.browserWindow;", "ui.window"),
    ("shape=umlFrame;", "uml.frame"),
    ("shape=folder;tabWidth=40;", "uml.folder"),
    ("ellipse;shape=endState;fillColor=strokeColor;", "uml.endState"),
    ("shape=mxgraph.sysml.flowFinal;", "uml.flowFinal"),
    ("shape=cube;", "core.cube"),
    ("triangle;", "triangle@turn1"),
    ("triangle;direction=north;", "triangle"),
    ("shape=cylinder3;direction=south;", "cylinder@turn1"),
    ("shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_vpc;strokeColor=#248814;", "aws4.group.cloud_lock"),
    ("shape=mxgraph.aws4.groupCenter;grIcon=mxgraph.aws4.group_region;", "aws4.group.flag"),
    ("shape=mxgraph.signs.food.coffee;", "sign.cup"),
    ("shape=mxgraph.signs.safety.caution_sign;", "sign.warning"),
    ("shape=mxgraph.ios7.icons.looking_glass;", "sign.search"),
    ("shape=mxgraph.office.users.approver;", "people.user"),
    ("shape=mxgraph.office.databases.application_store;", "device.storage"),
    ("shape=mxgraph.gcp2.doubleRect;", "gcp2.doubleRect"),
    ("shape=mxgraph.bootstrap.rrect;rSize=5;", "ui.button"),
    ("shape=tableRow;top=0;left=0;right=0;", "core.partial.b"),
    ("shape=mxgraph.cisco19.rect;prIcon=l3_switch;", "device.switch"),
    ("shape=mxgraph.cisco19.rect;prIcon=firewall;", "device.firewall"),
    ("shape=ext;double=1;", "core.doubleRect"),
    ("shape=umlBoundary;", "uml.boundary"),
    ("shape=umlDestroy;", "uml.destroy"),
])
def test_stencils_read_as_the_kinds_that_draw_them(style: str, kind: str) -> None:
    el = first(page(style))
    assert isinstance(el, Shape) and el.shape == kind
    outline = definition_of(el).outline_of(el.x, el.y, el.w, el.h)
    assert outline.body or outline.detail or outline.marks
    assert not el.get(STENCIL_KEY)


def test_a_fill_that_follows_the_stroke_is_the_stroke() -> None:
    el = first(page("ellipse;fillColor=strokeColor;strokeColor=#112233;"))
    assert el.style.fill == "#112233"
    assert first(page("ellipse;fillColor=strokeColor;")).style.fill == "#000000"


def test_an_unknown_stencil_keeps_its_box_label_colours_and_name() -> None:
    style = "shape=mxgraph.floorplan.office_chair;fillColor=#ff0000;strokeColor=#00ff00;shadow=1;"
    result = drawio.read(page(style, values=("Chair",)), "t.drawio")
    el = next(iter(result.diagrams[0]))
    assert isinstance(el, Shape) and el.shape == "rectangle"
    assert (el.w, el.h, el.text) == (100.0, 60.0, "Chair")
    assert (el.style.fill, el.style.stroke) == ("#ff0000", "#00ff00")
    assert el.get(STENCIL_KEY) == "mxgraph.floorplan.office_chair"
    assert any("mxgraph.floorplan" in w.message and w.message.endswith("office_chair") for w in result.warnings)


def _styles(data: bytes) -> dict[str, str]:
    root = ET.fromstring(data)
    return {c.get("id", ""): c.get("style", "") for c in root.iter("mxCell") if c.get("vertex") == "1"}


ROUND_TRIP = (
    "shape=mxgraph.floorplan.office_chair;fillColor=#ff0000;customKey=abc;rotation=-90;",
    "shape=mxgraph.bpmn.gateway2;gwType=parallel;html=1;verticalLabelPosition=bottom;verticalAlign=top;",
    "rounded=1;whiteSpace=wrap;html=1;shadow=1;glass=1;labelBackgroundColor=#ffffcc;jumpStyle=arc;",
    "shape=mxgraph.arrows2.arrow;dy=0.6;dx=40;notch=0;direction=north;flipH=1;",
    "triangle;whiteSpace=wrap;rotation=0;",
)


def test_unedited_cells_are_written_back_with_their_own_style() -> None:
    written = drawio.write(drawio.read(page(*ROUND_TRIP), "t.drawio").diagrams)
    assert list(_styles(written).values()) == list(ROUND_TRIP)


def test_an_edited_cell_writes_our_look_and_keeps_the_keys_we_do_not_model() -> None:
    diagram = drawio.read(page(ROUND_TRIP[0], ROUND_TRIP[2]), "t.drawio").diagrams[0]
    chair, box = list(diagram)
    edited = Diagram(diagram.meta, [chair.evolve(style=chair.style.with_(fill="#0000ff")), box.evolve(x=400)])
    styles = _styles(drawio.write([edited]))
    assert "fillColor=#0000ff" in styles["v0"] and "customKey=abc" in styles["v0"]
    assert "fillColor=#ff0000" not in styles["v0"]
    assert styles["v1"] == ROUND_TRIP[2]  # moved, not restyled: its style is untouched
    again = list(drawio.read(drawio.write([edited]), "t.drawio").diagrams[0])
    assert again[0].style.fill == "#0000ff"


def test_turned_and_stencil_kinds_we_make_are_written_as_draw_io_draws_them() -> None:
    made = Diagram(elements=[Shape(id=f"s{n}", shape=kind, w=80, h=50) for n, kind in enumerate(
        ("arrows2.arrow@turn1", "bpmn.gateway.inclusive", "triangle", "uml.folder@fliph", "device.router"))])
    back = list(drawio.read(drawio.write([made]), "t.drawio").diagrams[0])
    assert [el.shape for el in back] == [el.shape for el in made]  # type: ignore[attr-defined]


#: A value for every key the table says is drawn, on a base style that lets it show.
SAMPLES: dict[str, tuple[str, str]] = {
    "fillColor": ("", "fillColor=#ff0000"), "strokeColor": ("", "strokeColor=#ff0000"),
    "fontColor": ("", "fontColor=#ff0000"), "strokeWidth": ("", "strokeWidth=5"), "dashed": ("", "dashed=1"),
    "dashPattern": ("dashed=1", "dashPattern=3 9"), "opacity": ("", "opacity=50"),
    "fillOpacity": ("", "fillOpacity=40"), "strokeOpacity": ("", "strokeOpacity=40"),
    "textOpacity": ("", "textOpacity=40"), "shadow": ("", "shadow=1"), "glass": ("", "glass=1"),
    "rounded": ("", "rounded=1"), "arcSize": ("rounded=1", "arcSize=40"), "fontSize": ("", "fontSize=30"),
    "fontStyle": ("", "fontStyle=3"), "align": ("", "align=left"), "verticalAlign": ("", "verticalAlign=top"),
    "labelPosition": ("", "labelPosition=right"), "verticalLabelPosition": ("", "verticalLabelPosition=top"),
    "spacingLeft": ("align=left", "spacingLeft=20"), "spacingRight": ("align=left", "spacingRight=20"),
    "spacingTop": ("verticalAlign=top", "spacingTop=20"),
    "spacingBottom": ("verticalAlign=top", "spacingBottom=20"),
    "labelBackgroundColor": ("", "labelBackgroundColor=#ffff00"),
    "labelBorderColor": ("", "labelBorderColor=#ff0000"), "horizontal": ("", "horizontal=0"),
    "rotation": ("", "rotation=30"), "direction": ("shape=mxgraph.arrows2.arrow", "direction=south"),
    "flipH": ("shape=mxgraph.flowchart.delay", "flipH=1"), "flipV": ("shape=mxgraph.flowchart.delay", "flipV=1"),
    "shape": ("", "shape=mxgraph.flowchart.delay"),
    "jumpStyle": ("", "jumpStyle=arc"), "jumpSize": ("jumpStyle=arc", "jumpSize=16"),
    "sketch": ("", "sketch=1"), "fillStyle": ("sketch=1", "fillStyle=cross-hatch"),
}


@pytest.mark.parametrize(("extra", "sketch", "fill_style"), [
    ("", 0, "solid"), ("sketch=1", 1, "hachure"), ("sketch=1;fillStyle=solid", 1, "solid"),
    ("sketch=1;fillStyle=cross-hatch", 1, "cross-hatch"), ("sketch=1;fillStyle=zigzag", 1, "hachure"),
    ("fillStyle=cross-hatch", 0, "solid"),  # draw.io applies fill styles to sketches only
])
def test_sketches_read_as_the_hand_drawn_look_and_write_back(extra: str, sketch: int, fill_style: str) -> None:
    el = first(page(extra, values=("Label",)))
    assert (el.style.sketch, el.style.fill_style) == (sketch, fill_style)
    made_here = el.evolve(data=())  # no original style to carry: the writer speaks for our fields
    again = first(drawio.write([Diagram(elements=[made_here])]))
    assert (again.style.sketch, again.style.fill_style) == (sketch, fill_style)


def test_the_table_of_honoured_keys_matches_the_reader() -> None:
    drawn = {key for key, (how, _) in HONOURED.items() if how == "drawn"}
    assert drawn == set(SAMPLES), "every key the table says is drawn needs a sample here, and no more"
    assert {how for how, _ in HONOURED.values()} == {"drawn", "kept"}
    for key, (base, extra) in SAMPLES.items():
        plain, keyed = (first(page(f"{base};{text}", values=("Label",))) for text in ("", extra))
        assert plain.evolve(data=()) != keyed.evolve(data=()), f"{key} changes nothing the reader makes"


@pytest.mark.parametrize("style", [
    "shape=mxgraph." + "x" * 20_000,
    "shape=mxgraph.;direction=sideways;flipH=yes",
    "shape=mxgraph.aws4.resourceIcon;resIcon=",
    "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.../../../etc/passwd",
    "shape=mxgraph.bpmn.shape;outline=@@@;symbol=" + "z" * 5000,
    "shape=mxgraph.bpmn.gateway2;gwType=../../x",
    "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.nothing_like_it",
    "shape=image;image=img/lib/../../../etc/passwd.svg",
    "shape=mxgraph.arrows2.arrow;direction=north;flipH=1;flipV=1;rotation=nan",
    "dashed=1;dashPattern=-1 nan 1e309 0;opacity=nan;fillOpacity=-5;textOpacity=1e99;labelPosition=%00",
    "dashed=1;dashPattern=0.00001 999.999;",
    "spacingLeft=1e308;spacingTop=nan;labelBackgroundColor=javascript:x;labelBorderColor=#12",
])
def test_hostile_stencils_and_values_read_as_something_drawable(style: str) -> None:
    el = first(page(style))
    outline = definition_of(el).outline_of(el.x, el.y, el.w, el.h)
    assert outline is not None
    assert 0.0 <= el.style.fill_opacity <= 1.0 and 0.0 <= el.style.text_opacity <= 1.0
    assert abs(el.style.label_dx) < 1e6 and abs(el.style.label_dy) < 1e6
    drawio.write([Diagram(elements=[el])])  # and it writes back
    from autograph_desktop.formats import native

    assert not native.loads(native.dumps(Diagram(elements=[el])), "t")[1]  # and our own files take it


@pytest.mark.parametrize("kind", ["arrows2.arrow@", "arrows2.arrow@turn1,turn1", "@turn1", "triangle@spin",
                                  "nothing@turn1", "arrows2.arrow@turn1,turn2", "x" * 5000 + "@fliph"])
def test_malformed_variant_names_draw_as_boxes(kind: str) -> None:
    assert definition(kind).name == "rectangle"


def test_many_stencil_cells_read_quickly_enough_to_open() -> None:
    styles = [f"shape=mxgraph.cisco.routers.router_{n % 50};direction={('north', 'south')[n % 2]}"
              for n in range(3000)]
    diagram = drawio.read(page(*styles), "t.drawio").diagrams[0]
    assert len(diagram) == 3000
    assert all(getattr(el, "shape", "").startswith("device.router") for el in diagram)


TABLE = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="lane" value="Orders" style="swimlane;html=1;startSize=20;horizontal=0;fillColor=#fff2cc;" vertex="1"
  parent="1"><mxGeometry x="0" y="0" width="400" height="120" as="geometry"/></mxCell>
<mxCell id="task" value="Task" style="rounded=1;" vertex="1" parent="lane">
  <mxGeometry x="60" y="40" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="table" value="Users" style="shape=table;startSize=30;container=1;childLayout=tableLayout;" vertex="1"
  parent="1"><mxGeometry x="0" y="200" width="200" height="90" as="geometry"/></mxCell>
<mxCell id="row" value="" style="shape=tableRow;horizontal=0;startSize=0;top=0;left=0;right=0;bottom=1;fillColor=none;"
  vertex="1" parent="table"><mxGeometry y="30" width="200" height="30" as="geometry"/></mxCell>
<mxCell id="key" value="PK" style="shape=partialRectangle;top=0;left=0;bottom=0;fillColor=none;" vertex="1"
  parent="row"><mxGeometry width="40" height="30" as="geometry"/></mxCell>
<mxCell id="col" value="id int" style="shape=partialRectangle;top=0;left=0;bottom=0;right=0;fillColor=none;"
  vertex="1" parent="row"><mxGeometry x="40" width="160" height="30" as="geometry"/></mxCell>
<mxCell id="fk" style="edgeStyle=entityRelationEdgeStyle;endArrow=ERmany;" edge="1" parent="1" source="task"
  target="row"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>"""


def test_swimlanes_and_tables_read_as_lanes_with_rows_and_cells() -> None:
    page_ = drawio.read(TABLE, "t.drawio").diagrams[0]
    lane, table = page_["lane"], page_["table"]
    assert lane.kind == "frame" and lane.style.label_position == "lane" and lane.style.text_vertical
    assert lane.style.font_weight == 700 and page_["task"].parent == "lane"
    assert table.kind == "frame" and table.style.label_position == "lane" and not table.style.text_vertical
    row, key, col = page_["row"], page_["key"], page_["col"]
    assert isinstance(row, Shape) and row.shape == "core.partial.b"
    assert (key.shape, col.shape) == ("core.partial.r", "core.partial.")  # type: ignore[attr-defined]
    assert row.parent == "table" and key.parent == "table" and col.parent == "table"  # cells move with the table
    assert page_["fk"].target.element == "row"  # type: ignore[attr-defined]
    assert definition_of(key).outline_of(0, 0, 40, 30).unstroked


def test_our_frames_come_back_as_frames_not_lanes() -> None:
    from autograph_desktop.model import Frame

    ours = Diagram(elements=[Frame(id="f", x=0, y=0, w=300, h=200, text="Area")])
    back = drawio.read(drawio.write([ours]), "t.drawio").diagrams[0]["f"]
    assert back.kind == "frame" and back.style.label_position == "auto"


def test_a_c4_model_reads_with_its_people_and_boundaries() -> None:
    from pathlib import Path

    diagram = drawio.read((Path(__file__).parent / "data" / "c4.drawio").read_bytes(), "c4.drawio").diagrams[0]
    person, boundary = diagram["person"], diagram["boundary"]
    assert isinstance(person, Shape) and person.shape == "c4.person2"
    assert person.text.startswith("Customer\n[Person]") and person.style.fill == "#083f75"
    assert boundary.style.dash_pattern == "8 4" and boundary.style.fill == "none"
    assert diagram["db"].shape == "cylinder"  # type: ignore[attr-defined]
    assert [label.text for label in diagram["rel1"].labels] == ["Views accounts using"]  # type: ignore[attr-defined]
    # The head sits on the body, inside the box: connectors from above end on the head.
    top = definition_of(person).perimeter_point(person.rect, 0.0, person.x + person.w / 2, person.y - 100)
    assert top[1] == pytest.approx(person.y, abs=0.5)
    corner = definition_of(person).contains(person.rect, 0.0, person.x + 4, person.y + 4, 0.0)
    assert not corner  # the figure, not its box


def test_aws_group_boxes_that_hold_shapes_keep_their_title_inside() -> None:
    doc = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
    <mxCell id="subnet" value="Private subnet" style="shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;
      grStroke=0;strokeColor=#147EBA;fillColor=#E6F2F8;verticalAlign=top;align=left;spacingLeft=30;" vertex="1"
      parent="1"><mxGeometry width="300" height="200" as="geometry"/></mxCell>
    <mxCell id="task" style="rounded=0;" vertex="1" parent="subnet"><mxGeometry x="40" y="40" width="80" height="40"
      as="geometry"/></mxCell></root></mxGraphModel>"""
    subnet = drawio.read(doc, "t.drawio").diagrams[0]["subnet"]
    assert subnet.kind == "frame" and subnet.style.label_position == "inside"
    assert subnet.style.stroke == "none" and subnet.style.fill == "#e6f2f8" and subnet.style.label_dx == 30


def test_an_edge_keeps_the_keys_we_do_not_draw() -> None:
    style = "edgeStyle=orthogonalEdgeStyle;rounded=0;jumpStyle=arc;jumpSize=16;endArrow=blockThin;endFill=1;"
    doc = page("rounded=0;", "rounded=0;").replace(
        b"</root>", f'<mxCell id="e" style="{style}" edge="1" parent="1" source="v0" target="v1">'
                    f'<mxGeometry relative="1" as="geometry"/></mxCell></root>'.encode())
    written = ET.fromstring(drawio.write(drawio.read(doc, "t.drawio").diagrams))
    edge = next(c for c in written.iter("mxCell") if c.get("edge") == "1")
    assert edge.get("style") == style


def test_a_container_keeps_its_title_where_its_alignment_puts_it() -> None:
    doc = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
    <mxCell id="top" value="Cloud" style="fillColor=#F6F6F6;verticalAlign=top;align=left;spacingLeft=40;" vertex="1"
      parent="1"><mxGeometry width="300" height="200" as="geometry"/></mxCell>
    <mxCell id="in-top" style="rounded=0;" vertex="1" parent="top"><mxGeometry x="40" y="40" width="80" height="40"
      as="geometry"/></mxCell>
    <mxCell id="card" value="" style="fillColor=#ffffff;labelPosition=center;verticalLabelPosition=middle;" vertex="1"
      parent="1"><mxGeometry x="400" width="70" height="70" as="geometry"/></mxCell>
    <mxCell id="in-card" style="rounded=0;" vertex="1" parent="card"><mxGeometry x="10" y="10" width="50" height="30"
      as="geometry"/></mxCell></root></mxGraphModel>"""
    page_ = drawio.read(doc, "t.drawio").diagrams[0]
    assert page_["top"].kind == "frame" and page_["top"].style.label_position == "inside"
    assert page_["top"].style.vertical_align == "top" and page_["top"].style.label_dx == 40
    assert page_["card"].kind == "frame" and page_["card"].style.label_position == "inside"  # not a lane


def test_imported_looks_survive_our_own_file_format() -> None:
    from autograph_desktop.formats import native

    styles = ("shape=mxgraph.arrows2.arrow;direction=south;shadow=1;fillOpacity=50;dashed=1;dashPattern=3 3;",
              "shape=mxgraph.bpmn.gateway2;gwType=parallel;labelPosition=right;labelBackgroundColor=#ffff00;",
              "rounded=1;horizontal=0;spacingLeft=12;align=left;")
    diagram = drawio.read(page(*styles, values=("A", "B", "C")), "t.drawio").diagrams[0]
    again, warnings = native.loads(native.dumps(diagram), "t.autograph")
    assert not warnings
    assert [(el.shape, el.style) for el in again] == [(el.shape, el.style) for el in diagram]  # type: ignore[attr-defined]
    assert _styles(drawio.write([again])) == _styles(drawio.write([diagram]))


@pytest.mark.parametrize("fields", [
    {"label_position": "right", "text_align": "left"}, {"label_position": "below", "vertical_align": "top"},
    {"label_position": "above", "vertical_align": "bottom"}, {"label_position": "left", "text_align": "right"},
    {"shadow": True, "glass": True}, {"fill_opacity": 0.4, "stroke_opacity": 0.6, "text_opacity": 0.5},
    {"dash": "dashed", "dash_pattern": "6 2"}, {"dash": "dashdot", "dash_pattern": "6 2 1 2"}, {"label_background": "#ffff00", "label_border": "#ff0000"},
    {"text_vertical": True}, {"label_dx": 12.0, "text_align": "left"}, {"label_dy": -6.0, "vertical_align": "top"},
    {"line_jumps": "gap", "line_jump_size": 12.0},
])
def test_looks_made_here_go_to_draw_io_and_come_back(fields: dict[str, object]) -> None:
    from autograph_desktop.model import Style

    made = Shape(id="s", x=10, y=10, w=120, h=60, text="Label", style=Style(**fields))  # type: ignore[arg-type]
    back = drawio.read(drawio.write([Diagram(elements=[made])]), "t.drawio").diagrams[0]["s"]
    for name, value in fields.items():
        assert getattr(back.style, name) == value, name


def _png_of(size: int) -> bytes:
    """A valid PNG of about `size` bytes (incompressible pixels)."""
    import io
    import os

    from PIL import Image as PILImage

    side = max(8, int((size / 3) ** 0.5))
    out = io.BytesIO()
    PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG", compress_level=0)
    return out.getvalue()


@pytest.mark.parametrize(("size", "kept"), [(300 * 1024, True), (1200 * 1024, False)])
def test_embedded_screenshots_keep_their_bytes_up_to_the_limit_of_a_data_value(size: int, kept: bool) -> None:
    import base64

    from autograph_desktop.formats import native

    png = _png_of(size)
    uri = "data:image/png," + base64.b64encode(png).decode()
    result = drawio.read(page(f"shape=image;image={uri};"), "t.drawio")
    image = next(iter(result.diagrams[0]))
    assert image.kind == "image"
    assert (image.get("image.base64") == base64.b64encode(png).decode()) is kept
    assert any("KB" in p.message for p in result.warnings) is not kept  # a dropped picture is said, with its size
    loaded, problems = native.loads(native.dumps(result.diagrams[0]), "t")  # and our own files hold it
    assert not [p for p in problems if p.severity == "error"] and next(iter(loaded)).get("image.base64") == \
        image.get("image.base64")
