"""Mermaid `kanban` -> `KanbanSpec`: columns and the cards indented under them, with card metadata.

A column is a line at the left-most indentation (`todo[To do]`, `Todo`, `[In progress]`); the lines
indented under it are its cards, `id[Text]` with an optional `@{ ticket: MC-1, assigned: 'ana',
priority: 'High' }`. `config.kanban.ticketBaseUrl` (with `#TICKET#`) turns tickets into links. Ids may
repeat, as Mermaid allows.

`counts()`: nodes = cards, edges = 0 (columns become frames).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.textutil import clean_label, unquote
from autograph_desktop.model.problems import InvalidInput, Problem

PRIORITIES = ("Very High", "High", "Medium", "Low", "Very Low")
META_KEYS = ("ticket", "assigned", "priority", "label", "icon")
_BRACKETS = {"[": "]", "(": ")", "{": "}", "((": "))", "{{": "}}", "([": "])", "[[": "]]", ">": "]"}
_ID = re.compile(r"[^\s\[\](){}<>@\"]+")
NODE_HINT = "write  id[Text]  (a card may add  @{ ticket: MC-1, assigned: 'ana', priority: 'High' })"


@dataclass(slots=True)
class KanbanCard:
    id: str
    text: str
    ticket: str = ""
    assigned: str = ""
    priority: str = ""
    line: int = 0


@dataclass(slots=True)
class KanbanColumn:
    id: str
    title: str
    cards: list[KanbanCard] = field(default_factory=list)
    line: int = 0


@dataclass
class KanbanSpec:
    columns: list[KanbanColumn] = field(default_factory=list)
    ticket_base_url: str = ""
    title: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "kanban"

    def counts(self) -> tuple[int, int]:
        """Cards; no edges."""
        return sum(len(c.cards) for c in self.columns), 0

    def ticket_url(self, ticket: str) -> str:
        return self.ticket_base_url.replace("#TICKET#", ticket) if ticket and self.ticket_base_url else ""


def _fail(prepared: Prepared, line: SourceLine, at: int, message: str, hint: str) -> InvalidInput:
    return error(line, message, column=at + 1, hint=hint, source=prepared.source)


def read_node(prepared: Prepared, line: SourceLine, pos: int) -> tuple[str, str | None, dict[str, str], int]:
    """`id[text]@{...}` at `pos`: (id, text or None, metadata, position after it)."""
    text = line.text
    match = _ID.match(text, pos)
    node_id = match.group(0) if match else ""
    pos = match.end() if match else pos
    label: str | None = None
    opener = next((o for o in sorted(_BRACKETS, key=len, reverse=True) if text.startswith(o, pos)), None)
    if opener is None and node_id:  # plain text with spaces (`Ready for test`) is one node, as in mind maps
        stop = text.find("@{", pos)
        stop = len(text) if stop == -1 else stop
        node_id = text[pos - len(node_id):stop].strip()
        pos = pos - len(match.group(0)) + len(text[pos - len(match.group(0)):stop].rstrip()) if match else pos
    if opener is not None:
        closer = _BRACKETS[opener]
        start = pos + len(opener)
        inner_start = start + len(text[start:]) - len(text[start:].lstrip())
        if text.startswith('"', inner_start):
            quote_end = text.find('"', inner_start + 1)
            if quote_end == -1:
                raise _fail(prepared, line, inner_start, "unclosed quote in the card text", 'close it with "')
            close = text.find(closer, quote_end + 1)
        else:
            close = text.find(closer, start)
        if close == -1:
            raise _fail(prepared, line, pos, f"unclosed '{opener}'", f"close the text with '{closer}'")
        label = clean_label(unquote(text[start:close]))
        pos = close + len(closer)
    if not node_id and label is None:
        raise _fail(prepared, line, pos, f"unexpected '{text[pos:pos + 12]}'", NODE_HINT)
    meta: dict[str, str] = {}
    rest = text[pos:].strip()
    if rest.startswith("@{"):
        meta = read_meta(prepared, line, text.index("@{", pos))
    elif rest:
        raise _fail(prepared, line, text.index(rest, pos), f"unexpected '{rest[:20]}' after the card", NODE_HINT)
    return node_id, label, meta, len(text)


def read_meta(prepared: Prepared, line: SourceLine, at: int) -> dict[str, str]:
    """`@{ key: value, key: 'quoted, value' }`: both quote kinds may hold commas and braces."""
    text = line.text
    i = at + 2
    items: dict[str, str] = {}
    while True:
        while i < len(text) and text[i] in " \t,":
            i += 1
        if i >= len(text):
            raise _fail(prepared, line, at, "unclosed '@{'", "close the metadata with }")
        if text[i] == "}":
            if text[i + 1:].strip():
                raise _fail(prepared, line, i + 1, f"unexpected '{text[i + 1:].strip()[:20]}'", NODE_HINT)
            return items
        match = re.match(r"([A-Za-z_]\w*)\s*:\s*", text[i:])
        if not match:
            raise _fail(prepared, line, i, "metadata must be 'key: value' pairs", "e.g.  @{ priority: 'High' }")
        key = match.group(1)
        i += match.end()
        if i < len(text) and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end == -1:
                raise _fail(prepared, line, i, "unclosed quote in the metadata", f"close it with {text[i]}")
            value, i = text[i + 1:end], end + 1
        else:
            end = i
            while end < len(text) and text[end] not in ",}":
                end += 1
            value, i = text[i:end].strip(), end
        items[key] = clean_label(value)


def parse(prepared: Prepared) -> KanbanSpec:
    """Parse a prepared kanban board; raises InvalidInput (located, with a hint) on a syntax error."""
    config = prepared.config.get("kanban")
    base = config.get("ticketBaseUrl", "") if isinstance(config, dict) else ""
    spec = KanbanSpec(ticket_base_url=str(base or ""), title=prepared.title)
    if prepared.header_rest:
        spec.warnings.append(warning(prepared.header, f"ignored '{prepared.header_rest}' after kanban"))
    column_indent: int | None = None
    card_indent: int | None = None
    anonymous = 0
    for line in prepared.lines:
        if not line.text.strip():
            continue
        indent = len(line.text) - len(line.text.lstrip())
        stripped = line.text.strip()
        if stripped.startswith(("title ", "title:")) and column_indent is None:
            spec.title = clean_label(stripped[5:].lstrip(" :"))
            continue
        node_id, label, meta, _ = read_node(prepared, line, indent)
        if not node_id:
            anonymous += 1
            node_id = f"_{anonymous}"
        text = label if label is not None else node_id
        if column_indent is None or indent <= column_indent:
            if meta:
                spec.warnings.append(warning(line, "a column takes no metadata; ignored", column=indent + 1))
            column_indent = indent if column_indent is None else min(column_indent, indent)
            card_indent = None
            spec.columns.append(KanbanColumn(node_id, text, line=line.number))
            continue
        if card_indent is None:
            card_indent = indent
        elif indent > card_indent:
            spec.warnings.append(warning(line, "cards do not nest; this one is put in the column", column=indent + 1))
        card = KanbanCard(node_id, meta.get("label", text), meta.get("ticket", ""), meta.get("assigned", ""),
                          line=line.number)
        for key in meta:
            if key not in META_KEYS:
                spec.warnings.append(warning(line, f"unknown card metadata '{key}'; ignored", column=indent + 1,
                                             hint=f"cards know {', '.join(META_KEYS[:3])}"))
        if "priority" in meta:
            wanted = meta["priority"].strip().lower()
            match = next((p for p in PRIORITIES if p.lower() == wanted), None)
            if match is None:
                spec.warnings.append(warning(line, f"unknown priority '{meta['priority']}'; ignored", column=indent + 1,
                                             hint=f"priorities are {', '.join(PRIORITIES)}"))
            card.priority = match or ""
        spec.columns[-1].cards.append(card)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
