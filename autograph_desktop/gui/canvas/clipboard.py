"""Copy and paste through the system clipboard, so elements travel between windows and to other apps.

The payload is `application/x-autograph+json` (element dicts from `model.element_to_dict`), plus a PNG
(and SVG when `render.svg` provides a writer) so that other applications receive a picture. Pasting
treats the payload as untrusted input: anything malformed is skipped, never half-applied.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

from autograph_desktop.model import (
    Connector,
    Diagram,
    Element,
    Endpoint,
    Rect,
    edits,
    element_from_dict,
    element_to_dict,
)

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

MIME = "application/x-autograph+json"
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 200_000
PASTE_OFFSET = 20.0


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


def encode(doc: Diagram, elements: list[Element]) -> bytes:
    """The payload; connector ends attached outside the copied set become points, so it stands alone."""
    ids = {e.id for e in elements}
    data = []
    for el in elements:
        if isinstance(el, Connector):
            points = doc.connector_points(el)
            source, target = el.source, el.target
            if source.element is not None and source.element not in ids:
                source = Endpoint(x=points[0][0], y=points[0][1])
            if target.element is not None and target.element not in ids:
                target = Endpoint(x=points[-1][0], y=points[-1][1])
            el = replace(el, source=source, target=target)
        d = element_to_dict(el)
        if d.get("parent") is not None and d["parent"] not in ids:
            del d["parent"]
        data.append(d)
    return json.dumps({"format": "autograph", "version": 1, "elements": data}).encode()


def _svg_for(doc: Diagram) -> str | None:
    try:
        module = importlib.import_module("autograph_desktop.render.svg")
    except Exception:
        return None
    for name in ("to_svg", "render_svg", "diagram_to_svg", "export_svg", "svg_string"):
        fn = getattr(module, name, None)
        if callable(fn):
            try:
                out = fn(doc)
            except Exception:
                continue
            if isinstance(out, bytes):
                out = out.decode("utf-8", "replace")
            if isinstance(out, str):
                return out
    return None


def copy_to_clipboard(view: CanvasView, ids: Sequence[str]) -> QMimeData:
    doc = view.doc
    elements = collect(doc, ids)
    mime = QMimeData()
    mime.setData(MIME, QByteArray(encode(doc, elements)))
    try:
        image = view.grab_scene_image(2.0, ids=[e.id for e in elements], background=False)
        mime.setImageData(image)
    except Exception:
        pass
    svg = _svg_for(Diagram(elements=elements))
    if svg:
        mime.setData("image/svg+xml", QByteArray(svg.encode()))
    QGuiApplication.clipboard().setMimeData(mime)
    return mime


def _finite(el: Element) -> bool:
    return all(math.isfinite(v) and abs(v) < 1e9 for v in (el.x, el.y, el.w, el.h, el.rotation))


def decode(payload: bytes) -> list[Element]:
    """Elements from a payload; malformed entries are skipped, a malformed payload gives nothing."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        return []
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    items = data.get("elements") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    out: list[Element] = []
    seen: set[str] = set()
    for item in items[:MAX_ELEMENTS]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in seen:
            continue
        try:
            el = element_from_dict(item)
        except Exception:
            continue
        if not _finite(el) or el.w < 0 or el.h < 0:
            continue
        seen.add(el.id)
        out.append(el)
    return out


def read_clipboard() -> list[Element]:
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(MIME):
        return []
    return decode(bytes(mime.data(MIME).data()))


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


