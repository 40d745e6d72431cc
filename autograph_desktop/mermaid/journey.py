"""Mermaid `journey` (user journey) -> `JourneySpec`: title, sections and scored tasks with their actors.

`counts()`: nodes = tasks, edges = 0 (Mermaid draws tasks in sequence but models no links between them).
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

MIN_SCORE = 1
MAX_SCORE = 5


@dataclass
class JourneyTask:
    """`Task name: score: actor1, actor2`; `section` indexes `JourneySpec.sections` (None before any)."""

    name: str
    score: int
    actors: list[str]
    section: int | None
    line: int | None = None


@dataclass
class JourneySection:
    name: str
    line: int | None = None


@dataclass
class JourneySpec:
    """A parsed user journey."""

    title: str | None = None
    sections: list[JourneySection] = field(default_factory=list)
    tasks: list[JourneyTask] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "journey"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = tasks, edges = 0."""
        return len(self.tasks), 0

    def actors(self) -> list[str]:
        """Every actor, in order of first appearance (Mermaid's legend order)."""
        return list(dict.fromkeys(a for t in self.tasks for a in t.actors))


def parse(prepared: Prepared) -> JourneySpec:
    """Parse a prepared `journey`; scores outside 1..5 and tasks without a score are errors."""
    spec = JourneySpec(title=prepared.title)
    statements = split_statements(prepared.lines)
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
                            hint="write  section Go to work", source=prepared.source)
            spec.sections.append(JourneySection(name, st.line.number))
            continue
        name, colon, data = text.partition(":")
        if not colon:
            raise error(st.line, f"cannot understand '{text[:60]}'", column=st.column,
                        hint="a task looks like  Make tea: 5: Me, Cat", source=prepared.source)
        if not name.strip():
            raise error(st.line, "the task has no name", column=st.column,
                        hint="a task looks like  Make tea: 5: Me, Cat", source=prepared.source)
        score_text, _, actors_text = data.partition(":")
        score_col = st.column + len(name) + 1 + len(score_text) - len(score_text.lstrip())
        raw = score_text.strip()
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise error(st.line, f"the score '{raw}' is not a whole number" if raw else "the task has no score",
                        column=score_col, hint=f"scores are whole numbers from {MIN_SCORE} to {MAX_SCORE}, "
                        "e.g.  Make tea: 5: Me", source=prepared.source)
        score = int(raw) if len(raw) < 12 else MAX_SCORE + 1
        if not MIN_SCORE <= score <= MAX_SCORE:
            raise error(st.line, f"the score {raw} is outside {MIN_SCORE}..{MAX_SCORE}", column=score_col,
                        hint=f"use a score from {MIN_SCORE} (unhappy) to {MAX_SCORE} (happy)",
                        source=prepared.source)
        actors = [clean_label(a) for a in actors_text.split(",") if a.strip()]
        section = len(spec.sections) - 1 if spec.sections else None
        spec.tasks.append(JourneyTask(clean_label(name), score, actors, section, st.line.number))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
