"""The code panel with the chart types: each snippet builds a grouped native chart, and their words are coloured."""

from __future__ import annotations

from PySide6.QtGui import QFont

from autograph_desktop.gui.code import CodePanel
from autograph_desktop.mermaid.chart_snippets import CHART_SNIPPETS
from autograph_desktop.model import Group


def test_every_chart_snippet_builds_from_the_panel(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = CodePanel("")
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    qtbot.waitExposed(panel)
    for name in CHART_SNIPPETS:
        index = panel.snippets.findText(name)
        assert index >= 0, name
        panel.set_text("")
        panel.snippets.activated.emit(index)
        qtbot.waitUntil(lambda n=name: panel.last_result is not None and panel.last_result.diagram_type == n,
                        timeout=5000)
        assert not panel.editor.problems, name
        if name != "zenuml":  # ZenUML is drawn as a sequence diagram, not a chart
            assert sum(1 for e in panel.doc if isinstance(e, Group)) == 1, name


def test_chart_statements_are_highlighted(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = CodePanel(CHART_SNIPPETS["xychart"])
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    block = panel.editor.document().findBlockByNumber(2)  # "    x-axis [Jan, Feb, Mar, Apr]"
    assert "x-axis" in block.text()
    start = block.text().index("x-axis")
    bold = [r for r in block.layout().formats()
            if r.start <= start < r.start + r.length and r.format.fontWeight() == QFont.Weight.Bold]
    assert bold, [(r.start, r.length) for r in block.layout().formats()]
