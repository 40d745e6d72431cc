"""Excalidraw scene JSON -> AutoGraph elements: shapes, bound text, arrows with bindings, groups, frames."""

from __future__ import annotations

import math
from typing import Any

from autograph_desktop.formats.drawio_labels import image_fields
from autograph_desktop.formats.drawio_read import constraint_side, without_parent_cycles
from autograph_desktop.formats.drawio_styles import color, make_style
from autograph_desktop.formats.excalidraw_schema import Checker
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    ARROWHEADS,
    NODE_KINDS,
    SHAPES,
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
from autograph_desktop.model.shapes import BUILT_IN, definition
from autograph_desktop.model.style import DEFAULT_STYLE, Style

ARROWHEADS_FROM_EXCALIDRAW: dict[str | None, str] = {
    None: "none", "arrow": "open_arrow", "triangle": "triangle", "triangle_outline": "open_triangle", "bar": "bar",
    "dot": "circle", "circle": "circle", "circle_outline": "open_circle", "diamond": "diamond",
    "diamond_outline": "open_diamond", "crowfoot_one": "crow_one", "crowfoot_many": "crow_many",
    "crowfoot_one_or_many": "crow_one_many",
}
#: Excalidraw font families by id, named so that textmetrics picks the bundled face that stands in for
#: each: hand-writing (Virgil, Excalifont), code (Cascadia, Comic Shanns) or a normal sans.
FONT_FAMILIES: dict[int, str] = {1: "Virgil", 2: "Helvetica", 3: "Cascadia Mono", 4: "DejaVu Sans",
                                 5: "Excalifont", 6: "Nunito", 7: "Lilita One", 8: "Comic Shanns Mono",
                                 9: "Liberation Sans"}
MONO_FONT_IDS = frozenset({3, 8})
#: The outline colour Excalidraw gives every frame.
FRAME_STROKE = "#bbbbbb"
#: Excalidraw's shape types, each read as our kind of the same name (the definitions that draw as it).
_SHAPE_TYPES = {d.name: d.name for d in BUILT_IN if d.excalidraw == d.name}
_HATCHED = frozenset({"hachure", "cross-hatch", "zigzag", "zigzag-line", "dots", "dashed"})
_NODE_TYPES = frozenset({"rectangle", "ellipse", "diamond", "text", "image", "frame", "magicframe",
                         "embeddable", "iframe"})


def _custom(raw: dict[str, Any]) -> dict[str, Any]:
    """What AutoGraph stored in `customData.autograph` when it wrote the file (kept by Excalidraw)."""
    custom = raw.get("customData")
    ours = custom.get("autograph") if isinstance(custom, dict) else None
    return ours if isinstance(ours, dict) else {}


class SceneReader:
    """Turns one list of Excalidraw elements into a Diagram; problems collect with JSON paths."""

    def __init__(self, check: Checker, files: dict[str, Any], base: str) -> None:
        self.check = check
        self.files = files
        self.base = base
        self.warnings: list[Problem] = []

    def warn(self, message: str) -> None:
        if all(w.message != message for w in self.warnings):
            self.warnings.append(Problem(message, severity="warning"))

    def read(self, raw_elements: list[Any], title: str) -> Diagram:
        live: list[tuple[str, dict[str, Any]]] = []
        seen: set[str] = set()
        for i, raw in enumerate(raw_elements):
            path = f"{self.base}[{i}]"
            if not isinstance(raw, dict):
                self.check.fail("an element must be an object", path)
                continue
            if raw.get("isDeleted") is True:
                continue
            etype = self.check.string(raw, "type", path, "")
            if not etype:
                self.check.fail("an element needs a `type`", f"{path}.type")
                continue
            if not isinstance(raw.get("id"), str) or not raw["id"]:
                raw = {**raw, "id": f"element-{i}"}
            if raw["id"] in seen:
                self.warn("elements with duplicate ids were renamed (bindings go to the first of each id)")
                raw = {**raw, "id": f"{raw['id']}-{i}"}
            seen.add(raw["id"])
            live.append((path, raw))
        self.raw_by_id = {raw["id"]: raw for _, raw in live}
        self.bound_text: dict[str, dict[str, Any]] = {}
        for _, raw in live:
            container = raw.get("containerId")
            if raw["type"] == "text" and isinstance(container, str) and container in self.raw_by_id \
                    and self.raw_by_id[container]["type"] != "text":
                self.bound_text.setdefault(container, raw)
        bound_ids = {t["id"] for t in self.bound_text.values()}
        self.kinds: dict[str, str] = {}
        nodes: dict[str, Element] = {}
        order: list[tuple[str, dict[str, Any]]] = []
        for path, raw in live:
            if raw["id"] in bound_ids or raw["type"] == "selection":
                continue
            element = self._node(raw, path)
            if element is None:
                continue
            nodes[raw["id"]] = element
            self.kinds[raw["id"]] = element.kind
            order.append((path, raw))
        out: list[Element] = []
        parents: dict[str, str | None] = {}
        groups = _GroupBuilder(set(self.raw_by_id), self.kinds)
        for path, raw in order:
            element = nodes[raw["id"]]
            if isinstance(element, Connector):
                element = self._bind(element, raw, path)
            out += groups.before(raw, path, self.check)
            parents[element.id] = groups.parent_of(raw)
            out.append(element)
        keys = keys_between(None, None, len(out))
        finished = [el.evolve(z=k, parent=el.parent if isinstance(el, Group) else parents.get(el.id))
                    for el, k in zip(out, keys, strict=True)]
        return Diagram(DiagramMeta(title=title), without_parent_cycles(finished))

    # ----------------------------------------------------------------- nodes
    def _style(self, raw: dict[str, Any], path: str, text: dict[str, Any] | None) -> Style:
        c = self.check
        stroke = color(c.string(raw, "strokeColor", path, "#1e1e1e").replace("transparent", "none"))
        fill = color(c.string(raw, "backgroundColor", path, "transparent").replace("transparent", "none"))
        roughness = c.number(raw, "roughness", path, 0)
        fill_style = c.string(raw, "fillStyle", path, "solid")
        dash = c.string(raw, "strokeStyle", path, "solid")
        fields: dict[str, Any] = {
            "stroke": stroke or DEFAULT_STYLE.stroke, "fill": fill or DEFAULT_STYLE.fill,
            "stroke_width": min(1000.0, max(0.0, c.number(raw, "strokeWidth", path, 2))),
            "dash": dash if dash in ("dashed", "dotted") else "solid",
            "opacity": min(1.0, max(0.0, c.number(raw, "opacity", path, 100) / 100)),
            "sketch": 2 if roughness >= 2 else (1 if roughness > 0 else 0),
            "fill_style": "cross-hatch" if fill_style == "cross-hatch" else (
                "hachure" if fill_style in _HATCHED else "solid"),
        }
        if text is not None:
            tpath = path if text is raw else f"{path}<bound text {text.get('id')}>"
            tcolor = color(c.string(text, "strokeColor", tpath, "#1e1e1e"))
            if tcolor and tcolor != "none":
                fields["text_color"] = tcolor
            fields["font_size"] = min(2000.0, max(1.0, c.number(text, "fontSize", tpath, 20)))
            family = int(c.number(text, "fontFamily", tpath, 1))
            fields["font_family"] = FONT_FAMILIES.get(family, "Virgil")
            fields["text_wrap"] = "none"  # Excalidraw's `text` is wrapped already: never wrap it again
            align = c.string(text, "textAlign", tpath, "center" if text is not raw else "left")
            fields["text_align"] = align if align in ("left", "center", "right") else "center"
            valign = c.string(text, "verticalAlign", tpath, "middle" if text is not raw else "top")
            fields["vertical_align"] = valign if valign in ("top", "middle", "bottom") else "middle"
        return make_style(fields)

    def _text_of(self, text_el: dict[str, Any], path: str) -> str:
        """The text as Excalidraw draws it: `text` holds its author's line breaks and Excalidraw's own soft
        wraps for the container's width, which we keep rather than wrap again with other metrics
        (`originalText`, without the soft wraps, only when `text` is missing)."""
        shown = text_el.get("text")
        if isinstance(shown, str):
            return shown
        original = text_el.get("originalText")
        if isinstance(original, str):
            return original
        return self.check.string(text_el, "text", path, "")

    def _node(self, raw: dict[str, Any], path: str) -> Element | None:
        c = self.check
        etype = raw["type"]
        custom = _custom(raw)
        text_el = self.bound_text.get(raw["id"])
        text = self._text_of(text_el, path) if text_el is not None else ""
        common: dict[str, Any] = {
            "id": raw["id"], "x": c.number(raw, "x", path, 0), "y": c.number(raw, "y", path, 0),
            "w": abs(c.number(raw, "width", path, 0)), "h": abs(c.number(raw, "height", path, 0)),
            "rotation": round(math.degrees(c.number(raw, "angle", path, 0)), 6) % 360,
            "locked": raw.get("locked") is True,
            "link": c.string(raw, "link", path, "") if raw.get("link") is not None else "",
        }
        if etype in ("arrow", "line"):
            return self._line(raw, path, common, custom)
        if etype == "freedraw":
            pts = c.points(raw, path)
            # Excalidraw draws freehand strokes smooth whatever their roughness: they are hand-drawn already.
            style = self._style(raw, path, None).with_(sketch=0, fill_style="solid")
            return Path(points=tuple(pts), closed=custom.get("closed") is True, style=style, **common)
        if etype not in _NODE_TYPES:
            self.warn(f"Excalidraw elements of type {etype!r} are not supported and were skipped")
            return None
        style = self._style(raw, path, text_el if etype != "text" else raw)
        if etype == "text":
            body = self._text_of(raw, path)
            return Text(text=body, auto_size=False, style=style.with_(fill="none", stroke="none"), **common)
        if etype in ("frame", "magicframe"):
            name = c.string(raw, "name", path, "") if raw.get("name") is not None else ""
            # Excalidraw draws every frame alike: a thin grey outline, never rough, whatever its own colours.
            frame_style = style.with_(stroke=FRAME_STROKE, fill="none", stroke_width=1.0, sketch=0,
                                      fill_style="solid", corner_radius=8.0)
            return Frame(text=name or "Frame", style=frame_style, **common)
        if etype == "image":
            return self._image(raw, path, common, style, text)
        if custom.get("kind") == "icon" and isinstance(custom.get("icon"), str):
            return Icon(icon=custom["icon"], text=text, style=style, **common)
        shape = _SHAPE_TYPES.get(etype, "rectangle")
        wanted = custom.get("shape")
        if isinstance(wanted, str) and wanted in SHAPES and shape_type(wanted) == etype:
            shape = wanted
        rounded = raw.get("roundness") is not None or raw.get("strokeSharpness") == "round"
        if etype == "rectangle" and rounded:
            if shape == "rectangle":
                shape = "rounded"
            roundness = raw.get("roundness")
            kind = roundness.get("type") if isinstance(roundness, dict) else 3
            value = roundness.get("value") if isinstance(roundness, dict) else None
            side = min(common["w"], common["h"])
            radius = value if isinstance(value, (int, float)) and kind == 3 and value else (
                min(32.0, side * 0.25) if kind == 3 else side * 0.25)
            style = style.with_(corner_radius=float(max(0.0, min(1e6, radius))))
        return Shape(shape=shape, text=text, style=style, **common)

    def _image(self, raw: dict[str, Any], path: str, common: dict[str, Any], style: Style, text: str) -> Element:
        file_id = raw.get("fileId")
        entry = self.files.get(file_id) if isinstance(file_id, str) else None
        url = entry.get("dataURL") if isinstance(entry, dict) else None
        if not isinstance(url, str):
            self.warn("an Excalidraw image has no file data in the scene; its bytes are missing")
            sha = _custom(raw).get("sha256")
            return Image(sha256=sha if isinstance(sha, str) else "", text=text, style=style, **common)
        sha, mime, data, warning = image_fields(url)
        if warning:
            self.warn(warning)
        return Image(sha256=sha, mime=mime, data=tuple(data), text=text, style=style, **common)

    # ----------------------------------------------------------------- lines
    def _line(self, raw: dict[str, Any], path: str, common: dict[str, Any], custom: dict[str, Any]) -> Element:
        c = self.check
        pts = c.points(raw, path) or [(0.0, 0.0), (common["w"], common["h"])]
        if len(pts) == 1:
            pts.append(pts[0])
        x0, y0 = common["x"], common["y"]
        absolute = [(x0 + px, y0 + py) for px, py in pts]
        style = self._style(raw, path, self.bound_text.get(raw["id"]))
        if raw["type"] == "line" and (raw.get("polygon") is True or custom.get("kind") == "path"
                                      or _filled_loop(pts, style)):
            closed = raw.get("polygon") is True or _filled_loop(pts, style)
            return Path(points=tuple(pts), closed=closed, style=style, **common)
        start = self._arrowhead(raw.get("startArrowhead"), custom.get("start_arrow"))
        end = self._arrowhead(raw.get("endArrowhead"), custom.get("end_arrow"))
        roundness = raw.get("roundness")
        if raw.get("elbowed") is True:
            routing = "orthogonal"
        elif isinstance(roundness, dict) and roundness.get("type") == 2 and len(pts) > 2:
            routing = "curved"  # Excalidraw's round arrows curve through their points; two points make a line
        else:
            routing = "straight"
        if custom.get("routing") in ("straight", "orthogonal", "curved"):
            routing = custom["routing"]
        labels: list[ConnectorLabel] = []
        text_el = self.bound_text.get(raw["id"])
        text = self._text_of(text_el, path) if text_el is not None else ""
        stored = custom.get("labels")
        if isinstance(stored, list) and all(isinstance(s, dict) and isinstance(s.get("text"), str) for s in stored):
            labels = [ConnectorLabel(s["text"], _fraction(s.get("position"), 0.5), _fraction(s.get("offset"), 0.0, 1e6))
                      for s in stored]
            if labels and text:
                labels[0] = ConnectorLabel(text, labels[0].position, labels[0].offset)
        elif text:
            labels = [ConnectorLabel(text)]
        common = {**common, "x": 0.0, "y": 0.0, "w": 0.0, "h": 0.0}
        return Connector(source=Endpoint(x=absolute[0][0], y=absolute[0][1]),
                         target=Endpoint(x=absolute[-1][0], y=absolute[-1][1]),
                         waypoints=tuple(absolute[1:-1]), routing=routing, start_arrow=start, end_arrow=end,
                         labels=tuple(labels), style=style, **common)

    def _arrowhead(self, value: Any, stored: Any) -> str:
        ours = ARROWHEADS_FROM_EXCALIDRAW.get(value) if value is None or isinstance(value, str) else None
        if ours is None:
            self.warn("unknown Excalidraw arrowheads were drawn as plain arrows")
            return "arrow"
        if isinstance(stored, str) and stored in ARROWHEADS and arrowhead_to_excalidraw(stored) == value:
            return stored
        return ours

    def _bind(self, element: Connector, raw: dict[str, Any], path: str) -> Connector:
        ours = bool(_custom(raw))  # our own files keep floating ends floating
        source = self._binding(raw.get("startBinding"), element.source, ours)
        target = self._binding(raw.get("endBinding"), element.target, ours)
        data = dict(element.data)
        for key, end, binding in (("binding.gap.start", source, raw.get("startBinding")),
                                  ("binding.gap.end", target, raw.get("endBinding"))):
            gap = binding.get("gap") if isinstance(binding, dict) else None
            if end.element and not ours and isinstance(gap, (int, float)) and _finite(gap) and gap > 1:
                data[key] = f"{min(float(gap), 50.0):g}"  # Excalidraw stops arrows short of their shapes
        return element.evolve(source=source, target=target, data=tuple(sorted(data.items())))  # type: ignore[return-value]

    def _binding(self, binding: Any, free: Endpoint, ours: bool = False) -> Endpoint:
        if not isinstance(binding, dict) or not isinstance(binding.get("elementId"), str):
            return free
        target = binding["elementId"]
        container = self.raw_by_id.get(target, {}).get("containerId")
        if target not in self.kinds and isinstance(container, str):
            target = container  # bound to a shape's label: bind to the shape
        if self.kinds.get(target) not in NODE_KINDS:
            return free
        fixed = binding.get("fixedPoint")
        if isinstance(fixed, list) and len(fixed) == 2 and all(_finite(v) for v in fixed):
            side, ratio = constraint_side(float(fixed[0]), float(fixed[1]))
            return Endpoint(element=target, side=side, ratio=ratio)
        near = None if ours else self._side_near(target, free.x, free.y)
        if near is not None:
            # Excalidraw draws a bound arrow at its stored points, a little off the shape: bind to the side
            # nearest that point so the arrow leaves and arrives where Excalidraw drew it.
            return Endpoint(element=target, side=near[0], ratio=near[1])
        return Endpoint(element=target)

    def _side_near(self, target: str, x: float, y: float) -> tuple[str, float] | None:
        """The side of `target`'s box nearest (x, y) and the ratio along it; None for a turned or empty box."""
        raw = self.raw_by_id.get(target, {})
        bx, by, bw, bh = (raw.get(k) for k in ("x", "y", "width", "height"))
        if not all(_finite(v) for v in (bx, by, bw, bh, x, y)) or not (bw and bh) or raw.get("angle"):
            return None
        fx, fy = (x - bx) / abs(bw), (y - by) / abs(bh)  # type: ignore[operator]
        if 0.0 < fx < 1.0 and 0.0 < fy < 1.0:
            return None  # the arrow ends inside the shape: let it float to the outline
        return constraint_side(fx, fy)


#: How near a line's last point must come to its first for Excalidraw to treat the line as a closed loop.
LOOP_CLOSE = 8.0


def _filled_loop(pts: list[tuple[float, float]], style: Style) -> bool:
    """A line whose ends meet and that has a fill: Excalidraw draws it as a filled closed shape."""
    return (len(pts) >= 3 and style.fill not in ("none", "")
            and math.dist(pts[0], pts[-1]) <= LOOP_CLOSE)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fraction(value: Any, default: float, limit: float = 1.0) -> float:
    if not _finite(value):
        return default
    return float(max(-limit if limit > 1 else 0.0, min(limit, value)))


def shape_type(shape: str) -> str:
    """The Excalidraw element type that draws one of our shapes (its definition says which)."""
    return definition(shape).excalidraw


def arrowhead_to_excalidraw(name: str) -> str | None:
    """Our arrowhead as Excalidraw's (the closest one where Excalidraw has no equal)."""
    exact = {v: k for k, v in ARROWHEADS_FROM_EXCALIDRAW.items() if k != "dot"}
    if name in exact:
        return exact[name]
    return {"cross": "bar", "half_arrow": "arrow", "crow_zero_one": "crowfoot_one",
            "crow_zero_many": "crowfoot_many", "arrow": "arrow"}.get(name, "arrow")


class _GroupBuilder:
    """Excalidraw's `groupIds` (innermost first) as nested Group elements, each placed before its first member."""

    def __init__(self, element_ids: set[str], kinds: dict[str, str]) -> None:
        self.taken = element_ids
        self.kinds = kinds
        self.names: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}

    def _name(self, gid: str) -> str:
        if gid not in self.names:
            name = gid
            while name in self.taken:
                name = f"group:{name}"
            self.names[gid] = name
        return self.names[gid]

    def _frame(self, raw: dict[str, Any]) -> str | None:
        """The frame holding an element; a frame inside a frame (ours only) is noted in customData."""
        frame = raw.get("frameId")
        if frame is None and raw.get("type") in ("frame", "magicframe"):
            frame = _custom(raw).get("frame")
        return frame if isinstance(frame, str) and self.kinds.get(frame) == "frame" and frame != raw["id"] else None

    def _chain(self, raw: dict[str, Any], path: str, check: Checker) -> list[str]:
        ids = raw.get("groupIds")
        if ids is None:
            return []
        if not isinstance(ids, list) or not all(isinstance(g, str) for g in ids):
            check.fail("`groupIds` must be a list of strings", f"{path}.groupIds")
            return []
        return [self._name(g) for g in dict.fromkeys(ids)]

    def _creates_cycle(self, child: str, parent: str) -> bool:
        seen: set[str] = set()
        current: str | None = parent
        while current is not None and current not in seen:
            if current == child:
                return True
            seen.add(current)
            current = self.parents.get(current)
        return False

    def before(self, raw: dict[str, Any], path: str, check: Checker) -> list[Element]:
        """New Group elements this element's chain introduces, outermost first."""
        chain = self._chain(raw, path, check)
        raw["_chain"] = chain
        new: list[Element] = []
        for i in range(len(chain) - 1, -1, -1):
            gid = chain[i]
            if gid in self.parents:
                continue
            outer = chain[i + 1] if i + 1 < len(chain) else self._frame(raw)
            if outer is not None and self._creates_cycle(gid, outer):
                outer = None
            self.parents[gid] = outer
            new.append(Group(id=gid, parent=outer))
        return new

    def parent_of(self, raw: dict[str, Any]) -> str | None:
        chain: list[str] = raw.get("_chain", [])
        return chain[0] if chain else self._frame(raw)
