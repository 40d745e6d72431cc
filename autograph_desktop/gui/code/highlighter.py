"""Syntax colours for Mermaid in the code panel: keywords, arrows, strings, comments, shapes, numbers."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from autograph_desktop.mermaid.chart_snippets import CHART_WORDS
from autograph_desktop.mermaid.common import KEYWORDS

_STATEMENTS = ["subgraph", "end", "direction", "classDef", "class", "style", "linkStyle", "click", "call", "href", "participant", "actor", "as", "loop", "alt", "else", "opt", "par", "and", "critical", "option", "break", "rect", "note", "over", "left", "right", "of", "activate", "deactivate", "autonumber", "box", "title", "section", "dateFormat", "axisFormat", "excludes", "todayMarker", "tickInterval", "state", "commit", "branch", "checkout", "switch", "merge", "cherry-pick", "id", "tag", "type", "showData", "accTitle", "accDescr", "namespace", "create", "destroy"]
# architecture, C4, block, requirement, kanban
_STATEMENTS += ["group", "service", "junction", "in", "columns", "space", "block", "element", "requirement", "functionalRequirement", "interfaceRequirement", "performanceRequirement", "physicalRequirement", "designConstraint", "contains", "copies", "derives", "satisfies", "verifies", "refines", "traces", "risk", "verifymethod", "docref", "text", "Person", "Person_Ext", "System", "System_Ext", "SystemDb", "SystemDb_Ext", "SystemQueue", "SystemQueue_Ext", "Container", "Container_Ext", "ContainerDb", "ContainerDb_Ext", "ContainerQueue", "ContainerQueue_Ext", "Component", "Component_Ext", "ComponentDb", "ComponentDb_Ext", "ComponentQueue", "ComponentQueue_Ext", "Boundary", "Enterprise_Boundary", "System_Boundary", "Container_Boundary", "Deployment_Node", "Node", "Node_L", "Node_R", "Rel", "BiRel", "Rel_U", "Rel_Up", "Rel_D", "Rel_Down", "Rel_L", "Rel_Left", "Rel_R", "Rel_Right", "Rel_Back", "RelIndex", "UpdateElementStyle", "UpdateRelStyle", "UpdateLayoutConfig"]


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    return fmt


PALETTES = {
    "light": {"header": "#7048e8", "keyword": "#1c7ed6", "arrow": "#d6336c", "string": "#2f9e44",
              "comment": "#868e96", "number": "#e8590c", "bracket": "#0c8599"},
    "dark": {"header": "#b197fc", "keyword": "#74c0fc", "arrow": "#faa2c1", "string": "#8ce99a",
             "comment": "#868e96", "number": "#ffc078", "bracket": "#66d9e8"},
}


class MermaidHighlighter(QSyntaxHighlighter):
    """Rules are applied in order; later rules win where they overlap (strings and comments last)."""

    def __init__(self, document: QTextDocument, theme: str = "light") -> None:
        super().__init__(document)
        self.set_theme(theme)

    def set_theme(self, theme: str) -> None:
        colours = PALETTES.get(theme, PALETTES["light"])
        header_words = "|".join(re.escape(k) for k in sorted(KEYWORDS, key=len, reverse=True))
        statement_words = "|".join(re.escape(k) for k in sorted({*_STATEMENTS, *CHART_WORDS}, key=len, reverse=True))
        self._rules: list[tuple[re.Pattern[str], QTextCharFormat]] = [
            (re.compile(rf"^\s*(?:{header_words})\b"), _format(colours["header"], bold=True)),
            (re.compile(rf"\b(?:{statement_words})\b"), _format(colours["keyword"], bold=True)),
            (re.compile(r"[\[\]\(\)\{\}]+|>(?=[^\s>])"), _format(colours["bracket"])),
            (re.compile(r"<<?-?-?>>?|[-=.~ox<]*[-=.~]{2,}[>ox)]*|-[>x)]+|\|[^|\n]*\|"), _format(colours["arrow"], bold=True)),
            (re.compile(r"\b\d+(?:\.\d+)?[dwhms]?\b"), _format(colours["number"])),
            (re.compile(r'"[^"\n]*"?'), _format(colours["string"])),
            (re.compile(r"%%(?!\{).*$"), _format(colours["comment"], italic=True)),
            (re.compile(r"%%\{.*?\}%%"), _format(colours["comment"], bold=True)),
        ]
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if len(text) > 20_000:
            return  # a pasted megabyte line is left plain rather than freezing the editor
        for pattern, fmt in self._rules:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
