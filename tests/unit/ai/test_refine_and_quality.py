"""Refinement as a diff that keeps the user's layout, over several rounds, and the quality score."""

from __future__ import annotations

import pytest

from autograph_desktop.ai.apply import insert_transaction
from autograph_desktop.ai.build import build
from autograph_desktop.ai.iconmap import IconResolver
from autograph_desktop.ai.quality import score
from autograph_desktop.ai.refine import current_mermaid, refine_transaction
from autograph_desktop.icons import IconEntry
from autograph_desktop.model import (
    Connector,
    Diagram,
    DiagramMeta,
    Endpoint,
    Frame,
    History,
    Icon,
    Shape,
    edits,
)

RESOLVER = IconResolver([IconEntry(i, i.split(".")[1], i.split(".")[0]) for i in (
    "si.postgresql", "si.redis", "ph.user", "ph.browser", "mdi6.database", "si.apachekafka", "mdi6.cached")])

V1 = """flowchart LR
  user(["Customer"]) --> web["Web app"]
  web --> api["Orders API"]
  subgraph data ["Data"]
    db[("Orders DB (PostgreSQL)")]
  end
  api --> db
"""


def insert(doc: Diagram, history: History, mermaid: str) -> None:
    built = build(mermaid, resolver=RESOLVER, architecture=True)
    history.execute(insert_transaction(doc, built.diagram))
    assert doc.meta.kind == built.diagram_type and doc.meta.source == mermaid


def refine(doc: Diagram, history: History, mermaid: str) -> object:
    built = build(mermaid, resolver=RESOLVER, architecture=True)
    txn, diff = refine_transaction(doc, built.diagram)
    assert history.execute(txn)
    return diff


def positions(doc: Diagram) -> dict[str, tuple[float, float]]:
    return {e.get("mermaid_id"): (e.x, e.y) for e in doc if isinstance(e, Shape) and e.get("mermaid_id")}


def sound(doc: Diagram) -> None:
    """Every connector end and every parent exists; no two nodes share a Mermaid id."""
    for el in doc:
        if el.parent is not None:
            assert el.parent in doc, f"{el.kind} {el.id} has a missing parent"
        if isinstance(el, Connector):
            for end in (el.source, el.target):
                assert end.element is None or end.element in doc
    ids = [e.get("mermaid_id") for e in doc if isinstance(e, Shape) and e.get("mermaid_id")]
    assert len(ids) == len(set(ids))


def test_five_refinements_keep_unchanged_nodes_in_place_and_undo_one_by_one() -> None:
    doc = Diagram()
    history = History(doc)
    insert(doc, history, V1)
    # the user drags the API somewhere else first; refinements must respect that
    api = next(e for e in doc if e.get("mermaid_id") == "api")
    history.execute(edits.move(doc, [api.id], 40, 120))
    snapshots = [doc.snapshot()]
    before = positions(doc)
    api_centre = doc[api.id].rect.center
    rounds = [
        ("add a caching layer", lambda m: m.replace("  api --> db\n", "  api --> db\n  api --> cache[(\"Cache (Redis)\")]\n")),
        ("add an event stream", lambda m: m.rstrip("\n") + "\n  api --> events[[\"Events (Kafka)\"]]\n"),
        ("make the database a cluster", lambda m: m.replace("Orders DB (PostgreSQL)", "Orders DB cluster (PostgreSQL)")),
        ("remove the customer", lambda m: "\n".join(line for line in m.split("\n") if "user" not in line) + "\n"),
        ("rename the API", lambda m: m.replace('"Orders API"', '"Orders API v2"')),
    ]
    diffs = []
    for _instruction, change in rounds:
        diffs.append(refine(doc, history, change(current_mermaid(doc))))
        sound(doc)
        snapshots.append(doc.snapshot())
    after = positions(doc)
    assert after["web"] == before["web"]
    assert doc[api.id].rect.center == pytest.approx(api_centre)  # renamed in place: same element, same centre
    assert "user" not in after and {"cache", "events"} <= after.keys()
    assert [d.added for d in diffs[:2]] == [["cache"], ["events"]]  # type: ignore[attr-defined]
    assert diffs[2].changed == ["db"] and diffs[3].removed == ["user"]  # type: ignore[attr-defined]
    texts = {e.get("mermaid_id"): e.text for e in doc if isinstance(e, Shape)}
    assert texts["db"] == "Orders DB cluster (PostgreSQL)" and texts["api"] == "Orders API v2"
    assert {e.icon for e in doc if isinstance(e, Icon)} >= {"si.postgresql", "si.redis", "si.apachekafka"}
    cache = next(e for e in doc if e.get("mermaid_id") == "cache")
    assert any(isinstance(c, Connector) and c.target.element == cache.id for c in doc)
    # new nodes do not land on old ones
    boxes = [e for e in doc if isinstance(e, Shape)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h), (a.text, b.text)
    assert history.steps[-5:] == ["AI: refine"] * 5
    for expected in reversed(snapshots[:-1]):
        assert history.undo()
        assert doc.snapshot() == expected
    for expected in snapshots[1:]:
        assert history.redo()
        assert doc.snapshot() == expected


def test_refine_of_a_hand_drawn_canvas_matches_by_the_exported_ids() -> None:
    a = Shape(id="a", x=0, y=0, w=120, h=60, text="Web", z="a0")
    b = Shape(id="b", x=300, y=0, w=120, h=60, text="API", z="a1")
    conn = Connector(id="c", source=Endpoint("a"), target=Endpoint("b"), z="a2")
    doc = Diagram(DiagramMeta(), [a, b, conn])
    history = History(doc)
    text = current_mermaid(doc)
    assert 'n1["Web"]' in text and "n1 --> n2" in text
    refine(doc, history, text.rstrip("\n") + '\n  n2 --> n3["Database"]\n')
    assert (doc["a"].x, doc["b"].x) == (0, 300) and "c" in doc
    assert any(isinstance(e, Shape) and e.text == "Database" for e in doc)
    sound(doc)


def test_subgraphs_are_added_around_new_members_and_removed_frames_free_theirs() -> None:
    doc = Diagram()
    history = History(doc)
    insert(doc, history, V1)
    grown = current_mermaid(doc).rstrip("\n") + '\n  subgraph ops ["Operations"]\n    mon["Monitoring"]\n  end\n  api --> mon\n'
    refine(doc, history, grown)
    frames = {f.text: f for f in doc if isinstance(f, Frame)}
    mon = next(e for e in doc if e.get("mermaid_id") == "mon")
    assert set(frames) == {"Data", "Operations"} and mon.parent == frames["Operations"].id
    flat = "\n".join(line for line in current_mermaid(doc).split("\n") if "subgraph data" not in line)
    flat = flat.replace("  end\n  subgraph ops", "  subgraph ops", 1)
    refine(doc, history, flat)
    sound(doc)
    assert "Data" not in {f.text for f in doc if isinstance(f, Frame)}


def test_fixed_layout_types_are_replaced_where_they_stood() -> None:
    doc = Diagram()
    history = History(doc)
    insert(doc, history, "sequenceDiagram\n  participant A\n  participant B\n  A->>B: hello\n")
    history.execute(edits.move(doc, [e.id for e in doc if e.parent is None], 500, 200))
    box = doc.bbox()
    refine(doc, history, "sequenceDiagram\n  participant A\n  participant B\n  participant C\n  A->>B: hello\n  B->>C: hi\n")
    new_box = doc.bbox()
    assert box is not None and new_box is not None
    assert (round(new_box.x), round(new_box.y)) == (round(box.x), round(box.y))
    assert doc.meta.source.count("participant") == 3
    history.undo()
    assert doc.bbox() == box


def test_quality_rewards_clean_drawings_and_names_the_faults() -> None:
    clean = build(V1, resolver=RESOLVER).diagram
    assert score(clean).score >= 80
    crowded = Diagram(DiagramMeta(kind="flowchart"), [
        Shape(id="a", x=0, y=0, w=100, h=50, text="A", data=(("mermaid_id", "a"),)),
        Shape(id="b", x=50, y=20, w=100, h=50, text="B", data=(("mermaid_id", "b"),)),
        Shape(id="c", x=400, y=0, w=100, h=50, text="C", data=(("mermaid_id", "c"),)),
        Shape(id="d", x=400, y=200, w=40, h=20, text="A label far too long to fit its little box at all",
              data=(("mermaid_id", "d"),)),
        Connector(id="x", source=Endpoint("a"), target=Endpoint("b"))])
    report = score(crowded, "flowchart")
    assert report.overlaps == 1 and report.disconnected == 2 and report.unreadable_labels == 1
    assert report.score < 80 and "overlapping" in report.summary()
    crossing = Diagram(DiagramMeta(kind="flowchart"), [
        *(Shape(id=k, x=x, y=y, w=40, h=40, text=k, data=(("mermaid_id", k),))
          for k, x, y in (("a", 0, 0), ("b", 300, 300), ("c", 300, 0), ("d", 0, 300))),
        Connector(id="ab", source=Endpoint("a"), target=Endpoint("b")),
        Connector(id="cd", source=Endpoint("c"), target=Endpoint("d"))])
    assert score(crossing, "flowchart").crossings == 1


def test_a_generated_diagram_goes_beside_what_is_on_the_canvas() -> None:
    doc = Diagram(DiagramMeta(title="Untitled 1"), [Shape(id="mine", x=0, y=0, w=300, h=200, text="Mine", z="a0")])
    history = History(doc)
    built = build(V1, resolver=RESOLVER)
    history.execute(insert_transaction(doc, built.diagram))
    assert doc["mine"].x == 0 and doc.meta.kind == "freeform"  # the user's canvas keeps its own identity
    added = [e for e in doc if isinstance(e, Shape) and e.id != "mine"]
    assert min(e.x for e in added) >= 300 and history.steps == ["AI: generate"]
    history.undo()
    assert [e.id for e in doc] == ["mine"]
