"""AutoGraph diagram -> Excalidraw scene JSON (version 2) with bindings recorded on both sides."""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

import orjson

from autograph_desktop import textmetrics
from autograph_desktop.formats.excalidraw_read import arrowhead_to_excalidraw, shape_type
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import (
    NODE_KINDS,
    Connector,
    Element,
    Endpoint,
    Frame,
    Group,
    Icon,
    Image,
    Path,
    Text,
)
from autograph_desktop.model.shapes import BUILT_IN, definition_of
from autograph_desktop.model.style import PALETTE, Style, resolve_color

#: Our kinds that an Excalidraw type says in full (with `roundness` for "rounded"); others are noted in
#: `customData` so that they come back as themselves.
_EXACT_SHAPES = frozenset({*(d.name for d in BUILT_IN if d.excalidraw == d.name), "rounded"})
LINE_HEIGHT = 1.25


def _color(value: str, role: str) -> str:
    if value == "none":
        return "transparent"
    if value in PALETTE:
        return resolve_color(value, "light", role) or "transparent"  # type: ignore[arg-type]
    return value


def _seed(text: str) -> int:
    """Stable per-element seeds keep re-exports byte-identical (and diffs small)."""
    return zlib.crc32(text.encode("utf-8")) & 0x7FFFFFFF


class _SceneWriter:
    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.out: list[dict[str, Any]] = []
        self.bound: dict[str, list[dict[str, str]]] = {}
        self.files: dict[str, Any] = {}
        self.by_id: dict[str, dict[str, Any]] = {}

    def scene(self) -> dict[str, Any]:
        for el in self.diagram:
            if isinstance(el, Group):
                continue
            record = self._element(el)
            self.out.append(record)
            self.by_id[el.id] = record
            if isinstance(el, Connector):
                label = el.labels[0].text if el.labels else ""
            else:
                label = "" if isinstance(el, (Text, Frame, Path)) else el.text
            if label:
                self.out.append(self._bound_text(el, record, label, el.style))
        for element_id, refs in self.bound.items():
            target = self.by_id.get(element_id)
            if target is not None:
                target["boundElements"] = (target.get("boundElements") or []) + refs
        return {"type": "excalidraw", "version": 2, "source": "https://autograph.desktop",
                "elements": self.out,
                "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None, "name": self.diagram.meta.title},
                "files": self.files}

    # ----------------------------------------------------------------- shared
    def _membership(self, el: Element) -> tuple[list[str], str | None]:
        """Groups (innermost first) up to the first frame, and that frame: Excalidraw's two kinds of parent."""
        groups: list[str] = []
        seen: set[str] = set()
        parent = self.diagram.get(el.parent) if el.parent else None
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            if isinstance(parent, Frame):
                return groups, parent.id
            if isinstance(parent, Group):
                groups.append(parent.id)
            parent = self.diagram.get(parent.parent) if parent.parent else None
        return groups, None

    def _base(self, el: Element, etype: str, style: Style) -> dict[str, Any]:
        groups, frame = self._membership(el)
        return {
            "id": el.id, "type": etype, "x": el.x, "y": el.y, "width": el.w, "height": el.h,
            "angle": math.radians(el.rotation), "strokeColor": _color(style.stroke, "stroke"),
            "backgroundColor": _color(style.fill, "fill"), "fillStyle": style.fill_style,
            "strokeWidth": style.stroke_width, "strokeStyle": style.dash if style.dash in ("dashed", "dotted")
            else ("dashed" if style.dash == "dashdot" else "solid"),
            "roughness": style.sketch, "opacity": round(style.opacity * 100), "groupIds": groups, "frameId": frame,
            "roundness": None, "seed": _seed(el.id), "version": 1, "versionNonce": _seed(el.id + "#"),
            "isDeleted": False, "boundElements": None, "updated": 1, "link": el.link or None, "locked": el.locked,
        }

    def _text_fields(self, text: str, style: Style) -> dict[str, Any]:
        return {"text": text, "originalText": text, "fontSize": style.font_size,
                "fontFamily": _font_family_id(style.font_family), "textAlign": style.text_align,
                "verticalAlign": style.vertical_align, "lineHeight": LINE_HEIGHT, "autoResize": True}

    def _bound_text(self, el: Element, record: dict[str, Any], text: str, style: Style) -> dict[str, Any]:
        """A label as Excalidraw stores it: a text element bound both ways to its container."""
        text_id = f"{el.id}-text"
        lines = text.split("\n")
        w = max(len(line) for line in lines) * style.font_size * 0.6
        h = len(lines) * style.font_size * LINE_HEIGHT
        if isinstance(el, Connector):
            points = self.diagram.connector_points(el)
            cx, cy = points[len(points) // 2] if len(points) % 2 else (
                (points[len(points) // 2 - 1][0] + points[len(points) // 2][0]) / 2,
                (points[len(points) // 2 - 1][1] + points[len(points) // 2][1]) / 2)
        else:
            cx, cy = el.x + el.w / 2, el.y + el.h / 2
        out = self._base(el, "text", style)
        out.update({"id": text_id, "x": cx - w / 2, "y": cy - h / 2, "width": w, "height": h,
                    "strokeColor": _color(style.text_color, "text"), "backgroundColor": "transparent",
                    "containerId": el.id, "seed": _seed(text_id), "link": None},
                   **self._text_fields(text, style))
        record["boundElements"] = (record.get("boundElements") or []) + [{"id": text_id, "type": "text"}]
        return out

    # ----------------------------------------------------------------- elements
    def _element(self, el: Element) -> dict[str, Any]:
        if isinstance(el, Connector):
            return self._arrow(el)
        if isinstance(el, Path):
            etype = "line" if el.closed else "freedraw"
            out = self._base(el, etype, el.style)
            out["points"] = [[px, py] for px, py in el.points] or [[0, 0]]
            if el.closed:
                out["polygon"] = True
            else:
                out.update({"pressures": [], "simulatePressure": True, "lastCommittedPoint": None})
            out["customData"] = {"autograph": {"kind": "path", "closed": el.closed}}
            return out
        if isinstance(el, Text):
            out = self._base(el, "text", el.style.with_(stroke=el.style.text_color))
            out.update(self._text_fields(el.text, el.style), containerId=None, backgroundColor="transparent")
            return out
        if isinstance(el, Frame):
            out = self._base(el, "frame", el.style)
            out["name"] = el.text or None
            if out["frameId"] is not None:
                # Excalidraw frames do not nest; keep ours in customData, where Excalidraw leaves it alone.
                out["customData"] = {"autograph": {"frame": out["frameId"]}}
                out["frameId"] = None
            return out
        if isinstance(el, Image):
            out = self._base(el, "image", el.style)
            file_id = el.sha256 or el.id
            out.update({"fileId": file_id, "status": "saved", "scale": [1, 1],
                        "customData": {"autograph": {"sha256": el.sha256}}})
            if el.get("image.base64"):
                self.files[file_id] = {"mimeType": el.mime, "id": file_id, "created": 1,
                                       "dataURL": f"data:{el.mime};base64,{el.get('image.base64')}"}
            return out
        shape = definition_of(el).name  # a shape's kind, or "icon"
        out = self._base(el, shape_type(shape), el.style)
        if shape == "rounded" or (out["type"] == "rectangle" and el.style.corner_radius > 0):
            out["roundness"] = {"type": 3, "value": el.style.corner_radius or None}
        if isinstance(el, Icon):
            out["customData"] = {"autograph": {"kind": "icon", "icon": el.icon}}
        elif shape not in _EXACT_SHAPES:
            out["customData"] = {"autograph": {"shape": shape}}
        return out

    def _binding(self, end: Endpoint, arrow_id: str) -> dict[str, Any] | None:
        target = self.diagram.get(end.element) if end.element else None
        if target is None or target.kind not in NODE_KINDS:
            return None
        self.bound.setdefault(target.id, []).append({"id": arrow_id, "type": "arrow"})
        fixed = None
        if end.side is not None:
            r = min(max(end.ratio, 0.0), 1.0)
            fixed = {"top": [r, 0.0], "bottom": [r, 1.0], "left": [0.0, r], "right": [1.0, r]}.get(end.side)
        return {"elementId": target.id, "focus": 0, "gap": 1, "fixedPoint": fixed}

    def _arrow(self, el: Connector) -> dict[str, Any]:
        points = self.diagram.connector_points(el)
        x0, y0 = points[0]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        out = self._base(el, "arrow", el.style)
        start = arrowhead_to_excalidraw(el.start_arrow) if el.start_arrow != "none" else None
        end = arrowhead_to_excalidraw(el.end_arrow) if el.end_arrow != "none" else None
        out.update({
            "x": x0, "y": y0, "width": max(xs) - min(xs), "height": max(ys) - min(ys), "angle": 0,
            "points": [[px - x0, py - y0] for px, py in points], "lastCommittedPoint": None,
            "startBinding": self._binding(el.source, el.id), "endBinding": self._binding(el.target, el.id),
            "startArrowhead": start, "endArrowhead": end, "elbowed": el.routing == "orthogonal",
            "roundness": {"type": 2} if el.routing == "curved" else None,
        })
        custom: dict[str, Any] = {"routing": el.routing, "start_arrow": el.start_arrow, "end_arrow": el.end_arrow}
        if el.labels:
            custom["labels"] = [label.to_dict() for label in el.labels]
        out["customData"] = {"autograph": custom}
        return out


def write_scene(diagram: Diagram) -> bytes:
    writer = _SceneWriter(diagram)
    scene = writer.scene()
    try:
        return orjson.dumps(scene)
    except orjson.JSONEncodeError:
        # Lone surrogates in some text: UTF-8 cannot carry them, so they become "?" rather than a failure.
        return json.dumps(scene, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")


def _font_family_id(family: str) -> int:
    """Excalidraw's font family id for ours: its hand-writing, code or normal face as textmetrics sees it."""
    face = textmetrics.family_face(family)
    if face == textmetrics.HAND:
        return 1 if "virgil" in family.lower() else 5
    return 3 if face == textmetrics.MONO else 2
