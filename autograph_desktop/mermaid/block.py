"""Mermaid `block-beta` (and `block`) -> `BlockSpec`: a grid of blocks the author places by hand.

`columns N` sets the grid of the enclosing block (default: everything in one row); blocks take `:N`
columns (`b:2`), `space`/`space:N` leave cells empty, `block:id:N ... end` nests a grid of its own, and
`id<["label"]>(right)` draws a block arrow. Every flowchart bracket shape is accepted. Edges `a --> b`,
`a -- "text" --> b` (any flowchart link) connect blocks; `style`, `classDef`, `class` and `:::` style them.

`counts()`: nodes = blocks that are drawn as boxes or arrows (not spaces, not composite blocks, which
become frames), edges = edges.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.flowchart_syntax import LexError, match_link, read_brackets, scan_id
from autograph_desktop.mermaid.scanner import parse_styles
from autograph_desktop.mermaid.textutil import clean_label as _clean
from autograph_desktop.mermaid.textutil import unquote
from autograph_desktop.model.problems import InvalidInput, Problem


def clean_label(text: str) -> str:
    """A label with Mermaid's entity codes and HTML's (`&nbsp;`, which block arrows use for blank labels)."""
    return _clean(html.unescape(text))


ARROW_DIRECTIONS = ("right", "left", "up", "down", "x", "y")
ITEM_HINT = 'write blocks as  id  id["Label"]  id:2  space:2  or  block:id:2 ... end'


@dataclass(slots=True)
class Block:
    """kind: node, arrow, space or composite. `columns` None means one row (Mermaid's `auto`)."""

    id: str
    kind: str = "node"
    label: str = ""
    shape: str = "rectangle"
    width: int = 1
    columns: int | None = None
    children: list[str] = field(default_factory=list)
    parent: str | None = None
    directions: tuple[str, ...] = ()
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(slots=True)
class _Item:
    """A block as read from the text, before it is placed (it may be a reference in an edge)."""

    id: str
    label: str | None = None
    shape: str = "rectangle"
    directions: tuple[str, ...] = ()
    classes: list[str] = field(default_factory=list)
    width: int = 1
    end: int = 0


@dataclass(frozen=True, slots=True)
class BlockEdge:
    source: str
    target: str
    label: str = ""
    stroke: str = "normal"
    start_arrow: str = "none"
    end_arrow: str = "arrow"
    line: int = 0


@dataclass
class BlockSpec:
    blocks: dict[str, Block] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)
    columns: int | None = None
    edges: list[BlockEdge] = field(default_factory=list)
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    title: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "block"

    def counts(self) -> tuple[int, int]:
        """Drawn blocks (boxes and arrows); edges."""
        return sum(1 for b in self.blocks.values() if b.kind in ("node", "arrow")), len(self.edges)

    def groups(self) -> int:
        return sum(1 for b in self.blocks.values() if b.kind == "composite")


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = BlockSpec(title=prepared.title)
        self.stack: list[tuple[Block, SourceLine]] = []
        self.declared: dict[str, int] = {}
        self.anonymous = 0
        self.line: SourceLine = prepared.header

    def fail(self, at: int, message: str, hint: str) -> InvalidInput:
        return error(self.line, message, column=at + 1, hint=hint, source=self.prepared.source)

    def members(self) -> list[str]:
        return self.stack[-1][0].children if self.stack else self.spec.children

    def run(self) -> BlockSpec:
        rest = self.prepared.header_rest
        lines = list(self.prepared.lines)
        if rest:  # `block-beta columns 3` on one line is fine
            header = self.prepared.header
            lines.insert(0, SourceLine(header.number, header.text.replace(self.prepared.keyword, " " * len(
                self.prepared.keyword), 1), header.raw))
        for line in lines:
            self.line = line
            self.statement(line.text)
        if self.stack:
            block, line = self.stack[-1]
            raise error(line, f"block '{block.id}' is not closed", column=1, hint="add a line with  end",
                        source=self.prepared.source)
        for block in self.spec.blocks.values():
            for cls in block.classes:
                if cls not in self.spec.class_defs:
                    self.spec.warnings.append(Problem(f"class '{cls}' is not defined", line=block.line,
                                                      severity="warning", hint=f"add  classDef {cls} fill:#f9f"))
        self.spec.warnings = [*self.prepared.warnings, *self.spec.warnings]
        return self.spec

    def statement(self, text: str) -> None:
        stripped = text.strip()
        if not stripped:
            return
        start = len(text) - len(text.lstrip())
        word = re.match(r"[A-Za-z]+", stripped)
        keyword = word.group(0) if word else ""
        after = stripped[len(keyword):]
        if keyword == "columns" and (not after or after[0] in " \t"):
            self.columns(after.strip(), start + len(keyword))
        elif keyword == "end" and not after.strip():
            if not self.stack:
                raise self.fail(start, "'end' closes no block", "remove it, or open one with  block:id")
            self.stack.pop()
        elif keyword in ("style", "classDef", "class") and after[:1] in (" ", "\t"):
            self.styling(keyword, after.strip(), start)
        elif keyword in ("title", "accTitle", "accDescr") and after[:1] in (" ", "\t", ":"):
            if keyword == "title":
                self.spec.title = clean_label(after.strip(" :\t"))
        else:
            self.items(text, start)

    def columns(self, value: str, at: int) -> None:
        if value == "auto":
            count = None
        elif value.isdigit() and 0 < int(value) <= 1000:
            count = int(value)
        else:
            raise self.fail(at, f"columns must be a number from 1 to 1000 or auto, not '{value}'", "write  columns 3")
        if self.stack:
            self.stack[-1][0].columns = count
        else:
            self.spec.columns = count

    def styling(self, keyword: str, rest: str, at: int) -> None:
        target, _, css = rest.partition(" ")
        if not target or (keyword != "class" and not css.strip()):
            raise self.fail(at, f"{keyword} needs a name and styles", f"write  {keyword} name fill:#f9f,stroke:#333")
        if keyword == "class":
            names = [n.strip() for n in target.split(",") if n.strip()]
            cls = css.strip()
            if not cls:
                raise self.fail(at, "class needs block ids and a class name", "write  class a,b important")
            for name in names:
                self.ensure(name, at).classes.append(cls)
            return
        styles, bad = parse_styles(css)
        if bad:
            self.spec.warnings.append(warning(self.line, f"ignored '{bad[0]}' (not name:value)", column=at + 1))
        if keyword == "classDef":
            for name in target.split(","):
                self.spec.class_defs.setdefault(name.strip(), {}).update(styles)
        else:
            self.ensure(target, at).style.update(styles)

    def ensure(self, block_id: str, at: int) -> Block:
        if block_id not in self.spec.blocks:
            raise self.fail(at, f"block '{block_id}' is not declared", f"declare it first:  {block_id}[\"Label\"]")
        return self.spec.blocks[block_id]

    # ------------------------------------------------------------------ blocks and edges on a line
    def items(self, text: str, pos: int) -> None:
        previous: str | None = None
        link = None
        link_line = self.line.number
        link_at = pos
        while pos < len(text):
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            if pos >= len(text):
                break
            if previous is not None and link is None:
                link = match_link(text, pos)
                if link is not None:
                    link_at = pos
                    pos = link.end
                    if link.label is None and text.startswith("|", pos):
                        close = text.find("|", pos + 1)
                        if close == -1:
                            raise self.fail(pos, "unclosed '|' in the edge label", "close the label with |")
                        link.label = text[pos + 1:close]
                        pos = close + 1
                    continue
            found = self.item(text, pos)
            if isinstance(found, _Item):
                after = found.end
                while after < len(text) and text[after] in " \t":
                    after += 1
                in_edge = link is not None or (after < len(text) and match_link(text, after) is not None)
                self.register(found, pos, in_edge)
                block_id, pos = found.id, found.end
            else:
                block_id, pos = found
            if link is not None and previous is not None:
                label = clean_label(unquote(link.label or ""))
                self.spec.edges.append(BlockEdge(previous, block_id, label, link.stroke, link.start_arrow,
                                                 link.end_arrow, link_line))
                link = None
            previous = block_id
        if link is not None:
            raise self.fail(link_at, f"the edge from '{previous}' has no target", "write  a --> b")

    def item(self, text: str, pos: int) -> _Item | tuple[str, int]:
        """One block at `pos` (read, not yet placed), or a space or `block:` opener (placed at once)."""
        match = re.match(r"(space|block)(?=[:\s]|$)", text[pos:])
        if match and match.group(1) == "space":
            width, end = self.width(text, pos + 5)
            self.anonymous += 1
            self.place(Block(f"space:{self.anonymous}", "space", width=width, line=self.line.number), pos)
            return f"space:{self.anonymous}", end
        if match and match.group(1) == "block":
            return self.composite(text, pos)
        end = scan_id(text, pos)
        if end == pos:
            raise self.fail(pos, f"unexpected '{text[pos:pos + 12]}'", ITEM_HINT)
        found = _Item(text[pos:end])
        try:
            if text.startswith("<[", end):
                found.label, end, found.directions = self.arrow(text, end, found.id)
                found.shape = "arrow"
            elif end < len(text) and text[end] in "([{>":
                raw, found.shape, _brackets, end = read_brackets(text, end, found.id)
                found.label = clean_label(unquote(raw))
        except LexError as exc:
            raise self.fail(exc.offset, exc.message, exc.hint) from None
        if text.startswith(":::", end):
            cls_end = end + 3
            while cls_end < len(text) and (text[cls_end].isalnum() or text[cls_end] in "_-"):
                cls_end += 1
            found.classes.append(text[end + 3:cls_end])
            end = cls_end
        found.width, found.end = self.width(text, end)
        return found

    def register(self, found: _Item, pos: int, in_edge: bool) -> None:
        existing = self.spec.blocks.get(found.id)
        if existing is None:
            self.place(Block(found.id, "arrow" if found.directions else "node",
                             found.label if found.label is not None else found.id, found.shape, found.width,
                             classes=found.classes, directions=found.directions, line=self.line.number), pos)
            return
        only_classes = found.classes and found.label is None and found.width == 1
        if not in_edge and not only_classes and existing.kind != "composite":
            raise self.fail(pos, f"'{found.id}' is already placed on line {existing.line}",
                            "a block takes one place in the grid; refer to it by id in edges")
        if found.label is not None and existing.kind != "composite":
            existing.label, existing.shape = found.label, found.shape
            if found.directions:
                existing.kind, existing.directions = "arrow", found.directions
        existing.classes.extend(found.classes)

    def width(self, text: str, end: int) -> tuple[int, int]:
        match = re.match(r":(\d+)", text[end:]) if not text.startswith(":::", end) else None
        if not match:
            return 1, end
        width = int(match.group(1))
        if not 0 < width <= 1000:
            raise self.fail(end + 1, f"a block cannot be {width} columns wide", "use a width from 1 to the columns")
        return width, end + match.end()

    def place(self, block: Block, at: int) -> None:
        block.parent = self.stack[-1][0].id if self.stack else None
        columns = self.stack[-1][0].columns if self.stack else self.spec.columns
        if columns is not None and block.width > columns:
            self.spec.warnings.append(warning(self.line, f"'{block.id}' is {block.width} columns wide in a grid "
                                              f"of {columns}; it is drawn {columns} wide", column=at + 1))
            block.width = columns
        self.spec.blocks[block.id] = block
        self.members().append(block.id)

    def arrow(self, text: str, end: int, block_id: str) -> tuple[str, int, tuple[str, ...]]:
        close = text.find("]>", end + 2)
        if close == -1:
            raise self.fail(end, f"unclosed '<[' in block arrow '{block_id}'", 'write  id<["Label"]>(right)')
        label = clean_label(unquote(text[end + 2:close]))
        pos = close + 2
        if not text.startswith("(", pos):
            raise self.fail(pos, "a block arrow needs a direction", "add (right), (left), (up), (down), (x) or (y)")
        stop = text.find(")", pos)
        if stop == -1:
            raise self.fail(pos, "unclosed '(' in the arrow direction", "close it with )")
        directions = tuple(d.strip() for d in text[pos + 1:stop].split(",") if d.strip())
        wrong = [d for d in directions if d not in ARROW_DIRECTIONS]
        if wrong or not directions:
            raise self.fail(pos + 1, f"unknown arrow direction '{wrong[0] if wrong else ''}'",
                            "directions are right, left, up, down, x and y")
        return label, stop + 1, directions

    def composite(self, text: str, pos: int) -> tuple[str, int]:
        end = pos + 5
        block_id = ""
        label = ""
        if text.startswith(":", end):
            id_end = scan_id(text, end + 1)
            block_id = text[end + 1:id_end]
            end = id_end
            if end < len(text) and text[end] in "([{>":
                try:
                    raw, _shape, _brackets, end = read_brackets(text, end, block_id)
                except LexError as exc:
                    raise self.fail(exc.offset, exc.message, exc.hint) from None
                label = clean_label(unquote(raw))
        if not block_id:
            self.anonymous += 1
            block_id = f"block:{self.anonymous}"
        if block_id in self.spec.blocks:
            raise self.fail(pos, f"'{block_id}' is already declared on line {self.spec.blocks[block_id].line}",
                            "give each block its own id")
        width, end = self.width(text, end)
        block = Block(block_id, "composite", label, "rectangle", width, line=self.line.number)
        self.place(block, pos)
        self.stack.append((block, self.line))
        if text[end:].strip():
            raise self.fail(end, f"unexpected '{text[end:].strip()[:20]}' after block:{block_id}",
                            "put the blocks inside on the next lines, then  end")
        return block_id, len(text)


def parse(prepared: Prepared) -> BlockSpec:
    """Parse a prepared block diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()
