"""The templates AutoGraph ships: real diagrams built from model elements, laid out on a 20 px grid.

Built in code rather than stored as files so they always match the current model; each builder returns
a fresh Diagram. Sizes, spacing and palette colours follow one scheme: nodes 160-200 x 60-64, 40-60 px
gaps, one colour per role, connectors attached to sides so they stay attached when things move.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

from autograph_desktop.model import (
    Connector,
    ConnectorLabel,
    Diagram,
    DiagramMeta,
    Element,
    Endpoint,
    Frame,
    Group,
    Shape,
    Style,
    Text,
    keys_between,
)

NODE = Style(corner_radius=10.0, font_size=14.0, stroke_width=1.5)
EDGE = Style(stroke="gray", stroke_width=1.5, font_size=12.0)
TITLE = Style(fill="none", stroke="none", font_size=22.0, font_weight=700, text_align="left")
FRAME = Style(fill="gray", stroke="gray", stroke_width=1.0, dash="dashed", font_size=13.0, font_weight=700,
              vertical_align="top", text_align="left", corner_radius=12.0)


def _node(key: str, text: str, x: float, y: float, w: float = 180, h: float = 64, color: str = "blue",
          shape: str = "rounded", parent: str | None = None, **style: object) -> Shape:
    return Shape(id=key, x=x, y=y, w=w, h=h, text=text, shape=shape, parent=parent,
                 style=NODE.with_(fill=color, stroke=color, **style))


def _edge(key: str, a: str, a_side: str | None, b: str, b_side: str | None, label: str = "",
          routing: str = "orthogonal", a_ratio: float = 0.5, b_ratio: float = 0.5, dashed: bool = False,
          start: str = "none", end: str = "arrow") -> Connector:
    return Connector(id=key, source=Endpoint(a, a_side, a_ratio), target=Endpoint(b, b_side, b_ratio),
                     routing=routing, labels=(ConnectorLabel(label),) if label else (),
                     start_arrow=start, end_arrow=end, style=EDGE.with_(dash="dashed") if dashed else EDGE)


def _title(text: str, x: float = 40, y: float = -60) -> Text:
    return Text(id="title", x=x, y=y, w=520, h=36, text=text, style=TITLE)


def _frame(key: str, title: str, x: float, y: float, w: float, h: float) -> Frame:
    return Frame(id=key, x=x, y=y, w=w, h=h, text=title, style=FRAME)


def _finish(title: str, kind: str, elements: list[Element]) -> Diagram:
    """Order keys in list order (frames first, so they sit behind their members)."""
    keys = keys_between(None, None, len(elements))
    ordered = [replace(e, z=k) for e, k in zip(elements, keys, strict=True)]
    return Diagram(DiagramMeta(title=title, kind=kind), ordered)


def microservices() -> Diagram:
    services = [("auth", "Auth service", "Users DB"), ("catalog", "Catalog service", "Catalog DB"),
                ("orders", "Orders service", "Orders DB"), ("payments", "Payments service", "Payments DB")]
    els: list[Element] = [_title("Microservices architecture", x=0), _frame("cluster", "Kubernetes cluster", 470, 0, 460, 460)]
    # The gateway spans all service rows so that every route to a service is one straight line.
    els += [_node("web", "Web app", 0, 142, 150, 60, "blue"), _node("mobile", "Mobile app", 0, 242, 150, 60, "blue"),
            _node("gateway", "API gateway", 250, 40, 140, 364, "violet")]
    for i, (key, name, db) in enumerate(services):
        y = 40 + i * 100
        els.append(_node(key, name, 500, y, color="green", parent="cluster"))
        els.append(_node(f"{key}_db", db, 760, y, 130, 64, "teal", "cylinder", parent="cluster"))
    els += [_node("bus", "Event bus (Kafka)", 500, 500, 390, 44, "orange"),
            _node("notify", "Notifications worker", 500, 600, color="yellow"),
            _node("analytics", "Analytics worker", 710, 600, color="yellow")]
    els += [_edge("e_web", "web", "right", "gateway", "left", "HTTPS", b_ratio=132 / 364),
            _edge("e_mobile", "mobile", "right", "gateway", "left", "HTTPS", b_ratio=232 / 364)]
    for i, (key, _, _) in enumerate(services):
        els.append(_edge(f"e_gw_{key}", "gateway", "right", key, "left", a_ratio=(32 + 100 * i) / 364))
        els.append(_edge(f"e_{key}_db", key, "right", f"{key}_db", "left"))
    els += [_edge("e_pay_bus", "payments", "bottom", "bus", "top", "events", b_ratio=90 / 390),
            _edge("e_bus_notify", "bus", "bottom", "notify", "top", a_ratio=90 / 390, dashed=True),
            _edge("e_bus_analytics", "bus", "bottom", "analytics", "top", a_ratio=300 / 390, dashed=True)]
    return _finish("Microservices architecture", "architecture", els)


def three_tier() -> Diagram:
    els: list[Element] = [
        _title("3-tier web application"),
        _frame("t1", "Presentation tier", 40, 0, 720, 130),
        _frame("t2", "Application tier", 40, 170, 720, 220),
        _frame("t3", "Data tier", 40, 430, 720, 150),
        _node("browser", "Browser (SPA)", 300, 40, 160, 60, "blue", parent="t1"),
        _node("cdn", "CDN", 560, 36, 160, 70, "blue", "cloud", parent="t1"),
        _node("lb", "Load balancer", 300, 200, 160, 56, "violet", "hexagon", parent="t2"),
        _node("app1", "App server 1", 120, 300, 160, 56, "green", parent="t2"),
        _node("app2", "App server 2", 480, 300, 160, 56, "green", parent="t2"),
        _node("cache", "Redis cache", 560, 200, 140, 56, "red", parent="t2"),
        _node("primary", "Primary DB", 120, 470, 160, 80, "teal", "cylinder", parent="t3"),
        _node("replica", "Read replica", 480, 470, 160, 80, "teal", "cylinder", parent="t3"),
        _edge("e1", "browser", "bottom", "lb", "top", "HTTPS"),
        _edge("e2", "browser", "right", "cdn", "left", "static assets", dashed=True),
        _edge("e3", "lb", "bottom", "app1", "top"),
        _edge("e4", "lb", "bottom", "app2", "top"),
        _edge("e5", "app1", "bottom", "primary", "top", "read/write"),
        _edge("e6", "app2", "bottom", "replica", "top", "reads"),
        _edge("e7", "app2", "top", "cache", "bottom", dashed=True, a_ratio=0.8),
        _edge("e8", "primary", "right", "replica", "left", "replication", dashed=True),
    ]
    return _finish("3-tier web application", "architecture", els)


def cicd() -> Diagram:
    ci = [("push", "Push to main", "gray"), ("build", "Build", "blue"), ("test", "Unit tests", "blue"),
          ("scan", "Security scan", "blue"), ("package", "Package image", "violet")]
    cd = [("staging", "Deploy to staging", "green"), ("e2e", "Integration tests", "green"),
          ("approve", "Approve?", "yellow"), ("prod", "Deploy to production", "green"), ("monitor", "Monitor", "teal")]
    els: list[Element] = [_title("CI/CD pipeline"), _frame("ci", "Continuous integration", 20, 0, 960, 140),
                          _frame("cd", "Continuous delivery", 20, 200, 960, 160)]
    for i, (key, name, color) in enumerate(ci):
        els.append(_node(key, name, 40 + i * 190, 50, 150, 60, color, parent="ci"))
    for i, (key, name, color) in enumerate(cd):
        x = 800 - i * 190
        shape = "diamond" if key == "approve" else "rounded"
        els.append(_node(key, name, x, 250 if key != "approve" else 240, 150, 60 if key != "approve" else 80,
                         color, shape, parent="cd"))
    chain = [k for k, _, _ in ci] + [k for k, _, _ in cd]
    for a, b in itertools.pairwise(chain):
        if a == "package":
            els.append(_edge(f"e_{a}", a, "bottom", b, "top", "image:sha"))
        elif chain.index(a) < len(ci):
            els.append(_edge(f"e_{a}", a, "right", b, "left"))
        else:
            els.append(_edge(f"e_{a}", a, "left", b, "right", "yes" if a == "approve" else ""))
    els += [_node("fail", "Notify team", 420, 420, 150, 56, "red"),
            _edge("e_fail", "approve", "bottom", "fail", "top", "no", dashed=True)]
    return _finish("CI/CD pipeline", "flowchart", els)


ENTITY_BODY_H = 110.0


def _entity(key: str, name: str, columns: list[str], x: float, y: float) -> list[Element]:
    """A table: a bold header bar over a body listing the columns, grouped so they move as one.
    Relationships attach to the body (`key`), which all entities give the same height so lines run straight."""
    group = Group(id=f"{key}_table")
    header = Shape(id=f"{key}_head", x=x, y=y, w=200, h=36, text=name, shape="rectangle", parent=group.id,
                   style=NODE.with_(fill="blue", stroke="blue", font_weight=700, corner_radius=0.0))
    body = Shape(id=key, x=x, y=y + 36, w=200, h=ENTITY_BODY_H, text="\n".join(columns), shape="rectangle",
                 parent=group.id, style=NODE.with_(fill="ink", stroke="blue", text_align="left", corner_radius=0.0,
                                                   font_size=13.0, font_family="DejaVu Sans Mono"))
    return [group, header, body]


def er_model() -> Diagram:
    els: list[Element] = [_title("Online shop: entity-relationship model")]
    els += _entity("customer", "Customer", ["id           PK", "name", "email        UQ", "created_at"], 40, 40)
    els += _entity("order", "Order", ["id           PK", "customer_id  FK", "status", "total", "placed_at"], 340, 40)
    els += _entity("item", "OrderItem", ["id           PK", "order_id     FK", "product_id   FK", "quantity",
                                         "unit_price"], 640, 40)
    els += _entity("product", "Product", ["id           PK", "category_id  FK", "name", "price", "stock"], 640, 300)
    els += _entity("category", "Category", ["id           PK", "name", "parent_id    FK"], 340, 300)
    els += [
        _edge("r1", "customer", "right", "order", "left", "places", start="crow_one", end="crow_zero_many"),
        _edge("r2", "order", "right", "item", "left", "contains", start="crow_one", end="crow_one_many"),
        _edge("r3", "product_head", "top", "item", "bottom", "appears in", start="crow_one", end="crow_zero_many"),
        _edge("r4", "category", "right", "product", "left", "groups", start="crow_one", end="crow_zero_many"),
    ]
    return _finish("Online shop ER model", "er", els)


def login_sequence() -> Diagram:
    actors = [("user", "User"), ("webapp", "Web app"), ("auth", "Auth service"), ("db", "User DB")]
    centers = {key: 110 + i * 220 for i, (key, _) in enumerate(actors)}
    els: list[Element] = [_title("Login sequence")]
    for key, name in actors:
        color = "gray" if key == "user" else ("teal" if key == "db" else "blue")
        if key == "user":
            els.append(_node(key, name, centers[key] - 22, -10, 44, 60, color, "actor", vertical_align="bottom"))
        else:
            els.append(_node(key, name, centers[key] - 70, 0, 140, 50, color))
        els.append(Connector(id=f"life_{key}", source=Endpoint(key, "bottom"),
                             target=Endpoint(x=centers[key], y=520), end_arrow="none",
                             style=EDGE.with_(dash="dashed", stroke_width=1.0)))
    messages = [("user", "webapp", "enter email and password", False), ("webapp", "auth", "POST /login", False),
                ("auth", "db", "find user by email", False), ("db", "auth", "user record", True),
                ("auth", "webapp", "session token (JWT)", True), ("webapp", "user", "redirect to dashboard", True)]
    for i, (a, b, label, reply) in enumerate(messages):
        y = 110 + i * 60 + (40 if i >= 4 else 0)
        els.append(Connector(id=f"m{i + 1}", source=Endpoint(x=centers[a], y=y), target=Endpoint(x=centers[b], y=y),
                             # The offset is to the left of the direction of travel: above for both ways.
                             labels=(ConnectorLabel(f"{i + 1}. {label}", offset=12.0 if centers[b] < centers[a] else -12.0),),
                             end_arrow="open_triangle" if reply else "triangle",
                             style=EDGE.with_(stroke="ink", dash="dashed" if reply else "solid")))
    els.append(_node("verify", "verify password hash", centers["auth"] + 10, 312, 170, 40, "yellow", "note",
                     font_size=12.0))
    return _finish("Login sequence", "sequence", els)


@dataclass(frozen=True, slots=True)
class BuiltinTemplate:
    id: str
    name: str
    category: str
    description: str
    build: Callable[[], Diagram]


BUILTIN_TEMPLATES: tuple[BuiltinTemplate, ...] = (
    BuiltinTemplate("builtin:microservices", "Microservices architecture", "Architecture",
                    "Clients, API gateway, services with their databases, and an event bus", microservices),
    BuiltinTemplate("builtin:three-tier", "3-tier web app", "Architecture",
                    "Presentation, application and data tiers with load balancing and replication", three_tier),
    BuiltinTemplate("builtin:cicd", "CI/CD pipeline", "DevOps",
                    "From push to production: build, test, scan, package, deploy, approve, monitor", cicd),
    BuiltinTemplate("builtin:er", "ER model", "Data", "An online shop's entities and relationships", er_model),
    BuiltinTemplate("builtin:login-sequence", "Login sequence", "Sequence",
                    "User login across web app, auth service and database", login_sequence),
)
