"""Hovering an element imported from draw.io shows its tooltip, and for a stencil we draw as a plain box,
which stencil it was."""

from __future__ import annotations

from canvas_helpers import add, canvas, scene_click, to_view
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from autograph_desktop.formats import drawio
from autograph_desktop.gui.canvas import CanvasView

__all__ = ["canvas"]

DOC = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="chair" value="Chair" style="shape=mxgraph.floorplan.office_chair;" vertex="1" parent="1">
  <mxGeometry x="100" y="100" width="80" height="60" as="geometry"/></mxCell>
<UserObject id="note" label="Note" tooltip="Read me first"><mxCell style="rounded=0;" vertex="1" parent="1">
  <mxGeometry x="300" y="100" width="80" height="60" as="geometry"/></mxCell></UserObject>
<mxCell id="plain" value="Plain" style="rounded=0;" vertex="1" parent="1">
  <mxGeometry x="500" y="100" width="80" height="60" as="geometry"/></mxCell>
</root></mxGraphModel>"""


def hover_help(view: CanvasView, x: float, y: float) -> str:
    pos = to_view(view, x, y).toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos))
    QApplication.sendEvent(view, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_shows_the_stencil_name_and_the_files_tooltips(canvas: CanvasView, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(canvas, *drawio.read(DOC, "t.drawio").diagrams[0])
    assert "mxgraph.floorplan.office_chair" in hover_help(canvas, 140, 130)
    assert hover_help(canvas, 340, 130) == "Read me first"
    for x, y in ((540, 130), (800, 500)):  # no tooltip of its own, or nothing there: the shown one goes
        hover_help(canvas, 340, 130)
        hover_help(canvas, x, y)
        qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)


LANES = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="lane" value="Orders" style="swimlane;horizontal=0;fillColor=#fff2cc;" vertex="1" parent="1">
  <mxGeometry x="100" y="100" width="400" height="150" as="geometry"/></mxCell>
<mxCell id="task" value="Task" style="rounded=1;" vertex="1" parent="lane">
  <mxGeometry x="100" y="50" width="80" height="40" as="geometry"/></mxCell>
</root></mxGraphModel>"""


def test_a_lane_is_picked_by_its_header_band_not_above_it(canvas: CanvasView) -> None:
    add(canvas, *drawio.read(LANES, "t.drawio").diagrams[0])
    scene_click(canvas, 108, 175)  # in the band down the lane's left side
    assert canvas.selected_ids() == ["lane"]
    scene_click(canvas, 800, 500)
    scene_click(canvas, 140, 92)  # where our own frames' title tab would be: nothing there
    assert canvas.selected_ids() == []
