"""The cells of one draw.io page as plain records: wrappers unwrapped, layers found, geometry made absolute."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element as XmlElement

from autograph_desktop.formats.drawio_container import local
from autograph_desktop.formats.drawio_styles import parse_style

_WRAPPER_ATTRS = frozenset({"id", "label", "placeholders", "tooltip", "link"})


@dataclass
class Cell:
    """One mxCell (or UserObject/object wrapping one) with its style already split."""

    id: str
    parent: str | None
    value: str
    base: str
    values: dict[str, str]
    vertex: bool
    edge: bool
    source: str | None
    target: str | None
    geometry: XmlElement | None
    visible: bool = True
    collapsed: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    tooltip: str = ""
    link: str = ""
    placeholders: bool = False
    #: The style exactly as written, kept so that a re-export can write it back untouched.
    style: str = ""


def _num(el: XmlElement | None, key: str, default: float = 0.0) -> float:
    if el is None:
        return default
    try:
        value = float(el.get(key, default))
    except ValueError:
        return default
    return value if value == value and abs(value) < 1e9 else default


def _make_cell(el: XmlElement, inner: XmlElement, wrapper: dict[str, str] | None, fallback_id: str) -> Cell:
    style = inner.get("style", "")
    base, values = parse_style(style)
    geometry = next((g for g in inner if local(g.tag) == "mxGeometry"), None)
    attrs = wrapper or {}
    value = attrs.get("label", "") if wrapper is not None else inner.get("value", "")
    return Cell(
        id=el.get("id") or fallback_id,
        parent=inner.get("parent"),
        value=value,
        base=base,
        values=values,
        vertex=inner.get("vertex") == "1",
        edge=inner.get("edge") == "1",
        source=inner.get("source"),
        target=inner.get("target"),
        geometry=geometry,
        visible=inner.get("visible", "1") != "0",
        collapsed=inner.get("collapsed") == "1",
        attrs={k: v for k, v in attrs.items() if k not in _WRAPPER_ATTRS},
        tooltip=attrs.get("tooltip", ""),
        link=attrs.get("link", ""),
        placeholders=attrs.get("placeholders") == "1",
        style=style,
    )


def collect_cells(model: XmlElement) -> tuple[list[Cell], list[str]]:
    """Cells in document order, plus notes on anything skipped (for warnings)."""
    root = next((el for el in model if local(el.tag) == "root"), None)
    notes: list[str] = []
    cells: list[Cell] = []
    if root is None:
        return cells, notes
    seen: set[str] = set()
    for index, el in enumerate(root):
        tag = local(el.tag)
        if tag == "mxCell":
            cell = _make_cell(el, el, None, f"cell-{index}")
        elif tag in ("UserObject", "object"):
            inner = next((c for c in el if local(c.tag) == "mxCell"), None)
            if inner is None:
                notes.append(f"a <{tag}> without an <mxCell> inside was skipped")
                continue
            cell = _make_cell(el, inner, dict(el.attrib), f"cell-{index}")
        else:
            notes.append(f"an unknown <{tag}> element in the page was skipped")
            continue
        if cell.id in seen:
            notes.append(f"duplicate cell id {cell.id!r} renamed")
            cell.id = f"{cell.id}-{index}"
        seen.add(cell.id)
        cells.append(cell)
    return cells, notes


class Geometry:
    """Absolute rectangles of cells: draw.io stores children relative to their parent vertex."""

    def __init__(self, cells: dict[str, Cell]) -> None:
        self._cells = cells
        self._rects: dict[str, tuple[float, float, float, float]] = {}

    def local_rect(self, cell: Cell) -> tuple[float, float, float, float]:
        g = cell.geometry
        return (_num(g, "x"), _num(g, "y"), max(0.0, _num(g, "width")), max(0.0, _num(g, "height")))

    def origin(self, parent_id: str | None) -> tuple[float, float]:
        """Where (0, 0) of a child of this parent lies on the page (layers and roots: the page origin)."""
        parent = self._cells.get(parent_id) if parent_id else None
        if parent is None or not parent.vertex:
            return (0.0, 0.0)
        x, y, _, _ = self.rect(parent.id)
        return (x, y)

    def rect(self, cell_id: str) -> tuple[float, float, float, float]:
        """The absolute rectangle, computed parent-first without recursion (chains may be long or cyclic)."""
        if cell_id in self._rects:
            return self._rects[cell_id]
        chain: list[Cell] = []
        seen: set[str] = set()
        current = self._cells.get(cell_id)
        while current is not None and current.id not in self._rects and current.id not in seen:
            seen.add(current.id)
            chain.append(current)
            parent = self._cells.get(current.parent) if current.parent else None
            current = parent if parent is not None and parent.vertex else None
        for cell in reversed(chain):
            x, y, w, h = self.local_rect(cell)
            parent = self._cells.get(cell.parent) if cell.parent else None
            if parent is not None and parent.vertex and parent.id in self._rects:
                px, py, pw, ph = self._rects[parent.id]
                if cell.geometry is not None and cell.geometry.get("relative") == "1":
                    ox, oy = self.offset(cell)
                    x, y = px + x * pw + ox, py + y * ph + oy
                else:
                    x, y = px + x, py + y
            self._rects[cell.id] = (x, y, w, h)
        return self._rects.get(cell_id, (0.0, 0.0, 0.0, 0.0))

    def point(self, cell: Cell, role: str) -> tuple[float, float] | None:
        """An edge's `sourcePoint`/`targetPoint`, absolute, or None when the geometry has none."""
        g = cell.geometry
        if g is None:
            return None
        for child in g:
            if local(child.tag) == "mxPoint" and child.get("as") == role:
                ox, oy = self.origin(cell.parent)
                return (ox + _num(child, "x"), oy + _num(child, "y"))
        return None

    def waypoints(self, cell: Cell) -> list[tuple[float, float]]:
        g = cell.geometry
        if g is None:
            return []
        array = next((c for c in g if local(c.tag) == "Array" and c.get("as") == "points"), None)
        if array is None:
            return []
        ox, oy = self.origin(cell.parent)
        return [(ox + _num(p, "x"), oy + _num(p, "y")) for p in array if local(p.tag) == "mxPoint"]

    def offset(self, cell: Cell) -> tuple[float, float]:
        g = cell.geometry
        if g is None:
            return (0.0, 0.0)
        point = next((c for c in g if local(c.tag) == "mxPoint" and c.get("as") == "offset"), None)
        return (_num(point, "x"), _num(point, "y"))
