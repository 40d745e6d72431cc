"""Copy and paste through the system clipboard, so elements travel between windows and to other apps.

Copying puts our own payload, `application/x-autograph+json` (element dicts from `model.element_to_dict`),
plus an SVG and a picture of the selection written by the format registry (the SVG carries the selection,
so it pastes back as shapes). Pasting takes our payload first, then anything the registry reads: draw.io,
Excalidraw or Mermaid text, or an SVG/PNG with an embedded diagram. Everything pasted is untrusted input:
anything malformed is skipped or refused, never half-applied.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import orjson
from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from autograph_desktop.io import FORMATS, ExportOptions, FormatEntry, entry, sniff_format, write_bytes
from autograph_desktop.model import (
    Connector,
    Diagram,
    Element,
    Endpoint,
    InvalidInput,
    Problem,
    Rect,
    edits,
)

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

MIME = "application/x-autograph+json"
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 200_000
PASTE_OFFSET = 20.0
#: The picture of a copy is drawn at 2x, smaller when that would pass this many pixels a side.
MAX_PICTURE_SIDE = 8000
PICTURE_PADDING = 16.0


def collect(doc: Diagram, ids: Sequence[str]) -> list[Element]:
    """What a copy takes: the selection with all members, plus connectors running among them."""
    chosen: dict[str, None] = {}
    for eid in ids:
        if eid in doc:
            chosen[eid] = None
            for d in doc.descendants(eid):
                chosen[d.id] = None
    for eid in list(chosen):
        for conn in doc.connectors_of(eid):
            if conn.source.element in chosen and conn.target.element in chosen:
                chosen[conn.id] = None
    elements = [doc[i] for i in chosen]
    elements.sort(key=lambda e: (e.z, e.id))
    return elements


def standalone(doc: Diagram, elements: list[Element]) -> list[Element]:
    """The elements cut out of `doc`: connector ends attached outside become points, outside parents go."""
    ids = {e.id for e in elements}
    out: list[Element] = []
    for el in elements:
        if isinstance(el, Connector):
            points = doc.connector_points(el)
            source, target = el.source, el.target
            if source.element is not None and source.element not in ids:
                source = Endpoint(x=points[0][0], y=points[0][1])
            if target.element is not None and target.element not in ids:
                target = Endpoint(x=points[-1][0], y=points[-1][1])
            el = replace(el, source=source, target=target)
        if el.parent is not None and el.parent not in ids:
            el = el.evolve(parent=None)
        out.append(el)
    return out


def fragment(doc: Diagram, elements: list[Element]) -> Diagram:
    """A diagram of the copied elements alone (see `standalone`), with the document's metadata."""
    return Diagram(replace(doc.meta), standalone(doc, elements))


def encode(doc: Diagram, elements: list[Element]) -> bytes:
    """The payload: the copied elements as a native `.autograph` document."""
    return write_bytes(fragment(doc, elements), "autograph")


def _picture_options(fragment: Diagram, theme: str) -> ExportOptions:
    box = fragment.bbox()
    side = max(box.w, box.h) + 2 * PICTURE_PADDING if box is not None else 1.0
    return ExportOptions(theme=theme, background="transparent", padding=PICTURE_PADDING,
                         scale=min(2.0, MAX_PICTURE_SIDE / max(side, 1.0)), embed_diagram=True)


def copy_to_clipboard(view: CanvasView, ids: Sequence[str]) -> QMimeData:
    doc = view.doc
    elements = collect(doc, ids)
    mime = QMimeData()
    copied = fragment(doc, elements)
    mime.setData(MIME, QByteArray(write_bytes(copied, "autograph")))
    if elements:
        options = _picture_options(copied, view.canvas_theme)
        mime.setData("image/svg+xml", QByteArray(write_bytes(copied, "svg", options)))
        png = write_bytes(copied, "png", replace(options, embed_diagram=False))
        mime.setImageData(QImage.fromData(png))
    QGuiApplication.clipboard().setMimeData(mime)
    return mime


def _finite(el: Element) -> bool:
    return all(math.isfinite(v) and abs(v) < 1e9 for v in (el.x, el.y, el.w, el.h, el.rotation))


@dataclass
class Pasted:
    """What the clipboard holds for a paste: elements, the readers' warnings, or why it was refused."""

    elements: list[Element] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The registry format it was read as ("autograph" for our own payload, "" for an empty clipboard).
    format: str = ""


def _result(data: bytes, fmt: FormatEntry) -> Pasted:
    """The first non-empty diagram `fmt` reads from `data`, or the problems that stopped it."""
    if len(data) > MAX_PAYLOAD_BYTES:
        return Pasted(problems=[Problem(f"the clipboard holds {len(data) / 1e6:.0f} MB; the limit is "
                                        f"{MAX_PAYLOAD_BYTES // 1_000_000} MB")], format=fmt.name)
    try:
        result = fmt.read(data, "clipboard")
    except InvalidInput as exc:
        return Pasted(problems=exc.problems or [Problem("the clipboard content could not be read")],
                      format=fmt.name)
    diagrams = [d for d in result.diagrams if len(d)]
    elements = [e for e in diagrams[0] if _finite(e)] if diagrams else []
    return Pasted(elements[:MAX_ELEMENTS], list(result.warnings), format=fmt.name)


def decode_payload(payload: bytes) -> Pasted:
    """Our payload, read by the native reader (validated, repaired, located problems). Payloads of older
    versions, `{"version": 1, "elements": [...]}`, are read as the native format's schema version 1."""
    native = entry("autograph")
    if len(payload) <= MAX_PAYLOAD_BYTES and b'"schema_version"' not in payload[:4096]:
        try:
            data = orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            return Pasted(problems=[Problem(f"the clipboard payload is not JSON ({exc.msg})")], format=native.name)
        items = data.get("elements") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return Pasted(problems=[Problem("the clipboard payload has no element list", path="$.elements")],
                          format=native.name)
        payload = orjson.dumps({"format": "autograph", "schema_version": 1, "diagram": {"id": "clipboard"},
                                "elements": items})
    return _result(payload, native)


def decode(payload: bytes) -> list[Element]:
    """Elements from a payload; a malformed payload gives nothing (see `decode_payload` for why)."""
    return decode_payload(payload).elements


def _candidates(mime: QMimeData) -> list[tuple[bytes, FormatEntry]]:
    """(data, format) for every clipboard type holding something a registry format claims by its content:
    the formats' own MIME types first (a PNG may carry a draw.io diagram), plain text last."""
    types = list(dict.fromkeys(fmt.mime for fmt in FORMATS if fmt.can_read))
    blobs = [bytes(mime.data(t).data()) for t in types if mime.hasFormat(t)]
    if mime.hasText():
        blobs.append(mime.text().encode("utf-8"))
    out: list[tuple[bytes, FormatEntry]] = []
    for data in blobs:
        fmt = sniff_format(data)
        if fmt is not None:
            out.append((data, fmt))
    return out


def read_pasted(mime: QMimeData | None = None) -> Pasted:
    """Our payload when it holds elements, else the first diagram the registry reads from the clipboard."""
    mime = mime if mime is not None else QGuiApplication.clipboard().mimeData()
    if mime is None:
        return Pasted()
    ours = decode_payload(bytes(mime.data(MIME).data())) if mime.hasFormat(MIME) else Pasted()
    if ours.elements:
        return ours
    for data, fmt in _candidates(mime):
        return _result(data, fmt)
    return ours


def read_clipboard() -> list[Element]:
    return read_pasted().elements


def can_paste(mime: QMimeData | None = None) -> bool:
    """Whether Paste has something to take (cheap: content is sniffed, not read)."""
    mime = mime if mime is not None else QGuiApplication.clipboard().mimeData()
    if mime is None:
        return False
    return mime.hasFormat(MIME) or bool(_candidates(mime))


def payload_bounds(elements: list[Element]) -> Rect | None:
    rects = [e.rect for e in elements if not isinstance(e, Connector) and e.kind != "group"]
    for e in elements:
        if isinstance(e, Connector):
            for end in (e.source, e.target):
                if end.element is None:
                    rects.append(Rect(end.x, end.y, 0, 0))
    if not rects:
        return None
    box = rects[0]
    for r in rects[1:]:
        box = box.union(r)
    return box


def paste_elements(view: CanvasView, elements: list[Element], at: tuple[float, float] | None) -> list[str]:
    """Add copies (fresh ids, references among them kept) centred at `at` or offset; returns the top ids."""
    box = payload_bounds(elements)
    if box is None:
        return []
    if at is not None:
        dx, dy = at[0] - box.center[0], at[1] - box.center[1]
    else:
        dx = dy = PASTE_OFFSET
    copies = edits.clone_elements(elements, dx, dy)
    ids = {c.id for c in copies}
    fixed: list[Element] = []
    for c in copies:
        if c.parent is not None and c.parent not in ids:
            c = c.evolve(parent=None)
        fixed.append(c)
    fixed = _parents_first(fixed)
    view.history.execute(edits.add_elements(view.doc, fixed, "Paste"))
    return [c.id for c in fixed if c.parent is None]


def _parents_first(elements: list[Element]) -> list[Element]:
    """Order kept by z, but ids referencing each other in cycles (hostile input) are cut loose."""
    by_id = {e.id: e for e in elements}
    out: list[Element] = []
    for e in elements:
        seen = {e.id}
        parent = e.parent
        while parent is not None and parent in by_id:
            if parent in seen:
                e = e.evolve(parent=None)
                break
            seen.add(parent)
            parent = by_id[parent].parent
        out.append(e)
    return out


