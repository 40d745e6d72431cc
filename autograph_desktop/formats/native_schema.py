"""The `.autograph` file schema (pydantic): what a valid file holds, checked field by field."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from autograph_desktop.model.style import DASHES, LABEL_POSITIONS, TEXT_ALIGNS, VERTICAL_ALIGNS, is_color

SCHEMA_VERSION = 2
FORMAT_NAME = "autograph"

Coord = Annotated[float, Field(allow_inf_nan=False, ge=-1e9, le=1e9)]
Size = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e9)]
ShortText = Annotated[str, Field(max_length=1_000_000)]
Point = tuple[Coord, Coord]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StyleModel(_Strict):
    fill: str = "ink"
    stroke: str = "ink"
    stroke_width: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] = 2.0
    dash: Literal[DASHES] = "solid"  # type: ignore[valid-type]
    opacity: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    fill_opacity: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    stroke_opacity: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    text_opacity: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    dash_pattern: Annotated[str, Field(max_length=100, pattern=r"^[0-9. ]*$")] = ""
    shadow: bool = False
    glass: bool = False
    label_position: Literal[LABEL_POSITIONS] = "auto"  # type: ignore[valid-type]
    label_background: str = "none"
    label_border: str = "none"
    label_dx: Annotated[float, Field(ge=-1e5, le=1e5, allow_inf_nan=False)] = 0.0
    label_dy: Annotated[float, Field(ge=-1e5, le=1e5, allow_inf_nan=False)] = 0.0
    text_vertical: bool = False
    line_jumps: Literal["", "arc", "gap", "sharp"] = ""
    line_jump_size: Annotated[float, Field(ge=1, le=200, allow_inf_nan=False)] = 6.0
    corner_radius: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = 0.0
    font_family: Annotated[str, Field(max_length=200)] = "DejaVu Sans"
    font_size: Annotated[float, Field(gt=0, le=2000, allow_inf_nan=False)] = 16.0
    font_weight: Annotated[int, Field(ge=1, le=1000)] = 400
    font_italic: bool = False
    text_color: str = "ink"
    text_align: Literal[TEXT_ALIGNS] = "center"  # type: ignore[valid-type]
    vertical_align: Literal[VERTICAL_ALIGNS] = "middle"  # type: ignore[valid-type]

    @field_validator("fill", "stroke", "text_color", "label_background", "label_border")
    @classmethod
    def _colour(cls, value: str) -> str:
        if not is_color(value):
            raise ValueError(f"{value!r} is not a colour (a palette name, #rrggbb or none)")
        return value


class EndpointModel(_Strict):
    element: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    side: Literal["top", "right", "bottom", "left"] | None = None
    ratio: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.5
    x: Coord = 0.0
    y: Coord = 0.0


class LabelModel(_Strict):
    text: ShortText
    position: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.5
    offset: Coord = 0.0


class _ElementModel(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=200)]
    x: Coord = 0.0
    y: Coord = 0.0
    w: Size = 0.0
    h: Size = 0.0
    rotation: Annotated[float, Field(allow_inf_nan=False)] = 0.0
    z: Annotated[str, Field(max_length=10_000)] = ""
    parent: Annotated[str, Field(max_length=200)] | None = None
    style: StyleModel = StyleModel()
    text: ShortText = ""
    locked: bool = False
    hidden: bool = False
    link: Annotated[str, Field(max_length=10_000)] = ""
    data: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=1_000_000)]] = Field(
        default_factory=dict
    )


class ShapeModel(_ElementModel):
    kind: Literal["shape"]
    shape: Annotated[str, Field(min_length=1, max_length=100)] = "rectangle"


class TextModel(_ElementModel):
    kind: Literal["text"]
    auto_size: bool = True


class IconModel(_ElementModel):
    kind: Literal["icon"]
    icon: Annotated[str, Field(max_length=500)] = ""


class ImageModel(_ElementModel):
    kind: Literal["image"]
    sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""
    mime: Annotated[str, Field(max_length=100)] = "image/png"


class FrameModel(_ElementModel):
    kind: Literal["frame"]
    collapsed: bool = False


class PathModel(_ElementModel):
    kind: Literal["path"]
    points: Annotated[list[Point], Field(max_length=1_000_000, default_factory=list)]
    closed: bool = False


class ConnectorModel(_ElementModel):
    kind: Literal["connector"]
    source: EndpointModel = EndpointModel()
    target: EndpointModel = EndpointModel()
    routing: Literal["straight", "orthogonal", "curved"] = "straight"
    waypoints: Annotated[list[Point], Field(max_length=100_000, default_factory=list)]
    start_arrow: Annotated[str, Field(max_length=50)] = "none"
    end_arrow: Annotated[str, Field(max_length=50)] = "arrow"
    labels: Annotated[list[LabelModel], Field(max_length=1000, default_factory=list)]


class GroupModel(_ElementModel):
    kind: Literal["group"]


ElementModel = Annotated[
    ShapeModel | TextModel | IconModel | ImageModel | FrameModel | PathModel | ConnectorModel | GroupModel,
    Field(discriminator="kind"),
]


class MetaModel(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=200)]
    title: Annotated[str, Field(max_length=10_000)] = "Untitled diagram"
    kind: Annotated[str, Field(max_length=100)] = "freeform"
    created: Annotated[str, Field(max_length=100)] = ""
    updated: Annotated[str, Field(max_length=100)] = ""
    theme: Literal["light", "dark"] = "light"
    background: str = ""
    source: Annotated[str, Field(max_length=20_000_000)] = ""
    source_kind: Annotated[str, Field(max_length=100)] = ""

    @field_validator("background")
    @classmethod
    def _background(cls, value: str) -> str:
        if value and not is_color(value):
            raise ValueError(f"{value!r} is not a colour")
        return value


class FileModel(_Strict):
    format: Literal["autograph"]
    schema_version: Literal[2]
    diagram: MetaModel
    elements: Annotated[list[ElementModel], Field(max_length=2_000_000)]
