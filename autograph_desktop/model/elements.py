"""Element records: plain, immutable data for every kind of thing on a diagram.

Behaviour per kind lives elsewhere (`shapes` defines each kind's outline, hits, anchors and label box);
here is only what is stored, saved and synced. Records are frozen so that an operation's before/after values can never change under it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from autograph_desktop.model.geometry import Rect
from autograph_desktop.model.shapes import SHAPE_KINDS
from autograph_desktop.model.style import DEFAULT_STYLE, Style

#: Every shape kind (`Shape.shape`): the registry of shape definitions is the one list of them.
SHAPES: tuple[str, ...] = SHAPE_KINDS
ROUTINGS: tuple[str, ...] = ("straight", "orthogonal", "curved")
ARROWHEADS: tuple[str, ...] = (
    "none", "arrow", "triangle", "open_triangle", "diamond", "open_diamond", "circle", "open_circle",
    "bar", "cross", "half_arrow", "crow_one", "crow_many", "crow_zero_one", "crow_one_many", "crow_zero_many",
    "open_arrow",
)
SIDES: tuple[str, ...] = ("top", "right", "bottom", "left")


def _num(value: float) -> float | int:
    """Whole numbers are written without `.0`, so files read the same whatever produced them."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a connector: bound to an element (on a side at a ratio, or floating), or a free point.

    With `element` set and `side` None the end floats: it leaves the element's outline toward the other
    end, as draw.io's floating connections do. `x`/`y` are used only for a free end.
    """

    element: str | None = None
    side: str | None = None
    ratio: float = 0.5
    x: float = 0.0
    y: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        if self.element is None:
            return {"x": _num(self.x), "y": _num(self.y)}
        out: dict[str, Any] = {"element": self.element}
        if self.side is not None:
            out["side"] = self.side
            out["ratio"] = self.ratio
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Endpoint:
        return Endpoint(data.get("element"), data.get("side"), float(data.get("ratio", 0.5)),
                        float(data.get("x", 0.0)), float(data.get("y", 0.0)))


@dataclass(frozen=True, slots=True)
class ConnectorLabel:
    """Text along a connector: `position` 0..1 along its path, `offset` pixels off it."""

    text: str
    position: float = 0.5
    offset: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.position != 0.5:
            out["position"] = self.position
        if self.offset:
            out["offset"] = self.offset
        return out


@dataclass(frozen=True, slots=True)
class Element:
    """Fields every element has. `parent` is the group or frame holding it; `z` its fractional order key."""

    kind: ClassVar[str] = "element"
    id: str = field(default_factory=new_id)
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    rotation: float = 0.0
    z: str = ""
    parent: str | None = None
    style: Style = DEFAULT_STYLE
    text: str = ""
    locked: bool = False
    hidden: bool = False
    link: str = ""
    data: tuple[tuple[str, str], ...] = ()

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.w, self.h)

    def get(self, key: str, default: str = "") -> str:
        """A value from the free-form `data` pairs (layout hints, Mermaid ids, imported attributes)."""
        for k, v in self.data:
            if k == key:
                return v
        return default

    def evolve(self, **changes: Any) -> Element:
        return evolve(self, changes)


@dataclass(frozen=True, slots=True)
class Shape(Element):
    kind: ClassVar[str] = "shape"
    shape: str = "rectangle"


@dataclass(frozen=True, slots=True)
class Text(Element):
    kind: ClassVar[str] = "text"
    auto_size: bool = True


@dataclass(frozen=True, slots=True)
class Icon(Element):
    kind: ClassVar[str] = "icon"
    icon: str = ""


@dataclass(frozen=True, slots=True)
class Image(Element):
    kind: ClassVar[str] = "image"
    sha256: str = ""
    mime: str = "image/png"


@dataclass(frozen=True, slots=True)
class Frame(Element):
    """A titled container (title in `text`); members have `parent` set to the frame's id."""

    kind: ClassVar[str] = "frame"
    collapsed: bool = False


@dataclass(frozen=True, slots=True)
class Path(Element):
    """A freehand or polyline path; points are relative to (x, y)."""

    kind: ClassVar[str] = "path"
    points: tuple[tuple[float, float], ...] = ()
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Connector(Element):
    """A line between two endpoints; its geometry is computed from what it is attached to."""

    kind: ClassVar[str] = "connector"
    source: Endpoint = Endpoint()
    target: Endpoint = Endpoint()
    routing: str = "straight"
    waypoints: tuple[tuple[float, float], ...] = ()
    start_arrow: str = "none"
    end_arrow: str = "arrow"
    labels: tuple[ConnectorLabel, ...] = ()


@dataclass(frozen=True, slots=True)
class Group(Element):
    """A group has no geometry of its own: its members (by `parent`) define it."""

    kind: ClassVar[str] = "group"


KINDS: dict[str, type[Element]] = {
    cls.kind: cls for cls in (Shape, Text, Icon, Image, Frame, Path, Connector, Group)
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
#: Elements that connectors can attach to (the "nodes" of a drawn diagram).
NODE_KINDS: frozenset[str] = frozenset({"shape", "text", "icon", "image", "frame"})

_FIELD_NAMES: dict[type[Element], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in KINDS.values()
}
_FIELD_SETS_ALL: dict[type[Element], frozenset[str]] = {cls: frozenset(n) for cls, n in _FIELD_NAMES.items()}
_DEFAULTS: dict[type[Element], dict[str, Any]] = {}
for _cls in KINDS.values():
    _inst = _cls(id="")
    _DEFAULTS[_cls] = {name: getattr(_inst, name) for name in _FIELD_NAMES[_cls]}


def field_names(cls: type[Element]) -> tuple[str, ...]:
    return _FIELD_NAMES[cls]


def field_set(cls: type[Element]) -> frozenset[str]:
    return _FIELD_SETS_ALL[cls]


def _compile_copier(cls: type[Element], signature: str, value: Callable[[str], str]) -> Any:
    """A per-kind function `signature` that builds a copy by filling a new instance's slots directly, each
    field from the expression `value(name)`. Several times faster than `dataclasses.replace` (and twice as
    fast as the frozen constructor, which goes through `object.__setattr__` per field): a drag copies a
    thousand elements per mouse move."""
    namespace: dict[str, Any] = {"cls": cls, "new": object.__new__}
    lines = [f"def {signature}:", "    r = new(cls)"]
    for i, name in enumerate(_FIELD_NAMES[cls]):
        namespace[f"set{i}"] = getattr(cls, name).__set__
        lines.append(f"    set{i}(r, {value(name)})")
    lines.append("    return r")
    exec("\n".join(lines) + "\n", namespace)
    return namespace[signature.split("(")[0]]


#: Per kind, `evolve(old, changes)` and `moved(old, x, y)` (the one change a drag makes).
_EVOLVERS: dict[type[Element], Any] = {
    cls: _compile_copier(cls, "evolve(o, c)", lambda n: f"c[{n!r}] if {n!r} in c else o.{n}") for cls in KINDS.values()
}
_MOVERS: dict[type[Element], Any] = {
    cls: _compile_copier(cls, "moved(o, x, y)", lambda n: n if n in ("x", "y") else f"o.{n}") for cls in KINDS.values()
}


def moved(element: Element, x: float, y: float) -> Element:
    """A copy of `element` at (x, y)."""
    result: Element = _MOVERS[type(element)](element, x, y)
    return result


def evolve(element: Element, changes: dict[str, Any]) -> Element:
    """A copy of `element` with some fields changed (unknown names raise TypeError, like `replace`)."""
    unknown = changes.keys() - _FIELD_SETS_ALL[type(element)]
    if unknown:
        raise TypeError(f"{element.kind} has no field(s) {', '.join(sorted(unknown))}")
    result: Element = _EVOLVERS[type(element)](element, changes)
    return result


def encode_value(name: str, value: Any) -> Any:
    """A field value as plain JSON data (the form stored in files, rows, operations and sync)."""
    if name in ("x", "y", "w", "h", "rotation"):
        return _num(value)
    if name == "style":
        return value.to_dict()
    if name in ("source", "target"):
        return value.to_dict()
    if name == "labels":
        return [label.to_dict() for label in value]
    if name in ("points", "waypoints"):
        return [[_num(p[0]), _num(p[1])] for p in value]
    if name == "data":
        return {k: v for k, v in value}
    return value


def decode_value(name: str, value: Any) -> Any:
    """The inverse of `encode_value`; input is assumed validated (see formats.native_schema)."""
    if name == "style":
        return Style.from_dict(value)
    if name in ("source", "target"):
        return Endpoint.from_dict(value)
    if name == "labels":
        return tuple(ConnectorLabel(lbl["text"], float(lbl.get("position", 0.5)), float(lbl.get("offset", 0.0)))
                     for lbl in value)
    if name in ("points", "waypoints"):
        return tuple((float(p[0]), float(p[1])) for p in value)
    if name == "data":
        return tuple(sorted((str(k), str(v)) for k, v in value.items()))
    if name in ("x", "y", "w", "h", "rotation"):
        return value if type(value) is float else float(value)
    return value


def element_to_dict(element: Element) -> dict[str, Any]:
    """Stable, compact JSON form: `id`, `kind`, then only the fields that differ from defaults."""
    cls = type(element)
    defaults = _DEFAULTS[cls]
    out: dict[str, Any] = {"id": element.id, "kind": cls.kind}
    for name in _FIELD_NAMES[cls]:
        if name == "id":
            continue
        value = getattr(element, name)
        if value != defaults[name] or name == "z":
            out[name] = encode_value(name, value)
    return out


def _float(value: Any) -> float:
    return value if type(value) is float else float(value)


def _points(value: Any) -> tuple[tuple[float, float], ...]:
    return tuple((float(p[0]), float(p[1])) for p in value)


_DECODERS: dict[str, Any] = {
    "x": _float, "y": _float, "w": _float, "h": _float, "rotation": _float,
    "style": Style.from_dict,
    "source": Endpoint.from_dict, "target": Endpoint.from_dict,
    "labels": lambda v: decode_value("labels", v),
    "points": _points, "waypoints": _points,
    "data": lambda v: decode_value("data", v),
}
_FIELD_SETS: dict[type[Element], frozenset[str]] = {cls: frozenset(names) for cls, names in _FIELD_NAMES.items()}


def element_from_dict(data: dict[str, Any]) -> Element:
    """Build an element from its JSON form (validated beforehand by whoever read it)."""
    cls = KINDS[data["kind"]]
    names = _FIELD_SETS[cls]
    decoders = _DECODERS
    kwargs = {}
    for name, value in data.items():
        if name in names:
            decoder = decoders.get(name)
            kwargs[name] = value if decoder is None else decoder(value)
    return cls(**kwargs)
