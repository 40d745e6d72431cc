"""AutoGraph diagrams -> a plain-XML `.drawio` document that draw.io opens with the same layout."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from autograph_desktop.formats.drawio_roundtrip import restored_style
from autograph_desktop.formats.drawio_styles import (
    ARROW_TO_DRAWIO,
    parse_style,
    style_to_drawio,
)
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import (
    Connector,
    Element,
    Endpoint,
    Frame,
    Group,
    Icon,
    Image,
    Path,
    Shape,
    Text,
)
from autograph_desktop.model.geometry import Rect
from autograph_desktop.model.shapes import definition_of

_RESERVED = frozenset({"0", "1"})
#: Attribute names a UserObject can carry for imported user data (and the ones it uses itself).
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_WRAPPER_OWN = frozenset({"id", "label", "link", "tooltip", "placeholders"})
#: Characters XML 1.0 cannot carry at all (not even escaped); user text may still contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str]) -> ET.Element:
    """SubElement with attributes from a dict (draw.io uses `parent` and `as`, which clash with keywords)."""
    return ET.SubElement(parent, tag, attrib=attrs)


def _num(value: float) -> str:
    """Coordinates as draw.io writes them: integers without `.0`, others to 1/1000 px."""
    rounded = round(value, 3)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}" if abs(rounded) < 1e6 else str(rounded)


class _PageWriter:
    """Writes one diagram as `<diagram><mxGraphModel><root>...`; ids are kept unless they clash."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.ids: dict[str, str] = {}
        taken = set(_RESERVED)
        layers = sorted({el.get("drawio.layer") for el in diagram if el.get("drawio.layer")})
        self.layer_ids = {name: f"layer-{i + 2}" for i, name in enumerate(layers)}
        taken |= set(self.layer_ids.values())
        for el in diagram:
            cell_id = el.id if el.id not in taken else f"ag-{el.id}"
            while cell_id in taken:
                cell_id += "_"
            taken.add(cell_id)
            self.ids[el.id] = cell_id
        self.root = ET.Element("root")
        self.written: set[str] = set()
        self.holder = self.root
        self.value_key = "value"

    def write(self, index: int) -> ET.Element:
        page = ET.Element("diagram", id=f"page-{index + 1}", name=self.diagram.meta.title or f"Page-{index + 1}")
        bbox = self.diagram.bbox() or Rect(0, 0, 850, 1100)
        model = ET.SubElement(page, "mxGraphModel", dx=_num(bbox.w), dy=_num(bbox.h), grid="1", gridSize="10",
                              guides="1", tooltips="1", connect="1", arrows="1", fold="1", page="1",
                              pageScale="1", pageWidth="850", pageHeight="1100", math="0", shadow="0")
        model.append(self.root)
        _sub(self.root, "mxCell", {"id": "0"})
        _sub(self.root, "mxCell", {"id": "1", "parent": "0"})
        for name, layer_id in self.layer_ids.items():
            _sub(self.root, "mxCell", {"id": layer_id, "value": name, "parent": "0"})
        for el in self.diagram:
            self._emit(el)
        return page

    # ----------------------------------------------------------------- helpers
    def _container(self, el: Element) -> Element | None:
        parent = self.diagram.get(el.parent) if el.parent else None
        return parent if isinstance(parent, (Group, Frame)) else None

    def _origin(self, container: Element | None) -> tuple[float, float]:
        if container is None:
            return (0.0, 0.0)
        rect = self._rect(container)
        return (rect.x, rect.y)

    def _rect(self, el: Element) -> Rect:
        if isinstance(el, Group):
            return self.diagram.bounds(el.id) or Rect(0, 0, 0, 0)
        return el.rect

    def _emit(self, el: Element) -> None:
        """Parents go first: draw.io resolves a cell's parent as it reads."""
        chain: list[Element] = []
        current: Element | None = el
        while current is not None and current.id not in self.written and current not in chain:
            chain.append(current)
            current = self._container(current)
        for item in reversed(chain):
            self.written.add(item.id)
            self._cell(item)

    def _cell(self, el: Element) -> None:
        container = self._container(el)
        layer = self.layer_ids.get(el.get("drawio.layer"), "1")
        parent_id = self.ids[container.id] if container is not None else layer
        attrs = {"id": self.ids[el.id]}
        holder: ET.Element
        user_attrs = {k[len("drawio."):]: v for k, v in el.data
                      if k.startswith("drawio.") and k != "drawio.layer" and _XML_NAME.match(k[len("drawio."):])
                      and k[len("drawio."):] not in _WRAPPER_OWN}
        if el.link or el.get("tooltip") or user_attrs:
            wrapper = _sub(self.root, "UserObject", {"label": el.text if not isinstance(el, Connector) else "", **attrs,
                                                     **user_attrs})
            if el.link:
                wrapper.set("link", el.link)
            if el.get("tooltip"):
                wrapper.set("tooltip", el.get("tooltip"))
            cell = ET.SubElement(wrapper, "mxCell")
            holder, self.value_key = wrapper, "label"
        else:
            cell = _sub(self.root, "mxCell", attrs)
            holder, self.value_key = cell, "value"
            if not isinstance(el, Connector):
                cell.set("value", el.text)
        self.holder = holder
        if isinstance(el, (Connector, Path)):
            self._edge(el, cell, parent_id, container)
        else:
            self._vertex(el, cell, parent_id, container)
        if el.hidden:
            cell.set("visible", "0")
        if isinstance(el, Frame) and el.collapsed:
            cell.set("collapsed", "1")

    # ----------------------------------------------------------------- vertices
    def _vertex(self, el: Element, cell: ET.Element, parent_id: str, container: Element | None) -> None:
        rect = self._rect(el)
        values: dict[str, str] = {}
        base = ""
        if isinstance(el, Group):
            base = "group"
        else:
            base, values = parse_style(definition_of(el).drawio)
            if isinstance(el, Shape):
                values["agShape"] = el.shape
            elif isinstance(el, Image):
                if el.get("image.base64"):
                    values["image"] = f"data:{el.mime},{el.get('image.base64')}"
                elif el.get("image.url"):
                    values["image"] = el.get("image.url")
            elif isinstance(el, Icon):
                if el.icon.startswith("drawio:"):
                    values["shape"] = el.icon[len("drawio:"):]
                else:
                    values["agIcon"] = el.icon
            values["whiteSpace"] = "wrap"
            style_to_drawio(el.style, values, rect.w, rect.h, rounded=isinstance(el, Shape) and el.shape == "rounded")
            if isinstance(el, Text):
                values["fillColor"] = "none" if el.style.fill == "ink" else values["fillColor"]
                values["strokeColor"] = "none" if el.style.stroke == "ink" else values["strokeColor"]
            if isinstance(el, Frame) and el.style.label_position != "lane":
                values["agFrame"] = "1"  # our frame, its title on a tab above (not a draw.io lane)
            if el.rotation:
                values["rotation"] = _num(el.rotation)
            if el.locked:
                values["locked"] = "1"
        cell.set("style", restored_style(el, base, values))
        cell.set("vertex", "1")
        if isinstance(el, Group):
            cell.set("connectable", "0")
        cell.set("parent", parent_id)
        ox, oy = self._origin(container)
        ET.SubElement(cell, "mxGeometry", x=_num(rect.x - ox), y=_num(rect.y - oy), width=_num(rect.w),
                      height=_num(rect.h), attrib={"as": "geometry"})

    # ----------------------------------------------------------------- edges
    def _end(self, end: Endpoint, prefix: str, values: dict[str, str]) -> str | None:
        """The cell id an end is bound to (setting exit/entry constraints), or None for a free end."""
        target = self.diagram.get(end.element) if end.element else None
        if target is None or isinstance(target, (Connector, Group, Path)):
            return None
        if end.side is not None:
            r = min(max(end.ratio, 0.0), 1.0)
            x, y = {"top": (r, 0.0), "bottom": (r, 1.0), "left": (0.0, r), "right": (1.0, r)}.get(end.side, (0.5, 0.5))
            values[f"{prefix}X"] = _num(x)
            values[f"{prefix}Y"] = _num(y)
            values[f"{prefix}Dx"] = "0"
            values[f"{prefix}Dy"] = "0"
        return self.ids[target.id]

    def _edge(self, el: Connector | Path, cell: ET.Element, parent_id: str, container: Element | None) -> None:
        values: dict[str, str] = {"html": "0"}
        ox, oy = self._origin(container)
        geometry = ET.SubElement(cell, "mxGeometry", relative="1", attrib={"as": "geometry"})
        if isinstance(el, Path):
            points = [(el.x + px, el.y + py) for px, py in el.points] or [(el.x, el.y)]
            if len(points) == 1:
                points.append(points[0])
            values.update({"agPath": "1", "endArrow": "none", "startArrow": "none"})
            source_id = target_id = None
            free = {"sourcePoint": points[0], "targetPoint": points[-1]}
            waypoints = points[1:-1]
        else:
            if el.routing == "orthogonal":
                values["edgeStyle"] = "orthogonalEdgeStyle"
            elif el.routing == "curved":
                values["curved"] = "1"
            for key, name in (("endArrow", el.end_arrow), ("startArrow", el.start_arrow)):
                marker, filled = ARROW_TO_DRAWIO.get(name, ("classic", True))
                values[key] = marker
                values[key.replace("Arrow", "Fill")] = "1" if filled else "0"
            source_id = self._end(el.source, "exit", values)
            target_id = self._end(el.target, "entry", values)
            free = {}
            if source_id is None:
                free["sourcePoint"] = (el.source.x, el.source.y)
            if target_id is None:
                free["targetPoint"] = (el.target.x, el.target.y)
            waypoints = list(el.waypoints)
        style_to_drawio(el.style, values, 0, 0)
        values.pop("fillColor", None)
        values.pop("rounded", None)
        values.pop("absoluteArcSize", None)
        values.pop("arcSize", None)
        cell.set("style", restored_style(el, "", values))
        cell.set("edge", "1")
        cell.set("parent", parent_id)
        if source_id:
            cell.set("source", source_id)
        if target_id:
            cell.set("target", target_id)
        for role, (px, py) in free.items():
            ET.SubElement(geometry, "mxPoint", x=_num(px - ox), y=_num(py - oy), attrib={"as": role})
        if waypoints:
            array = ET.SubElement(geometry, "Array", attrib={"as": "points"})
            for px, py in waypoints:
                ET.SubElement(array, "mxPoint", x=_num(px - ox), y=_num(py - oy))
        if isinstance(el, Connector):
            self._labels(el, cell)

    def _labels(self, el: Connector, cell: ET.Element) -> None:
        labels = list(el.labels)
        text = labels.pop(0).text if labels and labels[0].position == 0.5 and labels[0].offset == 0 else ""
        self.holder.set(self.value_key, text)
        for n, label in enumerate(labels):
            child = _sub(self.root, "mxCell", {
                "id": f"{self.ids[el.id]}-label-{n}", "value": label.text,
                "style": "edgeLabel;html=0;align=center;verticalAlign=middle;resizable=0;points=[];",
                "vertex": "1", "connectable": "0", "parent": self.ids[el.id]})
            geometry = ET.SubElement(child, "mxGeometry", x=_num(label.position * 2 - 1), y=_num(label.offset),
                                     relative="1", attrib={"as": "geometry"})
            ET.SubElement(geometry, "mxPoint", attrib={"as": "offset"})


def write_pages(diagrams: list[Diagram]) -> bytes:
    """An uncompressed multi-page mxfile: readable, diffable, and opened by draw.io as is."""
    mxfile = ET.Element("mxfile", host="AutoGraph", agent="AutoGraph Desktop", version="24.0.0", type="device")
    for index, diagram in enumerate(diagrams):
        mxfile.append(_PageWriter(diagram).write(index))
    for node in mxfile.iter():
        for key, value in node.attrib.items():
            if _NOT_XML.search(value):
                node.set(key, _NOT_XML.sub("\ufffd", value))
    ET.indent(mxfile, space="  ")
    body: bytes = ET.tostring(mxfile, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
