"""Diagrams the GUI tests open: a small service architecture with frames, shapes, icons and connectors."""

from __future__ import annotations

from autograph_desktop.model import (
    Connector,
    Diagram,
    DiagramMeta,
    Endpoint,
    Frame,
    Icon,
    Shape,
    Style,
    Text,
    edits,
)


def sample_diagram() -> Diagram:
    """A small service architecture: 15 nodes in a frame with connectors, icons and a title."""
    doc = Diagram(DiagramMeta(title="Checkout service"))
    blue = Style(fill="blue", stroke="blue", corner_radius=10)
    green = Style(fill="green", stroke="green", corner_radius=10)
    violet = Style(fill="violet", stroke="violet", corner_radius=10)
    orange = Style(fill="orange", stroke="orange")
    gray = Style(fill="gray", stroke="gray", corner_radius=10, dash="dashed")
    frame = Frame(x=20, y=60, w=1000, h=520, text="Production (eu-west-1)", style=Style(fill="none", stroke="gray"))
    nodes = [
        Shape(x=60, y=110, w=150, h=64, text="Web app", style=blue, shape="rounded"),
        Shape(x=60, y=230, w=150, h=64, text="Mobile app", style=blue, shape="rounded"),
        Shape(x=300, y=170, w=160, h=64, text="API gateway", style=violet, shape="rounded"),
        Shape(x=540, y=100, w=160, h=64, text="Checkout", style=green, shape="rounded"),
        Shape(x=540, y=200, w=160, h=64, text="Catalogue", style=green, shape="rounded"),
        Shape(x=540, y=300, w=160, h=64, text="Accounts", style=green, shape="rounded"),
        Shape(x=790, y=100, w=140, h=80, text="Orders DB", style=orange, shape="cylinder"),
        Shape(x=790, y=220, w=140, h=80, text="Search index", style=orange, shape="cylinder"),
        Shape(x=790, y=340, w=140, h=80, text="Users DB", style=orange, shape="cylinder"),
        Shape(x=300, y=330, w=160, h=90, text="Payment\nprovider?", style=Style(fill="yellow", stroke="yellow"),
              shape="diamond"),
        Shape(x=300, y=470, w=160, h=64, text="Event bus", style=gray, shape="rounded"),
        Shape(x=540, y=470, w=160, h=64, text="Notifications", style=green, shape="rounded"),
    ]
    icons = [Icon(x=95, y=430, w=56, h=56, icon="si.kubernetes", text="Kubernetes"),
             Icon(x=830, y=460, w=56, h=56, icon="si.postgresql", text="PostgreSQL")]
    title = Text(x=20, y=10, w=420, h=40, text="Checkout service — architecture",
                 style=Style(font_size=22, font_weight=700, text_align="left", fill="none", stroke="none"))
    links = [(0, 2), (1, 2), (2, 3), (2, 4), (2, 5), (3, 6), (4, 7), (5, 8), (3, 9), (9, 10), (10, 11)]
    connectors = [Connector(source=Endpoint(element=nodes[a].id), target=Endpoint(element=nodes[b].id),
                            routing="orthogonal", style=Style(stroke="gray", fill="none")) for a, b in links]
    history_free = [frame, title, *nodes, *icons, *connectors]
    doc.execute(edits.add_elements(doc, history_free, "Sample"))
    return doc
