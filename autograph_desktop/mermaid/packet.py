"""Mermaid `packet-beta` (and `packet`) -> `PacketSpec`: the bit fields of a packet header, in order.

A field is `start-end: "Label"`, `bit: "Label"` or, from Mermaid 11.7, `+count: "Label"` (starting after
the previous field). Fields must follow one another without gaps or overlaps, as Mermaid requires.

`counts()`: nodes = fields, edges = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
    unquote,
)
from autograph_desktop.model.problems import Problem

#: Mermaid refuses packets of more than this many rows; so do we (at 32 bits a row).
MAX_BITS = 320_000
_FIELD = re.compile(r"(?:(?P<plus>\+)(?P<count>\d+)|(?P<start>\d+)(?:\s*-\s*(?P<end>\d+))?)\s*:\s*(?P<label>.*)$",
                    re.S)
_HINT = 'a field looks like  0-15: "Source Port"  or  +8: "Flags"'


@dataclass
class PacketField:
    """Bits `start`..`end` inclusive; `relative` when written as `+count`."""

    start: int
    end: int
    label: str
    relative: bool = False
    line: int | None = None

    @property
    def bits(self) -> int:
        return self.end - self.start + 1


@dataclass
class PacketSpec:
    title: str | None = None
    fields: list[PacketField] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "packet"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = fields, edges = 0."""
        return len(self.fields), 0

    def total_bits(self) -> int:
        return self.fields[-1].end + 1 if self.fields else 0


def _field(where: Where, spec: PacketSpec) -> None:
    match = _FIELD.match(where.st.text)
    if not match:
        raise where.fail(f"cannot understand '{where.st.text[:60]}'", 0, _HINT)
    label_raw = match.group("label").strip()
    if len(label_raw) < 2 or label_raw[0] != '"' or label_raw[-1] != '"':
        raise where.fail("the field name must be in double quotes", match.start("label"),
                         f'write  {where.st.text[:match.start("label")].strip()} "{label_raw.strip(chr(34))}"')
    expected = spec.total_bits()
    if match.group("plus"):
        count = int(match.group("count")[:9])
        if count < 1:
            raise where.fail("a field has at least one bit", match.start("count"), 'write  +1: "Flag"')
        start, end = expected, expected + count - 1
    else:
        start = int(match.group("start")[:9])
        end = int(match.group("end")[:9]) if match.group("end") else start
        if end < start:
            raise where.fail(f"the field ends at bit {end}, before it starts at {start}", match.start("end"),
                             "write the smaller bit first:  16-31")
        if start != expected:
            what = "leaves a gap after" if start > expected else "overlaps"
            raise where.fail(f"the field starts at bit {start} and {what} the previous field", match.start("start"),
                             f"start this field at bit {expected}, or write  +{end - start + 1}: ...")
    if end >= MAX_BITS:
        raise where.fail(f"the packet is longer than {MAX_BITS:,} bits", 0, "split it into several diagrams")
    spec.fields.append(PacketField(start, end, clean_label(unquote(label_raw)), bool(match.group("plus")),
                                   where.st.line.number))


def parse(prepared: Prepared) -> PacketSpec:
    """Parse a prepared packet diagram; gaps, overlaps and unquoted names are located errors."""
    if prepared.header_rest.strip():
        raise error(prepared.header, f"unexpected text after {prepared.keyword}", column=len(prepared.keyword) + 2,
                    hint="put the title on its own line:  title TCP header", source=prepared.source)
    spec = PacketSpec(title=prepared.title)
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        title = parse_title(st.text) if st.text[:5].lower() == "title" else None
        if title is not None:
            spec.title = clean_label(unquote(title))
            continue
        _field(Where(prepared, st), spec)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
