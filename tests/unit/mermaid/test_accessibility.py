"""accTitle / accDescr (one line or a { } block) in every diagram type that reads them, between other
statements: they fill the spec's accessibility fields and the statements around them still count."""

from __future__ import annotations

import pytest

from autograph_desktop.mermaid.parse import parse

BODIES = {
    "pie": ('pie\n', '"A" : 1\n', '"B" : 2\n', (2, 0)),
    "journey": ("journey\nsection Morning\n", "Make tea: 5: Me\n", "Walk: 3: Me, Dog\n", (2, 0)),
    "timeline": ("timeline\n", "2020 : Founded\n", "2021 : Launched\n", (4, None)),  # periods and events
    "gitGraph": ("gitGraph\n", "commit\n", "commit\n", (2, None)),
    "gantt": ("gantt\ndateFormat YYYY-MM-DD\nsection S\n", "Design :a1, 2024-01-01, 3d\n",
              "Build :after a1, 5d\n", (2, None)),
    "sequence": ("sequenceDiagram\n", "Alice->>Bob: hi\n", "Bob->>Alice: hello\n", (2, 2)),
}


@pytest.mark.parametrize("kind", list(BODIES))
@pytest.mark.parametrize("descr", ["accDescr: A short description", "accDescr {\n  A short\n  description\n}"])
def test_accessibility_statements_are_read_and_the_rest_still_counts(kind: str, descr: str) -> None:
    head, first, second, (nodes, edges) = BODIES[kind]
    spec = parse(f"{head}accTitle: The title\n{first}{descr}\n{second}")
    assert spec.acc_title == "The title"
    assert spec.acc_descr == ("A short description" if "{" not in descr else "A short\ndescription")
    counted = spec.counts()
    assert counted[0] == nodes
    if edges is not None:
        assert counted[1] == edges
