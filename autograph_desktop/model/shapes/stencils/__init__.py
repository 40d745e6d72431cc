"""draw.io stencils as shape definitions: the registry, how a draw.io style picks one, and turned or
mirrored variants.

A stencil kind is named after what it draws (`flowchart.manual_input`, `bpmn.gateway.parallel`,
`device.router`); a turned or mirrored one adds `@` and the transform (`arrows2.arrow@south`,
`flowchart.delay@fliph`), so that the painter, the SVG writer, hit tests and connector ends all follow
the very figure draw.io shows without knowing anything of draw.io.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from autograph_desktop.model.shapes.base import Box, ShapeDef
from autograph_desktop.model.shapes.paths import Command, Commands, Outline
from autograph_desktop.model.shapes.stencils import (
    arrows,
    bpmn,
    devices,
    flowchart,
    groups,
    mockup,
    people,
    uml,
)
from autograph_desktop.model.shapes.stencils.sketch import IconStencil, Pen, StencilShape

#: Every fixed stencil definition (BPMN and cloud groups are made per parameter on first use).
FIXED: tuple[StencilShape, ...] = (*flowchart.DEFS, *arrows.DEFS, *uml.DEFS, *people.DEFS, *devices.GLYPHS,
                                   *mockup.DEFS)
STENCIL_DEFS: dict[str, StencilShape] = {d.name: d for d in FIXED}
#: draw.io names (full stencil names, or core shape names) -> our kind.
BY_DRAWIO: dict[str, str] = {}
for _d in FIXED:
    for _s in _d.stencils:
        BY_DRAWIO.setdefault(_s, _d.name)
_LOWER = {k.lower(): v for k, v in BY_DRAWIO.items()}
DIRECTIONS = ("east", "south", "west", "north")


def stencil_kind(shape: str, values: Mapping[str, str], guess: bool = False) -> str | None:
    """Our kind for a draw.io shape name (`mxgraph.*` or a core name) and its style, with the style's
    `direction`/`flipH`/`flipV` as a variant; None when no stencil definition draws it. With `guess`,
    device and UI stencils are also recognised by the words in their names."""
    base = _base_kind(shape, values, guess)
    if base is None:
        return None
    turned = arrows.TURNED.get(shape)
    direction = values.get("direction", "east")
    if turned is not None:
        base, direction = turned
    return with_transform(base, direction, values.get("flipH") == "1", values.get("flipV") == "1")


def _base_kind(shape: str, values: Mapping[str, str], guess: bool) -> str | None:
    if shape in arrows.TURNED:
        return arrows.TURNED[shape][0]
    found = BY_DRAWIO.get(shape) or _LOWER.get(shape.lower())
    if found is not None:
        return found
    found = bpmn.bpmn_kind(shape, values) or groups.group_kind(shape, values)
    if found is not None or not guess:
        return found
    return devices.device_kind(shape) or mockup.ui_kind(shape)


def with_transform(kind: str, direction: str, flip_h: bool, flip_v: bool) -> str:
    """`kind` with a transform suffix (none for the plain east-facing, unmirrored figure)."""
    parts = [direction] if direction in DIRECTIONS[1:] else []
    parts += ["fliph"] if flip_h else []
    parts += ["flipv"] if flip_v else []
    return f"{kind}@{','.join(parts)}" if parts else kind


@lru_cache(maxsize=1024)
def stencil_definition(kind: str) -> ShapeDef | None:
    """The definition for a stencil kind name (with or without a transform), or None."""
    base_name, _, transform = kind.partition("@")
    base = STENCIL_DEFS.get(base_name) or bpmn.bpmn_definition(base_name) or groups.group_definition(base_name)
    if base is None:
        return None
    if not transform:
        return base
    steps = transform.split(",")
    if any(step not in (*DIRECTIONS, "fliph", "flipv") for step in steps):
        return None
    direction = next((s for s in steps if s in DIRECTIONS), "east")
    return _transformed(base, kind, direction, "fliph" in steps, "flipv" in steps)


def _transformed(base: StencilShape, kind: str, direction: str, flip_h: bool, flip_v: bool) -> ShapeDef:
    """A definition drawing `base` turned to `direction` (draw.io turns the figure inside the same box)
    and then mirrored."""
    quarter = DIRECTIONS.index(direction)

    class Transformed(type(base)):  # type: ignore[misc]
        name = kind
        drawio = base.drawio + (f";direction={direction}" if quarter else "") + (";flipH=1" if flip_h else "") + (
            ";flipV=1" if flip_v else "")

        def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
            sw, sh = (h, w) if quarter % 2 else (w, h)
            body, detail, marks = base.parts(Pen(0.0, 0.0, sw, sh))

            def move(commands: Commands) -> Commands:
                return [_moved(c, quarter, flip_h, flip_v, x, y, w, h) for c in commands]

            return Outline(move(body), move(detail), marks=move(marks))

        def text_box(self, x: float, y: float, w: float, h: float) -> Box:
            return base.text_box(x, y, w, h) if quarter % 2 == 0 else ShapeDef.text_box(self, x, y, w, h)

    return Transformed()


def _moved(cmd: Command, quarter: int, flip_h: bool, flip_v: bool, x: float, y: float, w: float, h: float) -> Command:
    """One command from the turned figure's own frame into the box: turn by quarters, then mirror."""
    out: list[object] = [cmd[0]]
    for i in range(1, len(cmd), 2):
        px, py = cmd[i], cmd[i + 1]
        if quarter == 1:  # south: a quarter turn clockwise
            px, py = w - py, px
        elif quarter == 2:
            px, py = w - px, h - py
        elif quarter == 3:  # north
            px, py = py, h - px
        if flip_h:
            px = w - px
        if flip_v:
            py = h - py
        out += [x + px, y + py]
    return tuple(out)


__all__ = ["BY_DRAWIO", "FIXED", "STENCIL_DEFS", "IconStencil", "StencilShape", "stencil_definition", "stencil_kind",
           "with_transform"]
