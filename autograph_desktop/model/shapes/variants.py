"""Turned and mirrored kinds: `<kind>@turn1,fliph` draws `<kind>` turned by quarter turns clockwise inside
the same box, then mirrored, as draw.io's `direction`, `flipH` and `flipV` style keys do.

The transform is part of the kind's name, so the painter, the SVG writer, hit tests and connector ends
all follow the turned figure through the one definition, and an element stays plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from autograph_desktop.model.shapes.base import Box, ShapeDef
from autograph_desktop.model.shapes.paths import Command, Commands, Outline

TURNS = ("turn1", "turn2", "turn3")
#: draw.io's `direction` as quarter turns clockwise from its default, east.
DIRECTION_TURNS = {"east": 0, "south": 1, "west": 2, "north": 3}


def variant_name(kind: str, turns: int, flip_h: bool, flip_v: bool) -> str:
    """`kind` with its transform suffix (none for the plain figure)."""
    parts = [TURNS[turns % 4 - 1]] if turns % 4 else []
    parts += ["fliph"] if flip_h else []
    parts += ["flipv"] if flip_v else []
    return f"{kind}@{','.join(parts)}" if parts else kind


def split_variant(kind: str) -> tuple[str, int, bool, bool] | None:
    """(base kind, quarter turns, flip_h, flip_v) of a variant name, or None when it is not a valid one."""
    base, sep, transform = kind.partition("@")
    if not sep or not base:
        return None
    steps = transform.split(",")
    if (len(steps) > 3 or any(s not in (*TURNS, "fliph", "flipv") for s in steps) or len(set(steps)) != len(steps)
            or sum(s in TURNS for s in steps) > 1):
        return None
    turns = next((TURNS.index(s) + 1 for s in steps if s in TURNS), 0)
    return base, turns, "fliph" in steps, "flipv" in steps


def variant_definition(kind: str, lookup: Callable[[str], ShapeDef | None]) -> ShapeDef | None:
    """The definition of a variant name whose base kind `lookup` knows, or None."""
    found = split_variant(kind)
    if found is None:
        return None
    base = lookup(found[0])
    if base is None:
        return None
    return _transformed(base, kind, *found[1:])


@lru_cache(maxsize=1024)
def _transformed(base: ShapeDef, kind: str, turns: int, flip_h: bool, flip_v: bool) -> ShapeDef:
    suffix = (f";direction={('east', 'south', 'west', 'north')[turns]}" if turns else "") + (
        ";flipH=1" if flip_h else "") + (";flipV=1" if flip_v else "")

    class Transformed(type(base)):  # type: ignore[misc]
        name = kind
        drawio = base.drawio + suffix

        def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
            sw, sh = (h, w) if turns % 2 else (w, h)
            out = base.outline(0.0, 0.0, sw, sh, radius)

            def move(commands: Commands) -> Commands:
                return [_moved(c, turns, flip_h, flip_v, x, y, w, h) for c in commands]

            return Outline(move(out.body), move(out.detail), out.box_radius, out.is_ellipse, move(out.marks), out.unstroked)

        def hit_outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Commands:
            return ShapeDef.hit_outline(self, x, y, w, h, radius)

        def text_box(self, x: float, y: float, w: float, h: float) -> Box:
            if turns % 2 == 0:
                return base.text_box(x, y, w, h)
            return ShapeDef.text_box(self, x, y, w, h)

    return Transformed()


def _moved(cmd: Command, turns: int, flip_h: bool, flip_v: bool, x: float, y: float, w: float, h: float) -> Command:
    """One command from the turned figure's own frame into the box: turn by quarters, then mirror."""
    out: list[object] = [cmd[0]]
    for i in range(1, len(cmd), 2):
        px, py = cmd[i], cmd[i + 1]
        if turns == 1:  # a quarter turn clockwise: the figure's top edge becomes the box's right edge
            px, py = w - py, px
        elif turns == 2:
            px, py = w - px, h - py
        elif turns == 3:
            px, py = py, h - px
        if flip_h:
            px = w - px
        if flip_v:
            py = h - py
        out += [x + px, y + py]
    return tuple(out)
