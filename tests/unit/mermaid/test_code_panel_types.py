"""The code panel knows the new diagram types: every snippet reads and draws, and their keywords are coloured."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument

from autograph_desktop.gui.code.highlighter import MermaidHighlighter
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.snippets import SNIPPETS
from autograph_desktop.mermaid.to_model import spec_to_diagram

NEW_TYPES = ("architecture", "c4", "block", "requirement", "kanban")


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_snippets_read_and_draw(kind: str) -> None:
    spec = parse(SNIPPETS[kind])
    assert spec.diagram_type == kind and not spec.warnings
    nodes, _ = spec.counts()
    assert nodes >= 2 and len(spec_to_diagram(spec)) >= nodes


@pytest.mark.parametrize(("line", "word"), [("    service api(server)[API] in cloud", "service"),
                                             ("    System_Boundary(b, \"Shop\") {", "System_Boundary"),
                                             ("    columns 3", "columns"),
                                             ("    login_test - verifies -> login", "verifies")])
def test_keywords_are_highlighted(qapp: object, line: str, word: str) -> None:
    document = QTextDocument()
    highlighter = MermaidHighlighter(document)
    document.setPlainText("architecture-beta\n" + line)
    highlighter.rehighlight()
    header, body = document.firstBlock(), document.firstBlock().next()
    assert any(r.start == 0 and r.format.fontWeight() > 400 for r in header.layout().formats())
    start = line.index(word)
    keyword = [r for r in body.layout().formats() if r.start <= start < r.start + r.length]
    plain = [r for r in body.layout().formats() if r.start <= 0 < r.start + r.length]
    assert keyword and keyword[0].format.fontWeight() > 400 and not plain
