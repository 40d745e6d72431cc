"""Build the shipped templates in `resources/templates/` (run after changing one; the files are committed).

    .venv/bin/python scripts/make_templates.py

Architecture templates are laid out on a grid here, with icons from the bundled sets only (the optional
cloud pack must not be needed to open a template). Diagram-as-code templates (state machine, mind map,
gantt, OAuth sequence) are built by our own Mermaid engine, then kept as ordinary editable diagrams. The
index lists every template with its category and description; existing hand-made templates are kept.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograph_desktop.formats.native import dumps  # noqa: E402
from autograph_desktop.mermaid.reader import read as read_mermaid  # noqa: E402
from autograph_desktop.model import (  # noqa: E402
    Connector,
    ConnectorLabel,
    Diagram,
    DiagramMeta,
    Element,
    Endpoint,
    Frame,
    Icon,
    Shape,
    Style,
    Text,
)
from autograph_desktop.model.fractional import keys_after  # noqa: E402

OUT = ROOT / "resources" / "templates"
COL, ROW = 190.0, 130.0  # grid pitch
TITLE = Style(fill="none", stroke="none", font_size=22.0, font_weight=700, text_align="left")
SUBTITLE = Style(fill="none", stroke="none", font_size=13.0, text_color="gray", text_align="left")


def frame_style(color: str, dashed: bool = True) -> Style:
    return Style(fill=color, stroke=color, stroke_width=1.5, dash="dashed" if dashed else "solid",
                 corner_radius=10.0, font_size=13.0, font_weight=700, text_align="left", vertical_align="top")


def node_style(color: str) -> Style:
    return Style(fill=color, stroke=color, stroke_width=1.5, corner_radius=10.0, font_size=14.0)


@dataclass
class Board:
    """A diagram drawn on a grid: nodes at (column, row), frames around cells, connectors between ids."""

    title: str
    subtitle: str = ""
    elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.elements.append(Text(id="title", x=-30, y=-136, w=760, h=34, text=self.title, style=TITLE))
        if self.subtitle:
            self.elements.append(Text(id="subtitle", x=-30, y=-100, w=900, h=22, text=self.subtitle, style=SUBTITLE))

    @staticmethod
    def at(col: float, row: float) -> tuple[float, float]:
        return col * COL, row * ROW

    def frame(self, fid: str, text: str, col: float, row: float, cols: float, rows: float, color: str,
              parent: str | None = None, dashed: bool = True) -> None:
        x, y = self.at(col, row)
        self.elements.append(Frame(id=fid, x=x - 30, y=y - 42, w=cols * COL + 10, h=rows * ROW + 22, text=text,
                                   style=frame_style(color, dashed), parent=parent))

    def icon(self, nid: str, text: str, col: float, row: float, icon: str, color: str = "ink",
             parent: str | None = None) -> None:
        x, y = self.at(col, row)
        self.elements.append(Icon(id=nid, x=x + 45, y=y, w=56, h=56, icon=icon, text=text, parent=parent,
                                  style=Style(fill=color, stroke=color, font_size=13.0)))

    def box(self, nid: str, text: str, col: float, row: float, color: str, shape: str = "rounded",
            parent: str | None = None, w: float = 150.0, h: float = 64.0) -> None:
        x, y = self.at(col, row)
        self.elements.append(Shape(id=nid, x=x, y=y, w=w, h=h, shape=shape, text=text, parent=parent,
                                   style=node_style(color)))

    def edge(self, a: str, b: str, label: str = "", dashed: bool = False, both: bool = False,
             routing: str = "orthogonal") -> None:
        style = Style(fill="none", stroke="gray", stroke_width=1.5, dash="dashed" if dashed else "solid",
                      font_size=11.0)
        self.elements.append(Connector(id=f"{a}-{b}", source=Endpoint(a), target=Endpoint(b), routing=routing,
                                       labels=(ConnectorLabel(label),) if label else (), style=style,
                                       start_arrow="arrow" if both else "none"))

    def diagram(self, kind: str = "architecture") -> Diagram:
        ordered = [el.evolve(z=key) for el, key in zip(self.elements, keys_after(None, len(self.elements)),
                                                        strict=True)]
        return Diagram(DiagramMeta(title=self.title, kind=kind), ordered)


def aws() -> Diagram:
    b = Board("Web application on AWS", "Route 53 → CloudFront → ALB → EC2 Auto Scaling, RDS Multi-AZ, "
                                        "ElastiCache, S3, SQS and Lambda")
    b.icon("users", "Users", 0, 1.5, "ph.users")
    b.frame("cloud", "AWS Cloud", 1, 0, 5.2, 4.2, "orange")
    b.icon("dns", "Route 53", 1.1, 0.6, "mdi6.dns", "violet", parent="cloud")
    b.icon("cdn", "CloudFront", 1.1, 2.4, "mdi6.web", "violet", parent="cloud")
    b.icon("s3", "S3 static assets", 1.1, 3.4, "mdi6.bucket", "green", parent="cloud")
    b.frame("vpc", "VPC", 2.2, 0.4, 3.85, 3.6, "green", parent="cloud")
    b.icon("alb", "Application Load Balancer", 2.4, 1.5, "mdi6.scale-balance", "violet", parent="vpc")
    b.frame("asg", "Auto Scaling group", 3.4, 0.85, 1.0, 2.2, "orange", parent="vpc")
    b.icon("ec2a", "EC2 web", 3.4, 1.0, "mdi6.server", "orange", parent="asg")
    b.icon("ec2b", "EC2 web", 3.4, 2.1, "mdi6.server", "orange", parent="asg")
    b.icon("cache", "ElastiCache Redis", 4.6, 0.8, "si.redis", "red", parent="vpc")
    b.icon("rds", "RDS PostgreSQL (Multi-AZ)", 4.6, 2.1, "mdi6.database", "blue", parent="vpc")
    b.icon("sqs", "SQS queue", 3.4, 3.2, "mdi6.tray-full", "pink", parent="vpc")
    b.icon("lambda", "Lambda worker", 4.6, 3.2, "mdi6.lambda", "orange", parent="vpc")
    b.edge("users", "dns", "DNS")
    b.edge("users", "cdn", "HTTPS")
    b.edge("cdn", "s3", "assets")
    b.edge("cdn", "alb", "/api")
    b.edge("alb", "ec2a")
    b.edge("alb", "ec2b")
    b.edge("ec2a", "cache")
    b.edge("ec2b", "rds", "SQL")
    b.edge("ec2b", "sqs", "jobs", dashed=True)
    b.edge("sqs", "lambda", "trigger", dashed=True)
    return b.diagram()


def azure() -> Diagram:
    b = Board("Web application on Azure", "Front Door, App Service, Functions, Service Bus, Cosmos DB, "
                                          "Azure SQL, Blob Storage, Key Vault and Entra ID")
    b.icon("users", "Users", 0, 1.5, "ph.users")
    b.frame("rg", "Resource group: shop-prod", 1, 0, 5.0, 4.0, "blue")
    b.icon("fd", "Front Door + WAF", 1.1, 1.5, "mdi6.shield-lock", "blue", parent="rg")
    b.icon("entra", "Entra ID", 1.1, 3.1, "mdi6.account-key", "violet", parent="rg")
    b.icon("app", "App Service (web + API)", 2.4, 1.5, "mdi6.application-cog", "blue", parent="rg")
    b.icon("kv", "Key Vault", 2.4, 3.1, "mdi6.key", "yellow", parent="rg")
    b.icon("sql", "Azure SQL Database", 3.7, 0.4, "mdi6.database", "blue", parent="rg")
    b.icon("bus", "Service Bus", 3.7, 1.5, "mdi6.email-fast", "violet", parent="rg")
    b.icon("func", "Functions", 3.7, 2.6, "mdi6.lambda", "yellow", parent="rg")
    b.icon("cosmos", "Cosmos DB", 4.9, 2.6, "mdi6.earth", "blue", parent="rg")
    b.icon("blob", "Blob Storage", 4.9, 0.4, "mdi6.bucket", "teal", parent="rg")
    b.icon("monitor", "Monitor + App Insights", 4.9, 1.5, "mdi6.monitor-eye", "green", parent="rg")
    b.edge("users", "fd", "HTTPS")
    b.edge("fd", "app")
    b.edge("app", "entra", "sign-in", dashed=True)
    b.edge("app", "kv", "secrets", dashed=True)
    b.edge("app", "sql", "orders")
    b.edge("app", "bus", "events")
    b.edge("bus", "func", "trigger", dashed=True)
    b.edge("func", "cosmos", "read model")
    b.edge("app", "blob", "uploads")
    b.edge("app", "monitor", "telemetry", dashed=True)
    return b.diagram()


def gcp() -> Diagram:
    b = Board("Data platform on Google Cloud", "Cloud Load Balancing, Cloud Run, Pub/Sub, Dataflow, "
                                               "BigQuery, Cloud SQL, Memorystore and Cloud Storage")
    b.icon("clients", "Apps and devices", 0, 1.5, "mdi6.cellphone")
    b.frame("project", "Project: analytics-prod", 1, 0, 5.0, 4.0, "blue")
    b.icon("lb", "Cloud Load Balancing", 1.1, 1.5, "mdi6.scale-balance", "blue", parent="project")
    b.icon("run", "Cloud Run (ingest API)", 2.4, 1.5, "mdi6.google-cloud", "blue", parent="project")
    b.icon("sql", "Cloud SQL", 2.4, 0.3, "mdi6.database", "blue", parent="project")
    b.icon("redis", "Memorystore", 2.4, 2.8, "si.redis", "red", parent="project")
    b.icon("pubsub", "Pub/Sub", 3.7, 1.5, "si.googlepubsub", "blue", parent="project")
    b.icon("dataflow", "Dataflow", 4.9, 1.5, "si.googledataflow", "blue", parent="project")
    b.icon("bq", "BigQuery", 4.9, 0.3, "si.googlebigquery", "blue", parent="project")
    b.icon("gcs", "Cloud Storage (raw)", 4.9, 2.8, "si.googlecloudstorage", "blue", parent="project")
    b.icon("looker", "Dashboards", 6.3, 0.3, "mdi6.chart-bar", "green")
    b.edge("clients", "lb", "HTTPS")
    b.edge("lb", "run")
    b.edge("run", "sql", "config")
    b.edge("run", "redis", "sessions")
    b.edge("run", "pubsub", "events")
    b.edge("pubsub", "dataflow", "stream")
    b.edge("dataflow", "bq", "tables")
    b.edge("dataflow", "gcs", "archive", dashed=True)
    b.edge("bq", "looker", "SQL")
    return b.diagram()


def kubernetes() -> Diagram:
    b = Board("Kubernetes deployment", "Ingress, services, a scaled deployment, a stateful database with "
                                       "its volume, config, secrets and monitoring")
    b.icon("users", "Users", 0, 1.5, "ph.users")
    b.frame("cluster", "Kubernetes cluster", 1, 0, 5.2, 4.1, "blue")
    b.frame("ns", "Namespace: shop", 1.2, 0.35, 3.85, 3.6, "gray", parent="cluster")
    b.icon("ingress", "Ingress (nginx)", 1.3, 1.5, "si.nginx", "green", parent="ns")
    b.icon("svc", "Service: web", 2.35, 1.5, "mdi6.lan", "blue", parent="ns")
    b.frame("deploy", "Deployment: web", 3.35, 0.65, 1.0, 2.8, "blue", parent="ns")
    b.icon("pod1", "Pod", 3.35, 0.8, "mdi6.cube-outline", "blue", parent="deploy")
    b.icon("pod2", "Pod", 3.35, 1.75, "mdi6.cube-outline", "blue", parent="deploy")
    b.icon("pod3", "Pod", 3.35, 2.7, "mdi6.cube-outline", "blue", parent="deploy")
    b.icon("db", "StatefulSet: postgres", 4.5, 1.0, "si.postgresql", "blue", parent="ns")
    b.icon("pvc", "Volume claim (PVC)", 4.5, 2.3, "mdi6.harddisk", "gray", parent="ns")
    b.icon("cm", "ConfigMap", 2.35, 0.4, "mdi6.file-cog", "yellow", parent="ns")
    b.icon("secret", "Secret", 2.35, 2.8, "mdi6.key", "yellow", parent="ns")
    b.icon("prom", "Prometheus", 5.4, 0.6, "si.prometheus", "orange", parent="cluster")
    b.icon("grafana", "Grafana", 5.4, 2.4, "si.grafana", "orange", parent="cluster")
    b.edge("users", "ingress", "HTTPS")
    b.edge("ingress", "svc")
    b.edge("svc", "pod1")
    b.edge("svc", "pod2")
    b.edge("svc", "pod3")
    b.edge("pod2", "db", "SQL")
    b.edge("db", "pvc", "data", dashed=True)
    b.edge("cm", "svc", "env", dashed=True)
    b.edge("secret", "svc", "credentials", dashed=True)
    b.edge("prom", "pod1", "scrape", dashed=True)
    b.edge("grafana", "prom", "queries")
    return b.diagram()


C4_PERSON = "#08427b"
C4_SYSTEM = "#1168bd"
C4_EXTERNAL = "#999999"


def c4_context() -> Diagram:
    b = Board("C4 system context: Internet banking", "People and software systems around the system in scope")

    def c4(nid: str, name: str, kind: str, description: str, col: float, row: float, color: str,
           shape: str = "rounded") -> None:
        x, y = b.at(col, row)
        text = f"{name}\n[{kind}]\n\n{description}"
        b.elements.append(Shape(id=nid, x=x, y=y, w=220, h=150 if shape == "actor" else 120, shape=shape, text=text,
                                style=Style(fill=color, stroke=color, stroke_width=1.5, corner_radius=10.0,
                                            font_size=12.0, text_color="#ffffff")))

    c4("customer", "Personal Banking Customer", "Person", "A customer of the bank, with personal accounts.",
       1.5, 0, C4_PERSON, "actor")
    c4("staff", "Back Office Staff", "Person", "Administration and support staff within the bank.", 4.2, 0,
       C4_PERSON, "actor")
    c4("ibs", "Internet Banking System", "Software System",
       "Lets customers view their accounts and make payments.", 1.5, 1.9, C4_SYSTEM)
    c4("mainframe", "Mainframe Banking System", "Software System",
       "Stores the core banking information: customers, accounts, transactions.", 4.2, 1.9, C4_EXTERNAL)
    c4("email", "E-mail System", "Software System", "The bank's Microsoft Exchange e-mail system.", 1.5, 3.5,
       C4_EXTERNAL)
    b.edge("customer", "ibs", "Views accounts and makes payments using")
    b.edge("ibs", "mainframe", "Gets account information from, makes payments using [XML/HTTPS]")
    b.edge("ibs", "email", "Sends e-mail using [SMTP]")
    b.edge("email", "customer", "Sends e-mails to", routing="curved")
    b.edge("staff", "mainframe", "Uses")
    return b.diagram("c4")


def retrospective() -> Diagram:
    b = Board("Sprint retrospective", "Add a sticky note to each column; group similar ones; agree on actions")
    columns = (("went", "Went well", "green", ("Release went out on time", "Pairing on the parser",
                                                 "Fewer flaky tests")),
               ("improve", "To improve", "orange", ("Reviews waited two days", "Unclear acceptance criteria",
                                                    "Too many meetings")),
               ("ideas", "Ideas", "blue", ("Try mob programming on Fridays", "Demo to support every sprint")),
               ("actions", "Actions", "violet", ("Review rota — owner: Sam", "Definition of ready — owner: Ana")))
    for n, (fid, title, color, notes) in enumerate(columns):
        b.frame(fid, title, n * 1.45 + 0.2, 0.35, 1.3, 4.0, color, dashed=False)
        for row, note in enumerate(notes):
            x, y = b.at(n * 1.45 + 0.12, 0.45 + row * 0.95)
            b.elements.append(Shape(id=f"{fid}{row}", x=x, y=y, w=190, h=100, shape="note", text=note,
                                    parent=fid, style=Style(fill="yellow", stroke="yellow", stroke_width=1.0,
                                                            font_size=14.0)))
    return b.diagram("board")


MERMAID = {
    "state-machine": ("Order state machine", "stateDiagram-v2\n"
                      "    [*] --> Draft\n"
                      "    Draft --> Submitted : submit\n"
                      "    Submitted --> Paid : payment captured\n"
                      "    Submitted --> Cancelled : cancel\n"
                      "    Paid --> Shipped : ship\n"
                      "    Shipped --> Delivered : deliver\n"
                      "    Paid --> Refunded : refund\n"
                      "    Delivered --> Refunded : return accepted\n"
                      "    Cancelled --> [*]\n"
                      "    Refunded --> [*]\n"
                      "    Delivered --> [*]\n"),
    "mindmap": ("Product launch mind map", "mindmap\n"
                "  root((Product launch))\n"
                "    Market\n"
                "      Personas\n"
                "      Competitors\n"
                "      Pricing\n"
                "    Product\n"
                "      MVP scope\n"
                "      Beta feedback\n"
                "      Docs\n"
                "    Go to market\n"
                "      Website\n"
                "      Launch post\n"
                "      Webinar\n"
                "    Operations\n"
                "      Support rota\n"
                "      Monitoring\n"),
    "gantt": ("Release plan", "gantt\n"
              "    title Release 2.0\n"
              "    dateFormat YYYY-MM-DD\n"
              "    section Design\n"
              "    Research          :done, r1, 2027-01-04, 10d\n"
              "    Specification     :done, s1, after r1, 7d\n"
              "    section Build\n"
              "    Backend           :active, b1, after s1, 20d\n"
              "    Frontend          :b2, after s1, 18d\n"
              "    Integration       :b3, after b1, 6d\n"
              "    section Release\n"
              "    Beta              :rel1, after b3, 10d\n"
              "    Launch            :milestone, after rel1, 0d\n"),
    "oauth-sequence": ("OAuth 2.0 authorization code flow", "sequenceDiagram\n"
                       "    autonumber\n"
                       "    actor User\n"
                       "    participant App as Web app\n"
                       "    participant Auth as Authorization server\n"
                       "    participant API as Resource API\n"
                       "    User->>App: Sign in\n"
                       "    App->>Auth: Redirect with client_id, PKCE challenge\n"
                       "    Auth->>User: Login and consent page\n"
                       "    User->>Auth: Credentials and consent\n"
                       "    Auth-->>App: Redirect with authorization code\n"
                       "    App->>Auth: Exchange code + PKCE verifier\n"
                       "    Auth-->>App: Access token, refresh token\n"
                       "    App->>API: Request with bearer token\n"
                       "    API-->>App: Protected resource\n"
                       "    App-->>User: Signed in\n"),
}


def from_mermaid(title: str, code: str) -> Diagram:
    doc = read_mermaid(code.encode(), "template.mmd").diagrams[0]
    doc.set_meta(replace(doc.meta, title=title, source="", source_kind=""))
    return doc


#: (id, file, name, category, description, builder)
NEW_TEMPLATES = (
    ("aws", "aws.autograph", "AWS web application", "Architecture",
     "Route 53, CloudFront, ALB, EC2 Auto Scaling, RDS, ElastiCache, S3, SQS and Lambda", aws),
    ("azure", "azure.autograph", "Azure web application", "Architecture",
     "Front Door, App Service, Functions, Service Bus, Cosmos DB, Azure SQL and Key Vault", azure),
    ("gcp", "gcp.autograph", "Google Cloud data platform", "Architecture",
     "Cloud Run, Pub/Sub, Dataflow, BigQuery, Cloud SQL and Cloud Storage", gcp),
    ("kubernetes", "kubernetes.autograph", "Kubernetes deployment", "Architecture",
     "Ingress, service, deployment with pods, stateful database, config, secrets, monitoring", kubernetes),
    ("c4-context", "c4-context.autograph", "C4 system context", "Architecture",
     "People and software systems around an internet banking system (C4 level 1)", c4_context),
    ("state-machine", "state-machine.autograph", "State machine", "Behaviour",
     "An order's life cycle from draft to delivery, cancellation and refund",
     lambda: from_mermaid(*MERMAID["state-machine"])),
    ("oauth-sequence", "oauth-sequence.autograph", "OAuth 2.0 sequence", "Behaviour",
     "Authorization code flow with PKCE between user, app, authorization server and API",
     lambda: from_mermaid(*MERMAID["oauth-sequence"])),
    ("mindmap", "mindmap.autograph", "Mind map", "Planning", "A product launch broken into market, product, "
     "go-to-market and operations", lambda: from_mermaid(*MERMAID["mindmap"])),
    ("gantt", "gantt.autograph", "Release plan (gantt)", "Planning",
     "Design, build and release phases with dependencies and a launch milestone",
     lambda: from_mermaid(*MERMAID["gantt"])),
    ("retrospective", "retrospective.autograph", "Retrospective board", "Team",
     "Went well, to improve, ideas and actions with sticky notes", retrospective),
)


def main() -> None:
    index_path = OUT / "index.json"
    index = orjson.loads(index_path.read_bytes())
    keep = [t for t in index if t["id"] not in {f"builtin:{tid}" for tid, *_ in NEW_TEMPLATES}]
    for tid, file, name, category, description, build in NEW_TEMPLATES:
        doc = build()
        (OUT / file).write_bytes(dumps(doc))
        keep.append({"id": f"builtin:{tid}", "file": file, "name": name, "category": category,
                     "description": description})
        print(f"{file}: {len(doc)} elements")
    order = ["Architecture", "Behaviour", "Data", "DevOps", "Planning", "Team"]
    keep.sort(key=lambda t: order.index(t["category"]) if t["category"] in order else len(order))
    index_path.write_bytes(orjson.dumps(keep, option=orjson.OPT_INDENT_2) + b"\n")


if __name__ == "__main__":
    main()
