"""Search: ranked FTS5 with prefix matching on the last word; hostile queries are just text."""

from __future__ import annotations

import pytest

from autograph_desktop.model import Connector, ConnectorLabel, Diagram, DiagramMeta, Endpoint, Shape
from autograph_desktop.store import Library
from autograph_desktop.store.search import fts_query


def diagram(title: str, *labels: str) -> Diagram:
    return Diagram(DiagramMeta(title=title), [Shape(id=f"e{i}", text=t, w=10, h=10, z=f"a{i}")
                                              for i, t in enumerate(labels)])


def test_title_matches_rank_above_label_matches(library: Library) -> None:
    label = library.diagrams.create(diagram("Checkout", "calls the authentication service"))
    title = library.diagrams.create(diagram("Authentication overview", "login"))
    assert [h.info.id for h in library.search.find("authentication")] == [title, label]


def test_last_word_is_a_prefix(library: Library) -> None:
    did = library.diagrams.create(diagram("Services", "Authorization server", "token endpoint"))
    assert [h.info.id for h in library.search.find("auth")] == [did]
    assert [h.info.id for h in library.search.find("token endp")] == [did]
    assert library.search.find("endp token") == []  # only the last word is a prefix
    assert library.search.find("auth ") == []  # a finished word is matched whole


def test_connector_labels_and_tags_are_searched(library: Library) -> None:
    doc = Diagram(DiagramMeta(title="t"), [
        Shape(id="a", w=1, h=1, z="a0"), Shape(id="b", w=1, h=1, z="a1"),
        Connector(id="c", source=Endpoint("a"), target=Endpoint("b"), labels=(ConnectorLabel("publishes"),), z="a2"),
    ])
    did = library.diagrams.create(doc)
    library.tags.add(did, "kafka-topics")
    assert [h.info.id for h in library.search.find("publishes")] == [did]
    assert [h.info.id for h in library.search.find("kafka")] == [did]


def test_accents_and_case_do_not_matter(library: Library) -> None:
    did = library.diagrams.create(diagram("Café Données", "Éléphant"))
    assert [h.info.id for h in library.search.find("cafe donnees")] == [did]
    assert [h.info.id for h in library.search.find("ELEPH")] == [did]


@pytest.mark.parametrize("query", [
    '"', '""', "'", "*", "auth*", "NEAR(a b)", "a AND", "OR", "NOT x", "title:auth", "-auth", "(", ")", "^",
    "a\x00b", "\u202e", "🙂", "x" * 100_000, "word " * 5000, "%", "_", "\\", "{a b}", "a + b",
])
def test_hostile_queries_never_raise(library: Library, query: str) -> None:
    library.diagrams.create(diagram("Auth near title", "x"))
    hits = library.search.find(query)
    assert isinstance(hits, list)


def test_query_builder_quotes_every_word() -> None:
    assert fts_query("auth serv") == '"auth" "serv"*'
    assert fts_query('he said "NEAR(x" OR y') == '"he" "said" "NEAR" "x" "OR" "y"*'
    assert fts_query("  ") is None
    assert fts_query("!!!") is None


def test_filters_apply_to_search(library: Library) -> None:
    folder = library.folders.create("F")
    a = library.diagrams.create(diagram("Queue A"), folder_id=folder)
    b = library.diagrams.create(diagram("Queue B"))
    c = library.diagrams.create(diagram("Queue C"))
    library.diagrams.star(b)
    library.tags.add(c, "ops")
    library.trash.add(c)
    assert {h.info.id for h in library.search.find("queue")} == {a, b}
    assert [h.info.id for h in library.search.find("queue", folder=folder)] == [a]
    assert [h.info.id for h in library.search.find("queue", starred=True)] == [b]
    assert [h.info.id for h in library.search.find("queue", trash=True)] == [c]
    assert [h.info.id for h in library.search.find("queue", trash=True, tag="ops")] == [c]


def test_search_over_many_diagrams_limits_results(library: Library) -> None:
    for i in range(120):
        library.diagrams.create(diagram(f"Diagram {i}", "shared word", f"unique{i}"))
    assert len(library.search.find("shared")) == 50
    assert len(library.search.find("shared", limit=500)) == 120
    [hit] = library.search.find("unique77")
    assert hit.info.title == "Diagram 77" and "[unique77]" in hit.snippet
