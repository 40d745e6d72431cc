"""draw.io page -> AutoGraph diagram: vertices to nodes, edges to connectors, containers, groups, layers."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.formats.drawio_cells import Cell, Geometry, collect_cells
from autograph_desktop.formats.drawio_container import Page
from autograph_desktop.formats.drawio_labels import fill_placeholders, html_to_text, image_fields
from autograph_desktop.formats.drawio_roundtrip import LOOK_KEY, STENCIL_KEY, kept_style, look_of
from autograph_desktop.formats.drawio_styles import arrow, classify, color, number, style_from_drawio
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    NODE_KINDS,
    Connector,
    ConnectorLabel,
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
from autograph_desktop.model.fractional import keys_between
from autograph_desktop.model.problems import Problem
from autograph_desktop.model.shapes import definition

_ORTHOGONAL = frozenset({"orthogonalEdgeStyle", "elbowEdgeStyle", "entityRelationEdgeStyle", "segmentEdgeStyle",
                         "isometricEdgeStyle", "sideToSideEdgeStyle", "topToBottomEdgeStyle"})


@dataclass
class _PageReader:
    """Reads one page; `warnings` collects each distinct message once."""

    page: Page
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if all(w.message != message for w in self.warnings):
            self.warnings.append(Problem(message, severity="warning"))

    def read(self) -> Diagram:
        meta = DiagramMeta(title=self.page.name)
        if self.page.model is None:
            return Diagram(meta)
        cells, notes = collect_cells(self.page.model)
        for note in notes:
            self.warn(f"page {self.page.name!r}: {note}")
        self.by_id = {c.id: c for c in cells}
        self.geometry = Geometry(self.by_id)
        roots = {c.id for c in cells if not c.parent or c.parent not in self.by_id}
        layers = [c for c in cells if c.parent in roots and c.id not in roots and not c.vertex and not c.edge]
        self.layer_of: dict[str, Cell] = {c.id: c for c in layers}
        self.first_layer = layers[0].id if layers else None
        self.layer_cache: dict[str, Cell | None] = {}
        self.children: dict[str, list[Cell]] = {}
        for c in cells:
            if c.parent:
                self.children.setdefault(c.parent, []).append(c)
        self.labels: dict[str, list[ConnectorLabel]] = {}
        self.stencils: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        built: list[Element] = []
        edges: list[Cell] = []
        for cell in cells:
            if cell.id in roots or cell.id in self.layer_of:
                continue
            parent = self.by_id.get(cell.parent) if cell.parent else None
            if cell.vertex and parent is not None and parent.edge:
                self._edge_label(cell, parent)
            elif cell.vertex:
                element = self._vertex(cell)
                self.kinds[cell.id] = element.kind
                built.append(element)
            elif cell.edge:
                edges.append(cell)
                built.append(Group(id=cell.id))  # placeholder keeps the edge's place in document order
        out: list[Element] = []
        edge_ids = {e.id for e in edges}
        for element in built:
            out.append(self._edge(self.by_id[element.id]) if element.id in edge_ids else element)
        for library, names in self.stencils.items():
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            self.warn(f"draw.io stencils from {library} are drawn as plain boxes: {shown}")
        keys = keys_between(None, None, len(out))
        return Diagram(meta, without_parent_cycles([self._finish(el, key) for el, key in zip(out, keys, strict=True)]))

    # ----------------------------------------------------------------- shared fields
    def _text(self, cell: Cell) -> str:
        value = cell.value
        if cell.placeholders:
            value = fill_placeholders(value, cell.attrs)
        return html_to_text(value) if cell.values.get("html") == "1" else value

    def _finish(self, element: Element, z: str) -> Element:
        """Fields every element shares: order key, layer, visibility, link, tooltip and user data."""
        cell = self.by_id[element.id]
        layer = self._layer(cell)
        data = list(element.data)
        if cell.tooltip:
            data.append(("tooltip", cell.tooltip))
        data += [(f"drawio.{k}", v) for k, v in cell.attrs.items()]
        if kept := kept_style(cell.style):
            data += [*kept, (LOOK_KEY, look_of(element))]
        hidden = not cell.visible
        locked = cell.values.get("locked") == "1"
        if layer is not None:
            hidden = hidden or not layer.visible
            locked = locked or layer.values.get("locked") == "1"
            if layer.id != self.first_layer:
                data.append(("drawio.layer", layer.value or layer.id))
        parent = cell.parent
        for _ in range(8):  # through boxes that hold cells (table rows) up to the table or group around them
            if self.kinds.get(parent or "") != "shape":
                break
            holder = self.by_id.get(parent or "")
            parent = holder.parent if holder is not None else None
        parent = parent if self.kinds.get(parent or "") in ("group", "frame") else None
        return element.evolve(z=z, parent=parent, hidden=hidden, locked=locked, link=cell.link,
                              data=tuple(sorted(dict(data).items())))

    def _layer(self, cell: Cell) -> Cell | None:
        """The layer a cell sits on (memoised along the way: parent chains can be long)."""
        chain: list[str] = []
        current: Cell | None = cell
        found: Cell | None = None
        while current is not None and current.id not in chain:
            if current.id in self.layer_of:
                found = current
                break
            if current.id in self.layer_cache:
                found = self.layer_cache[current.id]
                break
            chain.append(current.id)
            current = self.by_id.get(current.parent) if current.parent else None
        for cell_id in chain:
            self.layer_cache[cell_id] = found
        return found

    # ----------------------------------------------------------------- vertices
    def _vertex(self, cell: Cell) -> Element:
        x, y, w, h = self.geometry.rect(cell.id)
        guess = classify(cell.base, cell.values)
        has_children = any(c.vertex or c.edge for c in self.children.get(cell.id, ()))
        text = self._text(cell)
        values = cell.values
        # A table row holding cells stays a box that connectors end on; its cells join the table (`_finish`).
        if has_children and guess.kind not in ("group", "frame") and not guess.shape.startswith("core.partial."):
            invisible = color(values.get("fillColor")) == "none" and color(values.get("strokeColor")) == "none"
            guess = type(guess)("group" if invisible and not text else "frame")
        common = {"id": cell.id, "x": x, "y": y, "w": w, "h": h, "text": text,
                  "rotation": number(values, "rotation", 0.0) % 360}
        style = style_from_drawio(values, w, h, text_like=guess.kind == "text")
        # draw.io puts a label without a position inside even an icon (our icons put it under), except
        # where its stylesheet's named styles for pictures ("image", "icon") put it under.
        if style.label_position == "auto" and guess.kind != "text":
            if cell.base in ("image", "icon"):
                style = style.with_(label_position="below", vertical_align=values.get("verticalAlign", "top"))
            elif definition(guess.shape if guess.kind == "shape" else guess.kind).label_below:
                style = style.with_(label_position="inside")
        if guess.kind == "icon" and guess.icon.startswith("drawio:"):
            self.warn("draw.io cloud stencils are drawn once the cloud icon pack is installed "
                      "(Preferences > Icon packs)")
        if guess.unknown.startswith("mxgraph."):
            library, _, name = guess.unknown.rpartition(".")
            names = self.stencils.setdefault(library, [])
            if name not in names:
                names.append(name)
            common["data"] = ((STENCIL_KEY, guess.unknown),)
        elif guess.unknown:
            self.warn(f"draw.io shape {guess.unknown!r} is drawn as a {guess.shape}")
        if guess.kind == "group":
            return Group(id=cell.id, text=text)
        if guess.kind == "frame":
            shape = values.get("shape", "")
            if style.label_position != "auto":
                style = style.with_(label_position="auto")  # (a frame's title goes where its look says)
            if ("swimlane" in (cell.base, shape) or shape == "table") and values.get("agFrame") != "1":
                style = style.with_(label_position="lane")  # draw.io's lanes: the title on a header band
                if "fontStyle" not in values:
                    style = style.with_(font_weight=700)  # (in bold unless the style says otherwise)
            elif values.get("agFrame") != "1":
                style = style.with_(label_position="inside")  # a container: its title inside, as aligned
                if values.get("grStroke") == "0":  # (an AWS group without its border)
                    style = style.with_(stroke="none")
            return Frame(style=style, collapsed=cell.collapsed, **common)  # type: ignore[arg-type]
        if guess.kind == "text":
            return Text(style=style, auto_size=False, **common)  # type: ignore[arg-type]
        if guess.kind == "icon":
            return Icon(style=style, icon=guess.icon, **common)  # type: ignore[arg-type]
        if guess.kind == "image":
            sha, mime, data, warning = image_fields(values.get("image", ""))
            if warning:
                self.warn(warning)
            return Image(style=style, sha256=sha, mime=mime, data=tuple(data), **common)  # type: ignore[arg-type]
        return Shape(style=style, shape=guess.shape, **common)  # type: ignore[arg-type]

    def _edge_label(self, cell: Cell, edge: Cell) -> None:
        text = self._text(cell)
        if not text.strip():
            return
        g = cell.geometry
        try:
            along = float(g.get("x", "0")) if g is not None else 0.0
            across = float(g.get("y", "0")) if g is not None else 0.0
        except ValueError:
            along, across = 0.0, 0.0
        position = min(1.0, max(0.0, (along + 1) / 2)) if along == along else 0.5
        offset = across if across == across and abs(across) < 1e6 else 0.0
        self.labels.setdefault(edge.id, []).append(ConnectorLabel(text, position, offset))

    # ----------------------------------------------------------------- edges
    def _endpoint(self, edge: Cell, ref: str | None, prefix: str, role: str) -> Endpoint:
        values = edge.values
        if ref and self.kinds.get(ref) in NODE_KINDS:
            if f"{prefix}X" in values and f"{prefix}Y" in values:
                side, ratio = constraint_side(number(values, f"{prefix}X", 0.5), number(values, f"{prefix}Y", 0.5))
                return Endpoint(element=ref, side=side, ratio=ratio)
            return Endpoint(element=ref)
        point = self.geometry.point(edge, role)
        if point is None and ref and ref in self.by_id and self.by_id[ref].vertex:
            x, y, w, h = self.geometry.rect(ref)
            point = (x + w / 2, y + h / 2)
        if point is None:
            self.warn(f"a connector without a {role.replace('Point', '')} end was placed at the page origin")
            point = (0.0, 0.0)
        return Endpoint(x=point[0], y=point[1])

    def _edge(self, cell: Cell) -> Element:
        values = cell.values
        style = style_from_drawio(values, 0, 0)
        source = self._endpoint(cell, cell.source, "exit", "sourcePoint")
        target = self._endpoint(cell, cell.target, "entry", "targetPoint")
        waypoints = tuple(self.geometry.waypoints(cell))
        if values.get("agPath") == "1":
            pts = [(source.x, source.y), *waypoints, (target.x, target.y)]
            x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
            return Path(id=cell.id, x=x0, y=y0, w=max(p[0] for p in pts) - x0, h=max(p[1] for p in pts) - y0,
                        points=tuple((px - x0, py - y0) for px, py in pts), style=style)
        labels: list[ConnectorLabel] = []
        text = self._text(cell)
        if text.strip():
            labels.append(ConnectorLabel(text, self._label_position(cell)))
        labels += self.labels.get(cell.id, [])
        end_arrow, unknown_end = arrow(values, "endArrow", "endFill", "classic")
        start_arrow, unknown_start = arrow(values, "startArrow", "startFill", "none")
        if unknown_end or unknown_start:
            self.warn("unknown draw.io arrowheads were drawn as plain arrows")
        if values.get("curved") == "1":
            routing = "curved"
        elif values.get("edgeStyle", "") in _ORTHOGONAL:
            routing = "orthogonal"
        else:
            routing = "straight"
        return Connector(id=cell.id, source=source, target=target, waypoints=waypoints, routing=routing,
                         start_arrow=start_arrow, end_arrow=end_arrow, labels=tuple(labels), style=style)

    def _label_position(self, cell: Cell) -> float:
        g = cell.geometry
        if g is None or g.get("relative") != "1":
            return 0.5
        try:
            along = float(g.get("x", "0"))
        except ValueError:
            return 0.5
        return min(1.0, max(0.0, (along + 1) / 2)) if along == along else 0.5


def constraint_side(x: float, y: float) -> tuple[str, float]:
    """draw.io's exitX/exitY (fractions of the shape's box) as the nearest side and the ratio along it."""
    x = min(1.0, max(0.0, x))
    y = min(1.0, max(0.0, y))
    distances = {"top": y, "bottom": 1 - y, "left": x, "right": 1 - x}
    side = min(distances, key=lambda s: distances[s])
    return side, (x if side in ("top", "bottom") else y)


def without_parent_cycles(elements: list[Element]) -> list[Element]:
    """Cut `parent` links that would make an element its own ancestor (hostile files can say so).

    Linear in the number of elements: a chain found to end cleanly is remembered as safe.
    """
    by_id = {el.id: el for el in elements}
    parents = {el.id: el.parent for el in elements}
    safe: set[str] = set()
    for el in elements:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = el.id
        while current is not None and current in by_id and current not in safe:
            if current in on_path:
                parents[path[-1]] = None  # the link that closes the loop
                break
            on_path.add(current)
            path.append(current)
            current = parents[current]
        safe.update(path)
    return [el if el.parent == parents[el.id] else el.evolve(parent=parents[el.id]) for el in elements]


def read_page(page: Page) -> tuple[Diagram, list[Problem]]:
    reader = _PageReader(page)
    diagram = reader.read()
    return diagram, reader.warnings
