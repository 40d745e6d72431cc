"""Every corpus example of the graph-like diagram types parses, with Mermaid's own node and edge counts.

The examples under tests/corpus/mermaid/<type>/ follow Mermaid's documentation; each folder's
expected.json maps a file name to {"diagram_type", "nodes", "edges"}.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograph_desktop.mermaid.parse import parse

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "mermaid"
FOLDERS = ("flowchart", "class", "er", "state")


def _cases() -> list[tuple[Path, dict[str, object]]]:
    cases: list[tuple[Path, dict[str, object]]] = []
    for folder in FOLDERS:
        directory = CORPUS / folder
        expected_path = directory / "expected.json"
        if not expected_path.exists():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        cases.extend((directory / name, values) for name, values in sorted(expected.items()))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("path", "expected"), CASES, ids=[f"{p.parent.name}/{p.name}" for p, _ in CASES])
def test_corpus_counts(path: Path, expected: dict[str, object]) -> None:
    spec = parse(path.read_text(encoding="utf-8"), source=str(path))
    nodes, edges = spec.counts()
    assert {"diagram_type": spec.diagram_type, "nodes": nodes, "edges": edges} == expected


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_corpus_file_is_listed(folder: str) -> None:
    directory = CORPUS / folder
    if not (directory / "expected.json").exists():
        pytest.skip(f"no {folder} corpus yet")
    listed = set(json.loads((directory / "expected.json").read_text(encoding="utf-8")))
    assert {p.name for p in directory.glob("*.mmd")} == listed
