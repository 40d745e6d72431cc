"""Version timeline and visual diff on a real library: save, compare (overlay and side by side), restore, fork."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog

from autograph_desktop.gui.versions import VersionTimeline
from autograph_desktop.gui.versions.visual_diff import ADDED, CHANGED, REMOVED
from autograph_desktop.model import Diagram, Shape, edits
from autograph_desktop.store.library import Library
from autograph_desktop.store.session import DocumentSession


@pytest.fixture
def session(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library.open(tmp_path / "lib.sqlite3")
    doc = Diagram()
    doc.execute(edits.add_elements(doc, [Shape(x=0, y=0, w=120, h=60, text="Keep"),
                                         Shape(x=200, y=0, w=120, h=60, text="Drop"),
                                         Shape(x=400, y=0, w=120, h=60, text="Recolour")]))
    diagram_id = library.diagrams.create(doc)
    opened = DocumentSession.open(library, diagram_id)
    yield opened
    opened.close()
    library.close()


def _by_text(doc: Diagram) -> dict[str, Shape]:
    return {e.text: e for e in doc if isinstance(e, Shape)}


def _pixel_colours(image, colour: str) -> int:  # type: ignore[no-untyped-def]
    target = QColor(colour)
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if abs(c.red() - target.red()) < 40 and abs(c.green() - target.green()) < 40 and \
                    abs(c.blue() - target.blue()) < 40:
                count += 1
    return count


def test_save_compare_restore_and_fork(qtbot, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = VersionTimeline(session)
    qtbot.addWidget(panel)
    panel.show()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("first", True)))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 1 and "first" in panel.list.item(0).text()

    shapes = _by_text(session.doc)
    session.history.execute(edits.delete(session.doc, [shapes["Drop"].id]))
    session.history.execute(edits.set_style(session.doc, [shapes["Recolour"].id], fill="red"))
    session.history.execute(edits.add(session.doc, Shape(x=0, y=200, w=120, h=60, text="New")))

    panel.list.item(0).setSelected(True)
    qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    view = panel.last_diff
    assert view is not None
    diff = view.picture.diff
    assert [e.text for e in diff.added] == ["New"] and [e.text for e in diff.removed] == ["Drop"]
    assert [c.names for c in diff.changed] == [["style.fill"]]
    qtbot.addWidget(view.window())
    view.resize(900, 500)
    image = view.grab().toImage()
    assert _pixel_colours(image, ADDED) > 8
    assert _pixel_colours(image, REMOVED) > 8
    assert _pixel_colours(image, CHANGED) > 8
    image.save(str(Path(__import__("tempfile").gettempdir()) / "autograph_diff_overlay.png"))
    view.set_mode("side_by_side")
    image = view.grab().toImage()
    image.save(str(Path(__import__("tempfile").gettempdir()) / "autograph_diff_side.png"))
    left, right = image.copy(0, 40, 450, 460), image.copy(450, 40, 450, 460)  # below the legend
    assert _pixel_colours(left, REMOVED) > 8 and _pixel_colours(left, ADDED) == 0
    assert _pixel_colours(right, ADDED) > 8 and _pixel_colours(right, REMOVED) == 0

    panel.list.clearSelection()
    panel.list.item(0).setSelected(True)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert set(_by_text(session.doc)) == {"Keep", "Drop", "Recolour"}
    assert panel.list.count() == 2  # the state before the restore was kept as a version
    session.history.undo()  # a restore is one undoable step
    assert set(_by_text(session.doc)) == {"Keep", "Recolour", "New"}

    forks: list[str] = []
    panel.forked.connect(forks.append)
    panel.list.clearSelection()
    panel.list.item(panel.list.count() - 1).setSelected(True)
    qtbot.mouseClick(panel.fork_button, Qt.MouseButton.LeftButton)
    assert len(forks) == 1 and forks[0] != session.diagram_id


def test_a_changed_connector_is_haloed_along_its_route_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The amber halo of a changed orthogonal connector follows its drawn route, not the wider box the
    connector is indexed by (which would tint a band far around it)."""
    from autograph_desktop.gui.versions.visual_diff import VisualDiffView, compare
    from autograph_desktop.model import Connector, ConnectorLabel, Endpoint

    a, b = Shape(x=0, y=0, w=120, h=60, text="A"), Shape(x=600, y=300, w=120, h=60, text="B")
    older = Diagram()
    older.execute(edits.add_elements(older, [a, b]))
    older.execute(edits.add(older, Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"),
                                             routing="orthogonal")))
    newer = older.copy()
    conn = next(e for e in newer if isinstance(e, Connector))
    newer.execute(edits.set_fields(newer, [conn.id], labels=(ConnectorLabel("renamed"),)))
    view = VisualDiffView(compare(older, newer))
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    image = view.grab().toImage()
    amber = _pixel_colours(image, "#f8e0b8")  # the halo's light fill over the white background
    assert amber > 0, "the changed connector is haloed"
    # Below shape A: outside the route's box, inside the connector's wide index box. No halo there.
    x, y = (60 - view.origin.x()) * view.zoom, (200 - view.origin.y()) * view.zoom
    assert 0 <= x < image.width() and 0 <= y < image.height()
    colour = image.pixelColor(int(x), int(y))
    assert colour.red() - colour.blue() < 30, "no tint beside the route"
