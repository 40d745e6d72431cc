"""A few professional Mermaid examples per diagram type, shown to the model in the system prompt.

Each one parses with our own parser (a test checks), so the model learns the subset we draw well:
quoted labels, short ids, subgraphs for tiers, the technology named in each label.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "flowchart": (
        """flowchart LR
    user(["Customer"]) --> cdn["CDN (CloudFront)"]
    cdn --> web["Web app (React)"]
    web --> api["API gateway"]
    subgraph services ["Services"]
        orders["Orders service"]
        payments["Payments service"]
    end
    api --> orders
    api --> payments
    orders --> db[("Orders DB (PostgreSQL)")]
    orders --> cache[("Cache (Redis)")]
    payments --> queue[["Events (Kafka)"]]
    queue --> worker["Billing worker (Lambda)"]
""",
        """flowchart TD
    start(["Pull request opened"]) --> lint["Lint and type-check"]
    lint --> tests["Unit tests"]
    tests --> ok{"All green?"}
    ok -->|"yes"| build["Build image (Docker)"]
    ok -->|"no"| fix["Report to author"]
    build --> deploy["Deploy to staging (Kubernetes)"]
    deploy --> done(["Ready for review"])
""",
    ),
    "sequence": (
        """sequenceDiagram
    actor User
    participant App as Mobile app
    participant Auth as Auth service
    participant API as Orders API
    User->>App: Tap "Buy"
    App->>Auth: POST /token
    Auth-->>App: access token
    App->>API: POST /orders (Bearer token)
    alt payment accepted
        API-->>App: 201 Created
    else payment declined
        API-->>App: 402 Payment required
    end
    App-->>User: Show result
""",
    ),
    "er": (
        """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ ORDER_LINE : contains
    PRODUCT ||--o{ ORDER_LINE : "appears in"
    CUSTOMER {
        uuid id PK
        string email
        string name
    }
    ORDER {
        uuid id PK
        uuid customer_id FK
        timestamp placed_at
    }
    ORDER_LINE {
        uuid order_id FK
        uuid product_id FK
        int quantity
    }
    PRODUCT {
        uuid id PK
        string title
        decimal price
    }
""",
    ),
    "class": (
        """classDiagram
    class PaymentMethod {
        <<interface>>
        +charge(amount: Money) Receipt
    }
    class Card {
        -String number
        +charge(amount: Money) Receipt
    }
    class Wallet {
        -String walletId
        +charge(amount: Money) Receipt
    }
    class Order {
        +UUID id
        +List~Line~ lines
        +total() Money
    }
    PaymentMethod <|.. Card
    PaymentMethod <|.. Wallet
    Order --> PaymentMethod : paid with
""",
    ),
    "state": (
        """stateDiagram-v2
    [*] --> Draft
    Draft --> Submitted : submit
    Submitted --> Approved : approve
    Submitted --> Draft : request changes
    Approved --> Published : publish
    Published --> Archived : archive
    Archived --> [*]
""",
    ),
    "gantt": (
        """gantt
    title Launch plan
    dateFormat YYYY-MM-DD
    section Design
        Research        :r1, 2026-03-02, 5d
        Wireframes      :r2, after r1, 7d
    section Build
        Backend API     :b1, after r2, 14d
        Web client      :b2, after r2, 12d
    section Release
        Beta            :milestone, m1, after b1, 0d
        Launch          :l1, after m1, 3d
""",
    ),
    "mindmap": (
        """mindmap
  root((Observability))
    Metrics
      Prometheus
      Dashboards
    Logs
      Structured JSON
      Retention
    Traces
      OpenTelemetry
      Sampling
""",
    ),
    "timeline": (
        """timeline
    title Platform history
    2019 : Monolith on VMs
    2021 : Containers : CI/CD pipeline
    2023 : Kubernetes : Service mesh
    2025 : Multi-region
""",
    ),
    "pie": (
        """pie title Cloud spend by service
    "Compute" : 48
    "Storage" : 22
    "Database" : 18
    "Network" : 12
""",
    ),
    "gitgraph": (
        """gitGraph
    commit id: "init"
    branch feature
    checkout feature
    commit id: "add api"
    commit id: "tests"
    checkout main
    merge feature
    commit id: "release 1.0"
""",
    ),
    "journey": (
        """journey
    title Checkout journey
    section Browse
      Find product: 4: Customer
      Read reviews: 3: Customer
    section Buy
      Add to cart: 5: Customer
      Pay: 2: Customer, Payment provider
""",
    ),
}

#: The Mermaid keyword each of our type names starts with.
HEADERS: dict[str, str] = {
    "flowchart": "flowchart", "sequence": "sequenceDiagram", "er": "erDiagram", "class": "classDiagram",
    "state": "stateDiagram-v2", "gantt": "gantt", "mindmap": "mindmap", "timeline": "timeline", "pie": "pie",
    "gitgraph": "gitGraph", "journey": "journey",
}
