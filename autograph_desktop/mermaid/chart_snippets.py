"""Starter text for the chart-like and newer types (merged into `snippets.SNIPPETS`)."""

from __future__ import annotations

CHART_SNIPPETS: dict[str, str] = {
    "xychart": """xychart-beta
    title "Visitors per month"
    x-axis [Jan, Feb, Mar, Apr]
    y-axis "Visitors" 0 --> 500
    bar [120, 260, 310, 420]
    line [150, 200, 300, 380]
""",
    "quadrant": """quadrantChart
    title Which features next
    x-axis Low effort --> High effort
    y-axis Low impact --> High impact
    quadrant-1 Plan
    quadrant-2 Do first
    quadrant-3 Maybe
    quadrant-4 Skip
    Export PDF: [0.3, 0.8]
    Offline mode: [0.8, 0.7]
""",
    "sankey": """sankey-beta
Income,Rent,1200
Income,Food,500
Income,Savings,300
Savings,"Pension, private",100
""",
    "packet": """packet-beta
    title "Message header"
    0-7: "Version"
    8-15: "Flags"
    +16: "Length"
    32-63: "Message id"
""",
    "radar": """radar-beta
    title Candidate review
    axis code["Code"], design["Design"], talk["Communication"]
    curve a["Ana"]{4, 3, 5}
    curve b["Ben"]{5, 4, 2}
    max 5
""",
    "treemap": """treemap-beta
"Disk"
    "Photos": 120
    "Music": 40
    "Projects"
        "Code": 25
        "Videos": 80
""",
    "zenuml": """zenuml
    title Log in
    @Actor User
    User->App.login(name, password) {
      if(valid) {
        session = DB.open(name)
        return session
      } else {
        return denied
      }
    }
""",
    "venn": """venn-beta
    title "Who does what"
    set Dev["Developers"]:12
    set Ops["Operators"]:8
    union Dev,Ops["On call"]:3
""",
    "ishikawa": """ishikawa-beta
    Builds are slow
    Machines
        Old laptops
    Process
        Full rebuild every time
    Code
        Huge test suite
""",
    "treeview": """treeView-beta
    "project"
        "src"
            "app.py"
        "README.md"
""",
    "eventmodeling": """eventmodeling

tf 01 scn SignUpForm
tf 02 cmd RegisterUser { email: string }
tf 03 evt UserRegistered
tf 04 rmo UserList
""",
    "wardley": """wardley-beta
title Photo sharing
anchor User [0.95, 0.6]
component Upload [0.8, 0.5]
component Storage [0.4, 0.85]
User -> Upload
Upload -> Storage
evolve Upload 0.7
""",
}

#: Statement words of these types, for the code panel's highlighter.
CHART_WORDS: tuple[str, ...] = (
    "x-axis", "y-axis", "bar", "line", "horizontal", "quadrant-1", "quadrant-2", "quadrant-3", "quadrant-4",
    "axis", "curve", "max", "min", "ticks", "graticule", "showLegend", "set", "union", "text", "anchor",
    "component", "evolve", "pipeline", "annotation", "annotations", "area", "accelerator", "deaccelerator",
    "evolution", "size", "tf", "rf", "timeframe", "resetframe", "data", "scn", "pcr", "cmd", "rmo", "evt",
    "if", "else", "while", "for", "forEach", "foreach", "try", "catch", "finally", "return", "new",
)
