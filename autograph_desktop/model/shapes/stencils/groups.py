"""Cloud group boxes: AWS's `mxgraph.aws4.group` (and `groupCenter`) with its header icon (`grIcon`), drawn as a
box with the group's glyph in its top left corner in the border colour, as AWS's architecture icons show."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import Parts, Pen, StencilShape
from autograph_desktop.model.style import DEFAULT_STYLE

_AWS4 = "mxgraph.aws4."
#: The header icon's size in pixels (draw.io draws it 25 px square whatever the group's size).
ICON = 25.0
#: grIcon names -> the glyph drawn in the header.
GLYPHS: dict[str, str] = {
    "group_aws_cloud": "cloud", "group_aws_cloud_alt": "cloud", "group_vpc": "cloud_lock", "group_vpc2": "cloud_lock",
    "group_region": "flag", "group_availability_zone": "", "group_security_group": "lock", "group_subnet": "lock",
    "group_public_subnet": "lock", "group_private_subnet": "lock", "group_auto_scaling_group": "arrows",
    "group_account": "person", "group_corporate_data_center": "building", "group_on_premise": "building",
    "group_ec2_instance_contents": "chip", "group_spot_fleet": "chip", "group_elastic_beanstalk": "chip",
    "group_aws_step_functions_workflow": "steps", "group_iot_greengrass": "chip", "group_iot_greengrass_deployment":
        "chip", "group_server_contents": "building",
}


#: Glyphs AWS draws bare, in the border colour; the others are cut out of a tile of that colour.
_BARE = frozenset({"flag", "arrows"})


def _glyph(p: Pen, name: str) -> Commands:
    """A header icon as solid marks in a box of ICON px at the top left: a tile with the glyph cut out
    (marks fill even-odd, so the glyph shows what is behind), or the bare glyph."""
    sub = Pen(p.x, p.y, ICON, ICON)
    shape = _glyph_shape(sub, name)
    return shape if name in _BARE or not shape else sub.rect(0, 0, 1, 1) + shape


def _glyph_shape(sub: Pen, name: str) -> Commands:
    if name in ("cloud", "cloud_lock"):
        cloud = sub.curve((0.2, 0.75), ((0.02, 0.75), (0.02, 0.45), (0.25, 0.45)), ((0.25, 0.2), (0.6, 0.15), (0.65, 0.38)),
                          ((0.95, 0.3), (1.0, 0.75), (0.8, 0.75)), close=True)
        if name == "cloud_lock":
            cloud += sub.rect(0.4, 0.5, 0.2, 0.16)
        return cloud
    if name == "lock":
        return sub.rect(0.25, 0.45, 0.5, 0.4, 0.05) + sub.poly((0.33, 0.45), (0.33, 0.25), (0.67, 0.25), (0.67, 0.45),
                                                               (0.6, 0.45), (0.6, 0.32), (0.4, 0.32), (0.4, 0.45))
    if name == "flag":
        return sub.poly((0.25, 0.15), (0.32, 0.15), (0.32, 0.88), (0.25, 0.88)) + sub.poly((0.32, 0.18), (0.8, 0.3),
                                                                                           (0.32, 0.5))
    if name == "person":
        return sub.oval(0.5, 0.33, 0.15, 0.15) + sub.curve((0.22, 0.85), ((0.22, 0.55), (0.78, 0.55), (0.78, 0.85)),
                                                           close=True)
    if name == "building":
        return sub.poly((0.2, 0.15), (0.6, 0.15), (0.6, 0.4), (0.8, 0.4), (0.8, 0.85), (0.2, 0.85))
    if name == "chip":
        return sub.rect(0.25, 0.25, 0.5, 0.5, 0.05)
    if name == "arrows":
        return sub.poly((0.5, 0.1), (0.65, 0.3), (0.55, 0.3), (0.55, 0.7), (0.65, 0.7), (0.5, 0.9), (0.35, 0.7),
                        (0.45, 0.7), (0.45, 0.3), (0.35, 0.3))
    if name == "steps":
        return sub.rect(0.2, 0.2, 0.25, 0.25) + sub.rect(0.55, 0.55, 0.25, 0.25)
    return []


class AwsGroup(StencilShape):
    """A group box with its header glyph; the label goes right of the glyph, at the top."""

    name = "aws4.group"
    stencils = (_AWS4 + "group", _AWS4 + "groupCenter")
    drawio = f"shape={_AWS4}group;grIcon={_AWS4}group_aws_cloud;verticalAlign=top;align=left;spacingLeft=30"
    default_size = (320.0, 200.0)
    default_style = DEFAULT_STYLE.with_(fill="none", stroke="green", text_align="left", vertical_align="top",
                                        label_dx=30.0)
    glyph = ""

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1), [], _glyph(p, self.glyph) if self.glyph else [])

    def hit_outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Commands:
        return Pen(x, y, max(w, 0.0), max(h, 0.0)).rect(0, 0, 1, 1)

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        # draw.io moves the label past the icon with `spacingLeft=30` (our label_dx): the box is the group's.
        return (x + 2, y + 4, max(w - 4, 1.0), max(h - 8, 1.0))


def group_kind(stencil: str, values: Mapping[str, str]) -> str | None:
    if stencil not in AwsGroup.stencils:
        return None
    icon = values.get("grIcon", "").rsplit(".", 1)[-1]
    glyph = GLYPHS.get(icon, "")
    return f"aws4.group.{glyph}" if glyph else "aws4.group"


@lru_cache(maxsize=32)
def group_definition(kind: str) -> StencilShape | None:
    if kind == "aws4.group":
        return AwsGroup()
    glyph = kind.removeprefix("aws4.group.")
    if not kind.startswith("aws4.group.") or glyph not in set(GLYPHS.values()):
        return None
    icon = next(k for k, v in GLYPHS.items() if v == glyph)
    cls = type("AwsGroup_" + glyph, (AwsGroup,), {
        "name": kind, "glyph": glyph,
        "drawio": f"shape={_AWS4}group;grIcon={_AWS4}{icon};verticalAlign=top;align=left;spacingLeft=30"})
    return cls()  # type: ignore[no-any-return]


class DoubleRect(StencilShape):
    """Two boxes, one behind the other (GCP's "multiple instances" card)."""

    name = "gcp2.doubleRect"
    stencils = ("mxgraph.gcp2.doubleRect",)
    drawio = "shape=mxgraph.gcp2.doubleRect"

    def parts(self, p: Pen) -> Parts:
        dx, dy = min(8 / max(p.w, 1e-9), 0.1), min(8 / max(p.h, 1e-9), 0.1)
        return (p.rect(0, 0, 1 - dx, 1 - dy), p.line((dx, 1 - dy), (dx, 1), (1, 1), (1, dy), (1 - dx, dy)), [])


EXTRAS: tuple[StencilShape, ...] = (DoubleRect(),)
