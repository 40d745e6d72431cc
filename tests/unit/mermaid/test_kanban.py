"""kanban: columns and cards by indentation, metadata, ticket links, native cards in column frames, round trip."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_fuzz import mutated, read_or_invalid

from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.kanban import KanbanSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.elements import Frame, Group, Shape, Text
from autograph_desktop.model.problems import InvalidInput

BOARD = """---
config:
  kanban:
    ticketBaseUrl: 'https://tracker.example/browse/#TICKET#'
---
kanban
  Backlog
    [Sketch the settings page]
    cache[Cache icon renders]@{ priority: 'Low' }
  doing[In progress]
    sync(Offline sync, second pass)@{ ticket: SYN-41, assigned: 'Ana Ruiz', priority: 'Very High' }
      nested[Deeper than its siblings]
  Waiting for review
  done[Done]
    ship[Ship 1.0]@{ ticket: REL-1, assigned: "sam, pat" }
"""


def board(text: str) -> KanbanSpec:
    spec = parse(text)
    assert isinstance(spec, KanbanSpec)
    return spec


def test_columns_cards_and_metadata() -> None:
    spec = board(BOARD)
    assert [c.title for c in spec.columns] == ["Backlog", "In progress", "Waiting for review", "Done"]
    assert spec.counts() == (5, 0) and [len(c.cards) for c in spec.columns] == [2, 2, 0, 1]
    sync = spec.columns[1].cards[0]
    assert (sync.id, sync.text, sync.ticket, sync.assigned, sync.priority) == (
        "sync", "Offline sync, second pass", "SYN-41", "Ana Ruiz", "Very High")
    assert spec.columns[3].cards[0].assigned == "sam, pat" and spec.columns[0].cards[0].text == "Sketch the settings page"
    assert spec.ticket_url("SYN-41") == "https://tracker.example/browse/SYN-41"
    assert [w.line for w in spec.warnings] == [12], "a deeper card is flattened with a warning"


def test_unknown_metadata_and_priorities_warn() -> None:
    spec = board("kanban\n  todo[To do]\n    a[A]@{ priority: 'Urgent', owner: kim }\n")
    assert spec.columns[0].cards[0].priority == ""
    assert sorted(w.message.split("'")[1] for w in spec.warnings) == ["Urgent", "owner"]


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ("  todo[To do\n", 2, 7, "unclosed '['"),
    ("  todo[To do]\n    a[A]@{ priority: 'High'\n", 3, 9, "unclosed '@{'"),
    ("  todo[To do]\n    a[A]@{ priority 'High' }\n", 3, 12, "'key: value'"),
    ("  todo[To do]\n    a[A] trailing\n", 3, 10, "unexpected 'trailing'"),
    ("  todo[To do]\n    a[\"quoted]\n", 3, 7, "unclosed quote"),
])
def test_errors_are_located(body: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse("kanban\n" + body)
    problem = info.value.problems[0]
    assert words in problem.message and problem.hint
    assert (problem.line, problem.column) == (line, column)


def test_native_cards_sit_in_their_column_frames() -> None:
    doc = spec_to_diagram(board(BOARD))
    frames = sorted((f for f in doc if isinstance(f, Frame)), key=lambda f: f.x)
    assert [f.text for f in frames] == ["Backlog", "In progress", "Waiting for review", "Done"]
    assert len({(f.y, f.h) for f in frames}) == 1, "columns share one height"
    cards = [s for s in doc if isinstance(s, Shape) and s.get("kanban") == "card"]
    assert len(cards) == 5
    for card in cards:
        group = doc.get(card.parent or "")
        assert isinstance(group, Group)
        frame = doc.get(group.parent or "")
        assert isinstance(frame, Frame) and frame.rect.contains_rect(card.rect)
    in_progress = sorted((c for c in cards if doc.get(doc.get(c.parent or "").parent or "") is frames[1]),
                         key=lambda c: c.y)
    assert in_progress[0].rect.bottom < in_progress[1].y, "cards are stacked without overlap"
    sync = next(c for c in cards if c.get("mermaid_id") == "sync")
    assert sync.link == "https://tracker.example/browse/SYN-41"
    parts = {t.get("role"): t for t in doc if isinstance(t, Text) and t.parent == sync.parent}
    assert parts["kanban_ticket"].text == "SYN-41" and parts["kanban_ticket"].link == sync.link
    assert parts["kanban_assigned"].text == "Ana Ruiz"
    bar = next(s for s in doc if isinstance(s, Shape) and s.parent == sync.parent and s.get("role"))
    assert bar.style.fill == "#d9363e" and bar.h == sync.h


def _structure(spec: KanbanSpec) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    return [(c.title, [(k.text, k.ticket, k.assigned, k.priority) for k in c.cards]) for c in spec.columns]


def test_export_round_trips_the_example_and_keeps_the_ticket_url() -> None:
    spec = board(BOARD)
    again = board(to_mermaid(spec_to_diagram(spec)))
    assert _structure(again) == _structure(spec) and again.ticket_base_url == spec.ticket_base_url


def test_export_reads_canvas_edits() -> None:
    doc = spec_to_diagram(board(BOARD))
    card = next(s for s in doc if isinstance(s, Shape) and s.get("mermaid_id") == "ship")
    doc.replace(card.evolve(text="Ship [1.1]"))
    assert board(to_mermaid(doc)).columns[3].cards[0].text == "Ship [1.1]"


TEXT = st.text(alphabet="abc XYZ,:'\"#é()[]", min_size=1, max_size=14).map(str.strip).filter(bool)


@st.composite
def boards(draw: st.DrawFn) -> str:
    lines = ["kanban"]
    for n in range(draw(st.integers(1, 5))):
        lines.append(f'  c{n}["{draw(TEXT).replace(chr(34), "#quot;")}"]')
        for m in range(draw(st.integers(0, 4))):
            meta = {}
            for key in draw(st.lists(st.sampled_from(["ticket", "assigned", "priority"]), unique=True)):
                meta[key] = (draw(st.sampled_from(["Very High", "High", "Low", "Very Low"])) if key == "priority"
                             else draw(TEXT).replace("'", "#39;"))
            tail = "@{ " + ", ".join(f"{k}: '{v}'" for k, v in meta.items()) + " }" if meta else ""
            lines.append(f'    k{n}_{m}["{draw(TEXT).replace(chr(34), "#quot;")}"]{tail}')
    return "\n".join(lines) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards())
def test_generated_boards_round_trip(text: str) -> None:
    spec = board(text)
    assert _structure(board(to_mermaid(spec_to_diagram(spec)))) == _structure(spec)


@settings(max_examples=60, deadline=None)
@given(mutated(BOARD))
def test_mutated_sources_never_crash(text: str) -> None:
    read_or_invalid(text)
