"""The clipboard goes through the format registry: what is copied reads back, other tools' text pastes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from canvas_helpers import add, canvas, shape
from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.clipboard import MIME, can_paste, read_pasted
from autograph_desktop.io import ExportOptions, read_bytes, write_bytes
from autograph_desktop.model import Connector, Diagram, Endpoint, edits

__all__ = ["canvas"]
DATA = Path(__file__).resolve().parents[1] / "unit" / "formats" / "data"
MERMAID = "flowchart LR\n  A[Order] --> B{Paid?}\n  B -->|yes| C[Ship]\n"


def _offer(kind: str, data: bytes | str) -> None:
    """Put `data` on the clipboard as another application would: plain text, or bytes of a MIME type."""
    mime = QMimeData()
    if isinstance(data, str):
        mime.setText(data)
    else:
        mime.setData(kind, QByteArray(data))
    QGuiApplication.clipboard().setMimeData(mime)


def test_a_copy_carries_our_document_an_svg_and_a_picture(canvas: CanvasView) -> None:
    a, b = shape(100, 100, text="API"), shape(400, 100, text="DB")
    add(canvas, a, b)
    canvas.history.execute(edits.add(canvas.doc, Connector(source=Endpoint(a.id), target=Endpoint(b.id))))
    canvas.set_selection([a.id, b.id])
    canvas.controller.copy()
    mime = QGuiApplication.clipboard().mimeData()
    picture = QImage(mime.imageData())
    assert mime.hasImage() and picture.width() > 100 and picture.pixelColor(0, 0).alpha() == 0  # see-through
    ours = read_bytes(bytes(mime.data(MIME).data()), "copy.autograph")
    svg = read_bytes(bytes(mime.data("image/svg+xml").data()), "copy.svg")
    for result in (ours, svg):
        assert sorted(e.text for e in result.diagrams[0] if e.kind == "shape") == ["API", "DB"]
        assert sum(1 for e in result.diagrams[0] if e.kind == "connector") == 1


@pytest.mark.parametrize("kind, payload, expected", [
    ("text", MERMAID, {"Order", "Paid?", "Ship"}),
    ("text", (DATA / "features.drawio").read_text(encoding="utf-8"), None),
    ("text", json.dumps({"type": "excalidraw/clipboard", "elements": json.loads(
        (DATA / "features.excalidraw").read_text(encoding="utf-8"))["elements"]}), None),
    ("application/vnd.excalidraw+json", (DATA / "features.excalidraw").read_bytes(), None),
])
def test_other_tools_text_pastes_as_shapes_in_one_step(canvas: CanvasView, kind: str, payload: bytes | str,
                                                        expected: set[str] | None) -> None:
    _offer(kind, payload)
    assert can_paste()
    pasted = canvas.controller.paste(at_cursor=False)
    assert pasted.problems == [] and pasted.format in ("mermaid", "drawio", "excalidraw")
    assert len(canvas.doc) == len(pasted.elements) > 2
    if expected is not None:
        assert expected <= {e.text for e in canvas.doc}
    assert canvas.history.steps == ["Paste"]


def test_a_picture_with_an_embedded_diagram_pastes_it(canvas: CanvasView) -> None:
    source = Diagram(elements=[shape(0, 0, text="Inside the PNG")])
    _offer("image/png", write_bytes(source, "png", ExportOptions(embed_diagram=True)))
    canvas.controller.paste(at_cursor=False)
    assert [e.text for e in canvas.doc] == ["Inside the PNG"]


@pytest.mark.parametrize("text", ["just some words", "", "{not json", "<html><body>hi</body></html>"])
def test_plain_text_is_not_offered_for_paste(canvas: CanvasView, text: str) -> None:
    _offer("text/plain", text)
    assert not can_paste()
    canvas.controller.paste()
    assert len(canvas.doc) == 0 and canvas.history.steps == []


def test_broken_diagram_text_is_refused_with_a_located_problem(canvas: CanvasView) -> None:
    _offer("text/plain", "flowchart LR\n  A --> B\n  C -->\n")
    pasted = read_pasted()
    assert pasted.elements == [] and pasted.format == "mermaid"
    assert pasted.problems and pasted.problems[0].line == 3
    canvas.controller.paste()
    assert len(canvas.doc) == 0 and canvas.history.steps == []
