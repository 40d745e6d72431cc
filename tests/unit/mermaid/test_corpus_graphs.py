"""Every corpus example of the graph-like diagram types parses, with Mermaid's own node and edge counts.

The examples under tests/corpus/mermaid/<type>/ follow Mermaid's documentation; each folder's
expected.json maps a file name to {"diagram_type", "nodes", "edges"}. A seeded token-soup test checks
that nonsense gives either a result or an InvalidInput that is located and hinted, never a crash.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput

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


_TOKENS = (
    "A", "B", "c1", "end", "subgraph", "direction", "LR", "classDef", "class", "style", "linkStyle", "click", "-->",
    "---", "-.->", "==>", "~~~", "--o", "<-->", "|", "|x|", "[", "]", "(", ")", "{", "}", "{{", "}}", "((", "))", ">",
    "/", "\\", '"', "`", ":::", ":", "&", ";", "\n", "  ", "@{", "shape:", "rect", "label:", "e1@", "-- t", "#quot;",
    "0", "default", "href", "call", "fn()", "accTitle", "accDescr", "note", "for", "state", "[*]", "<<choice>>",
    "--", "..", "||", "o{", "|{", "}|", "to", "only one", "PK", "FK", "<|--", "*--", "o--", "..>", "..|>",
    "namespace", "<<interface>>", "~T~", "+int x", "-foo()$", "as", "left of", "right of", "end note", '"q"',
)


@pytest.mark.parametrize("header", ["flowchart LR", "classDiagram", "erDiagram", "stateDiagram-v2"])
def test_token_soup_gives_a_result_or_a_located_error(header: str) -> None:
    rng = random.Random(header)
    for _ in range(1500):
        text = header + "\n" + " ".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 25)))
        try:
            parse(text)
        except InvalidInput as error:
            problem = error.problems[0]
            assert problem.line is not None and problem.column is not None, text
            assert problem.hint and problem.snippet is not None, text
