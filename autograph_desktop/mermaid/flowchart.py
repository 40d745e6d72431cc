"""Mermaid flowcharts (`flowchart` / `graph`) -> FlowchartSpec.

A hand-written scanner over the whole body (so quoted labels may span lines): statements are
separated by newlines or `;`; each is a keyword statement (subgraph, end, direction, classDef,
class, style, linkStyle, click, accTitle, accDescr) or a chain of node groups joined by links.

Counting rule (`counts()`), as Mermaid's flow db: nodes are the vertices created by node statements,
link ends and `style` statements, minus every id that names a subgraph (a subgraph is drawn as a
cluster, never as a vertex); edges are all links, one per (source, target) pair of `A & B --> C & D`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, decode_entities
from autograph_desktop.mermaid.flowchart_spec import (
    Click,
    FlowchartSpec,
    FlowEdge,
    FlowNode,
    LinkStyle,
    Subgraph,
)
from autograph_desktop.mermaid.flowchart_syntax import (
    ID_PATTERN,
    LINK_START_CHARS,
    SIMPLE_SHAPES,
    LexError,
    LinkToken,
    canonical_shape,
    find_on_line,
    match_link,
    read_brackets,
    read_shape_data,
    scan_id,
    similar_shapes,
)
from autograph_desktop.mermaid.scanner import Body, parse_styles, tokens, unquote
from autograph_desktop.model.problems import Problem

__all__ = ["Click", "FlowEdge", "FlowNode", "FlowchartSpec", "LinkStyle", "Subgraph", "parse"]

DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL", ">": "LR", "<": "RL", "^": "BT",
              "V": "TB"}
_KEYWORDS = ("subgraph", "end", "direction", "classDef", "class", "style", "linkStyle", "click",
             "accTitle", "accDescr")
_BLANK = frozenset(" \t")
_BLANK_OR_PIPE = frozenset(" \t|")
_BLANK_OR_AMP = frozenset(" \t&")
#: A keyword statement's text: up to a newline or a `;` that is not inside a quoted string.
_KEYWORD_STATEMENT = re.compile(r'(?:[^";\n]|"[^"\n]*")*(?:"[^"\n]*)?')
#: `id[text]`, `id(text)`, `id{text}` whose text holds no quote, bracket or longer-opener character.
_FAST_VERTEX = re.compile(
    ID_PATTERN + r"(?P<open>[\[({])(?P<label>(?:[^\])}\"\n\[({/\\\-][^\])}\"\n]*)?)(?P<close>[\])}])")
_CLOSERS = {"[": "]", "(": ")", "{": "}"}
_FAST_SHAPES = {opener: shape for opener, (_closer, shape, _longer) in SIMPLE_SHAPES.items() if opener in _CLOSERS}
_BLANKS = re.compile(r"[ \t]*")
_KEYWORD_INITIALS = frozenset(word[0] for word in _KEYWORDS)
_WORD = re.compile(r"[A-Za-z]+")
_CLASS_NAME = re.compile(r"[^\s;,:&@|\[\](){}<>\"-][^\s;,:&@|\[\](){}<>\"]*")
_LINK_HINT = "links are -->, ---, -.->, -.-, ==>, ===, ~~~, --o, --x, <-->, or with text: -- text --> / -->|text|"


def parse(prepared: Prepared) -> FlowchartSpec:
    """Parse a prepared flowchart; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()


def _label(raw: str) -> tuple[str, bool]:
    """A label's display text and whether it is markdown ("`...`"); entity codes decoded."""
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    markdown = len(text) >= 2 and text[0] == text[-1] == "`"
    if markdown:
        text = text[1:-1]
    return (decode_entities(text) if "#" in text else text), markdown


#: Id of a subgraph whose automatic id is not known yet (NUL never reaches the parser).
_PENDING_ID = "\x00pending"


@dataclass(slots=True)
class _OpenSubgraph:
    sub: Subgraph
    offset: int
    members: list[str] = field(default_factory=list)
    children: list[Subgraph] = field(default_factory=list)


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.body = Body(prepared)
        self.text = self.body.text
        self.n = len(self.text)
        self.nodes: dict[str, FlowNode] = {}
        self.edges: list[FlowEdge] = []
        self.edge_ids: dict[str, FlowEdge] = {}
        self.edge_pairs: dict[tuple[str, str], int] = {}
        self.subgraphs: list[Subgraph] = []
        self.subgraph_ids: dict[str, Subgraph] = {}
        self.assigned: set[str] = set()
        self.stack: list[_OpenSubgraph] = []
        self.class_defs: dict[str, dict[str, str]] = {}
        self.link_styles: list[LinkStyle] = []
        self.clicks: list[Click] = []
        self.warnings: list[Problem] = list(prepared.warnings)
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.direction = "TB"

    # --- driver -------------------------------------------------------------------------------------

    def run(self) -> FlowchartSpec:
        pos = self._header(self.body.start)
        text, n = self.text, self.n
        while True:
            pos = self._skip_separators(pos)
            if pos >= n:
                break
            pos = self._statement(pos)
            pos = self._skip_blanks(pos)
            if pos < n and text[pos] not in ";\n":
                raise self._unexpected(pos)
        if self.stack:
            open_sub = self.stack[-1]
            name = open_sub.sub.title or (open_sub.sub.id if open_sub.sub.id != _PENDING_ID else "(untitled)")
            raise self.body.fail(open_sub.offset, f"subgraph '{name}' is never closed",
                                 hint="add a line with 'end' after the subgraph's content")
        return self._finish()

    def _header(self, pos: int) -> int:
        """Read the direction after `flowchart`/`graph`; Mermaid's default is top to bottom."""
        pos = self._skip_blanks(pos)
        end = pos
        while end < self.n and self.text[end] not in " \t;\n":
            end += 1
        word = self.text[pos:end]
        if not word:
            return pos
        direction = DIRECTIONS.get(word.upper()) if word != "v" else "TB"
        if direction is None:
            raise self.body.fail(pos, f"unknown direction '{word}'",
                                 hint="use TB, TD, BT, LR or RL (e.g. 'flowchart LR')")
        self.direction = direction
        return end

    def _skip_blanks(self, pos: int) -> int:
        return _BLANKS.match(self.text, pos).end()  # type: ignore[union-attr]  # always matches

    def _skip_separators(self, pos: int) -> int:
        text, n = self.text, self.n
        while pos < n and text[pos] in " \t\n;":
            pos += 1
        return pos

    def _line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return self.n if end == -1 else end

    def _statement_end(self, pos: int) -> int:
        """End of a keyword statement: the newline, or a `;` outside quotes (linear in the statement)."""
        return _KEYWORD_STATEMENT.match(self.text, pos).end()  # type: ignore[union-attr]  # always matches

    def _unexpected(self, pos: int) -> Exception:
        char = self.text[pos]
        if char in LINK_START_CHARS or char in ">":
            end = pos
            while end < self.n and self.text[end] in "-=.~<>ox":
                end += 1
            return self.body.fail(pos, f"unknown arrow '{self.text[pos:end]}'", hint=_LINK_HINT)
        if char in "→⇒⟶⟹➔➜":
            return self.body.fail(pos, f"unknown arrow '{char}' (a typographic arrow)", hint=_LINK_HINT)
        if char in "])}":
            return self.body.fail(pos, f"unexpected '{char}' (no bracket is open here)",
                                  hint="remove it, or check the brackets of the node before it")
        return self.body.fail(pos, f"unexpected '{self.text[pos:pos + 20].split()[0]}'",
                              hint="put each statement on its own line or separate statements with ';'")

    # --- statements ---------------------------------------------------------------------------------

    def _statement(self, pos: int) -> int:
        word_match = _WORD.match(self.text, pos) if self.text[pos] in _KEYWORD_INITIALS else None
        if word_match and word_match.group(0) in _KEYWORDS:
            word = word_match.group(0)
            after = word_match.end()
            nxt = self.text[after] if after < self.n else "\n"
            if word == "end" and nxt in " \t\n;":
                return self._end(pos)
            value_at = self._skip_blanks(after)
            if word in ("accTitle", "accDescr") and self.text[value_at:value_at + 1] in (":", "{"):
                return self._accessibility(word, value_at)
            if nxt in " \t":
                handler = {
                    "subgraph": self._subgraph, "direction": self._direction, "classDef": self._class_def,
                    "class": self._class, "style": self._style, "linkStyle": self._link_style,
                    "click": self._click,
                }.get(word)
                if handler is not None:
                    return handler(pos, self._skip_blanks(after))
            if word == "subgraph" and nxt in "\n;":
                return self._subgraph(pos, after)
        return self._chain(pos)

    def _end(self, pos: int) -> int:
        if not self.stack:
            raise self.body.fail(pos, "'end' without a matching 'subgraph'",
                                 hint="remove this 'end'; to show the word end in a node, write End or a[end]")
        closing = self.stack.pop()
        sub = closing.sub
        if sub.id == _PENDING_ID:
            # Mermaid numbers unnamed subgraphs as they close: subGraph<count of subgraphs closed before>.
            sub.id = f"subGraph{len(self.subgraphs)}"
            for child in closing.children:
                child.parent = sub.id
        for member in dict.fromkeys(closing.members):
            if member not in self.assigned and member != sub.id:
                self.assigned.add(member)
                sub.node_ids.append(member)
        if self.stack:
            sub.parent = self.stack[-1].sub.id
            self.stack[-1].members.append(sub.id)
            self.stack[-1].children.append(sub)
        self.subgraphs.append(sub)
        self.subgraph_ids.setdefault(sub.id, sub)
        return pos + 3

    def _subgraph(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        raw = self.text[start:end].strip()
        auto = _PENDING_ID
        sub_id, title = auto, ""
        if raw:
            id_end = scan_id(raw, 0)
            rest = raw[id_end:].lstrip()
            if id_end > 0 and rest.startswith("[") and rest.endswith("]"):
                sub_id = raw[:id_end]
                title = rest[1:-1]
            elif id_end > 0 and rest.startswith("["):
                raise self.body.fail(start + raw.index("["), "unclosed '[' in the subgraph title",
                                     hint="close the title with ']'")
            else:
                title = raw
                plain = unquote(raw)
                if plain and not any(ch.isspace() for ch in plain):
                    sub_id = plain
        label, markdown = _label(title)
        if sub_id == auto and not label and raw:
            label = raw
        sub = Subgraph(id=sub_id, title=label if raw else "", line=self.body.line_number(pos),
                       is_markdown=markdown)
        self.stack.append(_OpenSubgraph(sub, pos))
        return end

    def _direction(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        word = self.text[start:end].strip()
        direction = DIRECTIONS.get(word.upper())
        if direction is None:
            raise self.body.fail(start, f"unknown direction '{word}'", hint="use TB, TD, BT, LR or RL")
        if self.stack:
            self.stack[-1].sub.direction = direction
        else:
            self.warnings.append(self.body.warn(pos, "'direction' outside a subgraph is ignored",
                                                hint="set the direction in the header, e.g. 'flowchart LR'"))
        return end

    def _styles(self, pos: int, text: str) -> dict[str, str]:
        styles, bad = parse_styles(text)
        for piece in bad:
            self.warnings.append(self.body.warn(pos, f"ignored style '{piece}' (expected name:value)"))
        return styles

    def _class_def(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        parts = self.text[start:end].strip().split(None, 1)
        if not parts:
            raise self.body.fail(start, "classDef needs a class name and styles",
                                 hint="e.g. classDef important fill:#f96,stroke:#333")
        styles = self._styles(pos, parts[1] if len(parts) > 1 else "")
        for name in parts[0].split(","):
            if name.strip():
                self.class_defs.setdefault(name.strip(), {}).update(styles)
        return end

    def _class(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        parts = self.text[start:end].strip().rsplit(None, 1)
        if len(parts) != 2:
            raise self.body.fail(start, "class needs node ids and a class name", hint="e.g. class a,b important")
        for node_id in (item.strip() for item in parts[0].split(",")):
            if not node_id:
                continue
            # Nodes, subgraphs and (for animations, `class e1 animate`) edge ids can all take classes.
            target: FlowNode | Subgraph | FlowEdge | None = (
                self.nodes.get(node_id) or self._subgraph_by_id(node_id) or self.edge_ids.get(node_id))
            if target is None:
                self.warnings.append(self.body.warn(start, f"class applied to unknown node '{node_id}'"))
            elif parts[1] not in target.classes:
                target.classes.append(parts[1])
        return end

    def _subgraph_by_id(self, sub_id: str) -> Subgraph | None:
        found = self.subgraph_ids.get(sub_id)
        if found is None:
            found = next((o.sub for o in self.stack if o.sub.id == sub_id), None)
        return found

    def _style(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        parts = self.text[start:end].strip().split(None, 1)
        if not parts:
            raise self.body.fail(start, "style needs a node id and styles", hint="e.g. style A fill:#f9f")
        styles = self._styles(pos, parts[1] if len(parts) > 1 else "")
        sub = self._subgraph_by_id(parts[0])
        if sub is not None and parts[0] not in self.nodes:
            sub.style.update(styles)
        else:
            # Mermaid's `style` creates the vertex, but does not make it a member of an open subgraph.
            self._node(parts[0], pos, member=False).style.update(styles)
        return end

    def _link_style(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        parts = self.text[start:end].strip().split(None, 1)
        if not parts:
            raise self.body.fail(start, "linkStyle needs link numbers and styles",
                                 hint="e.g. linkStyle 0,1 stroke:#f00")
        rest = parts[1] if len(parts) > 1 else ""
        interpolate = None
        inter = re.match(r"interpolate\s+(\S+)\s*", rest)
        if inter:
            interpolate = inter.group(1)
            rest = rest[inter.end():]
        styles = self._styles(pos, rest)
        indices: tuple[int, ...] | None = None
        if parts[0] == "default":
            targets = self.edges
        else:
            try:
                indices = tuple(int(item) for item in parts[0].split(",") if item.strip())
            except ValueError:
                raise self.body.fail(start, f"linkStyle needs link numbers, not '{parts[0]}'",
                                     hint="links are numbered from 0 in the order they appear; or use default"
                                     ) from None
            for index in indices:
                if index >= len(self.edges):
                    raise self.body.fail(start, f"linkStyle {index}: there are only {len(self.edges)} links "
                                         "before this line", hint="links are numbered from 0 in order")
            targets = [self.edges[i] for i in indices]
        for edge in targets:
            edge.style.update(styles)
            if interpolate:
                edge.interpolate = interpolate
        self.link_styles.append(LinkStyle(indices, styles, interpolate, self.body.line_number(pos)))
        return end

    def _click(self, pos: int, start: int) -> int:
        end = self._statement_end(start)
        words = tokens(self.text[start:end])
        if len(words) < 2:
            raise self.body.fail(start, "click needs a node id and a URL or callback",
                                 hint='e.g. click A href "https://example.com" "tooltip" _blank')
        node_id, rest = words[0], words[1:]
        kind, target, args = "callback", "", None
        if rest[0] == "href" or rest[0].startswith('"'):
            kind = "link"
            if rest[0] == "href":
                rest = rest[1:]
            if not rest:
                raise self.body.fail(start, "click href needs a URL", hint='e.g. click A href "https://..."')
            target = unquote(rest[0])
            rest = rest[1:]
        else:
            if rest[0] == "call":
                rest = rest[1:]
                if not rest:
                    raise self.body.fail(start, "click call needs a function", hint="e.g. click A call fn()")
            target = rest[0]
            rest = rest[1:]
            paren = target.find("(")
            if paren != -1:
                # `call fn(a, b)` may have been split at spaces; rejoin up to the closing parenthesis.
                while not target.endswith(")") and rest:
                    target += " " + rest[0]
                    rest = rest[1:]
                args = target[paren + 1:].rstrip(")") or None
                target = target[:paren]
        tooltip = unquote(rest[0]) if rest and rest[0].startswith('"') else None
        if tooltip is not None:
            rest = rest[1:]
        window = rest[0] if rest and rest[0].startswith("_") else None
        line = self.body.line_number(pos)
        self.clicks.append(Click(node_id, kind, target, tooltip, window, args, line))
        node = self.nodes.get(node_id)
        if node is not None:
            if kind == "link":
                node.link, node.link_target = target, window
            if tooltip is not None:
                node.tooltip = tooltip
        return end

    def _accessibility(self, word: str, pos: int) -> int:
        if self.text[pos] == "{":
            close = self.text.find("}", pos + 1)
            if close == -1:
                raise self.body.fail(pos, f"{word} {{ is never closed", hint="end the description with }")
            value = "\n".join(part.strip() for part in self.text[pos + 1:close].strip().split("\n"))
            end = close + 1
        else:
            end = self._line_end(pos)
            value = self.text[pos + 1:end].strip()
        if word == "accTitle":
            self.acc_title = value
        else:
            self.acc_descr = value
        return end

    # --- node chains --------------------------------------------------------------------------------

    def _chain(self, pos: int) -> int:
        group, pos = self._group(pos)
        line = self.body.line_number(pos)
        text = self.text
        while True:
            link_pos = _BLANKS.match(text, pos).end() if text[pos:pos + 1] in _BLANK else pos  # type: ignore[union-attr]
            if link_pos >= self.n or text[link_pos] in "\n;":
                return link_pos
            edge_id: str | None = None
            link = match_link(self.text, link_pos)
            if link is None and link_pos < self.n:
                id_end = scan_id(self.text, link_pos)
                if id_end > link_pos and id_end < self.n and self.text[id_end] == "@":
                    link = match_link(self.text, id_end + 1)
                    if link is not None:
                        edge_id = self.text[link_pos:id_end]
            if link is None:
                return pos
            pos, label, markdown = self._link_label(link)
            target_pos = self._skip_blanks(pos)
            if target_pos >= self.n or self.text[target_pos] in "\n;":
                raise self.body.fail(link_pos, "the link has no target node",
                                     hint="add the node this link points to, e.g. A --> B")
            targets, pos = self._group(target_pos)
            for source in group:
                for target in targets:
                    self._edge(source, target, link, label, markdown, edge_id, line)
                    edge_id = None
            group = targets

    def _link_label(self, link: LinkToken) -> tuple[int, str, bool]:
        """The label of a link: inline (`-- text -->`) or piped (`-->|text|`); returns the new position."""
        pos = link.end
        if link.label is None and self.text[pos:pos + 1] not in _BLANK_OR_PIPE:
            return pos, "", False
        label, markdown = ("", False) if link.label is None else _label(link.label)
        pipe = self._skip_blanks(pos)
        if pipe < self.n and self.text[pipe] == "|":
            start = pipe + 1
            scan = start
            inner = self._skip_blanks(start)
            if inner < self.n and self.text[inner] == '"':
                quote_end = self.text.find('"', inner + 1)
                if quote_end != -1:
                    scan = quote_end + 1
            close = find_on_line(self.text, "|", scan)
            if close == -1:
                raise self.body.fail(pipe, "the link text is not closed with '|'", hint="write -->|text| B")
            label, markdown = _label(self.text[start:close])
            pos = close + 1
        return pos, label, markdown

    def _edge(self, source: str, target: str, link: LinkToken, label: str, markdown: bool,
              edge_id: str | None, line: int) -> None:
        if edge_id is None or edge_id in self.edge_ids:
            count = self.edge_pairs.get((source, target), 0)
            self.edge_pairs[(source, target)] = count + 1
            edge_id = f"L_{source}_{target}_{count}"
            while edge_id in self.edge_ids:
                count += 1
                edge_id = f"L_{source}_{target}_{count}"
        edge = FlowEdge(id=edge_id, source=source, target=target, label=label, stroke=link.stroke,
                        start_arrow=link.start_arrow, end_arrow=link.end_arrow, min_length=link.length,
                        is_markdown=markdown, line=line)
        self.edges.append(edge)
        self.edge_ids[edge_id] = edge

    def _group(self, pos: int) -> tuple[list[str], int]:
        """`A`, `A[text]:::cls`, `A@{...}`, or several joined by `&`."""
        ids: list[str] = []
        while True:
            node_id, pos = self._vertex(pos)
            if node_id is not None:
                ids.append(node_id)
            if self.text[pos:pos + 1] not in _BLANK_OR_AMP:
                return ids, pos
            amp = self._skip_blanks(pos)
            if amp < self.n and self.text[amp] == "&":
                pos = self._skip_blanks(amp + 1)
                continue
            return ids, pos

    def _vertex(self, pos: int) -> tuple[str | None, int]:
        text = self.text
        fast = _FAST_VERTEX.match(text, pos)
        if fast is not None and fast.group("close") == _CLOSERS[fast.group("open")] and fast.group("id") != "end":
            # The common `id[text]` / `id(text)` / `id{text}`: one regex instead of the general scanner.
            node = self._node(fast.group("id"), fast.end("id"))
            node.label, node.is_markdown = _label(fast.group("label"))
            node.shape, node.shape_name = _FAST_SHAPES[fast.group("open")], fast.group("open") + fast.group("close")
            return self._css_classes(node, fast.end())
        id_end = scan_id(text, pos)
        if id_end == pos:
            if pos < self.n and text[pos] in LINK_START_CHARS:
                raise self._unexpected(pos)
            what = "end of line" if pos >= self.n or text[pos] == "\n" else f"'{text[pos]}'"
            raise self.body.fail(pos, f"expected a node id, found {what}",
                                 hint="node ids are words like A or step_1; put the text in brackets: A[text]")
        node_id = text[pos:id_end]
        if node_id == "end":
            raise self.body.fail(pos, "'end' is a keyword and cannot be a node id",
                                 hint="write End or END, or give the node another id: e1[end]")
        pos = id_end
        if text.startswith("@{", pos):
            if node_id in self.edge_ids:
                data, pos = self._shape_data(pos + 1)
                self.edge_ids[node_id].data.update(data)
                return None, pos
            node = self._node(node_id, id_end)
            data, pos = self._shape_data(pos + 1)
            self._apply_data(node, data, id_end)
        else:
            node = self._node(node_id, id_end)
            shape_pos = pos
            while shape_pos < self.n and text[shape_pos] in " \t":
                shape_pos += 1
            if (shape_pos < self.n and text[shape_pos] in "([{") or (shape_pos == pos and pos < self.n
                                                                   and text[pos] == ">"):
                pos = self._shape(node, shape_pos)
        return self._css_classes(node, pos)

    def _css_classes(self, node: FlowNode, pos: int) -> tuple[str, int]:
        """`:::name` after a node (repeatable); returns (node id, position after)."""
        text = self.text
        while text.startswith(":::", pos):
            match = _CLASS_NAME.match(text, pos + 3)
            if not match:
                raise self.body.fail(pos, "':::' must be followed by a class name", hint="e.g. A:::important")
            if match.group(0) not in node.classes:
                node.classes.append(match.group(0))
            pos = match.end()
        return node.id, pos

    def _node(self, node_id: str, offset: int, member: bool = True) -> FlowNode:
        node = self.nodes.get(node_id)
        if node is None:
            node = FlowNode(id=node_id, label=node_id, line=self.body.line_number(offset))
            self.nodes[node_id] = node
        if member and self.stack:
            self.stack[-1].members.append(node_id)
        return node

    def _shape(self, node: FlowNode, pos: int) -> int:
        """Parse `[text]`, `((text))`, ... at `pos` into the node; returns the position after the closer."""
        try:
            raw, shape, shape_name, end = read_brackets(self.text, pos, node.id)
        except LexError as problem:
            raise self.body.fail(problem.offset, problem.message, problem.hint) from None
        node.label, node.is_markdown = _label(raw)
        node.shape, node.shape_name = shape, shape_name
        return end

    def _shape_data(self, pos: int) -> tuple[dict[str, str], int]:
        try:
            return read_shape_data(self.text, pos)
        except LexError as problem:
            raise self.body.fail(problem.offset, problem.message, problem.hint) from None

    def _apply_data(self, node: FlowNode, data: dict[str, str], offset: int) -> None:
        for key, value in data.items():
            if key == "shape":
                canonical = canonical_shape(value)
                if canonical is None:
                    similar = similar_shapes(value)
                    raise self.body.fail(offset, f"unknown shape '{value}'",
                                         hint=("did you mean " + ", ".join(similar) + "?") if similar else
                                         "see Mermaid's list of shapes: rect, rounded, stadium, diam, cyl, ...")
                node.shape, node.shape_name = canonical, value
            elif key == "label":
                node.label, node.is_markdown = _label(value)
            else:
                node.data[key] = value
        if "icon" in data and "shape" not in data:
            node.shape, node.shape_name = "icon", "icon"
        if "img" in data and "shape" not in data:
            node.shape, node.shape_name = "image", "image"
        if "label" not in data and ("icon" in data or "img" in data) and node.label == node.id:
            node.label = ""

    # --- result -------------------------------------------------------------------------------------

    def _finish(self) -> FlowchartSpec:
        sub_ids = {sub.id for sub in self.subgraphs}
        for sub in self.subgraphs:
            as_node = self.nodes.get(sub.id)
            if as_node is not None:
                sub.classes.extend(c for c in as_node.classes if c not in sub.classes)
                sub.style.update(as_node.style)
            sub.node_ids = [node_id for node_id in sub.node_ids if node_id not in sub_ids]
        nodes = {node_id: node for node_id, node in self.nodes.items() if node_id not in sub_ids}
        for click in self.clicks:
            node = nodes.get(click.node_id)
            if node is not None and click.kind == "link" and node.link is None:
                node.link, node.link_target = click.target, click.window
            if node is not None and click.tooltip is not None and node.tooltip is None:
                node.tooltip = click.tooltip
        return FlowchartSpec(direction=self.direction, nodes=nodes, edges=self.edges, subgraphs=self.subgraphs,
                             class_defs=self.class_defs, link_styles=self.link_styles, clicks=self.clicks,
                             title=self.prepared.title, acc_title=self.acc_title, acc_descr=self.acc_descr,
                             warnings=self.warnings)
