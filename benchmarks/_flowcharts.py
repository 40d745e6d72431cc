"""Flowcharts for the layout benchmarks: seeded random DAGs, and our own equivalents of the kinds of
examples the Mermaid documentation shows (decisions, labelled edges, subgraphs, nested subgraphs, LR)."""

from __future__ import annotations

import random


def flowchart(n: int, seed: int = 7) -> str:
    """A DAG-like flowchart: each node links to 1-2 later nodes nearby, ~1.5 edges per node."""
    rng = random.Random(seed)
    lines = ["flowchart TD"]
    for i in range(n):
        lines.append(f"  n{i}[Step {i} {'of the process' if i % 3 == 0 else ''}]")
    for i in range(n - 1):
        for _ in range(1 if rng.random() < 0.5 else 2):
            j = min(n - 1, i + 1 + int(rng.expovariate(0.3)))
            lines.append(f"  n{i} --> n{j}")
    return "\n".join(lines) + "\n"


DOC_LIKE: dict[str, str] = {
    "decision": """flowchart TD
    start([Order received]) --> check{In stock?}
    check -->|Yes| pack[Pack items]
    check -->|No| back[Back-order]
    back --> wait[Wait for supplier]
    wait --> check
    pack --> pay{Paid?}
    pay -->|Yes| ship[Ship]
    pay -->|No| remind[Send reminder]
    remind --> pay
    ship --> done([Done])
    check ---->|Cancelled| done
""",
    "subgraphs": """flowchart TB
    c1-->a2
    subgraph one
    a1-->a2
    end
    subgraph two
    b1-->b2
    end
    subgraph three
    c1-->c2
    end
    one --> two
    three --> two
    two --> c2
    a1 --> b2
    b1 --> c2
""",
    "nested": """flowchart TB
    client[Browser] --> lb[Load balancer]
    subgraph cloud [Cloud]
        subgraph web [Web tier]
            w1[Web 1]
            w2[Web 2]
        end
        subgraph app [App tier]
            a1[Orders]
            a2[Billing]
            a3[Search]
        end
        subgraph data [Data tier]
            subgraph sql [SQL]
                db1[(Primary)]
                db2[(Replica)]
            end
            cache[(Cache)]
            idx[(Index)]
        end
    end
    lb --> w1 & w2
    w1 --> a1 & a3
    w2 --> a2 & a3
    a1 --> db1 & cache
    a2 --> db1
    a3 --> idx & cache
    db1 --> db2
    a2 --> mail[Mail service]
    a1 --> queue[[Queue]]
    queue --> a2
""",
    "pipeline_lr": """flowchart LR
    commit[Commit] --> lint[Lint]
    commit --> unit[Unit tests]
    subgraph build [Build]
        direction TB
        wheel[Wheel] --> image[Image]
        docs[Docs]
    end
    lint --> wheel
    unit --> wheel
    unit --> docs
    subgraph deploy [Deploy]
        staging[Staging] -->|smoke ok| prod[Production]
        staging -->|failed| rollback[Rollback]
    end
    image --> staging
    docs --> site[Website]
    prod --> notify[Notify team]
    rollback --> notify
    lint -. warnings .-> notify
""",
    "services": """flowchart TD
    user((User)) --> gw[API gateway]
    subgraph edge [Edge]
        gw --> auth[Auth]
        gw --> rate[Rate limiter]
    end
    subgraph core [Core services]
        subgraph orders [Orders]
            o1[Create order] --> o2[Validate]
            o2 --> o3[Reserve stock]
        end
        subgraph payments [Payments]
            p1[Charge card] --> p2[Receipt]
        end
        subgraph catalog [Catalog]
            k1[Browse] --> k2[Details]
        end
    end
    subgraph infra [Infrastructure]
        mq[[Message bus]]
        pg[(Postgres)]
        rd[(Redis)]
        s3[(Object store)]
    end
    auth --> rd
    rate --> rd
    gw --> o1 & k1
    o3 --> p1
    o3 --> mq
    p2 --> mq
    mq --> mail[Email worker]
    o1 --> pg
    p1 --> pg
    k2 --> s3
    k1 --> pg
    k2 --> o1
    mail --> s3
""",
    "state_machine": """flowchart LR
    idle[Idle] -->|start| running[Running]
    running -->|pause| paused[Paused]
    paused -->|resume| running
    running -->|finish| finished[Finished]
    running -->|error| failed[Failed]
    failed -->|retry| running
    paused -->|cancel| cancelled[Cancelled]
    idle -->|cancel| cancelled
    failed -->|give up| cancelled
    finished --> archive[Archive]
    cancelled --> archive
""",
}
