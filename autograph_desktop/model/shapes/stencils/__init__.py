"""draw.io stencils as shape definitions: the registry, how a draw.io style picks one, and turned or
mirrored variants.

A stencil kind is named after what it draws (`flowchart.manual_input`, `bpmn.gateway.parallel`,
`device.router`); a turned or mirrored one carries its transform (`arrows2.arrow@turn1`, see `variants`),
so that the painter, the SVG writer, hit tests and connector ends all follow the very figure draw.io
shows without knowing anything of draw.io.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from autograph_desktop.model.shapes.stencils import (
    arrows,
    bpmn,
    devices,
    flowchart,
    groups,
    mockup,
    people,
    signs,
    uml,
)
from autograph_desktop.model.shapes.stencils.sketch import IconStencil, StencilShape
from autograph_desktop.model.shapes.variants import DIRECTION_TURNS, variant_name

#: Every fixed stencil definition (BPMN and cloud groups are made per parameter on first use).
FIXED: tuple[StencilShape, ...] = (*flowchart.DEFS, *arrows.DEFS, *uml.DEFS, *people.DEFS, *devices.GLYPHS,
                                   *mockup.DEFS, *signs.DEFS, *groups.EXTRAS)
STENCIL_DEFS: dict[str, StencilShape] = {d.name: d for d in FIXED}
#: draw.io names (full stencil names, or core shape names) -> our kind.
BY_DRAWIO: dict[str, str] = {}
for _d in FIXED:
    for _s in _d.stencils:
        BY_DRAWIO.setdefault(_s, _d.name)
_LOWER = {k.lower(): v for k, v in BY_DRAWIO.items()}


def stencil_kind(shape: str, values: Mapping[str, str], guess: bool = False) -> str | None:
    """Our kind for a draw.io shape name (`mxgraph.*` or a core name) and its style, with the style's
    `direction`/`flipH`/`flipV` as a variant; None when no stencil definition draws it. With `guess`,
    device and UI stencils are also recognised by the words in their names."""
    base = _base_kind(shape, values, guess)
    if base is None:
        return None
    direction = values.get("direction", "east")
    if shape in arrows.TURNED:
        base, direction = arrows.TURNED[shape]
    return variant_name(base, DIRECTION_TURNS.get(direction, 0), values.get("flipH") == "1",
                        values.get("flipV") == "1")


def _base_kind(shape: str, values: Mapping[str, str], guess: bool) -> str | None:
    if shape in arrows.TURNED:
        return arrows.TURNED[shape][0]
    found = BY_DRAWIO.get(shape) or _LOWER.get(shape.lower())
    if found is not None:
        return found
    if shape in ("partialRectangle", "tableRow"):
        return uml.partial_kind(values)
    if shape == "ext":
        return "core.doubleRect" if values.get("double") == "1" else None
    found = bpmn.bpmn_kind(shape, values) or groups.group_kind(shape, values)
    if found is not None or not guess:
        return found
    # A tile naming its device in `prIcon` (Cisco 2019, Kubernetes...): recognised by that name.
    named = f"{shape}.{values['prIcon']}" if values.get("prIcon") else shape
    return devices.device_kind(named) or mockup.ui_kind(shape) or signs.sign_kind(shape)


@lru_cache(maxsize=1024)
def stencil_definition(kind: str) -> StencilShape | None:
    """The definition for a stencil kind name (turned variants are made by `variants`), or None."""
    return (STENCIL_DEFS.get(kind) or bpmn.bpmn_definition(kind) or groups.group_definition(kind)
            or uml.partial_definition(kind))


__all__ = ["BY_DRAWIO", "FIXED", "STENCIL_DEFS", "IconStencil", "StencilShape", "stencil_definition", "stencil_kind"]
