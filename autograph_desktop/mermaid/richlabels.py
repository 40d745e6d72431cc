"""Mermaid labels as Mermaid draws them: `<br>` and other HTML tags, and markdown strings ("`**bold**`").

Parsers keep a label's source text; before a graph-like diagram is sized and built, each label becomes
its plain text (line breaks where `<br>` stood, no markup left) plus rich text runs for the bold and
italic parts, so nothing like a literal `<br>` or `**` reaches the canvas. Markdown strings come back
out of the exporter as markdown strings.
"""

from __future__ import annotations

import re
from typing import Any

from autograph_desktop.model.richhtml import parse_html_label
from autograph_desktop.model.richtext import RUNS_KEY, Run, element_runs, runs_to_json

#: An HTML tag Mermaid's HTML labels render (anything else with a `<` is text, like `a < b`).
_TAG = re.compile(r"<\s*/?\s*(br|b|i|u|s|em|strong|span|font|div|p|sub|sup|a|small|big|code|ul|ol|li)\b[^>]*>",
                  re.I)
#: Markdown emphasis: ***both***, **bold** or __bold__, *italic* or _italic_ (underscores only at word edges).
_EMPHASIS = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*|\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"
                       r"|\*(?=\S)(.+?)(?<=\S)\*|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)


def markdown_runs(text: str) -> tuple[str, tuple[Run, ...] | None]:
    """(plain text, runs) of a Mermaid markdown string; runs None when nothing is emphasised."""
    runs: list[Run] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()]))
        both, bold, bold2, italic, italic2 = match.groups()
        body = both or bold or bold2 or italic or italic2 or ""
        runs.append(Run(body, bold=bool(both or bold or bold2), italic=bool(both or italic or italic2)))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    plain = "".join(run.text for run in runs)
    return plain, (tuple(runs) if any(not run.plain for run in runs) else None)


def rich_label(text: str, markdown: bool, base_size: float = 16.0) -> tuple[str, tuple[Run, ...] | None]:
    """(plain text, runs or None) of a label as written in Mermaid."""
    if markdown:
        text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
        return markdown_runs(text)
    if "<" in text and _TAG.search(text):
        return parse_html_label(text.replace("\n", "<br>"), base_size)
    return text, None


def prepare_labels(draft: Any) -> None:
    """Rewrite a GraphDraft's labels in place: plain text for sizing and search, runs in the node's data."""
    for node in draft.nodes.values():
        if RUNS_KEY in node.data:
            continue  # prepared already
        text, runs = rich_label(node.text, node.data.get("markdown") == "1", node.style.font_size)
        node.text = text
        if runs is not None:
            node.data[RUNS_KEY] = runs_to_json(runs)
    for edge in draft.edges:
        edge.label = rich_label(edge.label, edge.data.get("markdown") == "1")[0]
    for cluster in draft.clusters.values():
        cluster.title = rich_label(cluster.title, False)[0]


def sizing_bold(data: dict[str, str]) -> bool:
    """Whether a node's label has bold runs (its box is then measured bold, so no word falls out of it)."""
    stored = data.get(RUNS_KEY, "")
    return '"b":1' in stored


def markdown_label(text: str, stored: str) -> str | None:
    """A node's text as a Mermaid markdown string when it has bold or italic runs (None: write it plain)."""
    runs = element_runs(text, stored)
    if runs is None:
        return None
    out = []
    for run in runs:
        body = run.text.replace("`", "'")
        if run.bold and run.italic:
            body = f"***{body}***"
        elif run.bold:
            body = f"**{body}**"
        elif run.italic:
            body = f"*{body}*"
        out.append(body)
    return "".join(out)
