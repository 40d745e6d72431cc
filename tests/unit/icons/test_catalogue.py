"""The icon catalogue: real bundled sets, fuzzy ranking, typo tolerance and hostile queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograph_desktop.icons import IconCatalogue, IconEntry, shared_catalogue
from autograph_desktop.icons.catalogue import load_diagrams_pack
from autograph_desktop.icons.search import FuzzyIndex, is_subsequence, normalise


@pytest.fixture(scope="module")
def catalogue() -> IconCatalogue:
    return shared_catalogue()


def test_bundled_sets_give_well_over_3000_icons(catalogue: IconCatalogue) -> None:
    assert len(catalogue) > 3000
    sets = catalogue.sets()
    assert sets["si"] > 3000  # brands
    assert sets["mdi6"] > 5000


@pytest.mark.parametrize("query, expected", [
    ("kubernetes", "si.kubernetes"), ("postgres", "si.postgresql"), ("github", "si.github"),
    ("kuberntes", "si.kubernetes"), ("postgresql", "si.postgresql"), ("database", "mdi6.database"),
])
def test_finds_common_icons_near_the_top(catalogue: IconCatalogue, query: str, expected: str) -> None:
    ids = [e.id for e in catalogue.search(query, 10)]
    assert expected in ids[:5]


def test_multi_word_query_ranks_names_with_every_word(catalogue: IconCatalogue) -> None:
    ids = [e.id for e in catalogue.search("arrow right", 5)]
    assert all("arrow" in i and "right" in i for i in ids)


def test_limit_and_empty_queries(catalogue: IconCatalogue) -> None:
    assert catalogue.search("", 10) == []
    assert catalogue.search("   ", 10) == []
    assert catalogue.search("user", 0) == []
    assert len(catalogue.search("a", 7)) == 7


@pytest.mark.parametrize("query", ["\x00\x01", "'; DROP TABLE icons; --", "ü" * 50, "[(.*+?", "a" * 100_000,
                                   "🙂🙂", "zzzzzzzzqqqq"])
def test_hostile_and_huge_queries_do_not_fail(catalogue: IconCatalogue, query: str) -> None:
    results = catalogue.search(query, 20)
    assert len(results) <= 20


def test_duplicate_ids_are_kept_once() -> None:
    entry = IconEntry("x.a", "alpha", "x")
    catalogue = IconCatalogue([entry, entry, IconEntry("x.b", "beta", "x")])
    assert len(catalogue) == 2
    assert catalogue.get("x.a") == entry
    assert "x.b" in catalogue


def test_keywords_are_searchable() -> None:
    catalogue = IconCatalogue([IconEntry("x.ec2", "EC2", "x", ("aws", "compute")), IconEntry("x.b", "bee", "x")])
    assert [e.id for e in catalogue.search("aws", 5)] == ["x.ec2"]


def test_index_helpers() -> None:
    assert normalise("AWS Lambda-Function") == ("awslambdafunction", ("aws", "lambda", "function"))
    assert is_subsequence("pgs", "postgres") >= 0
    assert is_subsequence("xyz", "postgres") == -1
    index = FuzzyIndex([("postgresql", ()), ("mysql", ()), ("sqlite", ())])
    assert index.search("sql")[0] in (1, 2)  # prefix match on 'sqlite' or the shorter containing name
    assert index.search("postgrs") == [0]


def test_diagrams_pack_is_indexed_from_installed_files(tmp_path: Path) -> None:
    """The optional pack lays PNGs out as provider/category/name.png; each becomes a searchable icon."""
    for rel in ("aws/compute/lambda.png", "k8s/compute/pod.png", "onprem/database/postgresql.png",
                "aws/compute/readme.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not really a png")
    entries = load_diagrams_pack(tmp_path)
    assert {e.id for e in entries} == {"diagrams.aws/compute/lambda", "diagrams.k8s/compute/pod",
                                       "diagrams.onprem/database/postgresql"}
    catalogue = IconCatalogue(entries)
    assert catalogue.search("kubernetes pod", 3)[0].id == "diagrams.k8s/compute/pod"
    assert catalogue.search("aws lambda", 3)[0].id == "diagrams.aws/compute/lambda"


def test_missing_pack_directory_gives_nothing(tmp_path: Path) -> None:
    assert load_diagrams_pack(tmp_path / "absent") == []
