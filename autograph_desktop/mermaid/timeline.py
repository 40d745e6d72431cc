"""Mermaid `timeline` -> `TimelineSpec`: title, direction, sections, time periods and their events.

A period line is `{period} : {event} : {event}`; a line starting with `:` continues the previous period.
As in current Mermaid, a colon separates only when followed by a space (or the end of the line), so
`2021-10-12 14:00` stays one period.

`counts()`: nodes = time periods + events (each is a box Mermaid draws), edges = 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import (
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import Problem

_SEPARATOR = re.compile(r":(?=\s|$)")


@dataclass
class TimePeriod:
    """One period; `section` indexes `TimelineSpec.sections` (None when no section was opened yet)."""

    label: str
    events: list[str] = field(default_factory=list)
    section: int | None = None
    line: int | None = None


@dataclass
class TimelineSection:
    name: str
    line: int | None = None


@dataclass
class TimelineSpec:
    """A parsed timeline; `direction` is LR (default) or TD."""

    title: str | None = None
    direction: str = "LR"
    sections: list[TimelineSection] = field(default_factory=list)
    periods: list[TimePeriod] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "timeline"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = time periods + events (every box drawn), edges = 0."""
        return len(self.periods) + sum(len(p.events) for p in self.periods), 0


def _direction(prepared: Prepared) -> str:
    rest = prepared.header_rest.strip()
    if not rest:
        return "LR"
    if rest.upper() in ("LR", "TD", "TB"):
        return "TD" if rest.upper() in ("TD", "TB") else "LR"
    raise error(prepared.header, f"unknown timeline direction '{rest}'", column=prepared.header.text.find(rest) + 1,
                hint="write  timeline  (left to right) or  timeline TD", source=prepared.source)


def parse(prepared: Prepared) -> TimelineSpec:
    """Parse a prepared `timeline`; a continuation line before any period is an error."""
    spec = TimelineSpec(title=prepared.title, direction=_direction(prepared))
    statements = split_statements(prepared.lines, semicolons=False)
    for st in body_statements(statements, spec):
        text = st.text
        lowered = text.lower()
        if lowered.startswith("title") and (len(text) == 5 or text[5].isspace()):
            spec.title = parse_title(text)
            continue
        if lowered.startswith("section") and (len(text) == 7 or text[7].isspace()):
            name = clean_label(text[7:])
            if not name:
                raise error(st.line, "the section has no name", column=st.column,
                            hint="write  section 21st century", source=prepared.source)
            spec.sections.append(TimelineSection(name, st.line.number))
            continue
        parts = _SEPARATOR.split(text)
        head = parts[0].strip()
        events = [clean_label(p) for p in parts[1:] if p.strip()]
        if not head:
            if not spec.periods:
                raise error(st.line, "an event line comes before any time period", column=st.column,
                            hint="start with a period, e.g.  2004 : Facebook", source=prepared.source)
            spec.periods[-1].events.extend(events)
            continue
        section = len(spec.sections) - 1 if spec.sections else None
        spec.periods.append(TimePeriod(clean_label(head), events, section, st.line.number))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
