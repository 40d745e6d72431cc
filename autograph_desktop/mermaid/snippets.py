"""Starter text for every Mermaid diagram type: the code panel's snippets and "New Mermaid diagram"."""

from __future__ import annotations

from autograph_desktop.mermaid.chart_snippets import CHART_SNIPPETS

SNIPPETS: dict[str, str] = {
    "flowchart": """flowchart TD
    start([Start]) --> check{Is it working?}
    check -->|Yes| ship[Ship it]
    check -->|No| debug[Debug]
    debug --> check
""",
    "sequence": """sequenceDiagram
    actor User
    participant App
    participant API
    User->>App: Sign in
    App->>+API: POST /session
    API-->>-App: 200 token
    App-->>User: Welcome
""",
    "class": """classDiagram
    class Animal {
        +String name
        +eat() void
    }
    class Duck {
        +swim() void
    }
    Animal <|-- Duck
""",
    "er": """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE_ITEM : contains
    CUSTOMER {
        string id PK
        string name
    }
""",
    "state": """stateDiagram-v2
    [*] --> Idle
    Idle --> Running : start
    Running --> Idle : stop
    Running --> [*]
""",
    "gantt": """gantt
    title Release plan
    dateFormat YYYY-MM-DD
    section Build
        Design      :a1, 2026-01-05, 7d
        Implement   :a2, after a1, 14d
    section Ship
        Release     :milestone, after a2, 0d
""",
    "gitgraph": """gitGraph
    commit
    branch feature
    checkout feature
    commit
    checkout main
    merge feature
""",
    "mindmap": """mindmap
  root((Product))
    Users
      Personas
    Features
      Editor
      Sync
""",
    "pie": """pie title Time spent
    "Coding" : 60
    "Meetings" : 25
    "Email" : 15
""",
    "timeline": """timeline
    title Milestones
    2025 : Prototype
    2026 : Beta : Launch
""",
    "journey": """journey
    title Checkout
    section Cart
      Review items: 4: Shopper
      Pay: 2: Shopper, Bank
""",
    "architecture": """architecture-beta
    group cloud(cloud)[Cloud]
    service web(internet)[Web] in cloud
    service api(server)[API] in cloud
    service db(database)[Database] in cloud
    web:R --> L:api
    api:R --> L:db
""",
    "c4": """C4Context
    title Online shop
    Person(buyer, "Buyer", "Orders goods")
    System(shop, "Shop", "Takes orders")
    System_Ext(pay, "Payments", "Charges cards")
    Rel(buyer, shop, "Orders from", "HTTPS")
    Rel(shop, pay, "Charges via", "API")
""",
    "block": """block-beta
    columns 3
    front["Front end"] arrow<["calls"]>(right) back["Back end"]
    space:2 db[("Database")]
    back --> db
""",
    "requirement": """requirementDiagram
    requirement login {
        id: 1
        text: users sign in with a password
        risk: medium
        verifymethod: test
    }
    element login_test {
        type: test suite
    }
    login_test - verifies -> login
""",
    "kanban": """kanban
    todo[To do]
        t1[Write the spec]@{ priority: 'High' }
    doing[In progress]
        t2[Build the parser]@{ assigned: 'sam' }
    done[Done]
        t3[Pick a name]
""",
}

SNIPPETS.update(CHART_SNIPPETS)

#: Lines inside a block of these openers are indented one more step.
BLOCK_OPENERS: tuple[str, ...] = ("subgraph", "loop", "alt", "else", "opt", "par", "and", "critical", "option",
                                  "break", "rect", "box", "state", "namespace", "section", "block")
