"""Mermaid `sankey-beta` (and `sankey`) -> `SankeySpec`: CSV rows `source,target,value` as flow links.

The body is RFC 4180 CSV with Mermaid's two differences: exactly three columns, and blank lines allowed.
Fields may be double-quoted (then they may hold commas, and `""` is a quote). Values are zero or more.
Flows must not loop back (a node feeding itself, directly or through others): Mermaid's layout refuses
circular links, so the row closing a loop is reported.

`counts()`: nodes = distinct node names, edges = rows (links).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, number
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import Statement, split_statements
from autograph_desktop.model.problems import Problem

_HINT = "a row looks like  Solar,Grid,42.5  (quote a name holding a comma: \"Homes, flats\",Grid,3)"


@dataclass
class SankeyLink:
    source: str
    target: str
    value: float
    line: int | None = None


@dataclass
class SankeySpec:
    """A parsed sankey: node names in order of first appearance and the links between them."""

    title: str | None = None
    nodes: list[str] = field(default_factory=list)
    links: list[SankeyLink] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "sankey"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = distinct names, edges = links."""
        return len(self.nodes), len(self.links)


def csv_fields(where: Where, text: str) -> list[tuple[str, int]]:
    """The fields of one CSV record with their offsets; quoted fields unescaped."""
    fields: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while True:
        start = i
        if i < n and text[i] == '"':
            value: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise where.fail("a quoted field is not closed", start, _HINT)
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        value.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                value.append(text[i])
                i += 1
            if i < n and text[i] != ",":
                raise where.fail("text follows a closing quote", i, _HINT)
            fields.append(("".join(value), start))
        else:
            end = text.find(",", i)
            end = n if end == -1 else end
            if '"' in text[i:end]:
                raise where.fail("a quote inside an unquoted field", text.index('"', i), _HINT)
            fields.append((text[i:end], start))
            i = end
        if i >= n:
            return fields
        i += 1  # the comma
        if i == n:
            fields.append(("", i))
            return fields


def _row(where: Where, spec: SankeySpec, seen: dict[str, None]) -> None:
    fields = csv_fields(where, where.st.text)
    if len(fields) != 3:
        raise where.fail(f"a row needs 3 fields (source, target, value), not {len(fields)}", 0, _HINT)
    (source, s_at), (target, t_at), (raw, v_at) = fields
    source, target = source.strip(), target.strip()
    if not source:
        raise where.fail("the source is empty", s_at, _HINT)
    if not target:
        raise where.fail("the target is empty", t_at, _HINT)
    value = number(where, raw, v_at, "the flow value", _HINT)
    if value < 0:
        raise where.fail(f"the flow value {raw.strip()} is negative", v_at, "flows are zero or more")
    if source == target:
        raise where.fail(f"'{source[:40]}' flows into itself", t_at, "a sankey flow must go to another node")
    for name in (source, target):
        seen.setdefault(name, None)
    spec.links.append(SankeyLink(source, target, value, where.st.line.number))


def _check_acyclic(prepared: Prepared, spec: SankeySpec, statements: list[Statement]) -> None:
    """Kahn's algorithm; when nodes remain, report the first row whose link lies on a loop."""
    incoming = {name: 0 for name in spec.nodes}
    outgoing: dict[str, list[str]] = {name: [] for name in spec.nodes}
    for link in spec.links:
        incoming[link.target] += 1
        outgoing[link.source].append(link.target)
    queue = deque(name for name, count in incoming.items() if count == 0)
    done: set[str] = set()
    while queue:
        name = queue.popleft()
        done.add(name)
        for target in outgoing[name]:
            incoming[target] -= 1
            if incoming[target] == 0:
                queue.append(target)
    if len(done) == len(spec.nodes):
        return
    for link in spec.links:
        if link.source not in done and link.target not in done:
            st = next(s for s in statements if s.line.number == link.line)
            raise error(st.line, f"the flow {link.source[:30]} -> {link.target[:30]} closes a loop", column=st.column,
                        hint="sankey flows cannot go round in a circle; remove one link of the loop",
                        source=prepared.source)


def parse(prepared: Prepared) -> SankeySpec:
    """Parse a prepared sankey; bad rows, negative values and loops are located errors."""
    if prepared.header_rest.strip():
        raise error(prepared.header, "the first row must start on the line after sankey-beta",
                    column=prepared.header.text.find(prepared.header_rest.strip()) + 1, hint=_HINT,
                    source=prepared.source)
    spec = SankeySpec(title=prepared.title)
    statements = split_statements(prepared.lines, semicolons=False)
    seen: dict[str, None] = {}
    for st in statements:
        _row(Where(prepared, st), spec, seen)
    spec.nodes = list(seen)
    if not spec.links:
        raise error(prepared.header, "the sankey has no rows", column=1, hint=_HINT, source=prepared.source)
    _check_acyclic(prepared, spec, statements)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
