"""Diagrams for the render tests and the showcase pictures: every shape, arrowhead and text feature."""

from __future__ import annotations

from autograph_desktop.model import (
    ARROWHEADS,
    SHAPES,
    Connector,
    ConnectorLabel,
    Diagram,
    DiagramMeta,
    Element,
    Endpoint,
    Frame,
    Icon,
    Image,
    Shape,
    Style,
    Text,
)
from autograph_desktop.model.fractional import keys_after

COLORS = ("blue", "green", "orange", "violet", "teal", "red", "pink", "yellow", "gray", "ink")


def with_z(elements: list[Element]) -> list[Element]:
    return [e.evolve(z=k) for e, k in zip(elements, keys_after(None, len(elements)), strict=True)]


def showcase(theme: str = "light") -> Diagram:
    """Every shape kind labelled, every arrowhead, routings, a frame, text alignment and an icon/image."""
    els: list[Element] = []
    frame = Frame(id="frame-shapes", x=20, y=40, w=1000, h=640, text="Shapes", style=Style(stroke="blue", fill="none"))
    els.append(frame)
    for i, shape in enumerate(SHAPES):
        col, row = i % 6, i // 6
        color = COLORS[i % len(COLORS)]
        tall = shape in ("circle", "double_circle", "star", "cross", "actor")
        els.append(Shape(id=f"s-{shape}", x=50 + col * 160, y=70 + row * 150 + (0 if tall else 25), w=130,
                         h=130 if tall else 80,
                         shape=shape, text=shape.replace("_", " "), parent=frame.id,
                         style=Style(fill=color, stroke=color)))
    y0 = 730
    for i, head in enumerate(ARROWHEADS):
        col, row = i % 4, i // 4
        x = 40 + col * 250
        y = y0 + row * 50
        els.append(Connector(id=f"c-{head}", source=Endpoint(x=x, y=y), target=Endpoint(x=x + 170, y=y),
                             start_arrow="none", end_arrow=head, labels=(ConnectorLabel(head),),
                             style=Style(font_size=12)))
    a = Shape(id="route-a", x=1080, y=80, w=140, h=70, shape="rounded", text="Source",
              style=Style(fill="green", stroke="green"))
    b = Shape(id="route-b", x=1300, y=260, w=140, h=70, shape="rounded", text="Target",
              style=Style(fill="blue", stroke="blue"))
    c = Shape(id="route-c", x=1080, y=420, w=140, h=70, shape="diamond", text="Decide?")
    els += [a, b, c]
    els.append(Connector(id="r-ortho", source=Endpoint("route-a", "right"), target=Endpoint("route-b", "top"),
                         routing="orthogonal", labels=(ConnectorLabel("orthogonal"),)))
    els.append(Connector(id="r-curved", source=Endpoint("route-b", "bottom"), target=Endpoint("route-c", "right"),
                         routing="curved", style=Style(stroke="violet", dash="dashed"),
                         labels=(ConnectorLabel("curved, dashed"),)))
    els.append(Connector(id="r-straight", source=Endpoint("route-a"), target=Endpoint("route-c"),
                         start_arrow="circle", end_arrow="open_diamond", style=Style(dash="dotted", stroke="red"),
                         labels=(ConnectorLabel("floating"),)))
    for i, (align, valign) in enumerate((("left", "top"), ("center", "middle"), ("right", "bottom"))):
        els.append(Shape(id=f"t-align-{align}", x=1080 + i * 130, y=540, w=120, h=90,
                         text=f"{align} {valign} wraps long text", style=Style(text_align=align, vertical_align=valign,
                                                                               font_size=13, corner_radius=8)))
    els.append(Text(id="t-bold", x=1080, y=660, w=360, h=30, text="Bold italic heading",
                    style=Style(fill="none", stroke="none", font_weight=700, font_italic=True, font_size=20)))
    els.append(Text(id="t-mono", x=1080, y=700, w=360, h=24, text="mono: route_orthogonal()",
                    style=Style(fill="none", stroke="none", font_family="DejaVu Sans Mono", font_size=14,
                                text_color="teal")))
    els.append(Shape(id="rotated", x=1300, y=80, w=120, h=60, rotation=20, text="rotated", shape="rounded",
                     style=Style(fill="orange", stroke="orange", opacity=0.8)))
    els.append(Icon(id="icon", x=1460, y=90, w=48, h=48, icon="aws/lambda", text="Lambda"))
    els.append(Image(id="image", x=1460, y=200, w=80, h=60, sha256="0" * 64))
    meta = DiagramMeta(title="Showcase", theme=theme)
    return Diagram(meta, with_z(els))


def grid(n: int, labelled: bool = True) -> Diagram:
    """`n` elements: half labelled rectangles in a grid, half connectors between neighbours."""
    shapes = max(n // 2, 1)
    cols = max(int(shapes ** 0.5), 1)
    els: list[Element] = []
    for i in range(shapes):
        r, c = divmod(i, cols)
        els.append(Shape(id=f"n{i}", x=c * 200, y=r * 120, w=140, h=60,
                         text=f"Node {i}" if labelled else "", shape="rounded" if i % 3 else "rectangle"))
    for i in range(n - shapes):
        a = i % shapes
        b = a + 1 if (a + 1) % cols else a + cols
        if b >= shapes:
            b = (a + cols) % shapes
        els.append(Connector(id=f"e{i}", source=Endpoint(f"n{a}"), target=Endpoint(f"n{b}")))
    return Diagram(DiagramMeta(title=f"grid {n}"), with_z(els))
