"""Every corpus example of sequence, gantt, gitGraph, mindmap, pie, timeline and journey parses with the
expected counts.

The examples under tests/corpus/mermaid/<type>/ are written from Mermaid's documentation; each folder's
expected.json maps a file name to {"diagram_type", "nodes", "edges"} with the counting rule documented on
each spec's `counts()`. A seeded token-soup test checks that nonsense gives a result or a located,
hinted InvalidInput - never another exception.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "mermaid"
FOLDERS = ("sequence", "gantt", "gitgraph", "mindmap", "pie", "timeline", "journey")


def _cases() -> list[tuple[Path, dict[str, object]]]:
    cases: list[tuple[Path, dict[str, object]]] = []
    for folder in FOLDERS:
        expected = json.loads((CORPUS / folder / "expected.json").read_text(encoding="utf-8"))
        cases.extend((CORPUS / folder / name, values) for name, values in sorted(expected.items()))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("path", "expected"), CASES, ids=[f"{p.parent.name}/{p.name}" for p, _ in CASES])
def test_corpus_counts(path: Path, expected: dict[str, object]) -> None:
    spec = parse(path.read_text(encoding="utf-8"), source=str(path))
    nodes, edges = spec.counts()
    assert {"diagram_type": spec.diagram_type, "nodes": nodes, "edges": edges} == expected
    assert not [w for w in spec.warnings if w.severity == "error"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_corpus_file_is_listed(folder: str) -> None:
    directory = CORPUS / folder
    listed = set(json.loads((directory / "expected.json").read_text(encoding="utf-8")))
    assert {p.name for p in directory.glob("*.mmd")} == listed
    assert len(listed) >= 2


_HEADERS = ("sequenceDiagram", "gantt", "gitGraph", "mindmap", "pie", "timeline", "journey")
_TOKENS = (
    "A", "B", "->>", "-->>", "-x", "--)", "<<->>", "+", "-", ":", "::", ":::", ";", ",", "\n", "  ", "    ", "\t",
    "participant", "actor", "as", "@{", "}", '"type": "queue"', "loop", "alt", "else", "opt", "par", "and", "critical",
    "option", "break", "rect", "box", "end", "note", "left of", "right of", "over", "activate", "deactivate",
    "autonumber", "10", "-1", "off", "create", "destroy", "link", "links", "{", "title", "section", "dateFormat",
    "YYYY-MM-DD", "HH:mm", "excludes", "weekends", "2024-01-01", "2024-02-30", "3d", "1.5w", "after", "until",
    "done", "active", "crit", "milestone", "commit", "id:", '"x"', "branch", "checkout", "merge", "cherry-pick",
    "type:", "HIGHLIGHT", "tag:", "order:", "parent:", "[", "]", "(", ")", "((", "))", "{{", "}}", "::icon(",
    '"', "`", "#9829;", "<br/>", "5", "0", "42.5", "1e999", "%%", "accTitle:", "accDescr {",
)


@pytest.mark.parametrize("seed", range(600))
def test_token_soup_never_crashes(seed: int) -> None:
    rng = random.Random(seed)
    text = rng.choice(_HEADERS) + "\n" + "".join(rng.choice(_TOKENS) + rng.choice(("", " ", "\n"))
                                                for _ in range(rng.randint(1, 60)))
    try:
        spec = parse(text)
    except InvalidInput as exc:
        assert exc.problems
        problem = exc.problems[0]
        assert problem.message and problem.hint
        assert problem.line is not None and problem.line >= 1 and problem.column is not None
    else:
        spec.counts()


@pytest.mark.parametrize("header", _HEADERS)
def test_nul_bytes_and_empty_bodies(header: str) -> None:
    with pytest.raises(InvalidInput):
        parse(header + "\n  A\x00B")
    try:
        parse(header + "\n\n   \n")
    except InvalidInput as exc:
        assert exc.problems[0].hint
