"""Mermaid `eventmodeling` -> `EventModelSpec`: time frames on swimlanes, their data and their relations.

A time frame is `tf 01 cmd AddItem` (compact) or `timeframe 01 command AddItem` (relaxed); `rf`/
`resetframe` starts a new flow. The entity may carry a namespace (`Cart.ItemAdded`), sources
(`->> 02 ->> 03`), inline data (`{ price: number }`, optionally typed `` `json`{...} ``) or a data block
reference (`[[AddItem01]]`) to a `data AddItem01 { ... }` block.

Relations follow Mermaid's inference: a frame with sources is fed by them; otherwise, unless it is the
first frame or a reset frame, it is fed by the nearest earlier frame on another swimlane.

`counts()`: nodes = time frames, edges = relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import Statement, split_statements
from autograph_desktop.model.problems import Problem

KINDS = {"scn": "screen", "screen": "screen", "pcr": "processor", "processor": "processor", "cmd": "command",
         "command": "command", "rmo": "readmodel", "readmodel": "readmodel", "evt": "event", "event": "event"}
SHORT = {"screen": "scn", "processor": "pcr", "command": "cmd", "readmodel": "rmo", "event": "evt"}
#: The three swimlane bands by entity kind, in drawing order.
BANDS = {"screen": 0, "processor": 0, "command": 1, "readmodel": 1, "event": 2}
BAND_NAMES = ("UI/Automation", "Command/Read Model", "Events")
BAND_PREFIXES = ("UI/A: ", "C/RM: ", "Stream: ")
_FRAME = re.compile(r"(?P<kw>tf|timeframe|rf|resetframe)\s+(?P<num>\w+)\s+(?P<kind>[A-Za-z]+)\s+"
                    r"(?P<entity>[A-Za-z_][\w.]*)(?P<rest>.*)$", re.S)
_DATA = re.compile(r"data\s+(?P<name>[A-Za-z_]\w*)\s*(?:`(?P<type>\w+)`)?\s*\{(?P<body>.*)$", re.S)
_HINT = "a time frame looks like  tf 01 cmd AddItem  (kinds: scn, pcr, cmd, rmo, evt)"


@dataclass
class TimeFrame:
    number: str
    kind: str
    entity: str
    reset: bool = False
    sources: list[str] = field(default_factory=list)
    inline: str | None = None
    data_type: str | None = None
    data_ref: str | None = None
    line: int | None = None

    @property
    def namespace(self) -> str:
        return self.entity.split(".", 1)[0] if "." in self.entity else ""

    @property
    def name(self) -> str:
        return self.entity.split(".", 1)[1] if "." in self.entity else self.entity

    def lane(self) -> tuple[int, str]:
        return BANDS[self.kind], self.namespace


@dataclass
class DataBlock:
    name: str
    body: str
    data_type: str | None = None
    line: int | None = None


@dataclass
class EventModelSpec:
    title: str | None = None
    frames: list[TimeFrame] = field(default_factory=list)
    data: dict[str, DataBlock] = field(default_factory=dict)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "eventmodeling"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = time frames, edges = relations (inferred or written)."""
        return len(self.frames), len(self.relations())

    def lanes(self) -> list[tuple[int, str]]:
        """Swimlanes in drawing order: by band, the plain lane first, then namespaces as they appear."""
        seen = {lane: n for n, lane in enumerate(dict.fromkeys(f.lane() for f in self.frames))}
        return sorted(seen, key=lambda lane: (lane[0], lane[1] != "", seen[lane]))

    def relations(self) -> list[tuple[int, int]]:
        """(from frame, to frame) pairs by index (the latest frame per lane is kept, so this is linear)."""
        index = {f.number: i for i, f in enumerate(self.frames)}
        latest: dict[tuple[int, str], int] = {}
        out: list[tuple[int, int]] = []
        for i, frame in enumerate(self.frames):
            lane = frame.lane()
            if frame.sources:
                out.extend((index[s], i) for s in frame.sources if s in index)
            elif i > 0 and not frame.reset:
                earlier = max((j for other, j in latest.items() if other != lane), default=None)
                if earlier is not None:
                    out.append((earlier, i))
            latest[lane] = i
        return out


def _frame(where: Where, match: re.Match[str]) -> TimeFrame:
    kind = KINDS.get(match.group("kind").lower())
    if kind is None:
        raise where.fail(f"unknown entity type '{match.group('kind')}'", match.start("kind"),
                         "the types are scn, pcr, cmd, rmo, evt (or screen, processor, command, readmodel, event)")
    frame = TimeFrame(match.group("num"), kind, match.group("entity"), match.group("kw") in ("rf", "resetframe"),
                      line=where.st.line.number)
    rest = match.group("rest")
    offset = match.start("rest")
    while True:
        source = re.match(r"\s*->>\s*(\w+)", rest)
        if not source:
            break
        frame.sources.append(source.group(1))
        offset += source.end()
        rest = rest[source.end():]
    tail = rest.strip()
    ref = re.fullmatch(r"\[\[\s*([A-Za-z_]\w*)\s*\]\]", tail)
    inline = re.fullmatch(r"(?:`(\w+)`)?\s*\{(.*)\}", tail, re.S)
    if ref:
        frame.data_ref = ref.group(1)
    elif inline:
        frame.data_type, frame.inline = inline.group(1), inline.group(2).strip()
    elif tail:
        raise where.fail(f"unexpected text '{tail[:30]}'", offset + len(rest) - len(rest.lstrip()),
                         "after the entity come  ->> 02  sources, inline data { ... } or a [[DataBlock]] reference")
    return frame


def _data_block(statements: list[Statement], i: int, where: Where, spec: EventModelSpec) -> int:
    match = _DATA.match(where.st.text)
    if not match:
        raise where.fail("a data block looks like  data Name { ... }", 0, "write  data AddItem01 {")
    body = match.group("body")
    depth = 1 + body.count("{") - body.count("}")
    parts = [body]
    j = i + 1
    while depth > 0:
        if j >= len(statements):
            raise where.fail(f"data block {match.group('name')} is not closed with }}", 0, "add a line with  }")
        text = statements[j].line.text.rstrip()
        depth += text.count("{") - text.count("}")
        parts.append(text)
        j += 1
    raw = "\n".join(parts)
    raw = raw[:raw.rfind("}")]
    lines = [ln for ln in raw.split("\n")]
    spec.data[match.group("name")] = DataBlock(match.group("name"), _dedent(lines), match.group("type"),
                                               where.st.line.number)
    return j


def _dedent(lines: list[str]) -> str:
    kept = [ln for ln in lines if ln.strip()]
    margin = min((len(ln) - len(ln.lstrip()) for ln in kept), default=0)
    return "\n".join(ln[margin:].rstrip() for ln in kept)


def parse(prepared: Prepared) -> EventModelSpec:
    """Parse a prepared event model; unknown kinds, repeated frame numbers and dangling references are
    located errors."""
    spec = EventModelSpec(title=prepared.title)
    statements = split_statements(prepared.lines, semicolons=False)
    i = 0
    numbers: dict[str, int] = {}
    while i < len(statements):
        st = statements[i]
        where = Where(prepared, st)
        if st.text.startswith("data") and st.text[4:5].isspace():
            i = _data_block(statements, i, where, spec)
            continue
        match = _FRAME.match(st.text)
        if not match:
            raise where.fail(f"cannot understand '{st.text[:60]}'", 0, _HINT)
        frame = _frame(where, match)
        if frame.number in numbers:
            raise where.fail(f"time frame {frame.number} is already used on line {numbers[frame.number]}",
                             match.start("num"), "each time frame needs its own number")
        numbers[frame.number] = st.line.number
        spec.frames.append(frame)
        i += 1
    lines = {s.line.number: s.line for s in statements}
    for frame in spec.frames:
        line = lines[frame.line or 0]
        for source in frame.sources:
            if source not in numbers:
                raise error(line, f"time frame {frame.number} refers to frame {source}, which does not exist",
                            column=line.text.find(source) + 1, hint="refer to the number of another time frame",
                            source=prepared.source)
        if frame.data_ref and frame.data_ref not in spec.data:
            raise error(line, f"data block {frame.data_ref} is not defined", column=line.text.find(frame.data_ref) + 1,
                        hint=f"add  data {frame.data_ref} {{ ... }}", source=prepared.source)
    if not spec.frames:
        raise error(prepared.header, "the event model has no time frames", column=1, hint=_HINT,
                    source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
